// The zone and chain index of DOMAIN.md ("Zone and chain rankings"), as pure functions: the figures of an
// area (a zone, or a chain) summed over its enterprises scored for year Y, the index indicators built from
// them, normalised over the areas, weighted into the model's categories, and the ranking.
//
// Definitions, with the choices DOMAIN.md leaves open:
// - The members of an area are its enterprises scored for Y (excluded ones included: they are still the
//   area's enterprises); an enterprise on several chains counts in each.
// - rd_ratio, high_tech_share, export_share: Σ counted R&D (or high-tech, export revenue) × 10^6 / Σ revenue.
// - invention_patents_per_10k_employees: Σ valid invention patents × 10^4 × 10^6 / Σ employees (ppm of a
//   patent per 10,000 employees).
// - platforms: provincial and national platforms held; tech_contracts: Σ seller amounts in the window;
//   hnte: members holding a valid hnte; tier_share: members in a tier × 10^6 / members;
//   pct_applications: PCT applications filed in the window; equity_financing: Σ equity in the window.
// - revenue_growth: over the members with a FY Y-2 report, (Σ revenue Y-1 − Σ revenue Y-2) × 10^6 / Σ revenue
//   Y-2; absent when there is none (or that sum is 0). median_score: the lower median of the members'
//   totals, (n − 1) / 2 in ascending order.
// - Normalised: value × 10^6 / max over the areas (0 when max ≤ 0); revenue_growth (value − min) × 10^6 /
//   (max − min) over the areas that have it (0 when absent, or when max = min).
// - Areas rank by index descending, ties by id ascending.
//
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/score.hpp"

namespace jifen::domain {

struct AreaFigures {
  std::int64_t members = 0;
  std::int64_t rd_fen = 0;
  std::int64_t revenue_fen = 0;
  std::int64_t high_tech_revenue_fen = 0;
  std::int64_t export_revenue_fen = 0;
  std::int64_t employees = 0;
  std::int64_t valid_inventions = 0;
  std::int64_t high_level_platforms = 0;
  std::int64_t seller_contracts_fen = 0;
  std::int64_t hnte_holders = 0;
  std::int64_t tiered = 0;
  std::int64_t pct_applications = 0;
  std::int64_t equity_fen = 0;
  std::int64_t growth_members = 0;           // members with a FY Y-2 report
  std::int64_t growth_revenue_fen = 0;       // their FY Y-1 revenue
  std::int64_t growth_prior_revenue_fen = 0; // their FY Y-2 revenue
  std::vector<std::int64_t> totals_milli;
};

// What one member adds to its areas' figures apart from its score, from its inputs: a board keeps this rather
// than every member's inputs.
struct AreaMember {
  std::int64_t rd_fen = 0;  // counted R&D
  std::int64_t revenue_fen = 0;
  std::int64_t high_tech_revenue_fen = 0;
  std::int64_t export_revenue_fen = 0;
  std::int64_t employees = 0;
  std::int64_t valid_inventions = 0;
  std::int64_t high_level_platforms = 0;
  std::int64_t seller_contracts_fen = 0;
  std::int64_t pct_applications = 0;
  std::int64_t equity_fen = 0;
  std::optional<std::int64_t> prior_revenue_fen;  // FY Y-2's, when reported
  bool hnte = false;
};
AreaMember area_member(const ScoringModel& model, const ScoreInputs& inputs);

// Adds one member. REQUIRES: `score` is the score, under the figures' model, of the inputs `member` came from.
void add_area_member(AreaFigures& figures, const AreaMember& member, const EnterpriseScore& score);

struct AreaIndicator {
  ZoneIndicatorId id = ZoneIndicatorId::rd_ratio;
  std::optional<std::int64_t> value;
  std::int64_t normalized_ppm = 0;
  std::int64_t points_milli = 0;
};

struct AreaCategory {
  std::string id;
  std::int64_t points_milli = 0;
};

struct AreaIndex {
  std::string id;  // the zone or chain id
  std::int64_t index_milli = 0;
  std::vector<AreaCategory> categories;   // the model's order
  std::vector<AreaIndicator> indicators;  // the model's order, category by category
  std::int64_t rank = 0;
};

std::optional<std::int64_t> area_indicator_value(const AreaFigures& figures, ZoneIndicatorId id);

struct Area {
  std::string id;
  AreaFigures figures;
};
// Indexes and ranks the areas; the answer is in rank order.
std::vector<AreaIndex> rank_areas(const ScoringModel& model, const std::vector<Area>& areas);

}  // namespace jifen::domain
