// Counters of the HTTP layer and their Prometheus text rendering (GET /metrics).
//
// Thread contract: updated by the I/O thread; the counters are relaxed atomics so that rendering from any
// thread reads consistent (if slightly stale) numbers.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "replay/ledger.hpp"

namespace jifen::server {

class Metrics {
 public:
  static constexpr std::size_t kStatusClasses = 5;  // 1xx..5xx

  void connection_opened() { increment(connections_total_); increment(connections_open_); }
  void connection_closed() { connections_open_.fetch_sub(1, std::memory_order_relaxed); }
  void connection_rejected() { increment(connections_rejected_); }
  void response_sent(unsigned status);

  std::uint64_t connections_open() const { return connections_open_.load(std::memory_order_relaxed); }
  std::uint64_t responses(unsigned status_class) const;  // REQUIRES: 1 <= status_class <= 5

  // The exposition text: requests by status class, connections, and the ledger's figures given here.
  std::string render(std::uint64_t tree_size, bool read_only, const replay::WriterStats& writer) const;

 private:
  static void increment(std::atomic<std::uint64_t>& counter) { counter.fetch_add(1, std::memory_order_relaxed); }

  std::array<std::atomic<std::uint64_t>, kStatusClasses> responses_{};
  std::atomic<std::uint64_t> connections_total_{0};
  std::atomic<std::uint64_t> connections_open_{0};
  std::atomic<std::uint64_t> connections_rejected_{0};
};

}  // namespace jifen::server
