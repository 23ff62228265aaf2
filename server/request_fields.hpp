// Parsers for the parts of a request the handlers read: Authorization: Bearer, If-Match, Content-Type, the
// paging parameters `from` and `limit`, and decimal sequence numbers. Each answers a value or a 400 Problem
// naming the header or parameter at fault.
//
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "server/http.hpp"
#include "server/options.hpp"
#include "server/problem.hpp"

namespace jifen::server {

// A value, or the Problem that refuses the request.
template <typename Value>
using OrProblem = std::variant<Value, Problem>;

// A decimal integer of 1..20 ASCII digits that fits in 64 bits; nothing else (no sign, no spaces).
std::optional<std::uint64_t> parse_decimal(std::string_view text);

enum class CredentialKind : std::uint8_t { absent, malformed, bearer };
struct Credential {
  CredentialKind kind = CredentialKind::absent;
  std::string_view token;  // bearer only: the key as sent
};
// `Authorization: Bearer <token>` (scheme case-insensitive). Another scheme, no token, or several
// Authorization fields are `malformed`.
Credential read_credential(const Request& request);

// If-Match: `"<n>"` or a bare `<n>`: the version the client expects the enterprise's stream to have. nullopt
// when the header is absent; a 400 Problem naming If-Match for anything else (lists, `*`, W/, several fields).
OrProblem<std::optional<std::uint64_t>> read_if_match(const Request& request);

// True when Content-Type is `expected` (case-insensitive), with no parameter other than charset=utf-8.
bool content_type_is(const Request& request, std::string_view expected);

struct Page {
  std::uint64_t from = 0;
  std::size_t limit = 0;
};
// The query of GET …/events: from (default 0), limit (default page_events_default, 1..page_events_max).
// Unknown or repeated parameters and bad values are 400 naming the parameter.
OrProblem<Page> parse_page_query(std::string_view encoded_query, const ServerOptions& options);

// Where GET /v1/events/stream begins: the seq after `Last-Event-ID` when the header is present (a client
// resuming), else the query's `from` (default 0). The only query parameter is `from`; a bad or repeated value,
// an unknown parameter or a Last-Event-ID that is not one sequence number is a 400 naming it.
OrProblem<std::uint64_t> parse_stream_start(const Request& request, std::string_view encoded_query);

}  // namespace jifen::server
