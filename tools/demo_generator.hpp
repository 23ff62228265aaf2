// The demo data of `jifenctl seed-demo`: enterprises with valid USCCs and patent numbers and plausible,
// skewed distributions (most small, few large), and their events for every fiscal year asked for.
//
// Pure and deterministic: the same settings, request and seed give the same drafts on every platform (all
// arithmetic is integral; the generator is tools/random.hpp). No clock, no I/O. One call, one thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/types.hpp"
#include "tools/demo_settings.hpp"

namespace jifen::tools {

// An event without its event_id: seed-demo numbers the events in the order it submits them.
struct DraftEvent {
  std::string type;         // "annual_report.filed", ...
  domain::Date occurred_on;
  std::string data_json;    // the data object as JSON text
};

struct EnterpriseDraft {
  std::string uscc;
  DraftEvent registration;                     // enterprise.registered, posted by the bureau first
  std::vector<DraftEvent> enterprise_events;   // posted by the enterprise, in date order
  std::vector<DraftEvent> bureau_events;       // posted by the bureau, in date order
};

struct DemoZone {
  std::string id;
  bool national = false;
};

struct DemoRequest {
  std::uint64_t seed = 1;
  std::size_t enterprises = 0;
  std::int32_t first_year = 0;  // fiscal years of activity, inclusive
  std::int32_t last_year = 0;
  std::vector<DemoZone> zones;         // as defined in the ledger (seeds/zones.json)
  std::vector<std::string> chain_ids;  // as defined in the ledger (seeds/chains.json)
};

// REQUIRES: first_year <= last_year, zones not empty.
std::vector<EnterpriseDraft> generate_demo(const DemoSettings& settings, const DemoRequest& request);

}  // namespace jifen::tools
