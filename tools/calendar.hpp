// Calendar arithmetic on domain::Date for the tools: days between dates, adding days, today's UTC date.
//
// Pure functions; safe from any thread. The clock is passed in (microseconds since the Unix epoch).
#pragma once

#include <cstdint>

#include "domain/types.hpp"

namespace jifen::tools {

// Days since 1970-01-01 and back.
std::int64_t days_since_epoch(const domain::Date& date);
domain::Date date_from_days(std::int64_t days);

domain::Date add_days(const domain::Date& date, std::int64_t days);
domain::Date first_day_of(std::int32_t year);
domain::Date last_day_of(std::int32_t year);
std::int64_t days_in_year(std::int32_t year);

// The UTC calendar date of an instant given in microseconds since the Unix epoch.
domain::Date utc_date_of(std::int64_t unix_us);

}  // namespace jifen::tools
