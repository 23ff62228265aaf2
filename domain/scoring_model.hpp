// The scoring model of DOMAIN.md as a typed value: stages, indicator groups and weights, the caps and
// point tables of the raw values, bonus, penalties and exclusions, tiers, the zone index and the policy
// rules. The model travels as data (seeds/models/*.json, published to the log by scoring_model.published);
// this is its parsed and validated form. Nothing here is a default the scores fall back on: every number
// comes from the document.
//
// Pure values and functions; safe from any thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/codec.hpp"
#include "domain/event.hpp"

namespace jifen::domain {

// Company stage by fiscal revenue (DOMAIN.md "Stage"). Wire spellings: startup, growth, mature.
enum class Stage : std::uint8_t { startup, growth, mature };
inline constexpr std::size_t kStageCount = 3;
std::string_view to_string(Stage stage);
std::optional<Stage> stage_from_string(std::string_view text);

// The enterprise indicators the code knows how to compute; a model chooses which to use and weighs them.
enum class IndicatorId : std::uint8_t {
  rd_intensity, rd_amount, tech_staff_ratio, invention_patents, patent_applications, tech_contracts, projects,
  platforms, revenue, revenue_growth, high_tech_share, tax_paid, equity_financing, tech_credit, certifications,
};
inline constexpr std::size_t kIndicatorCount = 15;
std::string_view to_string(IndicatorId id);
std::optional<IndicatorId> indicator_from_string(std::string_view text);

// The zone (and chain) index indicators.
enum class ZoneIndicatorId : std::uint8_t {
  rd_ratio, invention_patents_per_10k_employees, platforms, tech_contracts, hnte, high_tech_share, tier_share,
  pct_applications, export_share, revenue_growth, equity_financing, median_score,
};
inline constexpr std::size_t kZoneIndicatorCount = 12;
std::string_view to_string(ZoneIndicatorId id);
std::optional<ZoneIndicatorId> zone_indicator_from_string(std::string_view text);

// The points every stage's groups, and the zone index's categories, must add up to.
inline constexpr std::int64_t kModelPointsTotal = 100;
// Bounds that keep every product of the arithmetic far inside 64 bits.
inline constexpr std::int64_t kModelPointsMax = 1000;
inline constexpr std::int64_t kModelWeightMax = 1000;
inline constexpr std::int64_t kModelMoneyMax = 9007199254740991;  // 2^53 - 1 fen

struct GroupRule {
  std::string id;
  std::array<std::int64_t, kStageCount> points{};  // by Stage
  std::int64_t weight_sum = 0;                     // Σ weights of the indicators in this group (derived)
};

struct IndicatorRule {
  IndicatorId id = IndicatorId::rd_intensity;
  std::size_t group = 0;  // index into ScoringModel::groups
  std::int64_t weight = 1;
  bool zero_scores_zero = true;  // a raw value of 0 normalises to 0
};

struct TierRule {
  std::string id;            // "leading", "chasing", "striving"
  std::int64_t percent = 0;  // rank <= ceil(n * percent / 100)
};

struct ZoneIndicatorRule {
  ZoneIndicatorId id = ZoneIndicatorId::rd_ratio;
  std::int64_t weight = 1;
};

struct ZoneCategoryRule {
  std::string id;  // "knowledge", "upgrading", "international", "sustainable"
  std::int64_t points = 0;
  std::vector<ZoneIndicatorRule> indicators;
  std::int64_t weight_sum = 0;  // derived
};

// A threshold table, highest threshold first: the first band whose minimum the value reaches gives the points.
struct Band {
  std::int64_t min = 0;
  std::int64_t points = 0;
};

struct TsmeRule {
  std::vector<Band> tech_staff_bands;  // min in ppm
  std::vector<Band> rd_bands;          // min in ppm
  std::int64_t invention_patent_points = 0;
  std::vector<Band> other_grant_bands;  // min is a count of valid utility and design grants
  std::int64_t points_min = 0;
  std::int64_t employees_max = 0;
  std::int64_t revenue_max_fen = 0;
};

struct HnteRdBand {
  std::optional<std::int64_t> revenue_max_fen;  // absent: every revenue above the previous band
  std::int64_t min_ppm = 0;
};

struct HnteRdRule {
  std::vector<HnteRdBand> rd_bands;  // by increasing revenue_max_fen, the last without one
  std::int64_t tech_staff_min_ppm = 0;
};

struct ScoringModel {
  std::int64_t growth_revenue_min_fen = 0;
  std::int64_t mature_revenue_min_fen = 0;
  std::vector<GroupRule> groups;
  std::vector<IndicatorRule> indicators;  // in the document's order: the order of a score's breakdown
  std::int32_t window_years = 3;          // flows dated in Y-window_years .. Y-1
  std::int64_t rd_other_cap_numerator = 0;
  std::int64_t rd_other_cap_denominator = 1;
  std::array<std::int64_t, 3> patent_application_points{};  // by PatentKind
  std::array<std::int64_t, 3> level_points{};               // by Level: projects and platforms
  std::array<std::int64_t, 2> project_role_factor{};        // by ProjectRole
  std::array<std::int64_t, 3> certification_points{};       // by CertificationKind
  std::int64_t certification_points_max = 0;
  std::int64_t revenue_growth_min_ppm = 0;
  std::int64_t revenue_growth_max_ppm = 0;
  // Bonus and penalties in whole points.
  std::int64_t bonus_chain_member = 0;
  std::int64_t bonus_consortium_project = 0;
  std::int64_t bonus_rural_project = 0;
  std::int64_t bonus_talent_team = 0;
  std::int64_t bonus_max = 0;
  std::array<std::int64_t, 4> incident_penalty{};  // by IncidentKind; 0 for none
  std::array<bool, 4> incident_excludes{};         // by IncidentKind
  std::int64_t total_max = 0;
  std::vector<TierRule> tiers;  // by increasing percent
  std::vector<ZoneCategoryRule> zone_categories;
  TsmeRule tsme;
  HnteRdRule hnte_rd;

  // The rule of an indicator the model uses, or nullptr.
  const IndicatorRule* indicator(IndicatorId id) const;
  Stage stage_of(std::int64_t revenue_fen) const;
};

// A published model: its version, the evaluation years it covers, its document's JCS and that text's
// SHA-256 (what a score names).
struct PublishedModel {
  std::string version;
  std::int32_t year_from = 0;
  std::int32_t year_to = 0;
  std::string model_jcs;
  Digest sha256{};
  ScoringModel model;
};

// Parses and validates a model document (the `model` object of scoring_model.published, as JSON text).
// Every problem is a FieldError at its path under `path_prefix` ("data.model.groups[1].points.growth"):
// unknown or missing members, unknown indicator or group ids, an indicator listed twice, a group without
// indicators, stage points or zone category points that do not add up to kModelPointsTotal, thresholds out
// of order, values out of range.
using ModelParseResult = std::variant<ScoringModel, std::vector<FieldError>>;
ModelParseResult parse_scoring_model(std::string_view model_json, std::string_view path_prefix = "data.model");

// Whether two inclusive year ranges share a year.
inline bool year_ranges_overlap(std::int32_t from_a, std::int32_t to_a, std::int32_t from_b, std::int32_t to_b) {
  return from_a <= to_b && from_b <= to_a;
}

}  // namespace jifen::domain
