// jifen-scoring-bench: figures for the derived reads at scale (docs/PERFORMANCE.md "Scoring"), printed, never
// asserted. It reads a data directory built beforehand (`jifenctl init` and `jifenctl seed-demo`).
//
//   jifen-scoring-bench rankings --data DIR [--year Y] [--repeat N]
//       the leaderboard of Y from the live projections: the first request (a fresh Ledger: the board is
//       built) and the median of N cached requests, in ms.
//   jifen-scoring-bench snapshots --data DIR [--interval K] [--delta D]
//       takes every fold snapshot due, full every K records and a delta every D between (0: none)
//       (Ledger::update_snapshots): seconds, events/s, and the size of the snapshot store.
//   jifen-scoring-bench as-of --data DIR [--year Y] [--interval K] [--no-snapshots] [--points 5,50,100]
//                             [--sizes N,...]
//       the leaderboard of Y as_of each point (percent of the tree size), then as_of each tree size N: cold (a
//       fresh Ledger: no fold and no board in memory; the snapshots on disk as they are) and warm (the same
//       request again), in ms. A size that is a snapshot's times decoding it alone (no record to fold).
//       With --map-log, each fresh Ledger first reads every record once (untimed, its time printed), so that
//       the timed request finds the log's pages mapped, as a jifend that has run a while does: a first touch
//       of a page of the memory map is a page fault, and on this machine faults are a large part of a cold
//       fold.
//   jifen-scoring-bench board --data DIR [--year Y] [--sizes N,...] [--points P,...] [--repeat R]
//       a fold's year board alone: the fold at each point (from the nearest snapshot, untimed but printed),
//       then its board built R times in the process, as the board cache builds it (sharing the fold), in ms.
//       The first build touches fresh memory; later ones reuse what the one before freed. Its time is wall:
//       a large board is built on two threads.
//   jifen-scoring-bench rebuild --data DIR
//       jifenctl rebuild's work (every projection from the log into the other generation): events/s.
//
// Times are wall (steady clock) with the calling thread's CPU time beside them: on a shared machine the wall
// time also counts waits for a core and for the disk. A fresh Ledger stands for a fresh process: nothing of the previous one is kept in memory (the operating
// system's page cache is, as it is for a restarted jifend). Exit 2 on usage errors.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "domain/ledger_fold.hpp"
#include "replay/derived_reads.hpp"
#include "replay/fold_snapshots.hpp"
#include "replay/ledger.hpp"

namespace {

using namespace jifen;
using Clock = std::chrono::steady_clock;

constexpr int kExitUsage = 2;
constexpr std::size_t kRankingLimit = 100;

double ms_since(Clock::time_point started) {
  return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
}

// CPU time of the calling thread in ms: on a shared machine, wall time also counts the waits for a core.
double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1000 + static_cast<double>(now.tv_nsec) / 1e6;
}

// The process's anonymous resident memory in MiB (RssAnon: its heap, apart from mapped files such as LMDB's);
// 0 where /proc does not say.
double rss_anon_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("RssAnon:", 0) == 0) return std::stod(line.substr(8)) / 1024;  // "RssAnon:   1234 kB"
  }
  return 0;
}

struct Timing {
  double wall_ms = 0;
  double cpu_ms = 0;
};

std::ostream& operator<<(std::ostream& out, const Timing& timing) {
  return out << timing.wall_ms << " (cpu " << timing.cpu_ms << ")";
}

struct Arguments {
  std::string data_dir;
  std::int32_t year = 2022;
  std::size_t repeat = 20;
  std::uint64_t interval_events = replay::LedgerOptions{}.snapshot_interval_events;
  std::uint64_t delta_events = replay::LedgerOptions{}.snapshot_delta_events;
  bool no_snapshots = false;
  bool map_log = false;  // as-of: read the whole log once before the timed request
  std::vector<std::uint64_t> points_percent = {5, 50, 100};
  std::vector<std::uint64_t> sizes;  // absolute tree sizes, after the percent points
};

std::unique_ptr<replay::Ledger> open_ledger(const Arguments& arguments) {
  replay::LedgerOptions options;
  options.data_dir = arguments.data_dir;
  options.snapshot_interval_events = arguments.no_snapshots ? 0 : arguments.interval_events;
  options.snapshot_delta_events = arguments.delta_events;
  return replay::Ledger::open(options);
}

// One leaderboard request, wall and CPU time in ms. Throws when there is no answer (no model for the year, ...).
Timing time_ranking(const replay::Ledger& ledger, std::int32_t year, std::optional<std::uint64_t> as_of) {
  domain::RankingFilter filter;
  filter.limit = kRankingLimit;
  const auto started = Clock::now();
  const double cpu_started = thread_cpu_ms();
  const replay::DerivedAnswer answer = replay::enterprise_ranking_json(ledger, year, filter, replay::ReadPoint{as_of, std::nullopt});
  const Timing timing{ms_since(started), thread_cpu_ms() - cpu_started};
  if (!answer.json) throw std::runtime_error("no leaderboard: " + answer.detail);
  return timing;
}

double median_cached(const replay::Ledger& ledger, const Arguments& arguments, std::optional<std::uint64_t> as_of) {
  std::vector<double> times;
  for (std::size_t i = 0; i < arguments.repeat; ++i) times.push_back(time_ranking(ledger, arguments.year, as_of).wall_ms);
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

void rankings(const Arguments& arguments) {
  const auto ledger = open_ledger(arguments);
  const replay::LedgerStats stats = ledger->stats();
  const Timing cold = time_ranking(*ledger, arguments.year, std::nullopt);
  const double cached = median_cached(*ledger, arguments, std::nullopt);
  std::cout << "rankings year=" << arguments.year << " tree_size=" << stats.tree_size << " enterprises=" << stats.enterprises
            << " first_ms=" << cold << " cached_median_ms=" << cached << '\n';
}

std::uint64_t directory_bytes(const std::filesystem::path& dir) {
  std::uint64_t bytes = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  return bytes;
}

void snapshots(const Arguments& arguments) {
  const auto ledger = open_ledger(arguments);
  const std::uint64_t size = ledger->tree_size();
  const auto started = Clock::now();
  const double cpu_started = thread_cpu_ms();
  const std::uint64_t written = ledger->update_snapshots();
  const double ms = ms_since(started);
  const double cpu_ms = thread_cpu_ms() - cpu_started;
  const std::uint64_t bytes = directory_bytes(std::filesystem::path(arguments.data_dir) / "snapshots");
  std::cout << "snapshots interval=" << arguments.interval_events << " delta=" << arguments.delta_events << " tree_size=" << size << " written=" << written
            << " seconds=" << ms / 1000 << " cpu_seconds=" << cpu_ms / 1000 << " events_per_s=" << (ms > 0 ? static_cast<double>(size) * 1000 / ms : 0)
            << " store_mib=" << static_cast<double>(bytes) / (1 << 20) << '\n';
}

void as_of(const Arguments& arguments) {
  std::vector<std::pair<std::string, std::optional<std::uint64_t>>> points;  // (label, absolute size or none)
  for (const std::uint64_t percent : arguments.points_percent) points.emplace_back(std::to_string(percent) + "%", std::nullopt);
  for (const std::uint64_t size : arguments.sizes) points.emplace_back("size", size);
  for (std::size_t index = 0; index < points.size(); ++index) {
    std::uint64_t point = 0;
    Timing cold;
    double warm = 0;
    double rss_anon = 0;
    {
      const auto ledger = open_ledger(arguments);
      const std::uint64_t percent = index < arguments.points_percent.size() ? arguments.points_percent[index] : 0;
      point = points[index].second.value_or(std::max<std::uint64_t>(1, ledger->tree_size() * percent / 100));
      if (arguments.map_log) {
        const double cpu_started = thread_cpu_ms();
        std::uint64_t bytes = 0;
        ledger->visit_records(0, ledger->tree_size(),
                              [&](std::uint64_t, std::string_view leaf, std::string_view data) { bytes += leaf.size() + data.size(); });
        std::cout << "mapped log: " << bytes << " bytes of records, cpu_ms=" << thread_cpu_ms() - cpu_started << '\n';
      }
      cold = time_ranking(*ledger, arguments.year, point);
      warm = median_cached(*ledger, arguments, point);
      rss_anon = rss_anon_mib();  // the fold and the boards still cached
    }
    std::cout << "as_of year=" << arguments.year << " point=" << points[index].first << " as_of=" << point
              << " snapshots=" << (arguments.no_snapshots ? "off" : "on") << " cold_ms=" << cold
              << " warm_median_ms=" << warm << " rss_anon_mib=" << rss_anon << '\n';
  }
}

// The board of a fold alone: the fold at each size (from the nearest snapshot, untimed), then its year board
// built `repeat` times. The first build touches fresh memory; later ones reuse what the previous freed.
void board(const Arguments& arguments) {
  Arguments no_store = arguments;
  no_store.no_snapshots = true;  // the store is opened here, once per process
  const auto ledger = open_ledger(no_store);
  const auto snapshots = replay::FoldSnapshots::open(arguments.data_dir, true, true, arguments.interval_events,
                                                     arguments.delta_events);
  std::vector<std::uint64_t> sizes = arguments.sizes;
  for (const std::uint64_t percent : arguments.points_percent) {
    sizes.push_back(std::max<std::uint64_t>(1, ledger->tree_size() * percent / 100));
  }
  for (const std::uint64_t size : sizes) {
    std::optional<domain::LedgerFold> loaded = snapshots ? snapshots->load_nearest(*ledger, size) : std::nullopt;
    domain::LedgerFold fold = loaded ? std::move(*loaded) : domain::LedgerFold();
    const auto fold_started = Clock::now();
    replay::fold_records(*ledger, fold, size);
    const double fold_ms = ms_since(fold_started);
    std::cout << "board year=" << arguments.year << " as_of=" << size << " fold_ms=" << fold_ms << " build_ms=";
    const auto shared = std::make_shared<const domain::LedgerFold>(std::move(fold));  // as the board cache holds it
    for (std::size_t i = 0; i < std::max<std::size_t>(1, arguments.repeat); ++i) {
      const auto started = Clock::now();
      const domain::YearBoard built = domain::LedgerFold::year_board(shared, arguments.year);
      std::cout << (i == 0 ? "" : ",") << ms_since(started);
    }
    std::cout << '\n';
  }
}

void rebuild(const Arguments& arguments) {
  const auto ledger = open_ledger(arguments);
  const double cpu_started = thread_cpu_ms();
  const replay::RebuildReport report = ledger->rebuild(false, {});
  const double cpu_seconds = (thread_cpu_ms() - cpu_started) / 1000;
  std::cout << "rebuild events=" << report.events << " seconds=" << report.seconds << " cpu_seconds=" << cpu_seconds
            << " events_per_s=" << (report.seconds > 0 ? static_cast<double>(report.events) / report.seconds : 0) << '\n';
}

std::vector<std::uint64_t> parse_points(const std::string& text) {
  std::vector<std::uint64_t> points;
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) points.push_back(std::stoull(item));
  return points;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"figures for jifen's derived reads at scale"};
  app.require_subcommand(1);
  Arguments arguments;
  std::string points = "5,50,100";
  std::string sizes;
  const auto common = [&](CLI::App* command) {
    command->add_option("--data", arguments.data_dir, "a data directory (jifenctl init, seed-demo)")->required();
    command->add_option("--year", arguments.year, "the evaluation year")->capture_default_str();
    command->add_option("--interval", arguments.interval_events, "full snapshot interval in records")->capture_default_str();
    command->add_option("--delta", arguments.delta_events, "delta snapshot interval in records (0: none)")->capture_default_str();
    command->add_option("--repeat", arguments.repeat, "cached requests timed")->capture_default_str();
    command->add_flag("--no-snapshots", arguments.no_snapshots, "as_of folds from seq 0");
    command->add_flag("--map-log", arguments.map_log, "as-of: read the whole log once, untimed, before each point");
    command->add_option("--points", points, "as_of points, percent of the tree size")->capture_default_str();
    command->add_option("--sizes", sizes, "as_of points, tree sizes");
  };
  CLI::App* rankings_command = app.add_subcommand("rankings", "the leaderboard from the live projections");
  CLI::App* snapshots_command = app.add_subcommand("snapshots", "take the fold snapshots that are due");
  CLI::App* as_of_command = app.add_subcommand("as-of", "the leaderboard as_of points of the log");
  CLI::App* rebuild_command = app.add_subcommand("rebuild", "rebuild every projection");
  CLI::App* board_command = app.add_subcommand("board", "a fold's year board alone, built --repeat times");
  for (CLI::App* command : {rankings_command, snapshots_command, as_of_command, rebuild_command, board_command}) {
    common(command);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : kExitUsage;
  }
  try {
    arguments.points_percent = parse_points(points);
    arguments.sizes = parse_points(sizes);
    if (*rankings_command) rankings(arguments);
    if (*snapshots_command) snapshots(arguments);
    if (*as_of_command) as_of(arguments);
    if (*rebuild_command) rebuild(arguments);
    if (*board_command) board(arguments);
  } catch (const std::exception& error) {
    std::cerr << "jifen-scoring-bench: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
