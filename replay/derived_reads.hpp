// The derived reads as the HTTP API answers them, minus HTTP: the JSON of a score, a policy list, the
// leaderboard and the zone and chain rankings of a year, or the reason there is none. jifend's handlers add
// authentication and query parsing; the scenario runner and the tools call these directly, so that every
// caller sees the same bytes.
//
// Each read describes the current state, or with a ReadPoint the state when the log held `as_of` records (or,
// with `as_of_time`, the largest tree size recorded at or before that instant); the answer names the tree
// size it used.
//
// Thread contract: safe from any thread (the ledger's readers and its ScoreCache are).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/ranking_json.hpp"
#include "replay/scoring.hpp"

namespace jifen::replay {

struct ReadPoint {
  std::optional<std::uint64_t> as_of;      // a tree size: REQUIRES at most the log's
  std::optional<std::string> as_of_time;  // RFC 3339; not with as_of
  // Answer only what is cached: the boards (ScoreCache::boards' cached_only) and the rendered answer
  // (ScoreCache::kept_answer). A read that would build or fold a board, or render, answers `uncached` instead,
  // for the caller to ask again where it may wait; that read keeps what it rendered.
  bool cached_only = false;
};

struct DerivedAnswer {
  std::optional<std::string> json;  // the answer, or
  std::optional<ScoreMiss> miss;    // why there is none, or
  bool uncached = false;            // with ReadPoint::cached_only: its boards or its answer are not cached
  std::string detail;               // with a miss: one sentence naming what is missing
};

DerivedAnswer score_json(const Ledger& ledger, std::string_view uscc, std::int32_t year, const ReadPoint& point = {});
DerivedAnswer policies_json(const Ledger& ledger, std::string_view uscc, std::int32_t year, const ReadPoint& point = {});
DerivedAnswer enterprise_ranking_json(const Ledger& ledger, std::int32_t year, const domain::RankingFilter& filter,
                                      const ReadPoint& point = {});
DerivedAnswer area_ranking_json(const Ledger& ledger, std::int32_t year, AreaKind kind, const ReadPoint& point = {});

std::string_view to_string(ScoreMiss miss);  // "no_model", "not_registered", "no_annual_report", "invalid_point"

}  // namespace jifen::replay
