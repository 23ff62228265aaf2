// CommitJournal: two checkpoint slots, then a preallocated stretch of entries read back in order, ending at the
// first zero, torn, stale or earlier-generation entry; one process at a time; a checkpoint starts a new
// generation of entries.

#include <fcntl.h>
#include <unistd.h>

#include <string>

#include <boost/crc.hpp>
#include <boost/test/unit_test.hpp>

#include "storage/commit_journal.hpp"
#include "tests/storage/storage_fixture.hpp"

namespace jifen::storage::test {
namespace {

constexpr std::size_t kSmallCapacity = CommitJournal::kEntriesOffset + 64 * 1024;
const std::string kPages(8192, 'm');  // stands for two meta pages

// A checkpoint begun and written at once.
Status checkpoint(CommitJournal& journal, std::uint64_t txnid, std::uint64_t tree_size, std::string_view pages) {
  const Status begun = journal.begin_checkpoint();
  return begun == Status::ok ? journal.write_checkpoint(txnid, tree_size, pages) : begun;
}

// Opened and checkpointed, ready for appends.
std::unique_ptr<CommitJournal> open_journal(const std::filesystem::path& dir, std::size_t capacity = kSmallCapacity) {
  auto opened = CommitJournal::open(dir, true, capacity);
  BOOST_TEST_REQUIRE(opened.has_value());
  BOOST_TEST_REQUIRE(checkpoint(**opened, 7, 0, kPages) == Status::ok);
  return std::move(*opened);
}

JournalEntry entry(std::uint64_t first, std::uint64_t end, std::string payload) {
  return JournalEntry{first, end, static_cast<std::int64_t>(1700000000000000 + first), std::move(payload), 100 + first};
}

std::vector<std::uint64_t> first_seqs(const CommitJournal& journal) {
  std::vector<std::uint64_t> seqs;
  for (const JournalEntry& each : journal.entries().value()) seqs.push_back(each.first_seq);
  return seqs;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(storage_commit_journal)

BOOST_AUTO_TEST_CASE(open_without_create_finds_none_and_create_preallocates) {
  TempDir temp;
  BOOST_TEST(CommitJournal::open(temp.path(), false).error() == Status::not_found);
  auto journal = open_journal(temp.path());
  BOOST_TEST(std::filesystem::file_size(temp.path() / "commit.journal") == kSmallCapacity);
  std::size_t files = 0;  // no temporary file is left beside it
  for (const auto& each : std::filesystem::directory_iterator(temp.path())) files += each.is_regular_file() ? 1 : 0;
  BOOST_TEST(files == 1u);
  BOOST_TEST(journal->entries().value().empty());
  BOOST_TEST(journal->capacity_bytes() == kSmallCapacity);
}

BOOST_AUTO_TEST_CASE(entries_come_back_in_order_after_reopen) {
  TempDir temp;
  {
    auto journal = open_journal(temp.path());
    BOOST_TEST(journal->append(entry(10, 12, "first")) == Status::ok);
    BOOST_TEST(journal->append(entry(12, 13, std::string(5000, 'x'))) == Status::ok);
    BOOST_TEST(journal->append(entry(20, 25, "")) == Status::ok);  // another process appended 13..19
  }
  auto journal = CommitJournal::open(temp.path(), false).value();
  const auto entries = journal->entries().value();
  BOOST_TEST_REQUIRE(entries.size() == 3u);
  BOOST_TEST(entries[0].first_seq == 10u);
  BOOST_TEST(entries[0].end_seq == 12u);
  BOOST_TEST(entries[0].recorded_us == 1700000000000010);
  BOOST_TEST(entries[0].payload == "first");
  BOOST_TEST(entries[0].txnid == 110u);
  BOOST_TEST(entries[1].payload == std::string(5000, 'x'));
  BOOST_TEST(entries[2].first_seq == 20u);
  BOOST_TEST(entries[2].payload.empty());
}

BOOST_AUTO_TEST_CASE(one_process_holds_the_journal_at_a_time) {
  TempDir temp;
  auto journal = open_journal(temp.path());
  BOOST_TEST(CommitJournal::open(temp.path(), true).error() == Status::busy);
  journal.reset();
  BOOST_TEST(CommitJournal::open(temp.path(), false).has_value());
}

BOOST_AUTO_TEST_CASE(a_checkpoint_forgets_every_entry_and_older_ones_never_come_back) {
  TempDir temp;
  auto journal = open_journal(temp.path());
  BOOST_TEST(journal->append(entry(0, 5, std::string(100, 'a'))) == Status::ok);
  BOOST_TEST(journal->append(entry(5, 9, std::string(100, 'b'))) == Status::ok);
  BOOST_TEST(journal->append(entry(9, 12, std::string(100, 'c'))) == Status::ok);
  BOOST_TEST(checkpoint(*journal, 8, 12, kPages) == Status::ok);
  BOOST_TEST(journal->entries().value().empty());
  // The same length as the first: the entry after it is the old second one, whole and valid, but older.
  BOOST_TEST(journal->append(entry(12, 20, std::string(100, 'd'))) == Status::ok);
  BOOST_TEST(first_seqs(*journal) == std::vector<std::uint64_t>{12});
  BOOST_TEST(journal->append(entry(20, 21, "e")) == Status::ok);
  BOOST_TEST(first_seqs(*journal) == (std::vector<std::uint64_t>{12, 20}));
  // Contiguous with the last entry and of the generation before: not read either, after a checkpoint at 21.
  BOOST_TEST(checkpoint(*journal, 9, 21, kPages) == Status::ok);
  BOOST_TEST(journal->append(entry(21, 22, std::string(100, 'f'))) == Status::ok);
  BOOST_TEST(first_seqs(*journal) == std::vector<std::uint64_t>{21});
}

BOOST_AUTO_TEST_CASE(entries_after_a_checkpoint_begun_follow_the_one_before_it) {
  TempDir temp;
  auto journal = open_journal(temp.path());
  BOOST_TEST(journal->append(entry(0, 1, "a")) == Status::ok);
  BOOST_TEST(journal->append(entry(1, 2, "b")) == Status::ok);
  BOOST_TEST(journal->begin_checkpoint() == Status::ok);
  BOOST_TEST(journal->checkpoint_begun());
  BOOST_TEST(journal->begin_checkpoint() == Status::invalid);  // one at a time
  BOOST_TEST(journal->append(entry(2, 3, "c")) == Status::ok);
  BOOST_TEST(journal->append(entry(3, 4, "d")) == Status::ok);
  // A crash now goes back to the first checkpoint: every entry since follows it.
  BOOST_TEST(first_seqs(*journal) == (std::vector<std::uint64_t>{0, 1, 2, 3}));
  BOOST_TEST(journal->write_checkpoint(9, 2, kPages) == Status::ok);
  BOOST_TEST(!journal->checkpoint_begun());
  BOOST_TEST(journal->checkpoint().value()->txnid == 9u);
  BOOST_TEST(first_seqs(*journal) == (std::vector<std::uint64_t>{2, 3}));
  BOOST_TEST(journal->append(entry(4, 5, "e")) == Status::ok);
  // The next checkpoint begun writes over the first generation's half, which nothing reads any more.
  BOOST_TEST(journal->begin_checkpoint() == Status::ok);
  BOOST_TEST(journal->append(entry(5, 6, "f")) == Status::ok);
  BOOST_TEST(first_seqs(*journal) == (std::vector<std::uint64_t>{2, 3, 4, 5}));
  BOOST_TEST(journal->write_checkpoint(10, 5, {}) == Status::ok);  // no pages: cleared
  BOOST_TEST(!journal->checkpoint().value().has_value());
  BOOST_TEST(journal->entries().value().empty());
}

BOOST_AUTO_TEST_CASE(the_newest_whole_checkpoint_counts_and_clear_leaves_none) {
  TempDir temp;
  {
    auto journal = CommitJournal::open(temp.path(), true, kSmallCapacity).value();
    BOOST_TEST(!journal->checkpoint().value().has_value());
    BOOST_TEST(journal->append(entry(0, 1, "x")) == Status::invalid);  // no checkpoint yet
    BOOST_TEST(checkpoint(*journal, 7, 10, std::string(4096, 'a')) == Status::ok);
    BOOST_TEST(checkpoint(*journal, 9, 12, std::string(4096, 'b')) == Status::ok);
    BOOST_TEST(journal->append(entry(12, 13, "y")) == Status::ok);
  }
  {
    auto journal = CommitJournal::open(temp.path(), false).value();
    const auto newest = journal->checkpoint().value();
    BOOST_TEST_REQUIRE(newest.has_value());
    BOOST_TEST(newest->txnid == 9u);
    BOOST_TEST(newest->tree_size == 12u);
    BOOST_TEST(newest->meta_pages == std::string(4096, 'b'));
    BOOST_TEST(first_seqs(*journal) == std::vector<std::uint64_t>{12});
  }
  // The newer slot torn (one byte of its pages changed), as a crash while writing it would leave it: the older
  // checkpoint counts, and the entries appended since the torn one was begun follow it.
  const int fd = ::open((temp.path() / "commit.journal").c_str(), O_RDWR);
  BOOST_TEST_REQUIRE(fd >= 0);
  const auto torn_slot = static_cast<off_t>(2 % 2 * CommitJournal::kSlotBytes + 100);  // generation 2's slot
  BOOST_TEST(::pwrite(fd, "X", 1, torn_slot) == 1);
  ::close(fd);
  {
    auto journal = CommitJournal::open(temp.path(), false).value();
    const auto newest = journal->checkpoint().value();
    BOOST_TEST_REQUIRE(newest.has_value());
    BOOST_TEST(newest->txnid == 7u);
    BOOST_TEST(first_seqs(*journal) == std::vector<std::uint64_t>{12});
    // Cleared: no checkpoint to restore, and no entry comes back after the next checkpoint.
    BOOST_TEST(journal->clear() == Status::ok);
    BOOST_TEST(!journal->checkpoint().value().has_value());
    BOOST_TEST(journal->append(entry(12, 13, "z")) == Status::invalid);
  }
  auto journal = CommitJournal::open(temp.path(), false).value();
  BOOST_TEST(!journal->checkpoint().value().has_value());
  BOOST_TEST(checkpoint(*journal, 11, 13, kPages) == Status::ok);
  BOOST_TEST(journal->entries().value().empty());
  BOOST_TEST(checkpoint(*journal, 12, 13, std::string(CommitJournal::kSlotBytes, 'p')) == Status::invalid);
}

BOOST_AUTO_TEST_CASE(a_journal_of_the_first_layout_is_refused) {
  TempDir temp;
  open_journal(temp.path()).reset();
  const int fd = ::open((temp.path() / "commit.journal").c_str(), O_RDWR);
  BOOST_TEST_REQUIRE(fd >= 0);
  BOOST_TEST(::pwrite(fd, "JFJRNL01", 8, 0) == 8);
  ::close(fd);
  BOOST_TEST(CommitJournal::open(temp.path(), false).error() == Status::corrupted);
}

BOOST_AUTO_TEST_CASE(an_entry_carries_the_crc_32_of_its_fields_and_payload) {
  // The layout's checksum is CRC-32/ISO-HDLC (zlib's), big-endian at bytes 12..15, over everything after them:
  // computed here byte by byte with Boost's, so that a journal written by an earlier build still reads.
  TempDir temp;
  const std::string payload = "a payload of some length: " + std::string(3000, 'p');
  {
    auto journal = open_journal(temp.path());
    BOOST_TEST(journal->append(entry(4, 9, payload)) == Status::ok);
  }
  const std::size_t half = CommitJournal::kEntriesOffset + (kSmallCapacity - CommitJournal::kEntriesOffset) / 2;
  std::string bytes(CommitJournal::kEntryHeaderBytes + payload.size(), '\0');
  const int fd = ::open((temp.path() / "commit.journal").c_str(), O_RDONLY);
  BOOST_TEST_REQUIRE(fd >= 0);
  BOOST_TEST(::pread(fd, bytes.data(), bytes.size(), static_cast<off_t>(half)) == static_cast<ssize_t>(bytes.size()));
  ::close(fd);
  BOOST_TEST(bytes.substr(0, 8) == "JFJRNL02");
  BOOST_TEST(bytes.substr(CommitJournal::kEntryHeaderBytes) == payload);
  boost::crc_32_type crc;
  crc.process_bytes(bytes.data() + 16, bytes.size() - 16);
  std::uint32_t stored = 0;
  for (std::size_t i = 12; i < 16; ++i) stored = (stored << 8) | static_cast<unsigned char>(bytes[i]);
  BOOST_TEST(stored == crc.checksum());
}

BOOST_AUTO_TEST_CASE(a_torn_entry_ends_the_journal) {
  TempDir temp;
  {
    auto journal = open_journal(temp.path());
    BOOST_TEST(journal->append(entry(0, 1, "one")) == Status::ok);
    BOOST_TEST(journal->append(entry(1, 2, "two")) == Status::ok);
    BOOST_TEST(journal->append(entry(2, 3, "three")) == Status::ok);
  }
  // One byte of the second entry's payload changed: its CRC no longer matches.
  // Generation 1's entries: the second half of the entries.
  const std::size_t half = CommitJournal::kEntriesOffset + (kSmallCapacity - CommitJournal::kEntriesOffset) / 2;
  const std::size_t second_payload = half + CommitJournal::kEntryHeaderBytes + 3 + CommitJournal::kEntryHeaderBytes;
  const int fd = ::open((temp.path() / "commit.journal").c_str(), O_RDWR);
  BOOST_TEST_REQUIRE(fd >= 0);
  BOOST_TEST(::pwrite(fd, "X", 1, static_cast<off_t>(second_payload)) == 1);
  ::close(fd);
  auto journal = CommitJournal::open(temp.path(), false).value();
  BOOST_TEST(first_seqs(*journal) == std::vector<std::uint64_t>{0});
}

BOOST_AUTO_TEST_CASE(fits_counts_the_header_and_what_is_already_written) {
  TempDir temp;
  const std::size_t capacity = CommitJournal::kEntriesOffset + 2 * 8192;  // halves of 8 KiB
  auto journal = open_journal(temp.path(), capacity);
  const std::size_t room = 8192 - CommitJournal::kEntryHeaderBytes;
  BOOST_TEST(journal->fits(room));
  BOOST_TEST(!journal->fits(room + 1));
  BOOST_TEST(journal->fits_when_empty(room));
  BOOST_TEST(!journal->fits_when_empty(room + 1));
  BOOST_TEST(journal->append(entry(0, 1, std::string(4000, 'p'))) == Status::ok);
  BOOST_TEST(journal->fits(8192 - 2 * CommitJournal::kEntryHeaderBytes - 4000));
  BOOST_TEST(!journal->fits(8192 - 2 * CommitJournal::kEntryHeaderBytes - 4000 + 1));
  BOOST_TEST(journal->fits_when_empty(5000));
  BOOST_TEST(journal->append(entry(1, 2, std::string(5000, 'q'))) == Status::invalid);
  BOOST_TEST(checkpoint(*journal, 8, 1, kPages) == Status::ok);
  BOOST_TEST(journal->fits(room));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::storage::test
