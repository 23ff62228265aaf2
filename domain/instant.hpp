// RFC 3339 instants as clients write them in `as_of_time`: "2021-12-31T08:00:00Z", with or without a fraction
// (up to 9 digits; beyond microseconds truncated) and with "Z" or a numeric offset ("+08:00"). Stored
// recorded_at values use the strict form of leaf.hpp.
//
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace jifen::domain {

// Microseconds since the Unix epoch; nullopt unless `text` is an RFC 3339 date-time (years 1900..9999).
std::optional<std::int64_t> parse_instant_us(std::string_view text);

}  // namespace jifen::domain
