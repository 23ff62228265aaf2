// The snapshot store over its own LMDB environment. See snapshot_store.hpp.
#include "storage/snapshot_store.hpp"

#include <algorithm>
#include <system_error>

#include "storage/lmdb_internal.hpp"

namespace jifen::storage {
namespace {

constexpr mdb_mode_t kFileMode = 0600;
constexpr std::size_t kMapSizeBytes = std::size_t{1} << 40;  // address space only
constexpr unsigned kReadersMax = 126;

// A read transaction, aborted on every path.
class ReadScope {
 public:
  explicit ReadScope(MDB_env* env) { result_ = mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn_); }
  ~ReadScope() {
    if (txn_ != nullptr) mdb_txn_abort(txn_);
  }
  ReadScope(const ReadScope&) = delete;
  ReadScope& operator=(const ReadScope&) = delete;
  MDB_txn* txn() const {
    if (result_ != MDB_SUCCESS) detail::throw_mdb_error(result_, "snapshot store read");
    return txn_;
  }

 private:
  MDB_txn* txn_ = nullptr;
  int result_ = MDB_SUCCESS;
};

int open_environment(MDB_env** env, const std::filesystem::path& dir, bool read_only, bool durable, MDB_dbi* dbi) {
  int result = mdb_env_create(env);
  if (result != MDB_SUCCESS) return result;
  if (result == MDB_SUCCESS) result = mdb_env_set_mapsize(*env, kMapSizeBytes);
  if (result == MDB_SUCCESS) result = mdb_env_set_maxreaders(*env, kReadersMax);
  const unsigned flags = MDB_NOTLS | (read_only ? MDB_RDONLY : 0u) | (durable ? 0u : MDB_NOSYNC);
  if (result == MDB_SUCCESS) result = mdb_env_open(*env, dir.c_str(), flags, kFileMode);
  MDB_txn* txn = nullptr;
  if (result == MDB_SUCCESS) result = mdb_txn_begin(*env, nullptr, read_only ? MDB_RDONLY : 0u, &txn);
  if (result != MDB_SUCCESS) return result;
  result = mdb_dbi_open(txn, nullptr, 0, dbi);
  if (result != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return result;
  }
  return mdb_txn_commit(txn);
}

}  // namespace

Result<std::unique_ptr<SnapshotStore>> SnapshotStore::open(const std::filesystem::path& dir, bool read_only,
                                                           bool durable) {
  std::unique_ptr<SnapshotStore> store(new SnapshotStore());
  std::error_code error;
  if (!read_only) std::filesystem::create_directories(dir, error);
  if (error) return detail::status_from_mdb(error.value());
  MDB_env* env = nullptr;
  int result = open_environment(&env, dir, read_only, durable, &store->dbi_);
  if (result != MDB_SUCCESS && result != ENOENT && !read_only) {
    // Not a store this build can use: it is a cache, so start it afresh.
    if (env != nullptr) mdb_env_close(env);
    env = nullptr;
    std::filesystem::remove_all(dir, error);
    std::filesystem::create_directories(dir, error);
    if (error) return detail::status_from_mdb(error.value());
    result = open_environment(&env, dir, read_only, durable, &store->dbi_);
  }
  store->env_ = std::shared_ptr<void>(env, [](void* opened) {  // closed whatever happened
    if (opened != nullptr) mdb_env_close(static_cast<MDB_env*>(opened));
  });
  if (result == ENOENT) return Status::not_found;
  if (result != MDB_SUCCESS) return detail::status_from_mdb(result);
  return store;
}

SnapshotStore::~SnapshotStore() = default;

Status SnapshotStore::put(std::uint64_t tree_size, std::string_view bytes) { return put(tree_size, {bytes}); }

Status SnapshotStore::put(std::uint64_t tree_size, std::initializer_list<std::string_view> parts) {
  MDB_txn* txn = nullptr;
  int result = mdb_txn_begin(static_cast<MDB_env*>(env_.get()), nullptr, 0, &txn);
  if (result != MDB_SUCCESS) return detail::status_from_mdb(result);
  const std::string key = encode_u64(tree_size);
  MDB_val key_value = detail::to_mdb(key);
  MDB_val data{};
  for (const std::string_view part : parts) data.mv_size += part.size();
  result = mdb_put(txn, dbi_, &key_value, &data, MDB_RESERVE);  // data.mv_data: room for the value, to fill
  if (result != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return detail::status_from_mdb(result);
  }
  char* at = static_cast<char*>(data.mv_data);
  for (const std::string_view part : parts) at = std::copy(part.begin(), part.end(), at);
  return detail::status_from_mdb(mdb_txn_commit(txn));
}

Status SnapshotStore::erase(std::uint64_t tree_size) {
  MDB_txn* txn = nullptr;
  int result = mdb_txn_begin(static_cast<MDB_env*>(env_.get()), nullptr, 0, &txn);
  if (result != MDB_SUCCESS) return detail::status_from_mdb(result);
  const std::string key = encode_u64(tree_size);
  MDB_val key_value = detail::to_mdb(key);
  result = mdb_del(txn, dbi_, &key_value, nullptr);
  if (result != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return detail::status_from_mdb(result);
  }
  return detail::status_from_mdb(mdb_txn_commit(txn));
}

std::optional<std::uint64_t> SnapshotStore::at_or_below(std::uint64_t at_most) const {
  const ReadScope scope(static_cast<MDB_env*>(env_.get()));
  MDB_cursor* cursor = nullptr;
  int result = mdb_cursor_open(scope.txn(), dbi_, &cursor);
  if (result != MDB_SUCCESS) detail::throw_mdb_error(result, "snapshot store cursor");
  // The first key above at_most, then one back; or the last key when there is none above.
  const std::string above = at_most == UINT64_MAX ? std::string() : encode_u64(at_most + 1);
  MDB_val key = detail::to_mdb(above);
  MDB_val value{};
  result = above.empty() ? mdb_cursor_get(cursor, &key, &value, MDB_LAST)
                         : mdb_cursor_get(cursor, &key, &value, MDB_SET_RANGE);
  if (!above.empty()) {
    result = result == MDB_SUCCESS ? mdb_cursor_get(cursor, &key, &value, MDB_PREV)
                                   : mdb_cursor_get(cursor, &key, &value, MDB_LAST);
  }
  std::optional<std::uint64_t> found;
  if (result == MDB_SUCCESS && key.mv_size == 8) found = decode_u64(detail::from_mdb(key));
  mdb_cursor_close(cursor);
  return found;
}

bool SnapshotStore::read(std::uint64_t tree_size, const std::function<void(std::string_view bytes)>& read) const {
  const ReadScope scope(static_cast<MDB_env*>(env_.get()));
  const std::string key = encode_u64(tree_size);
  MDB_val key_value = detail::to_mdb(key);
  MDB_val value{};
  const int result = mdb_get(scope.txn(), dbi_, &key_value, &value);
  if (result == MDB_NOTFOUND) return false;
  if (result != MDB_SUCCESS) detail::throw_mdb_error(result, "snapshot store get");
  read(detail::from_mdb(value));
  return true;
}

std::vector<std::uint64_t> SnapshotStore::tree_sizes() const {
  const ReadScope scope(static_cast<MDB_env*>(env_.get()));
  MDB_cursor* cursor = nullptr;
  const int result = mdb_cursor_open(scope.txn(), dbi_, &cursor);
  if (result != MDB_SUCCESS) detail::throw_mdb_error(result, "snapshot store cursor");
  std::vector<std::uint64_t> sizes;
  MDB_val key{};
  MDB_val value{};
  for (int op = MDB_FIRST; mdb_cursor_get(cursor, &key, &value, static_cast<MDB_cursor_op>(op)) == MDB_SUCCESS; op = MDB_NEXT) {
    if (key.mv_size == 8) sizes.push_back(decode_u64(detail::from_mdb(key)));
  }
  mdb_cursor_close(cursor);
  return sizes;
}

std::shared_ptr<const SnapshotStore::Reader> SnapshotStore::reader() const {
  MDB_txn* txn = nullptr;
  const int result = mdb_txn_begin(static_cast<MDB_env*>(env_.get()), nullptr, MDB_RDONLY, &txn);
  if (result == MDB_READERS_FULL) return nullptr;
  if (result != MDB_SUCCESS) detail::throw_mdb_error(result, "snapshot store read");
  return std::shared_ptr<const Reader>(new Reader(env_, txn, dbi_));
}

SnapshotStore::Reader::~Reader() { mdb_txn_abort(static_cast<MDB_txn*>(txn_)); }

std::optional<std::string_view> SnapshotStore::Reader::get(std::uint64_t tree_size) const {
  const std::string key = encode_u64(tree_size);
  MDB_val key_value = detail::to_mdb(key);
  MDB_val value{};
  const int result = mdb_get(static_cast<MDB_txn*>(txn_), dbi_, &key_value, &value);
  if (result == MDB_NOTFOUND) return std::nullopt;
  if (result != MDB_SUCCESS) detail::throw_mdb_error(result, "snapshot store get");
  return detail::from_mdb(value);
}

}  // namespace jifen::storage
