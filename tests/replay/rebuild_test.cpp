// Rebuilt projection state equals live state byte for byte; verify() names the first bad seq.
#include <boost/test/unit_test.hpp>

#include "replay/ledger.hpp"
#include "replay/ledger_fixture.hpp"
#include "replay/projection.hpp"
#include "replay/projection_state.hpp"
#include "storage/lmdb.hpp"
#include "storage/stores.hpp"

using namespace jifen;
using test::LedgerFixture;

namespace {

// A workload that touches every projection: registrations, facts, patents, certifications, incidents,
// retractions, affiliation changes, keys.
void mixed_workload(LedgerFixture& f) {
  using test::kUsccA;
  using test::kUsccB;
  f.expect_created(f.post(test::bureau(), LedgerFixture::registration(kUsccA)));
  f.expect_created(f.post(test::bureau(), LedgerFixture::registration(kUsccB, "reg-b")));
  for (int i = 0; i < 30; ++i) {
    const std::string uscc = i % 2 == 0 ? kUsccA : kUsccB;
    f.expect_created(f.post(test::enterprise(uscc), LedgerFixture::rd_expense(uscc, "rd-" + std::to_string(i), 100 + i)));
    f.expect_created(f.post(test::enterprise(uscc), LedgerFixture::annual_report(uscc, "ar-" + std::to_string(i), 2019 + i % 3, 1000000 + i)));
  }
  f.expect_created(f.post(test::enterprise(kUsccA), R"({"event_id":"pa","type":"patent.applied","enterprise":"91320621MA1MRHG205","occurred_on":"2010-06-01","data":{"application_no":"CN201080063196.9","kind":"invention","filed_on":"2010-06-01"}})"));
  const auto grant = f.post(test::bureau(), R"({"event_id":"pg","type":"patent.granted","enterprise":"91320621MA1MRHG205","occurred_on":"2012-01-01","data":{"application_no":"CN201080063196.9","granted_on":"2012-01-01"}})");
  f.expect_created(grant);
  f.expect_created(f.post(test::bureau(), R"({"event_id":"cg","type":"certification.granted","enterprise":"91350100M000100Y43","occurred_on":"2020-01-01","data":{"kind":"hnte","cert_no":"GR2020001","valid_from":"2020-01-01","valid_to":"2022-12-31"}})"));
  f.expect_created(f.post(test::bureau(), R"({"event_id":"ir","type":"compliance.incident_recorded","enterprise":"91350100M000100Y43","occurred_on":"2020-05-01","data":{"incident_id":"inc-1","kind":"abnormal_operation","from":"2020-05-01"}})"));
  f.expect_created(f.post(test::bureau(), R"({"event_id":"ic","type":"compliance.incident_cleared","enterprise":"91350100M000100Y43","occurred_on":"2020-09-01","data":{"incident_id":"inc-1","cleared_on":"2020-09-01"}})"));
  f.expect_created(f.post(test::bureau(), R"({"event_id":"af","type":"enterprise.affiliation_changed","enterprise":"91350100M000100Y43","occurred_on":"2021-01-01","data":{"chains":["bio","ic"]}})"));
  f.expect_created(f.post(test::bureau(), LedgerFixture::retraction(kUsccA, "x-grant", grant.receipts[0].seq)));
  f.expect_created(f.post(test::enterprise(kUsccB), LedgerFixture::retraction(kUsccB, "x-rd", 7)));
  f.ledger->create_key(domain::Role::auditor, std::nullopt, std::string(32, '\x01'));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rebuild)

BOOST_FIXTURE_TEST_CASE(rebuilt_state_equals_live_state, LedgerFixture) {
  mixed_workload(*this);
  const auto check = ledger->rebuild(true, {});
  BOOST_TEST(check.verified_equal);
  for (const auto& difference : check.differences) BOOST_TEST_MESSAGE(difference);
  BOOST_TEST(check.events == ledger->tree_size());

  // Switch to the rebuilt generation, keep writing, and compare again.
  const auto switched = ledger->rebuild(false, {});
  BOOST_TEST(switched.verified_equal);
  expect_created(post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "after", 7)));
  BOOST_TEST(ledger->enterprise(test::kUsccA)->version > 0U);
  BOOST_TEST(ledger->rebuild(true, {}).verified_equal);
  BOOST_TEST(ledger->verify({}).ok);
}

// In chunks of 7 events (a commit, and the stream versions held back, flushed at each), the rebuilt state is the
// live one too, switched to or compared.
BOOST_FIXTURE_TEST_CASE(rebuilt_in_small_chunks_state_equals_live_state, LedgerFixture) {
  mixed_workload(*this);
  rebuild_chunk_events_max = 7;
  reopen();
  const std::uint64_t size = ledger->tree_size();
  BOOST_TEST_REQUIRE(size > 7 * 5);
  int reports = 0;
  const auto check = ledger->rebuild(true, [&](std::uint64_t, std::uint64_t) { ++reports; });
  BOOST_TEST(check.verified_equal);
  for (const auto& difference : check.differences) BOOST_TEST_MESSAGE(difference);
  BOOST_TEST(check.events == size);
  BOOST_TEST(reports == static_cast<int>((size + 6) / 7));  // one progress report per chunk
  BOOST_TEST(ledger->rebuild(false, {}).verified_equal);
  expect_created(post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "after-chunks", 7)));
  BOOST_TEST(ledger->rebuild(true, {}).verified_equal);
}

BOOST_FIXTURE_TEST_CASE(a_changed_projection_is_reported, LedgerFixture) {
  mixed_workload(*this);
  ledger.reset();
  {
    storage::EnvironmentOptions options;
    options.map_size_bytes = std::size_t{1} << 30;
    auto env = storage::Environment::open(dir.path(), options).value();
    auto txn = env->begin_write().value();
    const auto active = storage::meta::get(txn, "projection.active").value_or("a");
    const auto db = active == "b" ? storage::Db::projection_b : storage::Db::projection_a;
    BOOST_TEST_REQUIRE((txn.put(db, "Zsip", "tampered") == storage::Status::ok));
    BOOST_TEST_REQUIRE((txn.commit() == storage::Status::ok));
  }
  open(false);
  const auto report = ledger->rebuild(true, {});
  BOOST_TEST(!report.verified_equal);
  BOOST_TEST_REQUIRE(!report.differences.empty());
  BOOST_TEST(report.differences[0].find("Zsip") != std::string::npos);
}

// A rebuild holds each chunk's stream-version bumps back and writes each enterprise once (VersionBumps): nothing
// is written before flush(), the counts add up, and an enterprise that is not there is a contradiction at once.
BOOST_FIXTURE_TEST_CASE(version_bumps_are_held_until_flushed_and_need_the_enterprise, LedgerFixture) {
  mixed_workload(*this);
  change_storage([](storage::WriteTxn& txn) {
    const auto active = storage::meta::get(txn, "projection.active").value_or("a");
    replay::ProjectionState state(txn, active == "b" ? storage::Db::projection_b : storage::Db::projection_a);
    const std::uint64_t a = state.enterprise(test::kUsccA).value().version;
    const std::uint64_t b = state.enterprise(test::kUsccB).value().version;
    replay::VersionBumps bumps;
    bumps.add(state, test::kUsccA, 100);
    bumps.add(state, test::kUsccB, 101);
    bumps.add(state, test::kUsccA, 102);
    BOOST_TEST(state.enterprise(test::kUsccA)->version == a);
    bumps.flush(state);
    BOOST_TEST(state.enterprise(test::kUsccA)->version == a + 2);
    BOOST_TEST(state.enterprise(test::kUsccB)->version == b + 1);
    bumps.flush(state);  // nothing pending: nothing changes
    BOOST_TEST(state.enterprise(test::kUsccA)->version == a + 2);
    BOOST_CHECK_EXCEPTION(bumps.add(state, test::kUsccC, 103), std::logic_error, [](const std::logic_error& error) {
      return std::string(error.what()).find("seq 103") != std::string::npos;
    });
  });
}

BOOST_FIXTURE_TEST_CASE(verify_names_the_first_bad_seq, LedgerFixture) {
  mixed_workload(*this);
  BOOST_TEST(ledger->verify({}).ok);
  const std::uint64_t size = ledger->tree_size();
  ledger.reset();
  {
    storage::EnvironmentOptions options;
    options.map_size_bytes = std::size_t{1} << 30;
    auto env = storage::Environment::open(dir.path(), options).value();
    auto txn = env->begin_write().value();
    std::string record(*storage::event_log::get(txn, 17));
    record[record.size() - 3] ^= 0x01;  // one bit of the data
    BOOST_TEST_REQUIRE((txn.put(storage::Db::log, storage::encode_u64(17), record) == storage::Status::ok));
    BOOST_TEST_REQUIRE((txn.commit() == storage::Status::ok));
  }
  open(false);
  const auto report = ledger->verify({});
  BOOST_TEST(!report.ok);
  BOOST_TEST_REQUIRE(report.first_bad_seq.has_value());
  BOOST_TEST(*report.first_bad_seq == 17U);
  BOOST_TEST(report.tree_size == size);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(projection_facts)

BOOST_FIXTURE_TEST_CASE(facts_carry_their_seqs_and_a_retraction_removes_exactly_one, LedgerFixture) {
  expect_created(post(test::bureau(), registration(test::kUsccA)));
  const auto first = post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "rd-1", 100));
  const auto second = post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "rd-2", 250));
  expect_created(post(test::enterprise(test::kUsccA), annual_report(test::kUsccA, "ar-1", 2021, 9000)));
  expect_created(post(test::enterprise(test::kUsccA), retraction(test::kUsccA, "x-1", first.receipts[0].seq)));
  ledger.reset();
  storage::EnvironmentOptions options;
  options.map_size_bytes = std::size_t{1} << 30;
  auto env = storage::Environment::open(dir.path(), options).value();
  auto txn = env->begin_read().value();
  const replay::ProjectionState state(txn, storage::Db::projection_a);
  const auto facts = state.year_facts(test::kUsccA, 2021);
  BOOST_TEST_REQUIRE(facts.rd.size() == 1U);
  BOOST_TEST(facts.rd[0].seq == second.receipts[0].seq);
  BOOST_TEST(facts.rd[0].amount_fen == 250);
  BOOST_TEST_REQUIRE(facts.reports.size() == 1U);
  BOOST_TEST(facts.reports[0].report.revenue.value == 9000);
  BOOST_TEST(state.retracted_by(first.receipts[0].seq).has_value());
  BOOST_TEST(state.year_facts(test::kUsccA, 2020).rd.empty());
  BOOST_TEST(state.tree_size() == 8U);
}

BOOST_AUTO_TEST_SUITE_END()
