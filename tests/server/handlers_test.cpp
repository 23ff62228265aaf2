// The handlers called directly, request in, response out, over a real Ledger in a temporary directory: no
// socket anywhere. Covers the checks made before the writer (auth, roles, media types, batch shape, limits)
// and the rendering of the ledger's outcomes.
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>

#include "server/handlers.hpp"
#include "support/seed_model.hpp"

using namespace jifen;
using namespace jifen::server;

namespace {

constexpr std::string_view kUscc = "91320621MA1MRHG205";
constexpr std::string_view kOtherUscc = "91350100M000100Y43";

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "jifen-server-test-XXXXXX").string();
  BOOST_REQUIRE(mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

std::unique_ptr<replay::Ledger> open_ledger(const std::filesystem::path& dir) {
  replay::LedgerOptions options;
  options.data_dir = dir;
  options.create = true;
  options.durable = false;
  return replay::Ledger::open(options);
}

std::string registration(std::string_view event_id, std::string_view uscc) {
  return "{\"event_id\":\"" + std::string(event_id) + "\",\"type\":\"enterprise.registered\",\"enterprise\":\"" +
         std::string(uscc) + "\",\"occurred_on\":\"2020-01-02\",\"data\":{\"name\":\"Acme\",\"zone\":\"z1\","
         "\"chains\":[\"c1\"],\"registered_on\":\"2020-01-02\"}}";
}

std::string rd_expense(std::string_view event_id, std::string_view uscc, std::string_view amount) {
  return "{\"event_id\":\"" + std::string(event_id) + "\",\"type\":\"rd_expense.filed\",\"enterprise\":\"" +
         std::string(uscc) + "\",\"occurred_on\":\"2021-12-31\",\"data\":{\"fiscal_year\":2021,\"project\":\"P\","
         "\"category\":\"personnel\",\"amount_fen\":" + std::string(amount) + "}}";
}

struct LedgerFixture {
  LedgerFixture() : dir(make_temp_dir()), ledger(open_ledger(dir)), context{*ledger, decoder, options, metrics} {
    options.batch_events_max = 3;
    define("{\"event_id\":\"zone:z1\",\"type\":\"zone.defined\",\"occurred_on\":\"2020-01-01\","
           "\"data\":{\"id\":\"z1\",\"name\":\"Zone\",\"level\":\"national\"}}");
    define("{\"event_id\":\"chain:c1\",\"type\":\"chain.defined\",\"occurred_on\":\"2020-01-01\","
           "\"data\":{\"id\":\"c1\",\"name\":\"Chain\"}}");
    bureau = key(domain::Role::bureau, std::nullopt, 'b');
    auditor = key(domain::Role::auditor, std::nullopt, 'a');
    enterprise = key(domain::Role::enterprise, std::string(kUscc), 'e');
  }
  ~LedgerFixture() {
    ledger.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }

  void define(const std::string& json) {
    auto decoded = decoder.decode(json);
    BOOST_REQUIRE(std::holds_alternative<domain::Event>(decoded));
    replay::Submission submission;
    submission.events.push_back(std::move(std::get<domain::Event>(decoded)));
    BOOST_REQUIRE(ledger->submit_and_wait(std::move(submission)).ok());
  }
  std::string key(domain::Role role, std::optional<std::string> uscc, char fill) {
    return ledger->create_key(role, std::move(uscc), std::string(32, fill)).secret;
  }

  Response request(http::verb method, std::string_view target, const std::string& secret = {},
                   std::string body = {}, std::string_view content_type = kJsonType) {
    Request request{method, target, 11};
    if (!secret.empty()) request.set(http::field::authorization, "Bearer " + secret);
    if (!body.empty()) request.set(http::field::content_type, content_type);
    request.body() = std::move(body);
    request.prepare_payload();
    return handle_request(request, context);
  }

  std::filesystem::path dir;
  std::unique_ptr<replay::Ledger> ledger;
  domain::EventDecoder decoder;
  ServerOptions options;
  Metrics metrics;
  HandlerContext context;
  std::string bureau;
  std::string auditor;
  std::string enterprise;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(server_handlers, LedgerFixture)

BOOST_AUTO_TEST_CASE(write_then_read_without_a_socket) {
  const Response registered = request(http::verb::post, "/v1/events", bureau, registration("reg-1", kUscc));
  BOOST_TEST_REQUIRE(registered.result_int() == 201u, registered.body());
  const Response created = request(http::verb::post, "/v1/events", enterprise, rd_expense("rd-1", kUscc, "5"));
  BOOST_TEST_REQUIRE(created.result_int() == 201u, created.body());
  BOOST_TEST(created[http::field::location].starts_with("/v1/events/"));
  BOOST_TEST(created[http::field::content_length] == std::to_string(created.body().size()));
  const Response replayed = request(http::verb::post, "/v1/events", enterprise, rd_expense("rd-1", kUscc, "5"));
  BOOST_TEST(replayed.result_int() == 200u);
  BOOST_TEST(replayed.body() == created.body());
  BOOST_TEST(request(http::verb::post, "/v1/events", enterprise, rd_expense("rd-1", kUscc, "6")).result_int() == 409u);
  const Response page = request(http::verb::get, "/v1/events?from=0&limit=1", auditor);
  BOOST_TEST(page.result_int() == 200u);
  BOOST_TEST(page.body().ends_with(",\"next\":1}"));
}

BOOST_AUTO_TEST_CASE(checks_before_the_writer) {
  const std::string event = rd_expense("rd-x", kUscc, "5");
  BOOST_TEST(request(http::verb::post, "/v1/events", {}, event).result_int() == 401u);
  BOOST_TEST(request(http::verb::post, "/v1/events", auditor, event).result_int() == 403u);
  BOOST_TEST(request(http::verb::post, "/v1/events", bureau, event).result_int() == 403u);  // E-only type
  BOOST_TEST(request(http::verb::post, "/v1/events", enterprise, rd_expense("rd-y", kOtherUscc, "5")).result_int() == 403u);
  BOOST_TEST(request(http::verb::post, "/v1/events", enterprise, event, "text/json").result_int() == 415u);
  BOOST_TEST(request(http::verb::post, "/v1/events", enterprise, "{").result_int() == 400u);
  const Response invalid = request(http::verb::post, "/v1/events", enterprise, rd_expense("rd-z", kUscc, "true"));
  BOOST_TEST(invalid.result_int() == 422u);
  BOOST_TEST(invalid.body().find("\"field\":\"data.amount_fen\"") != std::string::npos);
  BOOST_TEST(ledger->tree_size() == 5u);  // zone, chain, three keys
}

BOOST_AUTO_TEST_CASE(batch_shape_and_limit) {
  BOOST_TEST_REQUIRE(request(http::verb::post, "/v1/events", bureau, registration("reg-1", kUscc)).result_int() == 201u);
  const std::string line = rd_expense("rd-b1", kUscc, "1");
  const Response too_long = request(http::verb::post, "/v1/batches", enterprise,
                                    line + "\n" + line + "\n" + line + "\n" + line + "\n", kNdjsonType);
  BOOST_TEST(too_long.result_int() == 413u);
  BOOST_TEST(too_long.body().find("\"limit\":\"batch_events_max\",\"limit_value\":3") != std::string::npos);
  const Response empty_middle =
      request(http::verb::post, "/v1/batches", enterprise, line + "\n \n" + line, kNdjsonType);
  BOOST_TEST(empty_middle.result_int() == 400u);
  BOOST_TEST(empty_middle.body().find("\"line\":2") != std::string::npos);
  const Response crlf = request(http::verb::post, "/v1/batches", enterprise,
                                rd_expense("rd-b1", kUscc, "1") + "\r\n" + rd_expense("rd-b2", kUscc, "2") + "\r\n",
                                kNdjsonType);
  BOOST_TEST(crlf.result_int() == 201u, crlf.body());
  BOOST_TEST(crlf.body().starts_with("{\"receipts\":[{\"seq\":"));
}

BOOST_AUTO_TEST_CASE(routes_methods_and_head) {
  const Response head = request(http::verb::head, "/healthz");
  BOOST_TEST(head.result_int() == 200u);
  BOOST_TEST(head.body().empty());
  BOOST_TEST(head[http::field::content_length] == "15");
  const Response not_allowed = request(http::verb::put, "/v1/batches");
  BOOST_TEST(not_allowed.result_int() == 405u);
  BOOST_TEST(not_allowed[http::field::allow] == "POST");
  BOOST_TEST(request(http::verb::get, "/v1/log/checkpoint").result_int() == 404u);  // no signing key here
  BOOST_TEST(request(http::verb::get, "/nowhere").result_int() == 404u);
  const Response exposition = request(http::verb::get, "/metrics");
  BOOST_TEST(exposition.body().find("jifen_ledger_tree_size 5\n") != std::string::npos);
  BOOST_TEST(request(http::verb::get, "/readyz").result_int() == 200u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(server_derived_reads, LedgerFixture)

BOOST_AUTO_TEST_CASE(derived_reads_without_a_model_are_404) {
  const Response ranking = request(http::verb::get, "/v1/rankings/enterprises?year=2021");
  BOOST_TEST(ranking.result_int() == 404u, ranking.body());  // no model published in this ledger
  BOOST_TEST(ranking.body().find("no published scoring model covers year 2021") != std::string::npos, ranking.body());
}

BOOST_AUTO_TEST_CASE(derived_reads_answer_the_same_twice) {
  define("{\"event_id\":\"model\",\"type\":\"scoring_model.published\",\"occurred_on\":\"2020-01-01\",\"data\":" +
         jifen::test::seed_model_text() + "}");
  BOOST_TEST_REQUIRE(request(http::verb::post, "/v1/events", bureau, registration("reg-1", kUscc)).result_int() == 201u);
  // The last parameter twice: Boost.URL 1.81 once read it beyond the query's end.
  const std::string as_of = "/v1/rankings/chains?year=2021&as_of=" + std::to_string(ledger->tree_size());
  for (const std::string& target : {std::string("/v1/rankings/enterprises?year=2021&limit=2"),
                                    std::string("/v1/rankings/enterprises?year=2021&limit=2"),
                                    std::string("/v1/rankings/zones?year=2021"), as_of}) {
    const Response ranking = request(http::verb::get, target);
    BOOST_TEST(ranking.result_int() == 200u, target << ": " << ranking.body());
  }
}

BOOST_AUTO_TEST_SUITE_END()
