// Proof generation over perfect subtrees. See proofs.hpp; the recursions are RFC 9162's PATH and SUBPROOF
// unrolled into loops that collect the path from the root down, then reverse it.
#include "replay/proofs.hpp"

#include <algorithm>
#include <bit>
#include <cassert>

#include "domain/leaf.hpp"
#include "replay/merkle_log.hpp"

namespace jifen::replay {
namespace {

// The largest power of two strictly less than n. REQUIRES: n >= 2.
std::uint64_t split_point(std::uint64_t n) {
  assert(n >= 2);
  return std::bit_floor(n - 1);
}

}  // namespace

domain::Digest SubtreeHashes::range(std::uint64_t begin, std::uint64_t end) {
  assert(begin < end);
  const std::uint64_t size = end - begin;
  assert(begin % std::bit_ceil(size) == 0);
  if (std::has_single_bit(size)) {
    const int level = std::countr_zero(size);
    return source_(static_cast<std::uint8_t>(level), begin >> level);
  }
  if (const auto found = known_.find({begin, end}); found != known_.end()) return found->second;
  // [begin, end) is the perfect subtree of the largest power of two below its size, then the rest.
  const std::uint64_t k = split_point(size);
  const domain::Digest digest = domain::node_hash(range(begin, begin + k), range(begin + k, end));
  known_.emplace(RangeKey{begin, end}, digest);
  return digest;
}

std::vector<domain::Digest> inclusion_proof(SubtreeHashes& hashes, std::uint64_t index, std::uint64_t tree_size) {
  assert(index < tree_size);
  std::vector<domain::Digest> path;
  std::uint64_t begin = 0;
  std::uint64_t end = tree_size;
  while (end - begin > 1) {
    const std::uint64_t k = split_point(end - begin);
    if (index < begin + k) {
      path.push_back(hashes.range(begin + k, end));
      end = begin + k;
    } else {
      path.push_back(hashes.range(begin, begin + k));
      begin += k;
    }
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::vector<domain::Digest> consistency_proof(SubtreeHashes& hashes, std::uint64_t size1, std::uint64_t size2) {
  assert(size1 > 0 && size1 <= size2);
  std::vector<domain::Digest> path;
  std::uint64_t begin = 0;
  std::uint64_t end = size2;
  std::uint64_t first = size1;      // the old tree's size within [begin, end)
  bool whole_old_tree = true;       // SUBPROOF's b: [begin, begin + first) is the whole old tree
  if (size1 == size2) return path;
  for (;;) {
    const std::uint64_t size = end - begin;
    if (first == size) {
      if (!whole_old_tree) path.push_back(hashes.range(begin, end));
      break;
    }
    const std::uint64_t k = split_point(size);
    if (first <= k) {
      path.push_back(hashes.range(begin + k, end));
      end = begin + k;
    } else {
      path.push_back(hashes.range(begin, begin + k));
      begin += k;
      first -= k;
      whole_old_tree = false;
    }
  }
  std::reverse(path.begin(), path.end());
  return path;
}

SubtreeSource stored_subtrees(const storage::ReadTxn& txn) {
  return [&txn](std::uint8_t level, std::uint64_t index) { return merkle_node(txn, level, index); };
}


}  // namespace jifen::replay
