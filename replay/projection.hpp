// The projections' one code path: check_event() says whether an event may be appended given the state
// (stateful rules of DOMAIN.md), apply_event() folds an appended event into the state. A live write runs
// both inside the writer's transaction; a rebuild runs apply_event() alone over the log, so rebuilt and live
// state are the same bytes.
//
// Thread contract: called by whichever thread owns the transaction behind `state`.
#pragma once

#include <cstdint>
#include <functional>
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

// Folds the event appended at `seq` by `actor_key_id` into the state. REQUIRES: check_event() accepted it when
// it was appended. Throws std::logic_error when the state contradicts the log (a corrupt projection).
void apply_event(ProjectionState& state, const domain::Event& event, std::uint64_t seq,
                 std::string_view actor_key_id, const EventLookup& lookup);

// The key id seed-demo appends with; enterprises it registers are marked as demo data.
inline constexpr std::string_view kSeedDemoActor = "seed-demo";

}  // namespace jifen::replay
