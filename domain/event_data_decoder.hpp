// The `data` object of each of the 22 event types: its fields, their types and ranges, and the cross-field
// rules of DOMAIN.md that one event can be checked against alone.
//
// Internal to domain/ (used by the codec). Stateless; the caller owns the errors and the writer.
#pragma once

#include <simdjson.h>

#include "domain/canonical_json.hpp"
#include "domain/event.hpp"
#include "domain/field_errors.hpp"

namespace jifen::domain {

// Decodes `data` as the data of `type`, reporting every problem under "data.<field>". The answer is
// meaningful only when no error was added.
EventData decode_event_data(EventType type, simdjson::dom::object data, FieldErrors& errors, CanonicalWriter& writer);

}  // namespace jifen::domain
