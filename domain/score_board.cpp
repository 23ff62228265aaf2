// Year boards and area rankings. See score_board.hpp.
#include "domain/score_board.hpp"

#include <algorithm>
#include <cassert>
#include <stdexcept>

#include "domain/leaf.hpp"

namespace jifen::domain {
namespace {

std::map<std::string, AreaFigures> area_figures(const YearBoard& board, AreaKind kind) {
  std::map<std::string, AreaFigures> figures;
  if (!board.model) return figures;
  for (const BoardEntry& entry : board.entries) {
    const auto add = [&](const std::string& id) { add_area_member(figures[id], board.model->model, entry.inputs, entry.score); };
    if (kind == AreaKind::zone) {
      add(entry.zone);
    } else {
      for (const std::string& chain : entry.chains) add(chain);
    }
  }
  return figures;
}

std::vector<AreaIndex> ranked_areas(const YearBoard& board, AreaKind kind, std::map<std::string, std::int64_t>* members) {
  if (!board.model) return {};
  std::vector<Area> areas;
  for (auto& [id, figures] : area_figures(board, kind)) {
    if (members != nullptr) (*members)[id] = figures.members;
    areas.push_back(Area{id, std::move(figures)});
  }
  return rank_areas(board.model->model, areas);
}

}  // namespace

const BoardEntry* YearBoard::find(std::string_view uscc) const {
  const auto at = std::lower_bound(entries.begin(), entries.end(), uscc,
                                   [](const BoardEntry& entry, std::string_view key) { return entry.inputs.enterprise < key; });
  if (at == entries.end() || at->inputs.enterprise != uscc) return nullptr;
  return &*at;
}

std::shared_ptr<const PublishedModel> parse_published_model(std::string version, std::int32_t year_from,
                                                            std::int32_t year_to, std::string model_jcs) {
  ModelParseResult parsed = parse_scoring_model(model_jcs);
  if (auto* errors = std::get_if<std::vector<FieldError>>(&parsed)) {
    throw std::logic_error("published model " + version + " does not parse: " + errors->front().field + " " +
                           errors->front().message);
  }
  auto model = std::make_shared<PublishedModel>();
  model->sha256 = sha256(model_jcs);
  model->version = std::move(version);
  model->year_from = year_from;
  model->year_to = year_to;
  model->model_jcs = std::move(model_jcs);
  model->model = std::get<ScoringModel>(std::move(parsed));
  return model;
}

bool YearBoard::is_unreported(std::string_view uscc) const {
  return std::binary_search(unreported.begin(), unreported.end(), uscc, std::less<>());
}

void score_board(YearBoard& board) {
  assert(board.model);
  const ScoringModel& model = board.model->model;
  std::vector<RawScore> raws;
  raws.reserve(board.entries.size());
  for (const BoardEntry& entry : board.entries) raws.push_back(raw_score(model, entry.inputs, SeqDetail::left_out));
  std::vector<EnterpriseScore> scores = score_year(model, std::move(raws));
  for (std::size_t i = 0; i < scores.size(); ++i) board.entries[i].score = std::move(scores[i]);
  board.city_order.clear();
  for (std::size_t i = 0; i < board.entries.size(); ++i) {
    if (board.entries[i].score.city_rank) board.city_order.push_back(i);
  }
  std::sort(board.city_order.begin(), board.city_order.end(), [&](std::size_t a, std::size_t b) {
    return *board.entries[a].score.city_rank < *board.entries[b].score.city_rank;
  });
}

EnterpriseScore score_with_seqs(const YearBoard& board, const BoardEntry& entry) {
  assert(board.model);
  EnterpriseScore score = entry.score;
  for (IndicatorScore& indicator : score.indicators) {
    indicator.seqs = indicator_value(board.model->model, entry.inputs, indicator.id, SeqDetail::listed).seqs;
  }
  return score;
}

AreaRanking rank_areas(const YearBoard& board, const YearBoard& last_year, AreaKind kind) {
  const std::vector<AreaIndex> previous = ranked_areas(last_year, kind, nullptr);
  std::map<std::string, std::int64_t> members;
  AreaRanking ranking{board.year, board.tree_size, {}};
  const auto& names = kind == AreaKind::zone ? board.zone_names : board.chain_names;
  for (AreaIndex& index : ranked_areas(board, kind, &members)) {
    AreaEntry entry{std::move(index), "", std::nullopt, std::nullopt, 0};
    entry.members = members[entry.index.id];
    if (const auto name = names.find(entry.index.id); name != names.end()) entry.name = name->second;
    for (const AreaIndex& before : previous) {
      if (before.id != entry.index.id) continue;
      entry.last_rank = before.rank;
      entry.movement = before.rank - entry.index.rank;
    }
    ranking.entries.push_back(std::move(entry));
  }
  return ranking;
}

}  // namespace jifen::domain
