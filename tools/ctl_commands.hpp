// The subcommands of jifenctl, one function each, called by jifenctl.cpp once the command line is parsed.
// Each returns an ExitCode (tools/exit_codes.hpp) and writes its answer to stdout, problems to stderr.
//
// Time and randomness come in through CtlContext so that tests can fix them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "replay/ledger.hpp"

namespace jifen::tools {

struct CtlContext {
  replay::Clock clock;                                       // microseconds since the Unix epoch
  std::function<std::string(std::size_t)> random_bytes;      // cryptographically secure: for key secrets
};

struct InitOptions {
  std::filesystem::path data_dir;
  std::filesystem::path seeds_dir;
  std::string origin = "jifen.local/ledger";  // the checkpoint origin and signing key name
};
int run_init(const InitOptions& options, const CtlContext& context);

struct KeysCreateOptions {
  std::filesystem::path data_dir;
  std::string role;                       // enterprise, bureau or auditor
  std::optional<std::string> enterprise;  // the USCC: required for enterprise keys, refused for the others
};
int run_keys_create(const KeysCreateOptions& options, const CtlContext& context);

// jifenctl keys signing: gives a data directory made before checkpoints existed its signing key (init makes
// one for new directories). Prints the verifier key alone on the last line of stdout.
struct KeysSigningOptions {
  std::filesystem::path data_dir;
  std::string origin = "jifen.local/ledger";
};
int run_keys_signing(const KeysSigningOptions& options, const CtlContext& context);

struct SeedDemoOptions {
  std::filesystem::path data_dir;
  std::filesystem::path seeds_dir;
  std::size_t enterprises = 2000;
  std::string years = "2019-2021";
  std::uint64_t seed = 1;
};
int run_seed_demo(const SeedDemoOptions& options, const CtlContext& context);

struct RebuildOptions {
  std::filesystem::path data_dir;
  bool verify = false;
};
int run_rebuild(const RebuildOptions& options, const CtlContext& context);

// jifenctl snapshot: takes every as_of snapshot the log calls for and DIR/snapshots lacks (docs/SCORING.md
// "Snapshots"); prints how many and how long.
struct SnapshotOptions {
  std::filesystem::path data_dir;
};
int run_snapshot(const SnapshotOptions& options, const CtlContext& context);

struct VerifyOptions {
  std::filesystem::path data_dir;
};
int run_verify(const VerifyOptions& options, const CtlContext& context);

struct StatsOptions {
  std::filesystem::path data_dir;
  bool json = false;
};
int run_stats(const StatsOptions& options, const CtlContext& context);

struct ExportOptions {
  std::filesystem::path data_dir;
  std::filesystem::path out_file;
  std::uint64_t from_seq = 0;
  std::optional<std::uint64_t> to_seq;  // exclusive; default: the tree size when the export starts
};
int run_export(const ExportOptions& options, const CtlContext& context);

// jifenctl backup: a hot, consistent, compacted copy into a new (or empty) directory `out_dir`.
struct BackupOptions {
  std::filesystem::path data_dir;
  std::filesystem::path out_dir;
};
int run_backup(const BackupOptions& options, const CtlContext& context);

struct ModelPublishOptions {
  std::filesystem::path data_dir;
  std::filesystem::path model_file;  // {"version", "years": [from, to], "model": {...}} (seeds/models/ layout)
};
int run_model_publish(const ModelPublishOptions& options, const CtlContext& context);

}  // namespace jifen::tools
