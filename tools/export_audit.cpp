#include "tools/export_audit.hpp"

#include <algorithm>
#include <array>
#include <bit>
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
  // Starts from the first `size` leaves given as the roots of their perfect subtrees, largest first.
  // REQUIRES: subtree_roots.size() == popcount(size).
  void reset(std::uint64_t size, std::vector<domain::Digest> subtree_roots) {
    assert(subtree_roots.size() == static_cast<std::size_t>(std::popcount(size)));
    size_ = size;
    subtree_roots_ = std::move(subtree_roots);
  }
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
  explicit Impl(AuditTrust audit_trust) : trust(std::move(audit_trust)) {
    std::sort(trust.kept.begin(), trust.kept.end(),
              [](const domain::Checkpoint& a, const domain::Checkpoint& b) { return a.tree_size < b.tree_size; });
  }

  AuditTrust trust;
  std::size_t next_kept = 0;       // trust.kept[next_kept] is the next one the export may reach
  std::uint64_t verified_size = 0;  // the records below it gave the root of a checkpoint (or the opening)
  bool started = false;             // a non-empty line was seen: an opening line may only come first
  bool first_record = true;
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
    if (closed) return fail(std::nullopt, where + ": text after the closing {\"checkpoint\"} line");
    simdjson::dom::object object;
    if (parser.parse(line.data(), line.size()).get_object().get(object) != simdjson::SUCCESS) {
      return fail(next_seq(), where + " is not a JSON object");
    }
    const bool first_line = !started;
    started = true;
    simdjson::dom::element value;
    if (object["seq"].get(value) == simdjson::SUCCESS) {
      if (first_line && !check_kept()) return false;
      return check_record(object, where);
    }
    if (object["checkpoint"].get(value) == simdjson::SUCCESS) {
      if (first_line && !check_kept()) return false;
      return check_closing_line(object, where);
    }
    if (first_line && object["from"].get(value) == simdjson::SUCCESS) return check_opening_line(object, where);
    return fail(next_seq(), where + " is neither a record nor the closing {\"checkpoint\"} line");
  }

  // {"from":F,"subtrees":["<base64>",…]}: the roots of the perfect subtrees of the first F leaves.
  bool check_opening_line(simdjson::dom::object object, const std::string& where) {
    std::uint64_t from = 0;
    simdjson::dom::array subtrees;
    if (object.size() != 2 || object["from"].get_uint64().get(from) != simdjson::SUCCESS ||
        object["subtrees"].get_array().get(subtrees) != simdjson::SUCCESS) {
      return fail(std::nullopt, where + ": the opening line is {\"from\":F,\"subtrees\":[…]}");
    }
    std::vector<domain::Digest> roots;
    for (const simdjson::dom::element element : subtrees) {
      std::string_view text;
      const std::optional<std::string> bytes =
          element.get_string().get(text) == simdjson::SUCCESS ? domain::from_base64(text) : std::nullopt;
      if (!bytes || bytes->size() != domain::Digest{}.size()) {
        return fail(std::nullopt, where + ": a subtree root is not the base64 of 32 bytes");
      }
      roots.emplace_back();
      std::copy(bytes->begin(), bytes->end(), roots.back().begin());
    }
    if (roots.size() != static_cast<std::size_t>(std::popcount(from))) {
      return fail(std::nullopt, where + ": " + std::to_string(from) + " leaves make " +
                                    std::to_string(std::popcount(from)) + " perfect subtrees, not " +
                                    std::to_string(roots.size()));
    }
    frontier.reset(from, std::move(roots));
    report.from = from;
    verified_size = from;
    return check_kept();
  }

  // Every kept checkpoint of the size reached now must have the root of the leaves so far. A mismatch means
  // the log these records come from rewrote seqs between the last size that verified and this one.
  bool check_kept() {
    const std::uint64_t size = frontier.size();
    while (next_kept < trust.kept.size() && trust.kept[next_kept].tree_size < size) {
      if (trust.kept[next_kept].tree_size < report.from) ++report.kept_unchecked;
      ++next_kept;  // before the export's first seq: beyond what this export can show
    }
    for (; next_kept < trust.kept.size() && trust.kept[next_kept].tree_size == size; ++next_kept) {
      if (trust.kept[next_kept].root != frontier.root()) {
        return fail(verified_size, "the records before seq " + std::to_string(size) +
                                       " do not give the root of the kept checkpoint of tree size " +
                                       std::to_string(size) + ": seqs " + std::to_string(verified_size) + ".." +
                                       std::to_string(std::max<std::uint64_t>(size, 1) - 1) + " were rewritten");
      }
      ++report.kept_checked;
      verified_size = size;
    }
    return true;
  }

  bool check_closing_line(simdjson::dom::object object, const std::string& where) {
    std::string_view note;
    if (object.size() != 1 || object["checkpoint"].get_string().get(note) != simdjson::SUCCESS) {
      return fail(next_seq(), where + ": the closing line is {\"checkpoint\":\"<signed note>\"}");
    }
    closed = true;
    const domain::OrNoteError<domain::Checkpoint> opened = domain::open_checkpoint(note, trust.key, trust.origin);
    if (const auto* error = std::get_if<domain::NoteError>(&opened)) {
      return fail(std::nullopt, "the closing checkpoint does not verify: " + error->detail);
    }
    const domain::Checkpoint& checkpoint = std::get<domain::Checkpoint>(opened);
    if (checkpoint.tree_size != frontier.size()) {
      return fail(frontier.size() < checkpoint.tree_size ? std::optional<std::uint64_t>(frontier.size()) : std::nullopt,
                  "the export holds the records up to seq " + std::to_string(frontier.size()) +
                      " but its checkpoint signs tree size " + std::to_string(checkpoint.tree_size));
    }
    const domain::Digest root = frontier.root();
    if (root != checkpoint.root) {
      return fail(verified_size, "the recomputed root " + domain::to_base64(root) + " of tree size " +
                                     std::to_string(checkpoint.tree_size) + " differs from the signed root " +
                                     domain::to_base64(checkpoint.root));
    }
    report.tree_size = checkpoint.tree_size;
    report.root = root;
    report.checkpoint = std::string(note);
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
    if (!first_record && *recorded_at_us < last_recorded_at_us) {
      return fail(seq, "recorded_at " + recorded_at + " is earlier than the previous record's");
    }
    first_record = false;
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
    return check_kept();
  }
};

ExportAuditor::ExportAuditor(AuditTrust trust) : impl_(std::make_unique<Impl>(std::move(trust))) {}
ExportAuditor::~ExportAuditor() = default;

bool ExportAuditor::add_line(std::string_view line, std::uint64_t line_number) {
  return impl_->add_line(line, line_number);
}

AuditReport ExportAuditor::finish() {
  if (!impl_->failed && !impl_->closed) {
    impl_->fail(std::nullopt, "the export ends without its closing {\"checkpoint\"} line (truncated?)");
  }
  impl_->report.kept_unchecked += impl_->trust.kept.size() - impl_->next_kept;
  return impl_->report;
}

}  // namespace jifen::tools
