// jifenctl init: creates the data directory's ledger and appends the seeds (zones, chains, scoring models) as
// admin events.
#include <iostream>
#include <stdexcept>
#include <system_error>

#include "domain/signed_note.hpp"
#include "tools/calendar.hpp"
#include "tools/ctl_commands.hpp"
#include "tools/ctl_support.hpp"
#include "tools/exit_codes.hpp"
#include "tools/model_file.hpp"

namespace jifen::tools {
namespace {

constexpr std::size_t kSigningSeedBytes = 32;

// zone.defined and chain.defined events from seeds/, dated today (UTC).
std::vector<domain::Event> seed_events(const std::filesystem::path& seeds_dir, const domain::Date& today) {
  domain::EventDecoder decoder;
  std::vector<domain::Event> events;
  for (const SeedEntry& zone : load_seed_entries(seeds_dir / "zones.json")) {
    events.push_back(decode_own_event(
        decoder, event_json("zone:" + zone.id, "zone.defined", std::nullopt, today, zone.data_json)));
  }
  for (const SeedEntry& chain : load_seed_entries(seeds_dir / "chains.json")) {
    events.push_back(decode_own_event(
        decoder, event_json("chain:" + chain.id, "chain.defined", std::nullopt, today, chain.data_json)));
  }
  // The scoring models of seeds/models/, in name order (tools/model_file.hpp).
  for (const std::filesystem::path& file : model_files(seeds_dir / "models")) {
    ModelFile model = load_model_file(file, today, decoder);
    if (!model.event) throw std::runtime_error("the seed model " + file.string() + " is not valid: " + model.problems.front());
    events.push_back(std::move(*model.event));
  }
  return events;
}

}  // namespace

int run_init(const InitOptions& options, const CtlContext& context) {
  if (!domain::is_valid_key_name(options.origin)) {
    std::cerr << "jifenctl init: --origin must be 1 to 255 printable ASCII characters without space or '+'\n";
    return kExitUsage;
  }
  for (const char* name : {"zones.json", "chains.json"}) {
    if (!std::filesystem::is_regular_file(options.seeds_dir / name)) {
      std::cerr << "jifenctl init: --seeds " << options.seeds_dir.string() << " holds no " << name << "\n";
      return kExitUsage;
    }
  }
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error) {
    std::cerr << "jifenctl init: cannot create " << options.data_dir.string() << ": " << error.message() << "\n";
    return kExitFailure;
  }
  const std::unique_ptr<replay::Ledger> ledger = open_ledger(options.data_dir, OpenMode::create, context.clock);
  if (const std::uint64_t size = ledger->tree_size(); size > 0) {
    std::cerr << "jifenctl init: " << options.data_dir.string() << " already holds a ledger (tree_size " << size
              << "); refusing to initialise it again\n";
    return kExitFailure;
  }
  // The signing key first, so that the seeds' commit already issues a signed checkpoint.
  std::optional<std::string> verifier_key = ledger->verifier_key();  // kept from an init that failed later
  if (!verifier_key) verifier_key = ledger->create_signing_key(options.origin, context.random_bytes(kSigningSeedBytes));
  const domain::Date today = utc_date_of(context.clock());
  replay::Submission submission;
  submission.actor = replay::Actor{"admin", domain::Role::admin, std::nullopt};
  submission.events = seed_events(options.seeds_dir, today);
  std::size_t zones = 0;
  std::size_t chains = 0;
  for (const domain::Event& event : submission.events) {
    zones += event.type == domain::EventType::zone_defined ? 1 : 0;
    chains += event.type == domain::EventType::chain_defined ? 1 : 0;
  }
  const std::size_t models = submission.events.size() - zones - chains;
  const replay::SubmitResult result = ledger->submit_and_wait(std::move(submission));
  if (!result.ok()) {
    std::cerr << "jifenctl init: the seeds were refused: " << describe(result) << "\n";
    return kExitFailure;
  }
  const std::uint64_t size = ledger->tree_size();
  std::cout << "initialised " << options.data_dir.string() << ": " << zones << " zones, " << chains << " chains, " << models
            << (models == 1 ? " scoring model\n" : " scoring models\n")
            << "tree_size " << size << " root " << domain::to_base64(ledger->root(size)) << "\n"
            << "checkpoints are signed by the key in " << (options.data_dir / "signing.key").string()
            << " (mode 0600); auditors verify them with the verifier key:\n"
            << *verifier_key << "\n";
  return kExitOk;
}

}  // namespace jifen::tools
