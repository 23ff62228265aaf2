// Basic value types shared by every layer: digests, dates, money, identifiers.
//
// Pure values, no I/O. Safe to use from any thread.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jifen::domain {

// A SHA-256 digest.
using Digest = std::array<std::uint8_t, 32>;

// Lowercase hex and standard padded base64 renderings of a digest (or any bytes).
std::string to_hex(std::string_view bytes);
std::string to_hex(const Digest& digest);
std::string to_base64(std::string_view bytes);
// Appends the base64 of `bytes` to `out`: no temporary string (receipts render dozens of digests each).
void append_base64(std::string& out, std::string_view bytes);
void append_base64(std::string& out, const Digest& digest);
std::string to_base64(const Digest& digest);
std::optional<std::string> from_base64(std::string_view text);  // strict: padded, no whitespace
std::optional<Digest> digest_from_hex(std::string_view hex);      // 64 lowercase hex chars

// Money in integer fen (分). Never negative in events; arithmetic stays integral.
struct Fen {
  std::int64_t value = 0;
  auto operator<=>(const Fen&) const = default;
};

// A proleptic Gregorian calendar date, as written "YYYY-MM-DD" in events.
struct Date {
  std::int32_t year = 0;
  std::int32_t month = 0;
  std::int32_t day = 0;
  auto operator<=>(const Date&) const = default;

  // Strict parse of "YYYY-MM-DD" (years 1900..9999, real calendar days).
  static std::optional<Date> parse(std::string_view text);
  std::string to_string() const;
};

}  // namespace jifen::domain
