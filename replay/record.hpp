// How a record is stored in the event log and read back: [u32 BE leaf length][leaf JCS][data JCS].
//
// Thread contract: free functions; an EventDecoder passed in belongs to the calling thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/codec.hpp"
#include "domain/leaf.hpp"

namespace jifen::storage {
class ReadTxn;
}

namespace jifen::replay {

std::string encode_record(std::string_view leaf_jcs, std::string_view data_jcs);

struct RecordParts {
  std::string_view leaf;
  std::string_view data;
};
// nullopt when the stored bytes are not a record (corruption).
std::optional<RecordParts> split_record(std::string_view stored);

// A stored event decoded back into its leaf and typed event, for replay and retractions.
struct StoredEvent {
  domain::Leaf leaf;
  domain::Event event;
};

// The event a record was appended as, decoded for replaying the log (jifenctl rebuild, the as_of fold): the
// leaf's fields read as views (domain::read_leaf_fields, or the strict decode_leaf when that cannot read
// them), the data typed (EventDecoder::decode_data). For a log this ledger wrote, not for checking one
// (jifenctl verify does that): event.event_id and event.data_jcs are left empty. Throws std::runtime_error
// naming the seq when the record does not decode or names another seq.
struct ReplayedEvent {
  domain::Event event;
  std::string actor;  // the key id that appended it
};
ReplayedEvent replay_event(std::uint64_t seq, std::string_view leaf_bytes, std::string_view data_bytes,
                           domain::EventDecoder& decoder);

// Reads and decodes the record at `seq`. nullopt when beyond the log. Throws std::runtime_error naming the
// seq when the stored record does not decode (the log is corrupt).
std::optional<StoredEvent> load_event(const storage::ReadTxn& txn, std::uint64_t seq, domain::EventDecoder& decoder);

// Decodes stored bytes (already read) the same way.
StoredEvent decode_stored(std::uint64_t seq, std::string_view stored, domain::EventDecoder& decoder);

}  // namespace jifen::replay
