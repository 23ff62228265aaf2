// The scoring arithmetic, piece by piece, against figures worked out by hand from DOMAIN.md.
#include <boost/test/unit_test.hpp>

#include <string>
#include <variant>

#include "domain/codec.hpp"
#include "domain/score.hpp"
#include "support/seed_model.hpp"

namespace jifen::domain {
namespace {

const ScoringModel& seed_model() {
  static const ScoringModel model =
      std::get<ScoringModel>(parse_scoring_model(jifen::test::seed_model_published().model_jcs));
  return model;
}

ScoreInputs inputs_with_revenue(const std::string& uscc, std::int64_t revenue_fen) {
  ScoreInputs inputs;
  inputs.enterprise = uscc;
  inputs.year = 2021;
  inputs.report = ReportInput{10, revenue_fen, 0, 0, 0, 100, 10};
  return inputs;
}

std::int64_t raw_of(const RawScore& raw, IndicatorId id) {
  for (const IndicatorValue& value : raw.indicators) {
    if (value.id == id) return value.raw.value_or(-1);
  }
  return -2;
}

const IndicatorScore& indicator_of(const EnterpriseScore& score, IndicatorId id) {
  for (const IndicatorScore& indicator : score.indicators) {
    if (indicator.id == id) return indicator;
  }
  throw std::logic_error("no such indicator");
}

BOOST_AUTO_TEST_CASE(mid_rank_percentile) {
  const std::vector<std::int64_t> peers = {10, 20, 20, 30};
  BOOST_TEST(percentile_ppm(peers, 10, false) == 125000);  // (0 + 1) / 8
  BOOST_TEST(percentile_ppm(peers, 20, false) == 500000);  // (2 + 2) / 8
  BOOST_TEST(percentile_ppm(peers, 30, false) == 875000);  // (6 + 1) / 8
  BOOST_TEST(percentile_ppm({7}, 7, false) == 500000);     // alone: (0 + 1) / 2
  BOOST_TEST(percentile_ppm({10, 30}, 20, true) == 500000);  // itself added: (2 + 1) / 6
  BOOST_TEST(percentile_ppm({1, 2, 3}, 2, false) == 500000);  // (2 + 1) / 6
  BOOST_TEST(percentile_ppm({1, 2, 3, 4, 5, 6}, 1, false) == 83333);  // 1 000 000 / 12, truncated
  BOOST_TEST(percentile_ppm({}, 5, false) == 0);
}

BOOST_AUTO_TEST_CASE(tier_bounds_round_up) {
  BOOST_TEST(tier_rank_max(1, 5) == 1);
  BOOST_TEST(tier_rank_max(20, 5) == 1);
  BOOST_TEST(tier_rank_max(21, 5) == 2);
  BOOST_TEST(tier_rank_max(20, 10) == 2);
  BOOST_TEST(tier_rank_max(21, 20) == 5);
  BOOST_TEST(tier_rank_max(0, 20) == 0);
}

BOOST_AUTO_TEST_CASE(other_rd_is_capped_at_a_ninth_of_the_rest) {
  const ScoringModel& model = seed_model();
  BOOST_TEST(counted_rd_fen(model, {{1, RdCategory::personnel, 900}, {2, RdCategory::other, 200}}) == 1000);
  BOOST_TEST(counted_rd_fen(model, {{1, RdCategory::personnel, 900}, {2, RdCategory::other, 50}}) == 950);
  BOOST_TEST(counted_rd_fen(model, {{1, RdCategory::design, 100}, {2, RdCategory::other, 100}}) == 111);  // 1000/90
  BOOST_TEST(counted_rd_fen(model, {{2, RdCategory::other, 100}}) == 0);
}

BOOST_AUTO_TEST_CASE(revenue_growth_is_clamped_and_absent_without_a_prior_year) {
  const ScoringModel& model = seed_model();
  ScoreInputs inputs = inputs_with_revenue(std::string("91320621MA1MRHG205"), 300);
  BOOST_TEST(!raw_score(model, inputs).indicators[9].raw.has_value());
  inputs.prior_report = ReportInput{5, 100, 0, 0, 0, 1, 0};
  BOOST_TEST(raw_of(raw_score(model, inputs), IndicatorId::revenue_growth) == 1000000);
  inputs.report.revenue_fen = 10;
  BOOST_TEST(raw_of(raw_score(model, inputs), IndicatorId::revenue_growth) == -500000);
  inputs.report.revenue_fen = 133;
  BOOST_TEST(raw_of(raw_score(model, inputs), IndicatorId::revenue_growth) == 330000);
  inputs.prior_report->revenue_fen = 0;
  BOOST_TEST(!raw_score(model, inputs).indicators[9].raw.has_value());
}

BOOST_AUTO_TEST_CASE(stage_by_revenue_and_points_of_an_enterprise_alone) {
  const ScoringModel& model = seed_model();
  // Alone in its peer group, every non-zero indicator normalises to 500000 ppm.
  ScoreInputs inputs = inputs_with_revenue("91320621MA1MRHG205", 1000000000);  // 10 million yuan: startup
  inputs.rd = {{3, RdCategory::personnel, 50000000}};
  const std::vector<EnterpriseScore> scores = score_year(model, {raw_score(model, inputs)});
  const EnterpriseScore& score = scores.front();
  BOOST_TEST(to_string(score.stage) == "startup");
  // rd_intensity: 60 × 1000 × 2 × 500000 / (10 × 10^6) = 6000
  BOOST_TEST(indicator_of(score, IndicatorId::rd_intensity).raw.value() == 50000);
  BOOST_TEST(indicator_of(score, IndicatorId::rd_intensity).normalized_ppm == 500000);
  BOOST_TEST(indicator_of(score, IndicatorId::rd_intensity).points_milli == 6000);
  BOOST_TEST(indicator_of(score, IndicatorId::rd_amount).points_milli == 3000);
  BOOST_TEST(indicator_of(score, IndicatorId::tech_staff_ratio).points_milli == 3000);
  BOOST_TEST(indicator_of(score, IndicatorId::invention_patents).points_milli == 0);
  // revenue: 25 × 1000 × 1 × 500000 / (5 × 10^6) = 2500; revenue_growth absent: 0; tax_paid 0 scores 0.
  BOOST_TEST(indicator_of(score, IndicatorId::revenue).points_milli == 2500);
  BOOST_TEST(indicator_of(score, IndicatorId::revenue_growth).points_milli == 0);
  BOOST_TEST(indicator_of(score, IndicatorId::tax_paid).points_milli == 0);
  BOOST_TEST(score.total_milli == 6000 + 3000 + 3000 + 2500);
  BOOST_TEST(score.rank.value() == 1);
  BOOST_TEST(score.peers == 1);
  BOOST_TEST(score.tier.value() == "leading");
  BOOST_TEST(indicator_of(score, IndicatorId::rd_intensity).seqs == (std::vector<std::uint64_t>{3, 10}));
}

BOOST_AUTO_TEST_CASE(ties_rank_by_uscc_and_excluded_enterprises_are_left_out) {
  const ScoringModel& model = seed_model();
  ScoreInputs a = inputs_with_revenue("91350100M000100Y43", 1000000000);
  ScoreInputs b = inputs_with_revenue("91320621MA1MRHG205", 1000000000);
  ScoreInputs c = inputs_with_revenue("91110000600037341L", 1000000000);
  c.incidents = {{20, "INC-1", IncidentKind::dishonest_debtor}};
  const std::vector<EnterpriseScore> scores = score_year(model, {raw_score(model, a), raw_score(model, b), raw_score(model, c)});
  // a and b tie; b's USCC sorts first. c is excluded: no rank, but a score against {a, b} plus itself.
  BOOST_TEST(scores[0].total_milli == scores[1].total_milli);
  BOOST_TEST(scores[1].rank.value() == 1);
  BOOST_TEST(scores[0].rank.value() == 2);
  BOOST_TEST(scores[0].peers == 2);
  // Every tier bound of two peers is 1 (⌈2 × 20%⌉ = 1): rank 1 leads, rank 2 is in no tier.
  BOOST_TEST(scores[1].tier.value() == "leading");
  BOOST_TEST(!scores[0].tier.has_value());
  BOOST_TEST(scores[2].excluded);
  BOOST_TEST(!scores[2].rank.has_value());
  BOOST_TEST(!scores[2].tier.has_value());
  BOOST_TEST(scores[2].exclusion_reason.value().find("dishonest_debtor incident INC-1 (seq 20)") != std::string::npos);
  // All three report revenue 10 million yuan: c among {a, b} and itself: below 0, equal 3 → 500000.
  BOOST_TEST(indicator_of(scores[2], IndicatorId::revenue).normalized_ppm == 500000);
}

BOOST_AUTO_TEST_CASE(bonus_is_capped_and_penalties_count_once_per_kind) {
  const ScoringModel& model = seed_model();
  ScoreInputs inputs = inputs_with_revenue("91320621MA1MRHG205", 1000000000);
  inputs.on_chain = true;
  inputs.affiliation_seq = 4;
  inputs.projects = {{11, ProjectScheme::consortium, Level::municipal, ProjectRole::participant},
                     {12, ProjectScheme::rural, Level::municipal, ProjectRole::participant},
                     {13, ProjectScheme::rural, Level::municipal, ProjectRole::participant}};
  inputs.talent_teams = {{14}};
  inputs.incidents = {{15, "S-1", IncidentKind::safety_accident}, {16, "S-2", IncidentKind::safety_accident},
                      {17, "A-1", IncidentKind::abnormal_operation}};
  const RawScore raw = raw_score(model, inputs);
  BOOST_TEST(raw.bonus.size() == 4u);     // 2 + 3 + 2 + 3 = 10
  BOOST_TEST(raw.bonus_milli == 10000);  // the cap, reached exactly
  BOOST_TEST(raw.penalty_milli == 30000);
  BOOST_TEST(!raw.excluded);
  const EnterpriseScore score = score_year(model, {raw}).front();
  // Indicators: rd 0; tech_staff_ratio 3000; projects 3000; revenue 2500 → 8500 + 10000 - 30000 < 0 → 0.
  BOOST_TEST(score.indicators_milli == 8500);
  BOOST_TEST(score.total_milli == 0);
}

BOOST_AUTO_TEST_CASE(incident_activity_and_validity_on_a_day) {
  const ScoringModel& model = seed_model();
  const Window window = evaluation_window(model, 2021);
  BOOST_TEST(window.first_day() == "2018-01-01");
  BOOST_TEST(window.last_day() == "2020-12-31");
  BOOST_TEST(incident_active_in("2020-12-31", "", window));
  BOOST_TEST(!incident_active_in("2021-01-01", "", window));
  BOOST_TEST(incident_active_in("2015-01-01", "2018-01-01", window));
  BOOST_TEST(!incident_active_in("2015-01-01", "2017-12-31", window));
  BOOST_TEST(patent_valid_on("2020-12-31", "", "2020-12-31"));
  BOOST_TEST(!patent_valid_on("2020-12-31", "2020-12-31", "2020-12-31"));
  BOOST_TEST(!patent_valid_on("", "", "2020-12-31"));
  BOOST_TEST(certification_valid_on("2018-01-01", "2020-12-31", "", "2020-12-31"));
  BOOST_TEST(!certification_valid_on("2021-01-01", "2023-12-31", "", "2020-12-31"));
  BOOST_TEST(!certification_valid_on("2018-01-01", "2023-12-31", "2020-06-01", "2020-12-31"));
  BOOST_TEST(certification_valid_on("2018-01-01", "2023-12-31", "2021-01-01", "2020-12-31"));
}

}  // namespace
}  // namespace jifen::domain
