// The Ledger's admin operations (jifenctl): key creation, log verification, projection rebuild.
#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <variant>

#include "replay/ledger_impl.hpp"
#include "replay/merkle_log.hpp"
#include "replay/projection.hpp"
#include "replay/record.hpp"
#include "replay/replay_stream.hpp"
#include "storage/stores.hpp"

namespace jifen::replay {
namespace {

// A rebuild commits the generation it builds in chunks, so that jifend's writer, which waits for LMDB's one
// write lock, waits at most about kRebuildChunkTime and one chunk's commit while a rebuild runs. A chunk also
// ends after LedgerOptions::rebuild_chunk_events_max events, which bounds its dirty pages. The clock is read
// every kRebuildClockEvery events.
constexpr auto kRebuildChunkTime = std::chrono::milliseconds{500};
constexpr std::uint64_t kRebuildClockEvery = 4096;
constexpr std::uint64_t kProgressEvents = 65536;
constexpr std::size_t kDifferencesMax = 10;

std::string base64url(std::string_view bytes) {
  std::string text = domain::to_base64(bytes);
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return text;
}

std::string printable_key(std::string_view key) {
  std::string out;
  for (const char c : key) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out.push_back(c);
    } else {
      out += "\\x" + domain::to_hex(std::string_view(&c, 1));
    }
  }
  return out;
}

// Compares two projection generations entry by entry; returns the first few differing keys.
std::vector<std::string> compare_generations(const storage::ReadTxn& txn, storage::Db live, storage::Db rebuilt) {
  std::vector<std::string> differences;
  storage::Cursor a = txn.cursor(live);
  storage::Cursor b = txn.cursor(rebuilt);
  bool more_a = a.first();
  bool more_b = b.first();
  while ((more_a || more_b) && differences.size() < kDifferencesMax) {
    if (more_a && more_b && a.key() == b.key()) {
      if (a.value() != b.value()) differences.push_back("value differs: " + printable_key(a.key()));
      more_a = a.next();
      more_b = b.next();
    } else if (more_a && (!more_b || a.key() < b.key())) {
      differences.push_back("only live: " + printable_key(a.key()));
      more_a = a.next();
    } else {
      differences.push_back("only rebuilt: " + printable_key(b.key()));
      more_b = b.next();
    }
  }
  return differences;
}


}  // namespace

CreatedKey Ledger::create_key(domain::Role role, std::optional<std::string> enterprise, std::string_view secret_bytes) {
  if (secret_bytes.size() < 32) throw std::invalid_argument("a key needs 32 random bytes");
  CreatedKey created;
  created.secret = "jfk_" + base64url(secret_bytes);
  const domain::Digest secret_hash = domain::sha256(created.secret);
  created.key_id = "key-" + domain::to_hex(secret_hash).substr(0, 16);

  std::string json = R"({"event_id":"key-created:)" + created.key_id + R"(","type":"key.created","occurred_on":")" +
                     domain::format_timestamp_us(impl_->options.clock()).substr(0, 10) + R"(","data":{"key_id":")" +
                     created.key_id + R"(","role":")" + std::string(domain::to_string(role)) + "\"";
  if (enterprise) {
    json += ",\"enterprise\":";
    domain::append_json_string(json, *enterprise);
  }
  json += "}}";
  domain::EventDecoder decoder;
  auto decoded = decoder.decode(json);
  if (auto* error = std::get_if<domain::DecodeError>(&decoded)) {
    throw std::invalid_argument("key.created does not validate: " + error->detail +
                                (error->errors.empty() ? "" : " (" + error->errors[0].field + ": " + error->errors[0].message + ")"));
  }
  Submission submission;
  submission.actor = Actor{"admin", domain::Role::admin, std::nullopt};
  submission.events.push_back(std::move(std::get<domain::Event>(decoded)));
  submission.key_grant = KeyGrant{secret_hash};
  SubmitResult result = submit_and_wait(std::move(submission));
  if (result.outcome != SubmitOutcome::created) {
    throw std::runtime_error("key creation failed: " + std::string(to_string(result.outcome)) + ": " + result.detail);
  }
  created.receipt = result.receipts.at(0);
  return created;
}

VerifyReport Ledger::verify(const Progress& progress) const {
  storage::ReadTxn txn = impl_->begin_read();
  VerifyReport report;
  report.tree_size = txn.entries(storage::Db::log);  // not event_log::size: a gap is reported below, by seq
  const auto bad = [&report](std::uint64_t seq, std::string detail) {
    report.ok = false;
    report.first_bad_seq = seq;
    report.detail = std::move(detail);
    return report;
  };
  struct Pending { std::uint8_t level; domain::Digest hash; };
  std::vector<Pending> frontier;  // perfect subtrees not yet completed, smallest last
  storage::Cursor cursor = txn.cursor(storage::Db::log);
  std::uint64_t seq = 0;
  for (bool more = cursor.first(); more; more = cursor.next(), ++seq) {
    if (storage::decode_u64(cursor.key()) != seq) return bad(seq, "the log has a gap or is out of order at seq " + std::to_string(seq));
    const auto parts = split_record(cursor.value());
    const auto leaf = parts ? domain::decode_leaf(parts->leaf) : std::nullopt;
    if (!leaf) return bad(seq, "record does not decode to a canonical leaf");
    if (leaf->seq != seq) return bad(seq, "leaf names seq " + std::to_string(leaf->seq));
    if (domain::sha256(parts->data) != leaf->data_sha256) return bad(seq, "data does not match data_sha256");
    const domain::Digest hash = domain::leaf_hash(parts->leaf);
    const auto stored = storage::merkle_nodes::get(txn, 0, seq);
    if (!stored || !std::equal(hash.begin(), hash.end(), stored->begin())) return bad(seq, "stored leaf hash differs");
    frontier.push_back({0, hash});
    while (frontier.size() >= 2 && frontier[frontier.size() - 2].level == frontier.back().level) {
      const Pending right = frontier.back();
      frontier.pop_back();
      const std::uint8_t level = static_cast<std::uint8_t>(right.level + 1);
      frontier.back() = {level, domain::node_hash(frontier.back().hash, right.hash)};
      const std::uint64_t index = seq >> level;
      const auto node = storage::merkle_nodes::get(txn, level, index);
      if (!node || !std::equal(frontier.back().hash.begin(), frontier.back().hash.end(), node->begin())) {
        return bad(index << level, "stored Merkle node (" + std::to_string(level) + ", " + std::to_string(index) + ") differs");
      }
    }
    if (progress && (seq + 1) % kProgressEvents == 0) progress(seq + 1, report.tree_size);
  }
  if (seq != report.tree_size) return bad(seq, "the log's size changed during verification");
  const std::shared_ptr<const SigningIdentity> identity = impl_->signing_identity();
  verify_checkpoints(txn, identity ? &identity->signer.verifier_key() : nullptr, origin(), report.tree_size, report);
  if (!report.ok) return report;
  const ProjectionState state(txn, active_projection(txn));
  if (state.tree_size() != report.tree_size) {
    return bad(state.tree_size(), "the projection checkpoint holds " + std::to_string(state.tree_size()) + " events");
  }
  if (progress) progress(report.tree_size, report.tree_size);
  return report;
}

RebuildReport Ledger::rebuild(bool verify_only, const Progress& progress) {
  if (impl_->options.read_only) throw std::runtime_error("the ledger is open read-only");
  // Its commits would flush nothing and be in no journal entry (docs/STORAGE.md "The commit journal").
  if (impl_->journal) throw std::runtime_error("not with the commit journal: run it from jifenctl while jifend is stopped");
  const auto started = std::chrono::steady_clock::now();
  domain::EventDecoder decoder;
  RebuildReport report;
  storage::Db target = storage::Db::projection_b;
  // The log as it is now is decoded on a thread of its own while this one applies it; records appended
  // while the rebuild runs are decoded here, in the transaction that catches up.
  const std::uint64_t streamed_end = storage::event_log::size(impl_->begin_read());
  ReplayStream stream(*this, 0, streamed_end);
  std::vector<ReplayedRecord> batch;
  std::size_t taken = 0;  // records of `batch` applied
  std::uint64_t seq = 0;
  for (bool first = true;; first = false) {
    storage::WriteTxn txn = impl_->env->begin_write().value();
    if (first) {
      target = other_projection(active_projection(txn));
      storage::require_ok(txn.clear(target), "clear the projection being rebuilt");
    } else if (active_projection(txn) == target) {
      throw std::runtime_error("another rebuild switched projections meanwhile");
    }
    const std::uint64_t size = storage::event_log::size(txn);
    ProjectionState state(txn, target);
    VersionBumps bumps;  // each enterprise's record written once per chunk, not once per event
    const EventLookup lookup = [&txn, &decoder](std::uint64_t at) { return load_event(txn, at, decoder); };
    const auto chunk_started = std::chrono::steady_clock::now();
    const std::uint64_t chunk_first = seq;
    std::uint64_t chunk_end = std::min(size, seq + std::max<std::uint64_t>(impl_->options.rebuild_chunk_events_max, 1));
    for (; seq < chunk_end && seq < streamed_end; ++seq) {
      if ((seq - chunk_first) % kRebuildClockEvery == kRebuildClockEvery - 1 &&
          std::chrono::steady_clock::now() - chunk_started >= kRebuildChunkTime) {
        chunk_end = seq;
        break;
      }
      if (taken == batch.size()) {
        if (!stream.next(batch)) throw std::runtime_error("the log ended at seq " + std::to_string(seq) + " during the rebuild");
        taken = 0;
      }
      const ReplayedRecord& record = batch[taken++];
      if (record.seq != seq) throw std::logic_error("the replay stream skipped to seq " + std::to_string(record.seq));
      apply_event(state, record.replayed.event, seq, record.replayed.actor, lookup, &bumps);
    }
    storage::Cursor cursor = txn.cursor(storage::Db::log);
    for (bool more = seq < chunk_end && cursor.seek(storage::encode_u64(seq)); more && seq < chunk_end; more = cursor.next(), ++seq) {
      const auto parts = split_record(cursor.value());
      if (!parts) throw std::runtime_error("record " + std::to_string(seq) + " is corrupt: bad framing");
      const ReplayedEvent replayed = replay_event(seq, parts->leaf, parts->data, decoder);
      apply_event(state, replayed.event, seq, replayed.actor, lookup, &bumps);
    }
    bumps.flush(state);
    state.set_tree_size(seq);
    if (progress) progress(seq, size);
    if (seq < size) {
      storage::require_ok(txn.commit(), "rebuild chunk commit");
      continue;
    }
    // Caught up with the log inside this transaction: compare, or switch generations atomically.
    const storage::Db live = active_projection(txn);
    report.differences = compare_generations(txn, live, target);
    report.verified_equal = report.differences.empty();
    if (verify_only) {
      txn.abort();
    } else {
      storage::require_ok(storage::meta::put(txn, kMetaActiveProjection, target == storage::Db::projection_b ? "b" : "a"), "switch");
      storage::require_ok(txn.commit(), "rebuild switch commit");
      storage::WriteTxn cleanup = impl_->env->begin_write().value();
      storage::require_ok(cleanup.clear(live), "clear the old projection");
      storage::require_ok(cleanup.commit(), "clear commit");
    }
    break;
  }
  report.events = seq;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace jifen::replay
