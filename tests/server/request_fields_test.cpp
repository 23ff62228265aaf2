// Unit tests of the request parsers: paging query, If-Match, Authorization, Content-Type, decimals.
#include <boost/test/unit_test.hpp>

#include "server/request_fields.hpp"

using namespace jifen::server;

namespace {

Request request_with(http::field field, std::string_view value) {
  Request request{http::verb::post, "/v1/events", 11};
  request.set(field, value);
  return request;
}

const Problem* problem_of(const auto& result) { return std::get_if<Problem>(&result); }

}  // namespace

BOOST_AUTO_TEST_SUITE(server_request_fields)

BOOST_AUTO_TEST_CASE(decimal_accepts_digits_only) {
  BOOST_TEST(parse_decimal("0").value() == 0u);
  BOOST_TEST(parse_decimal("18446744073709551615").value() == UINT64_MAX);
  BOOST_TEST(!parse_decimal("18446744073709551616"));
  BOOST_TEST(!parse_decimal(""));
  BOOST_TEST(!parse_decimal("-1"));
  BOOST_TEST(!parse_decimal("+1"));
  BOOST_TEST(!parse_decimal(" 1"));
  BOOST_TEST(!parse_decimal("1e3"));
}

BOOST_AUTO_TEST_CASE(page_query_defaults_and_values) {
  const ServerOptions options;
  const auto empty = parse_page_query("", options);
  BOOST_REQUIRE(std::holds_alternative<Page>(empty));
  BOOST_TEST(std::get<Page>(empty).from == 0u);
  BOOST_TEST(std::get<Page>(empty).limit == options.page_events_default);
  const auto both = parse_page_query("from=22&limit=1", options);
  BOOST_REQUIRE(std::holds_alternative<Page>(both));
  BOOST_TEST(std::get<Page>(both).from == 22u);
  BOOST_TEST(std::get<Page>(both).limit == 1u);
  // A query that is a view into a larger buffer (no NUL after it): only its own bytes count.
  const std::string_view buffer = "from=3&limit=20 HTTP/1.1";
  const auto view = parse_page_query(buffer.substr(0, 15), options);
  BOOST_REQUIRE(std::holds_alternative<Page>(view));
  BOOST_TEST(std::get<Page>(view).from == 3u);
  BOOST_TEST(std::get<Page>(view).limit == 20u);
  const auto tolerant = parse_page_query("&from=4&&", options);
  BOOST_REQUIRE(std::holds_alternative<Page>(tolerant));
  BOOST_TEST(std::get<Page>(tolerant).from == 4u);
  const auto most = parse_page_query("limit=1000", options);
  BOOST_REQUIRE(std::holds_alternative<Page>(most));
  BOOST_TEST(std::get<Page>(most).limit == 1000u);
}

BOOST_AUTO_TEST_CASE(page_query_refusals_name_the_parameter) {
  const ServerOptions options;
  const struct {
    std::string_view query;
    std::string_view parameter;
  } cases[] = {{"limit=0", "limit"},    {"limit=1001", "limit"},     {"limit=abc", "limit"},
               {"limit=", "limit"},     {"from=-1", "from"},         {"from=x", "from"},
               {"from", "from"},        {"from=1&from=2", "from"},   {"bogus=1", "query"},
               {"limit=%31", "limit"}};
  for (const auto& test : cases) {
    const auto result = parse_page_query(test.query, options);
    const Problem* problem = problem_of(result);
    BOOST_TEST_CONTEXT("query " << test.query) {
      BOOST_REQUIRE(problem != nullptr);
      BOOST_TEST(static_cast<int>(status_of(problem->type)) == 400);
      BOOST_TEST(problem->parameter.value() == test.parameter);
    }
  }
}

BOOST_AUTO_TEST_CASE(if_match_quoted_or_bare) {
  BOOST_TEST(!std::get<std::optional<std::uint64_t>>(read_if_match(Request{})).has_value());
  BOOST_TEST(std::get<std::optional<std::uint64_t>>(read_if_match(request_with(http::field::if_match, "\"3\""))).value() == 3u);
  BOOST_TEST(std::get<std::optional<std::uint64_t>>(read_if_match(request_with(http::field::if_match, "7"))).value() == 7u);
  BOOST_TEST(std::get<std::optional<std::uint64_t>>(read_if_match(request_with(http::field::if_match, " \"0\" "))).value() == 0u);
  for (const std::string_view bad : {"", "\"\"", "*", "W/\"3\"", "\"3\", \"4\"", "x", "\"-1\"", "\"3", "3\""}) {
    BOOST_TEST_CONTEXT("If-Match " << bad) {
      const auto result = read_if_match(request_with(http::field::if_match, bad));
      const Problem* problem = problem_of(result);
      BOOST_REQUIRE(problem != nullptr);
      BOOST_TEST(problem->parameter.value() == "If-Match");
    }
  }
  Request twice = request_with(http::field::if_match, "\"1\"");
  twice.insert(http::field::if_match, "\"2\"");
  BOOST_TEST(problem_of(read_if_match(twice)) != nullptr);
}

BOOST_AUTO_TEST_CASE(bearer_credentials) {
  BOOST_TEST(static_cast<int>(read_credential(Request{}).kind) == static_cast<int>(CredentialKind::absent));
  const Request plain = request_with(http::field::authorization, "Bearer jfk_abc");  // the token views into it
  const Credential good = read_credential(plain);
  BOOST_TEST(static_cast<int>(good.kind) == static_cast<int>(CredentialKind::bearer));
  BOOST_TEST(good.token == "jfk_abc");
  const Request spaced = request_with(http::field::authorization, "bearer  jfk_abc ");
  BOOST_TEST(read_credential(spaced).token == "jfk_abc");
  for (const std::string_view bad : {"Basic abc", "Bearer", "Bearer ", "Bearerjfk", "Bearer a b", "jfk_abc"}) {
    BOOST_TEST_CONTEXT("Authorization " << bad) {
      BOOST_TEST(static_cast<int>(read_credential(request_with(http::field::authorization, bad)).kind) ==
                 static_cast<int>(CredentialKind::malformed));
    }
  }
}

BOOST_AUTO_TEST_CASE(content_type_with_charset) {
  BOOST_TEST(content_type_is(request_with(http::field::content_type, "application/json"), kJsonType));
  BOOST_TEST(content_type_is(request_with(http::field::content_type, "Application/JSON; charset=UTF-8"), kJsonType));
  BOOST_TEST(content_type_is(request_with(http::field::content_type, "application/json;charset=\"utf-8\""), kJsonType));
  BOOST_TEST(!content_type_is(request_with(http::field::content_type, "application/json; charset=latin1"), kJsonType));
  BOOST_TEST(!content_type_is(request_with(http::field::content_type, "application/json; boundary=x"), kJsonType));
  BOOST_TEST(!content_type_is(request_with(http::field::content_type, "text/plain"), kJsonType));
  BOOST_TEST(!content_type_is(request_with(http::field::content_type, "application/jsonx"), kJsonType));
  BOOST_TEST(!content_type_is(Request{}, kJsonType));
  BOOST_TEST(content_type_is(request_with(http::field::content_type, "application/x-ndjson"), kNdjsonType));
}

BOOST_AUTO_TEST_CASE(stream_start_is_from_or_the_seq_after_last_event_id) {
  const Request plain{http::verb::get, "/v1/events/stream", 11};
  BOOST_TEST(std::get<std::uint64_t>(parse_stream_start(plain, "")) == 0u);
  BOOST_TEST(std::get<std::uint64_t>(parse_stream_start(plain, "from=17")) == 17u);
  Request resuming = plain;
  resuming.set("Last-Event-ID", "41");
  BOOST_TEST(std::get<std::uint64_t>(parse_stream_start(resuming, "from=17")) == 42u);
  for (const std::string_view query : {"from=x", "from=", "from=1&from=2", "limit=3", "from=-1"}) {
    const auto refused = parse_stream_start(plain, query);
    BOOST_TEST_REQUIRE(problem_of(refused) != nullptr, query);
    BOOST_TEST((problem_of(refused)->type == ProblemType::invalid_parameter), query);
  }
  for (const std::string_view value : {"x", "", "18446744073709551615", "1 2"}) {
    Request bad = plain;
    bad.set("Last-Event-ID", value);
    const auto refused = parse_stream_start(bad, "");
    BOOST_TEST_REQUIRE(problem_of(refused) != nullptr, value);
    BOOST_TEST(*problem_of(refused)->parameter == "Last-Event-ID", value);
  }
}

BOOST_AUTO_TEST_SUITE_END()
