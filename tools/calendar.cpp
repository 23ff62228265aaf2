#include "tools/calendar.hpp"

#include <cassert>
#include <chrono>

namespace jifen::tools {
namespace {

constexpr std::int64_t kMicrosecondsPerDay = 86'400'000'000;

std::chrono::year_month_day to_chrono(const domain::Date& date) {
  return std::chrono::year_month_day{std::chrono::year{date.year},
                                     std::chrono::month{static_cast<unsigned>(date.month)},
                                     std::chrono::day{static_cast<unsigned>(date.day)}};
}

}  // namespace

std::int64_t days_since_epoch(const domain::Date& date) {
  const std::chrono::year_month_day calendar_date = to_chrono(date);
  assert(calendar_date.ok());
  return std::chrono::sys_days{calendar_date}.time_since_epoch().count();
}

domain::Date date_from_days(std::int64_t days) {
  const std::chrono::sys_days instant{std::chrono::days{days}};
  const std::chrono::year_month_day calendar_date{instant};
  return domain::Date{static_cast<std::int32_t>(calendar_date.year()),
                      static_cast<std::int32_t>(static_cast<unsigned>(calendar_date.month())),
                      static_cast<std::int32_t>(static_cast<unsigned>(calendar_date.day()))};
}

domain::Date add_days(const domain::Date& date, std::int64_t days) {
  return date_from_days(days_since_epoch(date) + days);
}

domain::Date first_day_of(std::int32_t year) { return domain::Date{year, 1, 1}; }

domain::Date last_day_of(std::int32_t year) { return domain::Date{year, 12, 31}; }

std::int64_t days_in_year(std::int32_t year) {
  return days_since_epoch(first_day_of(year + 1)) - days_since_epoch(first_day_of(year));
}

domain::Date utc_date_of(std::int64_t unix_us) {
  std::int64_t days = unix_us / kMicrosecondsPerDay;
  if (unix_us % kMicrosecondsPerDay < 0) --days;  // floor for instants before 1970
  return date_from_days(days);
}

}  // namespace jifen::tools
