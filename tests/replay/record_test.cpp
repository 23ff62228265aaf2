// replay_event(), the decode of a stored record that rebuild and the as_of fold replay, and ReplayStream, which
// decodes a range of them on a thread of its own.
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

#include "domain/leaf.hpp"
#include "domain/ledger_fold.hpp"
#include "replay/fold_snapshots.hpp"
#include "replay/ledger_fixture.hpp"
#include "replay/record.hpp"
#include "replay/replay_stream.hpp"
#include "storage/lmdb.hpp"
#include "storage/stores.hpp"

namespace jifen::replay {
namespace {

constexpr std::string_view kData = R"({"amount_fen":120000,"category":"personnel","fiscal_year":2021,"project":"P-01"})";

domain::Leaf rd_leaf(std::uint64_t seq) {
  domain::Leaf leaf;
  leaf.actor = "k-7f3a";
  leaf.data_sha256 = domain::sha256(kData);
  leaf.enterprise = "91320602MA1WQ7KX3W";
  leaf.event_id = "rd-2021-0001";
  leaf.occurred_on = "2021-12-31";
  leaf.recorded_at = "2022-01-04T08:00:00.000001Z";
  leaf.seq = seq;
  leaf.type = "rd_expense.filed";
  return leaf;
}

void check_rd_event(const ReplayedEvent& replayed, std::string_view actor) {
  BOOST_TEST(replayed.actor == actor);
  const domain::Event& event = replayed.event;
  BOOST_TEST((event.type == domain::EventType::rd_expense_filed));
  BOOST_TEST(event.enterprise.value() == "91320602MA1WQ7KX3W");
  BOOST_TEST(event.occurred_on.to_string() == "2021-12-31");
  const auto& data = std::get<domain::RdExpenseFiled>(event.data);
  BOOST_TEST(data.fiscal_year == 2021);
  BOOST_TEST(data.project == "P-01");
  BOOST_TEST((data.category == domain::RdCategory::personnel));
  BOOST_TEST(data.amount.value == 120000);
}

// A ledger of `count` events past the fixture's three: zones z3, z4, ... defined in batches of 1,000.
struct ZonesLedger : test::LedgerFixture {
  explicit ZonesLedger(std::uint64_t count = 3000) {
    std::vector<std::string> lines;
    for (std::uint64_t i = 3; i < 3 + count; ++i) {
      lines.push_back(R"({"event_id":"z)" + std::to_string(i) + R"(","type":"zone.defined","occurred_on":"2021-01-01",)" +
                      R"("data":{"id":"z)" + std::to_string(i) + R"(","name":"Zone )" + std::to_string(i) + R"(","level":"national"}})");
      if (lines.size() == 1000) {
        expect_created(post_batch(test::admin(), lines));
        lines.clear();
      }
    }
    if (!lines.empty()) expect_created(post_batch(test::admin(), lines));
  }
};

// Every record the stream hands out, in order, checked against the zone it defines.
std::vector<std::uint64_t> drain(ReplayStream& stream) {
  std::vector<std::uint64_t> seqs;
  std::vector<ReplayedRecord> batch;
  while (stream.next(batch)) {
    BOOST_TEST_REQUIRE(!batch.empty());
    BOOST_TEST(batch.size() <= ReplayStream::kBatchRecords);
    for (const ReplayedRecord& record : batch) {
      seqs.push_back(record.seq);
      BOOST_TEST(record.replayed.actor == "admin");
      if (record.seq >= 3) {
        BOOST_TEST(std::get<domain::ZoneDefined>(record.replayed.event.data).id == "z" + std::to_string(record.seq));
      }
    }
  }
  return seqs;
}

std::vector<std::uint64_t> range(std::uint64_t from, std::uint64_t to) {
  std::vector<std::uint64_t> seqs;
  for (std::uint64_t seq = from; seq < to; ++seq) seqs.push_back(seq);
  return seqs;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(replay_stream)

BOOST_FIXTURE_TEST_CASE(hands_out_a_range_in_order_in_batches, ZonesLedger) {
  const std::uint64_t size = ledger->tree_size();
  BOOST_TEST_REQUIRE(size == 3003u);
  {
    ReplayStream stream(*ledger, 5, 2600);
    BOOST_TEST(drain(stream) == range(5, 2600), boost::test_tools::per_element());
  }
  {
    ReplayStream stream(*ledger, 0, size);
    BOOST_TEST(drain(stream) == range(0, size), boost::test_tools::per_element());
  }
  {  // past the log's end: what there is, then false
    ReplayStream stream(*ledger, 2990, size + 5000);
    BOOST_TEST(drain(stream) == range(2990, size), boost::test_tools::per_element());
  }
  {
    ReplayStream stream(*ledger, 7, 7);
    BOOST_TEST(drain(stream).empty());
  }
}

BOOST_FIXTURE_TEST_CASE(stops_when_dropped_before_the_end, ZonesLedger) {
  ReplayStream stream(*ledger, 0, ledger->tree_size());
  std::vector<ReplayedRecord> batch;
  BOOST_TEST_REQUIRE(stream.next(batch));
  BOOST_TEST(batch.front().seq == 0u);
  // The destructor joins a thread that is blocked with kBatchesAhead batches decoded and waiting.
}

BOOST_FIXTURE_TEST_CASE(a_record_that_does_not_decode_is_thrown_after_the_records_before_it, ZonesLedger) {
  constexpr std::uint64_t kBroken = 2500;
  change_storage([](storage::WriteTxn& txn) {
    const std::string record(storage::event_log::get(txn, kBroken).value());
    const RecordParts parts = split_record(record).value();
    std::string data(parts.data);
    data.replace(data.find("national"), 8, "galactic");
    BOOST_TEST_REQUIRE((txn.put(storage::Db::log, storage::encode_u64(kBroken), encode_record(parts.leaf, data)) ==
                        storage::Status::ok));
  });
  ReplayStream stream(*ledger, 0, ledger->tree_size());
  std::vector<ReplayedRecord> batch;
  std::uint64_t next = 0;
  try {
    while (stream.next(batch)) {
      for (const ReplayedRecord& record : batch) BOOST_TEST_REQUIRE(record.seq == next++);
    }
    BOOST_FAIL("the stream ended without the decoding error");
  } catch (const std::runtime_error& error) {
    BOOST_TEST(std::string(error.what()).find("record 2500") != std::string::npos, error.what());
  }
  BOOST_TEST(next <= kBroken);  // nothing at or after the broken record was handed out
  BOOST_TEST(next >= kBroken - ReplayStream::kBatchRecords);
  BOOST_CHECK_THROW(ledger->rebuild(true, {}), std::runtime_error);  // rebuild reads through the stream too
}

BOOST_AUTO_TEST_CASE(a_fold_decoded_on_a_second_thread_equals_one_folded_in_steps) {
  ZonesLedger big(21000);  // fold_records streams a fold of 20,000 records or more
  domain::LedgerFold whole;
  fold_records(*big.ledger, whole, big.ledger->tree_size());
  domain::LedgerFold steps;
  fold_records(*big.ledger, steps, 10000);                    // from seq 0, too short to stream
  fold_records(*big.ledger, steps, big.ledger->tree_size());  // resumed, too short to stream
  BOOST_TEST(whole.tree_size() == big.ledger->tree_size());
  BOOST_TEST(whole.encode() == steps.encode());
  domain::LedgerFold resumed;
  fold_records(*big.ledger, resumed, 500);
  fold_records(*big.ledger, resumed, big.ledger->tree_size());  // resumed and streamed: from seq 500
  BOOST_TEST(resumed.encode() == whole.encode());
  domain::LedgerFold here;
  fold_records(*big.ledger, here, big.ledger->tree_size(), Decode::here);
  BOOST_TEST(here.encode() == whole.encode());
  domain::LedgerFold beyond;
  BOOST_CHECK_THROW(fold_records(*big.ledger, beyond, big.ledger->tree_size() + 30000), std::out_of_range);
  BOOST_TEST(beyond.tree_size() == big.ledger->tree_size());  // it folded what there is, then said so
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(replay_event_decode)

BOOST_AUTO_TEST_CASE(reads_the_leaf_as_views_and_types_the_data) {
  domain::EventDecoder decoder;
  check_rd_event(replay_event(17, domain::encode_leaf(rd_leaf(17)), kData, decoder), "k-7f3a");
}

BOOST_AUTO_TEST_CASE(a_leaf_with_an_escape_goes_through_the_strict_decoder) {
  domain::EventDecoder decoder;
  domain::Leaf leaf = rd_leaf(3);
  leaf.actor = "k\"7f";  // JSON-escaped in the leaf: read_leaf_fields leaves it to decode_leaf
  const std::string bytes = domain::encode_leaf(leaf);
  BOOST_TEST_REQUIRE(!domain::read_leaf_fields(bytes).has_value());
  check_rd_event(replay_event(3, bytes, kData, decoder), "k\"7f");
}

BOOST_AUTO_TEST_CASE(refuses_another_seq_a_broken_leaf_and_data_that_does_not_decode) {
  domain::EventDecoder decoder;
  const std::string leaf = domain::encode_leaf(rd_leaf(17));
  BOOST_CHECK_THROW(replay_event(18, leaf, kData, decoder), std::runtime_error);
  BOOST_CHECK_THROW(replay_event(17, leaf.substr(1), kData, decoder), std::runtime_error);
  BOOST_CHECK_THROW(replay_event(17, leaf, R"({"amount_fen":1,"fiscal_year":2021})", decoder), std::runtime_error);
  BOOST_CHECK_THROW(replay_event(17, leaf, R"({"amount_fen":1.5,"category":"personnel","fiscal_year":2021,"project":"P-01"})", decoder),
                    std::runtime_error);
  BOOST_CHECK_THROW(replay_event(17, leaf, R"({"amount_fen":1,"category":"personnel","fiscal_year":2021,"project":"P-01","x":0})", decoder),
                    std::runtime_error);
  domain::Leaf unknown = rd_leaf(17);
  unknown.type = "rd_expense.invented";
  BOOST_CHECK_THROW(replay_event(17, domain::encode_leaf(unknown), kData, decoder), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::replay
