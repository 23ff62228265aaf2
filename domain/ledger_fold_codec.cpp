// The bytes of a LedgerFold's state, and back. See ledger_fold.hpp.
//
// Layout (version 3): u8 version, varint tree_size, then zones, chains and models, then the enterprises in
// USCC order, each its USCC, the length of its body and the body: name, zone, chains, registration seq, facts
// (by year, then seq), patents, certifications and incidents. The length lets decode() keep an enterprise as
// bytes until it is needed. Each year's facts are headed by the year, their count, how many of them are
// platforms and their length in bytes, so that a board's read skips the years its inputs do not look at
// (version 2 had no platform count and no length). Unsigned
// integers are LEB128 varints, signed ones zigzag varints, strings a varint length and the bytes, enums one
// byte checked against their range when read. Every map is written in key order, so equal folds give equal
// bytes.
#include <algorithm>
#include <future>
#include <iterator>
#include <limits>
#include <thread>
#include <stdexcept>

#include "domain/ledger_fold.hpp"

namespace jifen::domain {
namespace {

constexpr std::size_t kVarintBytesMax = 10;  // a u64 in 7-bit groups
constexpr std::size_t kDecodedBytesGuess = 512;  // an enterprise's bytes, when there are none to average
// A board of a fold with at least this many stored enterprises is built in two parts, on two threads.
constexpr std::size_t kBoardPartMin = 20000;

class Writer {
 public:
  void u8(std::uint8_t value) { bytes_.push_back(static_cast<char>(value)); }
  void varint(std::uint64_t value) {
    while (value >= 0x80) {
      bytes_.push_back(static_cast<char>((value & 0x7f) | 0x80));
      value >>= 7;
    }
    bytes_.push_back(static_cast<char>(value));
  }
  void signed_varint(std::int64_t value) {
    const auto bits = static_cast<std::uint64_t>(value);
    varint((bits << 1) ^ (value < 0 ? ~std::uint64_t{0} : 0));
  }
  void text(std::string_view value) {
    varint(value.size());
    bytes_.append(value);
  }
  template <class Enum>
  void enumeration(Enum value) { u8(static_cast<std::uint8_t>(value)); }
  std::string_view written() const { return bytes_; }
  void clear() { bytes_.clear(); }
  void reserve(std::size_t bytes) { bytes_.reserve(bytes); }
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

// Reads what Writer wrote; a read past the end or a bad value sets failed() and answers zeros from then on.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool failed() const { return failed_; }
  void reject() { failed_ = true; }  // the bytes read are well formed but not what encode() writes
  bool at_end() const { return at_ == bytes_.size(); }

  std::uint8_t u8() {
    if (failed_ || at_ >= bytes_.size()) return fail<std::uint8_t>();
    return static_cast<std::uint8_t>(bytes_[at_++]);
  }
  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (std::size_t index = 0; index < kVarintBytesMax; ++index) {
      const std::uint8_t byte = u8();
      if (failed_) return 0;
      value |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * index);
      if ((byte & 0x80) == 0) return value;
    }
    return fail<std::uint64_t>();
  }
  std::int64_t signed_varint() {
    const std::uint64_t bits = varint();
    return static_cast<std::int64_t>((bits >> 1) ^ (~(bits & 1) + 1));
  }
  std::int32_t year() {
    const std::int64_t value = signed_varint();
    if (value < std::numeric_limits<std::int32_t>::min() || value > std::numeric_limits<std::int32_t>::max()) {
      return fail<std::int32_t>();
    }
    return static_cast<std::int32_t>(value);
  }
  std::string text() {
    const std::uint64_t size = varint();
    if (failed_ || size > bytes_.size() - at_) return fail<std::string>();
    std::string value(bytes_.substr(at_, size));
    at_ += size;
    return value;
  }
  // Like text(), into `out` (whose memory is reused).
  void text_into(std::string& out) {
    const std::uint64_t size = varint();
    if (failed_ || size > bytes_.size() - at_) {
      failed_ = true;
      out.clear();
      return;
    }
    out.assign(bytes_.data() + at_, size);
    at_ += size;
  }
  // The next `size` bytes, unread.
  std::string_view view(std::uint64_t size) {
    if (failed_ || size > bytes_.size() - at_) return fail<std::string_view>();
    const std::string_view value = bytes_.substr(at_, size);
    at_ += size;
    return value;
  }
  // A count of items still to read: each takes at least one byte, so a larger count is corruption.
  std::uint64_t count() {
    const std::uint64_t value = varint();
    if (value > bytes_.size() - at_) return fail<std::uint64_t>();
    return value;
  }
  template <class Enum>
  Enum enumeration(std::uint8_t count) {
    const std::uint8_t value = u8();
    if (value >= count) return fail<Enum>();
    return static_cast<Enum>(value);
  }

 private:
  template <class T>
  T fail() {
    failed_ = true;
    return T{};
  }
  std::string_view bytes_;
  std::size_t at_ = 0;
  bool failed_ = false;
};

// Enum ranges (their counts), for the reader.
constexpr std::uint8_t kRdCategories = 7;
constexpr std::uint8_t kPatentKinds = 3;
constexpr std::uint8_t kContractRoles = 2;
constexpr std::uint8_t kFinancingKinds = 6;
constexpr std::uint8_t kLevels = 3;
constexpr std::uint8_t kProjectSchemes = 5;
constexpr std::uint8_t kProjectRoles = 2;
constexpr std::uint8_t kCertificationKinds = 3;
constexpr std::uint8_t kIncidentKinds = 4;

}  // namespace

// The encoder and decoder, a friend of LedgerFold. Facts are tagged with their index in LedgerFold::Fact.
struct LedgerFoldCodec {
  using Fold = LedgerFold;

  static void write_fact(Writer& out, const Fold::Fact& fact, const Fold::Enterprise& enterprise) {
    out.u8(static_cast<std::uint8_t>(fact.index()));
    if (const auto* report = std::get_if<Fold::ReportFact>(&fact)) {
      write_fact_fields(out, enterprise.reports.at(report->index));
      return;
    }
    std::visit([&](const auto& item) { write_fact_fields(out, item); }, fact);
  }
  static void write_fact_fields(Writer&, const Fold::ReportFact&) {}  // written from Enterprise::reports
  static void write_fact_fields(Writer& out, const ReportInput& item) {
    out.signed_varint(item.revenue_fen);
    out.signed_varint(item.high_tech_revenue_fen);
    out.signed_varint(item.export_revenue_fen);
    out.signed_varint(item.tax_paid_fen);
    out.signed_varint(item.employees);
    out.signed_varint(item.tech_staff);
  }
  static void write_fact_fields(Writer& out, const RdInput& item) {
    out.enumeration(item.category);
    out.signed_varint(item.amount_fen);
  }
  static void write_fact_fields(Writer& out, const Fold::ContractFact& item) {
    out.enumeration(item.role);
    out.signed_varint(item.amount_fen);
  }
  static void write_fact_fields(Writer& out, const FinancingInput& item) {
    out.enumeration(item.kind);
    out.signed_varint(item.amount_fen);
  }
  static void write_fact_fields(Writer& out, const ApplicationInput& item) {
    out.enumeration(item.kind);
    out.u8(item.pct ? 1 : 0);
  }
  static void write_fact_fields(Writer& out, const ProjectInput& item) {
    out.enumeration(item.scheme);
    out.enumeration(item.level);
    out.enumeration(item.role);
  }
  static void write_fact_fields(Writer& out, const PlatformInput& item) { out.enumeration(item.level); }
  static void write_fact_fields(Writer&, const TalentInput&) {}

  // A report's figures go to enterprise.reports.
  static Fold::Fact read_fact(Reader& in, std::uint64_t seq, Fold::Enterprise& enterprise) {
    switch (in.u8()) {
      case 0: {
        ReportInput report{seq, in.signed_varint(), in.signed_varint(), in.signed_varint(), in.signed_varint(), 0, 0};
        report.employees = in.signed_varint();
        report.tech_staff = in.signed_varint();
        enterprise.reports.push_back(report);
        return Fold::ReportFact{seq, static_cast<std::uint32_t>(enterprise.reports.size() - 1)};
      }
      case 1: {
        const auto category = in.enumeration<RdCategory>(kRdCategories);
        return RdInput{seq, category, in.signed_varint()};
      }
      case 2: {
        const auto role = in.enumeration<ContractRole>(kContractRoles);
        return Fold::ContractFact{seq, role, in.signed_varint()};
      }
      case 3: {
        const auto kind = in.enumeration<FinancingKind>(kFinancingKinds);
        return FinancingInput{seq, kind, in.signed_varint()};
      }
      case 4: {
        const auto kind = in.enumeration<PatentKind>(kPatentKinds);
        return ApplicationInput{seq, kind, in.enumeration<std::uint8_t>(2) == 1};
      }
      case 5: {
        const auto scheme = in.enumeration<ProjectScheme>(kProjectSchemes);
        const auto level = in.enumeration<Level>(kLevels);
        return ProjectInput{seq, scheme, level, in.enumeration<ProjectRole>(kProjectRoles)};
      }
      case 6: return PlatformInput{seq, in.enumeration<Level>(kLevels)};
      case 7: return TalentInput{seq};
      default: in.enumeration<std::uint8_t>(0); return TalentInput{seq};  // sets failed
    }
  }

  static void write_enterprise(Writer& out, std::string_view uscc, const Fold::Enterprise& enterprise) {
    Writer body;
    write_body(body, enterprise);
    const std::string bytes = body.take();
    out.text(uscc);
    out.text(bytes);
  }

  static void write_body(Writer& out, const Fold::Enterprise& enterprise) {
    out.text(enterprise.name);
    out.text(enterprise.zone);
    out.varint(enterprise.chains.size());
    for (const std::string& chain : enterprise.chains) out.text(chain);
    out.varint(enterprise.registered_seq);
    // By year, each year's facts by seq.
    const auto& facts = enterprise.facts;
    std::uint64_t years = 0;
    for (std::size_t i = 0; i < facts.size(); ++i) years += (i == 0 || facts[i].year != facts[i - 1].year) ? 1 : 0;
    out.varint(years);
    Writer year_facts;  // one year's, to learn their length
    for (std::size_t first = 0; first < facts.size();) {
      std::size_t end = first;
      std::uint64_t platforms = 0;
      year_facts.clear();
      std::uint64_t previous = 0;
      for (; end < facts.size() && facts[end].year == facts[first].year; ++end) {
        const std::uint64_t seq = Fold::seq_of(facts[end].fact);
        year_facts.varint(seq - previous);  // ascending: deltas stay small
        previous = seq;
        write_fact(year_facts, facts[end].fact, enterprise);
        platforms += std::holds_alternative<PlatformInput>(facts[end].fact) ? 1 : 0;
      }
      out.signed_varint(facts[first].year);
      out.varint(end - first);
      out.varint(platforms);
      out.text(year_facts.written());
      first = end;
    }
    write_steps(out, enterprise);
  }

  static void write_steps(Writer& out, const Fold::Enterprise& enterprise) {
    out.varint(enterprise.patents.size());
    for (const auto& [number, patent] : enterprise.patents) {
      out.text(number);
      out.enumeration(patent.kind);
      out.varint(patent.applied_seq);
      out.text(patent.granted_on);
      out.varint(patent.granted_seq);
      out.text(patent.lapsed_on);
      out.varint(patent.lapsed_seq);
    }
    out.varint(enterprise.certifications.size());
    for (const auto& [key, certification] : enterprise.certifications) {
      out.text(key);
      out.enumeration(certification.kind);
      out.text(certification.valid_from);
      out.text(certification.valid_to);
      out.varint(certification.granted_seq);
      out.text(certification.revoked_on);
      out.varint(certification.revoked_seq);
    }
    out.varint(enterprise.incidents.size());
    for (const auto& [id, incident] : enterprise.incidents) {
      out.text(id);
      out.enumeration(incident.kind);
      out.text(incident.from);
      out.varint(incident.recorded_seq);
      out.text(incident.cleared_on);
      out.varint(incident.cleared_seq);
    }
  }

  // Reads a body into `enterprise`, every field overwritten and its memory reused (a scratch value read
  // again and again allocates only while it grows). False when the bytes are not what write_body writes.
  // With `only`, the facts of the years it does not need are skipped, unread (and unchecked).
  static bool read_body(std::string_view bytes, Fold::Enterprise& enterprise, const Fold::FactYears* only = nullptr) {
    Reader in(bytes);
    in.text_into(enterprise.name);
    in.text_into(enterprise.zone);
    const std::uint64_t chains = in.count();
    enterprise.chains.resize(in.failed() ? 0 : chains);
    for (std::string& chain : enterprise.chains) in.text_into(chain);
    enterprise.registered_seq = in.varint();
    enterprise.facts.clear();
    enterprise.reports.clear();
    const std::uint64_t years = in.count();
    std::int32_t previous_year = 0;
    for (std::uint64_t index = 0; index < years && !in.failed(); ++index) {
      const std::int32_t year = in.year();
      // Years strictly ascending, none empty, seqs strictly ascending within a year, the platform count and
      // the length those of the year's facts: what encode() writes.
      if (index > 0 && year <= previous_year) in.reject();
      previous_year = year;
      const std::uint64_t count = in.count();
      const std::uint64_t platforms = in.varint();
      Reader facts(in.view(in.varint()));
      if (count == 0 || platforms > count) in.reject();
      if (in.failed() || (only != nullptr && !only->needs(year, platforms > 0))) continue;
      std::uint64_t seq = 0;
      std::uint64_t platforms_read = 0;
      for (std::uint64_t item = 0; item < count && !facts.failed(); ++item) {
        const std::uint64_t delta = facts.varint();
        if (item > 0 && delta == 0) facts.reject();
        seq += delta;
        enterprise.facts.push_back(Fold::YearFact{year, read_fact(facts, seq, enterprise)});
        platforms_read += std::holds_alternative<PlatformInput>(enterprise.facts.back().fact) ? 1 : 0;
      }
      if (facts.failed() || !facts.at_end() || platforms_read != platforms) in.reject();
    }
    read_steps(in, enterprise);
    return !in.failed() && in.at_end();
  }

  // Keys strictly ascending, as write_steps writes them (and as the lookups need them).
  template <class Items>
  static void read_key(Reader& in, Items& items, std::size_t index) {
    in.text_into(items[index].first);
    if (index > 0 && !(items[index - 1].first < items[index].first)) in.reject();
  }

  static void read_steps(Reader& in, Fold::Enterprise& enterprise) {
    const auto sized = [&](auto& items) {
      const std::uint64_t count = in.count();
      items.resize(in.failed() ? 0 : count);
    };
    sized(enterprise.patents);
    for (std::size_t index = 0; index < enterprise.patents.size() && !in.failed(); ++index) {
      read_key(in, enterprise.patents, index);
      Fold::Patent& patent = enterprise.patents[index].second;
      patent.kind = in.enumeration<PatentKind>(kPatentKinds);
      patent.applied_seq = in.varint();
      in.text_into(patent.granted_on);
      patent.granted_seq = in.varint();
      in.text_into(patent.lapsed_on);
      patent.lapsed_seq = in.varint();
    }
    sized(enterprise.certifications);
    for (std::size_t index = 0; index < enterprise.certifications.size() && !in.failed(); ++index) {
      read_key(in, enterprise.certifications, index);
      Fold::Certification& certification = enterprise.certifications[index].second;
      certification.kind = in.enumeration<CertificationKind>(kCertificationKinds);
      in.text_into(certification.valid_from);
      in.text_into(certification.valid_to);
      certification.granted_seq = in.varint();
      in.text_into(certification.revoked_on);
      certification.revoked_seq = in.varint();
    }
    sized(enterprise.incidents);
    for (std::size_t index = 0; index < enterprise.incidents.size() && !in.failed(); ++index) {
      read_key(in, enterprise.incidents, index);
      Fold::Incident& incident = enterprise.incidents[index].second;
      incident.kind = in.enumeration<IncidentKind>(kIncidentKinds);
      in.text_into(incident.from);
      incident.recorded_seq = in.varint();
      in.text_into(incident.cleared_on);
      incident.cleared_seq = in.varint();
    }
  }

  static void write_names(Writer& out, const std::map<std::string, std::string, std::less<>>& names) {
    out.varint(names.size());
    for (const auto& [id, name] : names) {
      out.text(id);
      out.text(name);
    }
  }
  static void read_names(Reader& in, std::map<std::string, std::string, std::less<>>& names) {
    const std::uint64_t count = in.count();
    for (std::uint64_t index = 0; index < count && !in.failed(); ++index) {
      std::string id = in.text();
      names.emplace_hint(names.end(), std::move(id), in.text());
    }
  }
};

std::string LedgerFold::encode() const { return encode_enterprises(false); }

std::string LedgerFold::encode_delta() const {
  if (base_size_ == 0) throw std::logic_error("a delta needs a fold decoded from a base");
  return encode_enterprises(true);
}

std::string LedgerFold::encode_enterprises(bool changed_only) const {
  Writer out;
  out.u8(kFoldEncodingVersion);
  out.varint(tree_size_);
  LedgerFoldCodec::write_names(out, zones_);
  LedgerFoldCodec::write_names(out, chains_);
  out.varint(models_.size());
  for (const auto& [version, model] : models_) {
    out.text(version);
    out.signed_varint(model.year_from);
    out.signed_varint(model.year_to);
    out.text(model.model_jcs);
  }
  // The stored enterprises no event changed keep their bytes; the decoded ones are written anew, in one USCC
  // order with them.
  const auto written = [&](const Stored& stored) {
    return (!changed_only || stored.from_delta) && enterprises_.find(stored.uscc) == nullptr;
  };
  std::uint64_t count = enterprises_.size();
  std::size_t stored_bytes = 0;
  for (const Stored& stored : stored_) {
    if (!written(stored)) continue;
    ++count;
    stored_bytes += stored.uscc.size() + stored.body.size() + 2 * kVarintBytesMax;
  }
  // Room for it all at once (the decoded ones at the stored ones' average size): a string doubling its way to
  // 150 MB would hold 1.5 times that, and copy it, while it grows.
  const std::size_t stored_count = count - enterprises_.size();
  const std::size_t average = stored_count > 0 ? stored_bytes / stored_count : kDecodedBytesGuess;
  out.reserve(out.written().size() + stored_bytes + enterprises_.size() * average);
  out.varint(count);
  auto decoded = enterprises_.begin();
  const auto write_decoded_before = [&](std::string_view bound, bool all) {
    for (; decoded != enterprises_.end() && (all || decoded->first < bound); ++decoded) {
      LedgerFoldCodec::write_enterprise(out, decoded->first, decoded->second);
    }
  };
  for (const Stored& stored : stored_) {
    write_decoded_before(stored.uscc, false);
    if (!written(stored)) continue;  // shadowed by a decoded one (written next), or not changed since the base
    out.text(stored.uscc);
    out.text(stored.body);
  }
  write_decoded_before({}, true);
  return out.take();
}

std::optional<LedgerFold> LedgerFold::decode(std::string_view bytes, Validate validate) {
  auto kept = std::make_shared<const std::string>(bytes);
  const std::string_view copy = *kept;
  return decode(std::move(kept), copy, validate);
}

std::optional<LedgerFold> LedgerFold::decode(std::shared_ptr<const void> owner, std::string_view bytes,
                                             Validate validate) {
  LedgerFold fold;
  Reader in(bytes);
  if (in.u8() != kFoldEncodingVersion) return std::nullopt;
  fold.tree_size_ = in.varint();
  LedgerFoldCodec::read_names(in, fold.zones_);
  LedgerFoldCodec::read_names(in, fold.chains_);
  const std::uint64_t models = in.count();
  for (std::uint64_t index = 0; index < models && !in.failed(); ++index) {
    std::string version = in.text();
    Model model;
    model.year_from = in.year();
    model.year_to = in.year();
    model.model_jcs = in.text();
    fold.models_.emplace_hint(fold.models_.end(), std::move(version), std::move(model));
  }
  const std::uint64_t enterprises = in.count();
  fold.stored_.reserve(in.failed() ? 0 : enterprises);
  Enterprise scratch;
  for (std::uint64_t index = 0; index < enterprises && !in.failed(); ++index) {
    Stored stored;
    stored.uscc = in.view(in.varint());
    stored.body = in.view(in.varint());
    if (!fold.stored_.empty() && !(fold.stored_.back().uscc < stored.uscc)) in.reject();
    if (validate == Validate::bodies && !in.failed() && !LedgerFoldCodec::read_body(stored.body, scratch)) in.reject();
    fold.stored_.push_back(stored);
  }
  if (in.failed() || !in.at_end()) return std::nullopt;
  fold.stored_bytes_ = std::move(owner);
  fold.base_size_ = fold.tree_size_;
  return fold;
}

// The delta decoded as a fold of its own (its enterprises are those changed since the base), then the base's
// enterprises merged under them: an index of views into the two byte strings, in one USCC order.
std::optional<LedgerFold> LedgerFold::decode(std::string_view base, std::string_view delta, Validate validate) {
  auto kept = std::make_shared<const std::pair<std::string, std::string>>(base, delta);
  const std::string_view base_copy = kept->first;
  const std::string_view delta_copy = kept->second;
  return decode(std::move(kept), base_copy, delta_copy, validate);
}

std::optional<LedgerFold> LedgerFold::decode(std::shared_ptr<const void> owner, std::string_view base,
                                             std::string_view delta, Validate validate) {
  std::optional<LedgerFold> under = decode(owner, base, validate);
  std::optional<LedgerFold> fold = decode(owner, delta, validate);
  if (!under || !fold || fold->tree_size_ <= under->tree_size_) return std::nullopt;
  std::vector<Stored> merged;
  merged.reserve(under->stored_.size() + fold->stored_.size());
  auto changed = fold->stored_.begin();
  for (const Stored& stored : under->stored_) {
    for (; changed != fold->stored_.end() && changed->uscc < stored.uscc; ++changed) {
      merged.push_back(*changed);
      merged.back().from_delta = true;
    }
    if (changed != fold->stored_.end() && changed->uscc == stored.uscc) continue;  // the delta's shadows it
    merged.push_back(stored);
  }
  for (; changed != fold->stored_.end(); ++changed) {
    merged.push_back(*changed);
    merged.back().from_delta = true;
  }
  fold->stored_ = std::move(merged);
  fold->delta_bytes_ = std::move(fold->stored_bytes_);
  fold->stored_bytes_ = std::move(under->stored_bytes_);
  fold->base_size_ = under->tree_size_;
  return fold;
}

const LedgerFold::Stored* LedgerFold::find_stored(std::string_view uscc) const {
  const auto at = std::lower_bound(stored_.begin(), stored_.end(), uscc,
                                   [](const Stored& stored, std::string_view key) { return stored.uscc < key; });
  return at != stored_.end() && at->uscc == uscc ? &*at : nullptr;
}

LedgerFold::Enterprise* LedgerFold::decode_stored(std::string_view uscc) {
  const Stored* stored = find_stored(uscc);
  if (stored == nullptr) return nullptr;
  Enterprise decoded;
  read_stored(*stored, decoded);
  return &enterprises_.insert(uscc, std::move(decoded));
}

void LedgerFold::read_stored(const Stored& stored, Enterprise& out, const FactYears* only) {
  if (!LedgerFoldCodec::read_body(stored.body, out, only)) {
    throw std::logic_error("the fold's bytes for enterprise " + std::string(stored.uscc) + " do not decode");
  }
}

template <class Visit>
void LedgerFold::for_each_enterprise(Visit&& visit) const {
  for_each_enterprise_in(0, stored_.size(), visit);
}

template <class Visit>
void LedgerFold::for_each_enterprise_in(std::size_t from, std::size_t to, Visit&& visit, const FactYears* only) const {
  Enterprise scratch;
  auto decoded = from == 0 ? enterprises_.begin() : enterprises_.lower_bound(stored_[from].uscc);
  const auto decoded_end = to == stored_.size() ? enterprises_.end() : enterprises_.lower_bound(stored_[to].uscc);
  for (std::size_t index = from; index < to; ++index) {
    const Stored& stored = stored_[index];
    for (; decoded != decoded_end && decoded->first < stored.uscc; ++decoded) visit(decoded->first, decoded->second);
    if (decoded != decoded_end && decoded->first == stored.uscc) continue;  // shadowed: visited next
    read_stored(stored, scratch, only);
    visit(stored.uscc, static_cast<const Enterprise&>(scratch));
  }
  for (; decoded != decoded_end; ++decoded) visit(decoded->first, decoded->second);
}

// Every retractable event still in force is a fact or a step the state holds under its seq.
void LedgerFold::index_retractable() {
  retractable_.clear();
  retractable_indexed_ = true;
  constexpr EventType kFactTypes[] = {EventType::annual_report_filed, EventType::rd_expense_filed,
                                      EventType::tech_contract_registered, EventType::financing_received,
                                      EventType::patent_applied, EventType::project_awarded,
                                      EventType::platform_recognized, EventType::talent_team_recognized};
  for_each_enterprise([&](std::string_view, const Enterprise& enterprise) {
    for (const auto& [year, fact] : enterprise.facts) {
      retractable_[seq_of(fact)] = Retractable{kFactTypes[fact.index()], year, {}};
    }
    for (const auto& [number, patent] : enterprise.patents) {
      retractable_[patent.applied_seq].key = number;  // its application fact is indexed above
      if (patent.granted_seq != 0) retractable_[patent.granted_seq] = Retractable{EventType::patent_granted, 0, number};
      if (patent.lapsed_seq != 0) retractable_[patent.lapsed_seq] = Retractable{EventType::patent_lapsed, 0, number};
    }
    for (const auto& [key, certification] : enterprise.certifications) {
      retractable_[certification.granted_seq] = Retractable{EventType::certification_granted, 0, key};
      if (certification.revoked_seq != 0) {
        retractable_[certification.revoked_seq] = Retractable{EventType::certification_revoked, 0, key};
      }
    }
    for (const auto& [id, incident] : enterprise.incidents) {
      retractable_[incident.recorded_seq] = Retractable{EventType::compliance_incident_recorded, 0, id};
      if (incident.cleared_seq != 0) {
        retractable_[incident.cleared_seq] = Retractable{EventType::compliance_incident_cleared, 0, id};
      }
    }
  });
}

YearBoard LedgerFold::year_board(std::int32_t year) const { return build_year_board(year, KeepInputs::yes); }

YearBoard LedgerFold::year_board(std::shared_ptr<const LedgerFold> fold, std::int32_t year) {
  YearBoard board = fold->build_year_board(year, KeepInputs::no);
  if (board.model) {
    board.inputs_source = [fold, model = board.model, year](const BoardFacts& facts) {
      std::optional<ScoreInputs> inputs = fold->score_inputs(facts.enterprise, model->model, year);
      if (!inputs) throw std::logic_error("enterprise " + facts.enterprise + " is on the board but not in its fold");
      return std::move(*inputs);
    };
  }
  return board;
}

std::optional<ScoreInputs> LedgerFold::score_inputs(std::string_view uscc, const ScoringModel& model,
                                                    std::int32_t year) const {
  ScoreInputs result;
  if (const Enterprise* decoded = enterprises_.find(uscc)) {
    if (!inputs(*decoded, uscc, model, year, result)) return std::nullopt;
    return result;
  }
  const Stored* stored = find_stored(uscc);
  if (stored == nullptr) return std::nullopt;
  Enterprise read;
  read_stored(*stored, read);
  if (!inputs(read, uscc, model, year, result)) return std::nullopt;
  return result;
}

YearBoard LedgerFold::build_year_board(std::int32_t year, KeepInputs keep) const {
  YearBoard board;
  board.year = year;
  board.tree_size = tree_size_;
  for (const auto& [id, name] : zones_) board.zone_names.emplace(id, name);
  for (const auto& [id, name] : chains_) board.chain_names.emplace(id, name);
  board.model = model_for_year(year);
  if (!board.model) return board;
  // The entries of a part of the enterprises (by USCC), built on a thread of its own: reading each
  // enterprise's bytes and extracting its inputs is most of a large board, and the parts are independent.
  struct Part {
    std::vector<BoardEntry> entries;
    std::vector<std::string> unreported;
  };
  const ScoringModel& model = board.model->model;
  // The years inputs() reads facts of (platforms of any earlier year as well).
  const FactYears only{std::min(evaluation_window(model, year).first_year, year - 2), year - 1};
  const auto build = [&](std::size_t from, std::size_t to, Part& part, std::size_t capacity) {
    part.entries.reserve(capacity);
    ScoreInputs scratch;  // its lists grow once; an entry that keeps its inputs copies them at their size
    for_each_enterprise_in(from, to, [&](std::string_view uscc, const Enterprise& enterprise) {
      if (!inputs(enterprise, uscc, model, year, scratch)) {
        part.unreported.emplace_back(uscc);
        return;
      }
      part.entries.push_back(board_entry(model, enterprise.name, enterprise.zone, enterprise.chains, scratch, keep));
    }, &only);
  };
  Part first;
  if (stored_.size() < kBoardPartMin || std::thread::hardware_concurrency() < 2) {
    build(0, stored_.size(), first, stored_.size() + enterprises_.size());
  } else {
    const std::size_t middle = stored_.size() / 2;
    Part second;
    auto other = std::async(std::launch::async, [&] {
      build(middle, stored_.size(), second, stored_.size() - middle + enterprises_.size());
    });
    // The first part's entries have room for the second's: they are moved in after, not copied to a third place.
    build(0, middle, first, stored_.size() + enterprises_.size());  // when it throws, other's destructor waits first
    other.get();
    first.entries.reserve(first.entries.size() + second.entries.size());
    std::move(second.entries.begin(), second.entries.end(), std::back_inserter(first.entries));
    std::move(second.unreported.begin(), second.unreported.end(), std::back_inserter(first.unreported));
  }
  board.entries = std::move(first.entries);
  board.unreported = std::move(first.unreported);
  score_board(board);
  return board;
}

}  // namespace jifen::domain
