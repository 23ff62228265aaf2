// The Ledger's readers: each call takes one short read transaction and sees the latest commit of any process.
#include <stdexcept>

#include "replay/ledger_impl.hpp"
#include "replay/merkle_log.hpp"
#include "replay/projection_state.hpp"
#include "replay/record.hpp"
#include "storage/stores.hpp"

namespace jifen::replay {
namespace {

std::optional<Record> read_record(const storage::ReadTxn& txn, std::uint64_t seq) {
  const auto stored = storage::event_log::get(txn, seq);
  if (!stored) return std::nullopt;
  const auto parts = split_record(*stored);
  if (!parts) throw storage::StorageError(storage::Status::corrupted, "record " + std::to_string(seq) + " is corrupt");
  return Record{seq, std::string(parts->leaf), std::string(parts->data), merkle_node(txn, 0, seq)};
}

}  // namespace

std::string render_record_json(const Record& record) {
  // The leaf is a canonical JSON object: drop its closing brace and append data and leaf_hash.
  std::string json;
  json.reserve(record.leaf.size() + record.data.size() + 72);
  json.append(record.leaf, 0, record.leaf.size() - 1);
  json.append(",\"data\":");
  json.append(record.data);
  json.append(",\"leaf_hash\":\"");
  json.append(domain::to_base64(record.leaf_hash));
  json.append("\"}");
  return json;
}

std::optional<KeyInfo> Ledger::authenticate(std::string_view secret) const {
  storage::ReadTxn txn = impl_->begin_read();
  const auto record = storage::key_store::find(txn, domain::sha256(secret));
  if (!record || record->revoked) return std::nullopt;
  const auto key = ProjectionState(txn, active_projection(txn)).key(record->key_id);
  if (key && key->revoked) return std::nullopt;
  const auto role = domain::role_from_string(record->role);
  if (!role) return std::nullopt;
  KeyInfo info{record->key_id, *role, std::nullopt};
  if (!record->enterprise.empty()) info.enterprise = record->enterprise;
  return info;
}

std::uint64_t Ledger::tree_size() const {
  storage::ReadTxn txn = impl_->begin_read();
  return storage::event_log::size(txn);
}

domain::Digest Ledger::root(std::uint64_t tree_size) const {
  storage::ReadTxn txn = impl_->begin_read();
  if (tree_size > storage::event_log::size(txn)) throw std::out_of_range("tree size beyond the log");
  return merkle_root(txn, tree_size);
}

std::optional<Record> Ledger::event(std::uint64_t seq) const {
  storage::ReadTxn txn = impl_->begin_read();
  return read_record(txn, seq);
}

std::vector<Record> Ledger::events(std::uint64_t from_seq, std::size_t limit) const {
  storage::ReadTxn txn = impl_->begin_read();
  std::vector<Record> records;
  storage::Cursor cursor = txn.cursor(storage::Db::log);
  for (bool more = cursor.seek(storage::encode_u64(from_seq)); more && records.size() < limit; more = cursor.next()) {
    const std::uint64_t seq = storage::decode_u64(cursor.key());
    const auto parts = split_record(cursor.value());
    if (!parts) throw storage::StorageError(storage::Status::corrupted, "record " + std::to_string(seq) + " is corrupt");
    records.push_back(Record{seq, std::string(parts->leaf), std::string(parts->data), merkle_node(txn, 0, seq)});
  }
  return records;
}

std::uint64_t Ledger::visit_records(std::uint64_t from_seq, std::uint64_t to_seq, const RecordVisitor& visit) const {
  storage::ReadTxn txn = impl_->begin_read();
  std::uint64_t visited = 0;
  storage::Cursor cursor = txn.cursor(storage::Db::log);
  for (bool more = cursor.seek(storage::encode_u64(from_seq)); more; more = cursor.next()) {
    const std::uint64_t seq = storage::decode_u64(cursor.key());
    if (seq >= to_seq) break;
    const auto parts = split_record(cursor.value());
    if (!parts) throw storage::StorageError(storage::Status::corrupted, "record " + std::to_string(seq) + " is corrupt");
    visit(seq, parts->leaf, parts->data);
    ++visited;
  }
  return visited;
}

std::optional<EnterpriseProfile> Ledger::enterprise(std::string_view uscc) const {
  storage::ReadTxn txn = impl_->begin_read();
  const auto state = ProjectionState(txn, active_projection(txn)).enterprise(uscc);
  if (!state) return std::nullopt;
  return EnterpriseProfile{std::string(uscc), state->name, state->zone, state->chains, state->registered_on,
                           state->registered_seq, state->version, state->demo};
}

std::vector<Record> Ledger::enterprise_events(std::string_view uscc, std::uint64_t from_seq, std::size_t limit) const {
  storage::ReadTxn txn = impl_->begin_read();
  std::vector<Record> records;
  for (const std::uint64_t seq : storage::enterprise_index::list(txn, uscc, from_seq, limit)) {
    auto record = read_record(txn, seq);
    if (!record) throw storage::StorageError(storage::Status::corrupted, "index names seq " + std::to_string(seq) + " beyond the log");
    records.push_back(std::move(*record));
  }
  return records;
}

LedgerStats Ledger::stats() const {
  storage::ReadTxn txn = impl_->begin_read();
  const ProjectionState state(txn, active_projection(txn));
  LedgerStats stats;
  stats.tree_size = storage::event_log::size(txn);
  stats.root = merkle_root(txn, stats.tree_size);
  stats.enterprises = state.count_prefix('E');
  stats.zones = state.count_prefix('Z');
  stats.chains = state.count_prefix('C');
  stats.keys = txn.entries(storage::Db::keys);
  stats.projected_tree_size = state.tree_size();
  stats.used_bytes = impl_->env->used_bytes();
  stats.map_size_bytes = impl_->env->map_size_bytes();
  if (stats.tree_size > 0) {
    if (const auto record = read_record(txn, stats.tree_size - 1)) {
      if (const auto leaf = domain::decode_leaf(record->leaf)) stats.last_recorded_at = leaf->recorded_at;
    }
  }
  return stats;
}

}  // namespace jifen::replay
