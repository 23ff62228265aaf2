// Environment: opening a data directory, beginning transactions, hot copies and size figures.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <mutex>
#include <system_error>
#include <utility>

#include "storage/lmdb_internal.hpp"

namespace jifen::storage {
namespace {

constexpr mdb_mode_t kFileMode = 0600;  // the key store holds secret hashes: owner only

// LMDB forbids two environments on one directory in one process: closing either would drop the other's
// fcntl locks. Open directories are registered by (device, inode) with the pid that opened them, so that a
// forked child, which inherits this registry but none of the locks, may open the directory itself.
class OpenDirectories {
 public:
  bool claim(std::pair<std::uint64_t, std::uint64_t> identity) {
    const std::lock_guard lock(mutex_);
    const auto [entry, inserted] = entries_.try_emplace(identity, ::getpid());
    if (inserted) return true;
    if (entry->second == ::getpid()) return false;
    entry->second = ::getpid();
    return true;
  }

  void release(std::pair<std::uint64_t, std::uint64_t> identity) {
    const std::lock_guard lock(mutex_);
    const auto entry = entries_.find(identity);
    if (entry != entries_.end() && entry->second == ::getpid()) entries_.erase(entry);
  }

 private:
  std::mutex mutex_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, pid_t> entries_;
};

OpenDirectories& open_directories() {
  static OpenDirectories registry;
  return registry;
}

// Opens every Db of the enum by name in one transaction whose commit publishes the handles to the process.
int open_databases_in(MDB_env* env, unsigned txn_flags, unsigned dbi_flags, unsigned (&dbis)[kDbCount]) {
  MDB_txn* txn = nullptr;
  int result = mdb_txn_begin(env, nullptr, txn_flags, &txn);
  if (result != MDB_SUCCESS) return result;
  for (std::size_t index = 0; index < kDbCount; ++index) {
    // to_string(Db) views a string literal, so data() is NUL-terminated.
    const std::string_view name = to_string(static_cast<Db>(index));
    result = mdb_dbi_open(txn, name.data(), dbi_flags, &dbis[index]);
    if (result != MDB_SUCCESS) {
      mdb_txn_abort(txn);
      return result;
    }
  }
  return mdb_txn_commit(txn);
}

// A reader's transaction first, so that opening an existing directory never waits for a writer (jifenctl
// rebuild may hold the writer lock for minutes); a write transaction only when a database must be created.
int open_databases(MDB_env* env, bool read_only, unsigned (&dbis)[kDbCount]) {
  const int result = open_databases_in(env, MDB_RDONLY, 0, dbis);
  if (result != MDB_NOTFOUND || read_only) return result;
  return open_databases_in(env, 0, MDB_CREATE, dbis);
}

int open_handle(MDB_env* env, const std::filesystem::path& dir, const EnvironmentOptions& options) {
  int result = mdb_env_set_maxdbs(env, static_cast<MDB_dbi>(kDbCount));
  if (result == MDB_SUCCESS) result = mdb_env_set_mapsize(env, options.map_size_bytes);
  if (result == MDB_SUCCESS) result = mdb_env_set_maxreaders(env, options.readers_max);
  if (result != MDB_SUCCESS) return result;
  // MDB_NOTLS: a read transaction is not tied to a thread's slot; every call takes its own short one.
  unsigned flags = MDB_NOTLS;
  if (!options.durable || !options.sync_data) flags |= MDB_NOSYNC;
  if (options.durable && !options.sync_meta) flags |= MDB_NOMETASYNC;
  if (options.read_only) flags |= MDB_RDONLY;
  return mdb_env_open(env, dir.c_str(), flags, kFileMode);
}

// Creates `dir` when writable, then names it by (device, inode). ENOENT: there is no such directory.
Result<std::pair<std::uint64_t, std::uint64_t>> directory_identity(const std::filesystem::path& dir, bool create) {
  if (create) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) return detail::status_from_mdb(error.value());
  }
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0) {
    return errno == ENOENT ? Status::not_found : detail::status_from_mdb(errno);
  }
  if (!S_ISDIR(info.st_mode)) return Status::invalid;
  return std::pair{static_cast<std::uint64_t>(info.st_dev), static_cast<std::uint64_t>(info.st_ino)};
}

}  // namespace

namespace detail {

bool sync_path(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced;
}

bool write_all(int fd, std::string_view bytes, std::size_t offset) {
  while (!bytes.empty()) {
    const ssize_t written = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(written));
    offset += static_cast<std::size_t>(written);
  }
  return true;
}

bool read_all(int fd, std::string& out, std::size_t length, std::size_t offset) {
  out.resize(length);
  std::size_t done = 0;
  while (done < length) {
    const ssize_t got = ::pread(fd, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    done += static_cast<std::size_t>(got);
  }
  return true;
}

}  // namespace detail

Result<std::unique_ptr<Environment>> Environment::open(const std::filesystem::path& dir,
                                                       const EnvironmentOptions& options) {
  const auto identity = directory_identity(dir, !options.read_only);
  if (!identity) return identity.error();
  if (!open_directories().claim(*identity)) return Status::invalid;

  std::unique_ptr<Environment> environment(new Environment());
  environment->directory_device_ = identity->first;  // the destructor releases the claim from here on
  environment->directory_inode_ = identity->second;
  environment->options_ = options;

  MDB_env* env = nullptr;
  int result = mdb_env_create(&env);
  if (result != MDB_SUCCESS) return detail::status_from_mdb(result);
  environment->env_ = env;  // closed by the destructor, also when mdb_env_open fails (LMDB requires it)

  result = open_handle(env, dir, options);
  if (result == ENOENT) return Status::not_found;  // read-only and no data file
  if (result == MDB_SUCCESS) result = open_databases(env, options.read_only, environment->dbi_);
  if (result != MDB_SUCCESS) return detail::status_from_mdb(result);
  // Free the reader slots of processes that died inside a read transaction (kill -9): a stale slot pins old
  // pages and makes the file grow. Best effort; a failure here changes nothing else.
  int stale_readers = 0;
  (void)mdb_reader_check(env, &stale_readers);
  return environment;
}

Environment::~Environment() {
  if (env_ != nullptr) mdb_env_close(static_cast<MDB_env*>(env_));
  if (directory_inode_ != 0) open_directories().release({directory_device_, directory_inode_});
}

Result<ReadTxn> Environment::begin_read() const {
  MDB_txn* txn = nullptr;
  const int result = mdb_txn_begin(static_cast<MDB_env*>(env_), nullptr, MDB_RDONLY, &txn);
  if (result != MDB_SUCCESS) return detail::status_from_mdb(result);
  return ReadTxn(const_cast<Environment*>(this), txn);
}

Result<WriteTxn> Environment::begin_write() {
  MDB_txn* txn = nullptr;
  const int result = mdb_txn_begin(static_cast<MDB_env*>(env_), nullptr, 0, &txn);
  if (result != MDB_SUCCESS) return detail::status_from_mdb(result);
  // LMDB's writer lock admits one write transaction per environment; the previous one cleared its serial
  // before it released the lock.
  JIFEN_STORAGE_ASSERT(write_serials_[0].load() == 0);
  WriteTxn write(this, txn);
  write.write_serial_ = write_serial_next_.fetch_add(1);
  write.write_depth_ = 0;
  write_serials_[0].store(write.write_serial_);
  return write;
}

Status Environment::sync() { return detail::status_from_mdb(mdb_env_sync(static_cast<MDB_env*>(env_), 1)); }

std::uint64_t Environment::last_txnid() const {
  MDB_envinfo info{};
  const int result = mdb_env_info(static_cast<MDB_env*>(env_), &info);
  if (result != MDB_SUCCESS) detail::throw_mdb_error(result, "environment info");
  return static_cast<std::uint64_t>(info.me_last_txnid);
}

Result<std::uint64_t> Environment::last_txnid_of(const std::filesystem::path& dir) {
  if (!std::filesystem::exists(dir / "data.mdb")) return Status::not_found;
  MDB_env* env = nullptr;
  int result = mdb_env_create(&env);
  if (result != MDB_SUCCESS) return detail::status_from_mdb(result);
  result = mdb_env_set_maxdbs(env, static_cast<MDB_dbi>(kDbCount));
  // Read-only: LMDB reads the two meta pages and picks the newer; the tree they name is not touched.
  if (result == MDB_SUCCESS) result = mdb_env_open(env, dir.c_str(), MDB_RDONLY | MDB_NOTLS, kFileMode);
  MDB_envinfo info{};
  if (result == MDB_SUCCESS) result = mdb_env_info(env, &info);
  mdb_env_close(env);
  if (result != MDB_SUCCESS) return detail::status_from_mdb(result);
  return static_cast<std::uint64_t>(info.me_last_txnid);
}

Result<std::string> Environment::meta_pages() const {
  MDB_stat stat{};
  int result = mdb_env_stat(static_cast<MDB_env*>(env_), &stat);
  if (result != MDB_SUCCESS) return detail::status_from_mdb(result);
  mdb_filehandle_t fd{};
  result = mdb_env_get_fd(static_cast<MDB_env*>(env_), &fd);
  if (result != MDB_SUCCESS) return detail::status_from_mdb(result);
  std::string pages;
  if (!detail::read_all(fd, pages, 2 * std::size_t{stat.ms_psize}, 0)) return Status::io_error;
  return pages;
}

Status Environment::restore_meta_pages(const std::filesystem::path& dir, std::string_view pages) {
  const int fd = ::open((dir / "data.mdb").c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return Status::io_error;
  const bool ok = detail::write_all(fd, pages, 0) && ::fdatasync(fd) == 0;
  ::close(fd);
  return ok ? Status::ok : Status::io_error;
}

Status Environment::copy_to(const std::filesystem::path& dir) const {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return detail::status_from_mdb(error.value());
  if (std::filesystem::exists(dir / "data.mdb", error)) return Status::key_exists;
  if (error) return detail::status_from_mdb(error.value());
  // A read transaction inside: consistent while writers go on. MDB_CP_COMPACT leaves out free pages.
  const int result = mdb_env_copy2(static_cast<MDB_env*>(env_), dir.c_str(), MDB_CP_COMPACT);
  if (result != MDB_SUCCESS) return detail::status_from_mdb(result);
  // LMDB makes the copy with the umask's mode: owner only, like the source (it holds secret hashes).
  const std::filesystem::path data_file = dir / "data.mdb";
  if (::chmod(data_file.c_str(), kFileMode) != 0) return detail::status_from_mdb(errno);
  // LMDB closes the copy without a flush: sync the file, then the directory entry that names it.
  if (!detail::sync_path(data_file, O_RDONLY) || !detail::sync_path(dir, O_RDONLY | O_DIRECTORY)) {
    return Status::io_error;
  }
  return Status::ok;
}

std::size_t Environment::map_size_bytes() const {
  MDB_envinfo info{};
  const int result = mdb_env_info(static_cast<MDB_env*>(env_), &info);
  if (result != MDB_SUCCESS) detail::throw_mdb_error(result, "environment info");
  return info.me_mapsize;
}

std::uint64_t Environment::used_bytes() const {
  MDB_envinfo info{};
  int result = mdb_env_info(static_cast<MDB_env*>(env_), &info);
  if (result != MDB_SUCCESS) detail::throw_mdb_error(result, "environment info");
  MDB_stat stat{};
  result = mdb_env_stat(static_cast<MDB_env*>(env_), &stat);
  if (result != MDB_SUCCESS) detail::throw_mdb_error(result, "environment stat");
  return (static_cast<std::uint64_t>(info.me_last_pgno) + 1) * stat.ms_psize;
}

}  // namespace jifen::storage
