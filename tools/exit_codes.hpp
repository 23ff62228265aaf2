// The exit codes of jifenctl and jifen-audit (DESIGN.md "Command line", contract).
#pragma once

namespace jifen::tools {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,  // a verification or validation failure (the first bad seq named), or an operation failed
  kExitUsage = 2,    // the command line is wrong
};

}  // namespace jifen::tools
