#include "server/metrics.hpp"

#include <cassert>

namespace jifen::server {
namespace {

void append_metric(std::string& out, std::string_view name, std::string_view type, std::string_view help,
                   std::uint64_t value) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
  out += name;
  out += ' ';
  out += std::to_string(value);
  out += '\n';
}

}  // namespace

void Metrics::response_sent(unsigned status) {
  const unsigned status_class = status / 100;
  assert(status_class >= 1 && status_class <= kStatusClasses);
  if (status_class < 1 || status_class > kStatusClasses) return;
  increment(responses_[status_class - 1]);
}

std::uint64_t Metrics::responses(unsigned status_class) const {
  assert(status_class >= 1 && status_class <= kStatusClasses);
  return responses_[status_class - 1].load(std::memory_order_relaxed);
}

std::string Metrics::render(std::uint64_t tree_size, bool read_only) const {
  std::string out;
  out.reserve(1536);
  out += "# HELP jifen_http_requests_total HTTP requests answered, by status class.\n";
  out += "# TYPE jifen_http_requests_total counter\n";
  for (unsigned status_class = 1; status_class <= kStatusClasses; ++status_class) {
    out += "jifen_http_requests_total{class=\"";
    out += std::to_string(status_class);
    out += "xx\"} ";
    out += std::to_string(responses(status_class));
    out += '\n';
  }
  append_metric(out, "jifen_http_connections_open", "gauge", "HTTP connections open now.", connections_open());
  append_metric(out, "jifen_http_connections_total", "counter", "HTTP connections accepted.",
                connections_total_.load(std::memory_order_relaxed));
  append_metric(out, "jifen_http_connections_rejected_total", "counter",
                "HTTP connections refused with 503 because connections_max were open.",
                connections_rejected_.load(std::memory_order_relaxed));
  append_metric(out, "jifen_ledger_tree_size", "gauge", "Events in the log (the Merkle tree size).", tree_size);
  append_metric(out, "jifen_ledger_read_only", "gauge", "1 when the ledger refuses writes.", read_only ? 1 : 0);
  return out;
}

}  // namespace jifen::server
