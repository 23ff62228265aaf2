// Fold snapshots (replay/fold_snapshots.hpp) and the board cache key: as_of answers are the same bytes with and
// without snapshots, across snapshot boundaries, after the snapshot store is deleted or damaged, after a
// rebuild, and when the store holds snapshots of another log; the cache never answers with a board of another
// model.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include <filesystem>
#include <fstream>

#include "domain/ledger_fold.hpp"
#include "replay/derived_reads.hpp"
#include "replay/fold_snapshots.hpp"
#include "replay/ledger_fixture.hpp"
#include "replay/scoring.hpp"
#include "storage/snapshot_store.hpp"
#include "support/seed_model.hpp"

using namespace jifen;
using test::LedgerFixture;

namespace {

constexpr std::uint64_t kIntervalEvents = 4;

std::string model_text(const std::string& version_suffix = "") {
  std::string text = test::seed_model_text();
  if (!version_suffix.empty()) {
    const std::size_t version = text.find("\"version\"");
    const std::size_t open_quote = text.find('"', text.find(':', version));
    const std::size_t close_quote = text.find('"', open_quote + 1);
    text.insert(close_quote, version_suffix);
    const std::size_t description = text.find("\"description\": \"");
    text.insert(description + 16, "Another model. ");  // another JCS, so another SHA-256
  }
  return text;
}

// Three enterprises with reports, R&D and a retraction whose target lies before a snapshot boundary.
struct SnapshotLedger : LedgerFixture {
  explicit SnapshotLedger(const std::string& version_suffix = "") {
    expect_created(post(test::admin(), R"({"event_id":"model","type":"scoring_model.published","occurred_on":"2020-01-01","data":)" +
                                           model_text(version_suffix) + "}"));
    int report = 0;
    for (const char* uscc : {test::kUsccA, test::kUsccB, test::kUsccC}) {
      expect_created(post(test::bureau(), registration(uscc, std::string("reg-") + uscc)));
      for (const int year : {2020, 2021}) {
        ++report;
        expect_created(post(test::enterprise(uscc), annual_report(uscc, "ar-" + std::to_string(report), year, 1000000 * report)));
      }
      expect_created(post(test::enterprise(uscc), rd_expense(uscc, std::string("rd-") + uscc, 50000 + report)));
    }
    // Seqs: 0-2 zone and chains, 3 the model, then per enterprise a registration, two reports and R&D.
    expect_created(post(test::enterprise(test::kUsccA), retraction(test::kUsccA, "x-rd", 7)));   // A's R&D
    expect_created(post(test::enterprise(test::kUsccC), retraction(test::kUsccC, "x-ar", 14)));  // C's FY 2021 report
  }

  void reopen_with(std::uint64_t interval_events, std::uint64_t delta_events = 0) {
    snapshot_interval_events = interval_events;
    snapshot_delta_events = delta_events;
    reopen();
  }

  // Every derived read at every tree size, each from a fresh ledger (no fold or board kept in memory).
  std::vector<std::string> answers_at_every_size() {
    std::vector<std::string> all;
    const std::uint64_t size = ledger->tree_size();
    for (std::uint64_t as_of = 1; as_of <= size; ++as_of) {
      reopen();
      const replay::ReadPoint point{as_of, std::nullopt};
      for (const char* uscc : {test::kUsccA, test::kUsccC}) {
        const replay::DerivedAnswer score = replay::score_json(*ledger, uscc, 2022, point);
        all.push_back(score.json.value_or(score.detail));
      }
      all.push_back(replay::enterprise_ranking_json(*ledger, 2022, domain::RankingFilter{}, point).json.value_or("none"));
      all.push_back(replay::area_ranking_json(*ledger, 2022, replay::AreaKind::zone, point).json.value_or("none"));
    }
    return all;
  }

  std::filesystem::path store_dir() const { return dir.path() / "snapshots"; }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(fold_snapshots)

BOOST_FIXTURE_TEST_CASE(as_of_answers_are_the_same_with_and_without_snapshots, SnapshotLedger) {
  reopen_with(0);
  const std::vector<std::string> without = answers_at_every_size();
  BOOST_TEST(without.back().find("\"entries\"") != std::string::npos, without.back());
  reopen_with(kIntervalEvents);
  const std::uint64_t due = ledger->tree_size() / kIntervalEvents;
  BOOST_TEST(ledger->update_snapshots() == due);
  BOOST_TEST(ledger->update_snapshots() == 0u);  // nothing more is due
  BOOST_TEST(answers_at_every_size() == without, boost::test_tools::per_element());
  BOOST_TEST(ledger->update_snapshots() == 0u);  // every snapshot passed its checks: none was erased
}

BOOST_FIXTURE_TEST_CASE(a_decoded_fold_encodes_to_the_same_bytes_and_folds_on_alike, SnapshotLedger) {
  reopen_with(kIntervalEvents);
  BOOST_TEST(ledger->update_snapshots() > 0u);
  // A fold from seq 0 to the end, and one resumed from the snapshot at 2 * interval, give the same bytes.
  domain::LedgerFold whole;
  replay::fold_records(*ledger, whole, ledger->tree_size());
  domain::LedgerFold part;
  replay::fold_records(*ledger, part, 2 * kIntervalEvents);
  const std::string bytes = part.encode();
  std::optional<domain::LedgerFold> decoded = domain::LedgerFold::decode(bytes);
  BOOST_TEST_REQUIRE(decoded.has_value());
  BOOST_TEST(decoded->encode() == bytes);
  replay::fold_records(*ledger, *decoded, ledger->tree_size());
  BOOST_TEST(decoded->encode() == whole.encode());
  // Damaged bytes never decode into a fold silently: truncated, trailing, another version.
  BOOST_TEST(!domain::LedgerFold::decode(bytes.substr(0, bytes.size() - 1)).has_value());
  BOOST_TEST(!domain::LedgerFold::decode(bytes + "x").has_value());
  BOOST_TEST(!domain::LedgerFold::decode("\x01" + bytes.substr(1)).has_value());
  BOOST_TEST(!domain::LedgerFold::decode("").has_value());
  // An enterprise's bytes that do not decode (the last enterprise's incident count, 0, made 1): refused at once
  // when every enterprise is checked; with the framing alone, refused when a board reads that enterprise.
  std::string bad = bytes;
  BOOST_TEST_REQUIRE(bad.back() == '\0');
  bad.back() = '\x01';
  BOOST_TEST(!domain::LedgerFold::decode(bad).has_value());
  std::optional<domain::LedgerFold> lazy = domain::LedgerFold::decode(bad, domain::LedgerFold::Validate::framing);
  BOOST_TEST_REQUIRE(lazy.has_value());
  BOOST_CHECK_THROW(lazy->year_board(2022), std::logic_error);
  const domain::YearBoard board = domain::LedgerFold::decode(bytes, domain::LedgerFold::Validate::framing)->year_board(2022);
  BOOST_TEST_REQUIRE(board.entries.size() == 1u);  // A alone has filed its FY 2021 report by then
  BOOST_TEST(board.entries[0].score.total_milli == part.year_board(2022).entries[0].score.total_milli);
}

BOOST_FIXTURE_TEST_CASE(losing_the_snapshot_store_only_costs_speed, SnapshotLedger) {
  reopen_with(0);
  const std::vector<std::string> expected = answers_at_every_size();
  reopen_with(kIntervalEvents);
  BOOST_TEST(ledger->update_snapshots() > 0u);
  ledger.reset();
  std::filesystem::remove_all(store_dir());
  reopen_with(kIntervalEvents);
  BOOST_TEST(answers_at_every_size() == expected, boost::test_tools::per_element());
  BOOST_TEST(ledger->update_snapshots() == ledger->tree_size() / kIntervalEvents);  // made again
}

BOOST_FIXTURE_TEST_CASE(a_damaged_snapshot_store_is_made_again, SnapshotLedger) {
  reopen_with(0);
  const std::vector<std::string> expected = answers_at_every_size();
  reopen_with(kIntervalEvents);
  BOOST_TEST(ledger->update_snapshots() > 0u);
  ledger.reset();
  {
    std::ofstream damage(store_dir() / "data.mdb", std::ios::binary | std::ios::trunc);
    damage << std::string(8192, '\x5a');
  }
  reopen_with(kIntervalEvents);
  BOOST_TEST(answers_at_every_size() == expected, boost::test_tools::per_element());
  BOOST_TEST(ledger->update_snapshots() == ledger->tree_size() / kIntervalEvents);
}

BOOST_FIXTURE_TEST_CASE(a_snapshot_with_a_damaged_payload_is_erased_not_used, SnapshotLedger) {
  reopen_with(kIntervalEvents);
  domain::LedgerFold fold;
  replay::fold_records(*ledger, fold, kIntervalEvents);
  std::string envelope = replay::FoldSnapshots::envelope(ledger->root(kIntervalEvents), kIntervalEvents, fold.encode());
  BOOST_TEST(replay::FoldSnapshots::open_envelope(envelope, kIntervalEvents, *ledger).has_value());
  BOOST_TEST(!replay::FoldSnapshots::open_envelope(envelope, kIntervalEvents + 1, *ledger).has_value());  // other key
  // Hashed on a second thread while the payload decodes, as a large envelope is: the same answers.
  BOOST_TEST(replay::FoldSnapshots::open_envelope(envelope, kIntervalEvents, *ledger, 0).has_value());
  envelope[envelope.size() / 2] ^= 1;
  BOOST_TEST(!replay::FoldSnapshots::open_envelope(envelope, kIntervalEvents, *ledger).has_value());  // checksum
  BOOST_TEST(!replay::FoldSnapshots::open_envelope(envelope, kIntervalEvents, *ledger, 0).has_value());
  // Damage in the payload's framing: the decode fails or throws on the bytes; the checksum decides the answer.
  std::string framing = replay::FoldSnapshots::envelope(ledger->root(kIntervalEvents), kIntervalEvents, fold.encode());
  framing[framing.size() - 40] ^= 0x7f;
  BOOST_TEST(!replay::FoldSnapshots::open_envelope(framing, kIntervalEvents, *ledger, 0).has_value());
}

// A snapshot of an older fold format (here: the payload's version byte 2, in a valid envelope) is erased when the
// store is opened, so that the follower takes it again instead of stepping over it as stored.
BOOST_FIXTURE_TEST_CASE(snapshots_of_an_older_fold_format_are_erased_at_open_and_taken_again, SnapshotLedger) {
  reopen_with(0);
  const std::vector<std::string> expected = answers_at_every_size();
  reopen_with(kIntervalEvents);
  const std::uint64_t due = ledger->tree_size() / kIntervalEvents;
  BOOST_TEST_REQUIRE(ledger->update_snapshots() == due);
  domain::LedgerFold fold;
  replay::fold_records(*ledger, fold, kIntervalEvents);
  std::string older = fold.encode();
  BOOST_TEST_REQUIRE(static_cast<int>(older[0]) == static_cast<int>(domain::LedgerFold::kFoldEncodingVersion));
  older[0] = static_cast<char>(domain::LedgerFold::kFoldEncodingVersion - 1);
  const std::string envelope = replay::FoldSnapshots::envelope(ledger->root(kIntervalEvents), kIntervalEvents, older);
  ledger.reset();
  {
    auto store = storage::SnapshotStore::open(store_dir(), false, false);
    BOOST_TEST_REQUIRE(store.has_value());
    BOOST_TEST(((*store)->put(kIntervalEvents, envelope) == storage::Status::ok));
  }
  reopen_with(kIntervalEvents);
  ledger.reset();
  {
    auto store = storage::SnapshotStore::open(store_dir(), false, false);
    BOOST_TEST_REQUIRE(store.has_value());
    const std::vector<std::uint64_t> sizes = (*store)->tree_sizes();
    BOOST_TEST(sizes.size() == due - 1);
    BOOST_TEST((std::find(sizes.begin(), sizes.end(), kIntervalEvents) == sizes.end()));
  }
  reopen_with(kIntervalEvents);
  BOOST_TEST(ledger->update_snapshots() == 1u);
  BOOST_TEST(answers_at_every_size() == expected, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(snapshots_survive_a_rebuild, SnapshotLedger) {
  reopen_with(0);
  const std::vector<std::string> expected = answers_at_every_size();
  reopen_with(kIntervalEvents);
  BOOST_TEST(ledger->update_snapshots() > 0u);
  BOOST_TEST(ledger->rebuild(false, {}).verified_equal);
  reopen_with(kIntervalEvents);
  BOOST_TEST(answers_at_every_size() == expected, boost::test_tools::per_element());
  BOOST_TEST(ledger->update_snapshots() == 0u);  // the log did not change: every snapshot still verifies
}

BOOST_AUTO_TEST_CASE(snapshots_of_another_log_are_never_used) {
  SnapshotLedger other(".other");  // another model version: another log from the first record on
  other.reopen_with(kIntervalEvents);
  BOOST_TEST(other.ledger->update_snapshots() > 0u);
  other.ledger.reset();
  SnapshotLedger mine;
  mine.reopen_with(0);
  const std::vector<std::string> expected = mine.answers_at_every_size();
  mine.ledger.reset();
  std::filesystem::remove_all(mine.store_dir());
  std::filesystem::copy(other.store_dir(), mine.store_dir(), std::filesystem::copy_options::recursive);
  mine.reopen_with(kIntervalEvents);
  BOOST_TEST(mine.answers_at_every_size() == expected, boost::test_tools::per_element());
  // Each foreign snapshot failed the root check and was erased; the log's own are made in their place.
  BOOST_TEST(mine.ledger->update_snapshots() == mine.ledger->tree_size() / kIntervalEvents);
}

// Full snapshots every 8 records, deltas every 2 between them: at 2 a full one (nothing below to be a delta
// of), deltas at 4 and 6 over it, a full one at 8, deltas at 10, 12 and 14 over it, a full one at 16, a delta at
// 18 over it. Then three more records, and the follower, resumed from the delta at 18, writes a delta at 20.
BOOST_FIXTURE_TEST_CASE(delta_snapshots_give_the_same_answers, SnapshotLedger) {
  constexpr std::uint64_t kFullEvery = 8;
  constexpr std::uint64_t kDeltaEvery = 2;
  BOOST_TEST_REQUIRE(ledger->tree_size() == 18u);
  reopen_with(kFullEvery, kDeltaEvery);
  BOOST_TEST(ledger->update_snapshots() == 9u);
  for (int i = 0; i < 3; ++i) {
    expect_created(post(test::enterprise(test::kUsccB), rd_expense(test::kUsccB, "rd-more-" + std::to_string(i), 7000 + i)));
  }
  reopen_with(kFullEvery, kDeltaEvery);  // no follower in memory: it resumes from the store
  BOOST_TEST(ledger->update_snapshots() == 1u);
  const std::vector<std::string> with = answers_at_every_size();
  BOOST_TEST(ledger->update_snapshots() == 0u);  // every snapshot passed its checks: none was erased
  reopen_with(0);
  BOOST_TEST(answers_at_every_size() == with, boost::test_tools::per_element());

  // Each snapshot, full or with its base under it, is the fold of the log up to its size, byte for byte.
  ledger.reset();
  const auto snapshots = replay::FoldSnapshots::open(dir.path(), false, false, kFullEvery, kDeltaEvery);
  BOOST_TEST_REQUIRE(snapshots != nullptr);
  reopen_with(0);
  for (std::uint64_t size = kDeltaEvery; size <= 20; size += kDeltaEvery) {
    std::optional<domain::LedgerFold> loaded = snapshots->load_nearest(*ledger, size);
    BOOST_TEST_REQUIRE(loaded.has_value());
    BOOST_TEST(loaded->tree_size() == size);
    BOOST_TEST(loaded->base_size() == (size < kFullEvery ? kDeltaEvery : size / kFullEvery * kFullEvery));
    domain::LedgerFold folded;
    replay::fold_records(*ledger, folded, size);
    BOOST_TEST(loaded->encode() == folded.encode());
    replay::fold_records(*ledger, *loaded, ledger->tree_size());  // and folds on alike
    domain::LedgerFold whole;
    replay::fold_records(*ledger, whole, ledger->tree_size());
    BOOST_TEST(loaded->encode() == whole.encode());
  }
}

BOOST_FIXTURE_TEST_CASE(a_delta_without_its_base_is_erased_not_used, SnapshotLedger) {
  reopen_with(8, 2);
  BOOST_TEST(ledger->update_snapshots() == 9u);
  ledger.reset();
  std::string base_payload;
  {
    auto store = storage::SnapshotStore::open(store_dir(), false, false);
    BOOST_TEST_REQUIRE(store.has_value());
    // The base at 8 erased: the deltas at 10, 12 and 14 cannot be used.
    BOOST_TEST(((*store)->erase(8) == storage::Status::ok));
    // The base at 16 replaced by an envelope of the same fold made otherwise (version 1): a full snapshot that
    // passes its checks, but not the base the delta at 18 was made over.
    (*store)->read(16, [&](std::string_view bytes) {
      base_payload.assign(bytes.substr(1 + 8 + 32 + 8 + 32 + 8, bytes.size() - (1 + 8 + 32 + 8 + 32 + 8) - 32));
    });
  }
  reopen_with(0);
  std::string version1;
  version1.push_back('\x01');
  version1 += storage::encode_u64(16);
  const domain::Digest root = ledger->root(16);
  version1.append(reinterpret_cast<const char*>(root.data()), root.size());
  version1 += storage::encode_u64(base_payload.size());
  version1 += base_payload;
  const domain::Digest checksum = domain::sha256(version1);
  version1.append(reinterpret_cast<const char*>(checksum.data()), checksum.size());
  BOOST_TEST(replay::FoldSnapshots::open_envelope(version1, 16, *ledger).has_value());
  ledger.reset();
  {
    auto store = storage::SnapshotStore::open(store_dir(), false, false);
    BOOST_TEST(((*store)->put(16, version1) == storage::Status::ok));
  }
  reopen_with(0);
  const std::vector<std::string> expected = answers_at_every_size();
  reopen_with(8, 2);
  BOOST_TEST(answers_at_every_size() == expected, boost::test_tools::per_element());
  ledger.reset();
  {
    auto store = storage::SnapshotStore::open(store_dir(), false, false);
    // The deltas over the missing base, and the one over the replaced base, were erased; the rest are there.
    BOOST_TEST((*store)->tree_sizes() == (std::vector<std::uint64_t>{2, 4, 6, 16}), boost::test_tools::per_element());
  }
  reopen_with(8, 2);
  BOOST_TEST(ledger->update_snapshots() == 5u);  // 8, 10, 12, 14 and 18 made again
  // The follower, passing the full snapshot stored at 16, continued from it: the delta at 18 is over 16.
  ledger.reset();
  const auto snapshots = replay::FoldSnapshots::open(dir.path(), false, false, 8, 2);
  BOOST_TEST_REQUIRE(snapshots != nullptr);
  reopen_with(0);
  const std::optional<domain::LedgerFold> at_18 = snapshots->load_nearest(*ledger, 18);
  BOOST_TEST_REQUIRE(at_18.has_value());
  BOOST_TEST(at_18->tree_size() == 18u);
  BOOST_TEST(at_18->base_size() == 16u);
}

BOOST_AUTO_TEST_CASE(the_board_cache_never_answers_with_another_models_board) {
  // Two logs alike but for the model's version, at the same tree size, read through one cache.
  SnapshotLedger first;
  SnapshotLedger second(".other");
  BOOST_TEST_REQUIRE(first.ledger->tree_size() == second.ledger->tree_size());
  replay::ScoreCache cache;
  const auto from_first = cache.boards(*first.ledger, std::nullopt, 2022, false).first;
  const auto from_second = cache.boards(*second.ledger, std::nullopt, 2022, false).first;
  BOOST_TEST(from_first != from_second);
  BOOST_TEST(from_first->model->version != from_second->model->version);
  BOOST_TEST(cache.boards(*first.ledger, std::nullopt, 2022, false).first == from_first);  // cached
  const std::uint64_t size = first.ledger->tree_size();
  const auto folded_first = cache.boards(*first.ledger, size, 2022, false).first;
  BOOST_TEST(folded_first == from_first);  // the same key: the as_of read of the current size is the same board
  BOOST_TEST(cache.boards(*second.ledger, size, 2022, false).first->model->version == from_second->model->version);
}

BOOST_AUTO_TEST_SUITE_END()
