// The JSON of rankings. See ranking_json.hpp.
#include "domain/ranking_json.hpp"

#include <algorithm>

#include "domain/codec.hpp"
#include "domain/score_json.hpp"

namespace jifen::domain {
namespace {

bool matches(const BoardEntry& entry, const RankingFilter& filter) {
  if (entry.score.excluded) return false;
  if (filter.stage && entry.score.stage != *filter.stage) return false;
  if (filter.zone && entry.facts->zone != *filter.zone) return false;
  if (filter.chain && std::find(entry.facts->chains.begin(), entry.facts->chains.end(), *filter.chain) == entry.facts->chains.end()) {
    return false;
  }
  return true;
}

void append_head(std::string& out, const YearBoard& board) {
  out += "{\"year\":" + std::to_string(board.year) + ",\"tree_size\":" + std::to_string(board.tree_size) +
         ",\"model\":";
  append_model_ref_json(out, *board.model);
}

void append_ranking_entry(std::string& out, const BoardEntry& entry, std::int64_t rank) {
  out += "{\"rank\":" + std::to_string(rank) + ",\"enterprise\":";
  append_json_string(out, entry.facts->enterprise);
  out += ",\"name\":";
  append_json_string(out, entry.facts->name);
  out += ",\"stage\":";
  append_json_string(out, to_string(entry.score.stage));
  out += ",\"total_milli\":" + std::to_string(entry.score.total_milli) + ",\"tier\":";
  append_optional_string(out, entry.score.tier);
  out += ",\"zone\":";
  append_json_string(out, entry.facts->zone);
  out += '}';
}

void append_area_entry(std::string& out, const AreaEntry& entry, AreaKind kind) {
  out += "{\"rank\":" + std::to_string(entry.index.rank) + (kind == AreaKind::zone ? ",\"zone\":" : ",\"chain\":");
  append_json_string(out, entry.index.id);
  out += ",\"name\":";
  append_json_string(out, entry.name);
  out += ",\"index_milli\":" + std::to_string(entry.index.index_milli) + ",\"categories\":{";
  for (std::size_t i = 0; i < entry.index.categories.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, entry.index.categories[i].id);
    out += ':' + std::to_string(entry.index.categories[i].points_milli);
  }
  out += "},\"last_rank\":";
  append_optional_integer(out, entry.last_rank);
  out += ",\"movement\":";
  append_optional_integer(out, entry.movement);
  out += ",\"members\":" + std::to_string(entry.members) + ",\"indicators\":[";
  for (std::size_t i = 0; i < entry.index.indicators.size(); ++i) {
    const AreaIndicator& indicator = entry.index.indicators[i];
    if (i > 0) out += ',';
    out += "{\"id\":";
    append_json_string(out, to_string(indicator.id));
    out += ",\"value\":";
    append_optional_integer(out, indicator.value);
    out += ",\"normalized_ppm\":" + std::to_string(indicator.normalized_ppm) +
           ",\"points_milli\":" + std::to_string(indicator.points_milli) + '}';
  }
  out += "]}";
}

}  // namespace

std::string render_enterprise_ranking_json(const YearBoard& board, const RankingFilter& filter) {
  // The board keeps its ranked entries in city order; within one stage that is also the stage's rank order
  // (both sort by ranks_before), so the first `limit` matches in that order are the answer.
  const bool filtered = filter.stage || filter.zone || filter.chain;
  std::vector<const BoardEntry*> listed;
  std::size_t total = filtered ? 0 : board.city_order.size();
  for (const std::size_t index : board.city_order) {
    if (!filtered && listed.size() >= filter.limit) break;
    const BoardEntry& entry = board.entries[index];
    if (!matches(entry, filter)) continue;
    if (filtered) ++total;
    if (listed.size() < filter.limit) listed.push_back(&entry);
  }
  const auto rank_of = [&](const BoardEntry* entry) {
    return filter.stage ? entry->score.rank.value_or(0) : entry->score.city_rank.value_or(0);
  };
  std::string out;
  out.reserve(256 + 160 * listed.size());
  append_head(out, board);
  out += ",\"stage\":";
  if (filter.stage) {
    append_json_string(out, to_string(*filter.stage));
  } else {
    out += "null";
  }
  out += ",\"total\":" + std::to_string(total) + ",\"entries\":[";
  for (std::size_t i = 0; i < listed.size(); ++i) {
    if (i > 0) out += ',';
    append_ranking_entry(out, *listed[i], rank_of(listed[i]));
  }
  out += "]}";
  return out;
}

std::string render_area_ranking_json(const YearBoard& board, const AreaRanking& ranking, AreaKind kind) {
  std::string out;
  append_head(out, board);
  out += ",\"entries\":[";
  for (std::size_t i = 0; i < ranking.entries.size(); ++i) {
    if (i > 0) out += ',';
    append_area_entry(out, ranking.entries[i], kind);
  }
  out += "]}";
  return out;
}

}  // namespace jifen::domain
