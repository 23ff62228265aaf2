// jifenctl backup against a ledger that another writer keeps appending to: the copy is consistent (it
// verifies and its projections rebuild equal), holds a tree size between the sizes before and after, and
// its records are the source's byte for byte. And the refusals that leave nothing behind.
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "replay/ledger.hpp"
#include "support/temp_dir.hpp"
#include "tools/tool_runner.hpp"

namespace {

using jifen::test::kExitOk;
using jifen::test::kExitUsage;
using jifen::test::lines_of;
using jifen::test::run_tool;
using jifen::test::TempDir;
using jifen::test::ToolResult;
namespace replay = jifen::replay;

constexpr std::size_t kComparePageEvents = 1000;

struct BackupFixture {
  TempDir root{"jifen-backup-test"};
  std::filesystem::path data = root.path() / "data";
  std::filesystem::path out = root.path() / "backup";

  ToolResult ctl(const std::vector<std::string>& arguments) const { return run_tool("jifenctl", arguments, root.path()); }

  void init_and_seed() const {
    ToolResult result = ctl({"init", "--data", data.string()});
    BOOST_TEST_REQUIRE(result.exit_code == kExitOk, result.err);
    result = ctl({"seed-demo", "--data", data.string(), "--enterprises", "10", "--seed", "3"});
    BOOST_TEST_REQUIRE(result.exit_code == kExitOk, result.err);
  }
};

std::unique_ptr<replay::Ledger> open_ledger(const std::filesystem::path& dir, bool read_only) {
  replay::LedgerOptions options;
  options.data_dir = dir;
  options.read_only = read_only;
  options.durable = false;
  return replay::Ledger::open(options);
}

// The tree size jifenctl backup reports: "... tree_size N root ..." on its first line.
std::uint64_t reported_tree_size(const std::string& out) {
  const std::string marker = "tree_size ";
  const std::size_t at = out.find(marker);
  BOOST_TEST_REQUIRE(at != std::string::npos, out);
  return std::stoull(out.substr(at + marker.size()));
}

// Appends key.created events one commit at a time until told to stop.
class BackgroundWriter {
 public:
  explicit BackgroundWriter(replay::Ledger& ledger)
      : thread_([this, &ledger] {
          for (std::uint32_t serial = 0; !stop_.load(); ++serial) {
            std::string secret(32, '\x5a');
            secret.replace(0, sizeof serial, reinterpret_cast<const char*>(&serial), sizeof serial);
            ledger.create_key(jifen::domain::Role::auditor, std::nullopt, secret);
            appended_.fetch_add(1);
          }
        }) {}
  ~BackgroundWriter() { stop(); }
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;

  void wait_for_appends(std::uint64_t count) const {
    while (appended_.load() < count) std::this_thread::yield();
  }
  void stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> appended_{0};
  std::thread thread_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(tools_backup)

BOOST_AUTO_TEST_CASE(backup_while_a_writer_appends_is_a_consistent_complete_directory) {
  BackupFixture f;
  f.init_and_seed();
  std::unique_ptr<replay::Ledger> source = open_ledger(f.data, false);
  std::uint64_t before = 0;
  std::uint64_t after = 0;
  ToolResult backup;
  {
    BackgroundWriter writer(*source);
    writer.wait_for_appends(1);
    before = source->tree_size();
    backup = f.ctl({"backup", "--data", f.data.string(), "--out", f.out.string()});
    after = source->tree_size();
    writer.stop();
  }
  BOOST_TEST_REQUIRE(backup.exit_code == kExitOk, backup.err);
  const std::uint64_t copied = reported_tree_size(backup.out);
  BOOST_TEST(copied >= before);
  BOOST_TEST(copied <= after);
  BOOST_TEST(backup.out.find(" bytes ") != std::string::npos, backup.out);
  BOOST_TEST(!std::filesystem::exists(f.out.string() + ".partial"));

  struct stat key_status {};
  BOOST_TEST_REQUIRE(::stat((f.out / "signing.key").c_str(), &key_status) == 0);
  BOOST_TEST((key_status.st_mode & 0777) == 0600U);
  struct stat data_status {};
  BOOST_TEST_REQUIRE(::stat((f.out / "data.mdb").c_str(), &data_status) == 0);
  BOOST_TEST((data_status.st_mode & 0777) == 0600U);  // like the source: it holds the hashes of key secrets

  const ToolResult verify = f.ctl({"verify", "--data", f.out.string()});
  BOOST_TEST(verify.exit_code == kExitOk, verify.out + verify.err);
  BOOST_TEST(verify.out.find("ok: tree_size " + std::to_string(copied) + " ") == 0U, verify.out);
  BOOST_TEST(verify.out.find(" 0 signed checkpoints") == std::string::npos, verify.out);
  const ToolResult rebuild = f.ctl({"rebuild", "--data", f.out.string(), "--verify"});
  BOOST_TEST(rebuild.exit_code == kExitOk, rebuild.out + rebuild.err);

  const std::unique_ptr<replay::Ledger> copy = open_ledger(f.out, true);
  BOOST_TEST_REQUIRE(copy->tree_size() == copied);
  BOOST_TEST((copy->verifier_key() == source->verifier_key()));
  for (std::uint64_t seq = 0; seq < copied; seq += kComparePageEvents) {
    const std::vector<replay::Record> mine = copy->events(seq, kComparePageEvents);
    const std::vector<replay::Record> theirs = source->events(seq, mine.size());
    BOOST_TEST_REQUIRE(mine.size() == theirs.size());
    for (std::size_t index = 0; index < mine.size(); ++index) {
      BOOST_TEST_REQUIRE(mine[index].leaf == theirs[index].leaf, "seq " << mine[index].seq);
      BOOST_TEST_REQUIRE(mine[index].data == theirs[index].data, "seq " << mine[index].seq);
    }
  }
}

BOOST_AUTO_TEST_CASE(backup_refuses_a_used_target_and_a_missing_source_with_exit_2) {
  BackupFixture f;
  f.init_and_seed();
  std::filesystem::create_directories(f.out);
  { std::ofstream(f.out / "notes.txt") << "mine\n"; }
  const ToolResult used = f.ctl({"backup", "--data", f.data.string(), "--out", f.out.string()});
  BOOST_TEST(used.exit_code == kExitUsage);
  BOOST_TEST(used.err.find("not empty") != std::string::npos, used.err);
  BOOST_TEST(std::filesystem::exists(f.out / "notes.txt"));
  BOOST_TEST(!std::filesystem::exists(f.out / "data.mdb"));

  const ToolResult missing =
      f.ctl({"backup", "--data", (f.root.path() / "absent").string(), "--out", (f.root.path() / "b2").string()});
  BOOST_TEST(missing.exit_code == kExitUsage);
  BOOST_TEST(!std::filesystem::exists(f.root.path() / "b2"));

  const ToolResult no_parent =
      f.ctl({"backup", "--data", f.data.string(), "--out", (f.root.path() / "no" / "such" / "b3").string()});
  BOOST_TEST(no_parent.exit_code == kExitUsage);
  BOOST_TEST(!std::filesystem::exists(f.root.path() / "no"));
}

BOOST_AUTO_TEST_CASE(backup_into_an_empty_directory_opens_as_a_ledger) {
  BackupFixture f;
  f.init_and_seed();
  std::filesystem::create_directories(f.out);
  const ToolResult backup = f.ctl({"backup", "--data", f.data.string(), "--out", f.out.string()});
  BOOST_TEST_REQUIRE(backup.exit_code == kExitOk, backup.err);
  BOOST_TEST(!std::filesystem::exists(f.out / "lock.mdb"));
  const ToolResult stats = f.ctl({"stats", "--data", f.out.string(), "--json"});
  BOOST_TEST(stats.exit_code == kExitOk, stats.err);
  BOOST_TEST(stats.out.find("\"tree_size\":" + std::to_string(reported_tree_size(backup.out)) + ",") !=
                 std::string::npos,
             stats.out);
}

BOOST_AUTO_TEST_SUITE_END()
