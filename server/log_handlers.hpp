// The handlers of the log's audit routes (DESIGN.md "HTTP API v1", docs/AUDIT.md "HTTP"): all public, no key.
//
//   GET /v1/log/checkpoint[?tree_size=M]   the latest signed checkpoint, or the one issued at M (404: none)
//   GET /v1/log/key                        the verifier key string
//   GET /v1/log/proof/inclusion?seq=N&tree_size=M
//   GET /v1/log/proof/consistency?from=M1&to=M2
//
// Same thread contract as handlers.hpp: call from the I/O thread; the ledger's readers are safe from any thread.
#pragma once

#include <string_view>

#include "server/handlers.hpp"

namespace jifen::server {

inline constexpr std::string_view kNoteType = "text/plain; charset=utf-8";

Response get_log_checkpoint(std::string_view query, HandlerContext& context);
Response get_log_key(HandlerContext& context);
Response get_inclusion_proof(std::string_view query, HandlerContext& context);
Response get_consistency_proof(std::string_view query, HandlerContext& context);

}  // namespace jifen::server
