// The projections' one code path: check_event() says whether an event may be appended given the state
// (stateful rules of DOMAIN.md), apply_event() folds an appended event into the state. A live write runs
// both inside the writer's transaction; a rebuild runs apply_event() alone over the log, so rebuilt and live
// state are the same bytes.
//
// Thread contract: called by whichever thread owns the transaction behind `state`.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/event.hpp"
#include "replay/ledger.hpp"
#include "replay/projection_state.hpp"
#include "replay/record.hpp"

namespace jifen::replay {

// Why an event may not be appended.
struct Rejection {
  SubmitOutcome outcome = SubmitOutcome::invalid;
  std::string detail;
  std::vector<domain::FieldError> errors;
};

// Reads an appended event by seq (retractions look up their target). nullopt when beyond the log.
using EventLookup = std::function<std::optional<StoredEvent>(std::uint64_t seq)>;

// REQUIRES: the actor may post the type (role_may_post) and, for an enterprise key, the event is its own:
// the Ledger checks both first. `next_seq` is the seq the event would get.
std::optional<Rejection> check_event(const ProjectionState& state, const domain::Event& event, const Actor& actor,
                                     std::uint64_t next_seq, const EventLookup& lookup);

// The stream-version bumps of a run of applied events, held back so that each enterprise's record is rewritten
// once per run instead of once per event (a rebuild's chunk of records names the same enterprises many times).
// apply_event adds to it instead of rewriting the record; flush() writes the records and must run before
// anything reads a version (before the run's commit). An enterprise is checked to exist when first added,
// as apply_event checks each event without it.
class VersionBumps {
 public:
  void add(const ProjectionState& state, const std::string& uscc, std::uint64_t seq);
  void flush(ProjectionState& state);

 private:
  std::map<std::string, std::uint64_t, std::less<>> pending_;  // USCC -> bumps not yet written
};

// Folds the event appended at `seq` by `actor_key_id` into the state. REQUIRES: check_event() accepted it when
// it was appended. Throws std::logic_error when the state contradicts the log (a corrupt projection). With
// `bumps`, the enterprise's stream version is counted there instead of written (see VersionBumps).
void apply_event(ProjectionState& state, const domain::Event& event, std::uint64_t seq,
                 std::string_view actor_key_id, const EventLookup& lookup, VersionBumps* bumps = nullptr);

// The key id seed-demo appends with; enterprises it registers are marked as demo data.
inline constexpr std::string_view kSeedDemoActor = "seed-demo";

}  // namespace jifen::replay
