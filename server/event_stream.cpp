#include "server/event_stream.hpp"

#include <cassert>
#include <vector>

#include "server/handler_support.hpp"

namespace jifen::server {

Dispatch prepare_event_stream(const Request& request, std::string_view query, HandlerContext& context) {
  auto key = authenticate(request, context.ledger);
  if (auto* problem = std::get_if<Problem>(&key)) return problem_response(*problem);
  if (std::get<replay::KeyInfo>(key).role != domain::Role::auditor) {
    return problem_response(forbidden("streaming the whole log takes an auditor key"));
  }
  auto start = parse_stream_start(request, query);
  if (auto* problem = std::get_if<Problem>(&start)) return problem_response(*problem);
  return PreparedStream{std::get<std::uint64_t>(start)};
}

http::response<http::empty_body> event_stream_header(const Request& request) {
  http::response<http::empty_body> header{http::status::ok, request.version()};
  header.set(http::field::content_type, kEventStreamType);
  header.set(http::field::cache_control, "no-cache");
  header.set("X-Accel-Buffering", "no");  // nginx and alike: pass each event on at once
  header.keep_alive(false);
  return header;
}

std::string render_stream_event(const replay::Record& record) {
  const std::string json = replay::render_record_json(record);
  assert(json.find('\n') == std::string::npos);  // JCS escapes control characters: one data line
  std::string event = "id: " + std::to_string(record.seq) + "\ndata: ";
  event.reserve(event.size() + json.size() + 2);
  event += json;
  event += "\n\n";
  return event;
}

std::string render_stream_chunk(const replay::Ledger& ledger, std::uint64_t& next_seq, const ServerOptions& options) {
  assert(options.stream_page_events_max > 0);
  const std::vector<replay::Record> records = ledger.events(next_seq, options.stream_page_events_max);
  std::string chunk;
  for (const replay::Record& record : records) {
    if (!chunk.empty() && chunk.size() >= options.stream_chunk_bytes_max) break;
    assert(record.seq == next_seq);
    chunk += render_stream_event(record);
    next_seq = record.seq + 1;
  }
  return chunk;
}

}  // namespace jifen::server
