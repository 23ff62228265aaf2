// The request handlers of HTTP API v1: request in, response out. They never see a socket, so tests call them
// directly. A read is answered at once; a write is checked (auth, role, Content-Type, If-Match, decoding)
// and becomes a PreparedWrite whose Submission the caller hands to Ledger::submit, then turns the
// SubmitResult into the answer with render_write_result.
//
// Thread contract: call from the I/O thread that owns `context.decoder`; the ledger's readers are safe from
// any thread. Nothing here blocks on the writer except handle_request (tests and tools only).
#pragma once

#include <cstddef>
#include <variant>
#include <vector>

#include "domain/codec.hpp"
#include "replay/ledger.hpp"
#include "server/http.hpp"
#include "server/metrics.hpp"
#include "server/options.hpp"

namespace jifen::server {

struct HandlerContext {
  replay::Ledger& ledger;
  domain::EventDecoder& decoder;  // the calling thread's own
  const ServerOptions& options;
  const Metrics& metrics;
  // The derived reads answer only what is cached (replay::ReadPoint::cached_only); one that would build a board
  // or render is a DeferredRead instead (jifend's I/O thread, which must not wait on that, then asks its pool).
  bool cached_only = false;
};

// A write request that passed every check the server can make: what the ledger must decide.
// In a batch, event i came from NDJSON line i + 1 (empty lines are refused before this).
struct PreparedWrite {
  replay::Submission submission;
  bool batch = false;
};

// GET /v1/events/stream once auth and parameters passed: the session sends records from `from_seq` on.
struct PreparedStream {
  std::uint64_t from_seq = 0;
};

// A derived read under HandlerContext::cached_only that is not cached: answer it again without.
struct DeferredRead {};

using Dispatch = std::variant<Response, PreparedWrite, PreparedStream, DeferredRead>;

// Routes and answers `request`, or prepares its write or its event stream (or defers a derived read, above). The Response is complete except for version and
// keep-alive (finish_response). Ledger reader failures propagate as exceptions (the caller answers 500).
Dispatch dispatch_request(const Request& request, HandlerContext& context);

// The answer to a prepared write once the ledger has called back with `result`.
Response render_write_result(const PreparedWrite& write, const replay::SubmitResult& result);

// dispatch_request, then for a write Ledger::submit_and_wait, then finish_response. Blocks on the writer: for
// tests and tools, never on an I/O thread. A stream is answered with what the log holds now (one chunk),
// as a complete body.
Response handle_request(const Request& request, HandlerContext& context);

// 500 problem for an exception escaping a handler.
Response internal_error_response();

}  // namespace jifen::server
