#include "server/problem.hpp"

#include "server/json_render.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <string>

namespace jifen::server {
namespace {

struct ProblemInfo {
  http::status status;
  std::string_view slug;
  std::string_view title;
};

// Indexed by ProblemType.
constexpr std::array<ProblemInfo, 18> kProblems{{
    {http::status::bad_request, "bad-request", "The request is malformed"},
    {http::status::bad_request, "invalid-parameter", "A parameter of the request is invalid"},
    {http::status::bad_request, "malformed-json", "The body is not a JSON object"},
    {http::status::unauthorized, "unauthorized", "A valid API key is required"},
    {http::status::forbidden, "forbidden", "This key may not do this"},
    {http::status::not_found, "not-found", "No such resource"},
    {http::status::method_not_allowed, "method-not-allowed", "Method not allowed on this resource"},
    {http::status::conflict, "conflict", "The request conflicts with the log"},
    {http::status::precondition_failed, "precondition-failed", "The stream is not at the expected version"},
    {http::status::payload_too_large, "payload-too-large", "The request is over a size limit"},
    {http::status::unsupported_media_type, "unsupported-media-type", "Unsupported Content-Type"},
    {http::status::unprocessable_entity, "invalid-event", "The event is not valid"},
    {http::status::request_header_fields_too_large, "header-too-large", "The request header is too large"},
    {http::status::internal_server_error, "internal-error", "Internal server error"},
    {http::status::not_implemented, "not-implemented", "Not implemented yet"},
    {http::status::service_unavailable, "overloaded", "The ledger is overloaded; retry shortly"},
    {http::status::service_unavailable, "unavailable", "The service is unavailable"},
    {http::status::insufficient_storage, "storage-full", "The ledger's storage is full"},
}};

const ProblemInfo& info_of(ProblemType type) {
  const auto index = static_cast<std::size_t>(type);
  assert(index < kProblems.size());
  return kProblems[index];
}

void append_member_name(std::string& out, std::string_view name) {
  out += ",\"";
  out += name;  // jifen's own ASCII member names: nothing to escape
  out += "\":";
}

void append_errors(std::string& out, const Problem& problem) {
  append_member_name(out, "errors");
  out += '[';
  bool first = true;
  for (const domain::FieldError& error : problem.errors) {
    if (!first) out += ',';
    first = false;
    out += "{\"field\":";
    domain::append_json_string(out, error.field);
    if (problem.line) {
      out += ",\"line\":";
      append_unsigned(out, *problem.line);
    }
    out += ",\"message\":";
    domain::append_json_string(out, error.message);
    out += '}';
  }
  out += ']';
}

}  // namespace

http::status status_of(ProblemType type) { return info_of(type).status; }
std::string_view slug_of(ProblemType type) { return info_of(type).slug; }
std::string_view title_of(ProblemType type) { return info_of(type).title; }

std::string render_problem_json(const Problem& problem) {
  const ProblemInfo& info = info_of(problem.type);
  std::string out;
  out.reserve(160 + problem.detail.size() + problem.errors.size() * 96);
  out += "{\"type\":\"https://jifen.local/problems/";
  out += info.slug;
  out += "\",\"title\":";
  domain::append_json_string(out, info.title);
  out += ",\"status\":";
  append_unsigned(out, static_cast<unsigned>(info.status));
  out += ",\"detail\":";
  domain::append_json_string(out, problem.detail);
  if (!problem.errors.empty()) append_errors(out, problem);
  if (problem.line) {
    append_member_name(out, "line");
    append_unsigned(out, *problem.line);
  }
  if (problem.parameter) {
    append_member_name(out, "parameter");
    domain::append_json_string(out, *problem.parameter);
  }
  if (problem.current_version) {
    append_member_name(out, "current_version");
    append_unsigned(out, *problem.current_version);
  }
  if (problem.limit) {
    append_member_name(out, "limit");
    domain::append_json_string(out, *problem.limit);
  }
  if (problem.limit_value) {
    append_member_name(out, "limit_value");
    append_unsigned(out, *problem.limit_value);
  }
  out += '}';
  return out;
}

Response problem_response(const Problem& problem) {
  Response response = make_response(status_of(problem.type), kProblemType, render_problem_json(problem));
  switch (problem.type) {
    case ProblemType::unauthorized:
      response.set(http::field::www_authenticate, "Bearer realm=\"jifen\"");
      break;
    case ProblemType::overloaded:
      response.set(http::field::retry_after, "1");
      break;
    case ProblemType::payload_too_large:
    case ProblemType::header_too_large:
      response.keep_alive(false);
      break;
    default:
      break;
  }
  if (problem.current_version) {
    response.set(http::field::etag, entity_tag(*problem.current_version));
  }
  return response;
}

std::string printable_excerpt(std::string_view text, std::size_t bytes_max) {
  const bool cut = text.size() > bytes_max;
  std::string out;
  out.reserve(std::min(text.size(), bytes_max) + 3);
  for (const char character : text.substr(0, bytes_max)) {
    const bool printable = character >= 0x20 && character < 0x7f;
    out += printable ? character : '?';
  }
  if (cut) out += "...";
  return out;
}

}  // namespace jifen::server
