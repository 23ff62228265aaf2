// The derived reads of the scoring issue: an enterprise's score and policy list for evaluation year Y, the
// city leaderboard, the zone and chain rankings — all computed from the projection state as the log stands
// (one read transaction: every number of an answer comes from the same tree size), with the scoring model
// published in the log for Y.
//
// A YearBoard (domain/score_board.hpp) is everything scored for one year: each enterprise's inputs (extracted
// here from the projection state), its score, rank and tier. Single scores need it too, because a percentile
// needs the peers. Boards are values: build once per (tree size, year) and read as often as needed.
//
// Thread contract: the free functions take a Ledger (whose readers are safe from any thread) or a
// ProjectionState (on the thread of its transaction). A ScoreCache is safe from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/ledger_fold.hpp"
#include "domain/score_board.hpp"
#include "domain/score.hpp"
#include "domain/scoring_model.hpp"
#include "replay/ledger.hpp"
#include "replay/projection_state.hpp"

namespace jifen::replay {


using domain::AreaEntry;
using domain::AreaKind;
using domain::AreaRanking;
using domain::BoardEntry;
using domain::YearBoard;

// The model published for `year`, parsed; null when none covers it. Throws std::logic_error when a model
// in the log does not parse (check_event refuses such models, so the log or this build is wrong).
std::shared_ptr<const domain::PublishedModel> model_for_year(const ProjectionState& state, std::int32_t year);

// The inputs of one enterprise for `year` under `model`, from its records (ProjectionState::EnterpriseWalk,
// facts up to FY Y-1 at least); nullopt when it has no annual report for FY Y-1.
std::optional<domain::ScoreInputs> extract_inputs(const ProjectionState::EnterpriseRecords& records,
                                                  const domain::ScoringModel& model, std::string_view uscc,
                                                  const EnterpriseState& enterprise, std::int32_t year);

// Everyone scored for `year` in `state`.
YearBoard build_year_board(const ProjectionState& state, std::int32_t year);

// build_year_board(state, from.year), from `from`: a board of the same year and model at a smaller tree size of
// the same log. The entries of the enterprises that no record in between names are copied from `from`; the
// others are read again from `state`; then everyone is scored again (a percentile needs all the peers). nullopt
// when it would not be cheaper or could miss a change: a record in between that names no enterprise and is not
// a key's (a zone, a chain or a model), more than `records_max` records in between, or more enterprises named
// than a quarter of the board.
std::optional<YearBoard> advance_year_board(const Ledger& ledger, const ProjectionState& state, const YearBoard& from,
                                            std::uint64_t records_max = 200'000);

// What a derived read answers when it cannot score.
enum class ScoreMiss : std::uint8_t {
  no_model,          // no published model covers the year
  not_registered,    // no such enterprise
  no_annual_report,  // registered, but no annual report for FY Y-1
  invalid_point,     // as_of beyond the log, or an as_of_time that is not RFC 3339
};
struct ScoreLookup {
  std::shared_ptr<const YearBoard> board;
  const BoardEntry* entry = nullptr;  // into *board; null on a miss
  std::optional<ScoreMiss> miss;
};
using BoardPair = std::pair<std::shared_ptr<const YearBoard>, std::shared_ptr<const YearBoard>>;

// The largest tree size whose records were all recorded at or before `unix_us` (recorded_at never decreases
// along seq, so this is a binary search of O(log n) record reads). 0 before the first record.
std::uint64_t tree_size_at_time(const Ledger& ledger, std::int64_t unix_us);

// What a board is cached under: the tree size, the year, and the model that scores that year at that tree
// size (its version and the SHA-256 of its JCS; empty and all zero when none covers the year).
struct BoardKey {
  std::uint64_t tree_size = 0;
  std::int32_t year = 0;
  std::string model_version;
  domain::Digest model{};
  auto operator<=>(const BoardKey&) const = default;
};

// The key of the board of `year` at `tree_size`, from the models in `state` (models cannot be retracted, so
// those with a seq below tree_size are the ones published then). REQUIRES: tree_size <= state.tree_size().
BoardKey board_key(const ProjectionState& state, std::uint64_t tree_size, std::int32_t year);

class FoldSnapshots;  // replay/fold_snapshots.hpp

// Builds and keeps YearBoards by (tree size, year, model), so that a busy leaderboard is computed once per
// commit rather than once per request. A board at tree size N depends only on the first N records, so an
// entry never goes stale; the cache keeps the most recent few. The current state's boards come from the live
// projections; an earlier state's (`as_of`) from an in-memory fold of the log's first N records
// (domain/ledger_fold.hpp), started from whichever is nearest below N: the last fold kept in memory or the
// nearest verified snapshot on disk (replay/fold_snapshots.hpp); from seq 0 when there is neither.
class ScoreCache {
 public:
  explicit ScoreCache(std::size_t boards_max = 16) : boards_max_(boards_max) {}

  // Where as_of folds may start from; null: no snapshots. REQUIRES: called before any read, `snapshots`
  // outlives the cache.
  void attach_snapshots(FoldSnapshots* snapshots) { snapshots_ = snapshots; }

  // The board of `year`, and with `with_last_year` the board of `year - 1` from the same state, at tree size
  // `as_of` (REQUIRES: as_of <= the ledger's tree size) or, without it, at the current state. With
  // `cached_only` nothing is built or folded: a board not cached is left null (for a caller that must not wait,
  // such as jifend's I/O thread, which then hands the read to a thread that may).
  BoardPair boards(const Ledger& ledger, std::optional<std::uint64_t> as_of, std::int32_t year, bool with_last_year,
                   bool cached_only = false);
  // With `cached_only`, a null board when it is not cached (and no miss).
  ScoreLookup score(const Ledger& ledger, std::optional<std::uint64_t> as_of, std::string_view uscc, std::int32_t year,
                    bool cached_only = false);

  // Rendered answers, kept so that a read from a cached board renders nothing again. An answer depends only
  // on its board (named by its year and tree size: one log has one board there) and on what it asks (`what`:
  // the kind of answer and its parameters), so it is kept under those. The kept answers are dropped together
  // when the next would take them past kAnswerBytesMax.
  static constexpr std::size_t kAnswerBytesMax = std::size_t{4} << 20;
  // The answer kept for `what` from `board`, or nullopt.
  std::optional<std::string> kept_answer(const YearBoard& board, std::string_view what);
  // Keeps `json` as the answer for `what` from `board` (unless it alone passes kAnswerBytesMax); returns it.
  std::string keep_answer(const YearBoard& board, std::string_view what, std::string json);

 private:
  std::shared_ptr<const YearBoard> cached(const BoardKey& key);
  // Caches `board` under `key`; `current`: built from the current state (see the definition).
  std::shared_ptr<const YearBoard> keep(const BoardKey& key, YearBoard board, bool current = false);
  std::shared_ptr<const YearBoard> board_in(const Ledger& ledger, const ProjectionState& state, std::int32_t year);
  // The cached board of the current state (at the time) of `key`'s year and model, at a tree size below `key`'s.
  std::shared_ptr<const YearBoard> latest_before(const BoardKey& key);
  std::shared_ptr<const domain::LedgerFold> fold_to(const Ledger& ledger, std::uint64_t tree_size);

  std::size_t boards_max_;
  FoldSnapshots* snapshots_ = nullptr;
  std::mutex mutex_;
  std::map<BoardKey, std::shared_ptr<const YearBoard>> boards_;  // guarded by mutex_
  std::set<BoardKey> current_;  // the keys of boards_ built from the current state; guarded by mutex_
  std::mutex fold_mutex_;                                      // one fold at a time
  std::shared_ptr<const domain::LedgerFold> fold_;             // the last fold; guarded by fold_mutex_
  domain::Digest fold_root_{};                                 // the log's root at fold_'s size; likewise
  std::mutex answers_mutex_;
  std::unordered_map<std::string, std::string> answers_;  // see answer(); guarded by answers_mutex_
  std::size_t answer_bytes_ = 0;                          // keys and answers in answers_; likewise
};

}  // namespace jifen::replay
