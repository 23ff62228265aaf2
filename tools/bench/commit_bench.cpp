// jifen-commit-bench: the cost of one durable LMDB commit of 1 event and of --events events, side by side in
// one process so that both see the same disk load: the floor under jifen's write latency, which no CPU work
// saved in the writer can lower.
//
//   jifen-commit-bench [--commits N] [--events N] [--dir DIR]
//
// Two durable environments (fdatasync of the data file, then the meta page through O_DSYNC) on fresh
// directories under DIR (default /tmp); rounds of 50 commits alternate between them. Each commit appends
// event-sized records to the log, one Merkle leaf node, one enterprise index entry and one idempotency entry
// per event: the storage writes of the write path without its CPU work. Prints µs per commit (p50, p90, p99),
// the data file's size at the end, and the implied ceilings (commits/s and events/s at the median).
// Figures are printed, never asserted.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "storage/lmdb.hpp"
#include "storage/stores.hpp"

namespace {

using jifen::storage::Environment;
using jifen::storage::EnvironmentOptions;

constexpr std::size_t kRoundCommits = 50;  // commits on one environment before switching to the other

struct Subject {
  std::string name;
  std::size_t events = 0;  // per commit
  std::unique_ptr<Environment> env;
  std::uint64_t next_seq = 0;
  std::vector<double> commit_us;
};

std::unique_ptr<Environment> open_durable(const std::filesystem::path& dir) {
  EnvironmentOptions options;
  options.durable = true;
  auto opened = Environment::open(dir, options);
  if (!opened) throw std::runtime_error("cannot open " + dir.string() + ": " + std::string(to_string(opened.error())));
  return std::move(*opened);
}

void commit_once(Subject& subject) {
  namespace storage = jifen::storage;
  const std::string record(360, 'r');  // a leaf and its data, as JCS, are about this long
  const auto started = std::chrono::steady_clock::now();
  storage::WriteTxn txn = subject.env->begin_write().value();
  for (std::size_t i = 0; i < subject.events; ++i) {
    const std::uint64_t seq = subject.next_seq++;
    storage::Hash32 hash{};
    for (std::size_t byte = 0; byte < 8; ++byte) hash[byte] = static_cast<std::uint8_t>(seq >> (8 * byte));
    storage::require_ok(storage::event_log::append(txn, seq, record), "log");
    storage::require_ok(storage::merkle_nodes::put(txn, 0, seq, hash), "merkle");
    storage::require_ok(storage::enterprise_index::add(txn, "91320621MA1MRHG205", seq), "index");
    const std::string event_id = "bench-" + std::to_string(seq * 7919 % 1000003) + "-" + std::to_string(seq);
    storage::require_ok(storage::idempotency::insert(txn, "91320621MA1MRHG205", event_id, {seq, hash}), "idempotency");
  }
  storage::require_ok(txn.commit(), "commit");
  const std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - started;
  subject.commit_us.push_back(elapsed.count());
}

// REQUIRES: !values.empty()
double percentile(std::vector<double> values, double fraction) {
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1));
  return values[index];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"the cost of a durable LMDB commit"};
  std::size_t commits = 1000;
  std::size_t events = 1;
  std::string base = "/tmp";
  app.add_option("--commits", commits, "commits per environment")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--events", events, "events per commit of the second environment")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--dir", base, "where the two fresh data directories go")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const std::filesystem::path root = std::filesystem::path(base) / ("jifen-commit-bench." + std::to_string(::getpid()));
  std::vector<Subject> subjects;
  subjects.push_back({"one", 1, open_durable(root / "one"), 0, {}});
  subjects.push_back({"many", events, open_durable(root / "many"), 0, {}});
  for (std::size_t done = 0; done < commits; done += kRoundCommits) {
    for (Subject& subject : subjects) {
      for (std::size_t i = 0; i < kRoundCommits && done + i < commits; ++i) commit_once(subject);
    }
  }
  std::printf("%zu durable commits per environment, alternating in rounds of %zu\n", commits, kRoundCommits);
  std::printf("%-18s %9s %9s %9s %12s %10s %10s\n", "events/commit", "p50_us", "p90_us", "p99_us", "file_bytes",
              "commits/s", "events/s");
  for (const Subject& subject : subjects) {
    const double median_us = percentile(subject.commit_us, 0.5);
    std::printf("%-18zu %9.0f %9.0f %9.0f %12ju %10.0f %10.0f\n", subject.events, median_us,
                percentile(subject.commit_us, 0.9), percentile(subject.commit_us, 0.99),
                static_cast<std::uintmax_t>(std::filesystem::file_size(root / subject.name / "data.mdb")),
                1e6 / median_us, 1e6 / median_us * static_cast<double>(subject.events));
  }
  subjects.clear();
  std::filesystem::remove_all(root);
  return 0;
}
