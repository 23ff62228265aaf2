// jifend: the HTTP service over one data directory.
//
//   jifend --data DIR [--listen 127.0.0.1:8080] [--origin NAME] [--no-commit-journal]
//
// Prints exactly one line to stdout once listening ("jifend listening on http://HOST:PORT"); logs go to stderr.
// Exit codes: 0 after SIGINT/SIGTERM, 1 when the ledger cannot be opened or the address not bound, 2 on usage
// errors.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "replay/ledger.hpp"
#include "server/options.hpp"
#include "server/server.hpp"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

struct Arguments {
  std::string data_dir;
  std::string listen = "127.0.0.1:8080";
  std::optional<std::string> origin;  // must match the data directory's signing key when given
  bool commit_journal = true;         // commits made durable through DIR/commit.journal (docs/STORAGE.md)
  jifen::server::ServerOptions options;
};

int run(const Arguments& arguments, const jifen::server::ListenAddress& address) {
  std::unique_ptr<jifen::replay::Ledger> ledger;
  try {
    jifen::replay::LedgerOptions ledger_options;
    ledger_options.data_dir = arguments.data_dir;
    ledger_options.batch_events_max = arguments.options.batch_events_max;
    ledger_options.origin = arguments.origin;
    ledger_options.snapshot_follower = true;  // as_of reads start from the nearest snapshot (docs/SCORING.md)
    ledger_options.commit_journal = arguments.commit_journal;
    ledger = jifen::replay::Ledger::open(ledger_options);
  } catch (const std::exception& error) {
    std::cerr << "jifend: " << error.what() << '\n';
    return kExitFailure;
  }
  jifen::server::ServerOptions options = arguments.options;
  options.origin = ledger->origin();
  if (!ledger->verifier_key()) {
    std::cerr << "jifend: " << arguments.data_dir << " has no signing key: no checkpoints are issued until "
              << "`jifenctl keys signing --data " << arguments.data_dir << "` gives it one (then restart jifend)\n";
  }
  try {
    jifen::server::serve(*ledger, options, address, [](const std::string& base_url) {
      std::cout << "jifend listening on " << base_url << std::endl;  // flushed: tests wait for this line
    });
  } catch (const std::exception& error) {
    std::cerr << "jifend: cannot serve on " << arguments.listen << ": " << error.what() << '\n';
    return kExitFailure;
  }
  ledger.reset();  // drains the writer's queue before exit
  std::cerr << "jifend: stopped\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"jifen ledger HTTP service"};
  Arguments arguments;
  app.add_option("--data", arguments.data_dir, "the data directory made by `jifenctl init`")->required();
  app.add_option("--listen", arguments.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  app.add_option("--origin", arguments.origin,
                 "the checkpoint origin: must be the data directory's (its signing key's name, set by jifenctl init)");
  app.add_flag("--commit-journal,!--no-commit-journal", arguments.commit_journal,
               "make each commit durable with one flush of a write-ahead journal, DIR/commit.journal, which "
               "checkpoints of the data file empty (the default); --no-commit-journal: with LMDB's two flushes of the "
               "data file, and no journal (docs/STORAGE.md)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : kExitUsage;
  }
  const auto address = jifen::server::parse_listen_address(arguments.listen);
  if (!address) {
    std::cerr << "jifend: --listen must be HOST:PORT with an IP address, e.g. 127.0.0.1:8080 or [::1]:8080\n";
    return kExitUsage;
  }
  return run(arguments, *address);
}
