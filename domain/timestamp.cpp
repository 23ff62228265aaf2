// recorded_at timestamps: "YYYY-MM-DDTHH:MM:SS.ffffffZ", UTC, always six fractional digits. See leaf.hpp.
// Civil date arithmetic is std::chrono's (proleptic Gregorian); no locale, no time zone database.
#include <cassert>
#include <chrono>

#include "domain/leaf.hpp"

namespace jifen::domain {
namespace {

constexpr std::int64_t kMicrosecondsPerSecond = 1'000'000;
constexpr std::int64_t kSecondsPerDay = 86'400;
constexpr std::int64_t kMicrosecondsPerDay = kMicrosecondsPerSecond * kSecondsPerDay;
constexpr std::size_t kTimestampLength = 27;  // "2021-12-31T08:00:00.000001Z"

void append_padded(std::string& out, std::int64_t value, int width) {
  assert(value >= 0);
  char digits[20];
  int length = 0;
  do {
    digits[length++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  for (int i = length; i < width; ++i) out.push_back('0');
  while (length > 0) out.push_back(digits[--length]);
}

// The value of the digits text[offset, offset + count); nullopt unless all are ASCII digits.
std::optional<std::int64_t> digits_at(std::string_view text, std::size_t offset, std::size_t count) {
  std::int64_t value = 0;
  for (std::size_t i = offset; i < offset + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::string format_timestamp_us(std::int64_t unix_us) {
  // Floor division, so that instants before 1970 still render their own day and time.
  std::int64_t days = unix_us / kMicrosecondsPerDay;
  std::int64_t of_day = unix_us % kMicrosecondsPerDay;
  if (of_day < 0) {
    of_day += kMicrosecondsPerDay;
    days -= 1;
  }
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
  const std::int64_t seconds = of_day / kMicrosecondsPerSecond;
  assert(static_cast<int>(date.year()) >= 0 && static_cast<int>(date.year()) <= 9999);
  std::string out;
  out.reserve(kTimestampLength);
  append_padded(out, static_cast<int>(date.year()), 4);
  out.push_back('-');
  append_padded(out, static_cast<unsigned>(date.month()), 2);
  out.push_back('-');
  append_padded(out, static_cast<unsigned>(date.day()), 2);
  out.push_back('T');
  append_padded(out, seconds / 3600, 2);
  out.push_back(':');
  append_padded(out, seconds / 60 % 60, 2);
  out.push_back(':');
  append_padded(out, seconds % 60, 2);
  out.push_back('.');
  append_padded(out, of_day % kMicrosecondsPerSecond, 6);
  out.push_back('Z');
  assert(out.size() == kTimestampLength);
  return out;
}

std::optional<std::int64_t> parse_timestamp_us(std::string_view rfc3339) {
  if (rfc3339.size() != kTimestampLength) return std::nullopt;
  if (rfc3339[10] != 'T' || rfc3339[13] != ':' || rfc3339[16] != ':' || rfc3339[19] != '.' ||
      rfc3339[26] != 'Z') {
    return std::nullopt;
  }
  const auto date = Date::parse(rfc3339.substr(0, 10));
  const auto hours = digits_at(rfc3339, 11, 2);
  const auto minutes = digits_at(rfc3339, 14, 2);
  const auto seconds = digits_at(rfc3339, 17, 2);
  const auto micros = digits_at(rfc3339, 20, 6);
  if (!date || !hours || !minutes || !seconds || !micros) return std::nullopt;
  if (*hours > 23 || *minutes > 59 || *seconds > 59) return std::nullopt;
  const std::chrono::sys_days day{std::chrono::year{date->year} / date->month / date->day};
  const std::int64_t days = day.time_since_epoch().count();
  const std::int64_t of_day_seconds = *hours * 3600 + *minutes * 60 + *seconds;
  return days * kMicrosecondsPerDay + of_day_seconds * kMicrosecondsPerSecond + *micros;
}

}  // namespace jifen::domain
