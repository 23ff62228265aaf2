// The snapshot store: a data directory's cache of projection snapshots, `DIR/snapshots/`, an LMDB environment
// of its own beside the ledger's. Its own environment has its own writer lock, so writing a snapshot (large,
// rare, on a background thread) never holds up the ledger's group commit, and the file may be deleted at
// any time: it holds only what can be rebuilt from the log (docs/STORAGE.md "snapshots").
//
// One unnamed database: key the tree size (u64 BE), value the snapshot bytes, opaque here (replay/ checks
// and decodes them).
//
// Thread contract: safe from any thread (LMDB's: one writer at a time, blocking; readers never block). Views
// passed to a reader callback are valid only during the call; a Reader's, while it lives (one thread at a time,
// any thread: the environment is opened with MDB_NOTLS).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "storage/lmdb.hpp"

namespace jifen::storage {

class SnapshotStore {
 public:
  // Opens `dir` (created when absent). A store that does not open (corrupt, another version) is removed and
  // made again: it is a cache. not_found: read_only and there is no store. `durable` as for the ledger's
  // environment (false: no flush at commit; for tests).
  static Result<std::unique_ptr<SnapshotStore>> open(const std::filesystem::path& dir, bool read_only, bool durable);
  ~SnapshotStore();
  SnapshotStore(const SnapshotStore&) = delete;
  SnapshotStore& operator=(const SnapshotStore&) = delete;

  // Stores (or replaces) the snapshot of `tree_size`; one durable commit.
  Status put(std::uint64_t tree_size, std::string_view bytes);
  // Likewise for the bytes of `parts` one after the other, copied straight into the store's pages (a snapshot
  // of 150 MB is not first assembled in memory).
  Status put(std::uint64_t tree_size, std::initializer_list<std::string_view> parts);
  Status erase(std::uint64_t tree_size);
  // The largest stored tree size at or below `at_most`, if any.
  std::optional<std::uint64_t> at_or_below(std::uint64_t at_most) const;
  // Calls `read` with the bytes stored under `tree_size`, inside one read transaction; false when absent.
  bool read(std::uint64_t tree_size, const std::function<void(std::string_view bytes)>& read) const;
  std::vector<std::uint64_t> tree_sizes() const;  // ascending

  // A read transaction held open. The bytes it gives are views into LMDB's map, not copies, and stay valid as
  // long as the Reader lives, whatever is written or erased meanwhile (it keeps the environment open too, past
  // the store's end). Each Reader takes one of the environment's 126 reader slots while it lives.
  class Reader {
   public:
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;
    // The bytes stored under `tree_size`, as of the transaction's start; nullopt when absent.
    std::optional<std::string_view> get(std::uint64_t tree_size) const;

   private:
    friend class SnapshotStore;
    Reader(std::shared_ptr<void> env, void* txn, unsigned dbi) : env_(std::move(env)), txn_(txn), dbi_(dbi) {}
    std::shared_ptr<void> env_;  // MDB_env*
    void* txn_;                  // MDB_txn*
    unsigned dbi_;
  };
  // Null when every reader slot is taken (MDB_READERS_FULL): read() copies instead.
  std::shared_ptr<const Reader> reader() const;

 private:
  SnapshotStore() = default;
  std::shared_ptr<void> env_;  // MDB_env*, closed when the store and its last Reader are gone
  unsigned dbi_ = 0;
};

}  // namespace jifen::storage
