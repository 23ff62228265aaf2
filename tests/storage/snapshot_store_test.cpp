// The snapshot store's Reader: views of stored bytes that stay as they were, in place, while it lives.
#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

#include "storage/snapshot_store.hpp"
#include "tests/storage/storage_fixture.hpp"

namespace jifen::storage::test {

BOOST_AUTO_TEST_SUITE(snapshot_store)

BOOST_AUTO_TEST_CASE(a_reader_keeps_its_bytes_through_writes_erasures_and_the_store_closing) {
  TempDir temp;
  auto opened = SnapshotStore::open(temp.path() / "snapshots", false, false);
  BOOST_TEST_REQUIRE(opened.has_value());
  std::unique_ptr<SnapshotStore> store = std::move(*opened);
  const std::string first(100000, 'a');  // several pages: an overflow value
  const std::string second(100000, 'b');
  BOOST_TEST((store->put(10, first) == Status::ok));
  BOOST_TEST((store->put(20, "twenty") == Status::ok));

  const std::shared_ptr<const SnapshotStore::Reader> reader = store->reader();
  BOOST_TEST_REQUIRE(reader != nullptr);
  const std::optional<std::string_view> ten = reader->get(10);
  BOOST_TEST_REQUIRE(ten.has_value());
  BOOST_TEST(*ten == first);
  BOOST_TEST(!reader->get(15).has_value());

  // Replaced, erased and written around after the reader began: what it gave, and gives, stays the same.
  BOOST_TEST((store->put(10, second) == Status::ok));
  BOOST_TEST((store->erase(20) == Status::ok));
  for (std::uint64_t size = 30; size < 40; ++size) BOOST_TEST((store->put(size, std::string(50000, 'c')) == Status::ok));
  BOOST_TEST((store->erase(10) == Status::ok));
  BOOST_TEST(*ten == first);
  BOOST_TEST(reader->get(20).value_or("") == "twenty");
  BOOST_TEST(!store->read(10, [](std::string_view) {}));  // a new read sees the erasure

  store.reset();  // the environment stays open for the reader
  BOOST_TEST(*ten == first);
  BOOST_TEST(reader->get(10).value_or("") == first);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::storage::test
