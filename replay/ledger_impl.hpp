// Private to replay/: the Ledger's state, shared by ledger.cpp (lifecycle, queue), writer.cpp (group commit),
// readers.cpp and admin.cpp.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "domain/codec.hpp"
#include "replay/ledger.hpp"
#include "replay/checkpoints.hpp"
#include "replay/fold_snapshots.hpp"
#include "replay/scoring.hpp"
#include "storage/commit_journal.hpp"
#include "storage/lmdb.hpp"

namespace jifen::replay {

inline constexpr std::string_view kMetaFormat = "format";
inline constexpr std::string_view kFormatVersion = "jifen-1";
inline constexpr std::string_view kMetaActiveProjection = "projection.active";


// The projection generation that readers and the writer use now, as named in meta.
storage::Db active_projection(const storage::ReadTxn& txn);
storage::Db other_projection(storage::Db db);

// What ledger.cpp's prepare_journal read before the environment was opened: the commit journal, whether it holds
// a checkpoint (a crash left it), and the entries after that checkpoint.
struct OpenedJournal {
  std::unique_ptr<storage::CommitJournal> journal;  // null: none, or another process holds it
  bool checkpointed = false;
  std::vector<storage::JournalEntry> entries;
};

struct Ledger::Impl {
  struct Pending {
    Submission submission;
    SubmitCallback done;
    std::size_t bytes = 0;
  };

  LedgerOptions options;
  std::unique_ptr<storage::Environment> env;

  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Pending> queue;        // guarded by mutex
  std::atomic<std::uint64_t> submitted{0};  // submissions queued so far: what the writer watches before it sleeps
  std::size_t queued_events = 0;    // guarded by mutex
  bool stopping = false;            // guarded by mutex
  std::atomic<bool> failed{false};  // sticky: a commit failed, the state on disk is unknown
  std::string failure;              // why; written once by the writer before `failed` is set

  std::unique_ptr<domain::EventDecoder> writer_decoder;  // writer thread only

  // WriterStats' counters: written by the writer thread, read by any (relaxed). The buckets are not cumulative;
  // the last counts what is above every bound.
  struct WriterCounters {
    std::atomic<std::uint64_t> commit_events{0};
    std::atomic<std::uint64_t> commit_micros{0};
    std::array<std::atomic<std::uint64_t>, WriterStats::kCommitMicrosBounds.size() + 1> micros_buckets{};
    std::array<std::atomic<std::uint64_t>, WriterStats::kCommitEventsBounds.size() + 1> events_buckets{};
    std::atomic<std::uint64_t> journal_checkpoints{0};
  } counters;
  void count_commit(std::uint64_t events, std::uint64_t micros);

  // The signing key and origin of checkpoints (replay/checkpoints.hpp): null without a key. Replaced once by
  // create_signing_key; the writer takes a reference per commit group.
  mutable std::mutex signing_mutex;
  std::shared_ptr<const SigningIdentity> signing;  // guarded by signing_mutex
  std::string origin;                              // guarded by signing_mutex
  std::shared_ptr<const SigningIdentity> signing_identity() const {
    std::lock_guard lock(signing_mutex);
    return signing;
  }
  std::mutex listener_mutex;
  CommitListener commit_listener;  // guarded by listener_mutex; called with it held (the call is short)
  void announce_commit(std::uint64_t tree_size) {
    std::lock_guard lock(listener_mutex);
    if (commit_listener) commit_listener(tree_size);
  }
  std::unique_ptr<FoldSnapshots> snapshots;  // null: snapshots off or no usable store
  mutable ScoreCache scores;  // derived reads by (tree size, year, model): replay/scoring.hpp
  std::thread writer;
  std::thread snapshot_follower;  // with options.snapshot_follower: run_snapshot_follower()
  std::atomic<bool> snapshot_stop{false};
  std::condition_variable snapshot_wake;  // with `mutex`; apart from `wake`, which wakes only the writer

  void run_writer();
  void watch_for_submissions();
  // Follows the log and takes fold snapshots as they fall due, until `stopping`.
  void run_snapshot_follower(const Ledger& ledger);

  // Writer thread only: records why and turns the ledger read-only for good.
  void fail(const std::string& why) {
    if (failed) return;
    failure = why;
    failed = true;
  }
  // With options.commit_journal: the journal the writer appends to (writer thread only after open).
  std::unique_ptr<storage::CommitJournal> journal;
  // The last checkpoint's read transaction, which keeps its tree's pages from reuse until the next one is
  // written (docs/STORAGE.md "The commit journal"); the id the next commit gets unless another process commits
  // first (0: write a checkpoint before the next commit); commits since the last checkpoint. Writer thread.
  std::optional<storage::ReadTxn> checkpoint_pin;
  std::uint64_t expected_txnid = 0;
  std::size_t commits_since_checkpoint = 0;
  // A checkpoint begun and not yet written: its reader, its meta pages, and the data file's flush for it, which
  // runs on a thread of its own while the writer goes on committing (writer thread).
  struct PendingCheckpoint {
    storage::ReadTxn pin;
    std::uint64_t txnid = 0;
    std::uint64_t tree_size = 0;
    std::string meta_pages;
    std::future<storage::Status> flushed;
  };
  std::optional<PendingCheckpoint> pending_checkpoint;

  void commit_group(std::vector<Pending>& group);
  bool journal_group(const storage::WriteTxn& txn, std::uint64_t first_seq, std::uint64_t end_seq,
                     std::int64_t recorded_us, std::vector<Pending>& group, const std::vector<SubmitResult>& results,
                     const std::vector<std::vector<std::string>>& canonical);
  // Applies again every group of `entries` that the log does not hold yet, each in its own durable commit,
  // exactly as it was first applied (same seqs, recorded_at, leaves, checkpoints). Returns how many groups.
  // Throws when an entry does not follow the log or does not apply as it did.
  std::size_t redo_journal(const std::vector<storage::JournalEntry>& entries);
  // At a read-write open, once the environment is open: applies again the groups of the journal (opened and,
  // after a crash, its checkpoint restored by prepare_journal in ledger.cpp) beyond the log, flushes the data
  // file, and marks the journal clear. Keeps it for the writer when options.commit_journal asks for one.
  void recover_journal(OpenedJournal opened);
  // Checkpoints of the journal (docs/STORAGE.md "The commit journal"). Writer thread, between commits or inside a
  // write transaction not yet committed. begin: pins the newest tree, copies the meta pages, starts the data
  // file's flush on another thread. finish: once that flush is done (or after waiting for it, with `wait`),
  // records the checkpoint and ends the previous one's reader. write: both, waiting (after finishing one begun).
  void begin_journal_checkpoint();
  void finish_journal_checkpoint(bool wait);
  void write_journal_checkpoint();
  storage::ReadTxn begin_read() const;
};

}  // namespace jifen::replay
