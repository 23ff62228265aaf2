// jifenctl keys signing: gives a data directory made before signed checkpoints existed its Ed25519 signing key
// (DIR/signing.key, mode 0600) and signs a checkpoint of its current tree at once. The verifier key is printed
// alone on the last line of stdout. A running jifend loads the key when restarted.
#include <iostream>

#include "domain/signed_note.hpp"
#include "tools/ctl_commands.hpp"
#include "tools/ctl_support.hpp"
#include "tools/exit_codes.hpp"

namespace jifen::tools {
namespace {

constexpr std::size_t kSigningSeedBytes = 32;

}  // namespace

int run_keys_signing(const KeysSigningOptions& options, const CtlContext& context) {
  if (!domain::is_valid_key_name(options.origin)) {
    std::cerr << "jifenctl keys signing: --origin must be 1 to 255 printable ASCII characters without space or '+'\n";
    return kExitUsage;
  }
  const std::unique_ptr<replay::Ledger> ledger = open_ledger(options.data_dir, OpenMode::read_write, context.clock);
  if (const auto existing = ledger->verifier_key()) {
    std::cerr << "jifenctl keys signing: " << options.data_dir.string() << " already has a signing key: " << *existing
              << "\n";
    return kExitFailure;
  }
  std::string verifier_key;
  try {
    verifier_key = ledger->create_signing_key(options.origin, context.random_bytes(kSigningSeedBytes));
  } catch (const std::exception& error) {
    std::cerr << "jifenctl keys signing: " << error.what() << "\n";
    return kExitFailure;
  }
  std::cout << "signing key written to " << (options.data_dir / "signing.key").string() << " (mode 0600)\n"
            << "checkpoint signed at tree_size " << ledger->tree_size() << "; restart jifend to have it sign too\n"
            << "the verifier key:\n"
            << verifier_key << "\n";
  return kExitOk;
}

}  // namespace jifen::tools
