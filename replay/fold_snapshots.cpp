// Fold snapshots: envelope, checks, the nearest usable snapshot, catching up. See fold_snapshots.hpp.
#include "replay/fold_snapshots.hpp"

#include <algorithm>
#include <functional>
#include <future>
#include <iostream>
#include <list>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <stdexcept>
#include <thread>

#include "replay/record.hpp"
#include "replay/replay_stream.hpp"
#include "storage/lmdb.hpp"
#include "storage/snapshot_store.hpp"

namespace jifen::replay {
namespace {

constexpr std::uint8_t kEnvelopeVersion = 2;
constexpr std::size_t kDigestBytes = 32;
constexpr std::size_t kHeaderBytes = 1 + 8 + kDigestBytes + 8 + kDigestBytes + 8;  // ... base size, base checksum, payload bytes
constexpr std::size_t kHeaderBytesV1 = 1 + 8 + kDigestBytes + 8;                   // version 1: full snapshots only
constexpr std::size_t kFoldChunkEvents = 10000;  // records read per Ledger::visit_records call while folding
constexpr std::uint64_t kStreamRecordsMin = 20000;  // a fold this long decodes on a second thread

// The header's length for an envelope that starts with `bytes`: 0 when it is of no version read here.
std::size_t header_bytes(std::string_view bytes) {
  if (bytes.empty()) return 0;
  const auto version = static_cast<std::uint8_t>(bytes[0]);
  return version == kEnvelopeVersion ? kHeaderBytes : version == 1 ? kHeaderBytesV1 : 0;
}

void warn(const std::string& what) { std::cerr << "jifen: snapshots: " << what << '\n'; }

// A full snapshot's payload, decoded; nullopt unless it is a fold of `tree_size`. Its envelope's checksum
// vouches for the bytes encode() wrote: the enterprises' own bytes are read when needed.
// With an `owner` that keeps the payload valid, the fold keeps it and does not copy the payload.
std::optional<domain::LedgerFold> decode_full(std::string_view payload, std::uint64_t tree_size,
                                              std::shared_ptr<const void> owner = nullptr) {
  constexpr auto kFraming = domain::LedgerFold::Validate::framing;
  std::optional<domain::LedgerFold> fold = owner ? domain::LedgerFold::decode(std::move(owner), payload, kFraming)
                                                 : domain::LedgerFold::decode(payload, kFraming);
  if (!fold || fold->tree_size() != tree_size) return std::nullopt;
  return fold;
}

// An envelope's payload decoded by `decode` while a second thread checks the envelope's checksum: hashing a
// full snapshot (150 MB at 10M records, about 85 ms) takes about as long as copying and decoding it. Nullopt
// when the checksum fails, whatever `decode` gave or threw (it reads bytes not yet vouched for).
// Envelopes smaller than `check_aside_bytes` are checked first, on this thread.
std::optional<domain::LedgerFold> decode_checked(std::string_view bytes,
                                                 const std::function<std::optional<domain::LedgerFold>()>& decode,
                                                 std::size_t check_aside_bytes = FoldSnapshots::kCheckAsideBytes) {
  if (bytes.size() < check_aside_bytes || std::thread::hardware_concurrency() < 2) {
    if (!FoldSnapshots::checksum_holds(bytes)) return std::nullopt;
    return decode();
  }
  std::future<bool> check = std::async(std::launch::async, [bytes] { return FoldSnapshots::checksum_holds(bytes); });
  std::optional<domain::LedgerFold> decoded;
  try {
    decoded = decode();
  } catch (...) {
    if (check.get()) throw;
    return std::nullopt;
  }
  if (!check.get()) return std::nullopt;
  return decoded;
}

// Hands the pages malloc holds free back to the system. A follower's fold is many small objects; once freed,
// glibc keeps their pages (scattered among live ones, they are not at the top of a heap to be trimmed), and
// jifend's resident memory would stay at the fold's peak between snapshots.
void release_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace

// A fold of many records decodes them on a second thread (ReplayStream) while this one applies them. For a fold
// resumed from a snapshot this once made it slower, when applying (turning an enterprise's snapshot bytes into
// objects) bound it (docs/PERFORMANCE.md, "The as_of fold on two threads"); with facts of 40 bytes and years
// read by their length it is a tenth to a quarter faster (PERFORMANCE.md, 2026-12-04 10:24 UTC on).
void fold_records(const Ledger& ledger, domain::LedgerFold& fold, std::uint64_t tree_size, Decode decode) {
  if (decode == Decode::aside && tree_size > fold.tree_size() && tree_size - fold.tree_size() >= kStreamRecordsMin) {
    ReplayStream stream(ledger, fold.tree_size(), tree_size);
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
                                                   bool durable, std::uint64_t interval_events,
                                                   std::uint64_t delta_events) {
  if (interval_events == 0) return nullptr;
  auto store = storage::SnapshotStore::open(data_dir / "snapshots", read_only, durable);
  if (!store) {
    if (store.error() != storage::Status::not_found) {
      warn("cannot open " + (data_dir / "snapshots").string() + ": " + std::string(storage::to_string(store.error())));
    }
    return nullptr;
  }
  const bool deltas = delta_events != 0 && delta_events < interval_events && interval_events % delta_events == 0;
  const std::uint64_t step = deltas ? delta_events : interval_events;
  std::unique_ptr<FoldSnapshots> snapshots(new FoldSnapshots(std::move(*store), interval_events, step));
  if (!read_only) snapshots->erase_other_formats();
  return snapshots;
}

// A snapshot whose payload is of another fold format (written by an older jifen) would fail its checks at its
// first use, and until then stand in the follower's way as if stored: erased here, it is taken again.
void FoldSnapshots::erase_other_formats() {
  std::vector<std::uint64_t> others;
  for (const std::uint64_t tree_size : store_->tree_sizes()) {
    store_->read(tree_size, [&](std::string_view bytes) {
      const std::size_t header = header_bytes(bytes);
      if (header != 0 && bytes.size() > header &&
          static_cast<std::uint8_t>(bytes[header]) != domain::LedgerFold::kFoldEncodingVersion) {
        others.push_back(tree_size);
      }
    });
  }
  for (const std::uint64_t tree_size : others) (void)store_->erase(tree_size);
  if (!others.empty()) {
    warn(std::to_string(others.size()) + " snapshots of an older fold format erased; the follower takes them again");
  }
}

FoldSnapshots::FoldSnapshots(std::unique_ptr<storage::SnapshotStore> store, std::uint64_t interval_events,
                             std::uint64_t step_events)
    : store_(std::move(store)), interval_events_(interval_events), step_events_(step_events) {}

FoldSnapshots::~FoldSnapshots() = default;

std::string FoldSnapshots::envelope_header(const domain::Digest& root, std::uint64_t tree_size,
                                           std::uint64_t payload_bytes, std::uint64_t base_size,
                                           const domain::Digest& base_checksum) {
  std::string bytes;
  bytes.reserve(kHeaderBytes);
  bytes.push_back(static_cast<char>(kEnvelopeVersion));
  bytes += storage::encode_u64(tree_size);
  bytes.append(reinterpret_cast<const char*>(root.data()), root.size());
  bytes += storage::encode_u64(base_size);
  bytes.append(reinterpret_cast<const char*>(base_checksum.data()), base_checksum.size());
  bytes += storage::encode_u64(payload_bytes);
  return bytes;
}

std::string FoldSnapshots::envelope(const domain::Digest& root, std::uint64_t tree_size, std::string_view payload,
                                    std::uint64_t base_size, const domain::Digest& base_checksum) {
  std::string bytes = envelope_header(root, tree_size, payload.size(), base_size, base_checksum);
  bytes += payload;
  const domain::Digest checksum = domain::sha256(bytes);
  bytes.append(reinterpret_cast<const char*>(checksum.data()), checksum.size());
  return bytes;
}

std::optional<FoldSnapshots::Envelope> FoldSnapshots::parse_envelope(std::string_view bytes, std::uint64_t key,
                                                                     const Ledger& ledger) {
  const std::size_t header = header_bytes(bytes);
  if (header == 0 || bytes.size() < header + kDigestBytes) return std::nullopt;
  const auto version = static_cast<std::uint8_t>(bytes[0]);
  const std::size_t body_bytes = bytes.size() - kDigestBytes;
  Envelope envelope;
  std::copy_n(bytes.data() + body_bytes, kDigestBytes, reinterpret_cast<char*>(envelope.checksum.data()));
  envelope.tree_size = storage::decode_u64(bytes.substr(1, 8));
  if (version == kEnvelopeVersion) {
    envelope.base_size = storage::decode_u64(bytes.substr(1 + 8 + kDigestBytes, 8));
    std::copy_n(bytes.data() + 1 + 8 + kDigestBytes + 8, kDigestBytes, reinterpret_cast<char*>(envelope.base_checksum.data()));
  }
  const std::uint64_t payload_bytes = storage::decode_u64(bytes.substr(header - 8, 8));
  if (envelope.tree_size != key || envelope.tree_size > ledger.tree_size() || envelope.base_size >= envelope.tree_size ||
      payload_bytes != body_bytes - header) {
    return std::nullopt;
  }
  const domain::Digest root = ledger.root(envelope.tree_size);
  if (bytes.substr(9, kDigestBytes) != std::string_view(reinterpret_cast<const char*>(root.data()), kDigestBytes)) {
    return std::nullopt;
  }
  envelope.payload = bytes.substr(header, payload_bytes);
  return envelope;
}

bool FoldSnapshots::checksum_holds(std::string_view bytes) {
  if (bytes.size() < kDigestBytes) return false;
  const domain::Digest checksum = domain::sha256(bytes.substr(0, bytes.size() - kDigestBytes));
  return bytes.substr(bytes.size() - kDigestBytes) ==
         std::string_view(reinterpret_cast<const char*>(checksum.data()), kDigestBytes);
}

std::optional<FoldSnapshots::Envelope> FoldSnapshots::check_envelope(std::string_view bytes, std::uint64_t key,
                                                                     const Ledger& ledger) {
  std::optional<Envelope> envelope = parse_envelope(bytes, key, ledger);
  if (envelope && !checksum_holds(bytes)) envelope.reset();
  return envelope;
}

std::optional<domain::LedgerFold> FoldSnapshots::open_envelope(std::string_view bytes, std::uint64_t key,
                                                               const Ledger& ledger, std::size_t check_aside_bytes) {
  const std::optional<Envelope> envelope = parse_envelope(bytes, key, ledger);
  if (!envelope || envelope->base_size != 0) return std::nullopt;
  return decode_checked(bytes, [&] { return decode_full(envelope->payload, key); }, check_aside_bytes);
}

// The snapshot's bytes are not copied: the fold keeps the read transaction that holds them in LMDB's map (and
// its page cache), so a cached fold or board holds no copy of them. Copies only when no reader slot is free.
std::optional<domain::LedgerFold> FoldSnapshots::load(const Ledger& ledger, std::uint64_t key, Check check) {
  const bool checksums = check == Check::checksums;
  std::shared_ptr<const void> owner;
  std::function<std::optional<std::string_view>(std::uint64_t)> get;
  if (std::shared_ptr<const storage::SnapshotStore::Reader> reader = store_->reader()) {
    get = [reader = reader.get()](std::uint64_t at) { return reader->get(at); };
    owner = std::move(reader);
  } else {
    auto copies = std::make_shared<std::list<std::string>>();
    get = [this, copies = copies.get()](std::uint64_t at) {
      std::optional<std::string_view> bytes;
      store_->read(at, [&](std::string_view stored) { bytes = copies->emplace_back(stored); });
      return bytes;
    };
    owner = std::move(copies);
  }
  const std::optional<std::string_view> bytes = get(key);
  const std::optional<Envelope> envelope = bytes ? parse_envelope(*bytes, key, ledger) : std::nullopt;
  if (!envelope) return std::nullopt;
  std::optional<domain::LedgerFold> fold;
  if (envelope->base_size == 0) {
    const auto decode = [&] { return decode_full(envelope->payload, key, owner); };
    fold = checksums ? decode_checked(*bytes, decode) : decode();
  } else {
    if (checksums && !checksum_holds(*bytes)) return std::nullopt;  // a delta is a tenth of its base or less: first
    const std::optional<std::string_view> base_bytes = get(envelope->base_size);
    const std::optional<Envelope> base = base_bytes ? parse_envelope(*base_bytes, envelope->base_size, ledger) : std::nullopt;
    if (!base || base->base_size != 0 || base->checksum != envelope->base_checksum) return std::nullopt;
    const auto decode = [&] {
      return domain::LedgerFold::decode(owner, base->payload, envelope->payload, domain::LedgerFold::Validate::framing);
    };
    fold = checksums ? decode_checked(*base_bytes, decode) : decode();
  }
  if (fold && fold->tree_size() != key) fold.reset();
  return fold;
}

std::optional<std::uint64_t> FoldSnapshots::nearest_size(std::uint64_t tree_size) const {
  return store_->at_or_below(tree_size);
}

std::optional<domain::LedgerFold> FoldSnapshots::load_nearest(const Ledger& ledger, std::uint64_t tree_size) {
  for (std::optional<std::uint64_t> key = store_->at_or_below(tree_size); key; key = store_->at_or_below(*key - 1)) {
    if (std::optional<domain::LedgerFold> fold = load(ledger, *key)) return fold;
    warn("the snapshot at tree size " + std::to_string(*key) +
         " fails its checks (its checksum, the log's root at its size, or a delta's base): erased");
    (void)store_->erase(*key);
    if (*key == 0) break;
  }
  return std::nullopt;
}

bool FoldSnapshots::put(std::uint64_t tree_size, std::string_view header, std::string_view payload) {
  const domain::Digest checksum = domain::sha256({header, payload});
  const storage::Status status = store_->put(
      tree_size, {header, payload, std::string_view(reinterpret_cast<const char*>(checksum.data()), checksum.size())});
  if (status != storage::Status::ok) {
    warn("cannot store the snapshot at tree size " + std::to_string(tree_size) + ": " +
         std::string(storage::to_string(status)));
  }
  return status == storage::Status::ok;
}

bool FoldSnapshots::store(const Ledger& ledger, const domain::LedgerFold& fold) {
  const std::string payload = fold.encode();
  return put(fold.tree_size(), envelope_header(ledger.root(fold.tree_size()), fold.tree_size(), payload.size()), payload);
}

bool FoldSnapshots::store_delta(const Ledger& ledger, const domain::LedgerFold& fold) {
  if (fold.base_size() == 0) return false;
  std::optional<domain::Digest> base_checksum;
  // The base's checksum as its envelope records it, not hashed again (150 MB at 10M records): a base whose
  // bytes do not match it fails its own check when the delta is loaded, and the delta is erased with it.
  store_->read(fold.base_size(), [&](std::string_view bytes) {
    const std::optional<Envelope> base = parse_envelope(bytes, fold.base_size(), ledger);
    if (base && base->base_size == 0) base_checksum = base->checksum;
  });
  if (!base_checksum) return false;
  const std::string payload = fold.encode_delta();
  return put(fold.tree_size(),
             envelope_header(ledger.root(fold.tree_size()), fold.tree_size(), payload.size(), fold.base_size(),
                             *base_checksum),
             payload);
}

// Snapshots fall due every step_events records. One at a multiple of interval_events is full; so is one the
// follower cannot make a delta for (it has no base in the store: a fold from seq 0). After each snapshot it
// writes, and a full one it finds stored, the follower continues from that snapshot as stored: it learns its
// base and the enterprises changed since, and holds their bytes in LMDB's map instead of objects.
std::uint64_t FoldSnapshots::catch_up(const Ledger& ledger, const std::atomic<bool>& stop) {
  std::lock_guard lock(catch_up_mutex_);
  const std::uint64_t log_size = ledger.tree_size();
  const std::uint64_t last_due = log_size / step_events_ * step_events_;
  if (last_due == 0) return 0;
  // The first snapshot due and not stored (one erased, or a delta erased with its base, leaves a gap).
  std::uint64_t first_missing = step_events_;
  for (const std::uint64_t stored : store_->tree_sizes()) {
    if (stored == first_missing) first_missing += step_events_;
  }
  if (first_missing > last_due) {
    if (follower_) {
      follower_.reset();  // every due snapshot is stored: hold no fold between them (it grows with the log)
      release_free_memory();
    }
    return 0;
  }
  if (!follower_ || follower_->tree_size() > first_missing ||
      nearest_size(first_missing).value_or(0) > follower_->tree_size()) {
    std::optional<domain::LedgerFold> loaded = load_nearest(ledger, first_missing);
    follower_ = std::make_unique<domain::LedgerFold>(loaded ? std::move(*loaded) : domain::LedgerFold());
  }
  std::uint64_t written = 0;
  while (follower_->tree_size() < last_due && !stop.load(std::memory_order_relaxed)) {
    const std::uint64_t next = (follower_->tree_size() / step_events_ + 1) * step_events_;
    const std::uint64_t target = std::min(next, follower_->tree_size() + kFoldChunkEvents * 10);
    // From seq 0 (a new store) on two threads; after that on this one, beside the requests.
    fold_records(ledger, *follower_, target, follower_->tree_size() == 0 ? Decode::aside : Decode::here);
    if (target != next) continue;
    if (nearest_size(next).value_or(0) == next) {
      // Stored already. A full one there is the base of the deltas after it: continue from it, or those deltas
      // would hold every enterprise changed since an older base (a store of full snapshots alone, written
      // before deltas, would fill up with near-full deltas).
      if (next % interval_events_ == 0 && follower_->base_size() != next) {
        std::optional<domain::LedgerFold> stored = load(ledger, next);
        if (stored && stored->base_size() == next) *follower_ = std::move(*stored);
      }
      continue;
    }
    const bool stored = (next % interval_events_ != 0 && store_delta(ledger, *follower_)) || store(ledger, *follower_);
    if (!stored) continue;  // reported; taken again when next due
    ++written;
    // Continue from the snapshot just written, as stored: the enterprises the fold held as objects are bytes
    // again, in LMDB's map. So the follower holds at most one step's changes as objects, whatever the interval.
    if (std::optional<domain::LedgerFold> stored_fold = load(ledger, next, Check::framing)) {
      *follower_ = std::move(*stored_fold);
    }
  }
  return written;
}

}  // namespace jifen::replay
