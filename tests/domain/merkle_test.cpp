// The RFC 9162 Merkle tree: leaf and node hashes, roots of the standard test leaves, roots from perfect
// subtrees, and every official inclusion and consistency vector of transparency-dev/merkle.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <simdjson.h>

#include "domain/leaf.hpp"

namespace jifen::domain {
namespace {

// RFC 6962 / 9162 test leaves.
const std::vector<std::string> kTestLeaves = {
    std::string(),
    std::string(1, '\x00'),
    std::string("\x10"),
    std::string("\x20\x21"),
    std::string("\x30\x31"),
    std::string("\x40\x41\x42\x43"),
    std::string("\x50\x51\x52\x53\x54\x55\x56\x57"),
    std::string("\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"),
};

// Roots of the first n test leaves, n = 0..8 (certificate-transparency's reference values).
const std::string_view kTestRoots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

std::vector<Digest> leaf_hashes(std::size_t count) {
  std::vector<Digest> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(leaf_hash("leaf " + std::to_string(i)));
  return out;
}

// The roots of the perfect subtrees of a tree of size n, left to right (n's binary decomposition).
std::vector<Digest> perfect_subtree_roots(const std::vector<Digest>& leaves) {
  std::vector<Digest> roots;
  std::size_t start = 0;
  for (std::size_t size = std::size_t{1} << 20; size > 0; size >>= 1) {
    if ((leaves.size() & size) == 0) continue;
    const std::vector<Digest> part(leaves.begin() + static_cast<std::ptrdiff_t>(start),
                                   leaves.begin() + static_cast<std::ptrdiff_t>(start + size));
    roots.push_back(merkle_root(part));
    start += size;
  }
  return roots;
}

// A vector file's hash value. Values that are not 32 bytes cannot be given to the verifiers (whose types
// are SHA-256 digests): `exact` is false for them.
struct VectorHash {
  Digest digest{};
  bool exact = false;
};

VectorHash vector_hash(simdjson::dom::element value) {
  const std::string_view text = value.get_string().value();
  const auto bytes = from_base64(text);
  BOOST_REQUIRE_MESSAGE(bytes.has_value(), "bad base64 in a vector: " << text);
  VectorHash out;
  out.exact = bytes->size() == out.digest.size();
  std::copy_n(bytes->begin(), std::min(bytes->size(), out.digest.size()), out.digest.begin());
  return out;
}

struct VectorProof {
  std::vector<Digest> hashes;
  bool exact = true;
};

VectorProof vector_proof(simdjson::dom::element value) {
  VectorProof out;
  if (value.is_null()) return out;  // "proof": null is the empty proof
  const simdjson::dom::array items = value.get_array().value();
  for (const simdjson::dom::element item : items) {
    const VectorHash hash = vector_hash(item);
    out.exact = out.exact && hash.exact;
    out.hashes.push_back(hash.digest);
  }
  return out;
}

std::vector<std::filesystem::path> vector_files(const std::string& kind) {
  const std::filesystem::path folder = std::filesystem::path(JIFEN_VECTORS_DIR) / "rfc9162" / kind;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::uint64_t unsigned_field(simdjson::dom::element document, std::string_view name) {
  return document[name].get_uint64().value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(merkle)

BOOST_AUTO_TEST_CASE(sha256_and_the_empty_tree) {
  BOOST_TEST(to_hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(to_hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(to_hex(empty_tree_hash()) == kTestRoots[0]);
  BOOST_TEST(to_hex(merkle_root({})) == kTestRoots[0]);
  BOOST_TEST(to_hex(root_from_perfect_subtrees({})) == kTestRoots[0]);
}

BOOST_AUTO_TEST_CASE(leaf_and_node_hashes_are_domain_separated) {
  const Digest leaf = leaf_hash("");
  BOOST_TEST(to_hex(leaf) == kTestRoots[1]);
  BOOST_TEST(leaf == sha256(std::string(1, '\x00')));
  const Digest node = node_hash(leaf, leaf);
  std::string preimage(1, '\x01');
  preimage.append(reinterpret_cast<const char*>(leaf.data()), leaf.size());
  preimage.append(reinterpret_cast<const char*>(leaf.data()), leaf.size());
  BOOST_TEST(node == sha256(preimage));
  BOOST_TEST(node != leaf_hash(preimage.substr(1)));
}

BOOST_AUTO_TEST_CASE(roots_of_the_rfc_test_leaves) {
  std::vector<Digest> leaves;
  BOOST_TEST(to_hex(merkle_root(leaves)) == kTestRoots[0]);
  for (std::size_t n = 1; n <= kTestLeaves.size(); ++n) {
    leaves.push_back(leaf_hash(kTestLeaves[n - 1]));
    BOOST_TEST(to_hex(merkle_root(leaves)) == kTestRoots[n], "size " << n);
  }
}

BOOST_AUTO_TEST_CASE(root_from_perfect_subtrees_agrees_with_merkle_root) {
  const std::vector<Digest> all = leaf_hashes(64);
  for (std::size_t n = 0; n <= all.size(); ++n) {
    const std::vector<Digest> leaves(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
    BOOST_TEST(root_from_perfect_subtrees(perfect_subtree_roots(leaves)) == merkle_root(leaves), "size " << n);
  }
}

BOOST_AUTO_TEST_CASE(official_inclusion_vectors) {
  simdjson::dom::parser parser;
  std::size_t cases = 0;
  for (const auto& file : vector_files("inclusion")) {
    const simdjson::dom::element document = parser.load(file.string()).value();
    const VectorHash root = vector_hash(document["root"].value());
    const VectorHash leaf = vector_hash(document["leafHash"].value());
    const VectorProof proof = vector_proof(document["proof"].value());
    const bool want_error = document["wantErr"].get_bool().value();
    // A hash that is not 32 bytes cannot be passed in: the case is refused before verification.
    const bool verified = root.exact && leaf.exact && proof.exact &&
                          verify_inclusion(unsigned_field(document, "leafIdx"), unsigned_field(document, "treeSize"),
                                           leaf.digest, proof.hashes, root.digest);
    BOOST_TEST(verified == !want_error, file.string());
    ++cases;
  }
  BOOST_TEST(cases == 98u);
}

BOOST_AUTO_TEST_CASE(official_consistency_vectors) {
  simdjson::dom::parser parser;
  std::size_t cases = 0;
  for (const auto& file : vector_files("consistency")) {
    const simdjson::dom::element document = parser.load(file.string()).value();
    // Roots of the wrong length are kept (zero-padded or cut to 32 bytes): for equal sizes only their
    // equality matters, and otherwise a computed root never equals them.
    const VectorHash root1 = vector_hash(document["root1"].value());
    const VectorHash root2 = vector_hash(document["root2"].value());
    const VectorProof proof = vector_proof(document["proof"].value());
    const bool want_error = document["wantErr"].get_bool().value();
    const bool verified = proof.exact && verify_consistency(unsigned_field(document, "size1"),
                                                            unsigned_field(document, "size2"), root1.digest,
                                                            root2.digest, proof.hashes);
    BOOST_TEST(verified == !want_error, file.string());
    ++cases;
  }
  BOOST_TEST(cases == 98u);
}

BOOST_AUTO_TEST_CASE(proofs_of_a_generated_tree) {
  // Inclusion: for a small tree, build the audit path by the RFC's PATH definition and verify every leaf.
  const std::vector<Digest> all = leaf_hashes(13);
  struct Path {
    static std::vector<Digest> of(std::size_t m, const std::vector<Digest>& leaves) {
      if (leaves.size() <= 1) return {};
      std::size_t k = 1;
      while (k * 2 < leaves.size()) k *= 2;
      const std::vector<Digest> left(leaves.begin(), leaves.begin() + static_cast<std::ptrdiff_t>(k));
      const std::vector<Digest> right(leaves.begin() + static_cast<std::ptrdiff_t>(k), leaves.end());
      std::vector<Digest> path = m < k ? of(m, left) : of(m - k, right);
      path.push_back(m < k ? merkle_root(right) : merkle_root(left));
      return path;
    }
  };
  for (std::size_t n = 1; n <= all.size(); ++n) {
    const std::vector<Digest> leaves(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
    const Digest root = merkle_root(leaves);
    for (std::size_t m = 0; m < n; ++m) {
      const std::vector<Digest> path = Path::of(m, leaves);
      BOOST_TEST(verify_inclusion(m, n, leaves[m], path, root));
      BOOST_TEST(!verify_inclusion(m, n * 2 + 2, leaves[m], path, root));
      BOOST_TEST(!verify_inclusion(m + n, n, leaves[m], path, root));
      if (n > 1) BOOST_TEST(!verify_inclusion(m, n, leaves[(m + 1) % n], path, root));
      std::vector<Digest> longer = path;
      longer.push_back(root);
      BOOST_TEST(!verify_inclusion(m, n, leaves[m], longer, root));
    }
  }
}

BOOST_AUTO_TEST_CASE(consistency_edge_cases) {
  const std::vector<Digest> all = leaf_hashes(4);
  const Digest root4 = merkle_root(all);
  BOOST_TEST(verify_consistency(4, 4, root4, root4, {}));
  BOOST_TEST(!verify_consistency(4, 4, root4, root4, {root4}));
  BOOST_TEST(!verify_consistency(4, 4, root4, empty_tree_hash(), {}));
  BOOST_TEST(!verify_consistency(0, 4, empty_tree_hash(), root4, {}));
  BOOST_TEST(!verify_consistency(0, 0, empty_tree_hash(), empty_tree_hash(), {}));
  BOOST_TEST(!verify_consistency(5, 4, root4, root4, {}));
  // 2 -> 4: the proof is the root of leaves 2..3 (size1 is a power of two, so root1 is implied).
  const Digest root2 = merkle_root({all[0], all[1]});
  const Digest right = node_hash(all[2], all[3]);
  BOOST_TEST(verify_consistency(2, 4, root2, root4, {right}));
  BOOST_TEST(!verify_consistency(2, 4, root2, root4, {}));
  BOOST_TEST(!verify_consistency(2, 4, root2, root4, {right, right}));
  BOOST_TEST(!verify_consistency(2, 4, root4, root2, {right}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::domain
