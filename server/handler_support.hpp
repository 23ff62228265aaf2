// Internal to server/: the pieces dispatch_request is made of, shared by handlers.cpp, read_handlers.cpp and
// write_handlers.cpp.
//
// Same thread contract as handlers.hpp.
#pragma once

#include <optional>
#include <string_view>
#include <variant>

#include "server/handlers.hpp"
#include "server/problem.hpp"
#include "server/request_fields.hpp"
#include "server/route.hpp"

namespace jifen::server {

// The key behind `Authorization: Bearer`, or a 401 Problem (absent, malformed, unknown or revoked).
OrProblem<replay::KeyInfo> authenticate(const Request& request, const replay::Ledger& ledger);
// As authenticate, but an absent header is no key (public reads); a bad one is still 401.
OrProblem<std::optional<replay::KeyInfo>> authenticate_if_present(const Request& request,
                                                                   const replay::Ledger& ledger);

Problem forbidden(std::string detail);

// Reads.
Response get_events_page(const Request& request, std::string_view query, HandlerContext& context);
Response get_event(const Request& request, std::string_view seq_text, HandlerContext& context);
Response get_enterprise(const Request& request, std::string_view uscc, HandlerContext& context);
Response get_enterprise_events(const Request& request, std::string_view uscc, std::string_view query,
                               HandlerContext& context);
Response get_readyz(const HandlerContext& context);
Response get_metrics(const HandlerContext& context);

// Writes: a refusal, or the write to submit.
Dispatch prepare_event_write(const Request& request, HandlerContext& context);
Dispatch prepare_batch_write(const Request& request, HandlerContext& context);

}  // namespace jifen::server
