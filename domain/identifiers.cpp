// USCC (GB 32100-2015) and patent application number checks. See identifiers.hpp and DOMAIN.md.
#include "domain/identifiers.hpp"

#include <array>
#include <cassert>

namespace jifen::domain {
namespace {

constexpr std::string_view kUsccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::size_t kUsccLength = 18;
constexpr std::array<std::int32_t, 17> kUsccWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

constexpr std::array<std::int32_t, 12> kPatentWeights = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
constexpr std::int32_t kPatentYearMin = 1985;  // the Chinese patent law took effect in 1985

// The value (index in the charset) of a USCC character, or -1.
int uscc_value(char c) {
  const std::size_t position = kUsccCharset.find(c);
  return position == std::string_view::npos ? -1 : static_cast<int>(position);
}

// "'A' (position 5)" style rendering of one character for messages; control and non-ASCII bytes in hex.
std::string describe_character(char c, std::size_t position) {
  std::string out;
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x21 && byte <= 0x7e) {
    out = std::string("'") + c + "'";
  } else {
    constexpr std::string_view kHex = "0123456789ABCDEF";
    out = std::string("byte 0x") + kHex[byte >> 4] + kHex[byte & 0x0f];
  }
  return out + " at position " + std::to_string(position + 1);
}

bool all_digits(std::string_view text) {
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// REQUIRES: every character of `digits` is '0'..'9' and there are at most 9.
std::uint32_t digits_value(std::string_view digits) {
  assert(digits.size() <= 9 && all_digits(digits));
  std::uint32_t value = 0;
  for (const char c : digits) value = value * 10 + static_cast<std::uint32_t>(c - '0');
  return value;
}

std::optional<PatentType> patent_type_from_digit(char digit) {
  switch (digit) {
    case '1': return PatentType::invention;
    case '2': return PatentType::utility;
    case '3': return PatentType::design;
    case '8': return PatentType::pct_invention;
    case '9': return PatentType::pct_utility;
    default: return std::nullopt;
  }
}

char patent_type_digit(PatentType type) {
  switch (type) {
    case PatentType::invention: return '1';
    case PatentType::utility: return '2';
    case PatentType::design: return '3';
    case PatentType::pct_invention: return '8';
    case PatentType::pct_utility: return '9';
  }
  assert(false && "unknown PatentType");
  return '1';
}

PatentParse patent_failure(std::string message) { return PatentParse{std::nullopt, std::move(message)}; }

}  // namespace

std::optional<char> uscc_check_character(std::string_view first17) {
  assert(first17.size() == kUsccWeights.size());
  std::int32_t sum = 0;
  for (std::size_t i = 0; i < kUsccWeights.size(); ++i) {
    const int value = uscc_value(first17[i]);
    if (value < 0) return std::nullopt;
    sum += value * kUsccWeights[i];
  }
  const auto check = static_cast<std::size_t>((31 - sum % 31) % 31);
  return kUsccCharset[check];
}

std::optional<std::string> uscc_error(std::string_view text) {
  if (text.size() != kUsccLength) {
    return "a USCC has 18 characters, not " + std::to_string(text.size());
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (uscc_value(text[i]) >= 0) continue;
    const char c = text[i];
    std::string message = describe_character(c, i) + " is not a USCC character";
    if (c >= 'a' && c <= 'z') {
      message += " (USCCs are written in upper case)";
    } else {
      message += " (digits and upper-case letters except I, O, S, V and Z)";
    }
    return message;
  }
  const char expected = *uscc_check_character(text.substr(0, kUsccWeights.size()));
  if (text.back() != expected) {
    return std::string("wrong check character '") + text.back() + "': the first 17 characters call for '" +
           expected + "'";
  }
  return std::nullopt;
}

std::string PatentNumber::canonical() const {
  assert(year >= 0 && year <= 9999 && serial <= 9999999);
  std::string out = "CN";
  const std::string year_text = std::to_string(year);
  out.append(4 - year_text.size(), '0').append(year_text);
  out.push_back(patent_type_digit(type));
  const std::string serial_text = std::to_string(serial);
  out.append(7 - serial_text.size(), '0').append(serial_text);
  out.push_back('.');
  out.push_back(check);
  return out;
}

bool PatentNumber::is_pct() const { return type == PatentType::pct_invention || type == PatentType::pct_utility; }

char patent_check_digit(std::string_view twelve_digits) {
  assert(twelve_digits.size() == kPatentWeights.size() && all_digits(twelve_digits));
  std::int32_t sum = 0;
  for (std::size_t i = 0; i < kPatentWeights.size(); ++i) {
    sum += (twelve_digits[i] - '0') * kPatentWeights[i];
  }
  const std::int32_t check = sum % 11;
  return check == 10 ? 'X' : static_cast<char>('0' + check);
}

PatentParse parse_patent_number(std::string_view text) {
  constexpr std::size_t kBodyLength = 14;  // 12 digits, '.', check
  std::string_view body = text;
  if (body.size() == kBodyLength + 2 && body.substr(0, 2) == "CN") body.remove_prefix(2);
  if (body.size() != kBodyLength) {
    return patent_failure(
        "a patent application number is 'CN' (optional), 12 digits, '.' and a check digit, like "
        "CN201080063196.9; this one has " + std::to_string(text.size()) + " characters");
  }
  const std::string_view digits = body.substr(0, 12);
  if (!all_digits(digits)) {
    return patent_failure("the 12 characters before '.' must all be digits (4 year, 1 type, 7 serial)");
  }
  if (body[12] != '.') return patent_failure("a '.' must come before the check digit");
  const auto year = static_cast<std::int32_t>(digits_value(digits.substr(0, 4)));
  if (year < kPatentYearMin) {
    return patent_failure("the year " + std::to_string(year) + " is before " + std::to_string(kPatentYearMin));
  }
  const auto type = patent_type_from_digit(digits[4]);
  if (!type) {
    return patent_failure(std::string("the type digit '") + digits[4] +
                          "' is none of 1 (invention), 2 (utility model), 3 (design), 8 (PCT invention), "
                          "9 (PCT utility model)");
  }
  const char expected = patent_check_digit(digits);
  if (body[13] != expected) {
    return patent_failure(std::string("wrong check digit '") + body[13] + "': the 12 digits call for '" +
                          expected + "'");
  }
  const std::uint32_t serial = digits_value(digits.substr(5, 7));
  return PatentParse{PatentNumber{year, *type, serial, expected}, std::string()};
}

}  // namespace jifen::domain
