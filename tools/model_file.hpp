// A scoring model file (seeds/models/*.json): the `data` of a scoring_model.published event —
// {"version", "years": [from, to], "model": {...}} — read, checked and turned into the event jifenctl
// appends (init for the seed models, `model publish` for new versions).
//
// Checks made here, before the ledger is touched: the file is JSON and decodes as that event's data, and
// the model parses (domain/scoring_model.hpp: known indicators and groups, points that add up to 100, bands
// in order, ...). What needs the log — a version already published, a year range overlapping a published
// model — the ledger checks when it appends (replay/projection.cpp).
//
// Free functions; the EventDecoder passed in belongs to the calling thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "domain/codec.hpp"

namespace jifen::tools {

struct ModelFile {
  std::optional<domain::Event> event;  // the scoring_model.published event, when the file is valid
  std::vector<std::string> problems;   // otherwise: one line each, "data.model.groups: ..." style
};

// The event's id is "model:<version>" and its date the first day of the first year the model covers, so
// that the same file published twice is one event (idempotent); `today` dates a file without valid years.
ModelFile load_model_file(const std::filesystem::path& file, const domain::Date& today, domain::EventDecoder& decoder);

// Every *.json in `models_dir`, in name order (the seed models init publishes).
std::vector<std::filesystem::path> model_files(const std::filesystem::path& models_dir);

}  // namespace jifen::tools
