// Unit tests of RFC 9457 problem rendering and the header fields each problem type calls for.
#include <boost/test/unit_test.hpp>

#include "server/problem.hpp"

using namespace jifen::server;

BOOST_AUTO_TEST_SUITE(server_problem)

BOOST_AUTO_TEST_CASE(renders_the_members_in_order) {
  Problem problem{ProblemType::invalid_event, "line 3: \"amount\" is\tbad"};
  problem.errors.push_back({"data.amount_fen", "must be an integer"});
  problem.line = 3;
  BOOST_TEST(render_problem_json(problem) ==
             "{\"type\":\"https://jifen.local/problems/invalid-event\",\"title\":\"The event is not valid\","
             "\"status\":422,\"detail\":\"line 3: \\\"amount\\\" is\\tbad\",\"errors\":[{\"field\":"
             "\"data.amount_fen\",\"line\":3,\"message\":\"must be an integer\"}],\"line\":3}");
}

BOOST_AUTO_TEST_CASE(limits_and_versions) {
  Problem too_large{ProblemType::payload_too_large, "over"};
  too_large.limit = "request_body_bytes_max";
  too_large.limit_value = 1048576;
  const std::string json = render_problem_json(too_large);
  BOOST_TEST(json.find("\"status\":413") != std::string::npos);
  BOOST_TEST(json.find("\"limit\":\"request_body_bytes_max\",\"limit_value\":1048576") != std::string::npos);
  const Response response = problem_response(too_large);
  BOOST_TEST(response.result_int() == 413u);
  BOOST_TEST(!response.keep_alive());

  Problem stale{ProblemType::precondition_failed, "stale"};
  stale.current_version = 7;
  const Response stale_response = problem_response(stale);
  BOOST_TEST(stale_response.result_int() == 412u);
  BOOST_TEST(stale_response[http::field::etag] == "\"7\"");
  BOOST_TEST(stale_response.body().find("\"current_version\":7") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(header_fields_by_type) {
  const Response unauthorized = problem_response({ProblemType::unauthorized, "no key"});
  BOOST_TEST(unauthorized.result_int() == 401u);
  BOOST_TEST(unauthorized[http::field::www_authenticate].starts_with("Bearer"));
  BOOST_TEST(unauthorized[http::field::content_type] == "application/problem+json");
  const Response overloaded = problem_response({ProblemType::overloaded, "busy"});
  BOOST_TEST(overloaded.result_int() == 503u);
  BOOST_TEST(overloaded[http::field::retry_after] == "1");
  BOOST_TEST(problem_response({ProblemType::storage_full, "full"}).result_int() == 507u);
  BOOST_TEST(problem_response({ProblemType::header_too_large, "big"}).result_int() == 431u);
  BOOST_TEST(problem_response({ProblemType::unsupported_media_type, "type"}).result_int() == 415u);
}

BOOST_AUTO_TEST_CASE(every_type_has_a_slug_and_an_error_status) {
  for (unsigned type = 0; type <= static_cast<unsigned>(ProblemType::storage_full); ++type) {
    const auto problem_type = static_cast<ProblemType>(type);
    BOOST_TEST(!slug_of(problem_type).empty());
    BOOST_TEST(!title_of(problem_type).empty());
    BOOST_TEST(static_cast<unsigned>(status_of(problem_type)) >= 400u);
  }
}

BOOST_AUTO_TEST_CASE(printable_excerpt_never_passes_raw_bytes) {
  BOOST_TEST(printable_excerpt("abc") == "abc");
  BOOST_TEST(printable_excerpt("a\xff\nb") == "a??b");
  BOOST_TEST(printable_excerpt(std::string(100, 'x'), 8) == "xxxxxxxx...");
}

BOOST_AUTO_TEST_SUITE_END()
