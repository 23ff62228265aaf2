// The typed stores: round trips, edge cases, and values of the wrong shape reported as corruption.

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "storage/lmdb.hpp"
#include "storage/stores.hpp"
#include "tests/storage/storage_fixture.hpp"

namespace jifen::storage::test {
namespace {

Hash32 hash_of(std::uint8_t seed) {
  Hash32 hash{};
  for (std::size_t index = 0; index < hash.size(); ++index) hash[index] = static_cast<std::uint8_t>(seed + index);
  return hash;
}

// Runs `read` and expects a StorageError(corrupted) whose message names `db`.
template <class Read>
void expect_corrupted(Read read, std::string_view db) {
  try {
    read();
    BOOST_FAIL("no StorageError for a corrupt value");
  } catch (const StorageError& error) {
    BOOST_TEST(error.status() == Status::corrupted);
    const std::string what = error.what();
    BOOST_TEST(what.find("'" + std::string(db) + "'") != std::string::npos, what);
  }
}

// uscc_a and uscc_b differ only in their last character: a scan of one must stop before the other.
constexpr std::string_view uscc_a = "91320621MA1MRHG205";
constexpr std::string_view uscc_b = "91320621MA1MRHG206";
constexpr std::string_view uscc_c = "91350100M000100Y43";

}  // namespace

BOOST_AUTO_TEST_SUITE(storage_stores)

BOOST_AUTO_TEST_CASE(event_log_appends_densely) {
  TempDir temp;
  auto env = open_env(temp.path());
  {
    ReadTxn txn = env->begin_read().value();
    BOOST_TEST(event_log::size(txn) == 0u);
    BOOST_TEST(!event_log::get(txn, 0).has_value());
  }
  {
    WriteTxn txn = env->begin_write().value();
    for (std::uint64_t seq = 0; seq < 300; ++seq) {
      BOOST_TEST_REQUIRE(event_log::append(txn, seq, "{\"seq\":" + std::to_string(seq) + "}") == Status::ok);
      BOOST_TEST_REQUIRE(event_log::size(txn) == seq + 1);  // inside the writing transaction too
    }
    BOOST_TEST(event_log::append(txn, 300, "") == Status::ok);  // an empty record is bytes like any other
    BOOST_TEST(txn.commit() == Status::ok);
  }
  ReadTxn txn = env->begin_read().value();
  BOOST_TEST(event_log::size(txn) == 301u);
  BOOST_TEST(std::string(event_log::get(txn, 0).value_or("?")) == "{\"seq\":0}");
  BOOST_TEST(std::string(event_log::get(txn, 299).value_or("?")) == "{\"seq\":299}");
  BOOST_TEST(event_log::get(txn, 300).value_or("?").empty());
  BOOST_TEST(!event_log::get(txn, 301).has_value());
}

BOOST_AUTO_TEST_CASE(event_log_append_out_of_sequence_ends_the_process) {
  // The precondition seq == size() is an assertion that stays on: a child process shows it aborting.
  TempDir temp;
  const pid_t child = ::fork();
  BOOST_TEST_REQUIRE(child >= 0);
  if (child == 0) {
    restore_default_signals_in_child();
    std::FILE* quiet = std::freopen("/dev/null", "w", stderr);  // the assertion message is expected
    (void)quiet;
    auto opened = Environment::open(temp.path(), fast_options());
    if (!opened) ::_exit(10);
    auto txn = (*opened)->begin_write();
    if (!txn) ::_exit(11);
    (void)event_log::append(*txn, 1, "skips seq 0");
    ::_exit(0);  // not reached when the assertion holds
  }
  int status = 0;
  BOOST_TEST_REQUIRE(::waitpid(child, &status, 0) == child);
  BOOST_TEST(WIFSIGNALED(status));
  BOOST_TEST((WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT));
}

BOOST_AUTO_TEST_CASE(event_log_with_a_gap_is_corrupt) {
  TempDir temp;
  auto env = open_env(temp.path());
  put_one(*env, Db::log, encode_u64(0), "zero");
  put_one(*env, Db::log, encode_u64(2), "two");  // seq 1 missing
  ReadTxn txn = env->begin_read().value();
  expect_corrupted([&] { (void)event_log::size(txn); }, "log");
}

BOOST_AUTO_TEST_CASE(merkle_nodes_round_trip) {
  TempDir temp;
  auto env = open_env(temp.path());
  {
    WriteTxn txn = env->begin_write().value();
    BOOST_TEST(merkle_nodes::put(txn, 0, 0, hash_of(1)) == Status::ok);
    BOOST_TEST(merkle_nodes::put(txn, 0, 1, hash_of(2)) == Status::ok);
    BOOST_TEST(merkle_nodes::put(txn, 1, 0, hash_of(3)) == Status::ok);
    BOOST_TEST(merkle_nodes::put(txn, 63, ~std::uint64_t{0}, hash_of(4)) == Status::ok);
    BOOST_TEST(merkle_nodes::put(txn, 0, 1, hash_of(5)) == Status::ok);  // rewriting a node is allowed
    BOOST_TEST(txn.commit() == Status::ok);
  }
  ReadTxn txn = env->begin_read().value();
  BOOST_TEST((merkle_nodes::get(txn, 0, 0) == hash_of(1)));
  BOOST_TEST((merkle_nodes::get(txn, 0, 1) == hash_of(5)));
  BOOST_TEST((merkle_nodes::get(txn, 1, 0) == hash_of(3)));
  BOOST_TEST((merkle_nodes::get(txn, 63, ~std::uint64_t{0}) == hash_of(4)));
  BOOST_TEST(!merkle_nodes::get(txn, 1, 1).has_value());
  BOOST_TEST(!merkle_nodes::get(txn, 2, 0).has_value());
  // Key layout: level byte then the index, big-endian.
  BOOST_TEST(txn.get(Db::merkle, std::string(1, '\x01') + encode_u64(0)).has_value());
}

BOOST_AUTO_TEST_CASE(merkle_node_of_the_wrong_size_is_corrupt) {
  TempDir temp;
  auto env = open_env(temp.path());
  put_one(*env, Db::merkle, std::string(1, '\0') + encode_u64(7), std::string(31, 'h'));
  ReadTxn txn = env->begin_read().value();
  expect_corrupted([&] { (void)merkle_nodes::get(txn, 0, 7); }, "merkle");
}

BOOST_AUTO_TEST_CASE(enterprise_index_lists_one_enterprise_in_order) {
  TempDir temp;
  auto env = open_env(temp.path());
  {
    WriteTxn txn = env->begin_write().value();
    for (std::uint64_t seq = 0; seq < 30; ++seq) {
      const std::string_view uscc = seq % 3 == 0 ? uscc_a : (seq % 3 == 1 ? uscc_b : uscc_c);
      BOOST_TEST_REQUIRE(enterprise_index::add(txn, uscc, seq) == Status::ok);
    }
    BOOST_TEST(enterprise_index::add(txn, uscc_a, 0) == Status::ok);  // twice: harmless
    BOOST_TEST(txn.commit() == Status::ok);
  }
  using Seqs = std::vector<std::uint64_t>;
  ReadTxn txn = env->begin_read().value();
  BOOST_TEST(enterprise_index::list(txn, uscc_a, 0, 100) == (Seqs{0, 3, 6, 9, 12, 15, 18, 21, 24, 27}),
             boost::test_tools::per_element());
  BOOST_TEST(enterprise_index::list(txn, uscc_b, 0, 100) == (Seqs{1, 4, 7, 10, 13, 16, 19, 22, 25, 28}),
             boost::test_tools::per_element());
  BOOST_TEST(enterprise_index::list(txn, uscc_a, 10, 3) == (Seqs{12, 15, 18}), boost::test_tools::per_element());
  BOOST_TEST(enterprise_index::list(txn, uscc_a, 12, 1) == (Seqs{12}), boost::test_tools::per_element());
  // From past an enterprise's last seq: nothing, and never the next enterprise's entries.
  BOOST_TEST(enterprise_index::list(txn, uscc_a, 28, 100).empty());
  BOOST_TEST(enterprise_index::list(txn, uscc_c, 30, 100).empty());  // the last enterprise in the index
  BOOST_TEST(enterprise_index::list(txn, uscc_c, 0, 100).size() == 10u);
  BOOST_TEST(enterprise_index::list(txn, uscc_a, 0, 0).empty());
  BOOST_TEST(enterprise_index::list(txn, uscc_a, ~std::uint64_t{0}, 5).empty());

  BOOST_TEST(enterprise_index::count(txn, uscc_a) == 10u);
  BOOST_TEST(enterprise_index::count(txn, uscc_b) == 10u);
  BOOST_TEST(enterprise_index::count(txn, uscc_c) == 10u);
  // An enterprise that sorts between two others, one before all, one after all, and a wrong length.
  BOOST_TEST(enterprise_index::count(txn, "91320621MA1MRHG205" /* == a */) == 10u);
  BOOST_TEST(enterprise_index::count(txn, "91320621MA1MRHG2050") == 0u);
  BOOST_TEST(enterprise_index::count(txn, "91320621MA1MRHG20") == 0u);
  BOOST_TEST(enterprise_index::count(txn, "91320621MA1MRHG300") == 0u);
  BOOST_TEST(enterprise_index::count(txn, "000000000000000000") == 0u);
  BOOST_TEST(enterprise_index::count(txn, "YYYYYYYYYYYYYYYYYY") == 0u);
  BOOST_TEST(enterprise_index::list(txn, "91320621MA1MRHG300", 0, 10).empty());
  BOOST_TEST(enterprise_index::list(txn, "", 0, 10).empty());
}

BOOST_AUTO_TEST_CASE(enterprise_index_large_seqs_keep_numeric_order) {
  TempDir temp;
  auto env = open_env(temp.path());
  const std::vector<std::uint64_t> seqs{5, 255, 256, 65536, std::uint64_t{1} << 40};
  {
    WriteTxn txn = env->begin_write().value();
    for (auto seq = seqs.rbegin(); seq != seqs.rend(); ++seq) {
      BOOST_TEST_REQUIRE(enterprise_index::add(txn, uscc_a, *seq) == Status::ok);
    }
    BOOST_TEST(txn.commit() == Status::ok);
  }
  ReadTxn txn = env->begin_read().value();
  BOOST_TEST(enterprise_index::list(txn, uscc_a, 0, 10) == seqs, boost::test_tools::per_element());
  BOOST_TEST(enterprise_index::list(txn, uscc_a, 256, 10) ==
                 (std::vector<std::uint64_t>{256, 65536, std::uint64_t{1} << 40}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(idempotency_entries_are_permanent_and_per_owner) {
  TempDir temp;
  auto env = open_env(temp.path());
  {
    WriteTxn txn = env->begin_write().value();
    BOOST_TEST(idempotency::insert(txn, uscc_a, "rd-2021-0001", {7, hash_of(1)}) == Status::ok);
    BOOST_TEST(idempotency::insert(txn, uscc_a, "rd-2021-0001", {8, hash_of(2)}) == Status::key_exists);
    BOOST_TEST(idempotency::insert(txn, uscc_b, "rd-2021-0001", {9, hash_of(3)}) == Status::ok);
    // The 0x00 separator keeps ("ab", "c") and ("a", "bc") apart.
    BOOST_TEST(idempotency::insert(txn, "ab", "c", {10, hash_of(4)}) == Status::ok);
    BOOST_TEST(idempotency::insert(txn, "a", "bc", {11, hash_of(5)}) == Status::ok);
    BOOST_TEST(idempotency::insert(txn, "bureau", "x", {~std::uint64_t{0}, hash_of(6)}) == Status::ok);
    BOOST_TEST(txn.commit() == Status::ok);
  }
  ReadTxn txn = env->begin_read().value();
  const auto first = idempotency::find(txn, uscc_a, "rd-2021-0001");
  BOOST_TEST_REQUIRE(first.has_value());
  BOOST_TEST(first->seq == 7u);  // the original stays
  BOOST_TEST((first->body_digest == hash_of(1)));
  BOOST_TEST(idempotency::find(txn, uscc_b, "rd-2021-0001").value().seq == 9u);
  BOOST_TEST(idempotency::find(txn, "ab", "c").value().seq == 10u);
  BOOST_TEST(idempotency::find(txn, "a", "bc").value().seq == 11u);
  BOOST_TEST(idempotency::find(txn, "bureau", "x").value().seq == ~std::uint64_t{0});
  BOOST_TEST(!idempotency::find(txn, uscc_c, "rd-2021-0001").has_value());
  BOOST_TEST(!idempotency::find(txn, uscc_a, "rd-2021-000").has_value());
  BOOST_TEST(!idempotency::find(txn, "auditor", "x").has_value());
  // Key layout: owner, 0x00, event_id; value: seq (u64 BE) then the 32-byte digest.
  const auto raw = txn.get(Db::idempotency, std::string("bureau") + '\0' + "x");
  BOOST_TEST_REQUIRE(raw.has_value());
  BOOST_TEST(raw->size() == 40u);
  BOOST_TEST(raw->substr(0, 8) == encode_u64(~std::uint64_t{0}));
}

BOOST_AUTO_TEST_CASE(idempotency_value_of_the_wrong_size_is_corrupt) {
  TempDir temp;
  auto env = open_env(temp.path());
  put_one(*env, Db::idempotency, std::string("bureau") + '\0' + "e1", encode_u64(3));  // no digest
  ReadTxn txn = env->begin_read().value();
  expect_corrupted([&] { (void)idempotency::find(txn, "bureau", "e1"); }, "idempotency");
}

BOOST_AUTO_TEST_CASE(key_store_round_trip_and_list) {
  TempDir temp;
  auto env = open_env(temp.path());
  const key_store::KeyRecord enterprise{"k-0001", "enterprise", std::string(uscc_a), false, 12};
  const key_store::KeyRecord bureau{"k-0002", "bureau", "", false, 13};
  key_store::KeyRecord auditor{"k-0003", "auditor", "", true, ~std::uint64_t{0}};
  {
    WriteTxn txn = env->begin_write().value();
    BOOST_TEST(key_store::put(txn, hash_of(10), enterprise) == Status::ok);
    BOOST_TEST(key_store::put(txn, hash_of(20), bureau) == Status::ok);
    BOOST_TEST(key_store::put(txn, hash_of(30), auditor) == Status::ok);
    BOOST_TEST(txn.commit() == Status::ok);
  }
  {
    ReadTxn txn = env->begin_read().value();
    const auto found = key_store::find(txn, hash_of(10));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->key_id == "k-0001");
    BOOST_TEST(found->role == "enterprise");
    BOOST_TEST(found->enterprise == uscc_a);
    BOOST_TEST(!found->revoked);
    BOOST_TEST(found->created_seq == 12u);
    const auto revoked = key_store::find(txn, hash_of(30));
    BOOST_TEST_REQUIRE(revoked.has_value());
    BOOST_TEST(revoked->revoked);
    BOOST_TEST(revoked->enterprise.empty());
    BOOST_TEST(revoked->created_seq == ~std::uint64_t{0});
    BOOST_TEST(!key_store::find(txn, hash_of(40)).has_value());

    auto all = key_store::list(txn);
    std::sort(all.begin(), all.end(), [](const auto& left, const auto& right) { return left.key_id < right.key_id; });
    BOOST_TEST_REQUIRE(all.size() == 3u);
    BOOST_TEST(all[0].key_id == "k-0001");
    BOOST_TEST(all[1].role == "bureau");
    BOOST_TEST(all[2].revoked);
  }
  {
    auditor.revoked = false;  // a put replaces the record
    WriteTxn txn = env->begin_write().value();
    BOOST_TEST(key_store::put(txn, hash_of(30), auditor) == Status::ok);
    BOOST_TEST(txn.commit() == Status::ok);
  }
  ReadTxn txn = env->begin_read().value();
  BOOST_TEST(!key_store::find(txn, hash_of(30)).value().revoked);
  BOOST_TEST(key_store::list(txn).size() == 3u);
}

BOOST_AUTO_TEST_CASE(key_store_encoding_is_the_documented_one) {
  TempDir temp;
  auto env = open_env(temp.path());
  {
    WriteTxn txn = env->begin_write().value();
    BOOST_TEST(key_store::put(txn, hash_of(1), {"id", "bureau", "", true, 258}) == Status::ok);
    BOOST_TEST(txn.commit() == Status::ok);
  }
  const std::string expected = std::string("\x01", 1) + std::string("\x00\x02", 2) + "id" + std::string("\x00\x06", 2) +
                               "bureau" + std::string("\x00\x00", 2) + std::string("\x01", 1) + encode_u64(258);
  const Hash32 hash = hash_of(1);
  const std::string key(reinterpret_cast<const char*>(hash.data()), hash.size());
  BOOST_TEST(get_one(*env, Db::keys, key).value_or("") == expected);
}

BOOST_AUTO_TEST_CASE(key_store_rejects_malformed_records) {
  const Hash32 hash = hash_of(1);
  const std::string key(reinterpret_cast<const char*>(hash.data()), hash.size());
  const std::string good = std::string("\x01\x00\x01", 3) + "k" + std::string("\x00\x00\x00\x00", 4) +
                           std::string("\x00", 1) + encode_u64(1);
  const std::vector<std::string> bad{
      "",
      std::string("\x02", 1) + good.substr(1),               // unknown version
      good.substr(0, good.size() - 1),                       // truncated
      good + "x",                                            // trailing byte
      good.substr(0, 8) + std::string("\x02", 1) + encode_u64(1),   // revoked = 2
      std::string("\x01\xff\xff", 3) + "short",              // a length past the end
  };
  TempDir temp;
  auto env = open_env(temp.path());
  put_one(*env, Db::keys, key, good);
  BOOST_TEST(key_store::find(env->begin_read().value(), hash).value().key_id == "k");
  for (const std::string& value : bad) {
    put_one(*env, Db::keys, key, value);
    ReadTxn txn = env->begin_read().value();
    expect_corrupted([&] { (void)key_store::find(txn, hash); }, "keys");
    expect_corrupted([&] { (void)key_store::list(txn); }, "keys");
  }
}

BOOST_AUTO_TEST_CASE(meta_names_values) {
  TempDir temp;
  auto env = open_env(temp.path());
  {
    ReadTxn txn = env->begin_read().value();
    BOOST_TEST(!meta::get(txn, "origin").has_value());
  }
  {
    WriteTxn txn = env->begin_write().value();
    BOOST_TEST(meta::put(txn, "origin", "jifen.local/ledger") == Status::ok);
    BOOST_TEST(meta::put(txn, "projection_active", "a") == Status::ok);
    BOOST_TEST(meta::put(txn, "projection_active", "b") == Status::ok);  // overwrite
    BOOST_TEST(meta::put(txn, "binary", std::string("\x00\xff", 2)) == Status::ok);
    BOOST_TEST(txn.commit() == Status::ok);
  }
  ReadTxn txn = env->begin_read().value();
  BOOST_TEST(meta::get(txn, "origin").value_or("") == "jifen.local/ledger");
  BOOST_TEST(meta::get(txn, "projection_active").value_or("") == "b");
  BOOST_TEST(meta::get(txn, "binary").value_or("") == std::string("\x00\xff", 2));
  BOOST_TEST(!meta::get(txn, "origin2").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::storage::test
