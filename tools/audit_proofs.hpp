// jifen-audit's checks other than exports (docs/AUDIT.md "Proofs" and "Receipts"): an inclusion proof and a
// consistency proof as GET /v1/log/proof/… answers them, checked against checkpoints the auditor kept, and a
// receipt as POST /v1/events answers it, checked against the log's verifier key. The verification itself is
// domain's (verify_inclusion, verify_consistency, open_checkpoint). Links domain only: never storage or LMDB.
//
// Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/checkpoint.hpp"
#include "domain/signed_note.hpp"
#include "domain/types.hpp"

namespace jifen::tools {

// ok: `detail` says what was proven; else what is wrong (one sentence).
struct ProofVerdict {
  bool ok = false;
  std::string detail;
};

// {"seq":N,"tree_size":M,"leaf_hash":"<base64>","proof":["<base64>",…]} against `checkpoint` (tree size M).
// With `expected_leaf_hash`, the proof must also be about that leaf.
ProofVerdict check_inclusion(std::string_view proof_json, const domain::Checkpoint& checkpoint,
                             const std::optional<domain::Digest>& expected_leaf_hash);

// {"from":M1,"to":M2,"proof":["<base64>",…]} against the checkpoints of M1 (older) and M2 (newer).
ProofVerdict check_consistency(std::string_view proof_json, const domain::Checkpoint& older,
                               const domain::Checkpoint& newer);

// A receipt {"seq","event_id","leaf_hash","recorded_at","tree_size","checkpoint","checkpoint_tree_size",
// "inclusion_proof"}: its checkpoint opens with `key` and `origin` and names checkpoint_tree_size, and the
// inclusion proof puts leaf_hash at seq in that tree.
ProofVerdict check_receipt(std::string_view receipt_json, const domain::NoteVerifierKey& key, std::string_view origin);

}  // namespace jifen::tools
