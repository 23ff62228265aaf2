#include "replay/merkle_log.hpp"

#include <bit>
#include <string>
#include <type_traits>

#include "domain/leaf.hpp"
#include "storage/stores.hpp"

namespace jifen::replay {

// Digests pass between domain and storage as they are: both are 32 plain bytes.
static_assert(std::is_same_v<domain::Digest, storage::Hash32>);

namespace {

void put_node(storage::WriteTxn& txn, std::uint8_t level, std::uint64_t index, const domain::Digest& digest) {
  const storage::Status status = storage::merkle_nodes::put(txn, level, index, digest);
  if (status != storage::Status::ok) {
    throw storage::StorageError(status, "merkle node put: " + std::string(storage::to_string(status)));
  }
}

}  // namespace

domain::Digest merkle_node(const storage::ReadTxn& txn, std::uint8_t level, std::uint64_t index) {
  const auto hash = storage::merkle_nodes::get(txn, level, index);
  if (!hash) {
    throw storage::StorageError(storage::Status::corrupted, "merkle node (" + std::to_string(level) + ", " +
                                                                std::to_string(index) + ") is missing");
  }
  return *hash;
}

void merkle_append(storage::WriteTxn& txn, std::uint64_t index, const domain::Digest& leaf_hash) {
  put_node(txn, 0, index, leaf_hash);
  domain::Digest hash = leaf_hash;
  std::uint8_t level = 0;
  std::uint64_t position = index;
  // A right child completes its parent: hash upward while we are a right child.
  while ((position & 1U) == 1U) {
    hash = domain::node_hash(merkle_node(txn, level, position - 1), hash);
    ++level;
    position >>= 1U;
    put_node(txn, level, position, hash);
  }
}

domain::Digest merkle_root(const storage::ReadTxn& txn, std::uint64_t tree_size) {
  std::vector<domain::Digest> subtrees;
  std::uint64_t start = 0;
  // The binary decomposition of tree_size, largest subtree first.
  for (int level = 63; level >= 0; --level) {
    const std::uint64_t width = std::uint64_t{1} << level;
    if ((tree_size & width) == 0) continue;
    subtrees.push_back(merkle_node(txn, static_cast<std::uint8_t>(level), start >> level));
    start += width;
  }
  return domain::root_from_perfect_subtrees(subtrees);
}

}  // namespace jifen::replay
