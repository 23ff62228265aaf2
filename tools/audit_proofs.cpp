// Inclusion proofs, consistency proofs and receipts, checked offline. See audit_proofs.hpp.
#include "tools/audit_proofs.hpp"

#include <algorithm>
#include <vector>

#include <simdjson.h>

#include "domain/leaf.hpp"

namespace jifen::tools {
namespace {

ProofVerdict bad(std::string detail) { return ProofVerdict{false, std::move(detail)}; }

std::optional<domain::Digest> digest_from_base64(std::string_view text) {
  const std::optional<std::string> bytes = domain::from_base64(text);
  if (!bytes || bytes->size() != domain::Digest{}.size()) return std::nullopt;
  domain::Digest digest{};
  std::copy(bytes->begin(), bytes->end(), digest.begin());
  return digest;
}

std::optional<domain::Digest> digest_field(simdjson::dom::object object, std::string_view name) {
  std::string_view text;
  if (object[name].get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
  return digest_from_base64(text);
}

std::optional<std::vector<domain::Digest>> hashes_field(simdjson::dom::object object, std::string_view name) {
  simdjson::dom::array array;
  if (object[name].get_array().get(array) != simdjson::SUCCESS) return std::nullopt;
  std::vector<domain::Digest> hashes;
  for (const simdjson::dom::element element : array) {
    std::string_view text;
    if (element.get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
    const std::optional<domain::Digest> digest = digest_from_base64(text);
    if (!digest) return std::nullopt;
    hashes.push_back(*digest);
  }
  return hashes;
}

std::optional<std::uint64_t> number_field(simdjson::dom::object object, std::string_view name) {
  std::uint64_t value = 0;
  if (object[name].get_uint64().get(value) != simdjson::SUCCESS) return std::nullopt;
  return value;
}

}  // namespace

ProofVerdict check_inclusion(std::string_view proof_json, const domain::Checkpoint& checkpoint,
                             const std::optional<domain::Digest>& expected_leaf_hash) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(proof_json.data(), proof_json.size()).get_object().get(object) != simdjson::SUCCESS) {
    return bad("the inclusion proof is not a JSON object");
  }
  const auto seq = number_field(object, "seq");
  const auto tree_size = number_field(object, "tree_size");
  const auto leaf_hash = digest_field(object, "leaf_hash");
  const auto proof = hashes_field(object, "proof");
  if (!seq || !tree_size || !leaf_hash || !proof) {
    return bad("the inclusion proof needs seq, tree_size, leaf_hash (base64) and proof (an array of base64 hashes)");
  }
  if (*tree_size != checkpoint.tree_size) {
    return bad("the proof is for tree size " + std::to_string(*tree_size) + ", the checkpoint signs tree size " +
               std::to_string(checkpoint.tree_size));
  }
  if (expected_leaf_hash && *expected_leaf_hash != *leaf_hash) {
    return bad("the proof is about leaf hash " + domain::to_base64(*leaf_hash) + ", not " +
               domain::to_base64(*expected_leaf_hash));
  }
  if (!domain::verify_inclusion(*seq, *tree_size, *leaf_hash, *proof, checkpoint.root)) {
    return bad("seq " + std::to_string(*seq) + ": the inclusion proof does not lead to the checkpoint's root");
  }
  return {true, "seq " + std::to_string(*seq) + " with leaf hash " + domain::to_base64(*leaf_hash) +
                    " is in the signed tree of size " + std::to_string(*tree_size)};
}

ProofVerdict check_consistency(std::string_view proof_json, const domain::Checkpoint& older,
                               const domain::Checkpoint& newer) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(proof_json.data(), proof_json.size()).get_object().get(object) != simdjson::SUCCESS) {
    return bad("the consistency proof is not a JSON object");
  }
  const auto from = number_field(object, "from");
  const auto to = number_field(object, "to");
  const auto proof = hashes_field(object, "proof");
  if (!from || !to || !proof) return bad("the consistency proof needs from, to and proof (an array of base64 hashes)");
  if (*from != older.tree_size || *to != newer.tree_size) {
    return bad("the proof goes from " + std::to_string(*from) + " to " + std::to_string(*to) +
               ", the checkpoints sign tree sizes " + std::to_string(older.tree_size) + " and " +
               std::to_string(newer.tree_size));
  }
  if (!domain::verify_consistency(*from, *to, older.root, newer.root, *proof)) {
    return bad("the tree of size " + std::to_string(*to) + " does not extend the tree of size " +
               std::to_string(*from) + ": the log was rewritten between them (or the proof is wrong)");
  }
  return {true, "the signed tree of size " + std::to_string(*to) + " extends the signed tree of size " +
                    std::to_string(*from)};
}

ProofVerdict check_receipt(std::string_view receipt_json, const domain::NoteVerifierKey& key, std::string_view origin) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(receipt_json.data(), receipt_json.size()).get_object().get(object) != simdjson::SUCCESS) {
    return bad("the receipt is not a JSON object");
  }
  std::string_view note;
  std::string_view event_id;
  const auto seq = number_field(object, "seq");
  const auto checkpoint_tree_size = number_field(object, "checkpoint_tree_size");
  const auto leaf_hash = digest_field(object, "leaf_hash");
  const auto proof = hashes_field(object, "inclusion_proof");
  if (object["checkpoint"].get_string().get(note) != simdjson::SUCCESS) {
    return bad("the receipt carries no checkpoint (the ledger had no signing key when it was issued)");
  }
  if (!seq || !checkpoint_tree_size || !leaf_hash || !proof ||
      object["event_id"].get_string().get(event_id) != simdjson::SUCCESS) {
    return bad("the receipt needs seq, event_id, leaf_hash, checkpoint_tree_size and inclusion_proof");
  }
  const domain::OrNoteError<domain::Checkpoint> opened = domain::open_checkpoint(note, key, origin);
  if (const auto* error = std::get_if<domain::NoteError>(&opened)) {
    return bad("the receipt's checkpoint does not verify: " + error->detail);
  }
  const domain::Checkpoint& checkpoint = std::get<domain::Checkpoint>(opened);
  if (checkpoint.tree_size != *checkpoint_tree_size) {
    return bad("the receipt names checkpoint_tree_size " + std::to_string(*checkpoint_tree_size) +
               ", its checkpoint signs " + std::to_string(checkpoint.tree_size));
  }
  if (!domain::verify_inclusion(*seq, checkpoint.tree_size, *leaf_hash, *proof, checkpoint.root)) {
    return bad("seq " + std::to_string(*seq) + ": the receipt's inclusion proof does not lead to its checkpoint's root");
  }
  return {true, "event " + std::string(event_id) + " is seq " + std::to_string(*seq) + " with leaf hash " +
                    domain::to_base64(*leaf_hash) + " in the tree of size " + std::to_string(checkpoint.tree_size) +
                    " signed by " + key.name};
}

}  // namespace jifen::tools
