// The JSON of the leaderboard and of the zone and chain rankings, in DESIGN.md's shapes:
//
// rankings: {"year", "tree_size", "model": {...}, "stage": null|"growth", "total": N,
//            "entries": [{"rank", "enterprise", "name", "stage", "total_milli", "tier", "zone"}]}
// zones:    {"year", "tree_size", "model": {...}, "entries": [{"rank", "zone", "name", "index_milli",
//            "categories": {"knowledge": …}, "last_rank", "movement", "members",
//            "indicators": [{"id", "value", "normalized_ppm", "points_milli"}]}]}
// (chains: the same with "chain" in place of "zone").
//
// Without a stage, `rank` is the city rank (every stage, by total); with one, the rank within that stage.
// Filters by zone or chain keep those ranks. Excluded enterprises are never listed. `total` counts the
// entries that match before `limit` cuts the list.
//
// Pure functions over values; safe from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "domain/score_board.hpp"

namespace jifen::domain {

struct RankingFilter {
  std::optional<Stage> stage;
  std::optional<std::string> zone;
  std::optional<std::string> chain;
  std::size_t limit = 100;
};

// REQUIRES: board.model is set.
std::string render_enterprise_ranking_json(const YearBoard& board, const RankingFilter& filter);
// REQUIRES: board.model is set; `ranking` was made from `board`.
std::string render_area_ranking_json(const YearBoard& board, const AreaRanking& ranking, AreaKind kind);

}  // namespace jifen::domain
