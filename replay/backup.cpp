// Ledger::backup: LMDB's compacting hot copy (storage::Environment::copy_to) plus the files beside it that
// make the copy a complete data directory (the signing key), then the copy's own tree size and root, read
// back from the copy so that the report describes what was written rather than what the source holds now.
#include <filesystem>
#include <stdexcept>
#include <string>

#include "replay/ledger_impl.hpp"
#include "replay/merkle_log.hpp"
#include "storage/stores.hpp"

namespace jifen::replay {
namespace {

constexpr std::string_view kLockFile = "lock.mdb";  // LMDB's reader table: made at open, never backed up

// The tree size and root of the copy in `dir`, read through an environment of its own (another directory,
// so another Environment is allowed in this process). Opening makes LMDB's lock file, removed again.
void read_back(const std::filesystem::path& dir, std::size_t map_size_bytes, BackupReport& report) {
  {
    storage::EnvironmentOptions options;
    options.map_size_bytes = map_size_bytes;
    options.read_only = true;
    auto env = storage::Environment::open(dir, options);
    if (!env) {
      throw std::runtime_error("the copy in " + dir.string() + " does not open: " +
                               std::string(storage::to_string(env.error())));
    }
    const storage::ReadTxn txn = (*env)->begin_read().value();
    report.tree_size = storage::event_log::size(txn);
    report.root = merkle_root(txn, report.tree_size);
  }
  std::filesystem::remove(dir / kLockFile);
  report.data_bytes = std::filesystem::file_size(dir / "data.mdb");
}

}  // namespace

BackupReport Ledger::backup(const std::filesystem::path& dir) const {
  const storage::Status copied = impl_->env->copy_to(dir);
  if (copied != storage::Status::ok) {
    throw std::runtime_error("cannot copy the LMDB environment into " + dir.string() + ": " +
                             std::string(storage::to_string(copied)));
  }
  BackupReport report;
  if (const std::shared_ptr<const SigningIdentity> identity = impl_->signing_identity()) {
    write_signing_key(dir, identity->signer);
    report.signing_key = true;
  }
  read_back(dir, impl_->env->map_size_bytes(), report);
  sync_directory(dir);
  return report;
}

}  // namespace jifen::replay
