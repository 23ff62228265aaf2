// Tampering with a data directory behind the ledger's back (LMDB written directly, the ledger closed): one
// byte of a record's data, a leaf field, a deleted record, two swapped records, a truncated log, history
// rewritten consistently between two checkpoints. Ledger::verify (jifenctl verify) names the seq each time;
// and a consistency proof between a checkpoint kept from before a rewrite and one signed after it fails.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>

#include "domain/checkpoint.hpp"
#include "replay/ledger_fixture.hpp"
#include "replay/merkle_log.hpp"
#include "replay/record.hpp"
#include "storage/checkpoint_store.hpp"
#include "storage/lmdb.hpp"
#include "storage/stores.hpp"

namespace jifen::replay {
namespace {

constexpr std::string_view kOrigin = "jifen.test/ledger";
constexpr std::uint64_t kEvents = 24;  // 3 from the fixture, then one commit (one checkpoint) per event
constexpr std::uint64_t kTampered = 13;

struct TamperFixture : test::LedgerFixture {
  TamperFixture() {
    key = std::get<domain::NoteVerifierKey>(
        domain::parse_verifier_key(ledger->create_signing_key(kOrigin, std::string(32, 'k'))));
    for (std::uint64_t i = tree(); i < kEvents; ++i) {
      expect_created(post(test::admin(), R"({"event_id":"z)" + std::to_string(i) +
                                             R"(","type":"zone.defined","occurred_on":"2021-01-01","data":{"id":"z)" +
                                             std::to_string(i) + R"(","name":"Zone )" + std::to_string(i) +
                                             R"(","level":"national"}})"));
    }
    BOOST_TEST_REQUIRE(ledger->verify({}).ok);
  }
  std::uint64_t tree() const { return ledger->tree_size(); }

  VerifyReport expect_bad_at(std::uint64_t seq) const {
    const VerifyReport report = ledger->verify({});
    BOOST_TEST(!report.ok);
    BOOST_TEST((report.first_bad_seq == std::optional<std::uint64_t>(seq)), report.detail);
    return report;
  }

  domain::NoteVerifierKey key;
};

std::string stored(storage::WriteTxn& txn, std::uint64_t seq) {
  return std::string(storage::event_log::get(txn, seq).value());
}

void put_record(storage::WriteTxn& txn, std::uint64_t seq, const std::string& record) {
  BOOST_TEST_REQUIRE((txn.put(storage::Db::log, storage::encode_u64(seq), record) == storage::Status::ok));
}

// Replaces the first occurrence of `from` in the record at `seq` by `to` (same length or not).
void edit_record(storage::WriteTxn& txn, std::uint64_t seq, bool in_leaf, const std::string& from, const std::string& to) {
  const std::string record = stored(txn, seq);
  const RecordParts parts = split_record(record).value();
  std::string leaf(parts.leaf);
  std::string data(parts.data);
  std::string& target = in_leaf ? leaf : data;
  const std::size_t at = target.find(from);
  BOOST_TEST_REQUIRE(at != std::string::npos);
  target.replace(at, from.size(), to);
  put_record(txn, seq, encode_record(leaf, data));
}

// Recomputes every Merkle node from the records: what an operator covering a rewrite would do.
void rehash_everything(storage::WriteTxn& txn) {
  BOOST_TEST_REQUIRE((txn.clear(storage::Db::merkle) == storage::Status::ok));
  storage::Cursor cursor = txn.cursor(storage::Db::log);
  std::vector<std::pair<std::uint64_t, domain::Digest>> hashes;
  for (bool more = cursor.first(); more; more = cursor.next()) {
    hashes.emplace_back(storage::decode_u64(cursor.key()), domain::leaf_hash(split_record(cursor.value()).value().leaf));
  }
  for (const auto& [seq, hash] : hashes) merkle_append(txn, seq, hash);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tamper)

BOOST_AUTO_TEST_CASE(one_byte_of_a_records_data) {
  TamperFixture fixture;
  fixture.change_storage([](storage::WriteTxn& txn) { edit_record(txn, kTampered, false, "Zone 13", "Zone 14"); });
  const VerifyReport report = fixture.expect_bad_at(kTampered);
  BOOST_TEST(report.detail.find("data_sha256") != std::string::npos, report.detail);
}

BOOST_AUTO_TEST_CASE(a_leaf_field) {
  TamperFixture fixture;
  fixture.change_storage([](storage::WriteTxn& txn) { edit_record(txn, kTampered, true, "\"z13\"", "\"y13\""); });
  fixture.expect_bad_at(kTampered);
}

BOOST_AUTO_TEST_CASE(a_deleted_record) {
  TamperFixture fixture;
  fixture.change_storage([](storage::WriteTxn& txn) {
    BOOST_TEST_REQUIRE((txn.del(storage::Db::log, storage::encode_u64(kTampered)) == storage::Status::ok));
  });
  fixture.expect_bad_at(kTampered);
}

BOOST_AUTO_TEST_CASE(two_swapped_records) {
  TamperFixture fixture;
  fixture.change_storage([](storage::WriteTxn& txn) {
    const std::string first = stored(txn, kTampered);
    const std::string second = stored(txn, kTampered + 1);
    put_record(txn, kTampered, second);
    put_record(txn, kTampered + 1, first);
  });
  fixture.expect_bad_at(kTampered);
}

BOOST_AUTO_TEST_CASE(a_truncated_log) {
  TamperFixture fixture;
  fixture.change_storage([](storage::WriteTxn& txn) {
    for (std::uint64_t seq = kTampered; seq < kEvents; ++seq) {
      BOOST_TEST_REQUIRE((txn.del(storage::Db::log, storage::encode_u64(seq)) == storage::Status::ok));
    }
  });
  const VerifyReport report = fixture.expect_bad_at(kTampered);
  BOOST_TEST(report.detail.find("truncated") != std::string::npos, report.detail);
}

BOOST_AUTO_TEST_CASE(history_rewritten_between_two_checkpoints) {
  TamperFixture fixture;
  const std::string kept = *fixture.ledger->checkpoint(kTampered + 1);  // an auditor kept this one
  const domain::Checkpoint before = std::get<domain::Checkpoint>(domain::open_checkpoint(kept, fixture.key, kOrigin));
  // A consistent rewrite: new data, its hash in the leaf, every node recomputed. The records and nodes agree.
  const std::string old_hash = domain::to_hex(domain::sha256(R"({"id":"z13","level":"national","name":"Zone 13"})"));
  const std::string new_hash = domain::to_hex(domain::sha256(R"({"id":"z13","level":"national","name":"Zone 99"})"));
  fixture.change_storage([&](storage::WriteTxn& txn) {
    edit_record(txn, kTampered, false, "Zone 13", "Zone 99");
    edit_record(txn, kTampered, true, old_hash, new_hash);
    rehash_everything(txn);
  });
  // The signed checkpoints stored since seq 13 no longer match: verify names the first seq they put in doubt.
  const VerifyReport report = fixture.expect_bad_at(kTampered);
  BOOST_TEST(report.detail.find("rewritten") != std::string::npos, report.detail);

  // The operator also re-signs: drops the stored checkpoints and signs the rewritten tree. Verify is then
  // satisfied, but a consistency proof to the auditor's kept checkpoint cannot be made.
  fixture.change_storage([](storage::WriteTxn& txn) { BOOST_TEST_REQUIRE((txn.clear(storage::Db::checkpoints) == storage::Status::ok)); });
  BOOST_TEST(fixture.ledger->verify({}).ok);
  const auto after = domain::open_checkpoint(*fixture.ledger->signed_checkpoint(kEvents), fixture.key, kOrigin);
  BOOST_TEST_REQUIRE(std::holds_alternative<domain::Checkpoint>(after));
  const auto proof = fixture.ledger->consistency_proof(before.tree_size, kEvents);
  BOOST_TEST_REQUIRE(std::holds_alternative<ConsistencyProof>(proof));
  BOOST_TEST(!domain::verify_consistency(before.tree_size, kEvents, before.root, std::get<domain::Checkpoint>(after).root,
                                         std::get<ConsistencyProof>(proof).hashes));
  // Whereas from a checkpoint before the rewrite's seq, the history is consistent.
  const auto earlier = domain::open_checkpoint(*fixture.ledger->signed_checkpoint(kTampered), fixture.key, kOrigin);
  const auto good = fixture.ledger->consistency_proof(kTampered, kEvents);
  BOOST_TEST(domain::verify_consistency(kTampered, kEvents, std::get<domain::Checkpoint>(earlier).root,
                                        std::get<domain::Checkpoint>(after).root, std::get<ConsistencyProof>(good).hashes));
}

BOOST_AUTO_TEST_CASE(a_forged_checkpoint) {
  TamperFixture fixture;
  fixture.change_storage([](storage::WriteTxn& txn) {
    std::string note(storage::checkpoint_store::get(txn, kTampered + 1).value());
    note[note.find('\n') + 1] = '9';  // the tree size line: the signature no longer covers the text
    BOOST_TEST_REQUIRE((txn.put(storage::Db::checkpoints, storage::encode_u64(kTampered + 1), note) == storage::Status::ok));
  });
  const VerifyReport report = fixture.expect_bad_at(kTampered);
  BOOST_TEST(report.detail.find("does not verify") != std::string::npos, report.detail);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::replay
