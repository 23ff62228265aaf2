// The RFC 9162 tree over the log, kept as the hashes of its perfect subtrees in the node store, so that the
// root of any tree size takes O(log n) reads and never rehashes the log.
//
// Thread contract: free functions over the caller's transaction.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/types.hpp"
#include "storage/lmdb.hpp"

namespace jifen::replay {

// Stores leaf `index`'s hash and every perfect subtree it completes. REQUIRES: leaves 0..index-1 stored.
void merkle_append(storage::WriteTxn& txn, std::uint64_t index, const domain::Digest& leaf_hash);

// The stored hash of the perfect subtree (level, index): leaves [index << level, (index + 1) << level).
// Throws storage::StorageError(corrupted) when absent.
domain::Digest merkle_node(const storage::ReadTxn& txn, std::uint8_t level, std::uint64_t index);

// RFC 9162 MTH of the first `tree_size` leaves. REQUIRES: tree_size <= leaves stored.
domain::Digest merkle_root(const storage::ReadTxn& txn, std::uint64_t tree_size);

}  // namespace jifen::replay
