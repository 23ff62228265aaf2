// The snapshot store: a data directory's cache of projection snapshots, `DIR/snapshots/`, an LMDB environment
// of its own beside the ledger's. Its own environment has its own writer lock, so writing a snapshot (large,
// rare, on a background thread) never holds up the ledger's group commit, and the file may be deleted at
// any time: it holds only what can be rebuilt from the log (docs/STORAGE.md "snapshots").
//
// One unnamed database: key the tree size (u64 BE), value the snapshot bytes, opaque here (replay/ checks
// and decodes them).
//
// Thread contract: safe from any thread (LMDB's: one writer at a time, blocking; readers never block). Views
// passed to a reader callback are valid only during the call.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
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
  Status erase(std::uint64_t tree_size);
  // The largest stored tree size at or below `at_most`, if any.
  std::optional<std::uint64_t> at_or_below(std::uint64_t at_most) const;
  // Calls `read` with the bytes stored under `tree_size`, inside one read transaction; false when absent.
  bool read(std::uint64_t tree_size, const std::function<void(std::string_view bytes)>& read) const;
  std::vector<std::uint64_t> tree_sizes() const;  // ascending

 private:
  SnapshotStore() = default;
  void* env_ = nullptr;  // MDB_env*
  unsigned dbi_ = 0;
};

}  // namespace jifen::storage
