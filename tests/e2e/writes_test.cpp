// End-to-end: POST /v1/events and /v1/batches over real HTTP against a real jifend.
#include <boost/test/unit_test.hpp>

#include "domain/identifiers.hpp"
#include "e2e_support.hpp"

using namespace jifen::e2e;

namespace {

bool is_problem(const HttpResponse& response, unsigned status) {
  return response.status == status && response.header("content-type") == "application/problem+json" &&
         json_unsigned(response.body, "/status") == status && json_string(response.body, "/type").has_value() &&
         json_string(response.body, "/title").has_value() && json_string(response.body, "/detail").has_value();
}

std::string valid_uscc(std::string first17) {
  return first17 + jifen::domain::uscc_check_character(first17).value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(e2e_writes)

BOOST_AUTO_TEST_CASE(registration_then_own_filing_created_then_replayed) {
  Environment& env = shared_environment();
  const std::string uscc = valid_uscc("91320602MA1WQ7KX3");
  const HttpResponse registered = env.post("/v1/events", env.bureau_key, registration_event("reg-c", uscc, "Gamma"));
  BOOST_TEST_REQUIRE(registered.status == 201u, registered.body);
  const std::string key = env.create_key("enterprise", uscc);  // jifenctl beside a running jifend

  const std::string report = annual_report_event("ar-2021-c", uscc, 2021, 50'000'000'00);
  const HttpResponse created = env.post("/v1/events", key, report);
  BOOST_TEST_REQUIRE(created.status == 201u, created.body);
  BOOST_TEST(created.header("content-type") == "application/json");
  const std::uint64_t seq = json_unsigned(created.body, "/seq").value();
  BOOST_TEST(json_unsigned(created.body, "/tree_size").value() == seq + 1);
  BOOST_TEST(json_string(created.body, "/event_id").value() == "ar-2021-c");
  BOOST_TEST(json_string(created.body, "/leaf_hash").value().size() == 44u);
  BOOST_TEST(json_string(created.body, "/recorded_at").value().ends_with("Z"));
  BOOST_TEST(created.header("location") == "/v1/events/" + std::to_string(seq));

  // The same event again, with other whitespace: the original receipt.
  const HttpResponse replayed = env.post("/v1/events", key, " " + report + "\n");
  BOOST_TEST(replayed.status == 200u);
  BOOST_TEST(replayed.body == created.body);

  // The same event_id with another body: 409.
  const HttpResponse conflict = env.post("/v1/events", key, annual_report_event("ar-2021-c", uscc, 2021, 1));
  BOOST_TEST(is_problem(conflict, 409), conflict.body);
}

BOOST_AUTO_TEST_CASE(malformed_json_and_bad_if_match_are_400) {
  Environment& env = shared_environment();
  BOOST_TEST(is_problem(env.post("/v1/events", env.bureau_key, "{\"event_id\":"), 400));
  BOOST_TEST(is_problem(env.post("/v1/events", env.bureau_key, "[]"), 400));
  const std::string report = annual_report_event("ar-if-match", std::string(kEnterpriseA), 2020, 10);
  for (const std::string bad : {"x", "\"1", "W/\"1\"", "*", "-1", "1, 2"}) {
    const HttpResponse response = env.post("/v1/events", env.enterprise_a_key, report, "application/json",
                                           {{"If-Match", bad}});
    BOOST_TEST_CONTEXT("If-Match " << bad) {
      BOOST_TEST(is_problem(response, 400), response.body);
      BOOST_TEST(json_string(response.body, "/parameter").value_or("") == "If-Match");
    }
  }
  BOOST_TEST(is_problem(env.post("/v1/events", env.bureau_key, "{}", "text/plain"), 415));
}

BOOST_AUTO_TEST_CASE(missing_or_unknown_keys_are_401) {
  Environment& env = shared_environment();
  const std::string report = annual_report_event("ar-401", std::string(kEnterpriseA), 2020, 10);
  for (const HttpResponse& response :
       {env.post("/v1/events", "", report), env.post("/v1/events", "jfk_not_a_key", report),
        env.post("/v1/events", "", report, "application/json", {{"Authorization", "Basic dXNlcjpwYXNz"}})}) {
    BOOST_TEST(is_problem(response, 401), response.body);
    BOOST_TEST(response.header("www-authenticate").starts_with("Bearer"));
  }
}

BOOST_AUTO_TEST_CASE(roles_and_enterprises_are_403) {
  Environment& env = shared_environment();
  const std::string a(kEnterpriseA);
  const std::string b(kEnterpriseB);
  BOOST_TEST(is_problem(env.post("/v1/events", env.auditor_key, annual_report_event("ar-aud", a, 2020, 1)), 403));
  const HttpResponse other = env.post("/v1/events", env.enterprise_a_key, annual_report_event("ar-b", b, 2020, 1));
  BOOST_TEST(is_problem(other, 403), other.body);
  BOOST_TEST(other.body.find(a) != std::string::npos);  // names both enterprises
  BOOST_TEST(other.body.find(b) != std::string::npos);
  const HttpResponse bureau_only = env.post("/v1/events", env.enterprise_a_key, registration_event("reg-self", a, "A"));
  BOOST_TEST(is_problem(bureau_only, 403), bureau_only.body);
}

BOOST_AUTO_TEST_CASE(stale_if_match_is_412_with_the_current_version) {
  Environment& env = shared_environment();
  const std::string a(kEnterpriseA);
  const HttpResponse profile = env.get("/v1/enterprises/" + a, env.enterprise_a_key);
  BOOST_TEST_REQUIRE(profile.status == 200u);
  const std::uint64_t version = json_unsigned(profile.body, "/version").value();
  BOOST_TEST(profile.header("etag") == quoted(version));

  const std::string stale = quoted(version + 5);
  const HttpResponse refused = env.post("/v1/events", env.enterprise_a_key, annual_report_event("ar-412", a, 2019, 7),
                                        "application/json", {{"If-Match", stale}});
  BOOST_TEST(is_problem(refused, 412), refused.body);
  BOOST_TEST(json_unsigned(refused.body, "/current_version").value_or(0) == version);
  BOOST_TEST(refused.header("etag") == quoted(version));

  const HttpResponse accepted = env.post("/v1/events", env.enterprise_a_key, annual_report_event("ar-412", a, 2019, 7),
                                         "application/json", {{"If-Match", std::to_string(version)}});
  BOOST_TEST(accepted.status == 201u, accepted.body);
}

BOOST_AUTO_TEST_CASE(invalid_events_are_422_naming_the_field) {
  Environment& env = shared_environment();
  const std::string a(kEnterpriseA);
  const HttpResponse negative = env.post("/v1/events", env.enterprise_a_key, rd_expense_event("rd-neg", a, "-5"));
  BOOST_TEST(is_problem(negative, 422), negative.body);
  BOOST_TEST(json_string(negative.body, "/errors/0/field").value_or("") == "data.amount_fen");
  const HttpResponse fraction = env.post("/v1/events", env.enterprise_a_key, rd_expense_event("rd-frac", a, "1.5"));
  BOOST_TEST(is_problem(fraction, 422), fraction.body);
  BOOST_TEST(json_string(fraction.body, "/errors/0/field").value_or("") == "data.amount_fen");

  // Valid alone, invalid against the log: the enterprise was never registered.
  const std::string unknown(kUnregistered);
  const std::string certification =
      "{\"event_id\":\"cert-unknown\",\"type\":\"certification.granted\",\"enterprise\":\"" + unknown +
      "\",\"occurred_on\":\"2021-01-05\",\"data\":{\"kind\":\"hnte\",\"cert_no\":\"GR202132000001\","
      "\"valid_from\":\"2021-01-01\",\"valid_to\":\"2023-12-31\"}}";
  const std::uint64_t before = env.tree_size();
  const HttpResponse unregistered = env.post("/v1/events", env.bureau_key, certification);
  BOOST_TEST(is_problem(unregistered, 422), unregistered.body);
  BOOST_TEST(env.tree_size() == before);
}

BOOST_AUTO_TEST_CASE(batches_are_all_or_nothing_and_name_the_line) {
  Environment& env = shared_environment();
  const std::string a(kEnterpriseA);
  const std::string good = rd_expense_event("batch-1", a, "100") + "\n" + rd_expense_event("batch-2", a, "200") + "\n";
  const std::uint64_t before = env.tree_size();

  const HttpResponse bad_third = env.post("/v1/batches", env.enterprise_a_key,
                                          good + rd_expense_event("batch-3", a, "\"lots\"") + "\n", "application/x-ndjson");
  BOOST_TEST(is_problem(bad_third, 422), bad_third.body);
  BOOST_TEST(json_unsigned(bad_third.body, "/line").value_or(0) == 3u);
  BOOST_TEST(json_string(bad_third.body, "/errors/0/field").value_or("") == "data.amount_fen");
  BOOST_TEST(env.tree_size() == before);

  const HttpResponse malformed_second =
      env.post("/v1/batches", env.enterprise_a_key, rd_expense_event("batch-1", a, "100") + "\n{\n", "application/x-ndjson");
  BOOST_TEST(is_problem(malformed_second, 400), malformed_second.body);
  BOOST_TEST(json_unsigned(malformed_second.body, "/line").value_or(0) == 2u);

  const HttpResponse empty_line = env.post("/v1/batches", env.enterprise_a_key,
                                           rd_expense_event("batch-1", a, "100") + "\n\n" + rd_expense_event("batch-2", a, "200"),
                                           "application/x-ndjson");
  BOOST_TEST(is_problem(empty_line, 400), empty_line.body);
  BOOST_TEST(json_unsigned(empty_line.body, "/line").value_or(0) == 2u);
  BOOST_TEST(is_problem(env.post("/v1/batches", env.enterprise_a_key, "", "application/x-ndjson"), 400));
  BOOST_TEST(is_problem(env.post("/v1/batches", env.enterprise_a_key, good, "application/json"), 415));
  BOOST_TEST(env.tree_size() == before);

  const HttpResponse created = env.post("/v1/batches", env.enterprise_a_key, good, "application/x-ndjson");
  BOOST_TEST_REQUIRE(created.status == 201u, created.body);
  BOOST_TEST(json_array_size(created.body, "/receipts") == 2u);
  BOOST_TEST(json_string(created.body, "/receipts/0/event_id").value() == "batch-1");
  BOOST_TEST(json_string(created.body, "/receipts/1/event_id").value() == "batch-2");
  BOOST_TEST(json_unsigned(created.body, "/receipts/1/seq").value() ==
             json_unsigned(created.body, "/receipts/0/seq").value() + 1);
  BOOST_TEST(env.tree_size() == before + 2);

  const HttpResponse replayed = env.post("/v1/batches", env.enterprise_a_key, good, "application/x-ndjson");
  BOOST_TEST(replayed.status == 200u, replayed.body);
  BOOST_TEST(replayed.body == created.body);
}

BOOST_AUTO_TEST_CASE(bodies_and_batches_over_their_limits_are_413) {
  Environment& env = shared_environment();
  const std::uint64_t before = env.tree_size();
  const std::string big(std::size_t{1} << 20 | 1, ' ');
  const std::string request = "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + env.bureau_key +
                              "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(big.size()) +
                              "\r\n\r\n" + big;
  const HttpResponse too_big = raw_exchange(env.port(), request).front();
  BOOST_TEST(is_problem(too_big, 413), too_big.body);
  BOOST_TEST(json_string(too_big.body, "/limit").value_or("") == "request_body_bytes_max");
  BOOST_TEST(json_unsigned(too_big.body, "/limit_value").value_or(0) == 1048576u);

  std::string lines;
  for (int i = 0; i < 10001; ++i) lines += "{}\n";
  const HttpResponse too_long = env.post("/v1/batches", env.bureau_key, lines, "application/x-ndjson");
  BOOST_TEST(is_problem(too_long, 413), too_long.body);
  BOOST_TEST(json_string(too_long.body, "/limit").value_or("") == "batch_events_max");
  BOOST_TEST(env.tree_size() == before);
}

BOOST_AUTO_TEST_SUITE_END()
