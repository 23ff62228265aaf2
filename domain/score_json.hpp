// The JSON of a score and of a policy list, in DESIGN.md's shapes ("Derived reads"), shared by jifend and
// the offline auditor so that both print the same bytes for the same numbers.
//
// score:    {"enterprise", "year", "tree_size", "model": {"version", "sha256" (base64)}, "stage", "total_milli",
//            "rank", "peers", "tier", "excluded", "exclusion_reason", "bonus_milli", "penalty_milli",
//            "indicators": [{"id", "group", "raw", "normalized_ppm", "points_milli", "seqs"}], and beyond the
//            contract: "indicators_milli", "city_rank", "bonus": [{"id", "points_milli", "seqs"}],
//            "penalties": [...], "exclusion_seqs"}
// policies: {"enterprise", "year", "tree_size", "model": {...},
//            "items": [{"id", "eligible", "points", "reasons", "figures": {name: value}}]}
// Absent values are null. Keys in the order shown; no whitespace.
//
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/score.hpp"
#include "domain/scoring_model.hpp"

namespace jifen::domain {

std::string render_score_json(const EnterpriseScore& score, std::int32_t year, std::uint64_t tree_size,
                              const PublishedModel& model);
std::string render_policies_json(std::string_view enterprise, std::int32_t year, std::uint64_t tree_size,
                                 const PublishedModel& model, const std::vector<PolicyItem>& items);

// Pieces for other renderers of derived reads.
void append_model_ref_json(std::string& out, const PublishedModel& model);  // {"version":…,"sha256":…}
void append_optional_integer(std::string& out, const std::optional<std::int64_t>& value);
void append_optional_string(std::string& out, const std::optional<std::string>& value);

}  // namespace jifen::domain
