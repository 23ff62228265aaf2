// RFC 8785 canonical JSON writing. See canonical_json.hpp and codec.hpp (append_json_string).
#include "domain/canonical_json.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>

#include "domain/codec.hpp"

namespace jifen::domain {
namespace {

// True for the bytes JCS escapes: '"', '\\' and the C0 controls.
constexpr bool needs_escape(unsigned char byte) { return byte < 0x20 || byte == '"' || byte == '\\'; }

void append_escape(std::string& out, unsigned char byte) {
  switch (byte) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: break;
  }
  assert(byte < 0x20);
  constexpr std::string_view kHex = "0123456789abcdef";
  out += "\\u00";
  out.push_back(kHex[byte >> 4]);
  out.push_back(kHex[byte & 0x0f]);
}

// True iff the UTF-8 lead byte starts a character U+E000..U+FFFF (EE, EF) or one beyond U+FFFF (F0..F4):
// the two ranges whose UTF-16 order differs from their code point order.
bool lead_is_high_bmp(unsigned char lead) { return lead == 0xEE || lead == 0xEF; }
bool lead_is_supplementary(unsigned char lead) { return lead >= 0xF0; }

}  // namespace

void append_json_string(std::string& out, std::string_view utf8) {
  out.push_back('"');
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    if (!needs_escape(byte)) continue;
    out.append(utf8.data() + run_start, i - run_start);
    append_escape(out, byte);
    run_start = i + 1;
  }
  out.append(utf8.data() + run_start, utf8.size() - run_start);
  out.push_back('"');
}

// UTF-8 byte order is code point order; UTF-16 order differs only where a character U+E000..U+FFFF meets
// one beyond U+FFFF (a surrogate pair, D800..DBFF first, sorts before E000..FFFF).
bool jcs_key_less(std::string_view a, std::string_view b) {
  const std::size_t common = std::min(a.size(), b.size());
  std::size_t i = 0;
  while (i < common && a[i] == b[i]) ++i;
  if (i == common) return a.size() < b.size();
  std::size_t start = i;  // the first byte of the character holding the first difference
  while (start > 0 && (static_cast<unsigned char>(a[start]) & 0xC0) == 0x80) --start;
  const auto lead_a = static_cast<unsigned char>(a[start]);
  const auto lead_b = static_cast<unsigned char>(b[start]);
  if (lead_is_high_bmp(lead_a) && lead_is_supplementary(lead_b)) return false;
  if (lead_is_supplementary(lead_a) && lead_is_high_bmp(lead_b)) return true;
  return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
}

bool CanonicalWriter::write(std::string& out, simdjson::dom::element value, std::string_view path,
                            FieldErrors& errors) {
  assert(out_ == nullptr && "CanonicalWriter::write is not reentrant");
  clean_ = true;
  out_ = &out;
  errors_ = &errors;
  path_.assign(path);
  members_.clear();
  write_value(value);
  assert(members_.empty());
  out_ = nullptr;
  errors_ = nullptr;
  return clean_;
}

void CanonicalWriter::write_value(simdjson::dom::element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::OBJECT: write_object(value.get_object().value_unsafe()); return;
    case simdjson::dom::element_type::ARRAY: write_array(value.get_array().value_unsafe()); return;
    case simdjson::dom::element_type::STRING: append_json_string(*out_, value.get_string().value_unsafe()); return;
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: write_integer(value); return;
    case simdjson::dom::element_type::BOOL: *out_ += value.get_bool().value_unsafe() ? "true" : "false"; return;
    case simdjson::dom::element_type::NULL_VALUE: *out_ += "null"; return;
  }
  assert(false && "unknown simdjson element type");
}

void CanonicalWriter::write_integer(simdjson::dom::element value) {
  if (value.type() == simdjson::dom::element_type::DOUBLE) {
    report("must be an integer: no fraction, no exponent");
    return;
  }
  if (value.type() == simdjson::dom::element_type::UINT64) {
    report("an integer beyond 2^53 - 1");
    return;
  }
  const std::int64_t integer = value.get_int64().value_unsafe();
  if (integer > kJsonIntegerMax || integer < -kJsonIntegerMax) {
    report("an integer beyond ±(2^53 - 1)");
    return;
  }
  char buffer[24];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, integer);
  assert(error == std::errc());
  out_->append(buffer, static_cast<std::size_t>(end - buffer));
}

void CanonicalWriter::write_object(simdjson::dom::object object) {
  const std::size_t base = members_.size();
  for (const simdjson::dom::key_value_pair member : object) members_.emplace_back(member.key, member.value);
  const auto first = members_.begin() + static_cast<std::ptrdiff_t>(base);
  std::stable_sort(first, members_.end(),
                   [](const Member& left, const Member& right) { return jcs_key_less(left.first, right.first); });
  const std::size_t path_length = path_.size();
  out_->push_back('{');
  for (std::size_t i = base; i < members_.size(); ++i) {
    // members_ may grow (and move) while a nested value is written: copy the member first.
    const Member member = members_[i];
    path_.append(".").append(member.first);
    if (i > base && members_[i - 1].first == member.first) report("a repeated key");
    if (i > base) out_->push_back(',');
    append_json_string(*out_, member.first);
    out_->push_back(':');
    write_value(member.second);
    path_.resize(path_length);
  }
  out_->push_back('}');
  members_.resize(base);
}

void CanonicalWriter::write_array(simdjson::dom::array array) {
  const std::size_t path_length = path_.size();
  std::size_t index = 0;
  out_->push_back('[');
  for (const simdjson::dom::element item : array) {
    if (index > 0) out_->push_back(',');
    path_.append("[").append(std::to_string(index)).append("]");
    write_value(item);
    path_.resize(path_length);
    ++index;
  }
  out_->push_back(']');
}

void CanonicalWriter::report(std::string message) {
  clean_ = false;
  errors_->add(path_, std::move(message));
}

}  // namespace jifen::domain
