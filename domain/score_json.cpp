// The JSON of scores and policy lists. See score_json.hpp.
#include "domain/score_json.hpp"

#include "domain/codec.hpp"

namespace jifen::domain {
namespace {

void append_key(std::string& out, std::string_view key) {
  append_json_string(out, key);
  out += ':';
}

void append_seqs(std::string& out, const std::vector<std::uint64_t>& seqs) {
  out += '[';
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(seqs[i]);
  }
  out += ']';
}

void append_adjustments(std::string& out, const std::vector<Adjustment>& items) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"id\":";
    append_json_string(out, items[i].id);
    out += ",\"points_milli\":" + std::to_string(items[i].points_milli) + ",\"seqs\":";
    append_seqs(out, items[i].seqs);
    out += '}';
  }
  out += ']';
}

void append_indicator(std::string& out, const IndicatorScore& indicator) {
  out += "{\"id\":";
  append_json_string(out, to_string(indicator.id));
  out += ",\"group\":";
  append_json_string(out, indicator.group);
  out += ",\"raw\":";
  append_optional_integer(out, indicator.raw);
  out += ",\"normalized_ppm\":" + std::to_string(indicator.normalized_ppm);
  out += ",\"points_milli\":" + std::to_string(indicator.points_milli);
  out += ",\"seqs\":";
  append_seqs(out, indicator.seqs);
  out += '}';
}

void append_head(std::string& out, std::string_view enterprise, std::int32_t year, std::uint64_t tree_size,
                 const PublishedModel& model) {
  out += "{\"enterprise\":";
  append_json_string(out, enterprise);
  out += ",\"year\":" + std::to_string(year) + ",\"tree_size\":" + std::to_string(tree_size) + ",\"model\":";
  append_model_ref_json(out, model);
}

void append_policy_item(std::string& out, const PolicyItem& item) {
  out += "{\"id\":";
  append_json_string(out, item.id);
  out += ",\"eligible\":";
  out += item.eligible ? "true" : "false";
  out += ",\"points\":";
  append_optional_integer(out, item.points);
  out += ",\"reasons\":[";
  for (std::size_t i = 0; i < item.reasons.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, item.reasons[i]);
  }
  out += "],\"figures\":{";
  for (std::size_t i = 0; i < item.figures.size(); ++i) {
    if (i > 0) out += ',';
    append_key(out, item.figures[i].name);
    out += std::to_string(item.figures[i].value);
  }
  out += "}}";
}

}  // namespace

void append_model_ref_json(std::string& out, const PublishedModel& model) {
  out += "{\"version\":";
  append_json_string(out, model.version);
  out += ",\"sha256\":";
  append_json_string(out, to_base64(model.sha256));
  out += '}';
}

void append_optional_integer(std::string& out, const std::optional<std::int64_t>& value) {
  out += value ? std::to_string(*value) : "null";
}

void append_optional_string(std::string& out, const std::optional<std::string>& value) {
  if (value) {
    append_json_string(out, *value);
  } else {
    out += "null";
  }
}

std::string render_score_json(const EnterpriseScore& score, std::int32_t year, std::uint64_t tree_size,
                              const PublishedModel& model) {
  std::string out;
  out.reserve(2048);
  append_head(out, score.enterprise, year, tree_size, model);
  out += ",\"stage\":";
  append_json_string(out, to_string(score.stage));
  out += ",\"total_milli\":" + std::to_string(score.total_milli) + ",\"rank\":";
  append_optional_integer(out, score.rank);
  out += ",\"peers\":" + std::to_string(score.peers) + ",\"tier\":";
  append_optional_string(out, score.tier);
  out += ",\"excluded\":";
  out += score.excluded ? "true" : "false";
  out += ",\"exclusion_reason\":";
  append_optional_string(out, score.exclusion_reason);
  out += ",\"bonus_milli\":" + std::to_string(score.bonus_milli);
  out += ",\"penalty_milli\":" + std::to_string(score.penalty_milli) + ",\"indicators\":[";
  for (std::size_t i = 0; i < score.indicators.size(); ++i) {
    if (i > 0) out += ',';
    append_indicator(out, score.indicators[i]);
  }
  out += "],\"indicators_milli\":" + std::to_string(score.indicators_milli) + ",\"city_rank\":";
  append_optional_integer(out, score.city_rank);
  out += ",\"bonus\":";
  append_adjustments(out, score.bonus);
  out += ",\"penalties\":";
  append_adjustments(out, score.penalties);
  out += ",\"exclusion_seqs\":";
  append_seqs(out, score.exclusion_seqs);
  out += '}';
  return out;
}

std::string render_policies_json(std::string_view enterprise, std::int32_t year, std::uint64_t tree_size,
                                 const PublishedModel& model, const std::vector<PolicyItem>& items) {
  std::string out;
  out.reserve(1024);
  append_head(out, enterprise, year, tree_size, model);
  out += ",\"items\":[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    append_policy_item(out, items[i]);
  }
  out += "]}";
  return out;
}

}  // namespace jifen::domain
