// The Ledger: jifen's one write path and the readers of everything derived from the log.
//
// One writer thread owns LMDB writes. Callers on any thread submit() a Submission (one event, or a batch that
// is all or nothing) and are called back once the group commit that holds it has succeeded or failed. The
// writer drains whatever is queued (bounded by events and bytes) into one LMDB write transaction: idempotency
// and expected-version checks, stateful validation against the projections, seq and recorded_at, records,
// Merkle nodes, indexes, projection updates and the projection checkpoint; then one commit (one fsync). No
// fixed linger: a group is whatever queued while the previous commit was in flight. A failed commit is sticky:
// the ledger turns read-only and every later submission fails with `unavailable`.
//
// The writer reads the log's tail (next seq, Merkle frontier, last recorded_at) inside its own transaction,
// so that jifenctl and jifend may append to one data directory at the same time.
//
// Readers (authenticate, event, events, enterprise, ...) are safe from any thread; each uses its own short
// read transaction and sees the latest commit of any process.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/codec.hpp"
#include "domain/event.hpp"
#include "domain/leaf.hpp"

namespace jifen::replay {

class ProjectionState;  // replay/projection_state.hpp: internal to replay/
class ScoreCache;       // replay/scoring.hpp

// Microseconds since the Unix epoch. Passed in so that tests and simulations control time.
using Clock = std::function<std::int64_t()>;
Clock system_clock();

struct LedgerOptions {
  std::filesystem::path data_dir;
  Clock clock = system_clock();
  bool create = false;                 // create the environment when absent (jifenctl init)
  bool read_only = false;              // readers only; submit() answers `unavailable`
  bool durable = true;                 // fsync every commit; false only for tests that opt out
  std::size_t map_size_bytes = std::size_t{1} << 40;
  std::size_t group_events_max = 4096;           // events per commit group
  std::size_t group_bytes_max = 8 << 20;         // canonical bytes per commit group
  std::size_t queue_events_max = 65536;          // queued, not yet committed; beyond: `overloaded`
  std::size_t batch_events_max = 10000;          // events in one Submission
  // After a commit, when nothing is queued, the writer watches the queue this long before it sleeps. Waking a
  // sleeping thread costs about 0.1 ms on a virtual machine, a fifth of a one-event commit, and a client that
  // posts one event after another sends its next one within that time. 0: sleep at once. (docs/ARCHITECTURE.md
  // "The write path")
  std::uint32_t writer_spin_us = 300;
  // A rebuild commits a chunk after half a second of applying, or after this many events (docs/ARCHITECTURE.md).
  std::uint64_t rebuild_chunk_events_max = std::uint64_t{1} << 20;
  // The checkpoint origin the caller expects (jifend --origin): when set, open() refuses a data directory whose
  // checkpoints carry another origin. Unset: the directory's own (set by create_signing_key), else the default.
  std::optional<std::string> origin;
  // With a signing key: attach to every receipt the checkpoint that covers it and its inclusion proof
  // (docs/AUDIT.md "Receipts"). Bulk loaders that keep no receipts may turn it off.
  bool receipt_proofs = true;
  // as_of reads fold from snapshots of the fold taken every this many records, kept in DIR/snapshots
  // (replay/fold_snapshots.hpp); 0: no snapshots. See docs/SCORING.md for how the default was chosen.
  std::uint64_t snapshot_interval_events = 1'000'000;
  // Between two of those, a delta snapshot (the enterprises changed since the last full one) every this many
  // records: a divisor of the interval below it; otherwise (0, say) full snapshots alone.
  std::uint64_t snapshot_delta_events = 100'000;
  // A background thread that follows the log and takes the snapshots as they fall due (jifend). Without it
  // snapshots are taken only by update_snapshots().
  bool snapshot_follower = false;
  // Make each commit durable with one flush of a small file written in order instead of LMDB's two flushes of
  // the data file: the writer appends what a commit group appended to DIR/commit.journal and flushes it, then
  // commits with MDB_NOSYNC; checkpoints flush the data file (jifend's default; docs/STORAGE.md "The commit
  // journal"). Needs durable and not read_only. Whatever the setting, an open first recovers from a journal left
  // by a crash (back to its checkpoint, then its groups after it; a read-only open through a read-write one of
  // its own), unless another process holds the journal.
  bool commit_journal = false;
  // With the commit journal: a checkpoint begins after this many journaled commits. More means fewer flushes
  // of the data file, a longer journal to apply after a crash, and more pages kept from reuse between two
  // checkpoints (the data file grows by up to that many commits' pages).
  std::size_t journal_checkpoint_commits = 8;
  // The size of a commit journal made at open (an existing one keeps its size). A submission whose entry is
  // larger than half of it is refused (507, nothing appended): 32 MiB by default.
  std::size_t journal_capacity_bytes = std::size_t{64} << 20;
};

// Who submits: the authenticated key (or "admin" for jifenctl).
struct Actor {
  std::string key_id;
  domain::Role role = domain::Role::admin;
  std::optional<std::string> enterprise;  // for enterprise keys: the USCC the key is bound to
  // The idempotency namespace: the enterprise's USCC for enterprise keys, else the role's name.
  std::string owner() const;
};

// What a client keeps for an accepted event. tree_size = seq + 1: the smallest tree that includes it.
// With a signing key (and LedgerOptions::receipt_proofs), also the first signed checkpoint whose tree includes
// seq (the one issued by the commit that appended it) and the inclusion proof of seq in that tree: both are
// the same again when the event is replayed. Empty without a signing key.
struct Receipt {
  std::uint64_t seq = 0;
  std::string event_id;
  domain::Digest leaf_hash{};
  std::string recorded_at;
  std::uint64_t tree_size = 0;
  std::string checkpoint;                       // the signed note (docs/AUDIT.md "Checkpoints")
  std::uint64_t checkpoint_tree_size = 0;       // the checkpoint's tree size
  std::vector<domain::Digest> inclusion_proof;  // RFC 9162 audit path of seq in that tree
};

enum class SubmitOutcome : std::uint8_t {
  created,              // 201: every event appended now
  replayed,             // 200: every event was already in the log with the same body; original receipts
  conflict,             // 409: an event_id reused with another body, or a state conflict (retracted twice)
  precondition_failed,  // 412: expected_version is not the stream's version
  invalid,              // 422: the event is valid alone but not against the log (unknown enterprise, ...)
  forbidden,            // 403: the actor may not post this type, or not for this enterprise
  overloaded,           // 503 + Retry-After: the queue is full
  unavailable,          // 503: read-only after a failed commit, or opened read-only
  storage_full,         // 507: MDB_MAP_FULL; nothing appended
};
std::string_view to_string(SubmitOutcome outcome);

struct SubmitResult {
  SubmitOutcome outcome = SubmitOutcome::created;
  std::vector<Receipt> receipts;                // created/replayed: one per event, in order
  std::string detail;                           // otherwise: one sentence
  std::vector<domain::FieldError> errors;       // invalid: the fields at fault
  std::optional<std::size_t> index;             // the failing event's index within the submission (0-based)
  std::optional<std::uint64_t> current_version; // precondition_failed: the stream's version now
  bool ok() const { return outcome == SubmitOutcome::created || outcome == SubmitOutcome::replayed; }
};

// Stored alongside a key.created event by create_key.
struct KeyGrant {
  domain::Digest secret_hash{};
};

struct Submission {
  Actor actor;
  std::vector<domain::Event> events;
  // If-Match: the version (number of events) of the stream of events[0].enterprise expected before this.
  std::optional<std::uint64_t> expected_version;
  std::optional<KeyGrant> key_grant;  // only with a single key.created event from admin
};

using SubmitCallback = std::function<void(SubmitResult)>;

// A stored record: the leaf bytes (JCS), the data bytes (JCS), the leaf hash.
struct Record {
  std::uint64_t seq = 0;
  std::string leaf;
  std::string data;
  domain::Digest leaf_hash{};
};
// {leaf fields…, "data": {…}, "leaf_hash": "<base64>"}: the record as the API shows it.
std::string render_record_json(const Record& record);

struct EnterpriseProfile {
  std::string uscc;
  std::string name;
  std::string zone;
  std::vector<std::string> chains;
  std::string registered_on;
  std::uint64_t registered_seq = 0;
  std::uint64_t version = 0;  // events in the enterprise's stream
  bool demo = false;          // registered by seed-demo
};

struct KeyInfo {
  std::string key_id;
  domain::Role role = domain::Role::auditor;
  std::optional<std::string> enterprise;
};

struct CreatedKey {
  std::string key_id;
  std::string secret;  // shown once
  Receipt receipt;
};

struct LedgerStats {
  std::uint64_t tree_size = 0;
  domain::Digest root{};
  std::uint64_t enterprises = 0;
  std::uint64_t zones = 0;
  std::uint64_t chains = 0;
  std::uint64_t keys = 0;
  std::uint64_t projected_tree_size = 0;
  std::uint64_t used_bytes = 0;
  std::uint64_t map_size_bytes = 0;
  std::string last_recorded_at;
};

// Progress reports for long runs: done of total.
using Progress = std::function<void(std::uint64_t done, std::uint64_t total)>;

struct VerifyReport {
  bool ok = true;
  std::uint64_t tree_size = 0;
  std::uint64_t checkpoints = 0;  // signed checkpoints whose signature, size and root verified
  std::optional<std::uint64_t> first_bad_seq;
  std::string detail;
};

// RFC 9162 proofs from the node store (docs/AUDIT.md "Proofs"); hashes leaf side first.
struct InclusionProof {
  std::uint64_t seq = 0;
  std::uint64_t tree_size = 0;
  domain::Digest leaf_hash{};
  std::vector<domain::Digest> hashes;
};
struct ConsistencyProof {
  std::uint64_t from = 0;
  std::uint64_t to = 0;
  std::vector<domain::Digest> hashes;
};
// Why a proof cannot exist: the argument at fault and one sentence.
struct ProofRefusal {
  std::string parameter;  // "seq", "tree_size", "from" or "to"
  std::string detail;
};

struct RebuildReport {
  std::uint64_t events = 0;
  double seconds = 0;
  bool verified_equal = true;          // rebuild --verify: the rebuilt state equals the live one
  std::vector<std::string> differences;  // the first few differing keys, when not equal
};

// What this process's writer did since the open (GET /metrics): counters only grow. A commit is a group that
// appended; its time runs from taking the group off the queue to the commit's return (the flush included).
struct WriterStats {
  static constexpr std::array<std::uint64_t, 9> kCommitMicrosBounds{100, 250, 500, 1000, 2500, 5000, 10000, 25000, 100000};
  static constexpr std::array<std::uint64_t, 7> kCommitEventsBounds{1, 4, 16, 64, 256, 1024, 4096};
  std::uint64_t commits = 0;
  std::uint64_t commit_events = 0;  // events the commits appended
  std::uint64_t commit_micros = 0;  // their times, summed
  // Cumulative: commits that took at most kCommitMicrosBounds[i] µs, that appended at most kCommitEventsBounds[i]
  // events; the last of each counts them all (the histograms' +Inf buckets).
  std::array<std::uint64_t, kCommitMicrosBounds.size() + 1> commits_within_micros{};
  std::array<std::uint64_t, kCommitEventsBounds.size() + 1> commits_within_events{};
  std::uint64_t journal_checkpoints = 0;  // commit journal checkpoints written (docs/STORAGE.md)
  std::uint64_t queued_submissions = 0;   // waiting for the writer now
};

// What Ledger::backup copied.
struct BackupReport {
  std::uint64_t tree_size = 0;   // events in the copy: the log as of the copy's read transaction
  domain::Digest root{};         // the copy's root of that tree
  std::uint64_t data_bytes = 0;  // size of the copied (compacted) data file
  bool signing_key = false;      // the signing key was copied beside it
};

class Ledger {
 public:
  static std::unique_ptr<Ledger> open(const LedgerOptions& options);  // throws std::runtime_error naming the cause
  ~Ledger();  // drains the queue, stops the writer
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Thread-safe. `done` runs on the writer thread after the commit (or at once for a refusal): keep it short.
  void submit(Submission submission, SubmitCallback done);
  // After every commit of this process's writer that appended, once the group's callbacks have run, the writer
  // thread calls `listener` with the new tree size: keep it short and non-blocking (post the news elsewhere).
  // One listener at a time; an empty function removes it. Thread-safe: once this returns, the previous
  // listener is not running and will not be called again. Appends by other processes are not reported.
  using CommitListener = std::function<void(std::uint64_t tree_size)>;
  void set_commit_listener(CommitListener listener);
  SubmitResult submit_and_wait(Submission submission);

  // Readers.
  std::optional<KeyInfo> authenticate(std::string_view secret) const;
  std::uint64_t tree_size() const;
  domain::Digest root(std::uint64_t tree_size) const;  // REQUIRES: tree_size <= this->tree_size()
  std::optional<Record> event(std::uint64_t seq) const;
  std::vector<Record> events(std::uint64_t from_seq, std::size_t limit) const;
  // Calls `visit(seq, leaf, data)` for the records from `from_seq` up to `to_seq` (exclusive) in seq order,
  // in one read transaction and without copying them or reading their leaf hashes (the fold of as_of).
  // The views live only during the call. Returns the number visited (fewer when the log ends first).
  using RecordVisitor = std::function<void(std::uint64_t seq, std::string_view leaf, std::string_view data)>;
  std::uint64_t visit_records(std::uint64_t from_seq, std::uint64_t to_seq, const RecordVisitor& visit) const;
  std::optional<EnterpriseProfile> enterprise(std::string_view uscc) const;
  std::vector<Record> enterprise_events(std::string_view uscc, std::uint64_t from_seq, std::size_t limit) const;
  LedgerStats stats() const;
  WriterStats writer_stats() const;  // cheap: atomics and the queue's length
  bool read_only() const;  // true after a failed commit, or when opened read-only

  // Admin (jifenctl). `secret_bytes`: 32 random bytes from the caller.
  CreatedKey create_key(domain::Role role, std::optional<std::string> enterprise, std::string_view secret_bytes);
  VerifyReport verify(const Progress& progress) const;
  // A hot, consistent, compacted copy of the data directory into `dir` (created when absent) while the writer
  // goes on: LMDB's data file from one read transaction, and the signing key (mode 0600) when there is one;
  // both synced, no lock file. Throws std::runtime_error naming the cause; what it wrote is then left in `dir`
  // (the caller writes into a scratch directory and renames it).
  // REQUIRES: `dir` holds no data file.
  BackupReport backup(const std::filesystem::path& dir) const;
  RebuildReport rebuild(bool verify_only, const Progress& progress);

  // The log's signing key and checkpoints (docs/AUDIT.md). Readers are safe from any thread.
  std::string origin() const;
  // The verifier key string "<name>+<key id>+<key>"; nullopt when the data directory has no signing key.
  std::optional<std::string> verifier_key() const;
  // The latest signed checkpoint, or the one issued at `tree_size`; nullopt when there is none.
  std::optional<std::string> checkpoint(std::optional<std::uint64_t> tree_size = std::nullopt) const;
  // A checkpoint of the first `tree_size` events: the stored one, else one signed now with the directory's key
  // and not stored (Ed25519 is deterministic: it is the note the writer would have issued). nullopt without a
  // key. REQUIRES: tree_size <= this->tree_size().
  std::optional<std::string> signed_checkpoint(std::uint64_t tree_size) const;
  // The roots of the perfect subtrees of the first `tree_size` leaves, largest first: with the leaves after
  // them they give the root of any larger tree (an export that starts at tree_size carries them).
  // REQUIRES: tree_size <= this->tree_size().
  std::vector<domain::Digest> subtree_roots(std::uint64_t tree_size) const;
  // O(log n) node reads. Refused: seq >= tree_size, tree_size beyond the log; from = 0, from > to, to beyond.
  std::variant<InclusionProof, ProofRefusal> inclusion_proof(std::uint64_t seq, std::uint64_t tree_size) const;
  std::variant<ConsistencyProof, ProofRefusal> consistency_proof(std::uint64_t from, std::uint64_t to) const;
  // Gives the data directory its Ed25519 signing key (DIR/signing.key, mode 0600) from 32 secret bytes, with
  // `origin` as checkpoint origin and key name; signs a checkpoint of the current tree at once; returns the
  // verifier key string. Throws std::runtime_error when the directory has a key already, or `origin` is not a
  // valid key name (domain::is_valid_key_name).
  std::string create_signing_key(std::string_view origin, std::string_view seed_bytes);

  // The derived reads (replay/scoring.hpp). read_projection runs `read` over the active projection state in
  // one read transaction (the state's tree_size() is the log size it reflects); safe from any thread, `read`
  // runs on the calling thread. score_cache() lives as long as the ledger.
  void read_projection(const std::function<void(const ProjectionState& state)>& read) const;
  ScoreCache& score_cache() const;
  // Takes every fold snapshot the log calls for and DIR/snapshots lacks (replay/fold_snapshots.hpp); returns
  // how many it wrote. 0 when snapshots are off. Safe from any thread; one catch-up at a time.
  std::uint64_t update_snapshots() const;

 private:
  struct Impl;
  explicit Ledger(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jifen::replay
