// Private to replay/: the log's signing identity, and the checkpoints the writer issues inside each commit
// group's transaction (docs/AUDIT.md "Checkpoints", docs/STORAGE.md "checkpoints").
//
// A data directory's signing key is the file `signing.key` beside LMDB's files: the signer key string of
// domain/signed_note.hpp and a newline, mode 0600, made once (create_signing_key) and never replaced. Every
// process that appends (jifend, jifenctl) loads it at open, so every commit group, whoever appends it, gets one
// signed checkpoint stored under its tree size. A directory made before checkpoints existed has no key until
// `jifenctl keys signing` gives it one; until then nothing is signed and receipts carry no checkpoint.
//
// Thread contract: free functions over the caller's transaction; a SigningIdentity is immutable once made.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/checkpoint.hpp"
#include "domain/signed_note.hpp"
#include "storage/lmdb.hpp"

namespace jifen::replay {

struct SubmitResult;
struct VerifyReport;

inline constexpr std::string_view kSigningKeyFile = "signing.key";

// The checkpoint origin is the signing key's name: one string fixed when the key is made, so that every process
// appending to the directory signs the same origin.
struct SigningIdentity {
  explicit SigningIdentity(domain::NoteSigner note_signer)
      : signer(std::move(note_signer)), origin(signer.verifier_key().name) {}
  domain::NoteSigner signer;
  std::string origin;
};

// The identity in DIR/signing.key, nullptr when there is no such file. Throws std::runtime_error naming the
// file when it cannot be read, does not parse, or is readable by group or others.
std::shared_ptr<const SigningIdentity> load_signing_identity(const std::filesystem::path& dir);

// fsync of a directory, so that the entries made in it last survive a crash. Throws std::runtime_error.
void sync_directory(const std::filesystem::path& dir);

// Writes DIR/signing.key (mode 0600) and syncs it; never replaces an existing file. Throws std::runtime_error.
void write_signing_key(const std::filesystem::path& dir, const domain::NoteSigner& signer);

// Signs the checkpoint of the first `tree_size` leaves and stores it, unless one is stored for that size;
// returns the stored note. REQUIRES: tree_size <= the log's size in `txn`.
std::string issue_checkpoint(storage::WriteTxn& txn, const SigningIdentity& identity, std::uint64_t tree_size);

// The checkpoint a commit group issued: receipts of seqs in [first_seq, tree_size) take it without a lookup.
struct GroupCheckpoint {
  std::uint64_t first_seq = 0;
  std::uint64_t tree_size = 0;
  std::string note;
};

// Gives every receipt of the successful results the first stored checkpoint whose tree includes its seq and
// the inclusion proof of the seq in that tree (replays too: the same checkpoint and proof as the first time).
// A receipt no stored checkpoint covers is left without one.
void attach_checkpoints(const storage::ReadTxn& txn, const std::optional<GroupCheckpoint>& group,
                        std::vector<SubmitResult>& results);

// The writer's step before its commit: with an identity, issues the checkpoint of `tree_size` when the group
// appended (first_seq < tree_size), then, when `receipt_proofs`, attaches checkpoints to the receipts.
void sign_commit_group(storage::WriteTxn& txn, const SigningIdentity* identity, std::uint64_t first_seq,
                       std::uint64_t tree_size, bool receipt_proofs, std::vector<SubmitResult>& results);

// jifenctl verify's part for checkpoints: every stored checkpoint opens with `key` and `origin`, names its own
// tree size, lies within the log of `log_size` leaves and holds the root the node store gives for its size.
// REQUIRES: the node store was verified against the records. On the first failure sets report.ok = false,
// first_bad_seq (the first seq the failure puts in doubt) and detail; counts report.checkpoints.
void verify_checkpoints(const storage::ReadTxn& txn, const domain::NoteVerifierKey* key, std::string_view origin,
                        std::uint64_t log_size, VerifyReport& report);

}  // namespace jifen::replay
