// A thin RAII layer over LMDB: one Environment per data directory and process, read and write transactions,
// cursors. No MDB_* type escapes storage/: callers name databases with `Db` and get `Status` values.
//
// Thread contract (LMDB's): an Environment is shared by all threads of a process. A ReadTxn belongs to the
// thread that began it and should be short. One WriteTxn at a time per environment, across processes too
// (LMDB's writer lock); begin_write() blocks until it is ours. A nested WriteTxn (child) suspends its parent
// until it commits or aborts.
//
// Views returned by get()/cursor are valid until the transaction ends or, for a write transaction, until the
// next write to the same database.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

namespace jifen::storage {

enum class Status : std::uint8_t {
  ok,
  not_found,
  key_exists,
  map_full,       // MDB_MAP_FULL: the map size given at open is exhausted; raise --map-size
  readers_full,   // MDB_READERS_FULL
  read_only,      // the environment was opened read-only
  io_error,       // EIO, ENOSPC, a failed fsync: the state on disk is unknown
  corrupted,      // MDB_CORRUPTED, MDB_PAGE_NOTFOUND, MDB_VERSION_MISMATCH, MDB_INVALID
  invalid,        // a misuse (bad DBI, txn state): a bug
  busy,           // another process holds the lock (the commit journal's)
};
std::string_view to_string(Status status);

// Thrown only where an error can only be a bug or the end of the process (see Result::value()).
class StorageError : public std::runtime_error {
 public:
  StorageError(Status status, const std::string& what) : std::runtime_error(what), status_(status) {}
  Status status() const { return status_; }

 private:
  Status status_;
};
[[noreturn]] void throw_exception_from_error(Status status, const boost::source_location& location);
// Throws StorageError("<what>: <status>") unless `status` is ok: for the write path, where any failure aborts
// the transaction at hand.
void require_ok(Status status, std::string_view what);

template <class T>
using Result = boost::system::result<T, Status>;

// The named databases of a jifen data directory (docs/STORAGE.md gives every key and value layout).
enum class Db : std::uint8_t {
  log,            // seq (u64 BE) -> record
  merkle,         // level (u8) || index (u64 BE) -> 32-byte node hash
  by_enterprise,  // uscc (18 bytes) || seq (u64 BE) -> empty
  idempotency,    // owner || 0x00 || event_id -> seq (u64 BE) || SHA-256 of the canonical event
  keys,           // SHA-256 of the secret -> key record
  meta,           // name -> value (format version, origin, active projection, projected tree size, ...)
  projection_a,   // projection state, generation A (see replay/)
  projection_b,   // projection state, generation B
  checkpoints,    // tree_size (u64 BE) -> signed checkpoint note (replay/checkpoints.hpp)
};
inline constexpr std::size_t kDbCount = 9;
std::string_view to_string(Db db);

struct EnvironmentOptions {
  std::size_t map_size_bytes = std::size_t{1} << 40;  // address space only; 1 TiB
  unsigned readers_max = 512;
  bool read_only = false;
  bool durable = true;  // false (tests, seed loading into a scratch copy only): no fsync on commit
  // false (with durable): a commit flushes its data pages but not the meta page (MDB_NOMETASYNC); the next
  // commit's flush, or sync(), makes it durable. A crash may lose the last commits, never consistency. Only
  // jifen-commit-bench uses it, to measure what one flush per commit would cost.
  bool sync_meta = true;
  // false (with durable): commits write their pages and meta page without flushing either (MDB_NOSYNC), for a
  // writer that makes its commits durable through a write-ahead journal and checkpoints (the commit journal,
  // docs/STORAGE.md): a crash may leave the newest meta page on disk without its pages, so the file is only
  // consistent after the journal's checkpoint is restored (meta_pages, restore_meta_pages).
  bool sync_data = true;
};

class Environment;
class Cursor;

class ReadTxn {
 public:
  ReadTxn(ReadTxn&& other) noexcept;
  ReadTxn& operator=(ReadTxn&& other) noexcept;
  ReadTxn(const ReadTxn&) = delete;
  ReadTxn& operator=(const ReadTxn&) = delete;
  virtual ~ReadTxn();  // aborts if still open

  // The value stored under `key`, or nullopt.
  std::optional<std::string_view> get(Db db, std::string_view key) const;
  Cursor cursor(Db db) const;
  // Number of entries in `db`.
  std::uint64_t entries(Db db) const;
  // LMDB's transaction id: for a reader, the id of the commit it sees; for a writer, the one it commits as.
  std::uint64_t id() const;

 protected:
  friend class Environment;
  friend class Cursor;
  ReadTxn(Environment* env, void* txn);
  Environment* env_ = nullptr;
  void* txn_ = nullptr;  // MDB_txn*

  // Added by storage/ (private bookkeeping, see lmdb_txn.cpp). A write transaction has a serial number that
  // the Environment records at its nesting depth while it is live: LMDB frees a child when its parent ends
  // and frees a write transaction's cursors when it ends, so liveness is checked there, never assumed.
  bool live() const;  // open and, for a write transaction, not ended by its parent
  void end();         // aborts when live; forgets the handle either way
  std::uint64_t write_serial_ = 0;  // 0: a read-only transaction
  std::uint8_t write_depth_ = 0;    // 0: top level
};

enum class PutMode : std::uint8_t {
  upsert,        // insert or overwrite
  no_overwrite,  // Status::key_exists when present
  append,        // the key sorts after every key in db (MDB_APPEND): fast path for the log and indexes;
                 // Status::key_exists when it does not
};

// A failed put/del/clear other than key_exists or not_found (map_full, io_error, ...) leaves the transaction
// unusable: later writes return that status and commit() aborts and returns it.
class WriteTxn : public ReadTxn {
 public:
  WriteTxn(WriteTxn&& other) noexcept = default;
  WriteTxn& operator=(WriteTxn&& other) noexcept = default;

  Status put(Db db, std::string_view key, std::string_view value, PutMode mode = PutMode::upsert);
  Status del(Db db, std::string_view key);  // Status::not_found when absent
  Status clear(Db db);                      // removes every entry, keeps the database
  // A child transaction: its writes join this one when it commits, vanish when it aborts.
  Result<WriteTxn> begin_nested();
  // Ends the transaction. For a top-level transaction, ok means durable on disk (when options.durable).
  Status commit();
  void abort();

 private:
  friend class Environment;
  WriteTxn(Environment* env, void* txn) : ReadTxn(env, txn) {}

  // Added by storage/.
  Status check_writable() const;   // ok, or why no write may happen now
  Status record(int mdb_result);   // maps an LMDB result; remembers a failure that poisons the transaction
  Status failure_ = Status::ok;    // the first poisoning failure
};

// A cursor over one database within one transaction. Positioning calls return false when there is no entry.
// next() and prev() on a cursor that is not valid() return false: position it again with seek/first/last.
// A cursor may be destroyed after its transaction ended, but not used then; it belongs to the transaction's
// thread.
class Cursor {
 public:
  Cursor(Cursor&& other) noexcept;
  Cursor& operator=(Cursor&& other) noexcept;
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  ~Cursor();

  bool seek(std::string_view key);  // the first entry with a key >= `key`
  bool first();
  bool last();
  bool next();
  bool prev();
  bool valid() const { return valid_; }
  std::string_view key() const;    // REQUIRES: valid()
  std::string_view value() const;  // REQUIRES: valid()

 private:
  friend class ReadTxn;
  explicit Cursor(void* cursor) : cursor_(cursor) {}
  bool position(int op, std::string_view key = {});
  void* cursor_ = nullptr;  // MDB_cursor*
  bool valid_ = false;
  std::string_view key_;
  std::string_view value_;

  // Added by storage/: a write transaction's cursor is freed by LMDB when that transaction ends.
  Cursor(void* cursor, const std::atomic<std::uint64_t>* owner_serial, std::uint64_t write_serial)
      : cursor_(cursor), owner_serial_(owner_serial), write_serial_(write_serial) {}
  void close();
  const std::atomic<std::uint64_t>* owner_serial_ = nullptr;  // null for a read-only transaction's cursor
  std::uint64_t write_serial_ = 0;
};

class Environment {
 public:
  // Opens (creating when absent and not read-only) the environment in `dir` and every Db.
  // not_found: read-only and there is no environment in `dir`. invalid: this process has `dir` open already
  // (LMDB forbids two environments on one directory in one process).
  static Result<std::unique_ptr<Environment>> open(const std::filesystem::path& dir, const EnvironmentOptions& options);
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  Result<ReadTxn> begin_read() const;
  Result<WriteTxn> begin_write();

  // A hot, consistent copy of the environment into the empty directory `dir` (compacted), created when absent.
  // key_exists: `dir` already holds a data file. ok means the copy (mode 0600) and its directory entry are
  // synced to disk.
  Status copy_to(const std::filesystem::path& dir) const;
  std::size_t map_size_bytes() const;
  // Bytes of the data file in use (last page number x page size).
  std::uint64_t used_bytes() const;
  // Flushes the data file (pages and meta page) to disk: what a commit without sync_meta leaves to do.
  Status sync();
  // The id of the newest commit, as the meta pages name it.
  std::uint64_t last_txnid() const;
  // The data file's first two pages as they are now: LMDB's two meta pages, the newer of which names the tree of
  // the newest commit. Taken by a checkpoint between commits, with a read transaction open that keeps that tree's
  // pages from being reused. io_error: the file cannot be read.
  Result<std::string> meta_pages() const;
  // The id of the newest commit of DIR/data.mdb, read from its meta pages alone (no tree is read). REQUIRES: the
  // environment is not open in this process. not_found: no data file; corrupted: no valid meta page.
  static Result<std::uint64_t> last_txnid_of(const std::filesystem::path& dir);
  // Writes `pages` (from meta_pages) over the first pages of DIR/data.mdb and flushes them, so that the next open
  // sees the checkpoint's tree. REQUIRES: no process has the environment open. io_error: it cannot be written.
  static Status restore_meta_pages(const std::filesystem::path& dir, std::string_view pages);

 private:
  friend class ReadTxn;
  friend class WriteTxn;
  Environment() = default;
  void* env_ = nullptr;  // MDB_env*
  unsigned dbi_[kDbCount] = {};
  EnvironmentOptions options_;

  // Added by storage/ (see ReadTxn::write_serial_).
  static constexpr std::size_t write_depth_max = 8;  // a top-level write transaction and 7 nested levels
  std::atomic<std::uint64_t> write_serials_[write_depth_max] = {};  // 0: no live write txn at that depth
  std::atomic<std::uint64_t> write_serial_next_{1};
  std::uint64_t directory_device_ = 0;  // identity of `dir` in the process-wide registry of open directories
  std::uint64_t directory_inode_ = 0;
};

// Key encodings shared by the stores: big-endian integers sort in numeric order.
std::string encode_u64(std::uint64_t value);
std::uint64_t decode_u64(std::string_view bytes);  // REQUIRES: bytes.size() == 8

}  // namespace jifen::storage
