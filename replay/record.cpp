#include "replay/record.hpp"

#include <stdexcept>
#include <variant>

#include "replay/bytes.hpp"
#include "storage/stores.hpp"

namespace jifen::replay {

std::string encode_record(std::string_view leaf_jcs, std::string_view data_jcs) {
  ByteWriter out;
  out.str(leaf_jcs);
  std::string bytes = out.take();
  bytes.append(data_jcs);
  return bytes;
}

std::optional<RecordParts> split_record(std::string_view stored) {
  if (stored.size() < 4) return std::nullopt;
  std::uint32_t leaf_size = 0;
  for (std::size_t i = 0; i < 4; ++i) leaf_size = (leaf_size << 8) | static_cast<std::uint8_t>(stored[i]);
  if (stored.size() - 4 < leaf_size) return std::nullopt;
  return RecordParts{stored.substr(4, leaf_size), stored.substr(4 + leaf_size)};
}

namespace {

std::runtime_error corrupt(std::uint64_t seq, const std::string& why) {
  return std::runtime_error("record " + std::to_string(seq) + " is corrupt: " + why);
}

// Sets the event's type and date from the leaf's text and decodes its data; throws naming `seq`.
void decode_typed(domain::Event& event, std::uint64_t seq, std::string_view type, std::string_view occurred_on,
                  std::string_view data_bytes, domain::EventDecoder& decoder) {
  const auto parsed_type = domain::event_type_from_string(type);
  if (!parsed_type) throw corrupt(seq, "unknown type " + std::string(type));
  auto data = decoder.decode_data(*parsed_type, data_bytes);
  if (auto* error = std::get_if<domain::DecodeError>(&data)) throw corrupt(seq, "data: " + error->detail);
  const auto date = domain::Date::parse(occurred_on);
  if (!date) throw corrupt(seq, "occurred_on");
  event.type = *parsed_type;
  event.occurred_on = *date;
  event.data = std::get<domain::EventData>(std::move(data));
}

}  // namespace

StoredEvent decode_stored(std::uint64_t seq, std::string_view stored, domain::EventDecoder& decoder) {
  const auto parts = split_record(stored);
  if (!parts) throw corrupt(seq, "bad framing");
  auto leaf = domain::decode_leaf(parts->leaf);
  if (!leaf) throw corrupt(seq, "leaf is not canonical");
  if (leaf->seq != seq) throw corrupt(seq, "leaf names seq " + std::to_string(leaf->seq));
  StoredEvent stored_event;
  decode_typed(stored_event.event, seq, leaf->type, leaf->occurred_on, parts->data, decoder);
  stored_event.event.event_id = leaf->event_id;
  stored_event.event.enterprise = leaf->enterprise;
  stored_event.event.data_jcs = std::string(parts->data);
  stored_event.leaf = std::move(*leaf);
  return stored_event;
}

ReplayedEvent replay_event(std::uint64_t seq, std::string_view leaf_bytes, std::string_view data_bytes,
                           domain::EventDecoder& decoder) {
  ReplayedEvent replayed;
  domain::Event& event = replayed.event;
  std::optional<domain::Leaf> strict;  // only for a leaf that read_leaf_fields leaves to decode_leaf
  std::string_view type;
  std::string_view occurred_on;
  std::uint64_t leaf_seq = 0;
  if (const std::optional<domain::LeafFields> fields = domain::read_leaf_fields(leaf_bytes)) {
    type = fields->type;
    occurred_on = fields->occurred_on;
    leaf_seq = fields->seq;
    replayed.actor = fields->actor;
    if (fields->enterprise) event.enterprise = std::string(*fields->enterprise);
  } else if ((strict = domain::decode_leaf(leaf_bytes))) {
    type = strict->type;
    occurred_on = strict->occurred_on;
    leaf_seq = strict->seq;
    replayed.actor = strict->actor;
    event.enterprise = strict->enterprise;
  } else {
    throw corrupt(seq, "leaf is not canonical");
  }
  if (leaf_seq != seq) throw corrupt(seq, "leaf names seq " + std::to_string(leaf_seq));
  decode_typed(event, seq, type, occurred_on, data_bytes, decoder);
  return replayed;
}

std::optional<StoredEvent> load_event(const storage::ReadTxn& txn, std::uint64_t seq, domain::EventDecoder& decoder) {
  const auto stored = storage::event_log::get(txn, seq);
  if (!stored) return std::nullopt;
  return decode_stored(seq, *stored, decoder);
}

}  // namespace jifen::replay
