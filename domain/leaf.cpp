// The leaf's canonical JSON and its strict inverse. See leaf.hpp; hashes and proofs are in merkle.cpp,
// timestamps in timestamp.cpp.
#include "domain/leaf.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>

#include <simdjson.h>

#include "domain/codec.hpp"

namespace jifen::domain {
namespace {

// A cursor over a leaf's bytes that accepts only what encode_leaf could have written; whatever decode_leaf lets
// through is checked once more by re-encoding (read_leaf_fields reads views and checks less).
class LeafScanner {
 public:
  explicit LeafScanner(std::string_view text) : text_(text) {}

  bool literal(std::string_view expected) {
    if (text_.substr(position_, expected.size()) != expected) return false;
    position_ += expected.size();
    return true;
  }
  bool at_end() const { return position_ == text_.size(); }

  // A JSON string with the escapes JCS writes; nullopt on anything else.
  std::optional<std::string> string() {
    if (!literal("\"")) return std::nullopt;
    std::string out;
    while (position_ < text_.size()) {
      const char c = text_[position_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      const auto escaped = escape();
      if (!escaped) return std::nullopt;
      out.push_back(*escaped);
    }
    return std::nullopt;
  }

  // A JSON string without escapes, as a view of the text (read_leaf_fields: none of the fields it reads may hold
  // one); nullopt on anything else.
  std::optional<std::string_view> view() {
    if (!literal("\"")) return std::nullopt;
    const std::size_t end = text_.find('"', position_);
    if (end == std::string_view::npos) return std::nullopt;
    const std::string_view value = text_.substr(position_, end - position_);
    if (value.find('\\') != std::string_view::npos) return std::nullopt;
    position_ = end + 1;
    return value;
  }

  std::optional<std::uint64_t> unsigned_integer() {
    std::uint64_t value = 0;
    const char* first = text_.data() + position_;
    const char* last = text_.data() + text_.size();
    const auto [end, error] = std::from_chars(first, last, value);
    if (error != std::errc() || end == first) return std::nullopt;
    position_ += static_cast<std::size_t>(end - first);
    return value;
  }

 private:
  std::optional<char> escape() {
    if (position_ >= text_.size()) return std::nullopt;
    switch (text_[position_++]) {
      case '"': return '"';
      case '\\': return '\\';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'u': break;
      default: return std::nullopt;
    }
    if (!literal("00") || position_ + 2 > text_.size()) return std::nullopt;
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text_.data() + position_, text_.data() + position_ + 2, value, 16);
    if (error != std::errc() || end != text_.data() + position_ + 2) return std::nullopt;
    position_ += 2;
    return static_cast<char>(value);
  }

  std::string_view text_;
  std::size_t position_ = 0;
};

bool valid_utf8(std::string_view text) { return simdjson::validate_utf8(text.data(), text.size()); }

bool lowercase_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

std::optional<LeafFields> read_leaf_fields(std::string_view jcs) {
  constexpr std::size_t kDigestHexDigits = 64;
  LeafScanner scan(jcs);
  LeafFields fields;
  if (!scan.literal("{\"actor\":")) return std::nullopt;
  const auto actor = scan.view();
  if (!actor || !scan.literal(",\"data_sha256\":")) return std::nullopt;
  const auto digest = scan.view();
  if (!digest || digest->size() != kDigestHexDigits || !lowercase_hex(*digest)) return std::nullopt;
  if (scan.literal(",\"enterprise\":")) {
    fields.enterprise = scan.view();
    if (!fields.enterprise) return std::nullopt;
  }
  if (!scan.literal(",\"event_id\":") || !scan.view() || !scan.literal(",\"occurred_on\":")) return std::nullopt;
  const auto occurred_on = scan.view();
  if (!occurred_on || !scan.literal(",\"recorded_at\":") || !scan.view() || !scan.literal(",\"seq\":")) return std::nullopt;
  const auto seq = scan.unsigned_integer();
  if (!seq || !scan.literal(",\"type\":")) return std::nullopt;
  const auto type = scan.view();
  if (!type || !scan.literal("}") || !scan.at_end()) return std::nullopt;
  fields.actor = *actor;
  fields.occurred_on = *occurred_on;
  fields.seq = *seq;
  fields.type = *type;
  return fields;
}

std::string encode_leaf(const Leaf& leaf) {
  std::string out;
  out.reserve(192 + leaf.actor.size() + leaf.event_id.size());
  out += "{\"actor\":";
  append_json_string(out, leaf.actor);
  out += ",\"data_sha256\":\"";
  out += to_hex(leaf.data_sha256);
  out += '"';
  if (leaf.enterprise) {
    out += ",\"enterprise\":";
    append_json_string(out, *leaf.enterprise);
  }
  out += ",\"event_id\":";
  append_json_string(out, leaf.event_id);
  out += ",\"occurred_on\":";
  append_json_string(out, leaf.occurred_on);
  out += ",\"recorded_at\":";
  append_json_string(out, leaf.recorded_at);
  out += ",\"seq\":";
  char digits[24];
  const auto [end, error] = std::to_chars(digits, digits + sizeof digits, leaf.seq);
  assert(error == std::errc());
  out.append(digits, static_cast<std::size_t>(end - digits));
  out += ",\"type\":";
  append_json_string(out, leaf.type);
  out += '}';
  return out;
}

std::optional<Leaf> decode_leaf(std::string_view jcs) {
  LeafScanner scan(jcs);
  Leaf leaf;
  if (!scan.literal("{\"actor\":")) return std::nullopt;
  auto actor = scan.string();
  if (!actor || !scan.literal(",\"data_sha256\":")) return std::nullopt;
  const auto hex = scan.string();
  if (!hex) return std::nullopt;
  const auto digest = digest_from_hex(*hex);
  if (!digest) return std::nullopt;
  leaf.actor = std::move(*actor);
  leaf.data_sha256 = *digest;
  if (scan.literal(",\"enterprise\":")) {
    leaf.enterprise = scan.string();
    if (!leaf.enterprise) return std::nullopt;
  }
  if (!scan.literal(",\"event_id\":")) return std::nullopt;
  auto event_id = scan.string();
  if (!event_id || !scan.literal(",\"occurred_on\":")) return std::nullopt;
  auto occurred_on = scan.string();
  if (!occurred_on || !scan.literal(",\"recorded_at\":")) return std::nullopt;
  auto recorded_at = scan.string();
  if (!recorded_at || !scan.literal(",\"seq\":")) return std::nullopt;
  const auto seq = scan.unsigned_integer();
  if (!seq || !scan.literal(",\"type\":")) return std::nullopt;
  auto type = scan.string();
  if (!type || !scan.literal("}") || !scan.at_end()) return std::nullopt;
  leaf.event_id = std::move(*event_id);
  leaf.occurred_on = std::move(*occurred_on);
  leaf.recorded_at = std::move(*recorded_at);
  leaf.seq = *seq;
  leaf.type = std::move(*type);
  // Strictness: only the one canonical spelling decodes (no "\u0041" for "A", no leading zeros, ...).
  if (encode_leaf(leaf) != jcs || !valid_utf8(jcs)) return std::nullopt;
  return leaf;
}

}  // namespace jifen::domain
