// jifenctl init: creates the data directory's ledger and appends the seeds (zones, chains) as admin events.
#include <iostream>
#include <system_error>

#include "tools/calendar.hpp"
#include "tools/ctl_commands.hpp"
#include "tools/ctl_support.hpp"
#include "tools/exit_codes.hpp"

namespace jifen::tools {
namespace {

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
  return events;
}

}  // namespace

int run_init(const InitOptions& options, const CtlContext& context) {
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
  const domain::Date today = utc_date_of(context.clock());
  replay::Submission submission;
  submission.actor = replay::Actor{"admin", domain::Role::admin, std::nullopt};
  submission.events = seed_events(options.seeds_dir, today);
  std::size_t zones = 0;
  for (const domain::Event& event : submission.events) zones += event.type == domain::EventType::zone_defined ? 1 : 0;
  const std::size_t chains = submission.events.size() - zones;
  const replay::SubmitResult result = ledger->submit_and_wait(std::move(submission));
  if (!result.ok()) {
    std::cerr << "jifenctl init: the seeds were refused: " << describe(result) << "\n";
    return kExitFailure;
  }
  const std::uint64_t size = ledger->tree_size();
  std::cout << "initialised " << options.data_dir.string() << ": " << zones << " zones, " << chains << " chains\n"
            << "tree_size " << size << " root " << domain::to_base64(ledger->root(size)) << "\n";
  return kExitOk;
}

}  // namespace jifen::tools
