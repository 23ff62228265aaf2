// Environment: open, create, reopen, read-only, durability, another process, MDB_MAP_FULL, hot copies.

#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include <boost/test/unit_test.hpp>

#include "storage/lmdb.hpp"
#include "storage/stores.hpp"
#include "tests/storage/storage_fixture.hpp"

namespace jifen::storage::test {

BOOST_AUTO_TEST_SUITE(storage_environment)

BOOST_AUTO_TEST_CASE(open_creates_the_directory_and_every_database) {
  TempDir temp;
  const auto dir = temp.sub("fresh/nested");
  {
    auto env = open_env(dir);
    BOOST_TEST(std::filesystem::exists(dir / "data.mdb"));
    BOOST_TEST(std::filesystem::exists(dir / "lock.mdb"));
    ReadTxn txn = env->begin_read().value();
    for (std::size_t index = 0; index < kDbCount; ++index) {
      BOOST_TEST(txn.entries(static_cast<Db>(index)) == 0u);
    }
    BOOST_TEST(env->map_size_bytes() == fast_options().map_size_bytes);
    BOOST_TEST(env->used_bytes() > 0u);
  }
  auto reopened = open_env(dir);
  BOOST_TEST(reopened->begin_read().value().entries(Db::log) == 0u);
}

BOOST_AUTO_TEST_CASE(database_names_are_stable) {
  BOOST_TEST(to_string(Db::log) == "log");
  BOOST_TEST(to_string(Db::merkle) == "merkle");
  BOOST_TEST(to_string(Db::by_enterprise) == "by_enterprise");
  BOOST_TEST(to_string(Db::idempotency) == "idempotency");
  BOOST_TEST(to_string(Db::keys) == "keys");
  BOOST_TEST(to_string(Db::meta) == "meta");
  BOOST_TEST(to_string(Db::projection_a) == "projection_a");
  BOOST_TEST(to_string(Db::projection_b) == "projection_b");
}

BOOST_AUTO_TEST_CASE(durable_commits_survive_close_and_reopen) {
  TempDir temp;
  EnvironmentOptions options = fast_options();
  options.durable = true;
  {
    auto env = open_env(temp.path(), options);
    put_one(*env, Db::meta, "origin", "jifen.local/ledger");
    WriteTxn txn = env->begin_write().value();
    BOOST_TEST(event_log::append(txn, 0, "record-0") == Status::ok);
    BOOST_TEST(txn.commit() == Status::ok);
  }
  auto env = open_env(temp.path(), options);
  BOOST_TEST(get_one(*env, Db::meta, "origin").value_or("") == "jifen.local/ledger");
  ReadTxn txn = env->begin_read().value();
  BOOST_TEST(event_log::size(txn) == 1u);
  BOOST_TEST(std::string(event_log::get(txn, 0).value_or("")) == "record-0");
}

BOOST_AUTO_TEST_CASE(commits_without_meta_sync_are_kept_after_sync_and_reopen) {
  TempDir temp;
  EnvironmentOptions options = fast_options();
  options.durable = true;
  options.sync_meta = false;
  {
    auto env = open_env(temp.path(), options);
    for (std::uint64_t seq = 0; seq < 3; ++seq) {
      WriteTxn txn = env->begin_write().value();
      BOOST_TEST(event_log::append(txn, seq, "record-" + std::to_string(seq)) == Status::ok);
      BOOST_TEST(txn.commit() == Status::ok);
    }
    BOOST_TEST(env->sync() == Status::ok);
  }
  auto env = open_env(temp.path(), fast_options());
  ReadTxn txn = env->begin_read().value();
  BOOST_TEST(event_log::size(txn) == 3u);
  BOOST_TEST(std::string(event_log::get(txn, 2).value_or("")) == "record-2");
}

BOOST_AUTO_TEST_CASE(one_directory_is_open_once_per_process) {
  TempDir temp;
  {
    auto env = open_env(temp.path());
    const auto second = Environment::open(temp.path(), fast_options());
    BOOST_TEST(!second.has_value());
    BOOST_TEST(second.error() == Status::invalid);
    // Also through another spelling of the same directory.
    const auto third = Environment::open(temp.path() / "." / "", fast_options());
    BOOST_TEST(!third.has_value());
  }
  auto again = open_env(temp.path());  // closing released it
  BOOST_TEST(again != nullptr);
}

BOOST_AUTO_TEST_CASE(read_only_open_of_a_missing_directory_is_not_found) {
  TempDir temp;
  EnvironmentOptions options = fast_options();
  options.read_only = true;
  const auto opened = Environment::open(temp.sub("absent"), options);
  BOOST_TEST(!opened.has_value());
  BOOST_TEST(opened.error() == Status::not_found);
  BOOST_TEST(!std::filesystem::exists(temp.sub("absent")));

  const auto empty_dir = Environment::open(temp.path(), options);  // a directory without data.mdb
  BOOST_TEST(!empty_dir.has_value());
  BOOST_TEST(empty_dir.error() == Status::not_found);
}

BOOST_AUTO_TEST_CASE(read_only_open_reads_and_refuses_writes) {
  TempDir temp;
  open_env(temp.path()).reset();  // create
  {
    auto env = open_env(temp.path());
    put_one(*env, Db::meta, "format", "1");
  }
  EnvironmentOptions options = fast_options();
  options.read_only = true;
  auto env = open_env(temp.path(), options);
  BOOST_TEST(get_one(*env, Db::meta, "format").value_or("") == "1");
  const auto write = env->begin_write();
  BOOST_TEST(!write.has_value());
  BOOST_TEST(write.error() == Status::read_only);
}

BOOST_AUTO_TEST_CASE(a_commit_of_another_process_is_visible) {
  TempDir temp;
  auto env = open_env(temp.path());
  {
    WriteTxn txn = env->begin_write().value();
    BOOST_TEST(event_log::append(txn, 0, "parent") == Status::ok);
    BOOST_TEST(txn.commit() == Status::ok);
  }
  const std::uint64_t records_child = 99;
  const pid_t child = ::fork();
  BOOST_TEST_REQUIRE(child >= 0);
  if (child == 0) {
    // The child must not touch the parent's environment (LMDB: no use across fork); it opens its own and
    // leaves with _exit, so that no destructor of the parent's objects runs here.
    restore_default_signals_in_child();
    int code = 0;
    {
      auto opened = Environment::open(temp.path(), fast_options());
      if (!opened) ::_exit(10);
      auto txn = (*opened)->begin_write();
      if (!txn) ::_exit(11);
      for (std::uint64_t seq = 1; seq <= records_child && code == 0; ++seq) {
        if (event_log::append(*txn, seq, "child-" + std::to_string(seq)) != Status::ok) code = 12;
      }
      if (code == 0 && txn->commit() != Status::ok) code = 13;
    }
    ::_exit(code);
  }
  int status = 0;
  BOOST_TEST_REQUIRE(::waitpid(child, &status, 0) == child);
  BOOST_TEST_REQUIRE(WIFEXITED(status));
  BOOST_TEST_REQUIRE(WEXITSTATUS(status) == 0);

  ReadTxn txn = env->begin_read().value();
  BOOST_TEST(event_log::size(txn) == records_child + 1);
  BOOST_TEST(std::string(event_log::get(txn, 0).value_or("")) == "parent");
  BOOST_TEST(std::string(event_log::get(txn, 57).value_or("")) == "child-57");
}

BOOST_AUTO_TEST_CASE(map_full_is_named_and_the_environment_stays_usable) {
  TempDir temp;
  EnvironmentOptions options = fast_options();
  options.map_size_bytes = std::size_t{1} << 20;  // 1 MiB
  auto env = open_env(temp.path(), options);
  put_one(*env, Db::meta, "before", "kept");

  const std::string value(4096, 'x');
  WriteTxn txn = env->begin_write().value();
  Status status = Status::ok;
  std::uint64_t seq = 0;
  for (; seq < 1000 && status == Status::ok; ++seq) status = txn.put(Db::log, encode_u64(seq), value, PutMode::append);
  BOOST_TEST_REQUIRE(status == Status::map_full);
  BOOST_TEST(seq < 1000u);
  // The transaction is poisoned: every later write and the commit answer map_full.
  BOOST_TEST(txn.put(Db::meta, "after", "x") == Status::map_full);
  BOOST_TEST(txn.del(Db::meta, "before") == Status::map_full);
  BOOST_TEST(txn.commit() == Status::map_full);
  BOOST_TEST(txn.commit() == Status::invalid);  // ended

  // Nothing of it was written, and a new transaction works.
  BOOST_TEST(env->begin_read().value().entries(Db::log) == 0u);
  put_one(*env, Db::meta, "after", "works");
  BOOST_TEST(get_one(*env, Db::meta, "after").value_or("") == "works");
  BOOST_TEST(get_one(*env, Db::meta, "before").value_or("") == "kept");
}

BOOST_AUTO_TEST_CASE(map_full_in_a_child_leaves_the_parent_usable) {
  TempDir temp;
  EnvironmentOptions options = fast_options();
  options.map_size_bytes = std::size_t{1} << 20;
  auto env = open_env(temp.path(), options);
  WriteTxn parent = env->begin_write().value();
  BOOST_TEST(parent.put(Db::meta, "parent", "yes") == Status::ok);
  {
    WriteTxn child = parent.begin_nested().value();
    const std::string value(4096, 'y');
    Status status = Status::ok;
    for (std::uint64_t seq = 0; seq < 1000 && status == Status::ok; ++seq) {
      status = child.put(Db::log, encode_u64(seq), value, PutMode::append);
    }
    BOOST_TEST(status == Status::map_full);
    BOOST_TEST(child.commit() == Status::map_full);
  }
  BOOST_TEST(parent.put(Db::meta, "parent2", "yes") == Status::ok);
  BOOST_TEST(parent.commit() == Status::ok);
  BOOST_TEST(get_one(*env, Db::meta, "parent").value_or("") == "yes");
  BOOST_TEST(get_one(*env, Db::meta, "parent2").value_or("") == "yes");
  BOOST_TEST(env->begin_read().value().entries(Db::log) == 0u);
}

BOOST_AUTO_TEST_CASE(copy_to_makes_a_directory_with_the_same_contents) {
  TempDir temp;
  auto env = open_env(temp.sub("source"));
  {
    WriteTxn txn = env->begin_write().value();
    for (std::uint64_t seq = 0; seq < 500; ++seq) {
      BOOST_TEST_REQUIRE(event_log::append(txn, seq, "record " + std::to_string(seq)) == Status::ok);
    }
    BOOST_TEST(txn.put(Db::meta, "origin", "copy.test") == Status::ok);
    BOOST_TEST(txn.put(Db::projection_b, "k", "v") == Status::ok);
    BOOST_TEST(txn.commit() == Status::ok);
  }
  {
    WriteTxn txn = env->begin_write().value();  // leave free pages behind for the compaction to drop
    for (std::uint64_t seq = 0; seq < 200; ++seq) BOOST_TEST_REQUIRE(txn.put(Db::projection_a, encode_u64(seq), std::string(300, 'p')) == Status::ok);
    BOOST_TEST(txn.clear(Db::projection_a) == Status::ok);
    BOOST_TEST(txn.commit() == Status::ok);
  }
  BOOST_TEST_REQUIRE(env->copy_to(temp.sub("backup")) == Status::ok);
  BOOST_TEST(env->copy_to(temp.sub("backup")) == Status::key_exists);  // not into a used directory

  auto copy = open_env(temp.sub("backup"));
  ReadTxn original = env->begin_read().value();
  ReadTxn copied = copy->begin_read().value();
  for (std::size_t index = 0; index < kDbCount; ++index) {
    const auto db = static_cast<Db>(index);
    BOOST_TEST(original.entries(db) == copied.entries(db), to_string(db));
    Cursor left = original.cursor(db);
    Cursor right = copied.cursor(db);
    bool left_found = left.first();
    bool right_found = right.first();
    while (left_found && right_found) {
      BOOST_TEST_REQUIRE(left.key() == right.key());
      BOOST_TEST_REQUIRE(left.value() == right.value());
      left_found = left.next();
      right_found = right.next();
    }
    BOOST_TEST(left_found == right_found, to_string(db));
  }
  BOOST_TEST(copy->used_bytes() <= env->used_bytes());
}

BOOST_AUTO_TEST_CASE(result_value_throws_a_storage_error_naming_status_and_place) {
  const Result<int> failed = Status::map_full;
  try {
    (void)failed.value();
    BOOST_FAIL("value() of an error did not throw");
  } catch (const StorageError& error) {
    BOOST_TEST(error.status() == Status::map_full);
    const std::string what = error.what();
    BOOST_TEST(what.find("map_full") != std::string::npos, what);
    BOOST_TEST(what.find("lmdb_env_test.cpp") != std::string::npos, what);
  }
}

BOOST_AUTO_TEST_CASE(u64_keys_sort_numerically) {
  BOOST_TEST(encode_u64(0) == std::string(8, '\0'));
  BOOST_TEST(encode_u64(0x0102030405060708u) == std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  BOOST_TEST(encode_u64(255) < encode_u64(256));
  BOOST_TEST(encode_u64(0xffffffffu) < encode_u64(0x100000000u));
  for (const std::uint64_t value : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{1} << 63, ~std::uint64_t{0}}) {
    BOOST_TEST(decode_u64(encode_u64(value)) == value);
  }
}

// The commit journal's checkpoint at the storage level: while a reader pins a tree, commits after it reuse none
// of its pages, so writing back the meta pages copied then brings the file back to that tree, whatever the later
// commits wrote. Many commits of many keys, so that page reuse would show if the pin did not hold.
BOOST_AUTO_TEST_CASE(meta_pages_written_back_return_to_the_pinned_tree) {
  TempDir temp;
  const auto key = [](int i) { return "key-" + std::to_string(i * 7919 % 10007); };
  std::string pages;
  std::uint64_t pinned_txnid = 0;
  {
    auto env = open_env(temp.path());
    for (int i = 0; i < 2000; ++i) put_one(*env, Db::meta, key(i), std::string(200, 'a'));
    ReadTxn pin = env->begin_read().value();
    pinned_txnid = pin.id();
    BOOST_TEST(env->last_txnid() == pinned_txnid);
    pages = env->meta_pages().value();
    BOOST_TEST(env->sync() == Status::ok);
    for (int round = 0; round < 20; ++round) {
      WriteTxn txn = env->begin_write().value();
      BOOST_TEST(txn.id() == pinned_txnid + 1 + static_cast<std::uint64_t>(round));
      for (int i = 0; i < 2000; i += 3) BOOST_TEST_REQUIRE(txn.put(Db::meta, key(i), std::string(200, 'b')) == Status::ok);
      BOOST_TEST_REQUIRE(txn.del(Db::meta, key(round)) == Status::ok);
      BOOST_TEST_REQUIRE(txn.commit() == Status::ok);
    }
    BOOST_TEST(env->last_txnid() == pinned_txnid + 20);
  }
  BOOST_TEST(Environment::last_txnid_of(temp.path()).value() == pinned_txnid + 20);
  BOOST_TEST(Environment::restore_meta_pages(temp.path(), pages) == Status::ok);
  BOOST_TEST(Environment::last_txnid_of(temp.path()).value() == pinned_txnid);
  auto env = open_env(temp.path());
  ReadTxn txn = env->begin_read().value();
  BOOST_TEST(txn.entries(Db::meta) == 2000u);
  for (int i = 0; i < 2000; ++i) {
    const auto value = txn.get(Db::meta, key(i));
    BOOST_TEST_REQUIRE(value.has_value());
    BOOST_TEST(*value == std::string(200, 'a'));
  }
  BOOST_TEST(Environment::last_txnid_of(temp.sub("none")).error() == Status::not_found);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::storage::test
