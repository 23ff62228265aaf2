// server/http.hpp: serialize_head writes what Beast's serializer writes before the body, byte for byte.
#include <boost/test/unit_test.hpp>
#include <boost/beast/http/write.hpp>
#include <sstream>
#include <string>

#include "server/http.hpp"

using namespace jifen::server;

namespace {

// Beast's own serialization of the whole message.
std::string by_beast(const Response& response) {
  std::ostringstream out;
  out << response;
  return out.str();
}

// As jifend answers: finish_response from a request of `version`, keep-alive or not, GET or HEAD.
Response finished(Response response, unsigned version, bool keep_alive, http::verb method = http::verb::get) {
  Request request{method, "/v1/events", version};
  request.keep_alive(keep_alive);
  finish_response(request, response);
  return response;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(server_http)

BOOST_AUTO_TEST_CASE(the_head_is_what_beast_writes_before_the_body) {
  Response created = json_response(http::status::created, R"({"seq":7})");
  created.set(http::field::location, "/v1/events/7");
  created.set(http::field::etag, entity_tag(3));
  Response unavailable = make_response(http::status::service_unavailable, kProblemType, R"({"status":503})");
  unavailable.set(http::field::retry_after, "1");
  unavailable.set("X-Custom", "a value");
  const Response answers[] = {
      finished(created, 11, true),
      finished(created, 11, false),
      finished(created, 10, true),
      finished(created, 10, false),
      finished(unavailable, 11, true),
      finished(json_response(http::status::ok, std::string(5000, 'x')), 11, true, http::verb::head),
      finished(make_response(http::status::no_content, kJsonType, ""), 11, true),
  };
  for (const Response& response : answers) {
    const std::string head = serialize_head(response);
    BOOST_TEST(head + response.body() == by_beast(response));
    BOOST_TEST(head.substr(head.size() - 4) == "\r\n\r\n");
  }
}

BOOST_AUTO_TEST_SUITE_END()
