// The commit journal: a preallocated file beside data.mdb (DIR/commit.journal) through which jifend makes a
// commit durable with one flush of a small file written in order, instead of LMDB's two flushes of the data
// file (docs/STORAGE.md "The commit journal").
//
// The writer appends one entry per commit group (what the group appended: its first and end seq, the
// recorded_at it stamped, the LMDB transaction id it commits as, and an opaque payload from which the group can
// be applied again) and flushes it; then it commits the LMDB transaction without flushing (MDB_NOSYNC). Every so
// many commits it writes a checkpoint: with a read transaction holding the newest tree in place, it copies the
// data file's two meta pages, flushes the data file, and records the copy here. After a crash, the copy is
// written back over the meta pages (the newest one on disk may name pages that never reached it) and the
// entries after the checkpoint are applied again.
//
// Layout: two checkpoint slots at the top (written in turn; the newer whole one counts), then the entries in two
// halves, each entry tagged with the generation of the checkpoint it follows; generation g's entries go to half
// g % 2. Entries are read back in order, the newest checkpoint's generation and then the next one's (a checkpoint
// begun, not yet written); in each half the first entry that is zero, torn (CRC-32 of the header and payload),
// of another generation, or starting before the end of the one before it ends the half. Older entries are
// forgotten without being erased.
//
// Thread contract: a CommitJournal belongs to one thread (the writer). One process at a time holds a journal
// (an exclusive flock on the file, taken by open()).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/lmdb.hpp"

namespace jifen::storage {

struct JournalEntry {
  std::uint64_t first_seq = 0;   // the tree size before the group
  std::uint64_t end_seq = 0;     // the tree size after it
  std::int64_t recorded_us = 0;  // the recorded_at the group stamped, in µs since the epoch
  std::string payload;
  std::uint64_t txnid = 0;       // the LMDB transaction the group commits as
};

struct JournalCheckpoint {
  std::uint64_t generation = 0;  // one more than the checkpoint before it
  std::uint64_t txnid = 0;       // the LMDB transaction whose tree the copied meta pages name
  std::uint64_t tree_size = 0;   // the log's size in that tree (for messages)
  std::string meta_pages;        // Environment::meta_pages() at the checkpoint
};

class CommitJournal {
 public:
  static constexpr std::string_view kFileName = "commit.journal";
  static constexpr std::size_t kDefaultCapacityBytes = std::size_t{64} << 20;
  static constexpr std::size_t kSlotBytes = std::size_t{128} << 10;  // a checkpoint: meta pages up to 64 KiB each
  static constexpr std::size_t kEntriesOffset = 2 * kSlotBytes;        // where the entries start
  static constexpr std::size_t kEntryHeaderBytes = 56;                 // before each payload: see commit_journal.cpp

  // Opens DIR/commit.journal and locks it. With `create`, a missing file is made: `capacity_bytes` of written
  // zeros, flushed, with the directory entry. not_found: no journal and not `create`. busy: another process
  // holds it. io_error: it cannot be read, written or flushed. corrupted: it was written by an older jifen
  // (another layout).
  static Result<std::unique_ptr<CommitJournal>> open(const std::filesystem::path& dir, bool create,
                                                     std::size_t capacity_bytes = kDefaultCapacityBytes);
  // Whether DIR/commit.journal holds a checkpoint that no process is working from: a jifend that journaled
  // stopped without closing, and the data file may not be readable until a read-write open recovers it. Takes
  // the file's lock shared for the moment it reads (false while a jifend holds it). io_error: it cannot be read.
  static Result<bool> left_unrecovered(const std::filesystem::path& dir);
  ~CommitJournal();
  CommitJournal(const CommitJournal&) = delete;
  CommitJournal& operator=(const CommitJournal&) = delete;

  // The newest whole checkpoint, or nullopt when none was written or the newest is the mark clear() leaves.
  // io_error: the file cannot be read.
  Result<std::optional<JournalCheckpoint>> checkpoint() const;
  // The entries appended after the newest checkpoint, in order (see above). io_error: the file cannot be read.
  Result<std::vector<JournalEntry>> entries() const;
  // Whether an entry with `payload_bytes` of payload fits after the last one appended since the last
  // checkpoint was begun; and whether it would fit right after one is begun.
  bool fits(std::size_t payload_bytes) const;
  bool fits_when_empty(std::size_t payload_bytes) const { return payload_bytes + kEntryHeaderBytes <= region_bytes(); }
  // Writes `entry` after the last one, tagged with the generation of the last checkpoint begun, and flushes it.
  // REQUIRES: fits(entry.payload.size()), and this handle began a checkpoint (invalid otherwise). io_error: the
  // write or the flush failed; the journal is then unusable.
  Status append(const JournalEntry& entry);
  // A checkpoint in two steps, so that commits go on while the data file is flushed for it. begin_checkpoint():
  // entries from now on belong to the next generation and go to the other half of the file (the half of the
  // generation before the newest checkpoint, which no longer needs it). write_checkpoint(): the checkpoint's
  // record, in the other slot, flushed; from then on a crash goes back to it. REQUIRES (write_checkpoint): the
  // meta pages were taken before begin_checkpoint, with a read transaction that keeps the tree they name from
  // reuse until the next checkpoint is written, and the data file was flushed after them. invalid: no checkpoint
  // begun (write), one begun and not written (begin), or pages too large for a slot.
  Status begin_checkpoint();
  Status write_checkpoint(std::uint64_t txnid, std::uint64_t tree_size, std::string_view meta_pages);
  bool checkpoint_begun() const { return append_generation_ != generation_; }
  // Writes a checkpoint without meta pages (nothing to restore; every entry forgotten) and flushes: the journal
  // of a directory whose data file is durable as it is (closed cleanly). Appends then need a checkpoint again.
  Status clear();
  std::size_t capacity_bytes() const { return capacity_; }

 private:
  CommitJournal(int fd, std::size_t capacity) : fd_(fd), capacity_(capacity) {}
  Result<std::optional<JournalCheckpoint>> newest_slot() const;  // also a cleared one (no meta pages)
  // The entries' two halves: generation g's entries are in half g % 2.
  std::size_t region_bytes() const { return (capacity_ - kEntriesOffset) / 2; }
  std::size_t region_start(std::uint64_t generation) const;
  int fd_ = -1;
  std::size_t capacity_ = 0;
  std::size_t offset_ = kEntriesOffset;  // where the next entry goes
  std::uint64_t generation_ = 0;         // of the newest checkpoint written (read at open)
  std::uint64_t append_generation_ = 0;  // of the entries appended now: generation_, or one more once begun
  bool appendable_ = false;              // this handle began a checkpoint: appends may follow
};

}  // namespace jifen::storage
