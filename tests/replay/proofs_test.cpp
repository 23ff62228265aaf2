// Proof generation (replay/proofs.hpp) against RFC 9162's definitions computed the naive way, for every index
// and size up to 64 leaves; every single-bit change of a proof, a wrong index and a wrong size refused by the
// domain's verifiers; the official happy-path vectors reproduced; and the same proofs from a real LMDB node
// store through the Ledger.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <simdjson.h>

#include "domain/leaf.hpp"
#include "replay/ledger_fixture.hpp"
#include "replay/proofs.hpp"

namespace jifen::replay {
namespace {

using domain::Digest;

constexpr std::uint64_t kSizesMax = 64;

std::vector<Digest> leaves_of(std::size_t count) {
  std::vector<Digest> leaves;
  for (std::size_t i = 0; i < count; ++i) leaves.push_back(domain::leaf_hash("leaf " + std::to_string(i)));
  return leaves;
}

// MTH(D[begin:end]) by RFC 9162's recursion over the leaf hashes.
Digest naive_hash(const std::vector<Digest>& leaves, std::uint64_t begin, std::uint64_t end) {
  return domain::merkle_root(std::vector<Digest>(leaves.begin() + static_cast<std::ptrdiff_t>(begin),
                                                 leaves.begin() + static_cast<std::ptrdiff_t>(end)));
}

std::uint64_t largest_power_below(std::uint64_t n) {
  std::uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// RFC 9162 §2.1.3.1 PATH(m, D[begin:end]).
std::vector<Digest> naive_path(const std::vector<Digest>& leaves, std::uint64_t m, std::uint64_t begin, std::uint64_t end) {
  if (end - begin <= 1) return {};
  const std::uint64_t k = largest_power_below(end - begin);
  std::vector<Digest> path;
  if (m < k) {
    path = naive_path(leaves, m, begin, begin + k);
    path.push_back(naive_hash(leaves, begin + k, end));
  } else {
    path = naive_path(leaves, m - k, begin + k, end);
    path.push_back(naive_hash(leaves, begin, begin + k));
  }
  return path;
}

// RFC 9162 §2.1.4.1 SUBPROOF(m, D[begin:end], b).
std::vector<Digest> naive_subproof(const std::vector<Digest>& leaves, std::uint64_t m, std::uint64_t begin,
                                   std::uint64_t end, bool whole) {
  if (m == end - begin) return whole ? std::vector<Digest>{} : std::vector<Digest>{naive_hash(leaves, begin, end)};
  const std::uint64_t k = largest_power_below(end - begin);
  std::vector<Digest> proof;
  if (m <= k) {
    proof = naive_subproof(leaves, m, begin, begin + k, whole);
    proof.push_back(naive_hash(leaves, begin + k, end));
  } else {
    proof = naive_subproof(leaves, m - k, begin + k, end, false);
    proof.push_back(naive_hash(leaves, begin, begin + k));
  }
  return proof;
}

// The perfect subtrees of `leaves`, as a node store would hold them (computed from scratch per read).
SubtreeSource memory_subtrees(const std::vector<Digest>& leaves) {
  return [&leaves](std::uint8_t level, std::uint64_t index) {
    const std::uint64_t width = std::uint64_t{1} << level;
    BOOST_TEST_REQUIRE((index + 1) * width <= leaves.size());
    return naive_hash(leaves, index * width, (index + 1) * width);
  };
}

// How many of the proofs with exactly one bit flipped `verifies` accepts (one assertion per proof, not per bit).
template <typename Verifies>
std::size_t accepted_bit_flips(const std::vector<Digest>& proof, const Verifies& verifies) {
  std::size_t accepted = 0;
  std::vector<Digest> changed = proof;
  for (std::size_t item = 0; item < proof.size(); ++item) {
    for (std::size_t bit = 0; bit < proof[item].size() * 8; ++bit) {
      changed[item][bit / 8] = static_cast<std::uint8_t>(proof[item][bit / 8] ^ (1U << (bit % 8)));
      if (verifies(changed)) ++accepted;
      changed[item][bit / 8] = proof[item][bit / 8];
    }
  }
  return accepted;
}

std::vector<Digest> vector_hashes(simdjson::dom::element value) {
  std::vector<Digest> hashes;
  if (value.is_null()) return hashes;
  const simdjson::dom::array items = value.get_array().value();  // a named array: value() of a temporary dangles
  for (const simdjson::dom::element item : items) {
    const auto bytes = domain::from_base64(item.get_string().value());
    BOOST_TEST_REQUIRE((bytes && bytes->size() == 32));
    hashes.emplace_back();
    std::copy(bytes->begin(), bytes->end(), hashes.back().begin());
  }
  return hashes;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(proofs)

BOOST_AUTO_TEST_CASE(inclusion_proofs_for_every_index_and_size_up_to_64) {
  const std::vector<Digest> leaves = leaves_of(kSizesMax + 1);
  const SubtreeSource subtrees = memory_subtrees(leaves);
  std::vector<Digest> roots;
  for (std::uint64_t n = 0; n <= kSizesMax + 1; ++n) roots.push_back(naive_hash(leaves, 0, n));
  for (std::uint64_t n = 1; n <= kSizesMax; ++n) {
    for (std::uint64_t m = 0; m < n; ++m) {
      BOOST_TEST_CONTEXT("index " << m << " size " << n) {
        SubtreeHashes hashes(subtrees);
        const std::vector<Digest> proof = inclusion_proof(hashes, m, n);
        BOOST_TEST_REQUIRE((proof == naive_path(leaves, m, 0, n)));
        BOOST_TEST(domain::verify_inclusion(m, n, leaves[m], proof, roots[n]));
        BOOST_TEST(accepted_bit_flips(proof, [&](const std::vector<Digest>& changed) {
                     return domain::verify_inclusion(m, n, leaves[m], changed, roots[n]);
                   }) == 0U);
        for (std::uint64_t other = 0; other <= n; ++other) {
          if (other == m) continue;
          BOOST_TEST(!domain::verify_inclusion(other, n, leaves[m], proof, roots[n]), "as index " << other);
          if (other < n) BOOST_TEST(!domain::verify_inclusion(other, n, leaves[other], proof, roots[n]));
        }
        for (std::uint64_t size = 1; size <= kSizesMax + 1; ++size) {
          if (size == n) continue;
          BOOST_TEST(!domain::verify_inclusion(m, size, leaves[m], proof, roots[size]), "as size " << size);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(consistency_proofs_for_every_pair_of_sizes_up_to_64) {
  const std::vector<Digest> leaves = leaves_of(kSizesMax + 1);
  const SubtreeSource subtrees = memory_subtrees(leaves);
  std::vector<Digest> roots;
  for (std::uint64_t n = 0; n <= kSizesMax + 1; ++n) roots.push_back(naive_hash(leaves, 0, n));
  for (std::uint64_t n = 1; n <= kSizesMax; ++n) {
    for (std::uint64_t m = 1; m <= n; ++m) {
      BOOST_TEST_CONTEXT("from " << m << " to " << n) {
        SubtreeHashes hashes(subtrees);
        const std::vector<Digest> proof = consistency_proof(hashes, m, n);
        BOOST_TEST_REQUIRE((proof == (m == n ? std::vector<Digest>{} : naive_subproof(leaves, m, 0, n, true))));
        BOOST_TEST(domain::verify_consistency(m, n, roots[m], roots[n], proof));
        BOOST_TEST(accepted_bit_flips(proof, [&](const std::vector<Digest>& changed) {
                     return domain::verify_consistency(m, n, roots[m], roots[n], changed);
                   }) == 0U);
        for (std::uint64_t size = 1; size <= kSizesMax + 1; ++size) {
          if (size != m) BOOST_TEST(!domain::verify_consistency(size, n, roots[size], roots[n], proof), "from " << size);
          if (size != n && size >= m) {
            BOOST_TEST(!domain::verify_consistency(m, size, roots[m], roots[size], proof), "to " << size);
          }
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(the_official_happy_path_vectors_are_reproduced) {
  // The eight RFC 6962/9162 test leaves behind tests/vectors/rfc9162 (transparency-dev/merkle).
  const std::vector<std::string> data = {std::string(),        std::string(1, '\x00'), "\x10", "\x20\x21", "\x30\x31",
                                         "\x40\x41\x42\x43", "\x50\x51\x52\x53\x54\x55\x56\x57",
                                         "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"};
  std::vector<Digest> leaves;
  for (const std::string& leaf : data) leaves.push_back(domain::leaf_hash(leaf));
  const SubtreeSource subtrees = memory_subtrees(leaves);
  SubtreeHashes hashes(subtrees);
  BOOST_TEST(domain::to_hex(hashes.range(0, 8)) == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
  simdjson::dom::parser parser;
  std::size_t checked = 0;
  const std::filesystem::path root = std::filesystem::path(JIFEN_VECTORS_DIR) / "rfc9162";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().filename() != "happy-path.json" || entry.path().parent_path().filename() == "additional") continue;
    const simdjson::dom::element vector = parser.load(entry.path().string());
    const std::vector<Digest> expected = vector_hashes(vector["proof"]);
    BOOST_TEST_CONTEXT(entry.path().string()) {
      std::uint64_t index = 0;
      if (vector["leafIdx"].get_uint64().get(index) == simdjson::SUCCESS) {
        const std::uint64_t size = vector["treeSize"].get_uint64().value();
        if (size > leaves.size()) continue;
        BOOST_TEST((inclusion_proof(hashes, index, size) == expected));
      } else {
        const std::uint64_t size1 = vector["size1"].get_uint64().value();
        const std::uint64_t size2 = vector["size2"].get_uint64().value();
        if (size2 > leaves.size()) continue;
        BOOST_TEST((consistency_proof(hashes, size1, size2) == expected));
      }
      ++checked;
    }
  }
  BOOST_TEST(checked >= 8U);
}

BOOST_AUTO_TEST_CASE(the_node_store_gives_the_same_proofs) {
  test::LedgerFixture fixture;  // 3 events
  for (int i = 0; i < 67; ++i) {
    test::LedgerFixture::expect_created(fixture.post(test::admin(), R"({"event_id":"z)" + std::to_string(i + 10) +
        R"(","type":"zone.defined","occurred_on":"2021-01-01","data":{"id":"z)" + std::to_string(i + 10) +
        R"(","name":"Zone","level":"national"}})"));
  }
  const std::uint64_t size = fixture.ledger->tree_size();
  BOOST_TEST_REQUIRE(size == 70U);
  std::vector<Digest> leaves;
  for (const Record& record : fixture.ledger->events(0, size)) leaves.push_back(record.leaf_hash);
  SubtreeHashes hashes(memory_subtrees(leaves));
  for (std::uint64_t n = 1; n <= size; ++n) {
    for (std::uint64_t m = 0; m < n; ++m) {
      const auto stored = fixture.ledger->inclusion_proof(m, n);
      BOOST_TEST_REQUIRE(std::holds_alternative<InclusionProof>(stored));
      BOOST_TEST((std::get<InclusionProof>(stored).hashes == inclusion_proof(hashes, m, n)), m << " in " << n);
      BOOST_TEST((std::get<InclusionProof>(stored).leaf_hash == leaves[m]));
      const auto consistency = fixture.ledger->consistency_proof(m + 1, n);
      BOOST_TEST_REQUIRE(std::holds_alternative<ConsistencyProof>(consistency));
      BOOST_TEST((std::get<ConsistencyProof>(consistency).hashes == consistency_proof(hashes, m + 1, n)));
    }
  }
  // Impossible arguments are refused, naming the argument.
  const auto parameter = [](const auto& result) { return std::get<ProofRefusal>(result).parameter; };
  BOOST_TEST(parameter(fixture.ledger->inclusion_proof(70, 70)) == "seq");
  BOOST_TEST(parameter(fixture.ledger->inclusion_proof(0, 71)) == "tree_size");
  BOOST_TEST(parameter(fixture.ledger->inclusion_proof(0, 0)) == "seq");
  BOOST_TEST(parameter(fixture.ledger->consistency_proof(5, 4)) == "from");
  BOOST_TEST(parameter(fixture.ledger->consistency_proof(0, 4)) == "from");
  BOOST_TEST(parameter(fixture.ledger->consistency_proof(4, 71)) == "to");
  BOOST_TEST(std::get<ConsistencyProof>(fixture.ledger->consistency_proof(70, 70)).hashes.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::replay
