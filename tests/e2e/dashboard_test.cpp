// End-to-end: GET / serves the dashboard page, self-contained, and every path the page fetches is a public
// endpoint that answers.
#include <boost/test/unit_test.hpp>

#include <cctype>
#include <set>
#include <string>
#include <string_view>

#include "e2e_support.hpp"

using namespace jifen::e2e;

BOOST_AUTO_TEST_SUITE(e2e_dashboard)

BOOST_AUTO_TEST_CASE(the_dashboard_is_a_self_contained_public_page) {
  Environment& env = shared_environment();
  const HttpResponse page = env.get("/");
  BOOST_TEST_REQUIRE(page.status == 200u);
  BOOST_TEST(page.header("content-type") == "text/html; charset=utf-8");
  BOOST_TEST(page.header("content-security-policy").find("default-src 'none'") != std::string::npos);
  for (const char* marker : {"<!doctype html>", "id=\"jifen-dashboard\"", "id=\"leaderboard-rows\"",
                             "id=\"zone-rows\"", "id=\"chain-rows\"", "id=\"verifier-key\"", "textContent"}) {
    BOOST_TEST(page.body.find(marker) != std::string::npos, marker);
  }
  BOOST_TEST(page.body.find("innerHTML") == std::string::npos);
  BOOST_TEST(page.body.find("http://") == std::string::npos);
  BOOST_TEST(page.body.find("https://") == std::string::npos);
  BOOST_TEST(env.get("/", env.auditor_key).status == 200u);
  BOOST_TEST(http_request(env.port(), "POST", "/").status == 405u);
}

BOOST_AUTO_TEST_CASE(every_path_the_dashboard_fetches_answers) {
  Environment& env = shared_environment();
  const std::string page = env.get("/").body;
  // Every string literal in the page that starts with /v1/: the path up to the first character after /v1/ that
  // is not a lower-case letter, '_' or '/' (a query or the closing quote).
  std::set<std::string> paths;
  for (std::size_t at = page.find("\"/v1/"); at != std::string::npos; at = page.find("\"/v1/", at + 1)) {
    const std::size_t begin = at + 1;
    std::size_t end = begin + std::string_view("/v1/").size();
    while (end < page.size() && (std::islower(static_cast<unsigned char>(page[end])) != 0 || page[end] == '/' || page[end] == '_')) ++end;
    paths.insert(page.substr(begin, end - begin));
  }
  for (const char* expected : {"/v1/rankings/enterprises", "/v1/rankings/zones", "/v1/rankings/chains",
                               "/v1/log/checkpoint", "/v1/log/key"}) {
    BOOST_TEST(paths.count(expected) == 1U, expected);
  }
  for (const std::string& path : paths) {
    const bool ranking = path.rfind("/v1/rankings/", 0) == 0;
    const HttpResponse answer = env.get(ranking ? path + "?year=2021" : path);
    BOOST_TEST(answer.status == 200u, path << ": " << answer.body);
  }
}

BOOST_AUTO_TEST_SUITE_END()
