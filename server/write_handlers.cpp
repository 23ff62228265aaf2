// POST handlers: every check the server can make before the ledger decides (key, role, Content-Type,
// If-Match, decoding, batch shape), so that a refused write never reaches the writer thread.
#include <algorithm>
#include <string>

#include "server/handler_support.hpp"

namespace jifen::server {
namespace {

replay::Actor actor_of(const replay::KeyInfo& key) { return replay::Actor{key.key_id, key.role, key.enterprise}; }

// The Submission of a write without its events: who submits, and If-Match; or the Problem refusing it.
OrProblem<replay::Submission> start_submission(const Request& request, std::string_view media_type,
                                               const replay::Ledger& ledger) {
  auto authenticated = authenticate(request, ledger);
  if (auto* problem = std::get_if<Problem>(&authenticated)) return std::move(*problem);
  const replay::KeyInfo& key = std::get<replay::KeyInfo>(authenticated);
  if (key.role == domain::Role::auditor) return forbidden("auditor keys read the log; they post nothing");
  if (!content_type_is(request, media_type)) {
    return Problem{ProblemType::unsupported_media_type, "Content-Type must be " + std::string(media_type)};
  }
  auto if_match = read_if_match(request);
  if (auto* problem = std::get_if<Problem>(&if_match)) return std::move(*problem);
  replay::Submission submission;
  submission.actor = actor_of(key);
  submission.expected_version = std::get<std::optional<std::uint64_t>>(if_match);
  return submission;
}

// The role rules the server can check alone (the ledger checks them again).
std::optional<Problem> check_may_post(const replay::Actor& actor, const domain::Event& event) {
  if (!domain::role_may_post(actor.role, event.type)) {
    return forbidden("a " + std::string(domain::to_string(actor.role)) + " key may not post " +
                     std::string(domain::to_string(event.type)));
  }
  if (actor.role == domain::Role::enterprise && event.enterprise != actor.enterprise) {
    return forbidden("this key belongs to enterprise " + actor.enterprise.value_or("(none)") +
                     "; the event names enterprise " + event.enterprise.value_or("(none)"));
  }
  return std::nullopt;
}

Problem decode_problem(domain::DecodeError&& error) {
  const bool malformed = error.kind == domain::DecodeErrorKind::malformed;
  Problem problem{malformed ? ProblemType::malformed_json : ProblemType::invalid_event, std::move(error.detail)};
  problem.errors = std::move(error.errors);
  return problem;
}

// Decodes one event and checks that the submitting key may post it.
OrProblem<domain::Event> decode_event(std::string_view json, const replay::Actor& actor,
                                      domain::EventDecoder& decoder) {
  domain::DecodeResult decoded = decoder.decode(json);
  if (auto* error = std::get_if<domain::DecodeError>(&decoded)) return decode_problem(std::move(*error));
  domain::Event& event = std::get<domain::Event>(decoded);
  if (auto problem = check_may_post(actor, event)) return std::move(*problem);
  return std::move(event);
}

Problem at_line(Problem problem, std::size_t line) {
  problem.line = line;
  problem.detail = "line " + std::to_string(line) + ": " + problem.detail;
  return problem;
}

// The lines of an NDJSON body: '\n' separated, an optional '\r' before it, one trailing newline allowed.
std::size_t count_lines(std::string_view body) {
  const auto newlines = static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n'));
  return (!body.empty() && body.back() == '\n') ? newlines : newlines + 1;
}

Problem batch_too_long(std::size_t lines, const ServerOptions& options) {
  Problem problem{ProblemType::payload_too_large, "the batch has " + std::to_string(lines) +
                                                     " lines; batch_events_max is " +
                                                     std::to_string(options.batch_events_max)};
  problem.limit = "batch_events_max";
  problem.limit_value = options.batch_events_max;
  return problem;
}

}  // namespace

Dispatch prepare_event_write(const Request& request, HandlerContext& context) {
  auto started = start_submission(request, kJsonType, context.ledger);
  if (auto* problem = std::get_if<Problem>(&started)) return problem_response(*problem);
  PreparedWrite write{std::move(std::get<replay::Submission>(started)), false};
  auto event = decode_event(request.body(), write.submission.actor, context.decoder);
  if (auto* problem = std::get_if<Problem>(&event)) return problem_response(*problem);
  write.submission.events.push_back(std::move(std::get<domain::Event>(event)));
  return write;
}

Dispatch prepare_batch_write(const Request& request, HandlerContext& context) {
  auto started = start_submission(request, kNdjsonType, context.ledger);
  if (auto* problem = std::get_if<Problem>(&started)) return problem_response(*problem);
  std::string_view body = request.body();
  const std::size_t lines = body.empty() ? 0 : count_lines(body);
  if (lines == 0) return problem_response({ProblemType::malformed_json, "the batch holds no events"});
  if (lines > context.options.batch_events_max) return problem_response(batch_too_long(lines, context.options));
  PreparedWrite write{std::move(std::get<replay::Submission>(started)), true};
  write.submission.events.reserve(lines);
  for (std::size_t line = 1; line <= lines; ++line) {
    const std::size_t newline = std::min(body.find('\n'), body.size());
    std::string_view text = body.substr(0, newline);
    body.remove_prefix(std::min(newline + 1, body.size()));
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.find_first_not_of(" \t") == std::string_view::npos) {
      return problem_response(at_line({ProblemType::malformed_json, "the line is empty; one event a line"}, line));
    }
    auto event = decode_event(text, write.submission.actor, context.decoder);
    if (auto* problem = std::get_if<Problem>(&event)) return problem_response(at_line(std::move(*problem), line));
    write.submission.events.push_back(std::move(std::get<domain::Event>(event)));
  }
  return write;
}

}  // namespace jifen::server
