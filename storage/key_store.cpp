// The key store: SHA-256 of an API key's secret -> KeyRecord, in a small versioned binary encoding.
//
// Value layout (docs/STORAGE.md), every integer big-endian:
//   u8  format version, 0x01
//   u16 length of key_id,     then its bytes
//   u16 length of role,       then its bytes
//   u16 length of enterprise, then its bytes (0 when the key is not an enterprise's)
//   u8  revoked, 0x00 or 0x01
//   u64 created_seq
// A value that is not exactly this (other version, short, long, a revoked byte other than 0 or 1) is corrupt.

#include <string>

#include "storage/lmdb_internal.hpp"
#include "storage/stores.hpp"

namespace jifen::storage::key_store {
namespace {

constexpr std::uint8_t format_version = 0x01;
constexpr std::size_t field_bytes_max = 0xffff;  // a u16 length prefix
constexpr std::size_t secret_hash_bytes = 32;

void append_field(std::string& out, std::string_view field) {
  JIFEN_STORAGE_ASSERT(field.size() <= field_bytes_max);
  out += static_cast<char>(static_cast<std::uint8_t>(field.size() >> 8));
  out += static_cast<char>(static_cast<std::uint8_t>(field.size() & 0xff));
  out.append(field);
}

std::string encode(const KeyRecord& record) {
  std::string out;
  out.reserve(1 + 3 * 2 + record.key_id.size() + record.role.size() + record.enterprise.size() + 1 + 8);
  out += static_cast<char>(format_version);
  append_field(out, record.key_id);
  append_field(out, record.role);
  append_field(out, record.enterprise);
  out += static_cast<char>(record.revoked ? 1 : 0);
  out += encode_u64(record.created_seq);
  return out;
}

// Reads the value front to back; any shortfall marks it bad instead of reading past the end.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return ok_ && in_.empty(); }

  std::string_view take(std::size_t bytes) {
    if (!ok_ || in_.size() < bytes) {
      ok_ = false;
      return {};
    }
    const std::string_view taken = in_.substr(0, bytes);
    in_.remove_prefix(bytes);
    return taken;
  }
  std::uint8_t byte() {
    const std::string_view taken = take(1);
    return taken.empty() ? 0 : static_cast<std::uint8_t>(taken[0]);
  }
  std::string field() {
    const std::size_t high = byte();
    const std::size_t low = byte();
    return std::string(take((high << 8) | low));
  }

 private:
  std::string_view in_;
  bool ok_ = true;
};

KeyRecord decode(std::string_view key, std::string_view value) {
  Reader reader(value);
  if (reader.byte() != format_version) detail::throw_corrupted(Db::keys, key, "unknown key record format version");
  KeyRecord record;
  record.key_id = reader.field();
  record.role = reader.field();
  record.enterprise = reader.field();
  const std::uint8_t revoked = reader.byte();
  const std::string_view created_seq = reader.take(8);
  if (!reader.done()) detail::throw_corrupted(Db::keys, key, "key record of the wrong length");
  if (revoked > 1) detail::throw_corrupted(Db::keys, key, "revoked flag is neither 0 nor 1");
  record.revoked = revoked == 1;
  record.created_seq = decode_u64(created_seq);
  return record;
}

std::string_view hash_view(const Hash32& hash) {
  return std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size());
}

}  // namespace

Status put(WriteTxn& txn, const Hash32& secret_hash, const KeyRecord& record) {
  return txn.put(Db::keys, hash_view(secret_hash), encode(record));
}

std::optional<KeyRecord> find(const ReadTxn& txn, const Hash32& secret_hash) {
  const auto value = txn.get(Db::keys, hash_view(secret_hash));
  if (!value) return std::nullopt;
  return decode(hash_view(secret_hash), *value);
}

std::vector<KeyRecord> list(const ReadTxn& txn) {
  std::vector<KeyRecord> records;
  Cursor cursor = txn.cursor(Db::keys);
  for (bool found = cursor.first(); found; found = cursor.next()) {
    if (cursor.key().size() != secret_hash_bytes) {
      detail::throw_corrupted(Db::keys, cursor.key(), "key of " + std::to_string(cursor.key().size()) + " bytes, expected 32");
    }
    records.push_back(decode(cursor.key(), cursor.value()));
  }
  return records;
}

}  // namespace jifen::storage::key_store
