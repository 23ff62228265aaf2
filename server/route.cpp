#include "server/route.hpp"

#include <array>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace jifen::server {
namespace {

constexpr std::size_t kSegmentsMax = 6;

// Up to kSegmentsMax segments of an absolute path; nullopt when there are more (no route is that deep).
struct Segments {
  std::array<std::string_view, kSegmentsMax> items{};
  std::size_t count = 0;
};

std::optional<Segments> split_segments(std::string_view path) {
  Segments segments;
  if (path.empty() || path.front() != '/') return std::nullopt;
  path.remove_prefix(1);
  for (;;) {
    if (segments.count == kSegmentsMax) return std::nullopt;
    const std::size_t slash = path.find('/');
    segments.items[segments.count++] = path.substr(0, slash);
    if (slash == std::string_view::npos) return segments;
    path.remove_prefix(slash + 1);
  }
}

// The derived reads: /v1/enterprises/{uscc}/score|policies, /v1/rankings/enterprises|zones|chains.
Route match_derived(const Segments& s) {
  if (s.count == 4 && s.items[1] == "enterprises" && !s.items[2].empty()) {
    if (s.items[3] == "score") return {RouteId::enterprise_score, s.items[2]};
    if (s.items[3] == "policies") return {RouteId::enterprise_policies, s.items[2]};
  }
  if (s.count == 3 && s.items[1] == "rankings") {
    if (s.items[2] == "enterprises") return {RouteId::rankings_enterprises, {}};
    if (s.items[2] == "zones") return {RouteId::rankings_zones, {}};
    if (s.items[2] == "chains") return {RouteId::rankings_chains, {}};
  }
  return {};
}

Route match_log(const Segments& s) {
  if (s.count == 3 && s.items[2] == "checkpoint") return {RouteId::log_checkpoint, {}};
  if (s.count == 3 && s.items[2] == "key") return {RouteId::log_key, {}};
  if (s.count == 4 && s.items[2] == "proof" && s.items[3] == "inclusion") return {RouteId::log_inclusion, {}};
  if (s.count == 4 && s.items[2] == "proof" && s.items[3] == "consistency") return {RouteId::log_consistency, {}};
  return {};
}

Route match_v1(const Segments& s) {
  if (s.count == 3 && s.items[1] == "events" && s.items[2] == "stream") return {RouteId::events_stream, {}};
  if (s.count >= 3 && s.items[1] == "log") return match_log(s);
  if (const Route derived = match_derived(s); derived.id != RouteId::not_found) return derived;
  if (s.count == 2 && s.items[1] == "events") return {RouteId::events, {}};
  if (s.count == 2 && s.items[1] == "batches") return {RouteId::batches, {}};
  if (s.count == 3 && s.items[1] == "events" && !s.items[2].empty()) return {RouteId::event, s.items[2]};
  if (s.count == 3 && s.items[1] == "enterprises" && !s.items[2].empty()) {
    return {RouteId::enterprise, s.items[2]};
  }
  if (s.count == 4 && s.items[1] == "enterprises" && !s.items[2].empty() && s.items[3] == "events") {
    return {RouteId::enterprise_events, s.items[2]};
  }
  return {};
}

}  // namespace

std::optional<Target> parse_target(std::string_view target) {
  const auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return std::nullopt;
  const boost::urls::url_view& url = *parsed;
  Target result{url.encoded_path(), {}};
  if (url.has_query()) result.query = url.encoded_query();
  return result;
}

Route match_route(std::string_view encoded_path) {
  const std::optional<Segments> segments = split_segments(encoded_path);
  if (!segments) return {};
  const Segments& s = *segments;
  if (s.count == 1) {
    if (s.items[0] == "healthz") return {RouteId::healthz, {}};
    if (s.items[0] == "readyz") return {RouteId::readyz, {}};
    if (s.items[0] == "metrics") return {RouteId::metrics, {}};
    if (s.items[0].empty()) return {RouteId::dashboard, {}};
    return {};
  }
  if (s.items[0] == "v1") return match_v1(s);
  return {};
}

bool method_allowed(RouteId route, http::verb method) {
  const bool read = method == http::verb::get || method == http::verb::head;
  switch (route) {
    case RouteId::events: return read || method == http::verb::post;
    case RouteId::batches: return method == http::verb::post;
    case RouteId::event:
    case RouteId::events_stream:
    case RouteId::dashboard:
    case RouteId::enterprise:
    case RouteId::enterprise_events:
    case RouteId::healthz:
    case RouteId::readyz:
    case RouteId::metrics:
    case RouteId::log_checkpoint:
    case RouteId::log_key:
    case RouteId::log_inclusion:
    case RouteId::log_consistency:
    case RouteId::enterprise_score:
    case RouteId::enterprise_policies:
    case RouteId::rankings_enterprises:
    case RouteId::rankings_zones:
    case RouteId::rankings_chains: return read;
    case RouteId::not_found: return true;  // answered 404 whatever the method
  }
  return false;
}

std::string_view allowed_methods(RouteId route) {
  switch (route) {
    case RouteId::events: return "GET, HEAD, POST";
    case RouteId::batches: return "POST";
    default: return "GET, HEAD";
  }
}

std::size_t request_body_bytes_max(RouteId route, http::verb method, const ServerOptions& options) {
  if (method == http::verb::post && route == RouteId::events) return options.event_request_body_bytes_max;
  if (method == http::verb::post && route == RouteId::batches) return options.batch_request_body_bytes_max;
  return options.other_request_body_bytes_max;
}

}  // namespace jifen::server
