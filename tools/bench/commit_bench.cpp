// jifen-commit-bench: the cost of one durable LMDB commit, side by side in one process so that every variant
// sees the same disk load: the floor under jifen's write latency, which no CPU work saved in the writer can
// lower, and what other ways to make a commit durable would cost on this disk.
//
//   jifen-commit-bench [--commits N] [--events N] [--dir DIR] [--variants]
//
// Each commit appends event-sized records to the log, one Merkle leaf node, one enterprise index entry and one
// idempotency entry per event: the storage writes of the write path without its CPU work. Environments are
// fresh directories under DIR (default /tmp); rounds of 50 commits alternate between them. Prints µs per
// commit (p50, p90, p99), the data file's size at the end and the implied ceilings (commits/s and events/s at
// the median). Figures are printed, never asserted.
//
// Always: jifend's commit (fdatasync of the data file, then the meta page written through O_DSYNC: two
// flushes) with 1 event and with --events events. With --variants, three more, each with 1 event a commit:
//   meta-nosync   MDB_NOMETASYNC: one flush (the data pages); the meta page waits for the next commit's flush,
//                 so a crash may lose the last commit. The floor of any one-flush design; not durable alone.
//   journal+1     (the commit journal's first protocol, replaced by the wal one)
//                 MDB_NOMETASYNC, and before the commit the event is written to a preallocated journal file and
//                 sent to the disk (sync_file_range: written, not flushed): the data file's fdatasync then
//                 flushes the disk's cache for both. One device flush per commit, durable through the journal.
//   journal+2     the same journal, flushed on its own (fdatasync of the preallocated file, in place) before
//                 the commit: two flushes again, but one of them of a file that does not grow.
//   wal, wal-many the journal flushed on its own (as journal+2), then the commit with MDB_NOSYNC: no flush of the
//                 data file at commit. Every kWalCheckpointCommits commits the data file is flushed whole
//                 (Environment::sync(), counted in that commit's time), as a checkpoint would. With 1 event and
//                 with --events events a commit. The storage cost of jifend --commit-journal, whose checkpoints
//                 flush the data file on another thread every 8 commits (docs/STORAGE.md "The commit journal").
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "storage/lmdb.hpp"
#include "storage/stores.hpp"

namespace {

using jifen::storage::Environment;
using jifen::storage::EnvironmentOptions;

constexpr std::size_t kRoundCommits = 50;  // commits on one environment before switching to the other

enum class Journal { none, written, flushed };

constexpr std::size_t kWalCheckpointCommits = 64;  // wal: the data file flushed whole once in this many commits

constexpr std::size_t kJournalBytes = std::size_t{64} << 20;  // preallocated, written over in a circle
constexpr std::size_t kJournalEntryBytes = 4096;               // one event's entry, padded to a page

// A preallocated journal file: zeros written and flushed up front, so that writing over it in place changes
// no metadata (no size, no block allocation) and a flush carries only the data.
class JournalFile {
 public:
  explicit JournalFile(const std::filesystem::path& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd_ < 0) throw std::runtime_error("cannot create " + path.string());
    const std::string zeros(std::size_t{1} << 20, '\0');
    for (std::size_t written = 0; written < kJournalBytes; written += zeros.size()) write_at(zeros, written);
    if (::fdatasync(fd_) != 0) throw std::runtime_error("fdatasync of the journal failed");
  }
  ~JournalFile() { ::close(fd_); }
  JournalFile(const JournalFile&) = delete;
  JournalFile& operator=(const JournalFile&) = delete;

  void append(std::string_view entry, bool flush) {
    if (offset_ + entry.size() > kJournalBytes) offset_ = 0;
    write_at(entry, offset_);
    const int result = flush ? ::fdatasync(fd_)
                             : ::sync_file_range(fd_, static_cast<off_t>(offset_), static_cast<off_t>(entry.size()),
                                                 SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
                                                     SYNC_FILE_RANGE_WAIT_AFTER);
    if (result != 0) throw std::runtime_error("journal flush failed");
    offset_ += entry.size();
  }

 private:
  void write_at(std::string_view bytes, std::size_t offset) const {
    if (::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(offset)) != static_cast<ssize_t>(bytes.size())) {
      throw std::runtime_error("journal write failed");
    }
  }
  int fd_ = -1;
  std::size_t offset_ = 0;
};

struct Subject {
  std::string name;
  std::size_t events = 0;  // per commit
  std::unique_ptr<Environment> env;
  std::unique_ptr<JournalFile> journal;
  Journal journal_mode = Journal::none;
  std::uint64_t next_seq = 0;
  std::vector<double> commit_us;
  bool lazy_data_flush = false;  // wal: MDB_NOSYNC, the data file flushed every kWalCheckpointCommits commits
};

std::unique_ptr<Environment> open_durable(const std::filesystem::path& dir, bool sync_meta = true,
                                          bool durable = true) {
  EnvironmentOptions options;
  options.durable = durable;
  options.sync_meta = sync_meta;
  auto opened = Environment::open(dir, options);
  if (!opened) throw std::runtime_error("cannot open " + dir.string() + ": " + std::string(to_string(opened.error())));
  return std::move(*opened);
}

void commit_once(Subject& subject) {
  namespace storage = jifen::storage;
  const std::string record(360, 'r');  // a leaf and its data, as JCS, are about this long
  const auto started = std::chrono::steady_clock::now();
  if (subject.journal) {
    const std::string entry(kJournalEntryBytes * subject.events, 'j');
    subject.journal->append(entry, subject.journal_mode == Journal::flushed);
  }
  storage::WriteTxn txn = subject.env->begin_write().value();
  for (std::size_t i = 0; i < subject.events; ++i) {
    const std::uint64_t seq = subject.next_seq++;
    storage::Hash32 hash{};
    for (std::size_t byte = 0; byte < 8; ++byte) hash[byte] = static_cast<std::uint8_t>(seq >> (8 * byte));
    storage::require_ok(storage::event_log::append(txn, seq, record), "log");
    storage::require_ok(storage::merkle_nodes::put(txn, 0, seq, hash), "merkle");
    storage::require_ok(storage::enterprise_index::add(txn, "91320621MA1MRHG205", seq), "index");
    const std::string event_id = "bench-" + std::to_string(seq * 7919 % 1000003) + "-" + std::to_string(seq);
    storage::require_ok(storage::idempotency::insert(txn, "91320621MA1MRHG205", event_id, {seq, hash}), "idempotency");
  }
  storage::require_ok(txn.commit(), "commit");
  // This commit is the (size + 1)th: commit_us has the earlier ones.
  if (subject.lazy_data_flush && (subject.commit_us.size() + 1) % kWalCheckpointCommits == 0) {
    storage::require_ok(subject.env->sync(), "checkpoint");
  }
  const std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - started;
  subject.commit_us.push_back(elapsed.count());
}

// REQUIRES: !values.empty()
double percentile(std::vector<double> values, double fraction) {
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1));
  return values[index];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"the cost of a durable LMDB commit"};
  std::size_t commits = 1000;
  std::size_t events = 1;
  std::string base = "/tmp";
  app.add_option("--commits", commits, "commits per environment")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--events", events, "events per commit of the second environment")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--dir", base, "where the fresh data directories go")->capture_default_str();
  bool variants = false;
  app.add_flag("--variants", variants, "also meta-nosync, journal+1, journal+2 and wal");
  CLI11_PARSE(app, argc, argv);

  const std::filesystem::path root = std::filesystem::path(base) / ("jifen-commit-bench." + std::to_string(::getpid()));
  std::vector<Subject> subjects;
  subjects.push_back({"one", 1, open_durable(root / "one"), nullptr, Journal::none, 0, {}});
  subjects.push_back({"many", events, open_durable(root / "many"), nullptr, Journal::none, 0, {}});
  if (variants) {
    subjects.push_back({"meta-nosync", 1, open_durable(root / "meta-nosync", false), nullptr, Journal::none, 0, {}});
    for (const auto& [name, mode] : {std::pair{"journal+1", Journal::written}, std::pair{"journal+2", Journal::flushed}}) {
      auto env = open_durable(root / name, false);
      auto journal = std::make_unique<JournalFile>(root / name / "journal");
      subjects.push_back({name, 1, std::move(env), std::move(journal), mode, 0, {}});
    }
    for (const auto& [name, count] : {std::pair{"wal", std::size_t{1}}, std::pair{"wal-many", events}}) {
      auto env = open_durable(root / name, false, false);
      auto journal = std::make_unique<JournalFile>(root / name / "journal");
      subjects.push_back({name, count, std::move(env), std::move(journal), Journal::flushed, 0, {}, true});
    }
  }
  for (std::size_t done = 0; done < commits; done += kRoundCommits) {
    for (Subject& subject : subjects) {
      for (std::size_t i = 0; i < kRoundCommits && done + i < commits; ++i) commit_once(subject);
    }
  }
  std::printf("%zu commits per environment, alternating in rounds of %zu\n", commits, kRoundCommits);
  std::printf("%-14s %13s %9s %9s %9s %9s %12s %10s %10s\n", "commit", "events/commit", "p50_us", "p90_us", "p99_us",
              "mean_us", "file_bytes", "commits/s", "events/s");
  for (const Subject& subject : subjects) {
    const double median_us = percentile(subject.commit_us, 0.5);
    const char* label = subject.lazy_data_flush                    ? "wal"
                        : subject.journal_mode == Journal::written   ? "journal+1"
                        : subject.journal_mode == Journal::flushed ? "journal+2"
                        : subject.name == "meta-nosync"            ? "meta-nosync"
                                                                   : "jifend";
    double total_us = 0;
    for (const double us : subject.commit_us) total_us += us;
    std::printf("%-14s %13zu %9.0f %9.0f %9.0f %9.0f %12ju %10.0f %10.0f\n", label, subject.events, median_us,
                percentile(subject.commit_us, 0.9), percentile(subject.commit_us, 0.99),
                total_us / static_cast<double>(subject.commit_us.size()),
                static_cast<std::uintmax_t>(std::filesystem::file_size(root / subject.name / "data.mdb")),
                1e6 / median_us, 1e6 / median_us * static_cast<double>(subject.events));
  }
  subjects.clear();
  std::filesystem::remove_all(root);
  return 0;
}
