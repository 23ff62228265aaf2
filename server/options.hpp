// The limits and settings of jifend's HTTP layer, every one named with its unit last.
//
// Plain values; copied into the Server at construction and read-only afterwards (safe from any thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace jifen::server {

struct ServerOptions {
  // Request size: the header is read first, then the body limit is chosen by route (see body_bytes_max).
  std::size_t request_header_bytes_max = 8 * 1024;           // beyond: 431 and close
  std::size_t event_request_body_bytes_max = 1 << 20;        // POST /v1/events; beyond: 413 and close
  std::size_t batch_request_body_bytes_max = 32 << 20;       // POST /v1/batches; beyond: 413 and close
  std::size_t other_request_body_bytes_max = 16 * 1024;      // every other route
  // Bytes a connection may buffer ahead of the request being handled (pipelined requests wait in it).
  std::size_t session_buffer_bytes_max = 64 * 1024;

  // Must equal the Ledger's LedgerOptions::batch_events_max: lines beyond it are a 413 before decoding.
  std::size_t batch_events_max = 10000;
  std::size_t page_events_default = 100;  // GET …/events without `limit`
  std::size_t page_events_max = 1000;     // GET …/events `limit` above it: 400

  std::size_t connections_max = 4096;  // open sessions; beyond: 503 and close

  // Derived reads (score, policies, rankings) may build a year board, which takes seconds on a large log: those
  // that would (their boards are not cached) run on a pool of this many threads, never on the I/O thread, so
  // other connections keep being served. Reads whose answer is cached are answered on the I/O thread.
  std::size_t derived_read_threads = 2;
  // Derived reads running or waiting for a pool thread; beyond: 503 + Retry-After.
  std::size_t derived_reads_queued_max = 64;

  // Deadlines. The next request's header must arrive within keep_alive_idle_ms of the previous answer; once
  // it has begun, header and body must arrive within request_read_ms; an answer must drain within
  // response_write_ms.
  std::uint32_t keep_alive_idle_ms = 30000;
  std::uint32_t request_read_ms = 10000;
  std::uint32_t response_write_ms = 10000;
  // After a refusal that leaves an unread body, how long the socket keeps draining input before closing, so
  // that the client reads the answer instead of a reset.
  std::uint32_t lingering_close_ms = 2000;
  // SIGINT/SIGTERM: in-flight requests get this long to finish before the I/O loop stops.
  std::uint32_t shutdown_grace_ms = 5000;

  // GET /v1/events/stream. Beyond streams_max open streams a new one is answered 503 + Retry-After. A stream
  // holds at most one chunk of stream_chunk_bytes_max (plus one record, when a single record is larger) that
  // the client must take within stream_write_ms, else it is dropped: nothing is buffered beyond that. An idle
  // stream sends a comment line every stream_heartbeat_ms, and looks at the log's size every stream_poll_ms
  // for appends by other processes (jifenctl); this process's commits wake it at once.
  std::size_t streams_max = 64;
  std::size_t stream_chunk_bytes_max = 256 * 1024;
  std::size_t stream_page_events_max = 512;
  std::uint32_t stream_write_ms = 10000;
  std::uint32_t stream_heartbeat_ms = 15000;
  std::uint32_t stream_poll_ms = 1000;

  // The checkpoint origin (DESIGN.md "Checkpoint"); carried for the log routes.
  std::string origin = "jifen.local/ledger";
};

}  // namespace jifen::server
