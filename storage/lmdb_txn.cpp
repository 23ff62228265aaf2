// ReadTxn and WriteTxn: RAII over MDB_txn, nested write transactions and the sticky failure of a write.
//
// A write transaction's liveness is the Environment's record of its serial at its depth: LMDB frees a child
// when its parent ends, and frees the cursors of a write transaction when it ends. Ending a transaction
// clears the records of its depth and below before LMDB releases the writer lock, so the next writer of any
// thread finds them clear.

#include <string>
#include <utility>

#include "storage/lmdb_internal.hpp"

namespace jifen::storage {
namespace {

MDB_txn* as_txn(void* txn) { return static_cast<MDB_txn*>(txn); }

[[noreturn]] void throw_not_live(std::string_view operation, Db db) {
  std::string message = "storage: ";
  message += operation;
  message += " in database '";
  message += to_string(db);
  message += "' on a transaction that has ended";
  throw StorageError(Status::invalid, message);
}

}  // namespace

ReadTxn::ReadTxn(Environment* env, void* txn) : env_(env), txn_(txn) {}

ReadTxn::ReadTxn(ReadTxn&& other) noexcept
    : env_(std::exchange(other.env_, nullptr)),
      txn_(std::exchange(other.txn_, nullptr)),
      write_serial_(std::exchange(other.write_serial_, 0)),
      write_depth_(std::exchange(other.write_depth_, 0)) {}

ReadTxn& ReadTxn::operator=(ReadTxn&& other) noexcept {
  if (this != &other) {
    end();
    env_ = std::exchange(other.env_, nullptr);
    txn_ = std::exchange(other.txn_, nullptr);
    write_serial_ = std::exchange(other.write_serial_, 0);
    write_depth_ = std::exchange(other.write_depth_, 0);
  }
  return *this;
}

ReadTxn::~ReadTxn() { end(); }

bool ReadTxn::live() const {
  if (txn_ == nullptr) return false;
  if (write_serial_ == 0) return true;
  return env_->write_serials_[write_depth_].load() == write_serial_;
}

void ReadTxn::end() {
  if (live()) {
    if (write_serial_ != 0) {
      for (std::size_t depth = write_depth_; depth < Environment::write_depth_max; ++depth) {
        env_->write_serials_[depth].store(0);  // this transaction and any child LMDB aborts with it
      }
    }
    mdb_txn_abort(as_txn(txn_));
  }
  txn_ = nullptr;
}

std::optional<std::string_view> ReadTxn::get(Db db, std::string_view key) const {
  if (!live()) throw_not_live("get", db);
  const auto index = static_cast<std::size_t>(db);
  JIFEN_STORAGE_ASSERT(index < kDbCount);
  MDB_val mdb_key = detail::to_mdb(key);
  MDB_val mdb_value{};
  const int result = mdb_get(as_txn(txn_), env_->dbi_[index], &mdb_key, &mdb_value);
  if (result == MDB_NOTFOUND) return std::nullopt;
  if (result != MDB_SUCCESS) detail::throw_mdb_error(result, "get", db);
  return detail::from_mdb(mdb_value);
}

Cursor ReadTxn::cursor(Db db) const {
  if (!live()) throw_not_live("cursor", db);
  const auto index = static_cast<std::size_t>(db);
  JIFEN_STORAGE_ASSERT(index < kDbCount);
  MDB_cursor* cursor = nullptr;
  const int result = mdb_cursor_open(as_txn(txn_), env_->dbi_[index], &cursor);
  if (result != MDB_SUCCESS) detail::throw_mdb_error(result, "cursor", db);
  if (write_serial_ == 0) return Cursor(cursor);
  return Cursor(cursor, &env_->write_serials_[write_depth_], write_serial_);
}

std::uint64_t ReadTxn::id() const {
  if (!live()) throw StorageError(Status::invalid, "storage: id() on a transaction that has ended");
  return static_cast<std::uint64_t>(mdb_txn_id(as_txn(txn_)));
}

std::uint64_t ReadTxn::entries(Db db) const {
  if (!live()) throw_not_live("entries", db);
  const auto index = static_cast<std::size_t>(db);
  JIFEN_STORAGE_ASSERT(index < kDbCount);
  MDB_stat stat{};
  const int result = mdb_stat(as_txn(txn_), env_->dbi_[index], &stat);
  if (result != MDB_SUCCESS) detail::throw_mdb_error(result, "entries", db);
  return stat.ms_entries;
}

Status WriteTxn::check_writable() const {
  if (!live()) return Status::invalid;
  const std::size_t child_depth = std::size_t{write_depth_} + 1;
  if (child_depth < Environment::write_depth_max && env_->write_serials_[child_depth].load() != 0) {
    return Status::invalid;  // suspended while a child is live; refused here, so it does not poison
  }
  return failure_;
}

Status WriteTxn::record(int mdb_result) {
  const Status status = detail::status_from_mdb(mdb_result);
  const bool harmless = status == Status::ok || status == Status::key_exists || status == Status::not_found;
  if (!harmless && failure_ == Status::ok) failure_ = status;
  return status;
}

Status WriteTxn::put(Db db, std::string_view key, std::string_view value, PutMode mode) {
  if (const Status status = check_writable(); status != Status::ok) return status;
  const auto index = static_cast<std::size_t>(db);
  JIFEN_STORAGE_ASSERT(index < kDbCount);
  unsigned flags = 0;
  if (mode == PutMode::no_overwrite) flags = MDB_NOOVERWRITE;
  if (mode == PutMode::append) flags = MDB_APPEND;
  MDB_val mdb_key = detail::to_mdb(key);
  MDB_val mdb_value = detail::to_mdb(value);  // with MDB_NOOVERWRITE, LMDB points this at the stored value
  return record(mdb_put(as_txn(txn_), env_->dbi_[index], &mdb_key, &mdb_value, flags));
}

Status WriteTxn::del(Db db, std::string_view key) {
  if (const Status status = check_writable(); status != Status::ok) return status;
  const auto index = static_cast<std::size_t>(db);
  JIFEN_STORAGE_ASSERT(index < kDbCount);
  MDB_val mdb_key = detail::to_mdb(key);
  return record(mdb_del(as_txn(txn_), env_->dbi_[index], &mdb_key, nullptr));
}

Status WriteTxn::clear(Db db) {
  if (const Status status = check_writable(); status != Status::ok) return status;
  const auto index = static_cast<std::size_t>(db);
  JIFEN_STORAGE_ASSERT(index < kDbCount);
  return record(mdb_drop(as_txn(txn_), env_->dbi_[index], 0));
}

Result<WriteTxn> WriteTxn::begin_nested() {
  // check_writable() also refuses a second live child.
  if (const Status status = check_writable(); status != Status::ok) return status;
  const std::size_t depth = std::size_t{write_depth_} + 1;
  if (depth >= Environment::write_depth_max) return Status::invalid;
  MDB_txn* child = nullptr;
  const int result = mdb_txn_begin(static_cast<MDB_env*>(env_->env_), as_txn(txn_), 0, &child);
  if (result != MDB_SUCCESS) return detail::status_from_mdb(result);
  WriteTxn nested(env_, child);
  nested.write_serial_ = env_->write_serial_next_.fetch_add(1);
  nested.write_depth_ = static_cast<std::uint8_t>(depth);
  env_->write_serials_[depth].store(nested.write_serial_);
  return nested;
}

Status WriteTxn::commit() {
  if (!live()) return Status::invalid;
  const std::size_t child_depth = std::size_t{write_depth_} + 1;
  if (child_depth < Environment::write_depth_max && env_->write_serials_[child_depth].load() != 0) {
    return Status::invalid;  // a live child: LMDB would commit it silently; end it first
  }
  if (failure_ != Status::ok) {
    end();
    return failure_;
  }
  env_->write_serials_[write_depth_].store(0);
  // LMDB frees the handle whether the commit succeeds or fails: never touch it again.
  const int result = mdb_txn_commit(as_txn(std::exchange(txn_, nullptr)));
  return detail::status_from_mdb(result);
}

void WriteTxn::abort() { end(); }

}  // namespace jifen::storage
