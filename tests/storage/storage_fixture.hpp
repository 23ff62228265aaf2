// Helpers for the storage tests: a unique temporary directory removed at the end, and environment options
// that keep the tests fast (no fsync, a small map).
//
// Thread contract: one test thread.
#pragma once

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <optional>
#include <ostream>
#include <memory>
#include <random>
#include <string>

#include <boost/test/unit_test.hpp>

#include "storage/lmdb.hpp"

namespace jifen::storage {
// Boost.Test prints the values it compares: a status by its name.
inline std::ostream& operator<<(std::ostream& out, Status status) { return out << to_string(status); }
}  // namespace jifen::storage

namespace jifen::storage::test {

class TempDir {
 public:
  TempDir() {
    std::random_device random;
    static unsigned counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("jifen-storage-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
             std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path sub(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline EnvironmentOptions fast_options() {
  EnvironmentOptions options;
  options.map_size_bytes = std::size_t{64} << 20;
  options.readers_max = 16;
  options.durable = false;
  return options;
}

inline std::unique_ptr<Environment> open_env(const std::filesystem::path& dir,
                                             const EnvironmentOptions& options = fast_options()) {
  auto opened = Environment::open(dir, options);
  BOOST_TEST_REQUIRE(opened.has_value(), "open " << dir << ": " << (opened ? "ok" : to_string(opened.error())));
  return std::move(*opened);
}

// In a fork()ed child: fatal signals end the process again, instead of Boost.Test's handlers reporting them
// and running the rest of the test module inside the child.
inline void restore_default_signals_in_child() {
  for (const int signal_number : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(signal_number, SIG_DFL);
}

// Commits one upsert in its own write transaction.
inline void put_one(Environment& env, Db db, std::string_view key, std::string_view value) {
  WriteTxn txn = env.begin_write().value();
  BOOST_TEST_REQUIRE(txn.put(db, key, value) == Status::ok);
  BOOST_TEST_REQUIRE(txn.commit() == Status::ok);
}

inline std::optional<std::string> get_one(const Environment& env, Db db, std::string_view key) {
  ReadTxn txn = env.begin_read().value();
  const auto value = txn.get(db, key);
  if (!value) return std::nullopt;
  return std::string(*value);
}

}  // namespace jifen::storage::test
