// Snapshots of the in-memory fold (domain/ledger_fold.hpp) kept on disk, so that an `as_of=N` read folds
// from the nearest snapshot at or below N rather than from seq 0.
//
// A full snapshot is taken every `interval_events` records (at tree sizes K, 2K, 3K, ...) and, between them, a
// delta every `delta_events` records (a multiple of it that is not one of K): the enterprises changed since the
// last full snapshot (LedgerFold::encode_delta). A fold resumes from at most delta_events - 1 records back,
// while the store grows by the enterprises those records change rather than by a whole fold each time. They
// are stored in the data directory's snapshot store (storage/snapshot_store.hpp, `DIR/snapshots/`), an LMDB
// environment of its own: writing one never takes the ledger's writer lock. Each is an envelope
// (docs/STORAGE.md "snapshots"):
//
//   u8 envelope version (2) | u64 BE tree size | 32-byte root of the log at that size |
//   u64 BE base tree size (0: a full snapshot) | 32-byte checksum of the base's envelope (zeros when full) |
//   u64 BE payload bytes | payload (LedgerFold::encode, or encode_delta) | 32-byte SHA-256 of everything before it
//
// (version 1, still read, is a full snapshot without the two base fields) and is used only when its checksum
// holds, its tree size is the key it is stored under and at most the log's, its root is the log's root at
// that size (so a snapshot of another or a rewritten log is never used), a delta's base is stored, passes the
// same checks and has the checksum the delta names, and the payload decodes to a fold of that size. A
// snapshot that fails a check is erased. Losing the whole store only costs speed.
//
// Thread contract: safe from any thread; catch_up() runs one at a time (a mutex).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "domain/ledger_fold.hpp"
#include "replay/ledger.hpp"

namespace jifen::storage {
class SnapshotStore;
}

namespace jifen::replay {

class FoldSnapshots {
 public:
  // Opens DIR/snapshots (created unless read_only). Null when there is no usable store: reads then fold
  // from seq 0, which is slower and gives the same answers.
  // `delta_events`: a divisor of interval_events below it; otherwise (0, say) full snapshots alone.
  static std::unique_ptr<FoldSnapshots> open(const std::filesystem::path& data_dir, bool read_only, bool durable,
                                             std::uint64_t interval_events, std::uint64_t delta_events = 0);
  ~FoldSnapshots();

  std::uint64_t interval_events() const { return interval_events_; }
  // The records between two snapshots, full or delta: delta_events when there are deltas, else interval_events.
  std::uint64_t step_events() const { return step_events_; }

  // The tree size of the nearest stored snapshot at or below `tree_size` (unchecked: a cheap key lookup to
  // compare with a fold in memory), if any.
  std::optional<std::uint64_t> nearest_size(std::uint64_t tree_size) const;
  // The nearest snapshot at or below `tree_size` that passes every check, decoded; snapshots that fail are
  // erased on the way down. nullopt: none.
  std::optional<domain::LedgerFold> load_nearest(const Ledger& ledger, std::uint64_t tree_size);

  // Stores a full snapshot of `fold`; false when the store refused it (reported). REQUIRES: fold.tree_size()
  // <= ledger.tree_size().
  bool store(const Ledger& ledger, const domain::LedgerFold& fold);
  // Stores a delta of `fold` over its base (fold.base_size()), when the base is stored; false when not.
  bool store_delta(const Ledger& ledger, const domain::LedgerFold& fold);

  // Takes every snapshot the log calls for and the store lacks, up to the log's tree size now: folds from
  // the last stored snapshot (or from `resume`, a fold kept from the previous call). Returns the snapshots
  // written. `stop` is polled between chunks of records.
  std::uint64_t catch_up(const Ledger& ledger, const std::atomic<bool>& stop);

  // An envelope's fields, checked: its checksum, its key and the log's root at its size (exposed for tests).
  struct Envelope {
    std::uint64_t tree_size = 0;
    std::uint64_t base_size = 0;      // 0: a full snapshot
    domain::Digest base_checksum{};   // the base envelope's `checksum`
    std::string_view payload;
    domain::Digest checksum{};
  };
  static std::string envelope(const domain::Digest& root, std::uint64_t tree_size, std::string_view payload,
                              std::uint64_t base_size = 0, const domain::Digest& base_checksum = {});
  // The envelope's bytes before the payload.
  static std::string envelope_header(const domain::Digest& root, std::uint64_t tree_size, std::uint64_t payload_bytes,
                                     std::uint64_t base_size = 0, const domain::Digest& base_checksum = {});
  static std::optional<Envelope> check_envelope(std::string_view bytes, std::uint64_t key, const Ledger& ledger);
  // check_envelope's two halves: every check but the checksum (`checksum` is then the one the envelope
  // records), and the checksum alone, which hashes the whole envelope.
  static std::optional<Envelope> parse_envelope(std::string_view bytes, std::uint64_t key, const Ledger& ledger);
  static bool checksum_holds(std::string_view bytes);
  // A full snapshot's envelope opened into its fold; nullopt when a check fails or it is a delta.
  // An envelope from this size up is hashed on a second thread while its payload is decoded (hashing a full
  // snapshot of 150 MB takes about as long as copying and decoding it); a smaller one is hashed first.
  static constexpr std::size_t kCheckAsideBytes = std::size_t{4} << 20;
  static std::optional<domain::LedgerFold> open_envelope(std::string_view bytes, std::uint64_t key, const Ledger& ledger,
                                                         std::size_t check_aside_bytes = kCheckAsideBytes);

 private:
  FoldSnapshots(std::unique_ptr<storage::SnapshotStore> store, std::uint64_t interval_events, std::uint64_t step_events);
  // The snapshot stored under `key`, with its base when it is a delta; nullopt when it fails a check.
  // Check::framing skips the checksums: for a snapshot this process has just stored.
  enum class Check : std::uint8_t { checksums, framing };
  std::optional<domain::LedgerFold> load(const Ledger& ledger, std::uint64_t key, Check check = Check::checksums);
  // Erases the snapshots whose payload is of another fold format than this build's (LedgerFold::encode).
  void erase_other_formats();
  // Stores the envelope of `header` and `payload` under `tree_size`, its checksum computed here; a failure is
  // reported, not thrown (the store only saves time), and answered false.
  bool put(std::uint64_t tree_size, std::string_view header, std::string_view payload);

  std::unique_ptr<storage::SnapshotStore> store_;
  std::uint64_t interval_events_;
  std::uint64_t step_events_;
  std::mutex catch_up_mutex_;
  // The fold catch_up() left off at, while a due snapshot is still missing; released once all are stored, so
  // that between snapshots the follower holds no memory. Guarded by catch_up_mutex_.
  std::unique_ptr<domain::LedgerFold> follower_;
};

// Folds `records` further: the fold of the first `tree_size` records of `ledger`, from `fold`'s tree size.
// With Decode::aside, 20,000 records or more are decoded on a second thread while this one applies them (an
// `as_of` read); Decode::here keeps to this thread (the snapshot follower, beside the requests).
// REQUIRES: fold.tree_size() <= tree_size <= ledger.tree_size(). Throws std::out_of_range when the log ends
// first, std::runtime_error when a record does not decode.
enum class Decode : std::uint8_t { aside, here };
void fold_records(const Ledger& ledger, domain::LedgerFold& fold, std::uint64_t tree_size, Decode decode = Decode::aside);

}  // namespace jifen::replay
