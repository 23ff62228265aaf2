// The ScoreCache: boards of the current state from the projections, boards of earlier states from a fold of
// the log's first N records (from the nearest snapshot), both kept by (tree size, year, model). See scoring.hpp.
#include <stdexcept>

#include "domain/leaf.hpp"
#include "replay/fold_snapshots.hpp"
#include "replay/projection_state.hpp"
#include "replay/scoring.hpp"

namespace jifen::replay {

std::uint64_t tree_size_at_time(const Ledger& ledger, std::int64_t unix_us) {
  // The first seq recorded after the instant: every record before it was recorded at or before it.
  std::uint64_t low = 0;
  std::uint64_t high = ledger.tree_size();
  while (low < high) {
    const std::uint64_t middle = low + (high - low) / 2;
    const std::optional<Record> record = ledger.event(middle);
    const std::optional<domain::Leaf> leaf = record ? domain::decode_leaf(record->leaf) : std::nullopt;
    const std::optional<std::int64_t> recorded = leaf ? domain::parse_timestamp_us(leaf->recorded_at) : std::nullopt;
    if (!recorded) throw std::runtime_error("record " + std::to_string(middle) + " has no valid recorded_at");
    if (*recorded <= unix_us) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

BoardKey board_key(const ProjectionState& state, std::uint64_t tree_size, std::int32_t year) {
  BoardKey key{tree_size, year, {}, {}};
  for (const auto& [version, model] : state.models()) {
    if (model.seq < tree_size && model.year_from <= year && year <= model.year_to) {
      key.model_version = version;
      key.model = domain::sha256(model.model_jcs);
      break;
    }
  }
  return key;
}

std::shared_ptr<const YearBoard> ScoreCache::cached(const BoardKey& key) {
  std::lock_guard lock(mutex_);
  const auto found = boards_.find(key);
  return found == boards_.end() ? nullptr : found->second;
}

std::shared_ptr<const YearBoard> ScoreCache::keep(const BoardKey& key, YearBoard board, bool current) {
  auto kept = std::make_shared<const YearBoard>(std::move(board));
  std::lock_guard lock(mutex_);
  const auto [at, inserted] = boards_.emplace(key, kept);
  if (current && inserted) {
    // A board of the current state supersedes the earlier ones of its year and model that were current too:
    // under steady writes each read would otherwise leave one more whole board in memory.
    for (auto earlier = current_.begin(); earlier != current_.end();) {
      const bool superseded = earlier->tree_size < key.tree_size && earlier->year == key.year &&
                              earlier->model_version == key.model_version && earlier->model == key.model;
      if (superseded) boards_.erase(*earlier);
      earlier = superseded ? current_.erase(earlier) : std::next(earlier);
    }
    current_.insert(key);
  }
  while (boards_.size() > boards_max_) {  // the oldest tree size goes first
    current_.erase(boards_.begin()->first);
    boards_.erase(boards_.begin());
  }
  return inserted ? kept : at->second;
}

std::shared_ptr<const YearBoard> ScoreCache::latest_before(const BoardKey& key) {
  std::lock_guard lock(mutex_);
  std::shared_ptr<const YearBoard> latest;
  for (const BoardKey& current : current_) {  // by tree size first: the last match is the latest
    if (current.tree_size < key.tree_size && current.year == key.year && current.model_version == key.model_version &&
        current.model == key.model) {
      latest = boards_.at(current);
    }
  }
  return latest;
}

// A board of the current state: from the latest cached board of the same year and model when the records
// since name few enterprises (a leaderboard read after each write then reads those enterprises again, not
// all), else built whole.
std::shared_ptr<const YearBoard> ScoreCache::board_in(const Ledger& ledger, const ProjectionState& state,
                                                      std::int32_t year) {
  const BoardKey key = board_key(state, state.tree_size(), year);
  if (auto board = cached(key)) return board;
  if (const auto before = latest_before(key)) {
    if (std::optional<YearBoard> advanced = advance_year_board(ledger, state, *before)) {
      return keep(key, std::move(*advanced), true);
    }
  }
  return keep(key, build_year_board(state, year), true);
}

// The fold of the first `tree_size` records, started from the nearest of: the last fold (when at or below, and
// of this log: its root is the log's), the nearest snapshot that verifies, seq 0.
std::shared_ptr<const domain::LedgerFold> ScoreCache::fold_to(const Ledger& ledger, std::uint64_t tree_size) {
  std::lock_guard lock(fold_mutex_);
  const bool ours = fold_ && fold_->tree_size() <= tree_size && ledger.root(fold_->tree_size()) == fold_root_;
  if (ours && fold_->tree_size() == tree_size) return fold_;
  const std::uint64_t in_memory = ours ? fold_->tree_size() : 0;
  std::shared_ptr<domain::LedgerFold> fold;
  if (snapshots_ && snapshots_->nearest_size(tree_size).value_or(0) > in_memory) {
    std::optional<domain::LedgerFold> loaded = snapshots_->load_nearest(ledger, tree_size);
    if (loaded && loaded->tree_size() > in_memory) fold = std::make_shared<domain::LedgerFold>(std::move(*loaded));
  }
  if (!fold) fold = in_memory > 0 ? std::make_shared<domain::LedgerFold>(*fold_) : std::make_shared<domain::LedgerFold>();
  fold_records(ledger, *fold, tree_size);
  fold_ = fold;
  fold_root_ = ledger.root(tree_size);
  return fold_;
}

BoardPair ScoreCache::boards(const Ledger& ledger, std::optional<std::uint64_t> as_of, std::int32_t year,
                             bool with_last_year, bool cached_only) {
  BoardPair pair;
  if (!as_of) {
    ledger.read_projection([&](const ProjectionState& state) {
      if (cached_only) {
        pair.first = cached(board_key(state, state.tree_size(), year));
        if (with_last_year && pair.first) pair.second = cached(board_key(state, state.tree_size(), year - 1));
        if (with_last_year && !pair.second) pair.first = nullptr;
        return;
      }
      pair.first = board_in(ledger, state, year);
      if (with_last_year) pair.second = board_in(ledger, state, year - 1);
    });
    return pair;
  }
  BoardKey key;
  BoardKey last_year_key;
  ledger.read_projection([&](const ProjectionState& state) {
    key = board_key(state, *as_of, year);
    last_year_key = board_key(state, *as_of, year - 1);
  });
  pair.first = cached(key);
  if (with_last_year) pair.second = cached(last_year_key);
  if (pair.first && (!with_last_year || pair.second)) return pair;
  if (cached_only) return {};
  const std::shared_ptr<const domain::LedgerFold> fold = fold_to(ledger, *as_of);
  if (!pair.first) pair.first = keep(key, domain::LedgerFold::year_board(fold, year));
  if (with_last_year && !pair.second) pair.second = keep(last_year_key, domain::LedgerFold::year_board(fold, year - 1));
  return pair;
}

ScoreLookup ScoreCache::score(const Ledger& ledger, std::optional<std::uint64_t> as_of, std::string_view uscc,
                              std::int32_t year, bool cached_only) {
  ScoreLookup lookup;
  lookup.board = boards(ledger, as_of, year, false, cached_only).first;
  if (!lookup.board) return lookup;
  if (!lookup.board->model) {
    lookup.miss = ScoreMiss::no_model;
    return lookup;
  }
  lookup.entry = lookup.board->find(uscc);
  if (!lookup.entry) lookup.miss = lookup.board->is_unreported(uscc) ? ScoreMiss::no_annual_report : ScoreMiss::not_registered;
  return lookup;
}

namespace {

std::string answer_key(const YearBoard& board, std::string_view what) {
  std::string key = std::to_string(board.year);
  key += '@';
  key += std::to_string(board.tree_size);
  key += '/';
  key += what;
  return key;
}

}  // namespace

std::optional<std::string> ScoreCache::kept_answer(const YearBoard& board, std::string_view what) {
  const std::string key = answer_key(board, what);
  std::lock_guard lock(answers_mutex_);
  const auto found = answers_.find(key);
  if (found == answers_.end()) return std::nullopt;
  return found->second;
}

std::string ScoreCache::keep_answer(const YearBoard& board, std::string_view what, std::string json) {
  std::string key = answer_key(board, what);
  const std::size_t bytes = key.size() + json.size();
  if (bytes > kAnswerBytesMax) return json;
  std::lock_guard lock(answers_mutex_);
  if (answer_bytes_ + bytes > kAnswerBytesMax) {
    answers_.clear();
    answer_bytes_ = 0;
  }
  if (answers_.emplace(std::move(key), json).second) answer_bytes_ += bytes;
  return json;
}

}  // namespace jifen::replay
