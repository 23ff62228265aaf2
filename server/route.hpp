// The route table of HTTP API v1: which resource a request target names, which methods it allows, and how
// large a body it may carry. Matching is exact on the percent-encoded path segments: no trailing slash, no
// decoding, no case folding ("/v1/events/" and "/v1/Events" are 404).
//
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "server/http.hpp"
#include "server/options.hpp"

namespace jifen::server {

enum class RouteId : std::uint8_t {
  not_found,
  events,             // /v1/events                     GET (auditor), POST (write one event)
  event,              // /v1/events/{seq}               GET
  events_stream,      // /v1/events/stream              GET (auditor): text/event-stream
  batches,            // /v1/batches                    POST (NDJSON, all or nothing)
  enterprise,         // /v1/enterprises/{uscc}         GET
  enterprise_events,  // /v1/enterprises/{uscc}/events  GET
  healthz,            // /healthz                       GET
  readyz,             // /readyz                        GET
  metrics,            // /metrics                       GET
  log_checkpoint,     // /v1/log/checkpoint             GET (public)
  log_key,            // /v1/log/key                    GET (public)
  log_inclusion,      // /v1/log/proof/inclusion        GET (public)
  log_consistency,    // /v1/log/proof/consistency      GET (public)
  enterprise_score,     // /v1/enterprises/{uscc}/score     GET (owner, auditor)
  enterprise_policies,  // /v1/enterprises/{uscc}/policies  GET (owner, auditor)
  rankings_enterprises, // /v1/rankings/enterprises         GET (public)
  rankings_zones,       // /v1/rankings/zones               GET (public)
  rankings_chains,      // /v1/rankings/chains              GET (public)
  dashboard,          // /                              GET (public): the HTML dashboard
};

struct Route {
  RouteId id = RouteId::not_found;
  std::string_view argument;  // {seq} or {uscc}, as written in the target
};

// An origin-form target split into its percent-encoded path and query (without the '?').
struct Target {
  std::string_view path;
  std::string_view query;
};
// nullopt unless `target` is a valid origin-form target ("/path?query"; no fragment, no absolute form).
std::optional<Target> parse_target(std::string_view target);

Route match_route(std::string_view encoded_path);

bool method_allowed(RouteId route, http::verb method);
// The value of the Allow header for a route: "GET, HEAD", "POST", "GET, HEAD, POST".
std::string_view allowed_methods(RouteId route);

// The body limit chosen once the header is read: event or batch limits for the write routes, else the small
// limit of every other request.
std::size_t request_body_bytes_max(RouteId route, http::verb method, const ServerOptions& options);

}  // namespace jifen::server
