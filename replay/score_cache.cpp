// The ScoreCache: boards of the current state from the projections, boards of earlier states from a fold of
// the log's first N records, both kept by (tree size, year). See scoring.hpp.
#include <stdexcept>

#include "domain/leaf.hpp"
#include "replay/projection_state.hpp"
#include "replay/scoring.hpp"

namespace jifen::replay {
namespace {

constexpr std::size_t kFoldChunkEvents = 10000;  // records read per Ledger::events call while folding

// Decodes a record back into the event it was appended as.
domain::Event event_of(const Record& record, domain::EventDecoder& decoder) {
  const std::optional<domain::Leaf> leaf = domain::decode_leaf(record.leaf);
  const auto type = leaf ? domain::event_type_from_string(leaf->type) : std::nullopt;
  if (!leaf || !type) throw std::runtime_error("record " + std::to_string(record.seq) + " has no valid leaf");
  auto data = decoder.decode_data(*type, record.data);
  if (auto* error = std::get_if<domain::DecodeError>(&data)) {
    throw std::runtime_error("record " + std::to_string(record.seq) + " does not decode: " + error->detail);
  }
  domain::Event event;
  event.event_id = leaf->event_id;
  event.type = *type;
  event.enterprise = leaf->enterprise;
  event.occurred_on = domain::Date::parse(leaf->occurred_on).value_or(domain::Date{});
  event.data = std::get<domain::EventData>(std::move(data));
  return event;
}

}  // namespace

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

std::shared_ptr<const YearBoard> ScoreCache::cached(std::uint64_t tree_size, std::int32_t year) {
  std::lock_guard lock(mutex_);
  const auto found = boards_.find({tree_size, year});
  return found == boards_.end() ? nullptr : found->second;
}

std::shared_ptr<const YearBoard> ScoreCache::keep(std::uint64_t tree_size, std::int32_t year, YearBoard board) {
  auto kept = std::make_shared<const YearBoard>(std::move(board));
  std::lock_guard lock(mutex_);
  const auto [at, inserted] = boards_.emplace(std::pair{tree_size, year}, kept);
  while (boards_.size() > boards_max_) boards_.erase(boards_.begin());  // the oldest tree size goes first
  return inserted ? kept : at->second;
}

std::shared_ptr<const YearBoard> ScoreCache::board_in(const ProjectionState& state, std::int32_t year) {
  if (auto board = cached(state.tree_size(), year)) return board;
  return keep(state.tree_size(), year, build_year_board(state, year));
}

// The fold of the first `tree_size` records: the last fold when it is that, else resumed from it when it lies
// before, else folded from the start.
std::shared_ptr<const domain::LedgerFold> ScoreCache::fold_to(const Ledger& ledger, std::uint64_t tree_size) {
  std::lock_guard lock(fold_mutex_);
  if (fold_ && fold_->tree_size() == tree_size) return fold_;
  auto fold = fold_ && fold_->tree_size() < tree_size ? std::make_shared<domain::LedgerFold>(*fold_)
                                                       : std::make_shared<domain::LedgerFold>();
  domain::EventDecoder decoder;
  while (fold->tree_size() < tree_size) {
    const std::size_t wanted = static_cast<std::size_t>(std::min<std::uint64_t>(kFoldChunkEvents, tree_size - fold->tree_size()));
    const std::vector<Record> records = ledger.events(fold->tree_size(), wanted);
    if (records.empty()) throw std::out_of_range("as_of " + std::to_string(tree_size) + " is beyond the log");
    for (const Record& record : records) fold->apply(event_of(record, decoder), record.seq);
  }
  fold_ = fold;
  return fold_;
}

BoardPair ScoreCache::boards(const Ledger& ledger, std::optional<std::uint64_t> as_of, std::int32_t year,
                             bool with_last_year) {
  BoardPair pair;
  if (!as_of) {
    ledger.read_projection([&](const ProjectionState& state) {
      pair.first = board_in(state, year);
      if (with_last_year) pair.second = board_in(state, year - 1);
    });
    return pair;
  }
  pair.first = cached(*as_of, year);
  if (with_last_year) pair.second = cached(*as_of, year - 1);
  if (pair.first && (!with_last_year || pair.second)) return pair;
  const std::shared_ptr<const domain::LedgerFold> fold = fold_to(ledger, *as_of);
  if (!pair.first) pair.first = keep(*as_of, year, fold->year_board(year));
  if (with_last_year && !pair.second) pair.second = keep(*as_of, year - 1, fold->year_board(year - 1));
  return pair;
}

ScoreLookup ScoreCache::score(const Ledger& ledger, std::optional<std::uint64_t> as_of, std::string_view uscc,
                              std::int32_t year) {
  ScoreLookup lookup;
  lookup.board = boards(ledger, as_of, year, false).first;
  if (!lookup.board->model) {
    lookup.miss = ScoreMiss::no_model;
    return lookup;
  }
  lookup.entry = lookup.board->find(uscc);
  if (!lookup.entry) lookup.miss = lookup.board->is_unreported(uscc) ? ScoreMiss::no_annual_report : ScoreMiss::not_registered;
  return lookup;
}

}  // namespace jifen::replay
