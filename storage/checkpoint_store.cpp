// The checkpoint store: key layout and value checks (docs/STORAGE.md "checkpoints").
#include "storage/checkpoint_store.hpp"

#include <string>

#include "storage/lmdb_internal.hpp"

namespace jifen::storage::checkpoint_store {
namespace {

constexpr std::size_t u64_bytes = 8;

Entry entry_at(const Cursor& cursor) {
  const std::string_view key = cursor.key();
  if (key.size() != u64_bytes) detail::throw_corrupted(Db::checkpoints, key, "key of " + std::to_string(key.size()) + " bytes, expected 8");
  if (cursor.value().empty()) detail::throw_corrupted(Db::checkpoints, key, "empty checkpoint note");
  return Entry{decode_u64(key), cursor.value()};
}

}  // namespace

Status put(WriteTxn& txn, std::uint64_t tree_size, std::string_view note) {
  JIFEN_STORAGE_ASSERT(!note.empty());
  return txn.put(Db::checkpoints, encode_u64(tree_size), note, PutMode::no_overwrite);
}

std::optional<std::string_view> get(const ReadTxn& txn, std::uint64_t tree_size) {
  const std::string key = encode_u64(tree_size);
  const auto note = txn.get(Db::checkpoints, key);
  if (note && note->empty()) detail::throw_corrupted(Db::checkpoints, key, "empty checkpoint note");
  return note;
}

std::optional<Entry> latest(const ReadTxn& txn) {
  Cursor cursor = txn.cursor(Db::checkpoints);
  if (!cursor.last()) return std::nullopt;
  return entry_at(cursor);
}

std::optional<Entry> first_at_or_above(const ReadTxn& txn, std::uint64_t tree_size) {
  Cursor cursor = txn.cursor(Db::checkpoints);
  if (!cursor.seek(encode_u64(tree_size))) return std::nullopt;
  return entry_at(cursor);
}

std::uint64_t count(const ReadTxn& txn) { return txn.entries(Db::checkpoints); }

}  // namespace jifen::storage::checkpoint_store
