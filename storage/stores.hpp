// The typed stores of a jifen data directory, each a few functions over one named database. They move bytes
// and sequence numbers only: what a record or a projection value means is the replay layer's business.
//
// Thread contract: stateless; every call takes the transaction it works in.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/lmdb.hpp"

namespace jifen::storage {

using Hash32 = std::array<std::uint8_t, 32>;

// The event log: dense, gapless, 0-based seq -> record bytes.
namespace event_log {
// The number of records, i.e. the next seq (read from the last key inside `txn`).
std::uint64_t size(const ReadTxn& txn);
// REQUIRES: seq == size(txn).
Status append(WriteTxn& txn, std::uint64_t seq, std::string_view record);
std::optional<std::string_view> get(const ReadTxn& txn, std::uint64_t seq);
}  // namespace event_log

// RFC 9162 node store: the hash of every perfect subtree, level 0 being the leaf hashes.
namespace merkle_nodes {
Status put(WriteTxn& txn, std::uint8_t level, std::uint64_t index, const Hash32& hash);
std::optional<Hash32> get(const ReadTxn& txn, std::uint8_t level, std::uint64_t index);
// The nodes (level, first), (level, first + 1), … before (level, end), in one cursor walk; stops at the first
// one missing, so the result may be shorter.
std::vector<Hash32> scan(const ReadTxn& txn, std::uint8_t level, std::uint64_t first, std::uint64_t end);
}  // namespace merkle_nodes

// Per-enterprise index: which seqs name an enterprise, in order.
namespace enterprise_index {
Status add(WriteTxn& txn, std::string_view uscc, std::uint64_t seq);
// Up to `limit` seqs >= from_seq, ascending.
std::vector<std::uint64_t> list(const ReadTxn& txn, std::string_view uscc, std::uint64_t from_seq, std::size_t limit);
std::uint64_t count(const ReadTxn& txn, std::string_view uscc);  // O(count): the stream's length
}  // namespace enterprise_index

// Permanent idempotency index: (owner, event_id) -> seq and the digest of the canonical event.
namespace idempotency {
struct Entry {
  std::uint64_t seq = 0;
  Hash32 body_digest{};
};
std::optional<Entry> find(const ReadTxn& txn, std::string_view owner, std::string_view event_id);
// Status::key_exists when (owner, event_id) is already there.
Status insert(WriteTxn& txn, std::string_view owner, std::string_view event_id, const Entry& entry);
}  // namespace idempotency

// API keys, found by the SHA-256 of the secret; the secret itself is never stored.
namespace key_store {
struct KeyRecord {
  std::string key_id;
  std::string role;        // "enterprise", "bureau", "auditor"
  std::string enterprise;  // USCC for enterprise keys, else empty
  bool revoked = false;
  std::uint64_t created_seq = 0;  // seq of the key.created event
};
Status put(WriteTxn& txn, const Hash32& secret_hash, const KeyRecord& record);
std::optional<KeyRecord> find(const ReadTxn& txn, const Hash32& secret_hash);
std::vector<KeyRecord> list(const ReadTxn& txn);
}  // namespace key_store

// Small named values: format version, origin, active projection generation, projected tree size, ...
namespace meta {
std::optional<std::string> get(const ReadTxn& txn, std::string_view name);
Status put(WriteTxn& txn, std::string_view name, std::string_view value);
}  // namespace meta

}  // namespace jifen::storage
