#include "replay/projection_state.hpp"

#include <stdexcept>

#include "replay/bytes.hpp"

namespace jifen::replay {
namespace {

constexpr std::string_view kTreeSizeKey = "#tree_size";

std::string key_of(char prefix, std::string_view id) {
  std::string key(1, prefix);
  key.append(id);
  return key;
}

// Enterprise-scoped keys: prefix || uscc (always 18 bytes) || rest.
std::string scoped_key(char prefix, std::string_view uscc, std::string_view rest = {}) {
  std::string key(1, prefix);
  key.append(uscc);
  key.append(rest);
  return key;
}

std::string certification_key(std::string_view uscc, domain::CertificationKind kind, std::string_view cert_no) {
  std::string rest(1, static_cast<char>(kind));
  rest.append(cert_no);
  return scoped_key('K', uscc, rest);
}

std::string year_key(std::string_view uscc, std::int32_t year) {
  ByteWriter out;
  out.i32(year);
  return scoped_key('F', uscc, out.bytes());
}

std::string fact_key(std::string_view uscc, std::int32_t year, std::uint64_t seq) {
  ByteWriter out;
  out.i32(year);
  out.u64(seq);
  return scoped_key('F', uscc, out.bytes());
}

std::string seq_key(std::uint64_t seq) {
  ByteWriter out;
  out.u64(seq);
  return key_of('R', out.bytes());
}

[[noreturn]] void fail(storage::Status status, std::string_view what) {
  throw storage::StorageError(status, std::string("projection ") + std::string(what) + ": " +
                                          std::string(storage::to_string(status)));
}

}  // namespace

std::optional<std::string_view> ProjectionState::get(std::string_view key) const { return read_->get(db_, key); }

void ProjectionState::put(std::string_view key, std::string_view value) {
  if (write_ == nullptr) throw std::logic_error("projection state opened read-only");
  const storage::Status status = write_->put(db_, key, value);
  if (status != storage::Status::ok) fail(status, "put");
}

void ProjectionState::erase(std::string_view key) {
  if (write_ == nullptr) throw std::logic_error("projection state opened read-only");
  const storage::Status status = write_->del(db_, key);
  if (status != storage::Status::ok && status != storage::Status::not_found) fail(status, "erase");
}

template <class T, class Decode>
std::vector<T> ProjectionState::scan(const std::string& prefix, Decode decode) const {
  std::vector<T> values;
  storage::Cursor cursor = read_->cursor(db_);
  for (bool more = cursor.seek(prefix); more && cursor.key().starts_with(prefix); more = cursor.next()) {
    values.push_back(decode(cursor.value()));
  }
  return values;
}

std::uint64_t ProjectionState::tree_size() const {
  const auto value = get(kTreeSizeKey);
  if (!value) return 0;
  ByteReader in(*value);
  const std::uint64_t size = in.u64();
  in.expect_done();
  return size;
}

void ProjectionState::set_tree_size(std::uint64_t tree_size) {
  ByteWriter out;
  out.u64(tree_size);
  put(kTreeSizeKey, out.bytes());
}

std::optional<ZoneState> ProjectionState::zone(std::string_view id) const {
  const auto value = get(key_of('Z', id));
  if (!value) return std::nullopt;
  return decode_zone(*value);
}
void ProjectionState::put_zone(std::string_view id, const ZoneState& value) { put(key_of('Z', id), encode(value)); }

std::optional<ChainState> ProjectionState::chain(std::string_view id) const {
  const auto value = get(key_of('C', id));
  if (!value) return std::nullopt;
  return decode_chain(*value);
}
void ProjectionState::put_chain(std::string_view id, const ChainState& value) { put(key_of('C', id), encode(value)); }

std::optional<EnterpriseState> ProjectionState::enterprise(std::string_view uscc) const {
  const auto value = get(key_of('E', uscc));
  if (!value) return std::nullopt;
  return decode_enterprise(*value);
}
void ProjectionState::put_enterprise(std::string_view uscc, const EnterpriseState& value) {
  put(key_of('E', uscc), encode(value));
}

std::optional<std::string> ProjectionState::patent_owner(std::string_view application_no) const {
  const auto value = get(key_of('N', application_no));
  if (!value) return std::nullopt;
  return std::string(*value);
}

std::optional<PatentState> ProjectionState::patent(std::string_view uscc, std::string_view application_no) const {
  const auto value = get(scoped_key('P', uscc, application_no));
  if (!value) return std::nullopt;
  return decode_patent(*value);
}

void ProjectionState::put_patent(std::string_view uscc, const PatentState& value) {
  put(key_of('N', value.application_no), uscc);
  put(scoped_key('P', uscc, value.application_no), encode(value));
}

void ProjectionState::erase_patent(std::string_view uscc, std::string_view application_no) {
  erase(key_of('N', application_no));
  erase(scoped_key('P', uscc, application_no));
}

std::vector<PatentState> ProjectionState::patents(std::string_view uscc) const {
  return scan<PatentState>(scoped_key('P', uscc), decode_patent);
}

std::optional<CertificationState> ProjectionState::certification(std::string_view uscc,
                                                                 domain::CertificationKind kind,
                                                                 std::string_view cert_no) const {
  const auto value = get(certification_key(uscc, kind, cert_no));
  if (!value) return std::nullopt;
  return decode_certification(*value);
}

void ProjectionState::put_certification(std::string_view uscc, const CertificationState& value) {
  put(certification_key(uscc, value.kind, value.cert_no), encode(value));
}

void ProjectionState::erase_certification(std::string_view uscc, domain::CertificationKind kind,
                                          std::string_view cert_no) {
  erase(certification_key(uscc, kind, cert_no));
}

std::vector<CertificationState> ProjectionState::certifications(std::string_view uscc) const {
  return scan<CertificationState>(scoped_key('K', uscc), decode_certification);
}

std::optional<IncidentState> ProjectionState::incident(std::string_view uscc, std::string_view incident_id) const {
  const auto value = get(scoped_key('I', uscc, incident_id));
  if (!value) return std::nullopt;
  return decode_incident(*value);
}

void ProjectionState::put_incident(std::string_view uscc, const IncidentState& value) {
  put(scoped_key('I', uscc, value.incident_id), encode(value));
}

void ProjectionState::erase_incident(std::string_view uscc, std::string_view incident_id) {
  erase(scoped_key('I', uscc, incident_id));
}

std::vector<IncidentState> ProjectionState::incidents(std::string_view uscc) const {
  return scan<IncidentState>(scoped_key('I', uscc), decode_incident);
}

YearFacts ProjectionState::year_facts(std::string_view uscc, std::int32_t year) const {
  YearFacts facts;
  const std::string prefix = year_key(uscc, year);
  storage::Cursor cursor = read_->cursor(db_);
  for (bool more = cursor.seek(prefix); more && cursor.key().starts_with(prefix); more = cursor.next()) {
    ByteReader seq(cursor.key().substr(prefix.size()));
    add_stored_fact(facts, seq.u64(), cursor.value());
    seq.expect_done();
  }
  return facts;
}

void ProjectionState::put_fact(std::string_view uscc, std::int32_t year, std::uint64_t seq,
                               std::string_view encoded_fact) {
  put(fact_key(uscc, year, seq), encoded_fact);
}

bool ProjectionState::erase_fact(std::string_view uscc, std::int32_t year, std::uint64_t seq) {
  const std::string key = fact_key(uscc, year, seq);
  if (!get(key)) return false;
  erase(key);
  return true;
}

std::optional<std::uint64_t> ProjectionState::retracted_by(std::uint64_t seq) const {
  const auto value = get(seq_key(seq));
  if (!value) return std::nullopt;
  ByteReader in(*value);
  const std::uint64_t retraction = in.u64();
  in.expect_done();
  return retraction;
}

void ProjectionState::put_retraction(std::uint64_t seq, std::uint64_t retraction_seq) {
  ByteWriter out;
  out.u64(retraction_seq);
  put(seq_key(seq), out.bytes());
}

std::optional<ModelState> ProjectionState::model(std::string_view version) const {
  const auto value = get(key_of('M', version));
  if (!value) return std::nullopt;
  return decode_model(*value);
}
void ProjectionState::put_model(std::string_view version, const ModelState& value) {
  put(key_of('M', version), encode(value));
}

std::optional<KeyState> ProjectionState::key(std::string_view key_id) const {
  const auto value = get(key_of('A', key_id));
  if (!value) return std::nullopt;
  return decode_key(*value);
}
void ProjectionState::put_key(std::string_view key_id, const KeyState& value) { put(key_of('A', key_id), encode(value)); }

template <class T, class Decode>
std::vector<std::pair<std::string, T>> ProjectionState::scan_keyed(char prefix, Decode decode) const {
  std::vector<std::pair<std::string, T>> values;
  const std::string start(1, prefix);
  storage::Cursor cursor = read_->cursor(db_);
  for (bool more = cursor.seek(start); more && cursor.key().starts_with(start); more = cursor.next()) {
    values.emplace_back(std::string(cursor.key().substr(1)), decode(cursor.value()));
  }
  return values;
}

std::vector<std::pair<std::string, EnterpriseState>> ProjectionState::enterprises() const {
  return scan_keyed<EnterpriseState>('E', decode_enterprise);
}
std::vector<std::pair<std::string, ZoneState>> ProjectionState::zones() const {
  return scan_keyed<ZoneState>('Z', decode_zone);
}
std::vector<std::pair<std::string, ChainState>> ProjectionState::chains() const {
  return scan_keyed<ChainState>('C', decode_chain);
}
std::vector<std::pair<std::string, ModelState>> ProjectionState::models() const {
  return scan_keyed<ModelState>('M', decode_model);
}

ProjectionState::EnterpriseWalk::EnterpriseWalk(const ProjectionState& state, std::int32_t last_year)
    : facts_{state.read_->cursor(state.db_), 'F', false},
      patents_{state.read_->cursor(state.db_), 'P', false},
      certifications_{state.read_->cursor(state.db_), 'K', false},
      incidents_{state.read_->cursor(state.db_), 'I', false},
      last_year_(last_year) {
  for (Lane* lane : {&facts_, &patents_, &certifications_, &incidents_}) {
    lane->valid = lane->cursor.seek(std::string(1, lane->prefix));
  }
}

bool ProjectionState::EnterpriseWalk::reach(Lane& lane, std::string_view uscc) {
  bool sought = false;
  while (lane.valid) {
    const std::string_view key = lane.cursor.key();
    if (key.empty() || key[0] != lane.prefix) {
      lane.valid = false;
      break;
    }
    const std::string_view owner = key.substr(1, uscc.size());  // every USCC is 18 characters
    if (owner >= uscc) return owner == uscc;
    // Behind: one seek to the enterprise (a walk over a few enterprises skips most of the keys between them).
    lane.valid = sought ? lane.cursor.next() : lane.cursor.seek(std::string(1, lane.prefix) + std::string(uscc));
    sought = true;
  }
  return false;
}

void ProjectionState::EnterpriseWalk::read(std::string_view uscc, EnterpriseRecords& records) {
  records.years.clear();
  records.patents.clear();
  records.certifications.clear();
  records.incidents.clear();
  const std::size_t rest = 1 + uscc.size();
  for (bool here = reach(facts_, uscc); here; here = reach(facts_, uscc)) {
    ByteReader key(facts_.cursor.key().substr(rest));
    const std::int32_t year = key.i32();
    const std::uint64_t seq = key.u64();
    key.expect_done();
    if (year >= 0 && year <= last_year_) {  // years 0..last_year (negative years sort last)
      if (records.years.empty() || records.years.back().first != year) records.years.emplace_back(year, YearFacts{});
      add_stored_fact(records.years.back().second, seq, facts_.cursor.value());
    }
    facts_.valid = facts_.cursor.next();
  }
  for (bool here = reach(patents_, uscc); here; here = reach(patents_, uscc)) {
    records.patents.push_back(decode_patent(patents_.cursor.value()));
    patents_.valid = patents_.cursor.next();
  }
  for (bool here = reach(certifications_, uscc); here; here = reach(certifications_, uscc)) {
    records.certifications.push_back(decode_certification(certifications_.cursor.value()));
    certifications_.valid = certifications_.cursor.next();
  }
  for (bool here = reach(incidents_, uscc); here; here = reach(incidents_, uscc)) {
    records.incidents.push_back(decode_incident(incidents_.cursor.value()));
    incidents_.valid = incidents_.cursor.next();
  }
}

std::uint64_t ProjectionState::count_prefix(char prefix) const {
  std::uint64_t count = 0;
  storage::Cursor cursor = read_->cursor(db_);
  const std::string start(1, prefix);
  for (bool more = cursor.seek(start); more && cursor.key().starts_with(start); more = cursor.next()) ++count;
  return count;
}

}  // namespace jifen::replay
