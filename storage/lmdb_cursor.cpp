// Cursor: RAII over MDB_cursor. A read transaction's cursor is always closed by us (LMDB allows it before
// or after the transaction ends); a write transaction's cursor only while that transaction is live, since
// LMDB frees it when the transaction ends.

#include <utility>

#include "storage/lmdb_internal.hpp"

namespace jifen::storage {

Cursor::Cursor(Cursor&& other) noexcept
    : cursor_(std::exchange(other.cursor_, nullptr)),
      valid_(std::exchange(other.valid_, false)),
      key_(std::exchange(other.key_, {})),
      value_(std::exchange(other.value_, {})),
      owner_serial_(std::exchange(other.owner_serial_, nullptr)),
      write_serial_(std::exchange(other.write_serial_, 0)) {}

Cursor& Cursor::operator=(Cursor&& other) noexcept {
  if (this != &other) {
    close();
    cursor_ = std::exchange(other.cursor_, nullptr);
    valid_ = std::exchange(other.valid_, false);
    key_ = std::exchange(other.key_, {});
    value_ = std::exchange(other.value_, {});
    owner_serial_ = std::exchange(other.owner_serial_, nullptr);
    write_serial_ = std::exchange(other.write_serial_, 0);
  }
  return *this;
}

Cursor::~Cursor() { close(); }

void Cursor::close() {
  if (cursor_ == nullptr) return;
  const bool ours_to_free = owner_serial_ == nullptr || owner_serial_->load() == write_serial_;
  if (ours_to_free) mdb_cursor_close(static_cast<MDB_cursor*>(cursor_));
  cursor_ = nullptr;
  valid_ = false;
}

bool Cursor::position(int op, std::string_view key) {
  JIFEN_STORAGE_ASSERT(cursor_ != nullptr);  // not a moved-from cursor
  MDB_val mdb_key = detail::to_mdb(key);
  MDB_val mdb_value{};
  const int result =
      mdb_cursor_get(static_cast<MDB_cursor*>(cursor_), &mdb_key, &mdb_value, static_cast<MDB_cursor_op>(op));
  if (result == MDB_NOTFOUND) {
    valid_ = false;
    key_ = {};
    value_ = {};
    return false;
  }
  if (result != MDB_SUCCESS) detail::throw_mdb_error(result, "cursor positioning");
  valid_ = true;
  key_ = detail::from_mdb(mdb_key);
  value_ = detail::from_mdb(mdb_value);
  return true;
}

bool Cursor::seek(std::string_view key) {
  if (key.empty()) return first();  // LMDB refuses an empty key; every key is >= ""
  return position(MDB_SET_RANGE, key);
}

bool Cursor::first() { return position(MDB_FIRST); }

bool Cursor::last() { return position(MDB_LAST); }

bool Cursor::next() {
  if (!valid_) return false;
  return position(MDB_NEXT);
}

bool Cursor::prev() {
  if (!valid_) return false;
  return position(MDB_PREV);
}

std::string_view Cursor::key() const {
  JIFEN_STORAGE_ASSERT(valid_);
  return key_;
}

std::string_view Cursor::value() const {
  JIFEN_STORAGE_ASSERT(valid_);
  return value_;
}

}  // namespace jifen::storage
