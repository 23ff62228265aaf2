// jifenctl keys create: a new API key. The secret is printed once, alone on the last line of stdout, and
// only its hash is stored.
#include <iostream>

#include "domain/identifiers.hpp"
#include "tools/ctl_commands.hpp"
#include "tools/ctl_support.hpp"
#include "tools/exit_codes.hpp"

namespace jifen::tools {
namespace {

constexpr std::size_t kSecretBytes = 32;

// The usage error in --role / --enterprise, if any.
std::optional<std::string> usage_error(const KeysCreateOptions& options, std::optional<domain::Role> role) {
  if (!role || *role == domain::Role::admin) {
    return "--role must be enterprise, bureau or auditor, not \"" + options.role + "\"";
  }
  if (*role != domain::Role::enterprise) {
    if (options.enterprise) return "--enterprise is only for --role enterprise";
    return std::nullopt;
  }
  if (!options.enterprise) return "--role enterprise needs --enterprise USCC";
  if (auto error = domain::uscc_error(*options.enterprise)) {
    return "--enterprise " + *options.enterprise + ": " + *error;
  }
  return std::nullopt;
}

}  // namespace

int run_keys_create(const KeysCreateOptions& options, const CtlContext& context) {
  const std::optional<domain::Role> role = domain::role_from_string(options.role);
  if (auto error = usage_error(options, role)) {
    std::cerr << "jifenctl keys create: " << *error << "\n";
    return kExitUsage;
  }
  const std::unique_ptr<replay::Ledger> ledger = open_ledger(options.data_dir, OpenMode::read_write, context.clock);
  const std::string secret_bytes = context.random_bytes(kSecretBytes);
  replay::CreatedKey key;
  try {
    key = ledger->create_key(*role, options.enterprise, secret_bytes);
  } catch (const std::exception& error) {
    std::cerr << "jifenctl keys create: refused: " << error.what() << "\n";
    return kExitFailure;
  }
  std::cout << "key_id " << key.key_id << "\n"
            << "role " << options.role << (options.enterprise ? " (" + *options.enterprise + ")" : "") << "\n"
            << "seq " << key.receipt.seq << " (tree_size " << key.receipt.tree_size << ")\n"
            << "the secret, shown once (send it as Authorization: Bearer <secret>):\n"
            << key.secret << "\n";
  return kExitOk;
}

}  // namespace jifen::tools
