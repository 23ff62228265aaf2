// End-to-end: GET / serves the dashboard page, self-contained, and every path the page fetches is a public
// endpoint that answers.
#include <boost/test/unit_test.hpp>

#include <regex>
#include <set>
#include <string>

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
  const std::regex fetched(R"re("(/v1/[a-z/]+)(\?[a-z_]+=)?)re");
  std::set<std::string> paths;
  for (auto match = std::sregex_iterator(page.begin(), page.end(), fetched); match != std::sregex_iterator(); ++match) {
    paths.insert((*match)[1].str());
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
