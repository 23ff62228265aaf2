// Fold snapshots: envelope, checks, the nearest usable snapshot, catching up. See fold_snapshots.hpp.
#include "replay/fold_snapshots.hpp"

#include <iostream>
#include <stdexcept>

#include "replay/record.hpp"
#include "replay/replay_stream.hpp"
#include "storage/lmdb.hpp"
#include "storage/snapshot_store.hpp"

namespace jifen::replay {
namespace {

constexpr std::uint8_t kEnvelopeVersion = 1;
constexpr std::size_t kDigestBytes = 32;
constexpr std::size_t kHeaderBytes = 1 + 8 + kDigestBytes + 8;
constexpr std::size_t kFoldChunkEvents = 10000;  // records read per Ledger::visit_records call while folding
constexpr std::uint64_t kStreamRecordsMin = 20000;  // a fold from seq 0 this long decodes on a second thread

void warn(const std::string& what) { std::cerr << "jifen: snapshots: " << what << '\n'; }

}  // namespace

// A fold from seq 0 decodes the records on a second thread (ReplayStream) while this one applies them: creating
// enterprises from events is cheap beside decoding the records. A fold resumed from a snapshot decodes them
// here: there applying (turning snapshot bytes into objects) bounds it, and the second thread made it slower
// (docs/PERFORMANCE.md, "The as_of fold on two threads").
void fold_records(const Ledger& ledger, domain::LedgerFold& fold, std::uint64_t tree_size) {
  if (fold.tree_size() == 0 && tree_size >= kStreamRecordsMin) {
    ReplayStream stream(ledger, 0, tree_size);
    std::vector<ReplayedRecord> batch;
    while (stream.next(batch)) {
      for (const ReplayedRecord& record : batch) fold.apply(record.replayed.event, record.seq);
    }
    if (fold.tree_size() < tree_size) throw std::out_of_range("as_of " + std::to_string(tree_size) + " is beyond the log");
    return;
  }
  domain::EventDecoder decoder;
  while (fold.tree_size() < tree_size) {
    const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(kFoldChunkEvents, tree_size - fold.tree_size()));
    const std::uint64_t from = fold.tree_size();
    const std::uint64_t visited = ledger.visit_records(from, from + wanted, [&](std::uint64_t seq, std::string_view leaf, std::string_view data) {
      fold.apply(replay_event(seq, leaf, data, decoder).event, seq);
    });
    if (visited == 0) throw std::out_of_range("as_of " + std::to_string(tree_size) + " is beyond the log");
  }
}

std::unique_ptr<FoldSnapshots> FoldSnapshots::open(const std::filesystem::path& data_dir, bool read_only,
                                                   bool durable, std::uint64_t interval_events) {
  if (interval_events == 0) return nullptr;
  auto store = storage::SnapshotStore::open(data_dir / "snapshots", read_only, durable);
  if (!store) {
    if (store.error() != storage::Status::not_found) {
      warn("cannot open " + (data_dir / "snapshots").string() + ": " + std::string(storage::to_string(store.error())));
    }
    return nullptr;
  }
  return std::unique_ptr<FoldSnapshots>(new FoldSnapshots(std::move(*store), interval_events));
}

FoldSnapshots::FoldSnapshots(std::unique_ptr<storage::SnapshotStore> store, std::uint64_t interval_events)
    : store_(std::move(store)), interval_events_(interval_events) {}

FoldSnapshots::~FoldSnapshots() = default;

std::string FoldSnapshots::envelope(const domain::LedgerFold& fold, const domain::Digest& root) {
  const std::string payload = fold.encode();
  std::string bytes;
  bytes.reserve(kHeaderBytes + payload.size() + kDigestBytes);
  bytes.push_back(static_cast<char>(kEnvelopeVersion));
  bytes += storage::encode_u64(fold.tree_size());
  bytes.append(reinterpret_cast<const char*>(root.data()), root.size());
  bytes += storage::encode_u64(payload.size());
  bytes += payload;
  const domain::Digest checksum = domain::sha256(bytes);
  bytes.append(reinterpret_cast<const char*>(checksum.data()), checksum.size());
  return bytes;
}

std::optional<domain::LedgerFold> FoldSnapshots::open_envelope(std::string_view bytes, std::uint64_t key,
                                                               const Ledger& ledger) {
  if (bytes.size() < kHeaderBytes + kDigestBytes || static_cast<std::uint8_t>(bytes[0]) != kEnvelopeVersion) {
    return std::nullopt;
  }
  const std::string_view body = bytes.substr(0, bytes.size() - kDigestBytes);
  const domain::Digest checksum = domain::sha256(body);
  if (bytes.substr(body.size()) != std::string_view(reinterpret_cast<const char*>(checksum.data()), kDigestBytes)) {
    return std::nullopt;
  }
  const std::uint64_t tree_size = storage::decode_u64(bytes.substr(1, 8));
  const std::uint64_t payload_bytes = storage::decode_u64(bytes.substr(1 + 8 + kDigestBytes, 8));
  if (tree_size != key || tree_size > ledger.tree_size() || payload_bytes != body.size() - kHeaderBytes) return std::nullopt;
  const domain::Digest root = ledger.root(tree_size);
  if (bytes.substr(9, kDigestBytes) != std::string_view(reinterpret_cast<const char*>(root.data()), kDigestBytes)) {
    return std::nullopt;
  }
  // The checksum vouches for the bytes encode() wrote: the enterprises' own bytes are read when needed.
  std::optional<domain::LedgerFold> fold =
      domain::LedgerFold::decode(body.substr(kHeaderBytes), domain::LedgerFold::Validate::framing);
  if (!fold || fold->tree_size() != tree_size) return std::nullopt;
  return fold;
}

std::optional<std::uint64_t> FoldSnapshots::nearest_size(std::uint64_t tree_size) const {
  return store_->at_or_below(tree_size);
}

std::optional<domain::LedgerFold> FoldSnapshots::load_nearest(const Ledger& ledger, std::uint64_t tree_size) {
  for (std::optional<std::uint64_t> key = store_->at_or_below(tree_size); key; key = store_->at_or_below(*key - 1)) {
    std::optional<domain::LedgerFold> fold;
    store_->read(*key, [&](std::string_view bytes) { fold = open_envelope(bytes, *key, ledger); });
    if (fold) return fold;
    warn("the snapshot at tree size " + std::to_string(*key) + " does not match this log: erased");
    (void)store_->erase(*key);
    if (*key == 0) break;
  }
  return std::nullopt;
}

void FoldSnapshots::store(const Ledger& ledger, const domain::LedgerFold& fold) {
  const storage::Status status = store_->put(fold.tree_size(), envelope(fold, ledger.root(fold.tree_size())));
  if (status != storage::Status::ok) {
    warn("cannot store the snapshot at tree size " + std::to_string(fold.tree_size()) + ": " +
         std::string(storage::to_string(status)));
  }
}

std::uint64_t FoldSnapshots::catch_up(const Ledger& ledger, const std::atomic<bool>& stop) {
  std::lock_guard lock(catch_up_mutex_);
  const std::uint64_t log_size = ledger.tree_size();
  const std::uint64_t last_due = log_size / interval_events_ * interval_events_;
  if (last_due == 0) return 0;
  if (nearest_size(log_size).value_or(0) == last_due) {
    follower_.reset();  // every due snapshot is stored: hold no fold between them (it grows with the log)
    return 0;
  }
  if (!follower_ || follower_->tree_size() > last_due || nearest_size(log_size).value_or(0) > follower_->tree_size()) {
    std::optional<domain::LedgerFold> loaded = load_nearest(ledger, last_due);
    follower_ = std::make_unique<domain::LedgerFold>(loaded ? std::move(*loaded) : domain::LedgerFold());
  }
  std::uint64_t written = 0;
  while (follower_->tree_size() < last_due && !stop.load(std::memory_order_relaxed)) {
    const std::uint64_t next = (follower_->tree_size() / interval_events_ + 1) * interval_events_;
    const std::uint64_t target = std::min(next, follower_->tree_size() + kFoldChunkEvents * 10);
    fold_records(ledger, *follower_, target);
    if (target == next && nearest_size(next).value_or(0) != next) {
      store(ledger, *follower_);
      ++written;
    }
  }
  return written;
}

}  // namespace jifen::replay
