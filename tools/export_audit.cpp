#include "tools/export_audit.hpp"

#include <array>
#include <cassert>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "domain/canonical_json.hpp"
#include "domain/field_errors.hpp"
#include "domain/leaf.hpp"

namespace jifen::tools {
namespace {

// The fields of an exported record: the leaf's, then data and leaf_hash.
enum class Field : std::uint8_t {
  actor, data_sha256, enterprise, event_id, occurred_on, recorded_at, seq, type, data, leaf_hash, count
};
constexpr std::array<std::string_view, static_cast<std::size_t>(Field::count)> kFieldNames = {
    "actor", "data_sha256", "enterprise", "event_id", "occurred_on", "recorded_at", "seq", "type", "data",
    "leaf_hash"};

std::optional<Field> field_from_name(std::string_view name) {
  for (std::size_t index = 0; index < kFieldNames.size(); ++index) {
    if (kFieldNames[index] == name) return static_cast<Field>(index);
  }
  return std::nullopt;
}

// The RFC 9162 tree over the leaf hashes seen so far, as the roots of its perfect subtrees (largest first).
class MerkleFrontier {
 public:
  void append(const domain::Digest& leaf) {
    subtree_roots_.push_back(leaf);
    for (std::uint64_t index = size_; (index & 1U) == 1U; index >>= 1U) {
      assert(subtree_roots_.size() >= 2);
      const domain::Digest right = subtree_roots_.back();
      subtree_roots_.pop_back();
      subtree_roots_.back() = domain::node_hash(subtree_roots_.back(), right);
    }
    ++size_;
  }
  std::uint64_t size() const { return size_; }
  domain::Digest root() const {
    if (subtree_roots_.empty()) return domain::empty_tree_hash();
    domain::Digest root = subtree_roots_.back();
    for (std::size_t index = subtree_roots_.size() - 1; index > 0; --index) {
      root = domain::node_hash(subtree_roots_[index - 1], root);
    }
    return root;
  }

 private:
  std::vector<domain::Digest> subtree_roots_;
  std::uint64_t size_ = 0;
};

struct RecordFields {
  std::array<std::optional<simdjson::dom::element>, static_cast<std::size_t>(Field::count)> values;
  std::optional<simdjson::dom::element>& operator[](Field field) { return values[static_cast<std::size_t>(field)]; }
};

}  // namespace

struct ExportAuditor::Impl {
  simdjson::dom::parser parser;
  domain::CanonicalWriter canonical_writer;
  std::string canonical_data;
  MerkleFrontier frontier;
  AuditReport report;
  bool failed = false;
  bool closed = false;  // the closing line was seen
  std::int64_t last_recorded_at_us = 0;

  bool fail(std::optional<std::uint64_t> seq, std::string detail) {
    failed = true;
    report.ok = false;
    report.first_bad_seq = seq;
    report.detail = seq ? "seq " + std::to_string(*seq) + ": " + detail : std::move(detail);
    return false;
  }

  std::uint64_t next_seq() const { return frontier.size(); }

  bool add_line(std::string_view line, std::uint64_t line_number) {
    if (failed) return false;
    if (line.empty()) return true;
    const std::string where = "line " + std::to_string(line_number);
    if (closed) return fail(std::nullopt, where + ": text after the closing {\"tree_size\",\"root\"} line");
    simdjson::dom::object object;
    if (parser.parse(line.data(), line.size()).get_object().get(object) != simdjson::SUCCESS) {
      return fail(next_seq(), where + " is not a JSON object");
    }
    simdjson::dom::element seq_value;
    if (object["seq"].get(seq_value) != simdjson::SUCCESS) return check_closing_line(object, where);
    return check_record(object, where);
  }

  bool check_closing_line(simdjson::dom::object object, const std::string& where) {
    std::uint64_t tree_size = 0;
    std::string_view root_text;
    if (object.size() != 2 || object["tree_size"].get_uint64().get(tree_size) != simdjson::SUCCESS ||
        object["root"].get_string().get(root_text) != simdjson::SUCCESS) {
      return fail(next_seq(), where + " is neither a record nor the closing {\"tree_size\",\"root\"} line");
    }
    closed = true;
    if (tree_size != frontier.size()) {
      return fail(frontier.size() < tree_size ? std::optional<std::uint64_t>(frontier.size()) : std::nullopt,
                  "the export holds " + std::to_string(frontier.size()) + " records but closes with tree_size " +
                      std::to_string(tree_size));
    }
    const domain::Digest root = frontier.root();
    if (domain::to_base64(root) != root_text) {
      return fail(std::nullopt, "the recomputed root " + domain::to_base64(root) + " of tree_size " +
                                    std::to_string(tree_size) + " differs from the export's root " +
                                    std::string(root_text));
    }
    report.tree_size = tree_size;
    report.root = root;
    return true;
  }

  bool collect_fields(simdjson::dom::object object, RecordFields& fields, std::uint64_t seq) {
    for (const simdjson::dom::key_value_pair pair : object) {
      const std::optional<Field> field = field_from_name(pair.key);
      if (!field) return fail(seq, "unexpected field \"" + std::string(pair.key) + "\"");
      if (fields[*field]) return fail(seq, "duplicate field \"" + std::string(pair.key) + "\"");
      fields[*field] = pair.value;
    }
    for (std::size_t index = 0; index < kFieldNames.size(); ++index) {
      const auto field = static_cast<Field>(index);
      if (field == Field::enterprise || field == Field::data) continue;
      if (!fields[field]) return fail(seq, "missing field \"" + std::string(kFieldNames[index]) + "\"");
    }
    return true;
  }

  bool text_of(RecordFields& fields, Field field, std::uint64_t seq, std::string& out) {
    std::string_view text;
    if (fields[field]->get_string().get(text) != simdjson::SUCCESS) {
      std::string problem(kFieldNames[static_cast<std::size_t>(field)]);
      problem += " is not a string";
      return fail(seq, std::move(problem));
    }
    out.assign(text);
    return true;
  }

  bool check_record(simdjson::dom::object object, const std::string& where) {
    const std::uint64_t expected_seq = next_seq();
    RecordFields fields;
    if (!collect_fields(object, fields, expected_seq)) return false;
    std::uint64_t seq = 0;
    if (fields[Field::seq]->get_uint64().get(seq) != simdjson::SUCCESS) {
      return fail(expected_seq, where + ": \"seq\" is not a non-negative integer");
    }
    if (seq != expected_seq) {
      return fail(expected_seq, where + " holds seq " + std::to_string(seq) + " where seq " +
                                    std::to_string(expected_seq) + " was expected (seqs run 0, 1, 2, ... in order)");
    }
    domain::Leaf leaf;
    leaf.seq = seq;
    std::string data_sha256_hex;
    std::string leaf_hash_text;
    if (!text_of(fields, Field::actor, seq, leaf.actor) || !text_of(fields, Field::event_id, seq, leaf.event_id) ||
        !text_of(fields, Field::occurred_on, seq, leaf.occurred_on) ||
        !text_of(fields, Field::recorded_at, seq, leaf.recorded_at) || !text_of(fields, Field::type, seq, leaf.type) ||
        !text_of(fields, Field::data_sha256, seq, data_sha256_hex) ||
        !text_of(fields, Field::leaf_hash, seq, leaf_hash_text)) {
      return false;
    }
    if (fields[Field::enterprise]) {
      std::string enterprise;
      if (!text_of(fields, Field::enterprise, seq, enterprise)) return false;
      leaf.enterprise = std::move(enterprise);
    }
    const std::optional<domain::Digest> data_sha256 = domain::digest_from_hex(data_sha256_hex);
    if (!data_sha256) return fail(seq, "data_sha256 is not 64 lowercase hex characters");
    leaf.data_sha256 = *data_sha256;
    if (!check_data(fields, seq, *data_sha256)) return false;
    if (!check_recorded_at(leaf.recorded_at, seq)) return false;
    return check_leaf(leaf, leaf_hash_text);
  }

  bool check_data(RecordFields& fields, std::uint64_t seq, const domain::Digest& data_sha256) {
    if (!fields[Field::data]) {
      ++report.redacted_records;
      return true;
    }
    if (!fields[Field::data]->is_object()) return fail(seq, "data is not a JSON object");
    canonical_data.clear();
    domain::FieldErrors errors;
    if (!canonical_writer.write(canonical_data, *fields[Field::data], "data", errors)) {
      const std::vector<domain::FieldError> list = errors.take();
      return fail(seq, list.empty() ? "data has no canonical form" : list.front().field + " " + list.front().message);
    }
    if (domain::sha256(canonical_data) != data_sha256) {
      return fail(seq, "SHA-256 of the canonical data differs from data_sha256 (the data was altered)");
    }
    return true;
  }

  bool check_recorded_at(const std::string& recorded_at, std::uint64_t seq) {
    const std::optional<std::int64_t> recorded_at_us = domain::parse_timestamp_us(recorded_at);
    if (!recorded_at_us) return fail(seq, "recorded_at \"" + recorded_at + "\" is not an RFC 3339 UTC timestamp");
    if (seq > 0 && *recorded_at_us < last_recorded_at_us) {
      return fail(seq, "recorded_at " + recorded_at + " is earlier than the previous record's");
    }
    last_recorded_at_us = *recorded_at_us;
    return true;
  }

  bool check_leaf(const domain::Leaf& leaf, const std::string& leaf_hash_text) {
    const std::string leaf_bytes = domain::encode_leaf(leaf);
    if (!domain::decode_leaf(leaf_bytes)) {
      return fail(leaf.seq, "the record's leaf fields do not form a valid leaf: " + leaf_bytes);
    }
    const domain::Digest leaf_hash = domain::leaf_hash(leaf_bytes);
    if (domain::to_base64(leaf_hash) != leaf_hash_text) {
      return fail(leaf.seq, "the leaf re-encoded from the record's fields hashes to " + domain::to_base64(leaf_hash) +
                                ", not to the record's leaf_hash " + leaf_hash_text);
    }
    frontier.append(leaf_hash);
    ++report.records;
    return true;
  }
};

ExportAuditor::ExportAuditor() : impl_(std::make_unique<Impl>()) {}
ExportAuditor::~ExportAuditor() = default;

bool ExportAuditor::add_line(std::string_view line, std::uint64_t line_number) {
  return impl_->add_line(line, line_number);
}

AuditReport ExportAuditor::finish() {
  if (!impl_->failed && !impl_->closed) {
    impl_->fail(std::nullopt, "the export ends without its closing {\"tree_size\",\"root\"} line (truncated?)");
  }
  return impl_->report;
}

}  // namespace jifen::tools
