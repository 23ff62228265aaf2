// dispatch_request: target, route, method; then the read handlers, or the write preparation; and the rendering
// of the ledger's outcomes (SubmitOutcome to status, problem members and header fields).
#include <cassert>
#include <exception>
#include <string>

#include "server/dashboard.hpp"
#include "server/event_stream.hpp"
#include "server/handler_support.hpp"
#include "server/json_render.hpp"
#include "server/log_handlers.hpp"
#include "server/score_handlers.hpp"

namespace jifen::server {
namespace {

Problem unauthorized(std::string detail) { return Problem{ProblemType::unauthorized, std::move(detail)}; }

Response method_not_allowed(const Request& request, RouteId route) {
  Problem problem{ProblemType::method_not_allowed,
                  std::string(request.method_string()) + " is not allowed here; allowed: " +
                      std::string(allowed_methods(route))};
  Response response = problem_response(problem);
  response.set(http::field::allow, allowed_methods(route));
  return response;
}

Dispatch route_request(const Request& request, const Route& route, std::string_view query,
                       HandlerContext& context) {
  switch (route.id) {
    case RouteId::events: return get_events_page(request, query, context);  // POST was prepared before
    case RouteId::event: return get_event(request, route.argument, context);
    case RouteId::enterprise: return get_enterprise(request, route.argument, context);
    case RouteId::enterprise_events: return get_enterprise_events(request, route.argument, query, context);
    case RouteId::healthz: return json_response(http::status::ok, "{\"status\":\"ok\"}");
    case RouteId::readyz: return get_readyz(context);
    case RouteId::metrics: return get_metrics(context);
    case RouteId::log_checkpoint: return get_log_checkpoint(query, context);
    case RouteId::log_key: return get_log_key(context);
    case RouteId::log_inclusion: return get_inclusion_proof(query, context);
    case RouteId::log_consistency: return get_consistency_proof(query, context);
    case RouteId::enterprise_score: return get_enterprise_score(request, route.argument, query, context);
    case RouteId::enterprise_policies: return get_enterprise_policies(request, route.argument, query, context);
    case RouteId::rankings_enterprises: return get_enterprise_ranking(query, context);
    case RouteId::rankings_zones: return get_zone_ranking(query, context);
    case RouteId::rankings_chains: return get_chain_ranking(query, context);
    case RouteId::dashboard: return dashboard_response();
    case RouteId::events_stream:  // prepared before
    case RouteId::batches:  // POST only: prepared before
    case RouteId::not_found: break;
  }
  return problem_response({ProblemType::not_found, "no resource at this path"});
}

// The line of the event the ledger refused, when the write is a batch and the ledger said which.
std::optional<std::size_t> failing_line(const PreparedWrite& write, const replay::SubmitResult& result) {
  if (!write.batch || !result.index) return std::nullopt;
  return *result.index + 1;
}

Response render_refusal(const PreparedWrite& write, const replay::SubmitResult& result) {
  using replay::SubmitOutcome;
  Problem problem{ProblemType::conflict, result.detail};
  switch (result.outcome) {
    case SubmitOutcome::conflict: problem.type = ProblemType::conflict; break;
    case SubmitOutcome::precondition_failed:
      problem.type = ProblemType::precondition_failed;
      problem.current_version = result.current_version;
      break;
    case SubmitOutcome::invalid:
      problem.type = ProblemType::invalid_event;
      problem.errors = result.errors;
      break;
    case SubmitOutcome::forbidden: problem.type = ProblemType::forbidden; break;
    case SubmitOutcome::overloaded: problem.type = ProblemType::overloaded; break;
    case SubmitOutcome::unavailable: problem.type = ProblemType::unavailable; break;
    case SubmitOutcome::storage_full: problem.type = ProblemType::storage_full; break;
    case SubmitOutcome::created:
    case SubmitOutcome::replayed: assert(false); break;
  }
  if (problem.detail.empty()) problem.detail = std::string(replay::to_string(result.outcome));
  problem.line = failing_line(write, result);
  if (problem.line) problem.detail = "line " + std::to_string(*problem.line) + ": " + problem.detail;
  return problem_response(problem);
}

}  // namespace

OrProblem<std::optional<replay::KeyInfo>> authenticate_if_present(const Request& request,
                                                                   const replay::Ledger& ledger) {
  const Credential credential = read_credential(request);
  switch (credential.kind) {
    case CredentialKind::absent: return std::optional<replay::KeyInfo>{};
    case CredentialKind::malformed:
      return unauthorized("the Authorization header must be `Bearer <key>`");
    case CredentialKind::bearer: break;
  }
  std::optional<replay::KeyInfo> key = ledger.authenticate(credential.token);
  if (!key) return unauthorized("the API key is unknown or revoked");
  return key;
}

OrProblem<replay::KeyInfo> authenticate(const Request& request, const replay::Ledger& ledger) {
  auto key = authenticate_if_present(request, ledger);
  if (auto* problem = std::get_if<Problem>(&key)) return std::move(*problem);
  auto& found = std::get<std::optional<replay::KeyInfo>>(key);
  if (!found) return unauthorized("an API key is required: Authorization: Bearer <key>");
  return std::move(*found);
}

Problem forbidden(std::string detail) { return Problem{ProblemType::forbidden, std::move(detail)}; }

Dispatch dispatch_request(const Request& request, HandlerContext& context) {
  const std::optional<Target> target = parse_target(request.target());
  if (!target) {
    return problem_response({ProblemType::bad_request, "the request target must be an absolute path"});
  }
  const Route route = match_route(target->path);
  if (!method_allowed(route.id, request.method())) return method_not_allowed(request, route.id);
  if (request.method() == http::verb::post) {
    if (route.id == RouteId::events) return prepare_event_write(request, context);
    if (route.id == RouteId::batches) return prepare_batch_write(request, context);
  }
  if (route.id == RouteId::events_stream) return prepare_event_stream(request, target->query, context);
  return route_request(request, route, target->query, context);
}

Response render_write_result(const PreparedWrite& write, const replay::SubmitResult& result) {
  if (!result.ok()) return render_refusal(write, result);
  const bool created = result.outcome == replay::SubmitOutcome::created;
  const http::status status = created ? http::status::created : http::status::ok;
  if (write.batch) return json_response(status, render_receipts_json(result.receipts));
  assert(result.receipts.size() == 1);
  if (result.receipts.empty()) return internal_error_response();
  const replay::Receipt& receipt = result.receipts.front();
  Response response = json_response(status, render_receipt_json(receipt));
  response.set(http::field::location, "/v1/events/" + std::to_string(receipt.seq));
  return response;
}

Response handle_request(const Request& request, HandlerContext& context) {
  Response response;
  try {
    Dispatch dispatch = dispatch_request(request, context);
    if (auto* write = std::get_if<PreparedWrite>(&dispatch)) {
      const replay::SubmitResult result = context.ledger.submit_and_wait(std::move(write->submission));
      response = render_write_result(*write, result);
    } else if (auto* stream = std::get_if<PreparedStream>(&dispatch)) {
      std::uint64_t next_seq = stream->from_seq;
      response = make_response(http::status::ok, kEventStreamType,
                               render_stream_chunk(context.ledger, next_seq, context.options));
    } else if (auto* answered = std::get_if<Response>(&dispatch)) {
      response = std::move(*answered);
    } else {
      response = internal_error_response();  // DeferredRead: only under cached_only, which this caller does not set
    }
  } catch (const std::exception&) {
    response = internal_error_response();
  }
  finish_response(request, response);
  return response;
}

Response internal_error_response() {
  return problem_response({ProblemType::internal_error, "the server failed to answer; see its log"});
}

}  // namespace jifen::server
