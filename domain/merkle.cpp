// SHA-256 and the RFC 9162 Merkle tree: hashes, roots, and proof verification (§2.1.3.2, §2.1.4.2).
// See leaf.hpp.
#include "domain/leaf.hpp"

#include <cassert>
#include <cstdlib>
#include <initializer_list>

#include <openssl/evp.h>

namespace jifen::domain {
namespace {

constexpr std::uint8_t kLeafPrefix = 0x00;
constexpr std::uint8_t kNodePrefix = 0x01;

// The SHA-256 implementation, fetched once (a fetch per hash would cost more than the hash).
const EVP_MD* sha256_algorithm() {
  static const EVP_MD* const algorithm = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (algorithm == nullptr) std::abort();  // libcrypto without SHA-256: nothing can be verified
  return algorithm;
}

// One digest context per thread, reused: hashing is on every write and every verification.
class Sha256Context {
 public:
  Sha256Context() : context_(EVP_MD_CTX_new()) {
    if (context_ == nullptr) std::abort();
  }
  ~Sha256Context() { EVP_MD_CTX_free(context_); }
  Sha256Context(const Sha256Context&) = delete;
  Sha256Context& operator=(const Sha256Context&) = delete;

  Digest hash(std::initializer_list<std::string_view> parts) {
    Digest digest{};
    unsigned int length = 0;
    bool ok = EVP_DigestInit_ex(context_, sha256_algorithm(), nullptr) == 1;
    for (const std::string_view part : parts) ok = ok && EVP_DigestUpdate(context_, part.data(), part.size()) == 1;
    ok = ok && EVP_DigestFinal_ex(context_, digest.data(), &length) == 1;
    if (!ok || length != digest.size()) std::abort();
    return digest;
  }

 private:
  EVP_MD_CTX* context_;
};

Digest hash_parts(std::initializer_list<std::string_view> parts) {
  thread_local Sha256Context context;
  return context.hash(parts);
}

std::string_view bytes_of(const Digest& digest) {
  return std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size());
}

std::string_view prefix_of(const std::uint8_t& prefix) {
  return std::string_view(reinterpret_cast<const char*>(&prefix), 1);
}

// The largest power of two strictly less than n. REQUIRES: n >= 2.
std::size_t split_point(std::size_t n) {
  assert(n >= 2);
  std::size_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

Digest subtree_root(const Digest* leaves, std::size_t count) {
  assert(count >= 1);
  if (count == 1) return leaves[0];
  const std::size_t k = split_point(count);
  return node_hash(subtree_root(leaves, k), subtree_root(leaves + k, count - k));
}

// Right-shifts both until the lowest bit of `first` is set (or `first` is 0).
void shift_while_even(std::uint64_t& first, std::uint64_t& second) {
  while (first != 0 && (first & 1) == 0) {
    first >>= 1;
    second >>= 1;
  }
}

}  // namespace

Digest sha256(std::string_view bytes) { return hash_parts({bytes}); }

Digest sha256(std::initializer_list<std::string_view> parts) { return hash_parts(parts); }

Digest leaf_hash(std::string_view leaf_bytes) { return hash_parts({prefix_of(kLeafPrefix), leaf_bytes}); }

Digest node_hash(const Digest& left, const Digest& right) {
  return hash_parts({prefix_of(kNodePrefix), bytes_of(left), bytes_of(right)});
}

Digest empty_tree_hash() { return sha256(std::string_view()); }

Digest merkle_root(const std::vector<Digest>& leaf_hashes) {
  if (leaf_hashes.empty()) return empty_tree_hash();
  return subtree_root(leaf_hashes.data(), leaf_hashes.size());
}

Digest root_from_perfect_subtrees(const std::vector<Digest>& subtree_roots) {
  if (subtree_roots.empty()) return empty_tree_hash();
  Digest root = subtree_roots.back();
  for (std::size_t i = subtree_roots.size() - 1; i > 0; --i) root = node_hash(subtree_roots[i - 1], root);
  return root;
}

bool verify_inclusion(std::uint64_t index, std::uint64_t tree_size, const Digest& leaf_hash,
                      const std::vector<Digest>& proof, const Digest& root) {
  if (index >= tree_size) return false;
  std::uint64_t fn = index;
  std::uint64_t sn = tree_size - 1;
  Digest r = leaf_hash;
  for (const Digest& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      r = node_hash(p, r);
      if ((fn & 1) == 0) shift_while_even(fn, sn);
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

// RFC 9162 defines consistency for 0 < size1 < size2. Of the edge cases: equal sizes are consistent iff
// the roots are equal and the proof is empty; a proof from the empty tree proves nothing and is refused.
bool verify_consistency(std::uint64_t size1, std::uint64_t size2, const Digest& root1, const Digest& root2,
                        const std::vector<Digest>& proof) {
  if (size1 > size2 || size1 == 0) return false;
  if (size1 == size2) return proof.empty() && root1 == root2;
  if (proof.empty()) return false;
  std::vector<Digest>::const_iterator next = proof.begin();
  const bool size1_is_power_of_two = (size1 & (size1 - 1)) == 0;
  // Step 2: when size1 is a power of two, its root is the first node of the path.
  Digest fr = size1_is_power_of_two ? root1 : *next++;
  Digest sr = fr;
  std::uint64_t fn = size1 - 1;
  std::uint64_t sn = size2 - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  for (; next != proof.end(); ++next) {
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      fr = node_hash(*next, fr);
      sr = node_hash(*next, sr);
      if ((fn & 1) == 0) shift_while_even(fn, sn);
    } else {
      sr = node_hash(sr, *next);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == root1 && sr == root2 && sn == 0;
}

}  // namespace jifen::domain
