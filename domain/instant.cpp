#include "domain/instant.hpp"

#include <chrono>

#include "domain/types.hpp"

namespace jifen::domain {
namespace {

constexpr std::int64_t kMicrosecondsPerSecond = 1'000'000;

std::optional<std::int64_t> digits(std::string_view text, std::size_t offset, std::size_t count) {
  if (offset + count > text.size()) return std::nullopt;
  std::int64_t value = 0;
  for (std::size_t i = offset; i < offset + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// The offset from UTC in seconds of "Z", "+hh:mm" or "-hh:mm" at the end of `text`; nullopt otherwise.
std::optional<std::int64_t> offset_seconds(std::string_view zone) {
  if (zone == "Z" || zone == "z") return 0;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') return std::nullopt;
  const auto hours = digits(zone, 1, 2);
  const auto minutes = digits(zone, 4, 2);
  if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  const std::int64_t seconds = *hours * 3600 + *minutes * 60;
  return zone[0] == '+' ? seconds : -seconds;
}

}  // namespace

std::optional<std::int64_t> parse_instant_us(std::string_view text) {
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') return std::nullopt;
  const std::optional<Date> date = Date::parse(text.substr(0, 10));
  const auto hours = digits(text, 11, 2);
  const auto minutes = digits(text, 14, 2);
  const auto seconds = digits(text, 17, 2);
  if (!date || !hours || !minutes || !seconds || *hours > 23 || *minutes > 59 || *seconds > 59) return std::nullopt;
  std::size_t at = 19;
  std::int64_t micros = 0;
  if (text[at] == '.') {
    std::size_t count = 0;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++count) {
      if (count < 6) micros = micros * 10 + (text[at] - '0');
    }
    if (count == 0 || count > 9) return std::nullopt;
    for (std::size_t pad = count; pad < 6; ++pad) micros *= 10;
  }
  const std::optional<std::int64_t> offset = offset_seconds(text.substr(at));
  if (!offset) return std::nullopt;
  const std::chrono::sys_days day{std::chrono::year{date->year} / date->month / date->day};
  const std::int64_t local = (static_cast<std::int64_t>(day.time_since_epoch().count()) * 86400 + *hours * 3600 +
                              *minutes * 60 + *seconds - *offset) * kMicrosecondsPerSecond;
  return local + micros;
}

}  // namespace jifen::domain
