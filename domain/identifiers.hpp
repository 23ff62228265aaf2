// Identifiers from the public standards: the USCC (GB 32100-2015) and the Chinese patent application
// number with its check digit. See DOMAIN.md "Identifiers".
//
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jifen::domain {

// The check character a USCC's first 17 characters call for; nullopt when any of them is outside the
// 31-character set.
std::optional<char> uscc_check_character(std::string_view first17);

// nullopt when `text` is a valid USCC; otherwise a message saying what is wrong (length, a character
// outside the set and where, or the wrong check character and the expected one).
std::optional<std::string> uscc_error(std::string_view text);
inline bool uscc_valid(std::string_view text) { return !uscc_error(text).has_value(); }

enum class PatentType : std::uint8_t { invention, utility, design, pct_invention, pct_utility };

struct PatentNumber {
  std::int32_t year = 0;
  PatentType type = PatentType::invention;
  std::uint32_t serial = 0;
  char check = '0';  // '0'..'9' or 'X'

  // The canonical spelling, always with the "CN" prefix: "CN201080063196.9".
  std::string canonical() const;
  // invention for types 1 and 8, utility for 2 and 9, design for 3.
  bool is_pct() const;

  bool operator==(const PatentNumber&) const = default;
};

// The check digit the 12 digits call for ('0'..'9' or 'X').
char patent_check_digit(std::string_view twelve_digits);

struct PatentParse {
  std::optional<PatentNumber> number;
  std::string error;  // set iff number is empty
};
// Parses "CN" (optional) + 4-digit year + type digit (1,2,3,8,9) + 7-digit serial + "." + check.
PatentParse parse_patent_number(std::string_view text);

}  // namespace jifen::domain
