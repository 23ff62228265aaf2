// GET /v1/events/stream (auditor): the log as Server-Sent Events. The parts that never see a socket: who may
// open a stream and where it starts (prepare_event_stream), the response header, and the text of the events
// (render_stream_chunk). The session loop that sends them, waits for commits and sends heartbeats is in
// server.cpp.
//
// Each record is one event: `id: <seq>` and `data: <the record JSON as GET /v1/events/{seq} shows it>`. A
// client that reconnects with `Last-Event-ID: <seq>` resumes at seq + 1.
//
// Thread contract: as handlers.hpp (the I/O thread; the ledger's readers are safe from any thread).
#pragma once

#include <boost/beast/http/empty_body.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "replay/ledger.hpp"
#include "server/handlers.hpp"
#include "server/options.hpp"

namespace jifen::server {

inline constexpr std::string_view kEventStreamType = "text/event-stream";
// A comment line: keeps proxies and clients from timing out an idle stream; EventSource ignores it.
inline constexpr std::string_view kStreamKeepalive = ": keepalive\n\n";

// 401/403 for anyone but an auditor, 400 for a bad `from` or Last-Event-ID; else the PreparedStream.
Dispatch prepare_event_stream(const Request& request, std::string_view query, HandlerContext& context);

// The header of a stream answer: 200, text/event-stream, no caching, no length (the body ends when the
// connection closes, so keep-alive is off).
http::response<http::empty_body> event_stream_header(const Request& request);

// The events of the records from `next_seq` on, as many as fit in options.stream_chunk_bytes_max (always at
// least one when there is one) and at most options.stream_page_events_max; advances `next_seq` past them.
// Empty when the log holds nothing from `next_seq`.
std::string render_stream_chunk(const replay::Ledger& ledger, std::uint64_t& next_seq, const ServerOptions& options);

// The whole text of one event.
std::string render_stream_event(const replay::Record& record);

}  // namespace jifen::server
