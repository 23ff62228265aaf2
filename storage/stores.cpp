// The event log, the Merkle node store, the per-enterprise index, the idempotency index and meta: key
// layouts and value checks (docs/STORAGE.md). The key store is in key_store.cpp.

#include <algorithm>
#include <string>

#include "storage/lmdb_internal.hpp"
#include "storage/stores.hpp"

namespace jifen::storage {
namespace {

constexpr std::size_t u64_bytes = 8;
constexpr std::size_t hash_bytes = 32;
constexpr std::size_t uscc_bytes = 18;
constexpr std::size_t list_reserve_max = 1024;  // never reserve what a huge `limit` asks for up front
constexpr std::size_t meta_name_bytes_max = 255;

std::string size_problem(std::size_t actual_bytes, std::size_t expected_bytes) {
  return std::to_string(actual_bytes) + " bytes, expected " + std::to_string(expected_bytes);
}

Hash32 to_hash(std::string_view bytes) {
  JIFEN_STORAGE_ASSERT(bytes.size() == hash_bytes);
  Hash32 hash{};
  std::transform(bytes.begin(), bytes.end(), hash.begin(), [](char byte) { return static_cast<std::uint8_t>(byte); });
  return hash;
}

std::string_view hash_view(const Hash32& hash) {
  return std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size());
}

}  // namespace

namespace event_log {

std::uint64_t size(const ReadTxn& txn) {
  const std::uint64_t records = txn.entries(Db::log);
  Cursor cursor = txn.cursor(Db::log);
  if (!cursor.last()) {
    JIFEN_STORAGE_ASSERT(records == 0);
    return 0;
  }
  const std::string_view key = cursor.key();
  if (key.size() != u64_bytes) detail::throw_corrupted(Db::log, key, "key of " + size_problem(key.size(), u64_bytes));
  const std::uint64_t next_seq = decode_u64(key) + 1;
  // Dense and gapless: the last key and the number of records must agree.
  if (next_seq != records) {
    detail::throw_corrupted(Db::log, key, "the log is not dense: " + std::to_string(records) + " records");
  }
  return next_seq;
}

Status append(WriteTxn& txn, std::uint64_t seq, std::string_view record) {
  JIFEN_STORAGE_ASSERT(seq == size(txn));
  return txn.put(Db::log, encode_u64(seq), record, PutMode::append);
}

std::optional<std::string_view> get(const ReadTxn& txn, std::uint64_t seq) {
  return txn.get(Db::log, encode_u64(seq));
}

}  // namespace event_log

namespace merkle_nodes {
namespace {

std::string node_key(std::uint8_t level, std::uint64_t index) {
  std::string key(1, static_cast<char>(level));
  key += encode_u64(index);
  return key;
}

}  // namespace

Status put(WriteTxn& txn, std::uint8_t level, std::uint64_t index, const Hash32& hash) {
  return txn.put(Db::merkle, node_key(level, index), hash_view(hash));
}

std::optional<Hash32> get(const ReadTxn& txn, std::uint8_t level, std::uint64_t index) {
  const std::string key = node_key(level, index);
  const auto value = txn.get(Db::merkle, key);
  if (!value) return std::nullopt;
  if (value->size() != hash_bytes) detail::throw_corrupted(Db::merkle, key, size_problem(value->size(), hash_bytes));
  return to_hash(*value);
}

std::vector<Hash32> scan(const ReadTxn& txn, std::uint8_t level, std::uint64_t first, std::uint64_t end) {
  std::vector<Hash32> hashes;
  if (first >= end) return hashes;
  hashes.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(end - first, list_reserve_max)));
  Cursor cursor = txn.cursor(Db::merkle);
  std::uint64_t index = first;
  for (bool more = cursor.seek(node_key(level, first)); more && index < end; more = cursor.next(), ++index) {
    const std::string_view key = cursor.key();
    if (key != node_key(level, index)) break;  // a missing node, or the next level
    if (cursor.value().size() != hash_bytes) {
      detail::throw_corrupted(Db::merkle, key, size_problem(cursor.value().size(), hash_bytes));
    }
    hashes.push_back(to_hash(cursor.value()));
  }
  return hashes;
}

}  // namespace merkle_nodes

namespace enterprise_index {
namespace {

std::string index_key(std::string_view uscc, std::uint64_t seq) {
  std::string key;
  key.reserve(uscc_bytes + u64_bytes);
  key.append(uscc);
  key += encode_u64(seq);
  return key;
}

// Calls `visit(seq)` for the entries of `uscc` from `from_seq` on while it returns true.
template <class Visit>
void scan(const ReadTxn& txn, std::string_view uscc, std::uint64_t from_seq, Visit visit) {
  Cursor cursor = txn.cursor(Db::by_enterprise);
  for (bool found = cursor.seek(index_key(uscc, from_seq)); found; found = cursor.next()) {
    const std::string_view key = cursor.key();
    if (key.size() != uscc_bytes + u64_bytes) {
      detail::throw_corrupted(Db::by_enterprise, key, "key of " + size_problem(key.size(), uscc_bytes + u64_bytes));
    }
    if (key.substr(0, uscc_bytes) != uscc) return;
    if (!cursor.value().empty()) detail::throw_corrupted(Db::by_enterprise, key, size_problem(cursor.value().size(), 0));
    if (!visit(decode_u64(key.substr(uscc_bytes)))) return;
  }
}

}  // namespace

Status add(WriteTxn& txn, std::string_view uscc, std::uint64_t seq) {
  JIFEN_STORAGE_ASSERT(uscc.size() == uscc_bytes);
  // Upsert: adding an entry twice is harmless, and the keys of different enterprises interleave.
  return txn.put(Db::by_enterprise, index_key(uscc, seq), std::string_view());
}

std::vector<std::uint64_t> list(const ReadTxn& txn, std::string_view uscc, std::uint64_t from_seq, std::size_t limit) {
  std::vector<std::uint64_t> seqs;
  if (uscc.size() != uscc_bytes || limit == 0) return seqs;  // no such enterprise can be in the index
  seqs.reserve(std::min(limit, list_reserve_max));
  scan(txn, uscc, from_seq, [&](std::uint64_t seq) {
    seqs.push_back(seq);
    return seqs.size() < limit;
  });
  return seqs;
}

std::uint64_t count(const ReadTxn& txn, std::string_view uscc) {
  std::uint64_t entries = 0;
  if (uscc.size() != uscc_bytes) return entries;
  scan(txn, uscc, 0, [&](std::uint64_t) {
    ++entries;
    return true;
  });
  return entries;
}

}  // namespace enterprise_index

namespace idempotency {
namespace {

constexpr std::size_t entry_bytes = u64_bytes + hash_bytes;

std::string entry_key(std::string_view owner, std::string_view event_id) {
  // The first 0x00 ends the owner: owners never hold one, so (owner, event_id) pairs never collide.
  JIFEN_STORAGE_ASSERT(owner.find('\0') == std::string_view::npos);
  std::string key;
  key.reserve(owner.size() + 1 + event_id.size());
  key.append(owner);
  key += '\0';
  key.append(event_id);
  return key;
}

}  // namespace

std::optional<Entry> find(const ReadTxn& txn, std::string_view owner, std::string_view event_id) {
  const std::string key = entry_key(owner, event_id);
  const auto value = txn.get(Db::idempotency, key);
  if (!value) return std::nullopt;
  if (value->size() != entry_bytes) detail::throw_corrupted(Db::idempotency, key, size_problem(value->size(), entry_bytes));
  return Entry{decode_u64(value->substr(0, u64_bytes)), to_hash(value->substr(u64_bytes))};
}

Status insert(WriteTxn& txn, std::string_view owner, std::string_view event_id, const Entry& entry) {
  std::string value = encode_u64(entry.seq);
  value.append(hash_view(entry.body_digest));
  JIFEN_STORAGE_ASSERT(value.size() == entry_bytes);
  return txn.put(Db::idempotency, entry_key(owner, event_id), value, PutMode::no_overwrite);
}

}  // namespace idempotency

namespace meta {

std::optional<std::string> get(const ReadTxn& txn, std::string_view name) {
  JIFEN_STORAGE_ASSERT(!name.empty() && name.size() <= meta_name_bytes_max);
  const auto value = txn.get(Db::meta, name);
  if (!value) return std::nullopt;
  return std::string(*value);
}

Status put(WriteTxn& txn, std::string_view name, std::string_view value) {
  JIFEN_STORAGE_ASSERT(!name.empty() && name.size() <= meta_name_bytes_max);
  return txn.put(Db::meta, name, value);
}

}  // namespace meta

}  // namespace jifen::storage
