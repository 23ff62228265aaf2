// jifen-audit's log subcommands (docs/AUDIT.md): verify an export, check an inclusion proof, a consistency
// proof, a receipt. jifen_audit.cpp defines them on its command line and runs the one given.
//
//   jifen-audit verify FILE --key KEY [--origin O] [--checkpoint NOTE_FILE]...
//   jifen-audit inclusion --key KEY --checkpoint NOTE_FILE --proof JSON_FILE [--leaf-hash B64]
//   jifen-audit consistency --key KEY --old NOTE_FILE --new NOTE_FILE --proof JSON_FILE
//   jifen-audit receipt FILE --key KEY
//
// KEY is the verifier key string (GET /v1/log/key, printed by jifenctl init); --origin defaults to its name.
// Exit codes: 0 verified, 1 not verified (the first bad seq named where there is one), 2 usage.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace jifen::tools {

struct AuditCommands {
  std::string key;
  std::optional<std::string> origin;
  std::string file;                          // verify, receipt: the export or receipt file
  std::vector<std::string> checkpoint_files;  // verify: kept checkpoints; inclusion: exactly one
  std::string proof_file;
  std::string old_checkpoint_file;
  std::string new_checkpoint_file;
  std::optional<std::string> leaf_hash;
  CLI::App* verify = nullptr;
  CLI::App* inclusion = nullptr;
  CLI::App* consistency = nullptr;
  CLI::App* receipt = nullptr;
};

void define_audit_commands(CLI::App& app, AuditCommands& commands);
// The exit code of the subcommand given, or nullopt when it is none of these.
std::optional<int> run_audit_command(const AuditCommands& commands);

}  // namespace jifen::tools
