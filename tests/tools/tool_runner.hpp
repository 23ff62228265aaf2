// Runs the built jifenctl and jifen-audit (JIFEN_BIN_DIR) to completion, capturing stdout and stderr, for
// the tests of tools/.
//
// One test thread.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace jifen::test {

// The tools' exit codes (tools/exit_codes.hpp), as the tests expect them.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

struct ToolResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// `program` is "jifenctl" or "jifen-audit"; `scratch` is a directory for the captured output.
ToolResult run_tool(const std::string& program, const std::vector<std::string>& arguments,
                    const std::filesystem::path& scratch);

std::string read_file(const std::filesystem::path& file);
std::vector<std::string> lines_of(const std::string& text);

}  // namespace jifen::test
