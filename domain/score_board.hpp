// Everything scored for one evaluation year, as values: each enterprise's inputs and score (a YearBoard), and
// the zone and chain rankings built from two boards (this year's and last year's). Both the live projections
// (replay/scoring.hpp) and an in-memory fold of the log (domain/ledger_fold.hpp, for as_of and the offline
// auditor) fill a board's entries; the scoring from there on is this one code.
//
// Pure values and functions; safe from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/area_index.hpp"
#include "domain/score.hpp"
#include "domain/scoring_model.hpp"

namespace jifen::domain {

// What a board holds of one enterprise apart from how it ranks: who it is, what the log says about it for the
// year, and its raw indicator values under the board's model (the rest of its raw score is in its entry's
// score). Immutable, so that a board advanced from an earlier one of the same year and model
// (replay/scoring.hpp) shares those of the enterprises no record in between names.
struct BoardFacts {
  std::string enterprise;  // the USCC
  std::string name;
  std::string zone;
  std::vector<std::string> chains;
  // Null when the board reads them again from where it was built (YearBoard::inputs_of): a board of a fold
  // keeps none (at 255,000 enterprises the inputs were 40 % of a board's memory).
  std::shared_ptr<const ScoreInputs> inputs;
  AreaMember area;        // what the enterprise adds to its zone's and chains' figures
  RawValues raw_values;   // raw_score(model, inputs)'s indicator values
};
enum class KeepInputs : std::uint8_t { yes, no };

struct BoardEntry {
  std::shared_ptr<const BoardFacts> facts;
  // Everything but the indicators (an empty list: score_with_seqs gives them, with their seqs, from the
  // inputs and the board's normalized_ppm).
  EnterpriseScore score;
};
// The entry of an enterprise with these `inputs` under `model`: its facts, and its score's parts that the raw
// score gives (set_raw_parts); score_board sets the rest. Built on the threads that read a large board's
// enterprises. REQUIRES: inputs.year is the year `model` scores.
BoardEntry board_entry(const ScoringModel& model, std::string name, std::string zone, std::vector<std::string> chains,
                       const ScoreInputs& inputs, KeepInputs keep = KeepInputs::yes);

struct YearBoard {
  std::int32_t year = 0;
  std::uint64_t tree_size = 0;
  std::shared_ptr<const PublishedModel> model;  // null: no published model covers the year
  std::vector<BoardEntry> entries;              // by USCC ascending
  std::vector<std::string> unreported;          // registered, but no annual report for FY year-1: by USCC
  std::vector<std::size_t> city_order;          // indices of the ranked (not excluded) entries, by city rank
  std::vector<std::int32_t> normalized_ppm;     // entry i's indicator k (model order) at i × indicators + k
  std::map<std::string, std::string, std::less<>> zone_names;   // every defined zone, by id
  std::map<std::string, std::string, std::less<>> chain_names;  // every defined chain, by id
  // An entry's inputs when its facts keep none (a board of a fold reads them again from the fold, which it
  // shares). Safe from any thread.
  std::function<ScoreInputs(const BoardFacts&)> inputs_source;

  const BoardEntry* find(std::string_view uscc) const;
  bool is_unreported(std::string_view uscc) const;
  // The inputs the entry was scored from: its facts' own, or inputs_source's.
  ScoreInputs inputs_of(const BoardEntry& entry) const;
};

// A published model parsed (its SHA-256 taken over `model_jcs`). Throws std::logic_error when it does not
// parse: the ledger refuses such models, so a log holding one is corrupt.
std::shared_ptr<const PublishedModel> parse_published_model(std::string version, std::int32_t year_from,
                                                            std::int32_t year_to, std::string model_jcs);

// Scores every entry from its raw score (its facts' raw values and its score's raw parts: peer groups,
// percentiles, ranks, tiers) and orders them (city_order). The entries' indicators are kept as normalized_ppm alone.
// REQUIRES: board.model is set; entries are by USCC ascending, each made by board_entry (or copied from a board
// of the same model) with facts made under board.model.
void score_board(YearBoard& board);

// An entry's score as a read shows it: with its indicators and the seqs behind each, which score_board leaves
// out of the board (raw values and seqs are recomputed here from the entry's inputs, points from the
// normalised values). REQUIRES: board.model is set, `entry` is one
// of board.entries.
EnterpriseScore score_with_seqs(const YearBoard& board, const BoardEntry& entry);

// The zone or chain ranking of a year, with last year's rank beside each area.
enum class AreaKind : std::uint8_t { zone, chain };
struct AreaEntry {
  AreaIndex index;
  std::string name;
  std::optional<std::int64_t> last_rank;
  std::optional<std::int64_t> movement;  // last_rank - rank: positive is 进位
  std::int64_t members = 0;              // its enterprises scored for the year
};
struct AreaRanking {
  std::int32_t year = 0;
  std::uint64_t tree_size = 0;
  std::vector<AreaEntry> entries;  // in rank order
};
// Areas with at least one member scored for the board's year are ranked. REQUIRES: both boards describe the
// same tree size, `last_year` is for board.year - 1, board.model is set.
AreaRanking rank_areas(const YearBoard& board, const YearBoard& last_year, AreaKind kind);

}  // namespace jifen::domain
