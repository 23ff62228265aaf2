// RFC 9457 problem details: every error the server answers is `application/problem+json`
// {"type": "https://jifen.local/problems/<slug>", "title", "status", "detail", …}.
//
// Extension members used by jifen (only when set):
//   errors          [{"field": "data.amount_fen", "message": "…"}]  what is invalid (422, and 400 where useful);
//                   in a batch every error also carries "line" (1-based) and the field stays unprefixed
//   line            the 1-based NDJSON line of a batch at fault
//   parameter       the query parameter, header or path segment at fault (400)
//   current_version the enterprise stream's version now (412)
//   limit, limit_value  the name and the value of the limit exceeded (413, 431, 503 connections)
//
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/codec.hpp"
#include "server/http.hpp"

namespace jifen::server {

enum class ProblemType : std::uint8_t {
  bad_request,             // 400 the request line, a header or the target is malformed
  invalid_parameter,       // 400 a query parameter, header value or path segment is invalid
  malformed_json,          // 400 the body is not JSON, or not a JSON object
  unauthorized,            // 401 no key, or a key that is unknown or revoked
  forbidden,               // 403
  not_found,               // 404
  method_not_allowed,      // 405 (with Allow)
  conflict,                // 409
  precondition_failed,     // 412 (with current_version and ETag)
  payload_too_large,       // 413
  unsupported_media_type,  // 415
  invalid_event,           // 422
  header_too_large,        // 431
  internal_error,          // 500
  not_implemented,         // 501
  overloaded,              // 503 (with Retry-After)
  unavailable,             // 503 read-only, or too many connections
  storage_full,            // 507
};

http::status status_of(ProblemType type);
std::string_view slug_of(ProblemType type);   // "malformed-json"
std::string_view title_of(ProblemType type);  // "The body is not valid JSON"

struct Problem {
  Problem() = default;
  Problem(ProblemType problem_type, std::string problem_detail)
      : type(problem_type), detail(std::move(problem_detail)) {}

  ProblemType type = ProblemType::bad_request;
  std::string detail;  // one sentence for a person; never raw client bytes (see printable_excerpt)
  std::vector<domain::FieldError> errors;
  std::optional<std::size_t> line;
  std::optional<std::string_view> parameter;
  std::optional<std::uint64_t> current_version;
  std::optional<std::string_view> limit;
  std::optional<std::uint64_t> limit_value;
};

std::string render_problem_json(const Problem& problem);
// The whole answer: status, application/problem+json, body, and the header fields the status calls for:
// WWW-Authenticate: Bearer (401), Retry-After: 1 (overloaded), ETag: "<current_version>" (412), Connection:
// close (431, 413: the rest of such a request is not read). Allow (405) is the caller's to add.
Response problem_response(const Problem& problem);

// At most `bytes_max` bytes of client text, safe to quote in a detail: every byte outside printable ASCII
// becomes '?', and a cut is marked with "...".
std::string printable_excerpt(std::string_view text, std::size_t bytes_max = 64);

}  // namespace jifen::server
