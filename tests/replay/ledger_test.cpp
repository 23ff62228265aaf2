// The Ledger's write path end to end against a real LMDB directory: receipts, idempotency, versions,
// authority, stateful validation, batches, restarts, time.
#include <set>
#include <thread>

#include <boost/test/unit_test.hpp>

#include "domain/leaf.hpp"
#include "replay/ledger.hpp"
#include "replay/ledger_fixture.hpp"

using namespace jifen;
using test::LedgerFixture;

namespace {
std::string outcome(const replay::SubmitResult& result) { return std::string(replay::to_string(result.outcome)); }
}  // namespace

BOOST_AUTO_TEST_SUITE(ledger)

BOOST_FIXTURE_TEST_CASE(receipts_are_dense_and_hash_the_leaf, LedgerFixture) {
  const auto result = post(test::bureau(), registration(test::kUsccA));
  expect_created(result);
  BOOST_TEST_REQUIRE(result.receipts.size() == 1U);
  const auto& receipt = result.receipts[0];
  BOOST_TEST(receipt.seq == 3U);  // after one zone and two chains
  BOOST_TEST(receipt.tree_size == 4U);
  BOOST_TEST(receipt.event_id == "reg");
  BOOST_TEST(receipt.recorded_at == domain::format_timestamp_us(now_us));
  const auto record = ledger->event(3);
  BOOST_TEST_REQUIRE(record.has_value());
  BOOST_TEST((domain::leaf_hash(record->leaf) == receipt.leaf_hash));
  const auto leaf = domain::decode_leaf(record->leaf);
  BOOST_TEST_REQUIRE(leaf.has_value());
  BOOST_TEST(leaf->actor == "key-bureau");
  BOOST_TEST((leaf->data_sha256 == domain::sha256(record->data)));
  BOOST_TEST(ledger->tree_size() == 4U);
}

BOOST_FIXTURE_TEST_CASE(root_matches_a_recomputation, LedgerFixture) {
  expect_created(post(test::bureau(), registration(test::kUsccA)));
  for (int i = 0; i < 20; ++i) {
    expect_created(post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "rd-" + std::to_string(i), 1000 + i)));
  }
  std::vector<domain::Digest> leaves;
  for (const auto& record : ledger->events(0, 1000)) leaves.push_back(domain::leaf_hash(record.leaf));
  BOOST_TEST_REQUIRE(leaves.size() == 24U);
  for (std::size_t size = 0; size <= leaves.size(); ++size) {
    const std::vector<domain::Digest> prefix(leaves.begin(), leaves.begin() + static_cast<long>(size));
    BOOST_TEST((ledger->root(size) == domain::merkle_root(prefix)), "tree size " << size);
  }
}

BOOST_FIXTURE_TEST_CASE(same_event_twice_gives_the_original_receipt, LedgerFixture) {
  expect_created(post(test::bureau(), registration(test::kUsccA)));
  const auto first = post(test::enterprise(test::kUsccA), annual_report(test::kUsccA, "ar-2021", 2021, 5000));
  expect_created(first);
  now_us += 5000000;
  const auto again = post(test::enterprise(test::kUsccA), annual_report(test::kUsccA, "ar-2021", 2021, 5000));
  BOOST_TEST(outcome(again) == "replayed");
  BOOST_TEST_REQUIRE(again.receipts.size() == 1U);
  BOOST_TEST(again.receipts[0].seq == first.receipts[0].seq);
  BOOST_TEST(again.receipts[0].recorded_at == first.receipts[0].recorded_at);
  BOOST_TEST((again.receipts[0].leaf_hash == first.receipts[0].leaf_hash));
  const auto other = post(test::enterprise(test::kUsccA), annual_report(test::kUsccA, "ar-2021", 2021, 6000));
  BOOST_TEST(outcome(other) == "conflict");
  BOOST_TEST(ledger->tree_size() == 5U);
}

BOOST_FIXTURE_TEST_CASE(event_ids_are_scoped_by_owner, LedgerFixture) {
  expect_created(post(test::bureau(), registration(test::kUsccA)));
  expect_created(post(test::bureau(), registration(test::kUsccB, "reg-b")));
  expect_created(post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "rd-1", 100)));
  expect_created(post(test::enterprise(test::kUsccB), rd_expense(test::kUsccB, "rd-1", 100)));
}

BOOST_FIXTURE_TEST_CASE(if_match_checks_the_stream_version, LedgerFixture) {
  expect_created(post(test::bureau(), registration(test::kUsccA)));
  BOOST_TEST(ledger->enterprise(test::kUsccA)->version == 1U);
  expect_created(post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "rd-1", 100), 1));
  const auto stale = post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "rd-2", 100), 1);
  BOOST_TEST(outcome(stale) == "precondition_failed");
  BOOST_TEST_REQUIRE(stale.current_version.has_value());
  BOOST_TEST(*stale.current_version == 2U);
  expect_created(post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "rd-2", 100), 2));
}

BOOST_FIXTURE_TEST_CASE(authority_is_enforced, LedgerFixture) {
  expect_created(post(test::bureau(), registration(test::kUsccA)));
  expect_created(post(test::bureau(), registration(test::kUsccB, "reg-b")));
  BOOST_TEST(outcome(post(test::enterprise(test::kUsccB), rd_expense(test::kUsccA, "rd-x", 100))) == "forbidden");
  BOOST_TEST(outcome(post(test::enterprise(test::kUsccA), registration(test::kUsccC, "reg-c"))) == "forbidden");
  const replay::Actor auditor{"key-auditor", domain::Role::auditor, std::nullopt};
  BOOST_TEST(outcome(post(auditor, rd_expense(test::kUsccA, "rd-y", 100))) == "forbidden");
  BOOST_TEST(outcome(post(test::bureau(), rd_expense(test::kUsccA, "rd-z", 100))) == "forbidden");
  BOOST_TEST(ledger->tree_size() == 5U);
}

BOOST_FIXTURE_TEST_CASE(stateful_rules_name_the_field, LedgerFixture) {
  auto unknown = post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "rd-1", 100));
  BOOST_TEST(outcome(unknown) == "invalid");
  BOOST_TEST_REQUIRE(!unknown.errors.empty());
  BOOST_TEST(unknown.errors[0].field == "enterprise");

  auto bad_zone = post(test::bureau(), R"({"event_id":"r","type":"enterprise.registered","enterprise":"91320621MA1MRHG205","occurred_on":"2020-01-02","data":{"name":"X","zone":"nowhere","chains":[],"registered_on":"2015-03-04"}})");
  BOOST_TEST(outcome(bad_zone) == "invalid");
  BOOST_TEST(bad_zone.errors.at(0).field == "data.zone");

  expect_created(post(test::bureau(), registration(test::kUsccA)));
  BOOST_TEST(outcome(post(test::bureau(), registration(test::kUsccA, "reg-again"))) == "invalid");
  auto grant = post(test::enterprise(test::kUsccA), R"({"event_id":"g","type":"patent.granted","enterprise":"91320621MA1MRHG205","occurred_on":"2021-01-01","data":{"application_no":"CN201080063196.9","granted_on":"2021-01-01"}})");
  BOOST_TEST(outcome(grant) == "invalid");
  BOOST_TEST(grant.errors.at(0).field == "data.application_no");
  expect_created(post(test::enterprise(test::kUsccA), R"({"event_id":"a","type":"patent.applied","enterprise":"91320621MA1MRHG205","occurred_on":"2010-06-01","data":{"application_no":"CN201080063196.9","kind":"invention","filed_on":"2010-06-01"}})"));
  auto early = post(test::enterprise(test::kUsccA), R"({"event_id":"g2","type":"patent.granted","enterprise":"91320621MA1MRHG205","occurred_on":"2009-01-01","data":{"application_no":"201080063196.9","granted_on":"2009-01-01"}})");
  BOOST_TEST(outcome(early) == "invalid");
  BOOST_TEST(early.errors.at(0).field == "data.granted_on");
  expect_created(post(test::enterprise(test::kUsccA), R"({"event_id":"g3","type":"patent.granted","enterprise":"91320621MA1MRHG205","occurred_on":"2012-01-01","data":{"application_no":"201080063196.9","granted_on":"2012-01-01"}})"));
}

BOOST_FIXTURE_TEST_CASE(a_batch_is_all_or_nothing, LedgerFixture) {
  const std::uint64_t before = ledger->tree_size();
  const auto failed = post_batch(test::bureau(), {registration(test::kUsccA, "b1"), registration(test::kUsccB, "b2"),
                                                  registration(test::kUsccA, "b3")});
  BOOST_TEST(outcome(failed) == "invalid");
  BOOST_TEST_REQUIRE(failed.index.has_value());
  BOOST_TEST(*failed.index == 2U);
  BOOST_TEST(ledger->tree_size() == before);
  BOOST_TEST(!ledger->enterprise(test::kUsccA).has_value());

  const auto ok = post_batch(test::bureau(), {registration(test::kUsccA, "b1"), registration(test::kUsccB, "b2")});
  expect_created(ok);
  BOOST_TEST(ok.receipts.size() == 2U);
  BOOST_TEST(ok.receipts[1].seq == ok.receipts[0].seq + 1);
  BOOST_TEST(outcome(post_batch(test::bureau(), {registration(test::kUsccA, "b1"), registration(test::kUsccB, "b2")})) == "replayed");
}

BOOST_FIXTURE_TEST_CASE(retraction_stops_a_fact_counting_once, LedgerFixture) {
  expect_created(post(test::bureau(), registration(test::kUsccA)));
  const auto filed = post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "rd-1", 100));
  expect_created(filed);
  expect_created(post(test::enterprise(test::kUsccA), retraction(test::kUsccA, "x-1", filed.receipts[0].seq)));
  BOOST_TEST(outcome(post(test::enterprise(test::kUsccA), retraction(test::kUsccA, "x-2", filed.receipts[0].seq))) == "conflict");
  // A registration cannot be retracted; nor can a seq beyond the log.
  BOOST_TEST(outcome(post(test::bureau(), retraction(test::kUsccA, "x-3", 3))) == "invalid");
  BOOST_TEST(outcome(post(test::bureau(), retraction(test::kUsccA, "x-4", 999))) == "invalid");
}

// A submission's stream-version raises are written once at its end: a batch raises the version by the events it
// appends (not those it replays), a refused batch by none, and If-Match sees the result.
BOOST_FIXTURE_TEST_CASE(a_batch_raises_the_stream_version_by_what_it_appends, LedgerFixture) {
  expect_created(post(test::bureau(), registration(test::kUsccA)));
  BOOST_TEST(ledger->enterprise(test::kUsccA)->version == 1U);
  std::vector<std::string> five;
  for (int i = 0; i < 5; ++i) five.push_back(rd_expense(test::kUsccA, "v-" + std::to_string(i), 100 + i));
  expect_created(post_batch(test::enterprise(test::kUsccA), five));
  BOOST_TEST(ledger->enterprise(test::kUsccA)->version == 6U);

  const std::uint64_t size = ledger->tree_size();
  const auto refused = post_batch(test::enterprise(test::kUsccA), {rd_expense(test::kUsccA, "v-5", 1), rd_expense(test::kUsccA, "v-6", 1),
                                                                   retraction(test::kUsccA, "v-x", 999)});
  BOOST_TEST(outcome(refused) == "invalid");
  BOOST_TEST(ledger->tree_size() == size);
  BOOST_TEST(ledger->enterprise(test::kUsccA)->version == 6U);

  expect_created(post_batch(test::enterprise(test::kUsccA), {five[0], rd_expense(test::kUsccA, "v-7", 7), rd_expense(test::kUsccA, "v-8", 8)}));
  BOOST_TEST(ledger->enterprise(test::kUsccA)->version == 8U);
  BOOST_TEST(outcome(post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "v-9", 9), 7)) == "precondition_failed");
  expect_created(post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "v-9", 9), 8));
  BOOST_TEST(ledger->enterprise(test::kUsccA)->version == 9U);
  reopen();
  BOOST_TEST(ledger->enterprise(test::kUsccA)->version == 9U);
}

BOOST_FIXTURE_TEST_CASE(acknowledged_events_survive_a_restart, LedgerFixture) {
  expect_created(post(test::bureau(), registration(test::kUsccA)));
  std::vector<replay::Receipt> receipts;
  for (int i = 0; i < 50; ++i) {
    const auto result = post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "rd-" + std::to_string(i), 10 + i));
    expect_created(result);
    receipts.push_back(result.receipts[0]);
  }
  const auto root = ledger->root(ledger->tree_size());
  reopen();
  BOOST_TEST(ledger->tree_size() == 54U);
  BOOST_TEST((ledger->root(54) == root));
  for (const auto& receipt : receipts) {
    const auto record = ledger->event(receipt.seq);
    BOOST_TEST_REQUIRE(record.has_value());
    BOOST_TEST((record->leaf_hash == receipt.leaf_hash));
  }
  BOOST_TEST(ledger->enterprise(test::kUsccA)->version == 51U);
  BOOST_TEST(ledger->enterprise_events(test::kUsccA, 0, 1000).size() == 51U);
}

BOOST_FIXTURE_TEST_CASE(recorded_at_never_decreases, LedgerFixture) {
  expect_created(post(test::bureau(), registration(test::kUsccA)));
  const auto first = post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "rd-1", 100));
  now_us -= 3600000000;  // the clock steps back an hour
  const auto second = post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "rd-2", 100));
  expect_created(second);
  BOOST_TEST(second.receipts[0].recorded_at == first.receipts[0].recorded_at);
}

BOOST_FIXTURE_TEST_CASE(concurrent_submitters_get_dense_sequence_numbers, LedgerFixture) {
  expect_created(post(test::bureau(), registration(test::kUsccA)));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::vector<std::vector<std::uint64_t>> seqs(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      domain::EventDecoder local;
      for (int i = 0; i < kPerThread; ++i) {
        replay::Submission submission;
        submission.actor = test::enterprise(test::kUsccA);
        auto decoded = local.decode(rd_expense(test::kUsccA, "rd-" + std::to_string(t) + "-" + std::to_string(i), 5));
        submission.events.push_back(std::get<domain::Event>(std::move(decoded)));
        const auto result = ledger->submit_and_wait(std::move(submission));
        if (result.outcome == replay::SubmitOutcome::created) seqs[t].push_back(result.receipts[0].seq);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::uint64_t> all;
  for (const auto& list : seqs) all.insert(list.begin(), list.end());
  BOOST_TEST(all.size() == static_cast<std::size_t>(kThreads * kPerThread));
  BOOST_TEST(*all.begin() == 4U);
  BOOST_TEST(*all.rbegin() == 4U + kThreads * kPerThread - 1);
  BOOST_TEST(ledger->verify({}).ok);
}

BOOST_FIXTURE_TEST_CASE(keys_authenticate_until_revoked, LedgerFixture) {
  const std::string bytes(32, '\x07');
  const auto key = ledger->create_key(domain::Role::enterprise, std::string(test::kUsccA), bytes);
  const auto info = ledger->authenticate(key.secret);
  BOOST_TEST_REQUIRE(info.has_value());
  BOOST_TEST(info->key_id == key.key_id);
  BOOST_TEST((info->role == domain::Role::enterprise));
  BOOST_TEST(info->enterprise.value_or("") == test::kUsccA);
  BOOST_TEST(!ledger->authenticate(key.secret + "x").has_value());
  const auto revoke = post(test::admin(), R"({"event_id":"rv","type":"key.revoked","occurred_on":"2022-01-01","data":{"key_id":")" +
                                              key.key_id + R"(","role":"enterprise","enterprise":"91320621MA1MRHG205"}})");
  expect_created(revoke);
  BOOST_TEST(!ledger->authenticate(key.secret).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
