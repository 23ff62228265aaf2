// End-to-end: the derived reads of a real jifend (score, policy list, leaderboard, zone and chain rankings),
// who may read them, and the problems for a bad query or a missing report. The seed model (published by
// jifenctl init) scores them.
#include <boost/test/unit_test.hpp>

#include "e2e_support.hpp"

using namespace jifen::e2e;

namespace {

// A fresh environment with A (startup: 10,000,000 yuan) and B (growth: 30,000,000 yuan) registered on the
// seed zone and chain, each with a FY 2020 report (12 of 40 tech staff, tax 100 fen).
Environment& scored_environment() {
  static Environment environment;
  static const bool ready = [] {
    for (const auto& [uscc, key, revenue] : {std::tuple{kEnterpriseA, &environment.enterprise_a_key, 1000000000ULL},
                                             std::tuple{kEnterpriseB, &environment.enterprise_b_key, 3000000000ULL}}) {
      const HttpResponse registered =
          environment.post("/v1/events", environment.bureau_key, registration_event("reg-" + std::string(uscc), uscc, "企业"));
      if (registered.status != 201) throw std::runtime_error("registration failed: " + registered.body);
      const HttpResponse reported =
          environment.post("/v1/events", *key, annual_report_event("ar-2020-" + std::string(uscc), uscc, 2020, revenue));
      if (reported.status != 201) throw std::runtime_error("report failed: " + reported.body);
    }
    return true;
  }();
  (void)ready;
  return environment;
}

std::string score_target(std::string_view uscc, std::string_view query) {
  return "/v1/enterprises/" + std::string(uscc) + "/score?" + std::string(query);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(e2e_scores)

BOOST_AUTO_TEST_CASE(an_enterprise_reads_its_score) {
  Environment& env = scored_environment();
  const HttpResponse score = env.get(score_target(kEnterpriseA, "year=2021"), env.enterprise_a_key);
  BOOST_TEST_REQUIRE(score.status == 200u, score.body);
  BOOST_TEST(score.header("content-type").find("application/json") == 0u);
  BOOST_TEST(json_string(score.body, "/enterprise").value() == kEnterpriseA);
  BOOST_TEST(json_unsigned(score.body, "/tree_size").value() == env.tree_size());
  BOOST_TEST(json_string(score.body, "/model/version").value() == "innovation-2021");
  BOOST_TEST(json_string(score.body, "/model/sha256").value().size() == 44u);
  BOOST_TEST(json_string(score.body, "/stage").value() == "startup");
  // Alone in its stage: tech staff 3000 + revenue 2500 + tax 2500, chain bonus 2000.
  BOOST_TEST(json_unsigned(score.body, "/total_milli").value() == 10000u);
  BOOST_TEST(json_unsigned(score.body, "/rank").value() == 1u);
  BOOST_TEST(json_string(score.body, "/tier").value() == "leading");
  BOOST_TEST(json_array_size(score.body, "/indicators") == 15u);
  BOOST_TEST(json_string(score.body, "/indicators/0/id").value() == "rd_intensity");
  BOOST_TEST(env.get(score_target(kEnterpriseA, "year=2021"), env.auditor_key).status == 200u);
}

BOOST_AUTO_TEST_CASE(only_the_owner_and_auditors_read_a_score) {
  Environment& env = scored_environment();
  BOOST_TEST(env.get(score_target(kEnterpriseA, "year=2021")).status == 401u);
  BOOST_TEST(env.get(score_target(kEnterpriseA, "year=2021"), env.enterprise_b_key).status == 403u);
  BOOST_TEST(env.get(score_target(kEnterpriseA, "year=2021"), env.bureau_key).status == 403u);
  BOOST_TEST(env.get("/v1/enterprises/" + std::string(kEnterpriseA) + "/policies?year=2021", env.enterprise_b_key).status == 403u);
}

BOOST_AUTO_TEST_CASE(bad_queries_and_missing_scores_are_problems) {
  Environment& env = scored_environment();
  for (const auto& [query, parameter] : {std::pair{"", "year"}, std::pair{"year=abc", "year"}, std::pair{"year=1800", "year"},
                                         std::pair{"year=2021&year=2022", "year"}, std::pair{"year=2021&limit=3", "query"},
                                         std::pair{"year=2021&as_of=x", "as_of"}}) {
    const HttpResponse refused = env.get(score_target(kEnterpriseA, query), env.auditor_key);
    BOOST_TEST_CONTEXT("query " << query) {
      BOOST_TEST(refused.status == 400u, refused.body);
      BOOST_TEST(json_string(refused.body, "/parameter").value_or("") == parameter);
    }
  }
  const HttpResponse no_report = env.get(score_target(kEnterpriseA, "year=2022"), env.auditor_key);
  BOOST_TEST(no_report.status == 404u);
  BOOST_TEST(json_string(no_report.body, "/detail").value().find("no annual report for fiscal year 2021") != std::string::npos);
  BOOST_TEST(env.get(score_target(kUnregistered, "year=2021"), env.auditor_key).status == 404u);
  const HttpResponse no_model = env.get(score_target(kEnterpriseA, "year=2019"), env.auditor_key);
  BOOST_TEST(no_model.status == 404u);
  BOOST_TEST(json_string(no_model.body, "/detail").value().find("no published scoring model covers year 2019") != std::string::npos);
  BOOST_TEST(env.get(score_target("91320621MA1MRHG204", "year=2021"), env.auditor_key).status == 400u);
}

BOOST_AUTO_TEST_CASE(the_policy_list_names_its_three_items) {
  Environment& env = scored_environment();
  const HttpResponse policies = env.get("/v1/enterprises/" + std::string(kEnterpriseA) + "/policies?year=2021", env.enterprise_a_key);
  BOOST_TEST_REQUIRE(policies.status == 200u, policies.body);
  BOOST_TEST(json_array_size(policies.body, "/items") == 3u);
  BOOST_TEST(json_string(policies.body, "/items/0/id").value() == "tsme");
  BOOST_TEST(json_unsigned(policies.body, "/items/0/points").value() == 20u);  // 30% tech staff, no R&D, no patents
  BOOST_TEST(json_string(policies.body, "/items/2/id").value() == "score_loan");
}

BOOST_AUTO_TEST_CASE(the_rankings_are_public) {
  Environment& env = scored_environment();
  const HttpResponse ranking = env.get("/v1/rankings/enterprises?year=2021");
  BOOST_TEST_REQUIRE(ranking.status == 200u, ranking.body);
  BOOST_TEST(json_array_size(ranking.body, "/entries") == 2u);
  // B (growth, alone): tech staff 2500 + revenue 3500 + tax 3500 + chain 2000 = 11500, ahead of A's 10000.
  BOOST_TEST(json_string(ranking.body, "/entries/0/enterprise").value() == kEnterpriseB);
  BOOST_TEST(json_unsigned(ranking.body, "/entries/0/total_milli").value() == 11500u);
  const HttpResponse startups = env.get("/v1/rankings/enterprises?year=2021&stage=startup&zone=" + std::string(kZone));
  BOOST_TEST(json_array_size(startups.body, "/entries") == 1u);
  BOOST_TEST(env.get("/v1/rankings/enterprises?year=2021&stage=giant").status == 400u);
  const HttpResponse zones = env.get("/v1/rankings/zones?year=2021");
  BOOST_TEST_REQUIRE(zones.status == 200u, zones.body);
  BOOST_TEST(json_string(zones.body, "/entries/0/zone").value() == kZone);
  BOOST_TEST(json_array_size(zones.body, "/entries") == 1u);  // the zones without scored enterprises are not ranked
  const HttpResponse chains = env.get("/v1/rankings/chains?year=2021");
  BOOST_TEST_REQUIRE(chains.status == 200u, chains.body);
  BOOST_TEST(json_string(chains.body, "/entries/0/chain").value() == kChain);
  BOOST_TEST(env.get("/v1/rankings/zones?year=2021&stage=growth").status == 400u);
}

// jifend answers a read again from what it rendered for the same board (on its I/O thread, not its pool): the
// same bytes, the same authorization, and the next write read at once.
BOOST_AUTO_TEST_CASE(a_read_answered_again_is_the_same_and_a_write_is_read_at_once) {
  Environment& env = scored_environment();
  const std::string target = score_target(kEnterpriseA, "year=2021");
  const HttpResponse first = env.get(target, env.auditor_key);
  BOOST_TEST_REQUIRE(first.status == 200u, first.body);
  const std::string leaderboard = env.get("/v1/rankings/enterprises?year=2021").body;
  for (int again = 0; again < 3; ++again) {
    BOOST_TEST(env.get(target, env.auditor_key).body == first.body);
    BOOST_TEST(env.get(target, env.enterprise_a_key).body == first.body);
    BOOST_TEST(env.get(target, env.enterprise_b_key).status == 403u);
    BOOST_TEST(env.get(target).status == 401u);
    BOOST_TEST(env.get("/v1/rankings/enterprises?year=2021").body == leaderboard);
  }
  const HttpResponse filed =
      env.post("/v1/events", env.enterprise_a_key, rd_expense_event("rd-read-again", kEnterpriseA, "1234500"));
  BOOST_TEST_REQUIRE(filed.status == 201u, filed.body);
  const HttpResponse after = env.get(target, env.auditor_key);
  BOOST_TEST(json_unsigned(after.body, "/tree_size").value() == env.tree_size());
  BOOST_TEST(json_unsigned(after.body, "/tree_size").value() == json_unsigned(first.body, "/tree_size").value() + 1);
  const std::string ranking_after = env.get("/v1/rankings/enterprises?year=2021").body;
  BOOST_TEST(json_unsigned(ranking_after, "/tree_size").value() == env.tree_size(), ranking_after);
}

BOOST_AUTO_TEST_CASE(earlier_states_are_read_as_of_a_tree_size_or_a_time) {
  Environment& env = scored_environment();
  const std::uint64_t before = env.tree_size();
  // A supersedes its FY 2020 report (1,000,000,000 fen) with another of 1,500,000,000 fen.
  const HttpResponse filed = env.post("/v1/events", env.enterprise_a_key, annual_report_event("ar-2020-again", kEnterpriseA, 2020, 1500000000));
  BOOST_TEST_REQUIRE(filed.status == 201u, filed.body);
  const std::string target = score_target(kEnterpriseA, "year=2021");
  const HttpResponse now = env.get(target, env.auditor_key);
  BOOST_TEST(json_unsigned(now.body, "/tree_size").value() == before + 1);
  BOOST_TEST(json_unsigned(now.body, "/indicators/8/raw").value() == 1500000000u);  // revenue
  const HttpResponse then = env.get(target + "&as_of=" + std::to_string(before), env.auditor_key);
  BOOST_TEST_REQUIRE(then.status == 200u, then.body);
  BOOST_TEST(json_unsigned(then.body, "/tree_size").value() == before);
  BOOST_TEST(json_string(then.body, "/indicators/8/id").value() == "revenue");
  BOOST_TEST(json_unsigned(then.body, "/indicators/8/raw").value() == 1000000000u);
  const HttpResponse later = env.get(target + "&as_of_time=2999-01-01T00:00:00%2B08:00", env.auditor_key);
  BOOST_TEST(json_unsigned(later.body, "/tree_size").value() == before + 1, later.body);
  const HttpResponse early = env.get("/v1/rankings/zones?year=2021&as_of_time=1999-12-31T23:59:59.5Z");
  BOOST_TEST(early.status == 404u, early.body);  // tree size 0: no model yet
  BOOST_TEST(env.get("/v1/rankings/enterprises?year=2021&as_of=1").status == 404u);
  const HttpResponse beyond = env.get(target + "&as_of=" + std::to_string(before + 100), env.auditor_key);
  BOOST_TEST(beyond.status == 400u);
  BOOST_TEST(json_string(beyond.body, "/parameter").value_or("") == "as_of");
  const HttpResponse bad_time = env.get(target + "&as_of_time=yesterday", env.auditor_key);
  BOOST_TEST(json_string(bad_time.body, "/parameter").value_or("") == "as_of_time");
  BOOST_TEST(env.get(target + "&as_of=1&as_of_time=2021-01-01T00:00:00Z", env.auditor_key).status == 400u);
}

BOOST_AUTO_TEST_SUITE_END()
