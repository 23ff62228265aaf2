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

StoredEvent decode_stored(std::uint64_t seq, std::string_view stored, domain::EventDecoder& decoder) {
  const auto fail = [seq](const std::string& why) {
    return std::runtime_error("record " + std::to_string(seq) + " is corrupt: " + why);
  };
  const auto parts = split_record(stored);
  if (!parts) throw fail("bad framing");
  auto leaf = domain::decode_leaf(parts->leaf);
  if (!leaf) throw fail("leaf is not canonical");
  if (leaf->seq != seq) throw fail("leaf names seq " + std::to_string(leaf->seq));
  const auto type = domain::event_type_from_string(leaf->type);
  if (!type) throw fail("unknown type " + leaf->type);
  auto data = decoder.decode_data(*type, parts->data);
  if (auto* error = std::get_if<domain::DecodeError>(&data)) throw fail("data: " + error->detail);
  const auto occurred_on = domain::Date::parse(leaf->occurred_on);
  if (!occurred_on) throw fail("occurred_on");

  StoredEvent stored_event;
  stored_event.event.event_id = leaf->event_id;
  stored_event.event.type = *type;
  stored_event.event.enterprise = leaf->enterprise;
  stored_event.event.occurred_on = *occurred_on;
  stored_event.event.data = std::move(std::get<domain::EventData>(data));
  stored_event.event.data_jcs = std::string(parts->data);
  stored_event.leaf = std::move(*leaf);
  return stored_event;
}

ReplayedEvent replay_event(std::uint64_t seq, std::string_view leaf_bytes, std::string_view data_bytes,
                           domain::EventDecoder& decoder) {
  ReplayedEvent replayed;
  domain::Event& event = replayed.event;
  std::optional<domain::EventType> type;
  std::optional<domain::Date> occurred_on;
  std::optional<std::uint64_t> leaf_seq;
  if (const std::optional<domain::LeafFields> fields = domain::read_leaf_fields(leaf_bytes)) {
    type = domain::event_type_from_string(fields->type);
    occurred_on = domain::Date::parse(fields->occurred_on);
    leaf_seq = fields->seq;
    replayed.actor = fields->actor;
    if (fields->enterprise) event.enterprise = std::string(*fields->enterprise);
  } else if (std::optional<domain::Leaf> leaf = domain::decode_leaf(leaf_bytes)) {
    type = domain::event_type_from_string(leaf->type);
    occurred_on = domain::Date::parse(leaf->occurred_on);
    leaf_seq = leaf->seq;
    replayed.actor = std::move(leaf->actor);
    event.enterprise = std::move(leaf->enterprise);
  }
  if (!type || !occurred_on || leaf_seq != seq) throw std::runtime_error("record " + std::to_string(seq) + " has no valid leaf");
  auto data = decoder.decode_data(*type, data_bytes);
  if (auto* error = std::get_if<domain::DecodeError>(&data)) {
    throw std::runtime_error("record " + std::to_string(seq) + " does not decode: " + error->detail);
  }
  event.type = *type;
  event.occurred_on = *occurred_on;
  event.data = std::get<domain::EventData>(std::move(data));
  return replayed;
}

std::optional<StoredEvent> load_event(const storage::ReadTxn& txn, std::uint64_t seq, domain::EventDecoder& decoder) {
  const auto stored = storage::event_log::get(txn, seq);
  if (!stored) return std::nullopt;
  return decode_stored(seq, *stored, decoder);
}

}  // namespace jifen::replay
