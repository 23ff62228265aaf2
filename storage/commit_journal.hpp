// The commit journal: a preallocated file beside data.mdb (DIR/commit.journal) that lets jifend make a commit
// durable with one flush of the disk's cache instead of LMDB's two (docs/STORAGE.md "The commit journal").
//
// The writer appends one entry per commit group (what the group appended: its first and end seq, the
// recorded_at it stamped and an opaque payload from which the group can be applied again), then commits the
// LMDB transaction with MDB_NOMETASYNC. append() writes the entry over preallocated, already written blocks
// and waits until the disk has it (sync_file_range: no metadata, no cache flush); the commit's fdatasync of
// data.mdb then flushes the disk's cache, which makes both the group's pages and its entry durable. Its meta
// page is made durable by the next commit's flush or by Environment::sync(); until then, the entry is what
// survives a crash, and the next read-write open applies it again.
//
// Entries are read back from the top of the file in order; the first one that is zero, torn (CRC-32 of the
// header and payload), or starts before the end of the one before it ends the journal. reset() starts again
// at the top once the environment is synced: every entry before it is then redundant.
//
// Thread contract: a CommitJournal belongs to one thread (the writer). One process at a time holds a journal
// (an exclusive flock on the file, taken by open()).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
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
};

class CommitJournal {
 public:
  static constexpr std::string_view kFileName = "commit.journal";
  static constexpr std::size_t kDefaultCapacityBytes = std::size_t{64} << 20;
  static constexpr std::size_t kEntryHeaderBytes = 40;  // before each payload: see commit_journal.cpp

  // Opens DIR/commit.journal and locks it. With `create`, a missing file (or one of another size) is made:
  // `capacity_bytes` of written zeros, flushed, with the directory entry. not_found: no journal and not
  // `create`. busy: another process holds it. io_error: it cannot be read, written or flushed.
  static Result<std::unique_ptr<CommitJournal>> open(const std::filesystem::path& dir, bool create,
                                                     std::size_t capacity_bytes = kDefaultCapacityBytes);
  ~CommitJournal();
  CommitJournal(const CommitJournal&) = delete;
  CommitJournal& operator=(const CommitJournal&) = delete;

  // Every entry from the top of the file, in order (see above). io_error: the file cannot be read.
  Result<std::vector<JournalEntry>> entries() const;
  // Whether an entry with `payload_bytes` of payload fits after the last one appended since open or reset;
  // and whether it would fit in an empty journal.
  bool fits(std::size_t payload_bytes) const;
  bool fits_when_empty(std::size_t payload_bytes) const { return payload_bytes <= capacity_ - kEntryHeaderBytes; }
  // Writes `entry` after the last one and waits until the disk holds it (not flushed from its cache).
  // REQUIRES: fits(entry.payload.size()). io_error: the write failed; the journal is then unusable.
  Status append(const JournalEntry& entry);
  // Zeroes the top entry, flushes, and appends from the top again. REQUIRES: every entry's commit is durable
  // (the environment was synced after it).
  Status reset();
  std::size_t capacity_bytes() const { return capacity_; }

 private:
  CommitJournal(int fd, std::size_t capacity) : fd_(fd), capacity_(capacity) {}
  int fd_ = -1;
  std::size_t capacity_ = 0;
  std::size_t offset_ = 0;  // where the next entry goes
};

}  // namespace jifen::storage
