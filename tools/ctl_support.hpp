// What the jifenctl subcommands share: opening the ledger, making events from JSON text through the same
// decoder as posted events, and describing outcomes for a person.
//
// Free functions; an EventDecoder passed in belongs to the calling thread.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/codec.hpp"
#include "replay/ledger.hpp"

namespace jifen::tools {

enum class OpenMode : std::uint8_t { create, read_write, read_only };

// Throws std::runtime_error naming the directory and the cause.
std::unique_ptr<replay::Ledger> open_ledger(const std::filesystem::path& data_dir, OpenMode mode,
                                            const replay::Clock& clock);

// The JSON text of an event as a client posts it.
std::string event_json(std::string_view event_id, std::string_view type, const std::optional<std::string>& enterprise,
                       const domain::Date& occurred_on, std::string_view data_json);

// Decodes an event the tools built themselves. A decode failure is a bug in the tool (or in its seed
// files): throws std::logic_error with the decoder's message and the offending JSON.
domain::Event decode_own_event(domain::EventDecoder& decoder, const std::string& json);

// "invalid: enterprise 9132... is not registered (data.zone: ...)" for a refused submission.
std::string describe(const replay::SubmitResult& result);

// One object per element of a JSON array file (seeds/zones.json, seeds/chains.json): its "id", its
// "level" when present, and its JSON text. Throws std::runtime_error naming the file.
struct SeedEntry {
  std::string id;
  std::optional<std::string> level;
  std::string data_json;
};
std::vector<SeedEntry> load_seed_entries(const std::filesystem::path& file);

// "12345 events/s"
std::string events_per_second(std::uint64_t events, double seconds);

}  // namespace jifen::tools
