// jifen-audit: the offline auditor. Verifies what a jifen log publishes with nothing but the files and the log's
// verifier key (no LMDB, no storage/): exports (every record's data hash and leaf hash, the seq order, the
// Merkle root and the signed checkpoint), inclusion and consistency proofs, receipts (tools/audit_commands.hpp);
// and recomputes scores from an export alone (tools/audit_score.hpp).
// Exit 0 when it all verifies, 1 naming the first bad seq, 2 for a usage error.
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "tools/audit_commands.hpp"
#include "tools/audit_score.hpp"
#include "tools/exit_codes.hpp"

namespace {

using jifen::tools::kExitFailure;
using jifen::tools::kExitOk;
using jifen::tools::kExitUsage;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"jifen-audit: verify a jifen export offline, without trusting the operator"};
  app.require_subcommand(1);
  jifen::tools::AuditCommands log_commands;
  jifen::tools::define_audit_commands(app, log_commands);
  jifen::tools::ScoreCommand score_command;
  jifen::tools::define_score_command(app, score_command);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    if (const std::optional<int> code = jifen::tools::run_audit_command(log_commands)) return *code;
    if (const std::optional<int> code = jifen::tools::run_score_command(score_command)) return *code;
    return kExitUsage;
  } catch (const std::exception& error) {
    std::cerr << "jifen-audit: " << error.what() << "\n";
    return kExitFailure;
  }
}
