// The event codec: JSON text in (simdjson), typed and statelessly validated events out; RFC 8785 (JCS)
// canonical JSON for what is hashed and stored.
//
// Stateless rules only (syntax, identifiers with their check characters, enums, ranges, cross-field rules
// within one event). Rules that need the log (an enterprise is new, a patent was applied for earlier, ...)
// are the replay layer's.
//
// Thread contract: the free functions are safe from any thread; an EventDecoder holds a reusable parser and
// belongs to one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/event.hpp"

namespace jifen::domain {

struct FieldError {
  std::string field;    // a JSON path into the posted event: "data.amount_fen", "data.chains[2]", "event_id"
  std::string message;  // what is wrong, for a person
};

enum class DecodeErrorKind : std::uint8_t {
  malformed,  // not JSON, or JSON that is not an object: HTTP 400
  invalid,    // JSON, but not a valid event: HTTP 422
};

struct DecodeError {
  DecodeErrorKind kind = DecodeErrorKind::malformed;
  std::string detail;               // one sentence
  std::vector<FieldError> errors;   // for `invalid`: every field found wrong (at least one)
};

using DecodeResult = std::variant<Event, DecodeError>;

// Limits on what one event may hold. Bodies beyond request limits never reach the decoder.
inline constexpr std::size_t kEventBytesMax = 64 * 1024;
inline constexpr std::size_t kTextBytesMax = 512;     // names, reasons, counterparties, projects (UTF-8 bytes)
inline constexpr std::size_t kIdentifierBytesMax = 64;  // event_id, zone/chain/incident/cert/contract ids
inline constexpr std::size_t kChainsMax = 16;
inline constexpr std::size_t kJsonDepthMax = 64;      // nesting of objects and arrays; deeper is malformed
inline constexpr std::int64_t kJsonIntegerMax = 9007199254740991;  // 2^53 - 1

// What the decoder checks, beyond DOMAIN.md's table (field paths as in FieldError):
// - identifiers (event_id, zone and chain ids, chains[i], key_id, scoring model version): 1..64 of
//   [A-Za-z0-9._:-]; references (cert_no, contract_no, incident_id): 1..64 bytes of UTF-8 text; texts
//   (names, project, reason, counterparty, program): 1..kTextBytesMax bytes. No text holds a control
//   character (C0, DEL, C1).
// - years (fiscal_year, years[from, to]) and dates: 1900..9999; counts and seq: 0..2^53-1; money: integer
//   fen 0..2^53-1, amount_fen > 0 for rd_expense.filed.
// - chains: at most kChainsMax, no repeats. A patent number's type digit must agree with `kind` (1, 8
//   invention; 2, 9 utility; 3 design). key.created/revoked name `enterprise` iff role is enterprise.
// - Numbers anywhere (the free-form `model` included) must be integers within ±(2^53-1); a fraction or
//   exponent (1.0, 1e2) is `invalid` at its path. Numbers the parser cannot hold at all (beyond 64 bits,
//   beyond double's range) make the text `malformed`, as do a body over kEventBytesMax and nesting deeper
//   than kJsonDepthMax.
// - At most one error per field and at most 32 errors are reported.
class EventDecoder {
 public:
  EventDecoder();
  ~EventDecoder();
  EventDecoder(const EventDecoder&) = delete;
  EventDecoder& operator=(const EventDecoder&) = delete;

  // Decodes one posted event (an object with event_id, type, enterprise?, occurred_on, data). Unknown
  // fields, duplicate keys and non-integer numbers are `invalid` errors naming the field.
  DecodeResult decode(std::string_view json);

  // Decodes the `data` object of a stored event of a known type (rebuild, the as_of fold, audit). The typed
  // checks of decode (every field known, typed, in range); not the canonical re-encoding, which decode
  // writes into data_jcs: stored data was canonical when appended, and its SHA-256 is in the leaf.
  std::variant<EventData, DecodeError> decode_data(EventType type, std::string_view data_json);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// RFC 8785 canonical JSON of the event as posted: {"data":…,"enterprise":…,"event_id":…,"occurred_on":…,
// "type":…} (enterprise omitted when absent). Its SHA-256 is the idempotency digest: the same event posted
// twice with other whitespace or key order has the same digest.
std::string canonical_event(const Event& event);

// Canonical JSON of a string value, with the quotes, escaped as JCS says.
void append_json_string(std::string& out, std::string_view utf8);

}  // namespace jifen::domain
