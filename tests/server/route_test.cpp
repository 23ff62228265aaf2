// Unit tests of the route table: exact segment matching, methods, Allow, body limits, targets.
#include <boost/test/unit_test.hpp>

#include "server/route.hpp"

using namespace jifen::server;

namespace {

RouteId route_of(std::string_view path) { return match_route(path).id; }

}  // namespace

BOOST_AUTO_TEST_SUITE(server_route)

BOOST_AUTO_TEST_CASE(known_paths) {
  BOOST_TEST((route_of("/v1/events") == RouteId::events));
  BOOST_TEST((route_of("/v1/batches") == RouteId::batches));
  BOOST_TEST((route_of("/healthz") == RouteId::healthz));
  BOOST_TEST((route_of("/readyz") == RouteId::readyz));
  BOOST_TEST((route_of("/metrics") == RouteId::metrics));
  const Route event = match_route("/v1/events/42");
  BOOST_TEST((event.id == RouteId::event));
  BOOST_TEST(event.argument == "42");
  const Route enterprise = match_route("/v1/enterprises/91320621MA1MRHG205");
  BOOST_TEST((enterprise.id == RouteId::enterprise));
  BOOST_TEST(enterprise.argument == "91320621MA1MRHG205");
  const Route events = match_route("/v1/enterprises/91320621MA1MRHG205/events");
  BOOST_TEST((events.id == RouteId::enterprise_events));
  BOOST_TEST(events.argument == "91320621MA1MRHG205");
}

BOOST_AUTO_TEST_CASE(segments_compare_exactly) {
  for (const std::string_view path : {"/v1/events/", "/v1/Events", "/V1/events", "/v1//events", "//v1/events",
                                      "/v1/events/1/2", "/v1/enterprises/", "/v1/enterprises//events",
                                      "/v1/%65vents", "/healthz/", "/v2/events", "/v1", "/v1/", "",
                                      "/a/b/c/d/e/f/g/h", "/v1/enterprises/X/events/more"}) {
    BOOST_TEST_CONTEXT("path " << path) { BOOST_TEST((route_of(path) == RouteId::not_found)); }
  }
}

BOOST_AUTO_TEST_CASE(the_stream_and_the_dashboard) {
  BOOST_TEST((route_of("/") == RouteId::dashboard));
  BOOST_TEST((route_of("/v1/events/stream") == RouteId::events_stream));
  BOOST_TEST(method_allowed(RouteId::events_stream, http::verb::get));
  BOOST_TEST(!method_allowed(RouteId::events_stream, http::verb::post));
  BOOST_TEST(!method_allowed(RouteId::dashboard, http::verb::post));
}

BOOST_AUTO_TEST_CASE(derived_read_routes) {
  BOOST_TEST((route_of("/v1/enterprises/91320621MA1MRHG205/score") == RouteId::enterprise_score));
  BOOST_TEST((route_of("/v1/enterprises/91320621MA1MRHG205/policies") == RouteId::enterprise_policies));
  BOOST_TEST((route_of("/v1/rankings/enterprises") == RouteId::rankings_enterprises));
  BOOST_TEST((route_of("/v1/rankings/zones") == RouteId::rankings_zones));
  BOOST_TEST((route_of("/v1/rankings/chains") == RouteId::rankings_chains));
  for (const std::string_view path : {"/v1/rankings", "/v1/rankings/cities", "/v1/rankings/zones/x",
                                      "/v1/enterprises//score", "/v1/enterprises/X/scores"}) {
    BOOST_TEST_CONTEXT("path " << path) { BOOST_TEST((route_of(path) == RouteId::not_found)); }
  }
  BOOST_TEST(method_allowed(RouteId::rankings_zones, http::verb::get));
  BOOST_TEST(!method_allowed(RouteId::enterprise_score, http::verb::post));
}

BOOST_AUTO_TEST_CASE(log_routes) {
  BOOST_TEST((route_of("/v1/log/checkpoint") == RouteId::log_checkpoint));
  BOOST_TEST((route_of("/v1/log/key") == RouteId::log_key));
  BOOST_TEST((route_of("/v1/log/proof/inclusion") == RouteId::log_inclusion));
  BOOST_TEST((route_of("/v1/log/proof/consistency") == RouteId::log_consistency));
  for (const std::string_view path : {"/v1/log", "/v1/log/", "/v1/log/proof", "/v1/log/proof/other",
                                      "/v1/log/checkpoint/1", "/v1/log/Key"}) {
    BOOST_TEST_CONTEXT("path " << path) { BOOST_TEST((route_of(path) == RouteId::not_found)); }
  }
  BOOST_TEST(method_allowed(RouteId::log_checkpoint, http::verb::head));
  BOOST_TEST(!method_allowed(RouteId::log_inclusion, http::verb::post));
}

BOOST_AUTO_TEST_CASE(methods_and_allow) {
  BOOST_TEST(method_allowed(RouteId::events, http::verb::get));
  BOOST_TEST(method_allowed(RouteId::events, http::verb::post));
  BOOST_TEST(!method_allowed(RouteId::events, http::verb::put));
  BOOST_TEST(method_allowed(RouteId::batches, http::verb::post));
  BOOST_TEST(!method_allowed(RouteId::batches, http::verb::get));
  BOOST_TEST(!method_allowed(RouteId::event, http::verb::delete_));
  BOOST_TEST(method_allowed(RouteId::healthz, http::verb::head));
  BOOST_TEST(allowed_methods(RouteId::events) == "GET, HEAD, POST");
  BOOST_TEST(allowed_methods(RouteId::batches) == "POST");
  BOOST_TEST(allowed_methods(RouteId::enterprise) == "GET, HEAD");
}

BOOST_AUTO_TEST_CASE(body_limit_by_route) {
  const ServerOptions options;
  BOOST_TEST(request_body_bytes_max(RouteId::events, http::verb::post, options) == std::size_t{1} << 20);
  BOOST_TEST(request_body_bytes_max(RouteId::batches, http::verb::post, options) == std::size_t{32} << 20);
  BOOST_TEST(request_body_bytes_max(RouteId::events, http::verb::get, options) == options.other_request_body_bytes_max);
  BOOST_TEST(request_body_bytes_max(RouteId::not_found, http::verb::post, options) ==
             options.other_request_body_bytes_max);
}

BOOST_AUTO_TEST_CASE(targets) {
  const auto plain = parse_target("/v1/events?from=3&limit=2");
  BOOST_REQUIRE(plain.has_value());
  BOOST_TEST(plain->path == "/v1/events");
  BOOST_TEST(plain->query == "from=3&limit=2");
  const auto bare = parse_target("/healthz");
  BOOST_REQUIRE(bare.has_value());
  BOOST_TEST(bare->query.empty());
  BOOST_TEST(!parse_target("*").has_value());
  BOOST_TEST(!parse_target("http://example.com/v1/events").has_value());
  BOOST_TEST(!parse_target("v1/events").has_value());
  BOOST_TEST(!parse_target("/v1/events#fragment").has_value());
  BOOST_TEST(!parse_target("/v1/ev ents").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
