// The scoring model as data: the seed model parses into DOMAIN.md's numbers, and every kind of wrong model
// is refused with an error naming the member at fault.
#include <boost/test/unit_test.hpp>

#include <string>
#include <variant>

#include "domain/codec.hpp"
#include "domain/scoring_model.hpp"
#include "support/seed_model.hpp"

namespace jifen::domain {
namespace {

std::string seed_model_file() { return jifen::test::seed_model_text(); }

// The file is the data of a scoring_model.published event: decode it as one, as jifenctl does.
ScoringModelPublished decode_model_event(const std::string& data_json) {
  EventDecoder decoder;
  const std::string json = R"({"event_id":"m","type":"scoring_model.published","occurred_on":"2021-01-01","data":)" +
                           data_json + "}";
  DecodeResult result = decoder.decode(json);
  BOOST_TEST_REQUIRE(std::holds_alternative<Event>(result));
  return std::get<ScoringModelPublished>(std::get<Event>(result).data);
}

ModelParseResult parse_seed_with(const std::string& from, const std::string& to) {
  std::string text = seed_model_file();
  const std::size_t at = text.find(from);
  BOOST_TEST_REQUIRE(at != std::string::npos, "the seed model holds no " << from);
  text.replace(at, from.size(), to);
  return parse_scoring_model(decode_model_event(text).model_jcs);
}

std::string errors_of(const ModelParseResult& result) {
  std::string out;
  if (const auto* errors = std::get_if<std::vector<FieldError>>(&result)) {
    for (const FieldError& error : *errors) out += error.field + ": " + error.message + "\n";
  }
  return out;
}

void expect_error(const ModelParseResult& result, const std::string& field, const std::string& words) {
  const std::string errors = errors_of(result);
  BOOST_TEST(errors.find(field + ": ") != std::string::npos, "expected an error at " << field << ", got:\n" << errors);
  BOOST_TEST(errors.find(words) != std::string::npos, "expected '" << words << "' in:\n" << errors);
}

BOOST_AUTO_TEST_CASE(seed_model_parses_into_the_numbers_of_domain_md) {
  const ScoringModelPublished published = decode_model_event(seed_model_file());
  BOOST_TEST(published.version == "innovation-2021");
  const ModelParseResult result = parse_scoring_model(published.model_jcs);
  BOOST_TEST_REQUIRE(std::holds_alternative<ScoringModel>(result), errors_of(result));
  const ScoringModel& model = std::get<ScoringModel>(result);
  BOOST_TEST(model.growth_revenue_min_fen == 2000000000);
  BOOST_TEST(model.mature_revenue_min_fen == 10000000000);
  BOOST_TEST_REQUIRE(model.groups.size() == 3u);
  BOOST_TEST(model.groups[0].points[0] == 60);
  BOOST_TEST(model.groups[1].points[1] == 35);
  BOOST_TEST(model.groups[2].points[2] == 20);
  BOOST_TEST(model.groups[0].weight_sum == 10);
  BOOST_TEST(model.groups[1].weight_sum == 5);
  BOOST_TEST(model.groups[2].weight_sum == 3);
  BOOST_TEST(model.indicators.size() == kIndicatorCount);
  BOOST_TEST(!model.indicator(IndicatorId::revenue_growth)->zero_scores_zero);
  BOOST_TEST(model.indicator(IndicatorId::revenue)->zero_scores_zero);
  BOOST_TEST(model.indicator(IndicatorId::high_tech_share)->weight == 2);
  BOOST_TEST(model.rd_other_cap_numerator == 10);
  BOOST_TEST(model.rd_other_cap_denominator == 90);
  BOOST_TEST(model.incident_penalty[static_cast<std::size_t>(IncidentKind::safety_accident)] == 20);
  BOOST_TEST(model.incident_excludes[static_cast<std::size_t>(IncidentKind::research_misconduct)]);
  BOOST_TEST(!model.incident_excludes[static_cast<std::size_t>(IncidentKind::abnormal_operation)]);
  BOOST_TEST(model.tiers.size() == 3u);
  BOOST_TEST(model.zone_categories.size() == 4u);
  BOOST_TEST(model.tsme.rd_bands.front().min == 60000);
  BOOST_TEST(model.hnte_rd.rd_bands.size() == 3u);
  BOOST_TEST(to_string(model.stage_of(1999999999)) == "startup");
  BOOST_TEST(to_string(model.stage_of(2000000000)) == "growth");
  BOOST_TEST(to_string(model.stage_of(10000000000)) == "mature");
}

BOOST_AUTO_TEST_CASE(an_unknown_indicator_is_named) {
  expect_error(parse_seed_with(R"("id": "tax_paid")", R"("id": "tax_evaded")"), "data.model.indicators[11].id",
               "unknown indicator tax_evaded");
}

BOOST_AUTO_TEST_CASE(an_indicator_in_an_unknown_group_is_named) {
  expect_error(parse_seed_with(R"("id": "tax_paid", "group": "growth")", R"("id": "tax_paid", "group": "fiscal")"),
               "data.model.indicators[11].group", "unknown group fiscal");
}

BOOST_AUTO_TEST_CASE(stage_points_that_do_not_add_up_are_refused) {
  expect_error(parse_seed_with(R"("startup": 60, "growth": 50)", R"("startup": 60, "growth": 45)"), "data.model.groups",
               "the points of stage growth add up to 95, not 100");
}

BOOST_AUTO_TEST_CASE(zone_category_points_that_do_not_add_up_are_refused) {
  expect_error(parse_seed_with(R"("id": "international", "points": 15)", R"("id": "international", "points": 16)"),
               "data.model.zone_index", "add up to 101, not 100");
}

BOOST_AUTO_TEST_CASE(tsme_parts_that_do_not_add_up_are_refused) {
  expect_error(parse_seed_with(R"("invention_patent_points": 30)", R"("invention_patent_points": 35)"),
               "data.model.policies.tsme", "add up to 105, not 100");
}

BOOST_AUTO_TEST_CASE(an_indicator_listed_twice_is_refused) {
  expect_error(parse_seed_with(R"("id": "tax_paid")", R"("id": "revenue")"), "data.model.indicators[11].id",
               "listed twice");
}

BOOST_AUTO_TEST_CASE(a_group_without_indicators_is_refused) {
  const std::string text = seed_model_file();
  // Move the auxiliary indicators to the growth group: auxiliary keeps its points and loses its indicators.
  std::string moved = text;
  for (const char* id : {"equity_financing", "tech_credit", "certifications"}) {
    const std::string from = std::string(R"("id": ")") + id + R"(", "group": "auxiliary")";
    const std::size_t at = moved.find(from);
    BOOST_TEST_REQUIRE(at != std::string::npos);
    moved.replace(at, from.size(), std::string(R"("id": ")") + id + R"(", "group": "growth")");
  }
  expect_error(parse_scoring_model(decode_model_event(moved).model_jcs), "data.model.indicators",
               "group auxiliary has no indicator");
}

BOOST_AUTO_TEST_CASE(unknown_and_missing_members_are_named) {
  expect_error(parse_seed_with(R"("window_years": 3,)", R"("window_years": 3, "windows": 2,)"),
               "data.model.windows", "is not a member");
  expect_error(parse_seed_with(R"("total_max": 110,)", ""), "data.model.total_max", "is required");
}

BOOST_AUTO_TEST_CASE(bands_out_of_order_are_refused) {
  expect_error(parse_seed_with(R"({"min_ppm": 250000, "points": 16})", R"({"min_ppm": 350000, "points": 16})"),
               "data.model.policies.tsme.tech_staff_bands[1].min_ppm", "decreasing");
  expect_error(parse_seed_with(R"({"id": "chasing", "percent": 10})", R"({"id": "chasing", "percent": 5})"),
               "data.model.tiers[1].percent", "increasing");
}

BOOST_AUTO_TEST_CASE(year_ranges_overlap_when_they_share_a_year) {
  BOOST_TEST(year_ranges_overlap(2020, 2025, 2025, 2030));
  BOOST_TEST(year_ranges_overlap(2020, 2025, 2021, 2021));
  BOOST_TEST(!year_ranges_overlap(2020, 2025, 2026, 2030));
  BOOST_TEST(!year_ranges_overlap(2026, 2030, 2020, 2025));
}

}  // namespace
}  // namespace jifen::domain
