// jifenctl backup: a hot, consistent, compacted copy of a data directory while jifend (or another jifenctl)
// keeps appending. The copy is written into a scratch sibling, `<out>.partial`, and renamed to `<out>` only
// once complete and synced, so a crash never leaves a directory at `<out>` that looks like a whole backup.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "tools/ctl_commands.hpp"
#include "tools/ctl_support.hpp"
#include "tools/exit_codes.hpp"

namespace jifen::tools {
namespace {

// Why `out` cannot receive a backup (a usage error), or nullopt: it must be absent or an empty directory, in
// an existing parent directory.
std::optional<std::string> refusal_of(const std::filesystem::path& out) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::symlink_status(out, error);
  if (std::filesystem::exists(status)) {
    if (!std::filesystem::is_directory(status)) return out.string() + " exists and is not a directory";
    if (!std::filesystem::is_empty(out, error) || error) return out.string() + " exists and is not empty";
    return std::nullopt;
  }
  const std::filesystem::path parent = out.parent_path().empty() ? "." : out.parent_path();
  if (!std::filesystem::is_directory(parent, error)) return "the parent directory " + parent.string() + " does not exist";
  return std::nullopt;
}

void sync_directory_of(const std::filesystem::path& path) {
  const std::filesystem::path parent = path.parent_path().empty() ? "." : path.parent_path();
  const int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!synced) throw std::runtime_error("cannot sync the directory " + parent.string());
}

}  // namespace

int run_backup(const BackupOptions& options, const CtlContext& context) {
  const std::filesystem::path out = options.out_dir.lexically_normal();
  if (const std::optional<std::string> refusal = refusal_of(out)) {
    std::cerr << "jifenctl backup: --out " << *refusal << "; a backup goes into a new or empty directory\n";
    return kExitUsage;
  }
  const std::filesystem::path partial = out.string() + ".partial";
  if (std::filesystem::exists(std::filesystem::symlink_status(partial))) {
    std::cerr << "jifenctl backup: removing " << partial.string() << ", left by a backup that did not finish\n";
    std::filesystem::remove_all(partial);
  }
  const std::unique_ptr<replay::Ledger> ledger = open_ledger(options.data_dir, OpenMode::read_only, context.clock);
  const auto started = std::chrono::steady_clock::now();
  replay::BackupReport report;
  try {
    report = ledger->backup(partial);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(partial, ignored);
    throw;
  }
  std::filesystem::rename(partial, out);  // replaces `out` when it is an empty directory
  sync_directory_of(out);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "backed up " << options.data_dir.string() << " to " << out.string() << ": tree_size "
            << report.tree_size << " root " << domain::to_base64(report.root) << "\n";
  std::printf("%llu bytes (compacted data file)%s in %.2f s\n", static_cast<unsigned long long>(report.data_bytes),
              report.signing_key ? " and the signing key (mode 0600)" : ", no signing key", seconds);
  return kExitOk;
}

}  // namespace jifen::tools
