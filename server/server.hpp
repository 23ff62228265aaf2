// jifend's HTTP server: one listener and one coroutine session per connection on a single I/O thread, over the
// Ledger (which owns its writer thread).
//
// A session reads one request at a time (pipelined requests wait in its buffer, at most
// session_buffer_bytes_max): the header first (request_header_bytes_max, else 431), then the body with the
// limit of its route (else 413), each read under a deadline; answers through dispatch_request; a write goes
// to Ledger::submit and the session resumes on the I/O thread when the writer calls back. Beyond
// connections_max open connections a new one is answered 503 and closed.
//
// Thread contract: serve() runs the I/O loop on the calling thread and returns after SIGINT or SIGTERM once
// in-flight requests have finished (or shutdown_grace_ms passed). The Ledger must outlive the call.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "replay/ledger.hpp"
#include "server/options.hpp"

namespace jifen::server {

struct ListenAddress {
  std::string host;  // an IP address literal: "127.0.0.1", "::1", "0.0.0.0"
  std::uint16_t port = 0;  // 0: the system picks a free port
};
// "HOST:PORT" or "[V6]:PORT"; nullopt when malformed.
std::optional<ListenAddress> parse_listen_address(std::string_view text);

// Called once, on the I/O thread, when the socket listens: the base URL, e.g. "http://127.0.0.1:41327".
using OnListening = std::function<void(const std::string& base_url)>;

// Listens on `address` and serves until SIGINT/SIGTERM. Throws std::system_error when it cannot listen.
void serve(replay::Ledger& ledger, const ServerOptions& options, const ListenAddress& address,
           const OnListening& on_listening);

}  // namespace jifen::server
