// RFC 9162 proofs (§2.1.3 inclusion, §2.1.4 consistency) generated from the hashes of perfect subtrees, the
// way the node store keeps them (replay/merkle_log.hpp): O(log n) subtree reads per proof, never a rehash of
// the log. Verification is domain's (domain/leaf.hpp: verify_inclusion, verify_consistency).
//
// Thread contract: a SubtreeHashes belongs to one thread and lives no longer than its source (which owns its
// transaction, if any); the proof functions are pure over it.
#pragma once

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/types.hpp"

namespace jifen::storage {
class ReadTxn;
}

namespace jifen::replay {

// The hash of the perfect subtree (level, index): leaves [index << level, (index + 1) << level).
using SubtreeSource = std::function<domain::Digest(std::uint8_t level, std::uint64_t index)>;

// The subtree hashes proofs are made of: perfect subtrees read from a source, and the hashes of ragged ranges
// (the tree's right edge) computed from them and remembered, since the proofs of one commit group share them.
class SubtreeHashes {
 public:
  explicit SubtreeHashes(SubtreeSource source) : source_(std::move(source)) {}

  // The RFC 9162 MTH of leaves [begin, end) from at most log2(end - begin) + 1 subtree reads.
  // REQUIRES: begin < end; begin is a multiple of the smallest power of two >= end - begin (true of every
  // subtree the proofs of RFC 9162 name).
  domain::Digest range(std::uint64_t begin, std::uint64_t end);

 private:
  struct RangeKey {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
    bool operator==(const RangeKey&) const = default;
  };
  struct RangeKeyHash {
    std::size_t operator()(const RangeKey& key) const { return std::hash<std::uint64_t>{}(key.begin * 31 + key.end); }
  };
  SubtreeSource source_;
  std::unordered_map<RangeKey, domain::Digest, RangeKeyHash> known_;
};

// The audit path of leaf `index` in the tree of the first `tree_size` leaves, leaf side first.
// REQUIRES: index < tree_size.
std::vector<domain::Digest> inclusion_proof(SubtreeHashes& hashes, std::uint64_t index, std::uint64_t tree_size);

// The consistency proof from the tree of size1 leaves to the tree of size2 leaves: empty when they are equal.
// REQUIRES: 0 < size1 <= size2.
std::vector<domain::Digest> consistency_proof(SubtreeHashes& hashes, std::uint64_t size1, std::uint64_t size2);

// The node store read through `txn` (merkle_node: a missing node throws StorageError(corrupted)).
SubtreeSource stored_subtrees(const storage::ReadTxn& txn);

}  // namespace jifen::replay
