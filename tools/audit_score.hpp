// jifen-audit score: recomputes an enterprise's score for a year from an export alone (DESIGN.md "Command
// line"), with the same fold of the log (domain/ledger_fold.hpp) and the same arithmetic the server uses, and
// prints the score JSON the server answers for that tree size, byte for byte.
//
//   jifen-audit score FILE --enterprise USCC --year Y [--as-of N] [--key KEY [--origin O]]
//
// FILE is a jifenctl export from seq 0 (a partial export cannot be folded); records without data (redacted)
// cannot be scored. Without --key the score trusts the records' data as written; with it, every record, the
// root and the closing signed checkpoint are checked as `jifen-audit verify` does, and a bad export is refused. Exit codes: 0 the score printed, 1 no score (the reason on stderr), 2 usage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace jifen::tools {

struct ScoreCommand {
  std::string file;
  std::string enterprise;
  std::int32_t year = 0;
  std::optional<std::uint64_t> as_of;
  std::optional<std::string> key;     // with it, the export is verified (jifen-audit verify) before it is scored
  std::optional<std::string> origin;
  CLI::App* command = nullptr;
};

void define_score_command(CLI::App& app, ScoreCommand& command);
// The exit code when `score` was given, else nullopt.
std::optional<int> run_score_command(const ScoreCommand& command);

}  // namespace jifen::tools
