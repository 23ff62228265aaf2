// ReadTxn and WriteTxn: put/get/del in every PutMode, clear, abort on destruction, nested transactions, and
// cursors that outlive the write transaction they were opened in.

#include <string>

#include <boost/test/unit_test.hpp>

#include "storage/lmdb.hpp"
#include "tests/storage/storage_fixture.hpp"

namespace jifen::storage::test {

BOOST_AUTO_TEST_SUITE(storage_transactions)

BOOST_AUTO_TEST_CASE(put_get_del_in_every_mode) {
  TempDir temp;
  auto env = open_env(temp.path());
  WriteTxn txn = env->begin_write().value();

  BOOST_TEST(txn.put(Db::meta, "name", "first") == Status::ok);
  BOOST_TEST(std::string(txn.get(Db::meta, "name").value_or("")) == "first");  // a txn sees its own writes
  BOOST_TEST(txn.put(Db::meta, "name", "second", PutMode::upsert) == Status::ok);
  BOOST_TEST(std::string(txn.get(Db::meta, "name").value_or("")) == "second");

  BOOST_TEST(txn.put(Db::meta, "name", "third", PutMode::no_overwrite) == Status::key_exists);
  BOOST_TEST(std::string(txn.get(Db::meta, "name").value_or("")) == "second");
  BOOST_TEST(txn.put(Db::meta, "other", "new", PutMode::no_overwrite) == Status::ok);

  BOOST_TEST(txn.put(Db::log, encode_u64(1), "one", PutMode::append) == Status::ok);
  BOOST_TEST(txn.put(Db::log, encode_u64(2), "two", PutMode::append) == Status::ok);
  BOOST_TEST(txn.put(Db::log, encode_u64(0), "zero", PutMode::append) == Status::key_exists);  // out of order
  BOOST_TEST(txn.put(Db::log, encode_u64(2), "again", PutMode::append) == Status::key_exists);  // not after
  BOOST_TEST(txn.put(Db::log, encode_u64(3), "three", PutMode::append) == Status::ok);

  BOOST_TEST(txn.put(Db::meta, "empty", "") == Status::ok);
  BOOST_TEST(txn.get(Db::meta, "empty").has_value());
  BOOST_TEST(txn.get(Db::meta, "empty")->empty());

  BOOST_TEST(txn.del(Db::meta, "other") == Status::ok);
  BOOST_TEST(txn.del(Db::meta, "other") == Status::not_found);
  BOOST_TEST(!txn.get(Db::meta, "other").has_value());
  BOOST_TEST(!txn.get(Db::meta, "never").has_value());
  // key_exists and not_found do not poison the transaction.
  BOOST_TEST(txn.commit() == Status::ok);

  ReadTxn read = env->begin_read().value();
  BOOST_TEST(read.entries(Db::log) == 3u);
  BOOST_TEST(std::string(read.get(Db::log, encode_u64(3)).value_or("")) == "three");
  BOOST_TEST(!read.get(Db::log, encode_u64(0)).has_value());
  BOOST_TEST(std::string(read.get(Db::meta, "name").value_or("")) == "second");
  BOOST_TEST(!read.get(Db::meta, "other").has_value());
}

BOOST_AUTO_TEST_CASE(clear_empties_one_database_only) {
  TempDir temp;
  auto env = open_env(temp.path());
  {
    WriteTxn txn = env->begin_write().value();
    for (int index = 0; index < 50; ++index) {
      BOOST_TEST_REQUIRE(txn.put(Db::projection_a, "key" + std::to_string(index), "a") == Status::ok);
    }
    BOOST_TEST(txn.put(Db::projection_b, "key", "b") == Status::ok);
    BOOST_TEST(txn.commit() == Status::ok);
  }
  {
    WriteTxn txn = env->begin_write().value();
    BOOST_TEST(txn.clear(Db::projection_a) == Status::ok);
    BOOST_TEST(txn.put(Db::projection_a, "fresh", "1") == Status::ok);  // the database is still there
    BOOST_TEST(txn.commit() == Status::ok);
  }
  ReadTxn read = env->begin_read().value();
  BOOST_TEST(read.entries(Db::projection_a) == 1u);
  BOOST_TEST(read.entries(Db::projection_b) == 1u);
}

BOOST_AUTO_TEST_CASE(destruction_aborts) {
  TempDir temp;
  auto env = open_env(temp.path());
  {
    WriteTxn txn = env->begin_write().value();
    BOOST_TEST(txn.put(Db::meta, "ghost", "boo") == Status::ok);
  }
  BOOST_TEST(!get_one(*env, Db::meta, "ghost").has_value());
  {
    WriteTxn txn = env->begin_write().value();
    BOOST_TEST(txn.put(Db::meta, "ghost", "boo") == Status::ok);
    txn.abort();
    BOOST_TEST(txn.put(Db::meta, "late", "x") == Status::invalid);  // ended
    BOOST_TEST(txn.commit() == Status::invalid);
  }
  BOOST_TEST(!get_one(*env, Db::meta, "ghost").has_value());
  BOOST_TEST(!get_one(*env, Db::meta, "late").has_value());
}

BOOST_AUTO_TEST_CASE(a_reader_sees_its_snapshot) {
  TempDir temp;
  auto env = open_env(temp.path());
  put_one(*env, Db::meta, "version", "1");
  ReadTxn before = env->begin_read().value();
  put_one(*env, Db::meta, "version", "2");
  ReadTxn after = env->begin_read().value();
  BOOST_TEST(std::string(before.get(Db::meta, "version").value_or("")) == "1");
  BOOST_TEST(std::string(after.get(Db::meta, "version").value_or("")) == "2");
}

BOOST_AUTO_TEST_CASE(moved_transactions_end_once) {
  TempDir temp;
  auto env = open_env(temp.path());
  {
    WriteTxn first = env->begin_write().value();
    BOOST_TEST(first.put(Db::meta, "moved", "yes") == Status::ok);
    WriteTxn second = std::move(first);
    BOOST_TEST(first.put(Db::meta, "from", "moved-from") == Status::invalid);
    BOOST_TEST(second.commit() == Status::ok);
  }
  BOOST_TEST(get_one(*env, Db::meta, "moved").value_or("") == "yes");
  ReadTxn reader = env->begin_read().value();
  ReadTxn other = env->begin_read().value();
  other = std::move(reader);  // ends `other`'s own transaction, takes `reader`'s
  BOOST_TEST(std::string(other.get(Db::meta, "moved").value_or("")) == "yes");
  BOOST_CHECK_THROW((void)reader.get(Db::meta, "moved"), StorageError);
}

BOOST_AUTO_TEST_CASE(nested_commit_joins_the_parent) {
  TempDir temp;
  auto env = open_env(temp.path());
  WriteTxn parent = env->begin_write().value();
  BOOST_TEST(parent.put(Db::meta, "parent", "p") == Status::ok);
  {
    WriteTxn child = parent.begin_nested().value();
    BOOST_TEST(std::string(child.get(Db::meta, "parent").value_or("")) == "p");  // sees the parent's writes
    BOOST_TEST(child.put(Db::meta, "child", "c") == Status::ok);
    BOOST_TEST(parent.put(Db::meta, "blocked", "x") != Status::ok);  // a parent waits for its child
    BOOST_TEST(parent.commit() == Status::invalid);
    BOOST_TEST(parent.begin_nested().error() == Status::invalid);  // one child at a time
    BOOST_TEST(child.commit() == Status::ok);
  }
  BOOST_TEST(std::string(parent.get(Db::meta, "child").value_or("")) == "c");
  BOOST_TEST(!get_one(*env, Db::meta, "child").has_value());  // not before the parent commits
  BOOST_TEST(parent.commit() == Status::ok);
  BOOST_TEST(get_one(*env, Db::meta, "child").value_or("") == "c");
  BOOST_TEST(get_one(*env, Db::meta, "parent").value_or("") == "p");
}

BOOST_AUTO_TEST_CASE(nested_abort_discards_only_the_child) {
  TempDir temp;
  auto env = open_env(temp.path());
  WriteTxn parent = env->begin_write().value();
  BOOST_TEST(parent.put(Db::meta, "parent", "p") == Status::ok);
  {
    WriteTxn child = parent.begin_nested().value();
    BOOST_TEST(child.put(Db::meta, "child", "c") == Status::ok);
    BOOST_TEST(child.del(Db::meta, "parent") == Status::ok);
    child.abort();
  }
  {
    WriteTxn child = parent.begin_nested().value();
    BOOST_TEST(child.put(Db::meta, "dropped", "d") == Status::ok);
  }  // destruction aborts too
  BOOST_TEST(!parent.get(Db::meta, "child").has_value());
  BOOST_TEST(!parent.get(Db::meta, "dropped").has_value());
  BOOST_TEST(std::string(parent.get(Db::meta, "parent").value_or("")) == "p");
  BOOST_TEST(parent.commit() == Status::ok);
  BOOST_TEST(get_one(*env, Db::meta, "parent").value_or("") == "p");
  BOOST_TEST(!get_one(*env, Db::meta, "child").has_value());
}

BOOST_AUTO_TEST_CASE(nested_levels_are_bounded_and_a_parent_abort_ends_its_children) {
  TempDir temp;
  auto env = open_env(temp.path());
  WriteTxn top = env->begin_write().value();
  WriteTxn child = top.begin_nested().value();
  WriteTxn grandchild = child.begin_nested().value();
  BOOST_TEST(grandchild.put(Db::meta, "deep", "1") == Status::ok);
  top.abort();  // LMDB aborts the child and the grandchild with it
  BOOST_TEST(grandchild.put(Db::meta, "deeper", "2") == Status::invalid);
  BOOST_TEST(grandchild.commit() == Status::invalid);
  BOOST_TEST(child.commit() == Status::invalid);
  BOOST_CHECK_THROW((void)child.get(Db::meta, "deep"), StorageError);

  // The environment takes a new writer at once; nesting stops at 8 levels.
  WriteTxn again = env->begin_write().value();
  std::vector<WriteTxn> chain;
  chain.push_back(std::move(again));
  while (true) {
    auto nested = chain.back().begin_nested();
    if (!nested) {
      BOOST_TEST(nested.error() == Status::invalid);
      break;
    }
    chain.push_back(std::move(*nested));
  }
  BOOST_TEST(chain.size() == 8u);
  BOOST_TEST(chain.back().put(Db::meta, "deepest", "8") == Status::ok);
  while (chain.size() > 1) {
    BOOST_TEST(chain.back().commit() == Status::ok);
    chain.pop_back();
  }
  BOOST_TEST(chain.front().commit() == Status::ok);
  BOOST_TEST(get_one(*env, Db::meta, "deepest").value_or("") == "8");
  BOOST_TEST(!get_one(*env, Db::meta, "deep").has_value());
}

BOOST_AUTO_TEST_CASE(cursors_may_outlive_their_write_transaction) {
  // LMDB frees a write transaction's cursors when it ends; destroying ours afterwards must not free again
  // (run under AddressSanitizer to see it).
  TempDir temp;
  auto env = open_env(temp.path());
  put_one(*env, Db::meta, "a", "1");
  {
    WriteTxn txn = env->begin_write().value();
    Cursor cursor = txn.cursor(Db::meta);
    BOOST_TEST(cursor.first());
    BOOST_TEST(txn.put(Db::meta, "b", "2") == Status::ok);
    BOOST_TEST(txn.commit() == Status::ok);
  }
  {
    WriteTxn parent = env->begin_write().value();
    Cursor parent_cursor = parent.cursor(Db::meta);
    BOOST_TEST(parent_cursor.last());
    {
      WriteTxn child = parent.begin_nested().value();
      Cursor child_cursor = child.cursor(Db::meta);
      BOOST_TEST(child_cursor.first());
      Cursor aborted_cursor = child.cursor(Db::meta);
      BOOST_TEST(child.commit() == Status::ok);
      // child_cursor and aborted_cursor die here, after the child ended.
    }
    BOOST_TEST(parent_cursor.valid());
    BOOST_TEST(parent_cursor.first());  // the parent's cursor is still usable once the child ended
    BOOST_TEST(parent_cursor.key() == "a");
    parent.abort();
  }
  {
    ReadTxn read = env->begin_read().value();
    Cursor cursor = read.cursor(Db::meta);
    BOOST_TEST(cursor.first());
    read = env->begin_read().value();  // the cursor's transaction ended; the cursor is closed after it
  }
  BOOST_TEST(get_one(*env, Db::meta, "b").value_or("") == "2");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::storage::test
