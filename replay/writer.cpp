// The group commit: one LMDB write transaction for whatever was queued, one fsync, then every callback.
#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include "replay/bytes.hpp"
#include "replay/ledger_impl.hpp"
#include "replay/merkle_log.hpp"
#include "replay/projection.hpp"
#include "replay/record.hpp"
#include "storage/stores.hpp"

namespace jifen::replay {
namespace {

// The log's tail as read inside the writer's transaction, advanced as events are appended.
struct Tail {
  std::uint64_t next_seq = 0;
  std::int64_t recorded_us = 0;  // the recorded_at this group stamps: never before the previous record's
};

struct GroupContext {
  storage::Db projection;
  Tail tail;
  domain::EventDecoder& decoder;
  bool appended = false;
  // With the commit journal: where the submission at hand leaves each event's canonical JSON (computed anyway
  // for its idempotency digest), in order, for the journal entry.
  std::vector<std::string>* canonical = nullptr;
};



Tail read_tail(const storage::ReadTxn& txn, std::int64_t now_us) {
  Tail tail;
  tail.next_seq = storage::event_log::size(txn);
  tail.recorded_us = now_us;
  if (tail.next_seq == 0) return tail;
  const auto stored = storage::event_log::get(txn, tail.next_seq - 1);
  const auto parts = stored ? split_record(*stored) : std::nullopt;
  const auto leaf = parts ? domain::decode_leaf(parts->leaf) : std::nullopt;
  const auto previous_us = leaf ? domain::parse_timestamp_us(leaf->recorded_at) : std::nullopt;
  if (!previous_us) {
    throw storage::StorageError(storage::Status::corrupted,
                                "the last record (seq " + std::to_string(tail.next_seq - 1) + ") does not decode");
  }
  tail.recorded_us = std::max(now_us, *previous_us);
  return tail;
}

Receipt stored_receipt(const storage::ReadTxn& txn, std::uint64_t seq) {
  const auto stored = storage::event_log::get(txn, seq);
  const auto parts = stored ? split_record(*stored) : std::nullopt;
  const auto leaf = parts ? domain::decode_leaf(parts->leaf) : std::nullopt;
  if (!leaf) throw storage::StorageError(storage::Status::corrupted, "record " + std::to_string(seq) + " does not decode");
  return Receipt{seq, leaf->event_id, merkle_node(txn, 0, seq), leaf->recorded_at, seq + 1, {}, 0, {}};
}

SubmitResult refused(SubmitOutcome outcome, std::string detail, std::optional<std::size_t> index = std::nullopt) {
  SubmitResult result;
  result.outcome = outcome;
  result.detail = std::move(detail);
  result.index = index;
  return result;
}

// Role and ownership: the same rules the server checks first, enforced here for every caller.
std::optional<SubmitResult> check_authority(const Submission& submission) {
  const Actor& actor = submission.actor;
  for (std::size_t i = 0; i < submission.events.size(); ++i) {
    const domain::Event& event = submission.events[i];
    if (!domain::role_may_post(actor.role, event.type)) {
      return refused(SubmitOutcome::forbidden, "a " + std::string(domain::to_string(actor.role)) + " key may not post " +
                                                   std::string(domain::to_string(event.type)), i);
    }
    if (actor.role == domain::Role::enterprise && event.enterprise != actor.enterprise) {
      return refused(SubmitOutcome::forbidden, "the key of enterprise " + actor.enterprise.value_or("?") +
                                                   " may not post for enterprise " + event.enterprise.value_or("(none)"), i);
    }
  }
  const bool grant_fits = submission.events.size() == 1 && submission.events[0].type == domain::EventType::key_created &&
                          actor.role == domain::Role::admin;
  if (submission.key_grant && !grant_fits) {
    return refused(SubmitOutcome::invalid, "a key grant goes with a single key.created event from admin");
  }
  return std::nullopt;
}

std::optional<SubmitResult> check_version(const storage::ReadTxn& txn, const GroupContext& context,
                                          const Submission& submission) {
  if (!submission.expected_version) return std::nullopt;
  const auto& uscc = submission.events[0].enterprise;
  if (!uscc) return refused(SubmitOutcome::invalid, "If-Match applies to an enterprise's stream; this event names none", 0);
  const ProjectionState state(txn, context.projection);
  const auto enterprise = state.enterprise(*uscc);
  const std::uint64_t current = enterprise ? enterprise->version : 0;
  if (current == *submission.expected_version) return std::nullopt;
  SubmitResult result = refused(SubmitOutcome::precondition_failed,
                                "the stream of " + *uscc + " is at version " + std::to_string(current) + ", not " +
                                    std::to_string(*submission.expected_version));
  result.current_version = current;
  return result;
}

Receipt append_event(storage::WriteTxn& txn, GroupContext& context, const Submission& submission,
                     const domain::Event& event, const domain::Digest& body_digest, VersionBumps& bumps) {
  const Actor& actor = submission.actor;
  domain::Leaf leaf;
  leaf.actor = actor.key_id;
  leaf.data_sha256 = domain::sha256(event.data_jcs);
  leaf.enterprise = event.enterprise;
  leaf.event_id = event.event_id;
  leaf.occurred_on = event.occurred_on.to_string();
  leaf.recorded_at = domain::format_timestamp_us(context.tail.recorded_us);
  leaf.seq = context.tail.next_seq;
  leaf.type = std::string(domain::to_string(event.type));
  const std::string leaf_jcs = domain::encode_leaf(leaf);
  const std::uint64_t seq = leaf.seq;

  storage::require_ok(storage::event_log::append(txn, seq, encode_record(leaf_jcs, event.data_jcs)), "log append");
  const domain::Digest hash = domain::leaf_hash(leaf_jcs);
  merkle_append(txn, seq, hash);
  if (event.enterprise) storage::require_ok(storage::enterprise_index::add(txn, *event.enterprise, seq), "enterprise index");
  storage::require_ok(storage::idempotency::insert(txn, actor.owner(), event.event_id, {seq, body_digest}), "idempotency");
  ProjectionState state(txn, context.projection);
  const EventLookup lookup = [&txn, &context](std::uint64_t target) { return load_event(txn, target, context.decoder); };
  apply_event(state, event, seq, actor.key_id, lookup, &bumps);
  if (submission.key_grant) {
    const auto& data = std::get<domain::KeyCreated>(event.data);
    storage::key_store::KeyRecord record{data.key_id, std::string(domain::to_string(data.role)),
                                         data.enterprise.value_or(""), false, seq};
    storage::require_ok(storage::key_store::put(txn, submission.key_grant->secret_hash, record), "key store");
  }
  context.tail.next_seq = seq + 1;
  context.appended = true;
  return Receipt{seq, event.event_id, hash, leaf.recorded_at, seq + 1, {}, 0, {}};
}

// Applies every event of a submission in `txn`; on a refusal the caller discards `txn`'s writes. The stream
// versions its events raise are written once, at its end (a batch of one enterprise's events rewrites that
// enterprise's record once, not once an event); a refusal drops them with the rest.
SubmitResult apply_events(storage::WriteTxn& txn, GroupContext& context, const Submission& submission) {
  VersionBumps bumps;
  SubmitResult result;
  result.outcome = SubmitOutcome::replayed;
  const std::string owner = submission.actor.owner();
  for (std::size_t i = 0; i < submission.events.size(); ++i) {
    const domain::Event& event = submission.events[i];
    std::string canonical = domain::canonical_event(event);
    const domain::Digest digest = domain::sha256(canonical);
    if (context.canonical) context.canonical->push_back(std::move(canonical));
    if (const auto entry = storage::idempotency::find(txn, owner, event.event_id)) {
      if (entry->body_digest != digest) {
        return refused(SubmitOutcome::conflict, "event_id " + event.event_id + " was used before with another body (seq " +
                                                    std::to_string(entry->seq) + ")", i);
      }
      result.receipts.push_back(stored_receipt(txn, entry->seq));
      continue;
    }
    const ProjectionState state(txn, context.projection);
    const EventLookup lookup = [&txn, &context](std::uint64_t seq) { return load_event(txn, seq, context.decoder); };
    if (auto rejection = check_event(state, event, submission.actor, context.tail.next_seq, lookup)) {
      SubmitResult refusal = refused(rejection->outcome, std::move(rejection->detail), i);
      refusal.errors = std::move(rejection->errors);
      return refusal;
    }
    result.receipts.push_back(append_event(txn, context, submission, event, digest, bumps));
    result.outcome = SubmitOutcome::created;
  }
  ProjectionState state(txn, context.projection);
  bumps.flush(state);
  return result;
}

SubmitResult apply_submission(storage::WriteTxn& txn, GroupContext& context, const Submission& submission) {
  if (auto refusal = check_authority(submission)) return std::move(*refusal);
  if (auto refusal = check_version(txn, context, submission)) return std::move(*refusal);
  // One event is checked in full before anything is written: no rollback needed. A batch may fail on a later
  // event after earlier ones were written: it runs in a child transaction that vanishes on failure.
  if (submission.events.size() == 1) return apply_events(txn, context, submission);
  storage::WriteTxn child = txn.begin_nested().value();
  const Tail saved = context.tail;
  const bool appended_before = context.appended;
  SubmitResult result = apply_events(child, context, submission);
  if (result.ok()) {
    storage::require_ok(child.commit(), "batch commit");
  } else {
    child.abort();
    context.tail = saved;
    context.appended = appended_before;
  }
  return result;
}

// The journal payload of a commit group: the leaf hash of its last event (so that a group the log already
// holds can be told from one it does not), then the submissions that appended, in order, each with its actor, If-Match
// version, key grant and events (as posted, canonical JSON). Refused and replayed submissions changed nothing,
// so applying these again to the log as it was before the group appends exactly what the group appended.
struct AppendedSubmission {
  const Submission* submission;
  const std::vector<std::string>* canonical;  // each event's canonical JSON, in order
};

std::string encode_group(const domain::Digest& last_leaf, const std::vector<AppendedSubmission>& appended) {
  ByteWriter out;
  out.digest(last_leaf);
  out.u32(static_cast<std::uint32_t>(appended.size()));
  for (const auto& [each, canonical] : appended) {
    const Submission& submission = *each;
    out.str(submission.actor.key_id);
    out.str(domain::to_string(submission.actor.role));
    out.boolean(submission.actor.enterprise.has_value());
    out.str(submission.actor.enterprise.value_or(""));
    out.boolean(submission.expected_version.has_value());
    out.u64(submission.expected_version.value_or(0));
    out.boolean(submission.key_grant.has_value());
    if (submission.key_grant) out.digest(submission.key_grant->secret_hash);
    if (canonical->size() != submission.events.size()) throw std::logic_error("a journaled submission lacks its events' JSON");
    out.u32(static_cast<std::uint32_t>(canonical->size()));
    for (const std::string& event : *canonical) out.str(event);
  }
  return out.take();
}

struct JournaledGroup {
  domain::Digest last_leaf{};
  std::vector<Submission> submissions;
};

JournaledGroup decode_group(std::string_view payload, domain::EventDecoder& decoder) {
  ByteReader in(payload);
  JournaledGroup group;
  group.last_leaf = in.digest();
  std::vector<Submission>& submissions = group.submissions;
  submissions.resize(in.u32());
  for (Submission& submission : submissions) {
    submission.actor.key_id = in.str();
    const auto role = domain::role_from_string(in.str());
    if (!role) throw CorruptValue("a journal entry names an unknown role");
    submission.actor.role = *role;
    const bool has_enterprise = in.boolean();
    std::string enterprise = in.str();
    if (has_enterprise) submission.actor.enterprise = std::move(enterprise);
    const bool has_version = in.boolean();
    const std::uint64_t version = in.u64();
    if (has_version) submission.expected_version = version;
    if (in.boolean()) submission.key_grant = KeyGrant{in.digest()};
    submission.events.resize(in.u32());
    for (domain::Event& event : submission.events) {
      domain::DecodeResult decoded = decoder.decode(in.str());
      if (auto* error = std::get_if<domain::DecodeError>(&decoded)) {
        throw CorruptValue("a journal entry holds an event that does not decode: " + error->detail);
      }
      event = std::move(std::get<domain::Event>(decoded));
    }
  }
  in.expect_done();
  return group;
}

}  // namespace

// Appends the group to the journal before its commit. False when its entry would not fit even in an empty half
// of the journal: the group is then refused (it cannot be made durable without the data file's flush, which
// would leave a newer meta page than the journal knows of). Only a single batch larger than the half (32 MiB
// by default) does that.
bool Ledger::Impl::journal_group(const storage::WriteTxn& txn, std::uint64_t first_seq, std::uint64_t end_seq,
                                 std::int64_t recorded_us, std::vector<Pending>& group,
                                 const std::vector<SubmitResult>& results,
                                 const std::vector<std::vector<std::string>>& canonical) {
  std::vector<AppendedSubmission> appended;
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (results[i].outcome == SubmitOutcome::created) appended.push_back({&group[i].submission, &canonical[i]});
  }
  storage::JournalEntry entry{first_seq, end_seq, recorded_us, encode_group(merkle_node(txn, 0, end_seq - 1), appended),
                              txn.id()};
  if (!journal->fits(entry.payload.size())) {
    if (!journal->fits_when_empty(entry.payload.size())) return false;
    // Every group in the journal is in the log: after a checkpoint, the journal starts again.
    write_journal_checkpoint();
  }
  storage::require_ok(journal->append(entry), "commit journal append");
  return true;
}

void Ledger::Impl::begin_journal_checkpoint() {
  // The order is what makes the checkpoint's tree whole after a crash: the reader first, so that no page of the
  // tree it sees (or of a newer one) is reused from here on; the meta pages then, naming that tree or a newer
  // one; the flush after them, so that their tree is on the disk; the record last (finish). The previous
  // checkpoint's reader ends only once the record is durable.
  storage::ReadTxn pin = env->begin_read().value();
  const std::uint64_t txnid = pin.id();
  const std::uint64_t tree_size = storage::event_log::size(pin);
  auto pages = env->meta_pages();
  if (!pages) throw storage::StorageError(pages.error(), "reading the meta pages for a commit journal checkpoint");
  storage::require_ok(journal->begin_checkpoint(), "beginning a commit journal checkpoint");
  storage::Environment& flushed_env = *env;
  pending_checkpoint.emplace(PendingCheckpoint{std::move(pin), txnid, tree_size, std::move(*pages),
                                               std::async(std::launch::async, [&flushed_env] { return flushed_env.sync(); })});
  commits_since_checkpoint = 0;
}

void Ledger::Impl::finish_journal_checkpoint(bool wait) {
  if (!pending_checkpoint) return;
  PendingCheckpoint& pending = *pending_checkpoint;
  if (!wait && pending.flushed.wait_for(std::chrono::seconds{0}) != std::future_status::ready) return;
  storage::require_ok(pending.flushed.get(), "flushing the log for a commit journal checkpoint");
  storage::require_ok(journal->write_checkpoint(pending.txnid, pending.tree_size, pending.meta_pages),
                      "writing a commit journal checkpoint");
  counters.journal_checkpoints.fetch_add(1, std::memory_order_relaxed);
  checkpoint_pin = std::move(pending.pin);
  pending_checkpoint.reset();
}

void Ledger::Impl::write_journal_checkpoint() {
  finish_journal_checkpoint(true);
  begin_journal_checkpoint();
  finish_journal_checkpoint(true);
  expected_txnid = checkpoint_pin->id() + 1;
}

std::size_t Ledger::Impl::redo_journal(const std::vector<storage::JournalEntry>& entries) {
  std::size_t redone = 0;
  for (const storage::JournalEntry& entry : entries) {
    storage::WriteTxn txn = env->begin_write().value();
    GroupContext context{active_projection(txn), read_tail(txn, entry.recorded_us), *writer_decoder};
    const std::uint64_t log_size = context.tail.next_seq;
    const std::string where = "the commit journal's group of seqs " + std::to_string(entry.first_seq) + " to " +
                              std::to_string(entry.end_seq - 1);
    if (entry.end_seq <= entry.first_seq) throw std::runtime_error(where + " is empty");
    JournaledGroup journaled = decode_group(entry.payload, *writer_decoder);
    if (entry.end_seq <= log_size) {
      // The log holds it, or another history: then the log and the journal forked, and neither is applied.
      if (merkle_node(txn, 0, entry.end_seq - 1) != journaled.last_leaf) {
        throw std::runtime_error(where + " ends with another event than the log holds at seq " +
                                 std::to_string(entry.end_seq - 1));
      }
      continue;  // the transaction aborts
    }
    if (entry.first_seq != log_size) {
      throw std::runtime_error(where + " does not follow the log, which holds " + std::to_string(log_size) + " events");
    }
    if (context.tail.recorded_us != entry.recorded_us) {
      throw std::runtime_error(where + " was recorded before the log's last event");
    }
    ProjectionState checkpoint(txn, context.projection);
    if (checkpoint.tree_size() != log_size) {
      throw std::logic_error("the projection holds " + std::to_string(checkpoint.tree_size()) + " events, the log " +
                             std::to_string(log_size) + ": run jifenctl rebuild");
    }
    std::vector<SubmitResult> results;
    for (const Submission& submission : journaled.submissions) {
      results.push_back(apply_submission(txn, context, submission));
      if (results.back().outcome != SubmitOutcome::created) {
        throw std::runtime_error(where + " does not apply again: " + results.back().detail);
      }
    }
    if (context.tail.next_seq != entry.end_seq || merkle_node(txn, 0, entry.end_seq - 1) != journaled.last_leaf) {
      throw std::runtime_error(where + " does not append the same events when applied again");
    }
    sign_commit_group(txn, signing_identity().get(), entry.first_seq, entry.end_seq, false, results);
    checkpoint.set_tree_size(entry.end_seq);
    storage::require_ok(txn.commit(), "commit of a group from the commit journal");
    ++redone;
  }
  return redone;
}

void Ledger::Impl::count_commit(std::uint64_t events, std::uint64_t micros) {
  constexpr auto relaxed = std::memory_order_relaxed;
  counters.commit_events.fetch_add(events, relaxed);
  counters.commit_micros.fetch_add(micros, relaxed);
  const auto bucket = [](const auto& bounds, std::uint64_t value) {
    return static_cast<std::size_t>(std::lower_bound(bounds.begin(), bounds.end(), value) - bounds.begin());
  };
  counters.micros_buckets[bucket(WriterStats::kCommitMicrosBounds, micros)].fetch_add(1, relaxed);
  counters.events_buckets[bucket(WriterStats::kCommitEventsBounds, events)].fetch_add(1, relaxed);
}

void Ledger::Impl::commit_group(std::vector<Pending>& group) {
  const auto taken = std::chrono::steady_clock::now();
  std::vector<SubmitResult> results(group.size());
  std::optional<SubmitOutcome> group_failure;
  std::string group_detail;
  std::optional<std::uint64_t> committed_tree_size;
  if (!failed) try {
    storage::WriteTxn txn = env->begin_write().value();
    // Another process committed since the last checkpoint (or there is none yet): its commit is durable, but a
    // crash would go back to the checkpoint before it. A checkpoint now covers it.
    if (journal && txn.id() != expected_txnid) write_journal_checkpoint();
    GroupContext context{active_projection(txn), read_tail(txn, options.clock()), *writer_decoder};
    ProjectionState checkpoint(txn, context.projection);
    if (checkpoint.tree_size() != context.tail.next_seq) {
      throw std::logic_error("the projection holds " + std::to_string(checkpoint.tree_size()) + " events, the log " +
                             std::to_string(context.tail.next_seq) + ": run jifenctl rebuild");
    }
    const std::uint64_t first_seq = context.tail.next_seq;
    std::vector<std::vector<std::string>> canonical(journal ? group.size() : 0);
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (journal) context.canonical = &canonical[i];
      results[i] = apply_submission(txn, context, group[i].submission);
    }
    context.canonical = nullptr;
    sign_commit_group(txn, signing_identity().get(), first_seq, context.tail.next_seq, options.receipt_proofs, results);
    if (context.appended) {
      checkpoint.set_tree_size(context.tail.next_seq);
      // With the journal, the group's entry is flushed and the commit flushes nothing; without it, the commit is
      // made durable in full. A group too large for the journal is refused.
      const bool journaled =
          journal &&
          journal_group(txn, first_seq, context.tail.next_seq, context.tail.recorded_us, group, results, canonical);
      const std::uint64_t txnid = txn.id();
      if (journal && !journaled) {  // not committed: the transaction aborts
        group_failure = SubmitOutcome::storage_full;
        group_detail = "the submission is larger than half the commit journal (" +
                       std::to_string(journal->capacity_bytes() / 2 / (1 << 20)) + " MiB); nothing was appended";
      } else if (const storage::Status status = txn.commit(); status == storage::Status::map_full) {
        group_failure = SubmitOutcome::storage_full;
        // The journal must not apply again at the next open a group that was answered "nothing appended".
        if (journaled) write_journal_checkpoint();
      } else if (status != storage::Status::ok) {
        throw storage::StorageError(status, "commit: " + std::string(storage::to_string(status)));
      } else {
        if (journal) {
          expected_txnid = txnid + 1;
          finish_journal_checkpoint(false);
          if (++commits_since_checkpoint >= options.journal_checkpoint_commits && !pending_checkpoint) {
            begin_journal_checkpoint();
          }
        }
        committed_tree_size = context.tail.next_seq;
        count_commit(context.tail.next_seq - first_seq,
                     static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                                    std::chrono::steady_clock::now() - taken)
                                                    .count()));
      }
    }
  } catch (const storage::StorageError& error) {
    if (error.status() == storage::Status::map_full) {
      group_failure = SubmitOutcome::storage_full;
      group_detail = "the data file is full (map size " + std::to_string(options.map_size_bytes) + " bytes); nothing was appended";
    } else {
      fail(error.what());
    }
  } catch (const std::exception& error) {
    fail(error.what());
  }
  if (failed) {
    group_failure = SubmitOutcome::unavailable;
    group_detail = "the ledger turned read-only after a failed commit: " + failure;
  }
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (group_failure && (results[i].ok() || results[i].outcome == SubmitOutcome::created)) {
      results[i] = refused(*group_failure, group_detail.empty() ? "the data file is full; nothing was appended" : group_detail);
    }
    group[i].done(std::move(results[i]));
  }
  if (committed_tree_size && !group_failure) announce_commit(*committed_tree_size);
}

// Watches `submitted` for up to writer_spin_us while the queue is empty, so that a submission that comes soon
// finds the writer awake (see LedgerOptions::writer_spin_us). Returns early once one is queued.
void Ledger::Impl::watch_for_submissions() {
  if (options.writer_spin_us == 0) return;
  const std::uint64_t seen = submitted.load(std::memory_order_acquire);
  {
    std::lock_guard lock(mutex);
    if (stopping || !queue.empty()) return;
  }
  const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(options.writer_spin_us);
  while (submitted.load(std::memory_order_acquire) == seen && std::chrono::steady_clock::now() < until) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
  }
}

void Ledger::Impl::run_writer() {
  for (;;) {
    std::vector<Pending> group;
    watch_for_submissions();
    {
      std::unique_lock lock(mutex);
      wake.wait(lock, [this] { return stopping || !queue.empty(); });
      if (queue.empty()) return;  // stopping, and everything queued was committed
      std::size_t events = 0;
      std::size_t bytes = 0;
      while (!queue.empty()) {
        const Pending& next = queue.front();
        const std::size_t next_events = next.submission.events.size();
        const bool fits = group.empty() || (events + next_events <= options.group_events_max &&
                                             bytes + next.bytes <= options.group_bytes_max);
        if (!fits) break;
        events += next_events;
        bytes += next.bytes;
        group.push_back(std::move(queue.front()));
        queue.pop_front();
      }
      queued_events -= events;
    }
    commit_group(group);
  }
}

}  // namespace jifen::replay
