// jifenctl seed-demo: deterministic demo enterprises and their events, appended through the ledger's one
// write path (Ledger::submit) as a bureau data source and as each enterprise would post them.
#include <charconv>
#include <chrono>
#include <iostream>

#include "tools/ctl_commands.hpp"
#include "tools/ctl_support.hpp"
#include "tools/demo_generator.hpp"
#include "tools/demo_settings.hpp"
#include "tools/exit_codes.hpp"
#include "tools/submit_pipeline.hpp"

namespace jifen::tools {
namespace {

constexpr std::size_t kEnterprisesMax = 1'000'000;
constexpr std::int32_t kYearMin = 1990;
constexpr std::int32_t kYearMax = 2100;
constexpr std::size_t kInFlightEventsMax = 16384;  // below LedgerOptions::queue_events_max
constexpr std::string_view kActorKeyId = "seed-demo";

struct YearSpan {
  std::int32_t first = 0;
  std::int32_t last = 0;
};

std::optional<std::int32_t> parse_year(std::string_view text) {
  std::int32_t year = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (error != std::errc{} || end != text.data() + text.size() || text.size() != 4) return std::nullopt;
  if (year < kYearMin || year > kYearMax) return std::nullopt;
  return year;
}

// "2019-2021" or "2021".
std::optional<YearSpan> parse_years(std::string_view text) {
  const std::size_t dash = text.find('-');
  const std::optional<std::int32_t> first = parse_year(text.substr(0, dash));
  const std::optional<std::int32_t> last = dash == std::string_view::npos ? first : parse_year(text.substr(dash + 1));
  if (!first || !last || *first > *last) return std::nullopt;
  return YearSpan{*first, *last};
}

DemoRequest make_request(const SeedDemoOptions& options, const YearSpan& years) {
  DemoRequest request;
  request.seed = options.seed;
  request.enterprises = options.enterprises;
  request.first_year = years.first;
  request.last_year = years.last;
  for (const SeedEntry& zone : load_seed_entries(options.seeds_dir / "zones.json")) {
    request.zones.push_back(DemoZone{zone.id, zone.level == "national"});
  }
  for (const SeedEntry& chain : load_seed_entries(options.seeds_dir / "chains.json")) {
    request.chain_ids.push_back(chain.id);
  }
  return request;
}

// Numbers the drafts' events in submission order and decodes them like posted events.
class EventMaker {
 public:
  explicit EventMaker(std::uint64_t seed) : prefix_(std::string("demo-").append(std::to_string(seed)).append("-")) {}

  domain::Event make(const DraftEvent& draft, const std::string& uscc) {
    const std::string event_id = prefix_ + std::to_string(next_number_++);
    return decode_own_event(decoder_, event_json(event_id, draft.type, uscc, draft.occurred_on, draft.data_json));
  }

  std::vector<domain::Event> make_all(const std::vector<DraftEvent>& drafts, const std::string& uscc) {
    std::vector<domain::Event> events;
    events.reserve(drafts.size());
    for (const DraftEvent& draft : drafts) events.push_back(make(draft, uscc));
    return events;
  }

  std::uint64_t count() const { return next_number_; }

 private:
  std::string prefix_;
  std::uint64_t next_number_ = 0;
  domain::EventDecoder decoder_;
};

replay::Actor bureau_actor() { return replay::Actor{std::string(kActorKeyId), domain::Role::bureau, std::nullopt}; }
replay::Actor enterprise_actor(const std::string& uscc) {
  return replay::Actor{std::string(kActorKeyId), domain::Role::enterprise, uscc};
}

bool submit_events(SubmitPipeline& pipeline, replay::Actor actor, std::vector<domain::Event> events,
                   std::string label) {
  if (events.empty()) return true;
  replay::Submission submission;
  submission.actor = std::move(actor);
  submission.events = std::move(events);
  return pipeline.submit(std::move(submission), std::move(label));
}

// Registrations first, all committed, then every enterprise's own filings and the bureau's records of it:
// the ledger validates that an enterprise is registered before its events.
void submit_drafts(SubmitPipeline& pipeline, EventMaker& maker, const std::vector<EnterpriseDraft>& drafts) {
  for (const EnterpriseDraft& draft : drafts) {
    if (!submit_events(pipeline, bureau_actor(), {maker.make(draft.registration, draft.uscc)},
                       "registration of " + draft.uscc)) {
      return;
    }
  }
  pipeline.wait_all();
  for (const EnterpriseDraft& draft : drafts) {
    if (!submit_events(pipeline, enterprise_actor(draft.uscc), maker.make_all(draft.enterprise_events, draft.uscc),
                       "filings of " + draft.uscc) ||
        !submit_events(pipeline, bureau_actor(), maker.make_all(draft.bureau_events, draft.uscc),
                       "bureau records of " + draft.uscc)) {
      return;
    }
  }
  pipeline.wait_all();
}

}  // namespace

int run_seed_demo(const SeedDemoOptions& options, const CtlContext& context) {
  const std::optional<YearSpan> years = parse_years(options.years);
  if (!years) {
    std::cerr << "jifenctl seed-demo: --years must be YYYY-YYYY or YYYY (first <= last, within " << kYearMin << ".."
              << kYearMax << "), not \"" << options.years << "\"\n";
    return kExitUsage;
  }
  if (options.enterprises == 0 || options.enterprises > kEnterprisesMax) {
    std::cerr << "jifenctl seed-demo: --enterprises must be 1.." << kEnterprisesMax << "\n";
    return kExitUsage;
  }
  const auto started = std::chrono::steady_clock::now();
  const DemoSettings settings = load_demo_settings(options.seeds_dir / "demo.json");
  const std::vector<EnterpriseDraft> drafts = generate_demo(settings, make_request(options, *years));
  const std::unique_ptr<replay::Ledger> ledger = open_ledger(options.data_dir, OpenMode::read_write, context.clock);
  if (ledger->tree_size() == 0) {
    std::cerr << "jifenctl seed-demo: " << options.data_dir.string() << " holds no zones or chains yet: run "
              << "`jifenctl init --data " << options.data_dir.string() << "` first\n";
    return kExitFailure;
  }
  EventMaker maker(options.seed);
  SubmitPipeline pipeline(*ledger, kInFlightEventsMax);
  submit_drafts(pipeline, maker, drafts);
  pipeline.wait_all();
  if (const std::optional<std::string> failure = pipeline.failure()) {
    std::cerr << "jifenctl seed-demo: refused: " << *failure << "\n";
    return kExitFailure;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::uint64_t events = pipeline.created_events() + pipeline.replayed_events();
  std::cout << "seed-demo: " << drafts.size() << " enterprises, fiscal years " << years->first << "-" << years->last
            << ", seed " << options.seed << ": " << events << " events (" << pipeline.created_events() << " new, "
            << pipeline.replayed_events() << " already in the log), tree_size " << ledger->tree_size() << std::endl;
  std::printf("%llu events in %.2f s (%s)\n", static_cast<unsigned long long>(events), seconds,
              events_per_second(events, seconds).c_str());
  return kExitOk;
}

}  // namespace jifen::tools
