// End-to-end: HTTP-level behaviour — unknown paths and methods, header limits, keep-alive, pipelining, HTTP/1.0.
#include <boost/test/unit_test.hpp>

#include "e2e_support.hpp"

using namespace jifen::e2e;

BOOST_AUTO_TEST_SUITE(e2e_protocol)

BOOST_AUTO_TEST_CASE(unknown_paths_404_wrong_methods_405) {
  Environment& env = shared_environment();
  for (const std::string_view path : {"/nothing", "/v1/events/", "/v1/Events", "/v2/events", "/v1/enterprises"}) {
    const HttpResponse response = env.get(path, env.auditor_key);
    BOOST_TEST_CONTEXT("path " << path) {
      BOOST_TEST(response.status == 404u);
      BOOST_TEST(response.header("content-type") == "application/problem+json");
    }
  }
  const HttpResponse delete_events = http_request(env.port(), "DELETE", "/v1/events");
  BOOST_TEST(delete_events.status == 405u);
  BOOST_TEST(delete_events.header("allow") == "GET, HEAD, POST");
  const HttpResponse get_batches = env.get("/v1/batches", env.bureau_key);
  BOOST_TEST(get_batches.status == 405u);
  BOOST_TEST(get_batches.header("allow") == "POST");
  BOOST_TEST(env.post("/healthz", "", "{}").status == 405u);
  const HttpResponse head = http_request(env.port(), "HEAD", "/healthz");
  BOOST_TEST(head.status == 200u);
  BOOST_TEST(head.header("content-length") == "15");
  BOOST_TEST(head.body.empty());
}

BOOST_AUTO_TEST_CASE(oversized_header_is_431_and_bad_requests_400) {
  Environment& env = shared_environment();
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(9000, 'a') + "\r\n\r\n";
  const HttpResponse refused = raw_exchange(env.port(), request).front();
  BOOST_TEST(refused.status == 431u);
  BOOST_TEST(json_string(refused.body, "/limit").value_or("") == "request_header_bytes_max");
  BOOST_TEST(raw_exchange(env.port(), "GARBAGE\r\n\r\n").front().status == 400u);
  BOOST_TEST(raw_exchange(env.port(), "GET * HTTP/1.1\r\nHost: x\r\n\r\n").front().status == 400u);
}

BOOST_AUTO_TEST_CASE(keep_alive_pipelining_and_http_1_0) {
  Environment& env = shared_environment();
  const std::string two = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const std::vector<HttpResponse> answers = raw_exchange(env.port(), two, 2);
  BOOST_TEST(answers[0].status == 200u);
  BOOST_TEST(answers[0].body == "{\"status\":\"ok\"}");
  BOOST_TEST(answers[1].status == 200u);
  BOOST_TEST(answers[1].header("connection") == "close");

  const HttpResponse old = raw_exchange(env.port(), "GET /healthz HTTP/1.0\r\n\r\n").front();
  BOOST_TEST(old.status == 200u);
  BOOST_TEST(old.version == 10u);
  BOOST_TEST(old.header("content-length") == "15");
}

BOOST_AUTO_TEST_CASE(expect_100_continue) {
  Environment& env = shared_environment();
  const std::string body = annual_report_event("ar-continue", kEnterpriseA, 2017, 5);
  const std::string request = "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + env.enterprise_a_key +
                              "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  const std::vector<HttpResponse> answers = raw_exchange(env.port(), request, 2);
  BOOST_TEST(answers[0].status == 100u);
  BOOST_TEST(answers[1].status == 201u, answers[1].body);
}

BOOST_AUTO_TEST_SUITE_END()
