// The Ledger's log audit surface: origin, verifier key, stored checkpoints, proofs, and making the signing key.
#include <stdexcept>

#include "replay/checkpoints.hpp"
#include "replay/ledger_impl.hpp"
#include "replay/merkle_log.hpp"
#include "replay/proofs.hpp"
#include "storage/checkpoint_store.hpp"
#include "storage/stores.hpp"

namespace jifen::replay {

std::string Ledger::origin() const {
  std::lock_guard lock(impl_->signing_mutex);
  return impl_->origin;
}

std::optional<std::string> Ledger::verifier_key() const {
  const std::shared_ptr<const SigningIdentity> identity = impl_->signing_identity();
  if (!identity) return std::nullopt;
  return domain::format_verifier_key(identity->signer.verifier_key());
}

std::optional<std::string> Ledger::checkpoint(std::optional<std::uint64_t> tree_size) const {
  storage::ReadTxn txn = impl_->begin_read();
  if (tree_size) {
    const auto note = storage::checkpoint_store::get(txn, *tree_size);
    if (!note) return std::nullopt;
    return std::string(*note);
  }
  const auto latest = storage::checkpoint_store::latest(txn);
  if (!latest) return std::nullopt;
  return std::string(latest->note);
}

std::optional<std::string> Ledger::signed_checkpoint(std::uint64_t tree_size) const {
  const std::shared_ptr<const SigningIdentity> identity = impl_->signing_identity();
  if (!identity) return std::nullopt;
  storage::ReadTxn txn = impl_->begin_read();
  if (tree_size > storage::event_log::size(txn)) throw std::out_of_range("tree size beyond the log");
  if (const auto stored = storage::checkpoint_store::get(txn, tree_size)) return std::string(*stored);
  return domain::sign_checkpoint(identity->signer, {identity->origin, tree_size, merkle_root(txn, tree_size)});
}

std::vector<domain::Digest> Ledger::subtree_roots(std::uint64_t tree_size) const {
  storage::ReadTxn txn = impl_->begin_read();
  if (tree_size > storage::event_log::size(txn)) throw std::out_of_range("tree size beyond the log");
  std::vector<domain::Digest> roots;
  std::uint64_t start = 0;
  for (int level = 63; level >= 0; --level) {
    const std::uint64_t width = std::uint64_t{1} << level;
    if ((tree_size & width) == 0) continue;
    roots.push_back(merkle_node(txn, static_cast<std::uint8_t>(level), start >> level));
    start += width;
  }
  return roots;
}

std::variant<InclusionProof, ProofRefusal> Ledger::inclusion_proof(std::uint64_t seq, std::uint64_t tree_size) const {
  storage::ReadTxn txn = impl_->begin_read();
  const std::uint64_t log_size = storage::event_log::size(txn);
  if (tree_size > log_size) {
    return ProofRefusal{"tree_size", "tree_size " + std::to_string(tree_size) + " is beyond the log's " +
                                         std::to_string(log_size) + " events"};
  }
  if (seq >= tree_size) {
    return ProofRefusal{"seq", "seq " + std::to_string(seq) + " is not in a tree of " + std::to_string(tree_size) +
                                   " events (seq < tree_size)"};
  }
  InclusionProof proof{seq, tree_size, merkle_node(txn, 0, seq), {}};
  SubtreeHashes hashes(stored_subtrees(txn));
  proof.hashes = replay::inclusion_proof(hashes, seq, tree_size);
  return proof;
}

std::variant<ConsistencyProof, ProofRefusal> Ledger::consistency_proof(std::uint64_t from, std::uint64_t to) const {
  storage::ReadTxn txn = impl_->begin_read();
  const std::uint64_t log_size = storage::event_log::size(txn);
  if (to > log_size) {
    return ProofRefusal{"to", "to " + std::to_string(to) + " is beyond the log's " + std::to_string(log_size) + " events"};
  }
  if (from > to) return ProofRefusal{"from", "from " + std::to_string(from) + " is after to " + std::to_string(to)};
  if (from == 0) return ProofRefusal{"from", "from must be at least 1: every tree is consistent with the empty tree"};
  ConsistencyProof proof{from, to, {}};
  SubtreeHashes hashes(stored_subtrees(txn));
  proof.hashes = replay::consistency_proof(hashes, from, to);
  return proof;
}

std::string Ledger::create_signing_key(std::string_view origin, std::string_view seed_bytes) {
  if (impl_->options.read_only) throw std::runtime_error("the ledger is open read-only");
  // Its commits would flush nothing and be in no journal entry (docs/STORAGE.md "The commit journal").
  if (impl_->journal) throw std::runtime_error("not with the commit journal: run it from jifenctl while jifend is stopped");
  if (!domain::is_valid_key_name(origin)) {
    throw std::runtime_error("the origin \"" + std::string(origin) +
                             "\" is not a valid key name: 1 to 255 printable ASCII characters without space or '+'");
  }
  domain::OrNoteError<domain::NoteSigner> signer = domain::NoteSigner::from_seed(origin, seed_bytes);
  if (const auto* error = std::get_if<domain::NoteError>(&signer)) throw std::runtime_error(error->detail);
  if (impl_->signing_identity()) throw std::runtime_error(impl_->options.data_dir.string() + " already has a signing key");
  write_signing_key(impl_->options.data_dir, std::get<domain::NoteSigner>(signer));
  auto identity = std::make_shared<const SigningIdentity>(std::move(std::get<domain::NoteSigner>(signer)));
  {
    std::lock_guard lock(impl_->signing_mutex);
    impl_->signing = identity;
    impl_->origin = identity->origin;
  }
  // The current tree gets its checkpoint now, so that the latest checkpoint exists before the next append.
  storage::WriteTxn txn = impl_->env->begin_write().value();
  issue_checkpoint(txn, *identity, storage::event_log::size(txn));
  const storage::Status status = txn.commit();
  if (status != storage::Status::ok) {
    throw storage::StorageError(status, "checkpoint commit: " + std::string(storage::to_string(status)));
  }
  return domain::format_verifier_key(identity->signer.verifier_key());
}

}  // namespace jifen::replay
