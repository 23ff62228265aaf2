#include "server/metrics.hpp"

#include <cassert>
#include <initializer_list>
#include <string_view>

namespace jifen::server {
namespace {

void append(std::string& out, std::initializer_list<std::string_view> parts) {
  for (const std::string_view part : parts) out += part;
}

// "# HELP" and "# TYPE" of a metric.
void append_header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  append(out, {"# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n"});
}

// A line of a sample: name (with its labels, if any), value.
void append_sample(std::string& out, std::string_view name, std::string_view value) {
  append(out, {name, " ", value, "\n"});
}

void append_metric(std::string& out, std::string_view name, std::string_view type, std::string_view help,
                   std::uint64_t value) {
  append_header(out, name, type, help);
  append_sample(out, name, std::to_string(value));
}

// A count of microseconds as decimal seconds, exactly: 250 -> "0.00025".
std::string seconds_of_micros(std::uint64_t micros) {
  std::string fraction = std::to_string(1'000'000 + micros % 1'000'000).substr(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  return std::to_string(micros / 1'000'000) + (fraction.empty() ? "" : "." + fraction);
}

// A histogram from cumulative counts: one per bound, then the +Inf one (the count).
template <std::size_t Bounds, typename Label>
void append_histogram(std::string& out, std::string_view name, std::string_view help,
                      const std::array<std::uint64_t, Bounds>& bounds, const std::array<std::uint64_t, Bounds + 1>& within,
                      Label label, const std::string& sum) {
  append_header(out, name, "histogram", help);
  const std::string bucket = std::string(name) + "_bucket{le=\"";
  for (std::size_t i = 0; i <= Bounds; ++i) {
    append_sample(out, bucket + (i < Bounds ? label(bounds[i]) : std::string("+Inf")) + "\"}", std::to_string(within[i]));
  }
  append_sample(out, std::string(name) + "_sum", sum);
  append_sample(out, std::string(name) + "_count", std::to_string(within[Bounds]));
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

std::string Metrics::render(std::uint64_t tree_size, bool read_only, const replay::WriterStats& writer) const {
  std::string out;
  out.reserve(4096);
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
  append_histogram(out, "jifen_ledger_commit_seconds",
                   "Commits of this jifend's writer (groups that appended), from taking the group off the queue to the "
                   "commit's return, its flush included.",
                   replay::WriterStats::kCommitMicrosBounds, writer.commits_within_micros, seconds_of_micros,
                   seconds_of_micros(writer.commit_micros));
  append_histogram(out, "jifen_ledger_commit_events", "Events each commit of this jifend's writer appended.",
                   replay::WriterStats::kCommitEventsBounds, writer.commits_within_events,
                   [](std::uint64_t count) { return std::to_string(count); },
                   std::to_string(writer.commit_events));
  append_metric(out, "jifen_ledger_journal_checkpoints_total", "counter",
                "Commit journal checkpoints written (the data file flushed, then recorded in the journal).",
                writer.journal_checkpoints);
  append_metric(out, "jifen_ledger_write_queue", "gauge", "Submissions waiting for the writer now.",
                writer.queued_submissions);
  return out;
}

}  // namespace jifen::server
