// The leaf and the hashes of the contract (DESIGN.md "The record and the hash"): the leaf is the JCS of
// {actor, data_sha256, enterprise?, event_id, occurred_on, recorded_at, seq, type}; the log is an RFC 9162
// Merkle tree over the leaves in seq order.
//
// Pure functions over bytes (OpenSSL's SHA-256 only); safe from any thread.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/types.hpp"

namespace jifen::domain {

struct Leaf {
  std::string actor;                      // the submitting key's id
  Digest data_sha256{};                   // SHA-256 of JCS(data)
  std::optional<std::string> enterprise;  // absent for ledger-level events
  std::string event_id;
  std::string occurred_on;                // "YYYY-MM-DD"
  std::string recorded_at;                // RFC 3339 UTC with microseconds: "2021-12-31T08:00:00.000001Z"
  std::uint64_t seq = 0;
  std::string type;
};

// JCS of the leaf: keys sorted, no whitespace, data_sha256 as lowercase hex.
std::string encode_leaf(const Leaf& leaf);

// The fields a fold of the log reads, as views into the leaf's bytes: for replaying a log this process
// wrote (as_of), not for checking one. It checks the shape of the leaf (every key in order, the digest 64
// lowercase hex digits, the seq a number) but not that the leaf is canonical; a string with an escape
// (never one of a valid leaf's: ids, USCCs, dates and type names have none) makes it nullopt, and the
// caller then decodes with decode_leaf.
struct LeafFields {
  std::string_view actor;
  std::optional<std::string_view> enterprise;
  std::string_view occurred_on;
  std::uint64_t seq = 0;
  std::string_view type;
};
std::optional<LeafFields> read_leaf_fields(std::string_view jcs);
// Strict inverse of encode_leaf: nullopt unless `jcs` is exactly the canonical encoding of some leaf.
std::optional<Leaf> decode_leaf(std::string_view jcs);

Digest sha256(std::string_view bytes);
Digest sha256(std::initializer_list<std::string_view> parts);  // of the parts one after the other
// RFC 9162: SHA-256(0x00 || leaf), SHA-256(0x01 || left || right), and SHA-256("") for the empty tree.
Digest leaf_hash(std::string_view leaf_bytes);
Digest node_hash(const Digest& left, const Digest& right);
Digest empty_tree_hash();

// The Merkle tree hash of `leaf_hashes` (RFC 9162 MTH), computed from scratch: for tests and verifiers.
Digest merkle_root(const std::vector<Digest>& leaf_hashes);

// Root of a tree of size n from the roots of its perfect subtrees, left to right (the binary decomposition
// of n, largest first): the way a node store answers the root of any size in O(log n) reads.
Digest root_from_perfect_subtrees(const std::vector<Digest>& subtree_roots);

// RFC 9162 proofs (section 2.1.3 and 2.1.4): verification for auditors. Generation is replay's.
bool verify_inclusion(std::uint64_t index, std::uint64_t tree_size, const Digest& leaf_hash,
                      const std::vector<Digest>& proof, const Digest& root);
bool verify_consistency(std::uint64_t size1, std::uint64_t size2, const Digest& root1, const Digest& root2,
                        const std::vector<Digest>& proof);

// "2021-12-31T08:00:00.000001Z" from microseconds since the Unix epoch, and back (strict).
std::string format_timestamp_us(std::int64_t unix_us);
std::optional<std::int64_t> parse_timestamp_us(std::string_view rfc3339);

}  // namespace jifen::domain
