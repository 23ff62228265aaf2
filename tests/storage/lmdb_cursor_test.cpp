// Cursor: seek, first, last, next and prev on an empty and a full database.

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "storage/lmdb.hpp"
#include "tests/storage/storage_fixture.hpp"

namespace jifen::storage::test {
namespace {

// Keys 10, 20, ..., 100 (as u64 BE) with values "v10", "v20", ...
void fill_tens(Environment& env) {
  WriteTxn txn = env.begin_write().value();
  for (std::uint64_t key = 10; key <= 100; key += 10) {
    BOOST_TEST_REQUIRE(txn.put(Db::projection_a, encode_u64(key), "v" + std::to_string(key), PutMode::append) ==
                       Status::ok);
  }
  BOOST_TEST_REQUIRE(txn.commit() == Status::ok);
}

std::uint64_t key_of(const Cursor& cursor) { return decode_u64(cursor.key()); }

}  // namespace

BOOST_AUTO_TEST_SUITE(storage_cursor)

BOOST_AUTO_TEST_CASE(an_empty_database_has_no_position) {
  TempDir temp;
  auto env = open_env(temp.path());
  ReadTxn txn = env->begin_read().value();
  Cursor cursor = txn.cursor(Db::projection_a);
  BOOST_TEST(!cursor.valid());
  BOOST_TEST(!cursor.first());
  BOOST_TEST(!cursor.last());
  BOOST_TEST(!cursor.seek(encode_u64(0)));
  BOOST_TEST(!cursor.seek(""));
  BOOST_TEST(!cursor.next());
  BOOST_TEST(!cursor.prev());
  BOOST_TEST(!cursor.valid());
}

BOOST_AUTO_TEST_CASE(seek_finds_the_first_key_not_less) {
  TempDir temp;
  auto env = open_env(temp.path());
  fill_tens(*env);
  ReadTxn txn = env->begin_read().value();
  Cursor cursor = txn.cursor(Db::projection_a);

  BOOST_TEST(cursor.seek(encode_u64(30)));  // exact
  BOOST_TEST(key_of(cursor) == 30u);
  BOOST_TEST(cursor.value() == "v30");
  BOOST_TEST(cursor.seek(encode_u64(31)));  // between
  BOOST_TEST(key_of(cursor) == 40u);
  BOOST_TEST(cursor.seek(encode_u64(0)));  // before all
  BOOST_TEST(key_of(cursor) == 10u);
  BOOST_TEST(cursor.seek(""));  // the empty key is before all
  BOOST_TEST(key_of(cursor) == 10u);
  BOOST_TEST(cursor.seek(encode_u64(100)));
  BOOST_TEST(key_of(cursor) == 100u);
  BOOST_TEST(!cursor.seek(encode_u64(101)));  // after all
  BOOST_TEST(!cursor.valid());
  BOOST_TEST(!cursor.next());  // not valid: stays so
  BOOST_TEST(!cursor.prev());
  // A shorter key sorts before its extensions: seek to a prefix lands on the first key that has it.
  BOOST_TEST(cursor.seek(std::string(7, '\0')));
  BOOST_TEST(key_of(cursor) == 10u);
}

BOOST_AUTO_TEST_CASE(walk_forward_and_backward) {
  TempDir temp;
  auto env = open_env(temp.path());
  fill_tens(*env);
  ReadTxn txn = env->begin_read().value();
  Cursor cursor = txn.cursor(Db::projection_a);

  std::vector<std::uint64_t> forward;
  for (bool found = cursor.first(); found; found = cursor.next()) forward.push_back(key_of(cursor));
  BOOST_TEST(forward == (std::vector<std::uint64_t>{10, 20, 30, 40, 50, 60, 70, 80, 90, 100}),
             boost::test_tools::per_element());
  BOOST_TEST(!cursor.valid());

  std::vector<std::uint64_t> backward;
  for (bool found = cursor.last(); found; found = cursor.prev()) backward.push_back(key_of(cursor));
  BOOST_TEST(backward == (std::vector<std::uint64_t>{100, 90, 80, 70, 60, 50, 40, 30, 20, 10}),
             boost::test_tools::per_element());

  BOOST_TEST(cursor.last());
  BOOST_TEST(!cursor.next());  // past the end
  BOOST_TEST(cursor.last());
  BOOST_TEST(cursor.prev());
  BOOST_TEST(key_of(cursor) == 90u);
  BOOST_TEST(cursor.first());
  BOOST_TEST(!cursor.prev());  // before the start
  BOOST_TEST(cursor.seek(encode_u64(55)));
  BOOST_TEST(cursor.prev());  // the greatest key below 55
  BOOST_TEST(key_of(cursor) == 50u);
}

BOOST_AUTO_TEST_CASE(a_write_cursor_sees_the_transactions_writes) {
  TempDir temp;
  auto env = open_env(temp.path());
  fill_tens(*env);
  WriteTxn txn = env->begin_write().value();
  BOOST_TEST(txn.put(Db::projection_a, encode_u64(15), "v15") == Status::ok);
  BOOST_TEST(txn.del(Db::projection_a, encode_u64(20)) == Status::ok);
  Cursor cursor = txn.cursor(Db::projection_a);
  BOOST_TEST(cursor.seek(encode_u64(11)));
  BOOST_TEST(key_of(cursor) == 15u);
  BOOST_TEST(cursor.next());
  BOOST_TEST(key_of(cursor) == 30u);
  BOOST_TEST(txn.commit() == Status::ok);
}

BOOST_AUTO_TEST_CASE(a_moved_cursor_keeps_its_position) {
  TempDir temp;
  auto env = open_env(temp.path());
  fill_tens(*env);
  ReadTxn txn = env->begin_read().value();
  Cursor first = txn.cursor(Db::projection_a);
  BOOST_TEST(first.seek(encode_u64(70)));
  Cursor second = std::move(first);
  BOOST_TEST(!first.valid());
  BOOST_TEST(second.valid());
  BOOST_TEST(key_of(second) == 70u);
  BOOST_TEST(second.next());
  BOOST_TEST(key_of(second) == 80u);
  Cursor third = txn.cursor(Db::projection_b);
  third = std::move(second);  // closes third's own cursor
  BOOST_TEST(key_of(third) == 80u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::storage::test
