#include "tools/ctl_support.hpp"

#include <cstdio>
#include <stdexcept>
#include <variant>

#include <simdjson.h>

#include "tools/json_text.hpp"

namespace jifen::tools {

std::unique_ptr<replay::Ledger> open_ledger(const std::filesystem::path& data_dir, OpenMode mode,
                                            const replay::Clock& clock) {
  replay::LedgerOptions options;
  options.data_dir = data_dir;
  options.clock = clock;
  options.create = mode == OpenMode::create;
  options.read_only = mode == OpenMode::read_only;
  try {
    return replay::Ledger::open(options);
  } catch (const std::exception& error) {
    throw std::runtime_error("cannot open the ledger in " + data_dir.string() + ": " + error.what());
  }
}

std::string event_json(std::string_view event_id, std::string_view type, const std::optional<std::string>& enterprise,
                       const domain::Date& occurred_on, std::string_view data_json) {
  JsonObject event;
  event.text("event_id", event_id).text("type", type);
  if (enterprise) event.text("enterprise", *enterprise);
  event.date("occurred_on", occurred_on).raw("data", data_json);
  return event.str();
}

domain::Event decode_own_event(domain::EventDecoder& decoder, const std::string& json) {
  domain::DecodeResult result = decoder.decode(json);
  if (auto* event = std::get_if<domain::Event>(&result)) return std::move(*event);
  const auto& error = std::get<domain::DecodeError>(result);
  std::string message = "bug: an event jifenctl built does not decode: " + error.detail;
  for (const domain::FieldError& field : error.errors) message += "; " + field.field + " " + field.message;
  throw std::logic_error(message + "\n  event: " + json);
}

std::string describe(const replay::SubmitResult& result) {
  std::string text(replay::to_string(result.outcome));
  if (result.index) text += " (event " + std::to_string(*result.index) + " of the submission)";
  if (!result.detail.empty()) text += ": " + result.detail;
  for (const domain::FieldError& field : result.errors) text += "; " + field.field + " " + field.message;
  return text;
}

std::vector<SeedEntry> load_seed_entries(const std::filesystem::path& file) {
  simdjson::dom::parser parser;
  simdjson::padded_string text;
  if (simdjson::padded_string::load(file.string()).get(text) != simdjson::SUCCESS) {
    throw std::runtime_error("cannot read " + file.string());
  }
  simdjson::dom::array items;
  if (parser.parse(text).get_array().get(items) != simdjson::SUCCESS) {
    throw std::runtime_error(file.string() + " is not a JSON array");
  }
  std::vector<SeedEntry> entries;
  for (const simdjson::dom::element item : items) {
    SeedEntry entry;
    std::string_view id;
    if (item["id"].get_string().get(id) != simdjson::SUCCESS) {
      throw std::runtime_error(file.string() + ": entry " + std::to_string(entries.size()) + " has no string \"id\"");
    }
    entry.id = std::string(id);
    std::string_view level;
    if (item["level"].get_string().get(level) == simdjson::SUCCESS) entry.level = std::string(level);
    entry.data_json = simdjson::minify(item);
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::string events_per_second(std::uint64_t events, double seconds) {
  char text[64];
  std::snprintf(text, sizeof text, "%.0f events/s", seconds > 0 ? static_cast<double>(events) / seconds : 0.0);
  return text;
}

}  // namespace jifen::tools
