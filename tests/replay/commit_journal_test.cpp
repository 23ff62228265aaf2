// The commit journal through the real write path: jifend's groups are journaled before their commit, and a
// read-write open applies again the groups a journal holds beyond the log, with the same seqs, recorded_at,
// leaves, checkpoints and projections as the first time.
//
// A crash that loses the last commits' meta pages cannot be made in a test, so the test makes the state it
// leaves: a copy of the data directory taken before the groups, with the journal written by them.

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <string>

#include <boost/test/unit_test.hpp>

#include "replay/ledger.hpp"
#include "storage/commit_journal.hpp"
#include "tests/replay/ledger_fixture.hpp"

namespace jifen::test {
namespace {

namespace fs = std::filesystem;

void copy_directory(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (const char* name : {"data.mdb", "signing.key"}) {
    if (fs::exists(from / name)) fs::copy_file(from / name, to / name, fs::copy_options::overwrite_existing);
  }
}

std::unique_ptr<replay::Ledger> open_at(const fs::path& dir, bool journal, std::int64_t* now_us,
                                        std::size_t checkpoint_commits = 8) {
  replay::LedgerOptions options;
  options.journal_checkpoint_commits = checkpoint_commits;
  options.data_dir = dir;
  options.durable = journal;  // the journal is for durable commits only
  options.commit_journal = journal;
  options.snapshot_interval_events = 0;
  options.map_size_bytes = std::size_t{1} << 30;
  options.clock = [now_us] { return *now_us; };
  return replay::Ledger::open(options);
}

std::unique_ptr<replay::Ledger> open_read_only(const fs::path& dir) {
  replay::LedgerOptions options;
  options.data_dir = dir;
  options.read_only = true;
  options.snapshot_interval_events = 0;
  options.map_size_bytes = std::size_t{1} << 30;
  return replay::Ledger::open(options);
}

replay::SubmitResult post_json(replay::Ledger& ledger, LedgerFixture& fixture, const replay::Actor& actor,
                               const std::vector<std::string>& lines) {
  replay::Submission submission;
  submission.actor = actor;
  for (const auto& line : lines) submission.events.push_back(fixture.event(line));
  return ledger.submit_and_wait(std::move(submission));
}

// A child process opens the fixture's directory with the journal (a checkpoint every 10 commits), appends
// `groups` one-event groups ("rd-0", "rd-1", ...) and exits without closing, as a killed jifend would.
void die_after_journaling(LedgerFixture& fixture, int groups) {
  const pid_t child = ::fork();
  BOOST_TEST_REQUIRE(child >= 0);
  if (child == 0) {
    for (const int signal_number : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(signal_number, SIG_DFL);
    auto live = open_at(fixture.dir.path(), true, &fixture.now_us, 10);
    for (int i = 0; i < groups; ++i) {
      fixture.now_us += 1000;
      const auto result = post_json(*live, fixture, enterprise(kUsccA),
                                    {LedgerFixture::rd_expense(kUsccA, "rd-" + std::to_string(i), 100 + i)});
      if (result.outcome != replay::SubmitOutcome::created) ::_exit(2);
    }
    ::_exit(0);  // no clean close: the journal keeps its checkpoint and entries
  }
  int status = 0;
  BOOST_TEST_REQUIRE(::waitpid(child, &status, 0) == child);
  BOOST_TEST_REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(replay_commit_journal)

BOOST_AUTO_TEST_CASE(an_open_applies_again_the_groups_the_log_lost) {
  LedgerFixture fixture;
  fixture.ledger->create_signing_key("jifen.test/ledger", std::string(32, 'k'));
  LedgerFixture::expect_created(fixture.post(bureau(), LedgerFixture::registration(kUsccA)));
  fixture.ledger.reset();
  TempDir before;  // the directory as it was before the journaled groups
  copy_directory(fixture.dir.path(), before.path());

  auto live = open_at(fixture.dir.path(), true, &fixture.now_us);
  BOOST_TEST(fs::file_size(fixture.dir.path() / "commit.journal") > 0u);
  fixture.now_us += 1000;
  LedgerFixture::expect_created(post_json(*live, fixture, enterprise(kUsccA), {LedgerFixture::rd_expense(kUsccA, "rd-1", 500)}));
  fixture.now_us += 1000;
  LedgerFixture::expect_created(post_json(
      *live, fixture, enterprise(kUsccA),
      {LedgerFixture::rd_expense(kUsccA, "rd-2", 600), LedgerFixture::annual_report(kUsccA, "ar-2021", 2021, 900000)}));
  // Refused (the same event_id with another body) and replayed submissions change nothing and are not journaled.
  const auto conflict = post_json(*live, fixture, enterprise(kUsccA), {LedgerFixture::rd_expense(kUsccA, "rd-1", 999)});
  BOOST_TEST(std::string(replay::to_string(conflict.outcome)) == "conflict");
  const auto replayed = post_json(*live, fixture, enterprise(kUsccA), {LedgerFixture::rd_expense(kUsccA, "rd-1", 500)});
  BOOST_TEST(std::string(replay::to_string(replayed.outcome)) == "replayed");
  fixture.now_us += 1000;
  LedgerFixture::expect_created(post_json(*live, fixture, bureau(), {LedgerFixture::registration(kUsccB, "reg-b")}));
  // A key made through the journaled writer: its grant (the secret's hash) is applied again with it.
  const replay::CreatedKey key = live->create_key(domain::Role::auditor, std::nullopt, std::string(32, '\x07'));
  const std::uint64_t tree_size = live->tree_size();
  // The journal as a crash would leave it: the live ledger is still open, its journal not yet emptied.
  fs::copy_file(fixture.dir.path() / "commit.journal", before.path() / "commit.journal");
  live.reset();  // a clean close flushes everything and empties the journal
  auto reopened_live = open_at(fixture.dir.path(), false, &fixture.now_us);
  BOOST_TEST(reopened_live->tree_size() == tree_size);

  std::int64_t later = fixture.now_us + 5'000'000;  // the clock has moved on: recorded_at comes from the journal
  auto recovered = open_at(before.path(), false, &later);
  BOOST_TEST_REQUIRE(recovered->tree_size() == tree_size);
  BOOST_TEST(recovered->root(tree_size) == reopened_live->root(tree_size));
  for (std::uint64_t seq = 0; seq < tree_size; ++seq) {
    const auto mine = recovered->event(seq);
    const auto theirs = reopened_live->event(seq);
    BOOST_TEST_REQUIRE((mine && theirs));
    BOOST_TEST(mine->leaf == theirs->leaf, "seq " << seq);
    BOOST_TEST(mine->data == theirs->data, "seq " << seq);
  }
  BOOST_TEST_REQUIRE(recovered->signed_checkpoint(tree_size).has_value());
  BOOST_TEST(*recovered->signed_checkpoint(tree_size) == reopened_live->signed_checkpoint(tree_size).value_or(""));
  BOOST_TEST(recovered->checkpoint().value_or("") == reopened_live->checkpoint().value_or("-"));
  BOOST_TEST(recovered->enterprise(kUsccA)->version == reopened_live->enterprise(kUsccA)->version);
  BOOST_TEST(recovered->authenticate(key.secret).has_value());
  const replay::RebuildReport check = recovered->rebuild(true, {});
  BOOST_TEST(check.verified_equal);
  // Applied once: the journal was emptied, and the next open finds nothing to apply.
  recovered.reset();
  recovered = open_at(before.path(), false, &later);
  BOOST_TEST(recovered->tree_size() == tree_size);
  // The events are there for idempotency too: sent again, the first gets its original seq.
  const auto again = post_json(*recovered, fixture, enterprise(kUsccA), {LedgerFixture::rd_expense(kUsccA, "rd-1", 500)});
  BOOST_TEST(std::string(replay::to_string(again.outcome)) == "replayed");
}

BOOST_AUTO_TEST_CASE(a_journal_that_does_not_follow_the_log_is_refused) {
  LedgerFixture fixture;
  LedgerFixture::expect_created(fixture.post(bureau(), LedgerFixture::registration(kUsccA)));
  fixture.ledger.reset();
  TempDir before;
  copy_directory(fixture.dir.path(), before.path());

  auto live = open_at(fixture.dir.path(), true, &fixture.now_us);
  LedgerFixture::expect_created(post_json(*live, fixture, enterprise(kUsccA), {LedgerFixture::rd_expense(kUsccA, "rd-1", 500)}));
  fs::copy_file(fixture.dir.path() / "commit.journal", before.path() / "commit.journal");
  live.reset();

  // Another event took the journaled group's seq in the copy, so the journal's group cannot follow it.
  fs::rename(before.path() / "commit.journal", before.path() / "held.journal");
  {
    auto other = open_at(before.path(), false, &fixture.now_us);
    LedgerFixture::expect_created(post_json(*other, fixture, enterprise(kUsccA), {LedgerFixture::rd_expense(kUsccA, "rd-x", 7)}));
    LedgerFixture::expect_created(post_json(*other, fixture, enterprise(kUsccA), {LedgerFixture::rd_expense(kUsccA, "rd-y", 8)}));
  }
  fs::rename(before.path() / "held.journal", before.path() / "commit.journal");
  // The group (seq 4) is older than the log's end (6) but not in it: the copy forked.
  BOOST_CHECK_EXCEPTION(open_at(before.path(), false, &fixture.now_us), std::runtime_error, [](const std::runtime_error& error) {
    const std::string what = error.what();
    BOOST_TEST_MESSAGE(what);
    return what.find("commit journal") != std::string::npos;
  });
  // A read-only open tries to recover first, and refuses with the same cause.
  BOOST_CHECK_EXCEPTION(open_read_only(before.path()), std::runtime_error, [](const std::runtime_error& error) {
    const std::string what = error.what();
    BOOST_TEST_MESSAGE(what);
    return what.find("recovering it first failed") != std::string::npos && what.find("commit journal's group") != std::string::npos;
  });
  // Nothing was changed: with the journal moved aside, the copy opens with its own two events at its end.
  fs::rename(before.path() / "commit.journal", before.path() / "held.journal");
  auto other = open_at(before.path(), false, &fixture.now_us);
  BOOST_TEST(other->tree_size() == 6u);  // seqs 4 and 5 are rd-x and rd-y
  BOOST_TEST(other->rebuild(true, {}).verified_equal);
}

// A writer that dies without closing: its commits after the last checkpoint flushed nothing. Here the page cache
// keeps them, so the test also tears the newest meta page, as a machine that lost power mid-write could: the
// next open writes the checkpoint's meta pages back and applies the journal's groups after it again. 101 groups
// cross checkpoints begun every 10 commits, one of them begun by the last.
BOOST_AUTO_TEST_CASE(a_writer_that_died_comes_back_to_its_checkpoint_and_its_groups) {
  LedgerFixture fixture;
  fixture.ledger->create_signing_key("jifen.test/ledger", std::string(32, 'k'));
  LedgerFixture::expect_created(fixture.post(bureau(), LedgerFixture::registration(kUsccA)));
  constexpr int kGroups = 101;
  const std::uint64_t size = fixture.ledger->tree_size() + kGroups;
  fixture.ledger.reset();
  die_after_journaling(fixture, kGroups);
  // The newest meta page torn: LMDB would refuse the file, or open an older commit than the one acknowledged.
  const std::uint64_t newest = storage::Environment::last_txnid_of(fixture.dir.path()).value();
  const int fd = ::open((fixture.dir.path() / "data.mdb").c_str(), O_RDWR);
  BOOST_TEST_REQUIRE(fd >= 0);
  const std::string zeros(4096, '\0');
  BOOST_TEST(::pwrite(fd, zeros.data(), zeros.size(), static_cast<off_t>(newest % 2 * 4096)) == 4096);
  ::close(fd);
  BOOST_TEST(!storage::Environment::last_txnid_of(fixture.dir.path()).has_value());

  auto recovered = open_at(fixture.dir.path(), false, &fixture.now_us);
  BOOST_TEST_REQUIRE(recovered->tree_size() == size);
  for (int i = 0; i < kGroups; i += 33) {
    const auto again = post_json(*recovered, fixture, enterprise(kUsccA),
                                 {LedgerFixture::rd_expense(kUsccA, "rd-" + std::to_string(i), 100 + i)});
    BOOST_TEST(std::string(replay::to_string(again.outcome)) == "replayed", "rd-" << i);
  }
  BOOST_TEST(recovered->rebuild(true, {}).verified_equal);
  BOOST_TEST(recovered->signed_checkpoint(size).has_value());
  // Recovered once: the journal holds nothing more, and the data file opens as it is.
  recovered.reset();
  BOOST_TEST(storage::Environment::last_txnid_of(fixture.dir.path()).has_value());
  recovered = open_at(fixture.dir.path(), true, &fixture.now_us);
  BOOST_TEST(recovered->tree_size() == size);
}

// A submission whose entry does not fit half the journal cannot be made durable through it: refused, nothing
// appended, and the writer goes on.
BOOST_AUTO_TEST_CASE(a_submission_larger_than_half_the_journal_is_refused) {
  LedgerFixture fixture;
  LedgerFixture::expect_created(fixture.post(bureau(), LedgerFixture::registration(kUsccA)));
  const std::uint64_t size = fixture.ledger->tree_size();
  fixture.ledger.reset();
  replay::LedgerOptions options;
  options.data_dir = fixture.dir.path();
  options.commit_journal = true;
  options.snapshot_interval_events = 0;
  options.map_size_bytes = std::size_t{1} << 30;
  options.clock = [&fixture] { return fixture.now_us; };
  options.journal_capacity_bytes = storage::CommitJournal::kEntriesOffset + 2 * 16 * 1024;  // halves of 16 KiB
  auto live = replay::Ledger::open(options);
  std::vector<std::string> batch;
  for (int i = 0; i < 100; ++i) batch.push_back(LedgerFixture::rd_expense(kUsccA, "big-" + std::to_string(i), 100 + i));
  const auto refused = post_json(*live, fixture, enterprise(kUsccA), batch);
  BOOST_TEST(std::string(replay::to_string(refused.outcome)) == "storage_full");
  BOOST_TEST(refused.detail.find("half the commit journal") != std::string::npos, refused.detail);
  BOOST_TEST(live->tree_size() == size);
  LedgerFixture::expect_created(post_json(*live, fixture, enterprise(kUsccA), {LedgerFixture::rd_expense(kUsccA, "small", 5)}));
  live.reset();
  auto reopened = open_at(fixture.dir.path(), false, &fixture.now_us);
  BOOST_TEST(reopened->tree_size() == size + 1);
}

BOOST_AUTO_TEST_CASE(a_second_journal_writer_is_refused_and_a_reader_of_the_log_is_not) {
  LedgerFixture fixture;
  fixture.ledger.reset();
  auto live = open_at(fixture.dir.path(), true, &fixture.now_us);
  BOOST_CHECK_THROW(open_at(fixture.dir.path(), true, &fixture.now_us), std::runtime_error);
}

// A read-only open (jifenctl verify, export, stats) of a directory a journaling writer left without closing
// recovers it first, as the writer's next start would, then reads it; the journal is then clear.
BOOST_AUTO_TEST_CASE(a_read_only_open_recovers_what_a_writer_left) {
  LedgerFixture fixture;
  LedgerFixture::expect_created(fixture.post(bureau(), LedgerFixture::registration(kUsccA)));
  constexpr int kGroups = 25;
  const std::uint64_t size = fixture.ledger->tree_size() + kGroups;
  fixture.ledger.reset();
  die_after_journaling(fixture, kGroups);
  BOOST_TEST(storage::CommitJournal::left_unrecovered(fixture.dir.path()).value());

  auto reader = open_read_only(fixture.dir.path());
  BOOST_TEST(reader->tree_size() == size);
  BOOST_TEST(reader->read_only());
  BOOST_TEST(!storage::CommitJournal::left_unrecovered(fixture.dir.path()).value());
  const auto last = reader->event(size - 1);
  BOOST_TEST_REQUIRE(last.has_value());
  BOOST_TEST(last->leaf.find("\"rd-" + std::to_string(kGroups - 1) + "\"") != std::string::npos, last->leaf);
  reader.reset();
  auto writer = open_at(fixture.dir.path(), false, &fixture.now_us);
  BOOST_TEST(writer->tree_size() == size);
  BOOST_TEST(writer->rebuild(true, {}).verified_equal);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::test
