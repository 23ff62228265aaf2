// jifenctl rebuild, verify, stats and export: the commands that read (or re-derive from) the whole log.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "tools/ctl_commands.hpp"
#include "tools/ctl_support.hpp"
#include "tools/exit_codes.hpp"
#include "tools/json_text.hpp"
#include "tools/progress.hpp"

namespace jifen::tools {
namespace {

constexpr std::size_t kExportPageEvents = 4096;
constexpr std::size_t kDifferencesShownMax = 20;

double seconds_since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

std::string stats_json(const replay::LedgerStats& stats) {
  JsonObject json;
  json.integer("tree_size", static_cast<std::int64_t>(stats.tree_size))
      .text("root", domain::to_base64(stats.root))
      .integer("projected_tree_size", static_cast<std::int64_t>(stats.projected_tree_size))
      .integer("enterprises", static_cast<std::int64_t>(stats.enterprises))
      .integer("zones", static_cast<std::int64_t>(stats.zones))
      .integer("chains", static_cast<std::int64_t>(stats.chains))
      .integer("keys", static_cast<std::int64_t>(stats.keys))
      .integer("used_bytes", static_cast<std::int64_t>(stats.used_bytes))
      .integer("map_size_bytes", static_cast<std::int64_t>(stats.map_size_bytes))
      .text("last_recorded_at", stats.last_recorded_at);
  return json.str();
}

void print_stats(const replay::LedgerStats& stats) {
  std::cout << "tree_size           " << stats.tree_size << "\n"
            << "root                " << domain::to_base64(stats.root) << "\n"
            << "projected_tree_size " << stats.projected_tree_size << "\n"
            << "enterprises         " << stats.enterprises << "\n"
            << "zones               " << stats.zones << "\n"
            << "chains              " << stats.chains << "\n"
            << "keys                " << stats.keys << "\n"
            << "last_recorded_at    " << (stats.last_recorded_at.empty() ? "-" : stats.last_recorded_at) << "\n";
  std::printf("used                %.1f MiB of a %.1f GiB map\n", static_cast<double>(stats.used_bytes) / (1 << 20),
              static_cast<double>(stats.map_size_bytes) / (1 << 30));
}

// The opening line of an export that starts at `from` > 0 (docs/AUDIT.md "Exports"): the roots of the perfect
// subtrees of the first `from` leaves, which the auditor extends with the records to the checkpoint's root.
std::string opening_line(const replay::Ledger& ledger, std::uint64_t from) {
  std::vector<std::string> roots;
  for (const domain::Digest& root : ledger.subtree_roots(from)) roots.push_back(domain::to_base64(root));
  JsonObject opening;
  opening.integer("from", static_cast<std::int64_t>(from)).texts("subtrees", roots);
  return opening.str();
}

// Writes the opening line (from > 0), records [from, to) and the closing checkpoint line; false when the file
// could not be written.
bool write_export(const replay::Ledger& ledger, std::ofstream& out, std::uint64_t from, std::uint64_t to,
                  const std::string& checkpoint) {
  ProgressBar progress("export");
  if (from > 0) out << opening_line(ledger, from) << '\n';
  for (std::uint64_t seq = from; seq < to;) {
    const std::size_t limit = static_cast<std::size_t>(std::min<std::uint64_t>(kExportPageEvents, to - seq));
    const std::vector<replay::Record> page = ledger.events(seq, limit);
    if (page.empty()) throw std::runtime_error("the log ended at seq " + std::to_string(seq) + " during the export");
    for (const replay::Record& record : page) {
      if (record.seq != seq) throw std::runtime_error("the log skipped from seq " + std::to_string(seq));
      out << replay::render_record_json(record) << '\n';
      ++seq;
    }
    progress(seq - from, to - from);
  }
  JsonObject closing;
  closing.text("checkpoint", checkpoint);
  out << closing.str() << '\n';
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace

int run_snapshot(const SnapshotOptions& options, const CtlContext& context) {
  const std::unique_ptr<replay::Ledger> ledger = open_ledger(options.data_dir, OpenMode::read_write, context.clock);
  const auto started = std::chrono::steady_clock::now();
  const std::uint64_t written = ledger->update_snapshots();
  std::printf("took %llu snapshots up to tree size %llu in %.2f s\n", static_cast<unsigned long long>(written),
              static_cast<unsigned long long>(ledger->tree_size()), seconds_since(started));
  return kExitOk;
}

int run_rebuild(const RebuildOptions& options, const CtlContext& context) {
  const std::unique_ptr<replay::Ledger> ledger = open_ledger(options.data_dir, OpenMode::read_write, context.clock);
  replay::RebuildReport report;
  {
    ProgressBar progress(options.verify ? "rebuild --verify" : "rebuild");
    report = ledger->rebuild(options.verify, [&](std::uint64_t done, std::uint64_t total) { progress(done, total); });
  }
  std::printf("rebuilt %llu events in %.2f s (%s)\n", static_cast<unsigned long long>(report.events), report.seconds,
              events_per_second(report.events, report.seconds).c_str());
  if (!options.verify) return kExitOk;
  if (report.verified_equal) {
    std::cout << "ok: the rebuilt projections equal the live ones\n";
    return kExitOk;
  }
  std::cout << "differences between the rebuilt and the live projections:\n";
  for (std::size_t index = 0; index < report.differences.size() && index < kDifferencesShownMax; ++index) {
    std::cout << "  " << report.differences[index] << "\n";
  }
  return kExitFailure;
}

int run_verify(const VerifyOptions& options, const CtlContext& context) {
  const std::unique_ptr<replay::Ledger> ledger = open_ledger(options.data_dir, OpenMode::read_only, context.clock);
  const auto started = std::chrono::steady_clock::now();
  replay::VerifyReport report;
  {
    ProgressBar progress("verify");
    report = ledger->verify([&](std::uint64_t done, std::uint64_t total) { progress(done, total); });
  }
  const double seconds = seconds_since(started);
  if (!report.ok) {
    std::cout << "bad: first bad seq " << (report.first_bad_seq ? std::to_string(*report.first_bad_seq) : "-") << ": "
              << report.detail << "\n";
    return kExitFailure;
  }
  std::cout << "ok: tree_size " << report.tree_size << " root " << domain::to_base64(ledger->root(report.tree_size))
            << "\n"
            << report.checkpoints << " signed checkpoints verified (signature, tree size and root)"
            << (ledger->verifier_key() ? "" : "; this directory has no signing key (jifenctl keys signing)") << "\n";
  std::printf("verified %llu events in %.2f s (%s)\n", static_cast<unsigned long long>(report.tree_size), seconds,
              events_per_second(report.tree_size, seconds).c_str());
  return kExitOk;
}

int run_stats(const StatsOptions& options, const CtlContext& context) {
  const std::unique_ptr<replay::Ledger> ledger = open_ledger(options.data_dir, OpenMode::read_only, context.clock);
  const replay::LedgerStats stats = ledger->stats();
  if (options.json) {
    std::cout << stats_json(stats) << "\n";
  } else {
    print_stats(stats);
  }
  return kExitOk;
}

int run_export(const ExportOptions& options, const CtlContext& context) {
  const std::unique_ptr<replay::Ledger> ledger = open_ledger(options.data_dir, OpenMode::read_only, context.clock);
  const std::uint64_t tree_size = ledger->tree_size();
  const std::uint64_t to = options.to_seq.value_or(tree_size);
  if (to > tree_size || options.from_seq > to) {
    std::cerr << "jifenctl export: need --from <= --to <= tree_size " << tree_size << " (got --from "
              << options.from_seq << " --to " << to << ")\n";
    return kExitUsage;
  }
  const std::optional<std::string> checkpoint = ledger->signed_checkpoint(to);
  if (!checkpoint) {
    std::cerr << "jifenctl export: " << options.data_dir.string() << " has no signing key, so an export cannot end "
              << "with a signed checkpoint; give it one with `jifenctl keys signing --data DIR`\n";
    return kExitFailure;
  }
  // Written beside the target and renamed at the end, so that a failed export leaves no partial file.
  const std::filesystem::path partial = options.out_file.string() + ".partial";
  const auto started = std::chrono::steady_clock::now();
  try {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out || !write_export(*ledger, out, options.from_seq, to, *checkpoint)) {
      std::filesystem::remove(partial);
      std::cerr << "jifenctl export: cannot write " << partial.string() << "\n";
      return kExitFailure;
    }
  } catch (...) {
    std::filesystem::remove(partial);
    throw;
  }
  std::filesystem::rename(partial, options.out_file);
  const double seconds = seconds_since(started);
  const std::uint64_t records = to - options.from_seq;
  std::cout << "exported seqs " << options.from_seq << ".." << to << " (" << records << " records) to "
            << options.out_file.string() << ", closing with the signed checkpoint of tree_size " << to << "\n";
  std::printf("%llu records in %.2f s (%s)\n", static_cast<unsigned long long>(records), seconds,
              events_per_second(records, seconds).c_str());
  return kExitOk;
}

}  // namespace jifen::tools
