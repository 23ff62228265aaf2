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
    const BoardFacts& facts = *entry.facts;
    const auto add = [&](const std::string& id) { add_area_member(figures[id], facts.area, entry.score); };
    if (kind == AreaKind::zone) {
      add(facts.zone);
    } else {
      for (const std::string& chain : facts.chains) add(chain);
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
                                   [](const BoardEntry& entry, std::string_view key) { return entry.facts->enterprise < key; });
  if (at == entries.end() || at->facts->enterprise != uscc) return nullptr;
  return &*at;
}

ScoreInputs YearBoard::inputs_of(const BoardEntry& entry) const {
  if (entry.facts->inputs) return *entry.facts->inputs;
  if (!inputs_source) throw std::logic_error("a board entry without inputs, on a board without their source");
  return inputs_source(*entry.facts);
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

BoardEntry board_entry(const ScoringModel& model, std::string name, std::string zone, std::vector<std::string> chains,
                       const ScoreInputs& inputs, KeepInputs keep) {
  auto facts = std::make_shared<BoardFacts>();
  RawScore raw = raw_score(model, inputs, SeqDetail::left_out);
  facts->raw_values = raw_values(raw);
  facts->area = area_member(model, inputs);
  facts->enterprise = inputs.enterprise;
  facts->name = std::move(name);
  facts->zone = std::move(zone);
  facts->chains = std::move(chains);
  if (keep == KeepInputs::yes) facts->inputs = std::make_shared<const ScoreInputs>(inputs);
  BoardEntry entry{std::move(facts), {}};
  set_raw_parts(entry.score, std::move(raw));
  return entry;
}

void score_board(YearBoard& board) {
  assert(board.model);
  const ScoringModel& model = board.model->model;
  RawColumns raws;
  raws.indicator_count = model.indicators.size();
  raws.reserve(board.entries.size());
  for (const BoardEntry& entry : board.entries) raws.add(entry.facts->enterprise, entry.score, entry.facts->raw_values);
  ScoredColumns scored = score_columns(model, raws);
  board.city_order.assign(board.entries.size(), 0);
  std::size_t ranked = 0;
  for (std::size_t i = 0; i < board.entries.size(); ++i) {
    set_scored_parts(board.entries[i].score, model, scored, i);
    if (scored.city_rank[i] != 0) {
      board.city_order[static_cast<std::size_t>(scored.city_rank[i] - 1)] = i;
      ++ranked;
    }
  }
  board.city_order.resize(ranked);  // city ranks are 1 … ranked, each once
  board.normalized_ppm = std::move(scored.normalized_ppm);
}

EnterpriseScore score_with_seqs(const YearBoard& board, const BoardEntry& entry) {
  assert(board.model);
  const ScoringModel& model = board.model->model;
  const auto row = static_cast<std::size_t>(&entry - board.entries.data());
  assert(row < board.entries.size());
  EnterpriseScore score = entry.score;
  score.indicators.clear();
  score.indicators.reserve(model.indicators.size());
  const ScoreInputs inputs = board.inputs_of(entry);
  for (std::size_t k = 0; k < model.indicators.size(); ++k) {
    IndicatorValue value = indicator_value(model, inputs, model.indicators[k].id, SeqDetail::listed);
    score.indicators.push_back(indicator_score(model, k, score.stage, value.raw,
                                               board.normalized_ppm[row * model.indicators.size() + k],
                                               std::move(value.seqs)));
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
