// The zone and chain index. See area_index.hpp.
#include "domain/area_index.hpp"

#include <algorithm>

#include "domain/wide_math.hpp"

namespace jifen::domain {
namespace {

constexpr std::int64_t kPpm = 1000000;
constexpr std::int64_t kMilli = 1000;
constexpr std::int64_t kPerTenThousandPpm = 10000 * kPpm;

std::int64_t median_lower(std::vector<std::int64_t> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[(values.size() - 1) / 2];
}

// value × 10^6 / max over the areas, or min-max for revenue growth.
std::int64_t normalize(ZoneIndicatorId id, std::optional<std::int64_t> value, std::int64_t min, std::int64_t max) {
  if (!value) return 0;
  if (id == ZoneIndicatorId::revenue_growth) {
    if (max == min) return 0;
    return multiply_divide(*value - min, kPpm, max - min);
  }
  if (max <= 0) return 0;
  return multiply_divide(*value, kPpm, max);
}

}  // namespace

AreaMember area_member(const ScoringModel& model, const ScoreInputs& inputs) {
  const ReportInput& report = inputs.report;
  AreaMember member;
  member.rd_fen = counted_rd_fen(model, inputs.rd);
  member.revenue_fen = report.revenue_fen;
  member.high_tech_revenue_fen = report.high_tech_revenue_fen;
  member.export_revenue_fen = report.export_revenue_fen;
  member.employees = report.employees;
  for (const GrantedPatentInput& patent : inputs.valid_patents) member.valid_inventions += patent.kind == PatentKind::invention ? 1 : 0;
  for (const PlatformInput& platform : inputs.platforms) member.high_level_platforms += platform.level != Level::municipal ? 1 : 0;
  for (const ContractInput& contract : inputs.seller_contracts) {
    member.seller_contracts_fen = add_saturating(member.seller_contracts_fen, contract.amount_fen);
  }
  member.hnte = std::any_of(inputs.certifications.begin(), inputs.certifications.end(),
                            [](const CertificationInput& c) { return c.kind == CertificationKind::hnte; });
  for (const ApplicationInput& application : inputs.applications) member.pct_applications += application.pct ? 1 : 0;
  for (const FinancingInput& financing : inputs.financing) {
    if (financing.kind == FinancingKind::equity) member.equity_fen = add_saturating(member.equity_fen, financing.amount_fen);
  }
  if (inputs.prior_report) member.prior_revenue_fen = inputs.prior_report->revenue_fen;
  return member;
}

// Amounts are never negative (the ledger refuses them), so summing a member's amounts first and then adding
// them, saturating, gives what adding each amount to the area's figures would.
void add_area_member(AreaFigures& figures, const AreaMember& member, const EnterpriseScore& score) {
  figures.members += 1;
  figures.rd_fen = add_saturating(figures.rd_fen, member.rd_fen);
  figures.revenue_fen = add_saturating(figures.revenue_fen, member.revenue_fen);
  figures.high_tech_revenue_fen = add_saturating(figures.high_tech_revenue_fen, member.high_tech_revenue_fen);
  figures.export_revenue_fen = add_saturating(figures.export_revenue_fen, member.export_revenue_fen);
  figures.employees = add_saturating(figures.employees, member.employees);
  figures.valid_inventions += member.valid_inventions;
  figures.high_level_platforms += member.high_level_platforms;
  figures.seller_contracts_fen = add_saturating(figures.seller_contracts_fen, member.seller_contracts_fen);
  figures.hnte_holders += member.hnte ? 1 : 0;
  figures.tiered += score.tier ? 1 : 0;
  figures.pct_applications += member.pct_applications;
  figures.equity_fen = add_saturating(figures.equity_fen, member.equity_fen);
  if (member.prior_revenue_fen) {
    figures.growth_members += 1;
    figures.growth_revenue_fen = add_saturating(figures.growth_revenue_fen, member.revenue_fen);
    figures.growth_prior_revenue_fen = add_saturating(figures.growth_prior_revenue_fen, *member.prior_revenue_fen);
  }
  figures.totals_milli.push_back(score.total_milli);
}

std::optional<std::int64_t> area_indicator_value(const AreaFigures& f, ZoneIndicatorId id) {
  switch (id) {
    case ZoneIndicatorId::rd_ratio: return ratio_ppm(f.rd_fen, f.revenue_fen);
    case ZoneIndicatorId::invention_patents_per_10k_employees:
      return f.employees == 0 ? 0 : multiply_divide(f.valid_inventions, kPerTenThousandPpm, f.employees);
    case ZoneIndicatorId::platforms: return f.high_level_platforms;
    case ZoneIndicatorId::tech_contracts: return f.seller_contracts_fen;
    case ZoneIndicatorId::hnte: return f.hnte_holders;
    case ZoneIndicatorId::high_tech_share: return ratio_ppm(f.high_tech_revenue_fen, f.revenue_fen);
    case ZoneIndicatorId::tier_share: return ratio_ppm(f.tiered, f.members);
    case ZoneIndicatorId::pct_applications: return f.pct_applications;
    case ZoneIndicatorId::export_share: return ratio_ppm(f.export_revenue_fen, f.revenue_fen);
    case ZoneIndicatorId::revenue_growth:
      if (f.growth_members == 0 || f.growth_prior_revenue_fen == 0) return std::nullopt;
      return multiply_divide(f.growth_revenue_fen - f.growth_prior_revenue_fen, kPpm, f.growth_prior_revenue_fen);
    case ZoneIndicatorId::equity_financing: return f.equity_fen;
    case ZoneIndicatorId::median_score: return median_lower(f.totals_milli);
  }
  return std::nullopt;
}

std::vector<AreaIndex> rank_areas(const ScoringModel& model, const std::vector<Area>& areas) {
  std::vector<AreaIndex> indexes(areas.size());
  for (const ZoneCategoryRule& category : model.zone_categories) {
    for (const ZoneIndicatorRule& rule : category.indicators) {
      std::vector<std::optional<std::int64_t>> values;
      std::optional<std::int64_t> min;
      std::optional<std::int64_t> max;
      for (const Area& area : areas) {
        values.push_back(area_indicator_value(area.figures, rule.id));
        if (!values.back()) continue;
        min = std::min(min.value_or(*values.back()), *values.back());
        max = std::max(max.value_or(*values.back()), *values.back());
      }
      for (std::size_t i = 0; i < areas.size(); ++i) {
        const std::int64_t normalized = normalize(rule.id, values[i], min.value_or(0), max.value_or(0));
        const std::int64_t points = category.points * kMilli * rule.weight * normalized / (category.weight_sum * kPpm);
        indexes[i].indicators.push_back(AreaIndicator{rule.id, values[i], normalized, points});
        if (indexes[i].categories.empty() || indexes[i].categories.back().id != category.id) {
          indexes[i].categories.push_back(AreaCategory{category.id, 0});
        }
        indexes[i].categories.back().points_milli += points;
        indexes[i].index_milli += points;
      }
    }
  }
  for (std::size_t i = 0; i < areas.size(); ++i) indexes[i].id = areas[i].id;
  std::sort(indexes.begin(), indexes.end(), [](const AreaIndex& a, const AreaIndex& b) {
    if (a.index_milli != b.index_milli) return a.index_milli > b.index_milli;
    return a.id < b.id;
  });
  for (std::size_t i = 0; i < indexes.size(); ++i) indexes[i].rank = static_cast<std::int64_t>(i) + 1;
  return indexes;
}

}  // namespace jifen::domain
