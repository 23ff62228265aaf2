// Ledger lifecycle and the submission queue. The group commit itself is in writer.cpp.
#include "replay/ledger.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <iostream>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <utility>

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include "replay/ledger_impl.hpp"
#include "storage/stores.hpp"

namespace jifen::replay {

Clock system_clock() {
  return [] {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
  };
}

std::string Actor::owner() const {
  if (role == domain::Role::enterprise && enterprise) return *enterprise;
  return std::string(domain::to_string(role));
}

std::string_view to_string(SubmitOutcome outcome) {
  switch (outcome) {
    case SubmitOutcome::created: return "created";
    case SubmitOutcome::replayed: return "replayed";
    case SubmitOutcome::conflict: return "conflict";
    case SubmitOutcome::precondition_failed: return "precondition_failed";
    case SubmitOutcome::invalid: return "invalid";
    case SubmitOutcome::forbidden: return "forbidden";
    case SubmitOutcome::overloaded: return "overloaded";
    case SubmitOutcome::unavailable: return "unavailable";
    case SubmitOutcome::storage_full: return "storage_full";
  }
  return "unknown";
}

storage::Db active_projection(const storage::ReadTxn& txn) {
  const auto active = storage::meta::get(txn, kMetaActiveProjection);
  return active && *active == "b" ? storage::Db::projection_b : storage::Db::projection_a;
}

storage::Db other_projection(storage::Db db) {
  return db == storage::Db::projection_a ? storage::Db::projection_b : storage::Db::projection_a;
}

storage::ReadTxn Ledger::Impl::begin_read() const { return env->begin_read().value(); }

namespace {

void initialise(storage::Environment& env) {
  storage::WriteTxn txn = env.begin_write().value();
  if (storage::meta::get(txn, kMetaFormat)) return;  // already initialised; the txn aborts
  if (storage::meta::put(txn, kMetaFormat, kFormatVersion) != storage::Status::ok ||
      storage::meta::put(txn, kMetaActiveProjection, "a") != storage::Status::ok ||
      txn.commit() != storage::Status::ok) {
    throw std::runtime_error("cannot initialise the data directory");
  }
}

void check_format(storage::Environment& env, const std::filesystem::path& dir) {
  storage::ReadTxn txn = env.begin_read().value();
  const auto format = storage::meta::get(txn, kMetaFormat);
  if (!format) throw std::runtime_error(dir.string() + " is not a jifen data directory (run jifenctl init)");
  if (*format != kFormatVersion) {
    throw std::runtime_error(dir.string() + " holds format " + *format + ", this build reads " +
                             std::string(kFormatVersion));
  }
}

// The directory's signing key, if it has one; its name is the origin, which --origin may only confirm.
std::pair<std::shared_ptr<const SigningIdentity>, std::string> signing_of(const LedgerOptions& options) {
  std::shared_ptr<const SigningIdentity> identity = load_signing_identity(options.data_dir);
  std::string origin = identity ? identity->origin : options.origin.value_or(std::string(domain::kDefaultOrigin));
  if (options.origin && *options.origin != origin) {
    throw std::runtime_error(options.data_dir.string() + " signs its checkpoints with origin " + origin + ", not " +
                             *options.origin);
  }
  return {std::move(identity), std::move(origin)};
}

// Before a read-write open of the environment: takes the commit journal when there is one (or one is wanted)
// and no other process holds it, and after a crash of a jifend that journaled writes the checkpoint's meta pages
// back over the data file's when its newest commit is one of the journal's: that commit flushed nothing, and its
// meta page may name pages that never reached the disk (docs/STORAGE.md "The commit journal"). Returns null when
// there is no journal, or another process (a jifend, running) holds it.
OpenedJournal prepare_journal(const LedgerOptions& options) {
  const std::filesystem::path& dir = options.data_dir;
  const bool wanted = options.commit_journal && options.durable;
  const std::string name = (dir / std::string(storage::CommitJournal::kFileName)).string();
  auto opened = storage::CommitJournal::open(dir, wanted, options.journal_capacity_bytes);
  // A read-only open holds the lock for the moment it checks the journal (left_unrecovered): wait that out.
  for (int attempt = 0; wanted && !opened && opened.error() == storage::Status::busy && attempt < 20; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
    opened = storage::CommitJournal::open(dir, wanted, options.journal_capacity_bytes);
  }
  if (!opened) {
    if (opened.error() == storage::Status::not_found) return {};
    if (opened.error() == storage::Status::busy && !wanted) return {};
    if (opened.error() == storage::Status::corrupted) {
      throw std::runtime_error(name + " was written by an older jifen, which a crash left unfinished: open the "
                               "directory once with that version, or move the file aside to lose what it holds");
    }
    throw std::runtime_error(opened.error() == storage::Status::busy
                                 ? name + " is held by another process (is jifend running on this directory?)"
                                 : "cannot open " + name + ": " + std::string(storage::to_string(opened.error())));
  }
  auto checkpoint = (*opened)->checkpoint();
  auto entries = (*opened)->entries();
  if (!checkpoint || !entries) throw std::runtime_error("cannot read " + name);
  if (!*checkpoint) return {std::move(*opened), false, {}};  // closed cleanly, or never journaled
  // Which commit the data file's newest meta page names. The checkpoint's own: whole. One of the entries': it
  // flushed nothing, so back to the checkpoint, whose tree no commit since has written over, and its entries
  // apply again. A later one of another process (jifenctl): durable by itself (jifend checkpoints before its
  // next commit whenever another process committed). An unreadable meta page: torn, back to the checkpoint.
  const std::uint64_t checkpointed = (*checkpoint)->txnid;
  std::uint64_t last_journaled = checkpointed;
  for (const storage::JournalEntry& entry : *entries) last_journaled = std::max(last_journaled, entry.txnid);
  const auto newest = storage::Environment::last_txnid_of(dir);
  const bool journaled = newest && std::any_of(entries->begin(), entries->end(), [&](const storage::JournalEntry& entry) {
    return entry.txnid == *newest;
  });
  if (newest && !journaled && *newest != checkpointed && *newest < last_journaled) {
    // Older than what the journal followed, and none of its commits: the data file was restored from a backup or
    // copied. Nothing is changed.
    throw std::runtime_error(name + " does not follow " + (dir / "data.mdb").string() + ": its checkpoint is "
                             "transaction " + std::to_string(checkpointed) + ", the data file's newest is " +
                             std::to_string(*newest) + "; the directory is left as it was (keep a copy of the journal, "
                             "then move it aside to open the directory without it)");
  }
  if (!newest || journaled) {
    storage::require_ok(storage::Environment::restore_meta_pages(dir, (*checkpoint)->meta_pages),
                        "restoring the commit journal's checkpoint");
    std::cerr << "jifen: " << dir.string() << " was not closed: back to the checkpoint at tree size "
              << (*checkpoint)->tree_size << " from " << name << ", then its groups after it\n";
  }
  return {std::move(*opened), true, std::move(*entries)};
}

// A read-only open of a directory whose jifend stopped without closing its commit journal: the data file may
// name pages that never reached the disk, so it is recovered first, by a read-write open that leaves no journal
// behind, as jifend's next start would. When that fails (a user who may not write the directory, a journal that
// does not follow the log), the read is refused with the cause.
void recover_before_reading(const LedgerOptions& options) {
  LedgerOptions recovering;
  recovering.data_dir = options.data_dir;
  recovering.map_size_bytes = options.map_size_bytes;
  recovering.journal_capacity_bytes = options.journal_capacity_bytes;
  try {
    std::unique_ptr<Ledger> recovered = Ledger::open(recovering);
    recovered.reset();  // recovered: the data file flushed whole, the journal cleared
  } catch (const std::exception& error) {
    throw std::runtime_error(options.data_dir.string() + " was not closed by the jifend that journaled its commits, "
                             "and its data file may not be readable as it is; recovering it first failed: " +
                             error.what());
  }
}

}  // namespace

std::unique_ptr<Ledger> Ledger::open(const LedgerOptions& options) {
  if (!options.create && !std::filesystem::exists(options.data_dir / "data.mdb")) {
    throw std::runtime_error(options.data_dir.string() + " is not a jifen data directory (run jifenctl init)");
  }
  OpenedJournal journal;
  if (!options.read_only) {
    journal = prepare_journal(options);
  } else if (const auto unrecovered = storage::CommitJournal::left_unrecovered(options.data_dir);
             unrecovered && *unrecovered) {
    recover_before_reading(options);
  }
  storage::EnvironmentOptions env_options;
  env_options.map_size_bytes = options.map_size_bytes;
  env_options.read_only = options.read_only;
  env_options.durable = options.durable;
  // With the commit journal, commits flush nothing: the journal's entries and checkpoints make them durable.
  env_options.sync_data = !(options.commit_journal && options.durable && !options.read_only);
  auto env = storage::Environment::open(options.data_dir, env_options);
  if (!env && env.error() == storage::Status::not_found && options.read_only) {
    // data.mdb exists (checked above) but lacks a database this build adds, which a read-only open cannot create.
    throw std::runtime_error(options.data_dir.string() + " was made by an older jifen: open it read-write once "
                             "(jifenctl keys signing --data DIR) to add the checkpoints database");
  }
  if (!env) {
    throw std::runtime_error("cannot open " + options.data_dir.string() + ": " +
                             std::string(storage::to_string(env.error())));
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->env = std::move(*env);
  if (options.create && !options.read_only) initialise(*impl->env);
  check_format(*impl->env, options.data_dir);
  std::tie(impl->signing, impl->origin) = signing_of(options);
  impl->writer_decoder = std::make_unique<domain::EventDecoder>();
  if (journal.journal) impl->recover_journal(std::move(journal));
  impl->snapshots = FoldSnapshots::open(options.data_dir, options.read_only, options.durable,
                                         options.snapshot_interval_events, options.snapshot_delta_events);
  impl->scores.attach_snapshots(impl->snapshots.get());
  if (!options.read_only) {
    impl->writer = std::thread([raw = impl.get()] { raw->run_writer(); });
    pthread_setname_np(impl->writer.native_handle(), "jifen-writer");  // names the thread in top, perf and gdb
  }
  std::unique_ptr<Ledger> ledger(new Ledger(std::move(impl)));
  if (ledger->impl_->snapshots && options.snapshot_follower && !options.read_only) {
    Impl* raw = ledger->impl_.get();
    raw->snapshot_follower = std::thread([raw, &self = *ledger] { raw->run_snapshot_follower(self); });
    pthread_setname_np(raw->snapshot_follower.native_handle(), "jifen-snapshot");
  }
  return ledger;
}

void Ledger::Impl::recover_journal(OpenedJournal opened) {
  const bool wanted = options.commit_journal && options.durable;
  const std::string name = (options.data_dir / std::string(storage::CommitJournal::kFileName)).string();
  const std::vector<storage::JournalEntry>& entries = opened.entries;
  if (opened.checkpointed) {
    std::size_t redone = 0;
    try {
      redone = redo_journal(entries);
    } catch (const std::exception& error) {
      throw std::runtime_error(name + ": " + error.what() + "; the directory is left at the journal's checkpoint "
                               "(keep a copy of the journal, then move it aside to open the directory without it)");
    }
    if (redone > 0) {
      std::cerr << "jifen: applied again from " << name << " " << redone
                << " commit group(s) that the log had lost, up to tree size " << entries.back().end_seq << '\n';
    }
    // Flushed whole, the data file needs the journal no more.
    storage::require_ok(env->sync(), "flushing the log after reading the commit journal");
    storage::require_ok(opened.journal->clear(), "clearing the commit journal");
  }
  if (wanted) {
    // The commits of the open itself (a database a newer build adds, a new directory's first) flushed nothing
    // and are in no entry: durable now, before the journal is relied on.
    storage::require_ok(env->sync(), "flushing the log before the commit journal takes over");
    journal = std::move(opened.journal);  // the writer checkpoints before its first commit (expected_txnid 0)
  }
}

void Ledger::Impl::run_snapshot_follower(const Ledger& ledger) {
  constexpr auto kPollInterval = std::chrono::milliseconds{500};
  // Background work: when the cores are busy, the writer and the I/O thread go first. (Linux: the nice value of
  // this thread alone, inherited by the thread a fold decodes on; raising it needs no privilege.)
  constexpr int kNice = 10;
  if (::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kNice) != 0) {
    std::cerr << "jifen: snapshots: could not lower the follower's priority; it runs at the writer's\n";
  }
  for (;;) {
    try {
      snapshots->catch_up(ledger, snapshot_stop);
    } catch (const std::exception& error) {
      std::cerr << "jifen: snapshots: catching up failed: " << error.what() << '\n';
    }
    std::unique_lock lock(mutex);
    if (snapshot_wake.wait_for(lock, kPollInterval, [this] { return stopping; })) return;
  }
}

std::uint64_t Ledger::update_snapshots() const {
  if (!impl_->snapshots) return 0;
  return impl_->snapshots->catch_up(*this, impl_->snapshot_stop);
}

Ledger::Ledger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Ledger::~Ledger() {
  impl_->snapshot_stop = true;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  impl_->snapshot_wake.notify_all();
  if (impl_->snapshot_follower.joinable()) impl_->snapshot_follower.join();
  if (impl_->writer.joinable()) impl_->writer.join();
  // Everything committed is flushed whole: the journal then holds nothing for the next open. After a failure it
  // is left as it is, for the next open to recover from.
  if (impl_->pending_checkpoint) (void)impl_->pending_checkpoint->flushed.wait();  // a flush still running
  impl_->pending_checkpoint.reset();
  impl_->checkpoint_pin.reset();
  if (impl_->journal && !impl_->failed && impl_->env->sync() == storage::Status::ok) (void)impl_->journal->clear();
}

WriterStats Ledger::writer_stats() const {
  constexpr auto relaxed = std::memory_order_relaxed;
  const Impl::WriterCounters& counters = impl_->counters;
  WriterStats stats;
  stats.commit_events = counters.commit_events.load(relaxed);
  stats.commit_micros = counters.commit_micros.load(relaxed);
  std::uint64_t within = 0;
  for (std::size_t i = 0; i < stats.commits_within_micros.size(); ++i) {
    stats.commits_within_micros[i] = within += counters.micros_buckets[i].load(relaxed);
  }
  stats.commits = within;
  within = 0;
  for (std::size_t i = 0; i < stats.commits_within_events.size(); ++i) {
    stats.commits_within_events[i] = within += counters.events_buckets[i].load(relaxed);
  }
  stats.journal_checkpoints = counters.journal_checkpoints.load(relaxed);
  {
    std::lock_guard lock(impl_->mutex);
    stats.queued_submissions = impl_->queue.size();
  }
  return stats;
}

bool Ledger::read_only() const { return impl_->options.read_only || impl_->failed.load(); }

void Ledger::submit(Submission submission, SubmitCallback done) {
  SubmitResult refusal;
  if (read_only()) {
    refusal.outcome = SubmitOutcome::unavailable;
    refusal.detail = impl_->options.read_only ? "the ledger is open read-only"
                                              : "the ledger is read-only after a failed commit: " + impl_->failure;
    done(std::move(refusal));
    return;
  }
  if (submission.events.empty() || submission.events.size() > impl_->options.batch_events_max) {
    refusal.outcome = SubmitOutcome::invalid;
    refusal.detail = "a submission holds 1 to " + std::to_string(impl_->options.batch_events_max) + " events";
    done(std::move(refusal));
    return;
  }
  std::size_t bytes = 0;
  for (const auto& event : submission.events) bytes += event.data_jcs.size() + event.event_id.size() + 64;
  const std::size_t events = submission.events.size();
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->queued_events + events > impl_->options.queue_events_max) {
      refusal.outcome = SubmitOutcome::overloaded;
      refusal.detail = "the write queue is full (queue_events_max " + std::to_string(impl_->options.queue_events_max) + ")";
    } else {
      impl_->queued_events += events;
      impl_->queue.push_back({std::move(submission), std::move(done), bytes});
      impl_->submitted.fetch_add(1, std::memory_order_release);
    }
  }
  if (refusal.outcome == SubmitOutcome::overloaded) {
    done(std::move(refusal));
    return;
  }
  impl_->wake.notify_one();
}

void Ledger::set_commit_listener(CommitListener listener) {
  std::lock_guard lock(impl_->listener_mutex);
  impl_->commit_listener = std::move(listener);
}

SubmitResult Ledger::submit_and_wait(Submission submission) {
  std::promise<SubmitResult> promise;
  auto future = promise.get_future();
  submit(std::move(submission), [&promise](SubmitResult result) { promise.set_value(std::move(result)); });
  return future.get();
}

}  // namespace jifen::replay
