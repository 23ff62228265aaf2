// GET handlers: pages of the log, one record, enterprise profiles and their events, health and metrics.
#include <string>

#include "domain/identifiers.hpp"
#include "domain/leaf.hpp"
#include "server/handler_support.hpp"
#include "server/json_render.hpp"

namespace jifen::server {
namespace {

bool is_auditor(const replay::KeyInfo& key) { return key.role == domain::Role::auditor; }

bool is_owner(const replay::KeyInfo& key, std::string_view uscc) {
  return key.role == domain::Role::enterprise && key.enterprise && *key.enterprise == uscc;
}

std::optional<Problem> check_uscc(std::string_view uscc) {
  std::optional<std::string> error = domain::uscc_error(uscc);
  if (!error) return std::nullopt;
  Problem problem{ProblemType::invalid_parameter, "uscc: " + *error};
  problem.parameter = "uscc";
  problem.errors.push_back({"uscc", std::move(*error)});
  return problem;
}

Problem unknown_enterprise(std::string_view uscc) {
  return Problem{ProblemType::not_found, "no enterprise " + std::string(uscc) + " is registered"};
}

}  // namespace

Response get_events_page(const Request& request, std::string_view query, HandlerContext& context) {
  auto key = authenticate(request, context.ledger);
  if (auto* problem = std::get_if<Problem>(&key)) return problem_response(*problem);
  if (!is_auditor(std::get<replay::KeyInfo>(key))) {
    return problem_response(forbidden("reading the whole log takes an auditor key"));
  }
  auto page = parse_page_query(query, context.options);
  if (auto* problem = std::get_if<Problem>(&page)) return problem_response(*problem);
  const Page& wanted = std::get<Page>(page);
  const std::vector<replay::Record> records = context.ledger.events(wanted.from, wanted.limit);
  return json_response(http::status::ok, render_events_page_json(records, wanted.from));
}

Response get_event(const Request& request, std::string_view seq_text, HandlerContext& context) {
  const std::optional<std::uint64_t> seq = parse_decimal(seq_text);
  if (!seq) {
    Problem problem{ProblemType::invalid_parameter, "the event's seq must be a decimal integer >= 0"};
    problem.parameter = "seq";
    return problem_response(problem);
  }
  auto authenticated = authenticate(request, context.ledger);
  if (auto* problem = std::get_if<Problem>(&authenticated)) return problem_response(*problem);
  const replay::KeyInfo& key = std::get<replay::KeyInfo>(authenticated);
  if (!is_auditor(key) && key.role != domain::Role::enterprise) {
    return problem_response(forbidden("records are read by auditors, or by the enterprise they concern"));
  }
  const std::optional<replay::Record> record = context.ledger.event(*seq);
  if (!record) {
    return problem_response({ProblemType::not_found, "the log holds no event " + std::to_string(*seq)});
  }
  if (!is_auditor(key)) {
    const std::optional<domain::Leaf> leaf = domain::decode_leaf(record->leaf);
    if (!leaf || !leaf->enterprise || !is_owner(key, *leaf->enterprise)) {
      return problem_response(forbidden("event " + std::to_string(*seq) + " does not concern this key's enterprise"));
    }
  }
  return json_response(http::status::ok, replay::render_record_json(*record));
}

Response get_enterprise(const Request& request, std::string_view uscc, HandlerContext& context) {
  if (auto problem = check_uscc(uscc)) return problem_response(*problem);
  auto authenticated = authenticate_if_present(request, context.ledger);
  if (auto* problem = std::get_if<Problem>(&authenticated)) return problem_response(*problem);
  const std::optional<replay::KeyInfo>& key = std::get<std::optional<replay::KeyInfo>>(authenticated);
  const std::optional<replay::EnterpriseProfile> profile = context.ledger.enterprise(uscc);
  if (!profile) return problem_response(unknown_enterprise(uscc));
  const bool full = key && (is_auditor(*key) || is_owner(*key, uscc));
  Response response = json_response(http::status::ok, render_enterprise_json(*profile, full));
  response.set(http::field::vary, "Authorization");
  if (full) response.set(http::field::etag, entity_tag(profile->version));
  return response;
}

Response get_enterprise_events(const Request& request, std::string_view uscc, std::string_view query,
                               HandlerContext& context) {
  if (auto problem = check_uscc(uscc)) return problem_response(*problem);
  auto authenticated = authenticate(request, context.ledger);
  if (auto* problem = std::get_if<Problem>(&authenticated)) return problem_response(*problem);
  const replay::KeyInfo& key = std::get<replay::KeyInfo>(authenticated);
  if (!is_auditor(key) && !is_owner(key, uscc)) {
    return problem_response(forbidden("an enterprise's events are read by that enterprise's key or an auditor"));
  }
  auto page = parse_page_query(query, context.options);
  if (auto* problem = std::get_if<Problem>(&page)) return problem_response(*problem);
  const Page& wanted = std::get<Page>(page);
  if (!context.ledger.enterprise(uscc)) return problem_response(unknown_enterprise(uscc));
  const std::vector<replay::Record> records = context.ledger.enterprise_events(uscc, wanted.from, wanted.limit);
  return json_response(http::status::ok, render_events_page_json(records, wanted.from));
}

Response get_readyz(const HandlerContext& context) {
  if (context.ledger.read_only()) {
    return problem_response({ProblemType::unavailable, "the ledger is read-only: it accepts no writes"});
  }
  return json_response(http::status::ok, "{\"status\":\"ready\"}");
}

Response get_metrics(const HandlerContext& context) {
  return make_response(http::status::ok, kPrometheusType,
                       context.metrics.render(context.ledger.tree_size(), context.ledger.read_only(),
                                              context.ledger.writer_stats()));
}

}  // namespace jifen::server
