// jifen-audit: the offline auditor. Verifies a jifenctl export with nothing but the file (no LMDB, no
// storage/): every record's data hash and leaf hash, the seq order, and the Merkle root of the closing line.
// Exit 0 when it all verifies, 1 naming the first bad seq, 2 for a usage error.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "domain/types.hpp"
#include "tools/exit_codes.hpp"
#include "tools/export_audit.hpp"

namespace {

using jifen::tools::kExitFailure;
using jifen::tools::kExitOk;
using jifen::tools::kExitUsage;

int verify_export(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::cerr << "jifen-audit: cannot open " << path << "\n";
    return kExitUsage;
  }
  const auto started = std::chrono::steady_clock::now();
  jifen::tools::ExportAuditor auditor;
  std::string line;
  std::uint64_t line_number = 0;
  while (std::getline(file, line)) {
    ++line_number;
    if (!auditor.add_line(line, line_number)) break;
  }
  if (file.bad()) {
    std::cerr << "jifen-audit: reading " << path << " failed\n";
    return kExitFailure;
  }
  const jifen::tools::AuditReport report = auditor.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!report.ok) {
    std::cout << "bad: " << report.detail << "\n";
    return kExitFailure;
  }
  const double rate = seconds > 0 ? static_cast<double>(report.records) / seconds : 0.0;
  std::cout << "ok: tree_size " << report.tree_size << " root " << jifen::domain::to_base64(report.root) << "\n";
  if (report.redacted_records > 0) {
    std::cout << report.redacted_records << " records without data: their data_sha256 was taken as given\n";
  }
  std::printf("verified %llu records in %.3f s (%.0f events/s)\n", static_cast<unsigned long long>(report.records),
              seconds, rate);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"jifen-audit: verify a jifen export offline, without trusting the operator"};
  app.require_subcommand(1);
  std::string export_path;
  CLI::App* verify = app.add_subcommand("verify", "verify every record and the Merkle root of an export");
  verify->add_option("FILE", export_path, "an export written by `jifenctl export`")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    return verify_export(export_path);
  } catch (const std::exception& error) {
    std::cerr << "jifen-audit: " << error.what() << "\n";
    return kExitFailure;
  }
}
