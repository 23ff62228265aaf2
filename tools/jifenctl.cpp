// jifenctl: the administrator's tool on the server host (DESIGN.md "Command line"). Parses the command
// line and hands over to one function per subcommand (tools/ctl_commands.hpp).
// Exit codes: 0 success, 1 verification or validation failure, 2 usage error.
#include <iostream>
#include <stdexcept>

#include <CLI/CLI.hpp>
#include <openssl/rand.h>

#include "tools/ctl_commands.hpp"
#include "tools/exit_codes.hpp"

#ifndef JIFEN_SEEDS_DIR
#error "tools/CMakeLists.txt defines JIFEN_SEEDS_DIR"
#endif

namespace {

using namespace jifen::tools;

std::string secure_random_bytes(std::size_t count) {
  std::string bytes(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed: no secure randomness for the key");
  }
  return bytes;
}

CLI::Option* add_data_option(CLI::App& command, std::filesystem::path& data_dir, bool must_exist) {
  CLI::Option* option = command.add_option("--data", data_dir, "the data directory")->required();
  if (must_exist) option->check(CLI::ExistingDirectory);
  return option;
}

CLI::Option* add_seeds_option(CLI::App& command, std::filesystem::path& seeds_dir) {
  seeds_dir = JIFEN_SEEDS_DIR;
  return command.add_option("--seeds", seeds_dir, "the seeds directory (zones.json, chains.json, demo.json)")
      ->capture_default_str()
      ->check(CLI::ExistingDirectory);
}

struct Commands {
  InitOptions init;
  KeysCreateOptions keys_create;
  KeysSigningOptions keys_signing;
  SeedDemoOptions seed_demo;
  RebuildOptions rebuild;
  SnapshotOptions snapshot;
  VerifyOptions verify;
  StatsOptions stats;
  ExportOptions export_;
  BackupOptions backup;
  ModelPublishOptions model_publish;
};

void define_model_commands(CLI::App& app, Commands& commands) {
  CLI::App* model = app.add_subcommand("model", "scoring models");
  model->require_subcommand(1);
  CLI::App* publish = model->add_subcommand("publish", "check a model file and append it as a new model version");
  add_data_option(*publish, commands.model_publish.data_dir, true);
  publish->add_option("FILE", commands.model_publish.model_file, "the model: {version, years: [from, to], model}")
      ->required()
      ->check(CLI::ExistingFile);
}

void define_commands(CLI::App& app, Commands& commands) {
  CLI::App* init =
      app.add_subcommand("init", "create a ledger in DIR and append the seeds (zones, chains, scoring models)");
  add_data_option(*init, commands.init.data_dir, false);
  add_seeds_option(*init, commands.init.seeds_dir);
  init->add_option("--origin", commands.init.origin, "the checkpoint origin, also the signing key's name")
      ->capture_default_str();

  CLI::App* keys = app.add_subcommand("keys", "API keys");
  keys->require_subcommand(1);
  CLI::App* create = keys->add_subcommand("create", "create a key; its secret is the last line of stdout");
  add_data_option(*create, commands.keys_create.data_dir, true);
  create->add_option("--role", commands.keys_create.role, "enterprise, bureau or auditor")->required();
  create->add_option("--enterprise", commands.keys_create.enterprise, "the USCC an enterprise key is bound to");
  CLI::App* signing = keys->add_subcommand(
      "signing", "give a directory made before signed checkpoints its signing key; prints the verifier key last");
  add_data_option(*signing, commands.keys_signing.data_dir, true);
  signing->add_option("--origin", commands.keys_signing.origin, "the checkpoint origin, also the key's name")
      ->capture_default_str();

  CLI::App* seed_demo = app.add_subcommand("seed-demo", "append deterministic demo enterprises and their events");
  add_data_option(*seed_demo, commands.seed_demo.data_dir, true);
  add_seeds_option(*seed_demo, commands.seed_demo.seeds_dir);
  seed_demo->add_option("--enterprises", commands.seed_demo.enterprises, "how many enterprises")->capture_default_str();
  seed_demo->add_option("--years", commands.seed_demo.years, "the fiscal years of activity: FIRST-LAST")
      ->capture_default_str();
  seed_demo->add_option("--seed", commands.seed_demo.seed, "the seed: the same seed gives the same data")
      ->capture_default_str();

  CLI::App* rebuild = app.add_subcommand("rebuild", "re-derive every projection from the log");
  add_data_option(*rebuild, commands.rebuild.data_dir, true);
  rebuild->add_flag("--verify", commands.rebuild.verify, "rebuild aside and compare with the live projections");

  CLI::App* snapshot = app.add_subcommand("snapshot", "take the as_of snapshots that are due (jifend does it itself)");
  add_data_option(*snapshot, commands.snapshot.data_dir, true);

  CLI::App* verify = app.add_subcommand("verify", "verify every record and Merkle node of the log");
  add_data_option(*verify, commands.verify.data_dir, true);

  CLI::App* stats = app.add_subcommand("stats", "sizes and counts of the ledger");
  add_data_option(*stats, commands.stats.data_dir, true);
  stats->add_flag("--json", commands.stats.json, "one JSON object instead of lines");

  CLI::App* export_command = app.add_subcommand("export", "write the log as NDJSON records and a closing root line");
  add_data_option(*export_command, commands.export_.data_dir, true);
  export_command->add_option("--out", commands.export_.out_file, "the file to write")->required();
  export_command->add_option("--from", commands.export_.from_seq, "the first seq (default 0)");
  export_command->add_option("--to", commands.export_.to_seq, "the end seq, exclusive (default: the tree size)");
  CLI::App* backup = app.add_subcommand("backup", "a hot, consistent, compacted copy into a new directory");
  add_data_option(*backup, commands.backup.data_dir, true);
  backup->add_option("--out", commands.backup.out_dir, "the backup directory: absent or empty")->required();
  define_model_commands(app, commands);
}

int dispatch(const CLI::App& app, const Commands& commands, const CtlContext& context) {
  if (app.got_subcommand("init")) return run_init(commands.init, context);
  if (app.got_subcommand("keys")) {
    if (app.get_subcommand("keys")->got_subcommand("signing")) return run_keys_signing(commands.keys_signing, context);
    return run_keys_create(commands.keys_create, context);
  }
  if (app.got_subcommand("seed-demo")) return run_seed_demo(commands.seed_demo, context);
  if (app.got_subcommand("rebuild")) return run_rebuild(commands.rebuild, context);
  if (app.got_subcommand("snapshot")) return run_snapshot(commands.snapshot, context);
  if (app.got_subcommand("verify")) return run_verify(commands.verify, context);
  if (app.got_subcommand("stats")) return run_stats(commands.stats, context);
  if (app.got_subcommand("export")) return run_export(commands.export_, context);
  if (app.got_subcommand("backup")) return run_backup(commands.backup, context);
  if (app.got_subcommand("model")) return run_model_publish(commands.model_publish, context);
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"jifenctl: administer a jifen ledger (on the server host)"};
  app.require_subcommand(1);
  Commands commands;
  define_commands(app, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }
  const CtlContext context{jifen::replay::system_clock(), secure_random_bytes};
  try {
    return dispatch(app, commands, context);
  } catch (const std::exception& error) {  // bugs (std::logic_error) say so in their message
    std::cerr << "jifenctl: " << error.what() << "\n";
    return kExitFailure;
  }
}
