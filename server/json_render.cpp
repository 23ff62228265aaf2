#include "server/json_render.hpp"

#include <array>
#include <cassert>
#include <charconv>

#include "domain/codec.hpp"
#include "domain/types.hpp"

namespace jifen::server {

void append_unsigned(std::string& out, std::uint64_t value) {
  std::array<char, 24> digits{};
  const auto [end, error] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
  assert(error == std::errc{});
  out.append(digits.data(), end);
}

void append_receipt_json(std::string& out, const replay::Receipt& receipt) {
  out += "{\"seq\":";
  append_unsigned(out, receipt.seq);
  out += ",\"event_id\":";
  domain::append_json_string(out, receipt.event_id);
  out += ",\"leaf_hash\":\"";
  domain::append_base64(out, receipt.leaf_hash);  // base64 needs no escaping
  out += "\",\"recorded_at\":";
  domain::append_json_string(out, receipt.recorded_at);
  out += ",\"tree_size\":";
  append_unsigned(out, receipt.tree_size);
  if (!receipt.checkpoint.empty()) {  // docs/AUDIT.md "Receipts"
    out += ",\"checkpoint\":";
    domain::append_json_string(out, receipt.checkpoint);
    out += ",\"checkpoint_tree_size\":";
    append_unsigned(out, receipt.checkpoint_tree_size);
    out += ",\"inclusion_proof\":[";
    for (std::size_t index = 0; index < receipt.inclusion_proof.size(); ++index) {
      if (index != 0) out += ',';
      out += '"';
      domain::append_base64(out, receipt.inclusion_proof[index]);
      out += '"';
    }
    out += ']';
  }
  out += '}';
}

// Room for a receipt's JSON, so that rendering it allocates once: the names, punctuation, two 20-digit
// numbers, the quoted leaf hash and timestamp and the checkpoint's tree size come to 260 bytes at most; then
// the event id, the note with a few escapes per line, and 47 bytes per proof hash.
std::size_t receipt_json_bytes_estimate(const replay::Receipt& receipt) {
  return 264 + receipt.event_id.size() + receipt.checkpoint.size() * 9 / 8 + receipt.inclusion_proof.size() * 47;
}

std::string render_receipt_json(const replay::Receipt& receipt) {
  std::string out;
  out.reserve(receipt_json_bytes_estimate(receipt));
  append_receipt_json(out, receipt);
  return out;
}

std::string render_receipts_json(const std::vector<replay::Receipt>& receipts) {
  std::size_t bytes = 16;
  for (const replay::Receipt& receipt : receipts) bytes += receipt_json_bytes_estimate(receipt) + 1;
  std::string out;
  out.reserve(bytes);
  out += "{\"receipts\":[";
  for (std::size_t i = 0; i < receipts.size(); ++i) {
    if (i != 0) out += ',';
    append_receipt_json(out, receipts[i]);
  }
  out += "]}";
  return out;
}

std::string render_events_page_json(const std::vector<replay::Record>& records, std::uint64_t from) {
  std::string out;
  std::size_t bytes = 32;
  for (const replay::Record& record : records) bytes += record.leaf.size() + record.data.size() + 64;
  out.reserve(bytes);
  out += "{\"events\":[";
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i != 0) out += ',';
    out += replay::render_record_json(records[i]);
  }
  out += "],\"next\":";
  append_unsigned(out, records.empty() ? from : records.back().seq + 1);
  out += '}';
  return out;
}

std::string render_enterprise_json(const replay::EnterpriseProfile& profile, bool full) {
  std::string out;
  out.reserve(256);
  out += "{\"uscc\":";
  domain::append_json_string(out, profile.uscc);
  out += ",\"name\":";
  domain::append_json_string(out, profile.name);
  out += ",\"zone\":";
  domain::append_json_string(out, profile.zone);
  out += ",\"chains\":[";
  for (std::size_t i = 0; i < profile.chains.size(); ++i) {
    if (i != 0) out += ',';
    domain::append_json_string(out, profile.chains[i]);
  }
  out += ']';
  if (full) {
    out += ",\"registered_on\":";
    domain::append_json_string(out, profile.registered_on);
    out += ",\"registered_seq\":";
    append_unsigned(out, profile.registered_seq);
    out += ",\"version\":";
    append_unsigned(out, profile.version);
    out += ",\"demo\":";
    out += profile.demo ? "true" : "false";
  }
  out += '}';
  return out;
}

}  // namespace jifen::server
