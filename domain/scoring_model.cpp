// Parsing and validation of a scoring model document. See scoring_model.hpp; the document's layout is that
// of seeds/models/innovation-2021.json.
#include "domain/scoring_model.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <span>

#include <simdjson.h>

#include "domain/field_errors.hpp"

namespace jifen::domain {
namespace {

constexpr std::array<std::string_view, kStageCount> kStageNames = {"startup", "growth", "mature"};
constexpr std::array<std::string_view, kIndicatorCount> kIndicatorNames = {
    "rd_intensity", "rd_amount", "tech_staff_ratio", "invention_patents", "patent_applications",
    "tech_contracts", "projects", "platforms", "revenue", "revenue_growth", "high_tech_share", "tax_paid",
    "equity_financing", "tech_credit", "certifications"};
constexpr std::array<std::string_view, kZoneIndicatorCount> kZoneIndicatorNames = {
    "rd_ratio", "invention_patents_per_10k_employees", "platforms", "tech_contracts", "hnte", "high_tech_share",
    "tier_share", "pct_applications", "export_share", "revenue_growth", "equity_financing", "median_score"};

template <class Enum, std::size_t N>
std::optional<Enum> find_name(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// Walks the model document: typed reads of members, each problem a FieldError at its JSON path.
class ModelReader {
 public:
  explicit ModelReader(FieldErrors& errors) : errors_(errors) {}

  void fail(const std::string& path, std::string message) { errors_.add(path, std::move(message)); }

  // The object at `path`, after checking that it has every `required` member and no member outside
  // `required` and `optional`.
  std::optional<object> object_at(element value, const std::string& path,
                                  std::initializer_list<std::string_view> required,
                                  std::initializer_list<std::string_view> optional = {}) {
    return object_with(value, path, std::span(required.begin(), required.size()),
                       std::span(optional.begin(), optional.size()));
  }

  std::optional<object> object_with(element value, const std::string& path, std::span<const std::string_view> required,
                                    std::span<const std::string_view> optional) {
    if (value.type() != element_type::OBJECT) {
      fail(path, "must be an object");
      return std::nullopt;
    }
    const object members = value.get_object().value_unsafe();
    for (const auto member : members) {
      const bool known = std::find(required.begin(), required.end(), member.key) != required.end() ||
                         std::find(optional.begin(), optional.end(), member.key) != optional.end();
      if (!known) fail(path + "." + std::string(member.key), "is not a member of the model here");
    }
    for (const std::string_view name : required) {
      if (members.at_key(name).error()) fail(path + "." + std::string(name), "is required");
    }
    return members;
  }

  std::optional<element> member(object members, std::string_view name) {
    element value;
    if (members.at_key(name).get(value)) return std::nullopt;
    return value;
  }

  std::optional<std::int64_t> integer(object members, std::string_view name, const std::string& path,
                                      std::int64_t min, std::int64_t max) {
    const auto value = member(members, name);
    if (!value) return std::nullopt;
    return integer_value(*value, path + "." + std::string(name), min, max);
  }

  std::optional<std::int64_t> integer_value(element value, const std::string& path, std::int64_t min,
                                            std::int64_t max) {
    if (value.type() != element_type::INT64) {
      fail(path, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
      return std::nullopt;
    }
    const std::int64_t number = value.get_int64().value_unsafe();
    if (number < min || number > max) {
      fail(path, "must be from " + std::to_string(min) + " to " + std::to_string(max));
      return std::nullopt;
    }
    return number;
  }

  std::optional<std::string_view> string_value(element value, const std::string& path) {
    if (value.type() != element_type::STRING) {
      fail(path, "must be a string");
      return std::nullopt;
    }
    return value.get_string().value_unsafe();
  }

  std::optional<simdjson::dom::array> array_at(object members, std::string_view name, const std::string& path) {
    const auto value = member(members, name);
    if (!value) return std::nullopt;
    if (value->type() != element_type::ARRAY) {
      fail(path + "." + std::string(name), "must be an array");
      return std::nullopt;
    }
    return value->get_array().value_unsafe();
  }

  // An object whose members are exactly the wire spellings of `Enum`, each an integer in [min, max].
  template <std::size_t N>
  std::array<std::int64_t, N> table(object members, std::string_view name, const std::string& path,
                                    const std::array<std::string_view, N>& keys, std::int64_t min,
                                    std::int64_t max) {
    std::array<std::int64_t, N> values{};
    const auto value = member(members, name);
    if (!value) return values;
    const std::string here = path + "." + std::string(name);
    const auto inner = object_with(*value, here, std::span(keys), {});
    if (!inner) return values;
    for (std::size_t i = 0; i < N; ++i) values[i] = integer(*inner, keys[i], here, min, max).value_or(0);
    return values;
  }

 private:
  FieldErrors& errors_;
};

std::string indexed(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

void read_stages(ModelReader& r, object root, const std::string& path, ScoringModel& model) {
  const auto value = r.member(root, "stages");
  if (!value) return;
  const std::string here = path + ".stages";
  const auto stages = r.object_at(*value, here, {"growth_revenue_min_fen", "mature_revenue_min_fen"});
  if (!stages) return;
  model.growth_revenue_min_fen = r.integer(*stages, "growth_revenue_min_fen", here, 1, kModelMoneyMax).value_or(0);
  model.mature_revenue_min_fen = r.integer(*stages, "mature_revenue_min_fen", here, 1, kModelMoneyMax).value_or(0);
  if (model.growth_revenue_min_fen > 0 && model.mature_revenue_min_fen <= model.growth_revenue_min_fen) {
    r.fail(here + ".mature_revenue_min_fen", "must be above growth_revenue_min_fen");
  }
}

void read_groups(ModelReader& r, object root, const std::string& path, ScoringModel& model) {
  const auto groups = r.array_at(root, "groups", path);
  if (!groups) return;
  std::size_t index = 0;
  for (const element item : *groups) {
    const std::string here = indexed(path + ".groups", index++);
    const auto group = r.object_at(item, here, {"id", "points"});
    if (!group) continue;
    GroupRule rule;
    if (const auto id = r.member(*group, "id")) rule.id = std::string(r.string_value(*id, here + ".id").value_or(""));
    const bool repeated = std::any_of(model.groups.begin(), model.groups.end(),
                                      [&](const GroupRule& other) { return other.id == rule.id; });
    if (repeated) r.fail(here + ".id", "group " + rule.id + " is listed twice");
    rule.points = r.table(*group, "points", here, kStageNames, 0, kModelPointsMax);
    model.groups.push_back(std::move(rule));
  }
  if (model.groups.empty()) r.fail(path + ".groups", "must list at least one group");
  for (std::size_t stage = 0; stage < kStageCount; ++stage) {
    std::int64_t sum = 0;
    for (const GroupRule& group : model.groups) sum += group.points[stage];
    if (sum != kModelPointsTotal) {
      r.fail(path + ".groups", "the points of stage " + std::string(kStageNames[stage]) + " add up to " +
                                   std::to_string(sum) + ", not " + std::to_string(kModelPointsTotal));
    }
  }
}

void read_indicator(ModelReader& r, element item, const std::string& here, ScoringModel& model) {
  const auto indicator = r.object_at(item, here, {"id", "group", "weight"}, {"zero_scores_zero"});
  if (!indicator) return;
  IndicatorRule rule;
  const auto id_text = r.member(*indicator, "id") ? r.string_value(*r.member(*indicator, "id"), here + ".id") : std::nullopt;
  const auto id = id_text ? indicator_from_string(*id_text) : std::nullopt;
  if (id_text && !id) r.fail(here + ".id", "unknown indicator " + std::string(*id_text));
  if (id && model.indicator(*id)) r.fail(here + ".id", "indicator " + std::string(*id_text) + " is listed twice");
  const auto group_text = r.member(*indicator, "group") ? r.string_value(*r.member(*indicator, "group"), here + ".group")
                                                        : std::nullopt;
  const auto group = std::find_if(model.groups.begin(), model.groups.end(),
                                  [&](const GroupRule& g) { return group_text && g.id == *group_text; });
  if (group_text && group == model.groups.end()) r.fail(here + ".group", "unknown group " + std::string(*group_text));
  rule.weight = r.integer(*indicator, "weight", here, 1, kModelWeightMax).value_or(1);
  if (const auto flag = r.member(*indicator, "zero_scores_zero")) {
    if (flag->type() != element_type::BOOL) {
      r.fail(here + ".zero_scores_zero", "must be true or false");
    } else {
      rule.zero_scores_zero = flag->get_bool().value_unsafe();
    }
  }
  if (!id || group == model.groups.end()) return;
  rule.id = *id;
  rule.group = static_cast<std::size_t>(group - model.groups.begin());
  group->weight_sum += rule.weight;
  model.indicators.push_back(rule);
}

void read_indicators(ModelReader& r, object root, const std::string& path, ScoringModel& model) {
  const auto indicators = r.array_at(root, "indicators", path);
  if (!indicators) return;
  std::size_t index = 0;
  for (const element item : *indicators) read_indicator(r, item, indexed(path + ".indicators", index++), model);
  for (const GroupRule& group : model.groups) {
    if (group.weight_sum == 0) r.fail(path + ".indicators", "group " + group.id + " has no indicator");
  }
}

void read_tables(ModelReader& r, object root, const std::string& path, ScoringModel& model) {
  model.window_years = static_cast<std::int32_t>(r.integer(root, "window_years", path, 1, 10).value_or(3));
  if (const auto cap = r.member(root, "rd_other_cap")) {
    const std::string here = path + ".rd_other_cap";
    if (const auto members = r.object_at(*cap, here, {"numerator", "denominator"})) {
      model.rd_other_cap_numerator = r.integer(*members, "numerator", here, 0, kModelWeightMax).value_or(0);
      model.rd_other_cap_denominator = r.integer(*members, "denominator", here, 1, kModelWeightMax).value_or(1);
    }
  }
  model.patent_application_points = r.table(root, "patent_application_points", path,
                                            std::array<std::string_view, 3>{"invention", "utility", "design"}, 0, kModelPointsMax);
  model.level_points = r.table(root, "level_points", path,
                               std::array<std::string_view, 3>{"national", "provincial", "municipal"}, 0, kModelPointsMax);
  model.project_role_factor = r.table(root, "project_role_factor", path,
                                      std::array<std::string_view, 2>{"lead", "participant"}, 0, kModelWeightMax);
  model.certification_points = r.table(root, "certification_points", path,
                                       std::array<std::string_view, 3>{"hnte", "tsme", "specialized"}, 0, kModelPointsMax);
  model.certification_points_max = r.integer(root, "certification_points_max", path, 0, kModelPointsMax).value_or(0);
  if (const auto growth = r.member(root, "revenue_growth_ppm")) {
    const std::string here = path + ".revenue_growth_ppm";
    if (const auto members = r.object_at(*growth, here, {"min", "max"})) {
      model.revenue_growth_min_ppm = r.integer(*members, "min", here, -1000000, 0).value_or(0);
      model.revenue_growth_max_ppm = r.integer(*members, "max", here, 0, 1000000000).value_or(0);
    }
  }
}

void read_bonus_and_penalties(ModelReader& r, object root, const std::string& path, ScoringModel& model) {
  const auto bonus = r.table(root, "bonus", path,
                             std::array<std::string_view, 5>{"chain_member", "consortium_project", "rural_project",
                                                             "talent_team", "max"},
                             0, kModelPointsMax);
  model.bonus_chain_member = bonus[0];
  model.bonus_consortium_project = bonus[1];
  model.bonus_rural_project = bonus[2];
  model.bonus_talent_team = bonus[3];
  model.bonus_max = bonus[4];
  if (const auto penalties = r.member(root, "penalties")) {
    const std::string here = path + ".penalties";
    if (const auto members = r.object_at(*penalties, here, {},
                                         {"dishonest_debtor", "research_misconduct", "safety_accident", "abnormal_operation"})) {
      for (const auto member : *members) {
        const auto kind = enum_from_string<IncidentKind>(member.key);
        if (!kind) continue;
        model.incident_penalty[static_cast<std::size_t>(*kind)] =
            r.integer_value(member.value, here + "." + std::string(member.key), 0, kModelPointsMax).value_or(0);
      }
    }
  }
  if (const auto exclusions = r.array_at(root, "exclusions", path)) {
    std::size_t index = 0;
    for (const element item : *exclusions) {
      const std::string here = indexed(path + ".exclusions", index++);
      const auto text = r.string_value(item, here);
      const auto kind = text ? enum_from_string<IncidentKind>(*text) : std::nullopt;
      if (text && !kind) r.fail(here, "must be one of: " + std::string(enum_spellings_joined<IncidentKind>()));
      if (kind) model.incident_excludes[static_cast<std::size_t>(*kind)] = true;
    }
  }
  model.total_max = r.integer(root, "total_max", path, 1, kModelPointsMax).value_or(0);
}

void read_tiers(ModelReader& r, object root, const std::string& path, ScoringModel& model) {
  const auto tiers = r.array_at(root, "tiers", path);
  if (!tiers) return;
  std::size_t index = 0;
  for (const element item : *tiers) {
    const std::string here = indexed(path + ".tiers", index++);
    const auto tier = r.object_at(item, here, {"id", "percent"});
    if (!tier) continue;
    TierRule rule;
    if (const auto id = r.member(*tier, "id")) rule.id = std::string(r.string_value(*id, here + ".id").value_or(""));
    rule.percent = r.integer(*tier, "percent", here, 1, 100).value_or(0);
    if (!model.tiers.empty() && rule.percent <= model.tiers.back().percent) {
      r.fail(here + ".percent", "tiers must be listed by increasing percent");
    }
    model.tiers.push_back(std::move(rule));
  }
}

void read_zone_category(ModelReader& r, element item, const std::string& here, ScoringModel& model) {
  const auto category = r.object_at(item, here, {"id", "points", "indicators"});
  if (!category) return;
  ZoneCategoryRule rule;
  if (const auto id = r.member(*category, "id")) rule.id = std::string(r.string_value(*id, here + ".id").value_or(""));
  rule.points = r.integer(*category, "points", here, 0, kModelPointsMax).value_or(0);
  if (const auto indicators = r.array_at(*category, "indicators", here)) {
    std::size_t index = 0;
    for (const element entry : *indicators) {
      const std::string at = indexed(here + ".indicators", index++);
      const auto indicator = r.object_at(entry, at, {"id", "weight"});
      if (!indicator) continue;
      const auto text = r.member(*indicator, "id") ? r.string_value(*r.member(*indicator, "id"), at + ".id") : std::nullopt;
      const auto id = text ? zone_indicator_from_string(*text) : std::nullopt;
      if (text && !id) r.fail(at + ".id", "unknown zone indicator " + std::string(*text));
      const std::int64_t weight = r.integer(*indicator, "weight", at, 1, kModelWeightMax).value_or(1);
      if (!id) continue;
      rule.indicators.push_back({*id, weight});
      rule.weight_sum += weight;
    }
  }
  if (rule.indicators.empty()) r.fail(here + ".indicators", "must list at least one indicator");
  model.zone_categories.push_back(std::move(rule));
}

void read_zone_index(ModelReader& r, object root, const std::string& path, ScoringModel& model) {
  const auto categories = r.array_at(root, "zone_index", path);
  if (!categories) return;
  std::size_t index = 0;
  for (const element item : *categories) read_zone_category(r, item, indexed(path + ".zone_index", index++), model);
  std::int64_t sum = 0;
  std::array<bool, kZoneIndicatorCount> seen{};
  for (const ZoneCategoryRule& category : model.zone_categories) {
    sum += category.points;
    for (const ZoneIndicatorRule& indicator : category.indicators) {
      const auto slot = static_cast<std::size_t>(indicator.id);
      if (seen[slot]) r.fail(path + ".zone_index", "zone indicator " + std::string(to_string(indicator.id)) + " is listed twice");
      seen[slot] = true;
    }
  }
  if (sum != kModelPointsTotal) {
    r.fail(path + ".zone_index", "the points of the categories add up to " + std::to_string(sum) + ", not " +
                                     std::to_string(kModelPointsTotal));
  }
}

// A band table: objects {min_key, "points"}, minimums strictly decreasing.
std::vector<Band> read_bands(ModelReader& r, object members, std::string_view name, const std::string& path,
                             std::string_view min_key, std::int64_t min_max) {
  std::vector<Band> bands;
  const auto array = r.array_at(members, name, path);
  if (!array) return bands;
  std::size_t index = 0;
  for (const element item : *array) {
    const std::string here = indexed(path + "." + std::string(name), index++);
    const auto band = r.object_at(item, here, {min_key, "points"});
    if (!band) continue;
    Band value{r.integer(*band, min_key, here, 0, min_max).value_or(0),
               r.integer(*band, "points", here, 0, kModelPointsMax).value_or(0)};
    if (!bands.empty() && value.min >= bands.back().min) {
      r.fail(here + "." + std::string(min_key), "bands must be listed by decreasing " + std::string(min_key));
    }
    bands.push_back(value);
  }
  return bands;
}

std::int64_t top_points(const std::vector<Band>& bands) {
  std::int64_t top = 0;
  for (const Band& band : bands) top = std::max(top, band.points);
  return top;
}

void read_tsme(ModelReader& r, element value, const std::string& here, TsmeRule& rule) {
  const auto tsme = r.object_at(value, here, {"tech_staff_bands", "rd_bands", "invention_patent_points",
                                              "other_grant_bands", "points_min", "employees_max", "revenue_max_fen"});
  if (!tsme) return;
  rule.tech_staff_bands = read_bands(r, *tsme, "tech_staff_bands", here, "min_ppm", 1000000);
  rule.rd_bands = read_bands(r, *tsme, "rd_bands", here, "min_ppm", 1000000);
  rule.invention_patent_points = r.integer(*tsme, "invention_patent_points", here, 0, kModelPointsMax).value_or(0);
  rule.other_grant_bands = read_bands(r, *tsme, "other_grant_bands", here, "min_count", 1000000);
  rule.points_min = r.integer(*tsme, "points_min", here, 0, kModelPointsMax).value_or(0);
  rule.employees_max = r.integer(*tsme, "employees_max", here, 0, kModelMoneyMax).value_or(0);
  rule.revenue_max_fen = r.integer(*tsme, "revenue_max_fen", here, 0, kModelMoneyMax).value_or(0);
  const std::int64_t results = std::max(rule.invention_patent_points, top_points(rule.other_grant_bands));
  const std::int64_t sum = top_points(rule.tech_staff_bands) + top_points(rule.rd_bands) + results;
  if (sum != kModelPointsTotal) {
    r.fail(here, "the highest points of its parts add up to " + std::to_string(sum) + ", not " +
                     std::to_string(kModelPointsTotal));
  }
}

void read_hnte_rd(ModelReader& r, element value, const std::string& here, HnteRdRule& rule) {
  const auto hnte = r.object_at(value, here, {"rd_bands", "tech_staff_min_ppm"});
  if (!hnte) return;
  rule.tech_staff_min_ppm = r.integer(*hnte, "tech_staff_min_ppm", here, 0, 1000000).value_or(0);
  const auto bands = r.array_at(*hnte, "rd_bands", here);
  if (!bands) return;
  std::size_t index = 0;
  for (const element item : *bands) {
    const std::string at = indexed(here + ".rd_bands", index++);
    const auto band = r.object_at(item, at, {"min_ppm"}, {"revenue_max_fen"});
    if (!band) continue;
    HnteRdBand parsed;
    parsed.min_ppm = r.integer(*band, "min_ppm", at, 0, 1000000).value_or(0);
    if (r.member(*band, "revenue_max_fen")) parsed.revenue_max_fen = r.integer(*band, "revenue_max_fen", at, 0, kModelMoneyMax);
    const bool after_open = !rule.rd_bands.empty() && !rule.rd_bands.back().revenue_max_fen;
    const bool out_of_order = !rule.rd_bands.empty() && parsed.revenue_max_fen && rule.rd_bands.back().revenue_max_fen &&
                              *parsed.revenue_max_fen <= *rule.rd_bands.back().revenue_max_fen;
    if (after_open || out_of_order) r.fail(at, "bands must be listed by increasing revenue_max_fen, the last without one");
    rule.rd_bands.push_back(parsed);
  }
  if (rule.rd_bands.empty() || rule.rd_bands.back().revenue_max_fen) {
    r.fail(here + ".rd_bands", "the last band must have no revenue_max_fen (it covers every larger revenue)");
  }
}

void read_policies(ModelReader& r, object root, const std::string& path, ScoringModel& model) {
  const auto value = r.member(root, "policies");
  if (!value) return;
  const std::string here = path + ".policies";
  const auto policies = r.object_at(*value, here, {"tsme", "hnte_rd"});
  if (!policies) return;
  if (const auto tsme = r.member(*policies, "tsme")) read_tsme(r, *tsme, here + ".tsme", model.tsme);
  if (const auto hnte = r.member(*policies, "hnte_rd")) read_hnte_rd(r, *hnte, here + ".hnte_rd", model.hnte_rd);
}

}  // namespace

std::string_view to_string(Stage stage) { return kStageNames[static_cast<std::size_t>(stage)]; }
std::optional<Stage> stage_from_string(std::string_view text) { return find_name<Stage>(kStageNames, text); }
std::string_view to_string(IndicatorId id) { return kIndicatorNames[static_cast<std::size_t>(id)]; }
std::optional<IndicatorId> indicator_from_string(std::string_view text) {
  return find_name<IndicatorId>(kIndicatorNames, text);
}
std::string_view to_string(ZoneIndicatorId id) { return kZoneIndicatorNames[static_cast<std::size_t>(id)]; }
std::optional<ZoneIndicatorId> zone_indicator_from_string(std::string_view text) {
  return find_name<ZoneIndicatorId>(kZoneIndicatorNames, text);
}

const IndicatorRule* ScoringModel::indicator(IndicatorId id) const {
  for (const IndicatorRule& rule : indicators) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

Stage ScoringModel::stage_of(std::int64_t revenue_fen) const {
  if (revenue_fen >= mature_revenue_min_fen) return Stage::mature;
  if (revenue_fen >= growth_revenue_min_fen) return Stage::growth;
  return Stage::startup;
}

ModelParseResult parse_scoring_model(std::string_view model_json, std::string_view path_prefix) {
  FieldErrors errors;
  const std::string path(path_prefix);
  simdjson::dom::parser parser;
  element root_value;
  if (parser.parse(model_json.data(), model_json.size()).get(root_value)) {
    return std::vector<FieldError>{{path, "is not valid JSON"}};
  }
  ModelReader r(errors);
  const auto root = r.object_at(
      root_value, path,
      {"stages", "groups", "indicators", "window_years", "rd_other_cap", "patent_application_points", "level_points",
       "project_role_factor", "certification_points", "certification_points_max", "revenue_growth_ppm", "bonus",
       "penalties", "exclusions", "total_max", "tiers", "zone_index", "policies"},
      {"description"});
  if (!root) return errors.take();
  ScoringModel model;
  read_stages(r, *root, path, model);
  read_groups(r, *root, path, model);
  read_indicators(r, *root, path, model);
  read_tables(r, *root, path, model);
  read_bonus_and_penalties(r, *root, path, model);
  read_tiers(r, *root, path, model);
  read_zone_index(r, *root, path, model);
  read_policies(r, *root, path, model);
  if (!errors.empty()) return errors.take();
  return model;
}

}  // namespace jifen::domain
