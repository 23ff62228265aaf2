// End-to-end: the GET endpoints and who may read what.
#include <boost/test/unit_test.hpp>

#include "e2e_support.hpp"

using namespace jifen::e2e;

namespace {

std::uint64_t post_report(Environment& env, const std::string& key, std::string_view uscc, std::string_view event_id) {
  const HttpResponse created = env.post("/v1/events", key, annual_report_event(event_id, uscc, 2018, 99));
  if (created.status != 201 && created.status != 200) throw std::runtime_error("post failed: " + created.body);
  return json_unsigned(created.body, "/seq").value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(e2e_reads)

BOOST_AUTO_TEST_CASE(the_whole_log_is_for_auditors) {
  Environment& env = shared_environment();
  BOOST_TEST(env.get("/v1/events").status == 401u);
  BOOST_TEST(env.get("/v1/events", env.enterprise_a_key).status == 403u);
  BOOST_TEST(env.get("/v1/events", env.bureau_key).status == 403u);
  const HttpResponse first = env.get("/v1/events?from=0&limit=2", env.auditor_key);
  BOOST_TEST_REQUIRE(first.status == 200u, first.body);
  BOOST_TEST(json_array_size(first.body, "/events") == 2u);
  BOOST_TEST(json_unsigned(first.body, "/next").value() == 2u);
  BOOST_TEST(json_unsigned(first.body, "/events/1/seq").value() == 1u);
  BOOST_TEST(json_string(first.body, "/events/0/leaf_hash").has_value());
  BOOST_TEST(json_string(first.body, "/events/0/data_sha256").has_value());
  const std::uint64_t size = env.tree_size();
  const HttpResponse beyond = env.get("/v1/events?from=" + std::to_string(size + 10), env.auditor_key);
  BOOST_TEST(json_array_size(beyond.body, "/events") == 0u);
  BOOST_TEST(json_unsigned(beyond.body, "/next").value() == size + 10);
  for (const std::string_view query : {"limit=0", "limit=1001", "limit=x", "from=-1", "from=1&from=2", "frm=1"}) {
    const HttpResponse refused = env.get("/v1/events?" + std::string(query), env.auditor_key);
    BOOST_TEST_CONTEXT("query " << query) {
      BOOST_TEST(refused.status == 400u);
      BOOST_TEST(json_string(refused.body, "/parameter").has_value());
    }
  }
  BOOST_TEST(json_string(env.get("/v1/events?limit=1001", env.auditor_key).body, "/parameter").value() == "limit");
}

BOOST_AUTO_TEST_CASE(one_record_for_auditors_and_its_enterprise) {
  Environment& env = shared_environment();
  const std::uint64_t seq = post_report(env, env.enterprise_a_key, kEnterpriseA, "ar-read-one");
  const std::string target = "/v1/events/" + std::to_string(seq);
  const HttpResponse own = env.get(target, env.enterprise_a_key);
  BOOST_TEST_REQUIRE(own.status == 200u, own.body);
  BOOST_TEST(json_unsigned(own.body, "/seq").value() == seq);
  BOOST_TEST(json_string(own.body, "/event_id").value() == "ar-read-one");
  BOOST_TEST(json_unsigned(own.body, "/data/fiscal_year").value() == 2018u);
  BOOST_TEST(env.get(target, env.auditor_key).status == 200u);
  BOOST_TEST(env.get(target, env.enterprise_b_key).status == 403u);
  BOOST_TEST(env.get(target, env.bureau_key).status == 403u);
  BOOST_TEST(env.get(target).status == 401u);
  BOOST_TEST(env.get("/v1/events/0", env.enterprise_a_key).status == 403u);  // a zone, not A's
  BOOST_TEST(env.get("/v1/events/99999999", env.auditor_key).status == 404u);
  BOOST_TEST(env.get("/v1/events/abc", env.auditor_key).status == 400u);
}

BOOST_AUTO_TEST_CASE(enterprise_profiles_public_and_full) {
  Environment& env = shared_environment();
  const std::string target = "/v1/enterprises/" + std::string(kEnterpriseA);
  const HttpResponse anyone = env.get(target);
  BOOST_TEST_REQUIRE(anyone.status == 200u, anyone.body);
  BOOST_TEST(json_string(anyone.body, "/name").value() == "Acme Semiconductors");
  BOOST_TEST(json_string(anyone.body, "/zone").value() == std::string(kZone));
  BOOST_TEST(json_string(anyone.body, "/chains/0").value() == std::string(kChain));
  BOOST_TEST(!json_unsigned(anyone.body, "/version").has_value());
  BOOST_TEST(anyone.header("etag").empty());
  BOOST_TEST(!json_unsigned(env.get(target, env.enterprise_b_key).body, "/version").has_value());
  for (const std::string* key : {&env.enterprise_a_key, &env.auditor_key}) {
    const HttpResponse full = env.get(target, *key);
    BOOST_TEST(full.status == 200u);
    BOOST_TEST(json_unsigned(full.body, "/version").has_value());
    BOOST_TEST(json_unsigned(full.body, "/registered_seq").has_value());
    BOOST_TEST(json_string(full.body, "/registered_on").value() == "2019-05-06");
    BOOST_TEST(full.header("etag") == quoted(json_unsigned(full.body, "/version").value()));
  }
  const HttpResponse invalid = env.get("/v1/enterprises/91320621MA1MRHG206");
  BOOST_TEST(invalid.status == 400u);
  BOOST_TEST(json_string(invalid.body, "/parameter").value_or("") == "uscc");
  BOOST_TEST(env.get("/v1/enterprises/" + std::string(kUnregistered)).status == 404u);
  BOOST_TEST(env.get(target, "jfk_wrong").status == 401u);
}

BOOST_AUTO_TEST_CASE(enterprise_events_for_owner_and_auditor) {
  Environment& env = shared_environment();
  post_report(env, env.enterprise_b_key, kEnterpriseB, "ar-b-events");
  const std::string target = "/v1/enterprises/" + std::string(kEnterpriseB) + "/events";
  const HttpResponse own = env.get(target, env.enterprise_b_key);
  BOOST_TEST_REQUIRE(own.status == 200u, own.body);
  const std::size_t count = json_array_size(own.body, "/events");
  BOOST_TEST(count >= 2u);  // registration and the report
  BOOST_TEST(json_string(own.body, "/events/0/type").value() == "enterprise.registered");
  BOOST_TEST(env.get(target, env.auditor_key).body == own.body);
  BOOST_TEST(env.get(target, env.enterprise_a_key).status == 403u);
  BOOST_TEST(env.get(target, env.bureau_key).status == 403u);
  BOOST_TEST(env.get(target).status == 401u);
  const HttpResponse paged = env.get(target + "?limit=1", env.enterprise_b_key);
  BOOST_TEST(json_array_size(paged.body, "/events") == 1u);
  const std::uint64_t next = json_unsigned(paged.body, "/next").value();
  const HttpResponse rest = env.get(target + "?from=" + std::to_string(next), env.enterprise_b_key);
  BOOST_TEST(json_array_size(rest.body, "/events") == count - 1);
  BOOST_TEST(env.get(target + "?limit=0", env.enterprise_b_key).status == 400u);
}

BOOST_AUTO_TEST_CASE(health_readiness_metrics) {
  Environment& env = shared_environment();
  const HttpResponse health = env.get("/healthz");
  BOOST_TEST(health.status == 200u);
  BOOST_TEST(json_string(health.body, "/status").value() == "ok");
  BOOST_TEST(env.get("/readyz").status == 200u);
  const HttpResponse metrics = env.get("/metrics");
  BOOST_TEST(metrics.status == 200u);
  BOOST_TEST(metrics.header("content-type").starts_with("text/plain"));
  BOOST_TEST(metrics.body.find("jifen_http_requests_total{class=\"2xx\"}") != std::string::npos);
  BOOST_TEST(metrics.body.find("jifen_http_connections_open 1") != std::string::npos);
  BOOST_TEST(metrics.body.find("jifen_ledger_tree_size " + std::to_string(env.tree_size())) != std::string::npos);
}

// The writer's figures count this jifend's commits: one-event POSTs one after another are a commit each, a batch
// is one, and the journal has checkpointed (before the first commit, at least).
BOOST_AUTO_TEST_CASE(metrics_count_the_writers_commits) {
  Environment env;
  const auto figure = [&env](const std::string& name) {
    const std::string text = "\n" + env.get("/metrics").body;
    const std::size_t at = text.find("\n" + name + " ");
    BOOST_TEST_REQUIRE(at != std::string::npos, name);
    return std::stoull(text.substr(at + name.size() + 2));
  };
  const std::uint64_t commits = figure("jifen_ledger_commit_seconds_count");
  const std::uint64_t events = figure("jifen_ledger_commit_events_sum");
  const std::uint64_t single = figure("jifen_ledger_commit_events_bucket{le=\"1\"}");
  BOOST_TEST_REQUIRE(
      env.post("/v1/events", env.bureau_key, registration_event("reg-metrics", kEnterpriseA, "Metrics Co")).status == 201u);
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST_REQUIRE(env.post("/v1/events", env.enterprise_a_key,
                                rd_expense_event("rd-metrics-" + std::to_string(i), kEnterpriseA, "5")).status == 201u);
  }
  std::string batch;
  for (int i = 0; i < 5; ++i) batch += rd_expense_event("rd-metrics-batch-" + std::to_string(i), kEnterpriseA, "6") + "\n";
  BOOST_TEST_REQUIRE(env.post("/v1/batches", env.enterprise_a_key, batch, "application/x-ndjson").status == 201u);
  // Sent again: replayed, nothing appended, no commit.
  BOOST_TEST_REQUIRE(env.post("/v1/events", env.enterprise_a_key, rd_expense_event("rd-metrics-0", kEnterpriseA, "5")).status == 200u);
  BOOST_TEST(figure("jifen_ledger_commit_seconds_count") == commits + 5);
  BOOST_TEST(figure("jifen_ledger_commit_seconds_bucket{le=\"+Inf\"}") == commits + 5);
  BOOST_TEST(figure("jifen_ledger_commit_events_count") == commits + 5);
  BOOST_TEST(figure("jifen_ledger_commit_events_sum") == events + 9);
  BOOST_TEST(figure("jifen_ledger_commit_events_bucket{le=\"1\"}") == single + 4);
  BOOST_TEST(figure("jifen_ledger_journal_checkpoints_total") >= 1u);
  BOOST_TEST(figure("jifen_ledger_write_queue") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
