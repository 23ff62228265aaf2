// Hex and base64 renderings, and the calendar date of events. See types.hpp.
#include "domain/types.hpp"

#include <cassert>

namespace jifen::domain {
namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";
constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::int32_t kDateYearMin = 1900;
constexpr std::int32_t kDateYearMax = 9999;

// The 6-bit value of a base64 character, or -1 for anything outside the standard alphabet.
int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool is_leap_year(std::int32_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

std::int32_t days_in_month(std::int32_t year, std::int32_t month) {
  constexpr std::int32_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  assert(month >= 1 && month <= 12);
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

// The value of `count` ASCII digits at text[offset...]; nullopt when any is not a digit.
std::optional<std::int32_t> digits_value(std::string_view text, std::size_t offset, std::size_t count) {
  std::int32_t value = 0;
  for (std::size_t i = offset; i < offset + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

void append_digits(std::string& out, std::int32_t value, std::size_t width) {
  assert(value >= 0);
  char buffer[10];
  std::size_t length = 0;
  do {
    buffer[length++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0 && length < sizeof buffer);
  for (std::size_t i = length; i < width; ++i) out.push_back('0');
  while (length > 0) out.push_back(buffer[--length]);
}

}  // namespace

std::string to_hex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(kHexDigits[byte >> 4]);
    out.push_back(kHexDigits[byte & 0x0f]);
  }
  return out;
}

std::string to_hex(const Digest& digest) {
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string to_base64(std::string_view bytes) {
  std::string out;
  append_base64(out, bytes);
  return out;
}

void append_base64(std::string& out, std::string_view bytes) {
  const std::size_t start = out.size();
  const std::size_t encoded_bytes = (bytes.size() + 2) / 3 * 4;
  out.resize(start + encoded_bytes);  // one size change, then plain stores: no capacity check per character
  char* next = out.data() + start;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                                static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                                static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    *next++ = kBase64Alphabet[(group >> 18) & 63];
    *next++ = kBase64Alphabet[(group >> 12) & 63];
    *next++ = kBase64Alphabet[(group >> 6) & 63];
    *next++ = kBase64Alphabet[group & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) group |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    *next++ = kBase64Alphabet[(group >> 18) & 63];
    *next++ = kBase64Alphabet[(group >> 12) & 63];
    *next++ = rest == 2 ? kBase64Alphabet[(group >> 6) & 63] : '=';
    *next++ = '=';
  }
  assert(next == out.data() + out.size());
}

std::string to_base64(const Digest& digest) {
  return to_base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

void append_base64(std::string& out, const Digest& digest) {
  append_base64(out, std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

// Strict: the length is a multiple of 4, padding only at the end, and the unused low bits of the last
// character are zero, so that every byte string has exactly one accepted spelling.
std::optional<std::string> from_base64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = (text[text.size() - 2] == '=') ? 2 : 1;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const std::size_t present = last ? 4 - padding : 4;
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      int value = 0;
      if (j < present) {
        value = base64_value(text[i + j]);
        if (value < 0) return std::nullopt;
      }
      group = group << 6 | static_cast<std::uint32_t>(value);
    }
    out.push_back(static_cast<char>((group >> 16) & 0xff));
    if (present >= 3) out.push_back(static_cast<char>((group >> 8) & 0xff));
    if (present == 4) out.push_back(static_cast<char>(group & 0xff));
    if (present == 3 && (group & 0xff) != 0) return std::nullopt;
    if (present == 2 && (group & 0xffff) != 0) return std::nullopt;
  }
  return out;
}

std::optional<Digest> digest_from_hex(std::string_view hex) {
  Digest digest{};
  if (hex.size() != digest.size() * 2) return std::nullopt;
  for (std::size_t i = 0; i < digest.size(); ++i) {
    const int high = hex_value(hex[2 * i]);
    const int low = hex_value(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    digest[i] = static_cast<std::uint8_t>(high << 4 | low);
  }
  return digest;
}

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto year = digits_value(text, 0, 4);
  const auto month = digits_value(text, 5, 2);
  const auto day = digits_value(text, 8, 2);
  if (!year || !month || !day) return std::nullopt;
  if (*year < kDateYearMin || *year > kDateYearMax) return std::nullopt;
  if (*month < 1 || *month > 12) return std::nullopt;
  if (*day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
  return Date{*year, *month, *day};
}

std::string Date::to_string() const {
  assert(year >= 0 && year <= kDateYearMax);
  assert(month >= 1 && month <= 12 && day >= 1 && day <= 31);
  std::string out;
  out.reserve(10);
  append_digits(out, year, 4);
  out.push_back('-');
  append_digits(out, month, 2);
  out.push_back('-');
  append_digits(out, day, 2);
  return out;
}

}  // namespace jifen::domain
