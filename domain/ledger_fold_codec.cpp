// The bytes of a LedgerFold's state, and back. See ledger_fold.hpp.
//
// Layout (version 1): u8 version, varint tree_size, then zones, chains and models, then the enterprises in
// USCC order, each with its facts (by year, then seq), patents, certifications and incidents. Unsigned
// integers are LEB128 varints, signed ones zigzag varints, strings a varint length and the bytes, enums one
// byte checked against their range when read. Every map is written in key order, so equal folds give equal
// bytes.
#include <limits>

#include "domain/ledger_fold.hpp"

namespace jifen::domain {
namespace {

constexpr std::size_t kVarintBytesMax = 10;  // a u64 in 7-bit groups

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

  static void write_fact(Writer& out, const Fold::Fact& fact) {
    out.u8(static_cast<std::uint8_t>(fact.index()));
    std::visit([&](const auto& item) { write_fact_fields(out, item); }, fact);
  }
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

  static Fold::Fact read_fact(Reader& in, std::uint64_t seq) {
    switch (in.u8()) {
      case 0: {
        ReportInput report{seq, in.signed_varint(), in.signed_varint(), in.signed_varint(), in.signed_varint(), 0, 0};
        report.employees = in.signed_varint();
        report.tech_staff = in.signed_varint();
        return report;
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

  static void write_enterprise(Writer& out, const std::string& uscc, const Fold::Enterprise& enterprise) {
    out.text(uscc);
    out.text(enterprise.name);
    out.text(enterprise.zone);
    out.varint(enterprise.chains.size());
    for (const std::string& chain : enterprise.chains) out.text(chain);
    out.varint(enterprise.registered_seq);
    // By year, each year's facts by seq (the bytes of format version 1, when facts were maps of maps).
    const auto& facts = enterprise.facts;
    std::uint64_t years = 0;
    for (std::size_t i = 0; i < facts.size(); ++i) years += (i == 0 || facts[i].year != facts[i - 1].year) ? 1 : 0;
    out.varint(years);
    for (std::size_t first = 0; first < facts.size();) {
      std::size_t end = first;
      while (end < facts.size() && facts[end].year == facts[first].year) ++end;
      out.signed_varint(facts[first].year);
      out.varint(end - first);
      std::uint64_t previous = 0;
      for (std::size_t i = first; i < end; ++i) {
        const std::uint64_t seq = Fold::seq_of(facts[i].fact);
        out.varint(seq - previous);  // ascending: deltas stay small
        previous = seq;
        write_fact(out, facts[i].fact);
      }
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

  static Fold::Enterprise read_enterprise(Reader& in) {
    Fold::Enterprise enterprise;
    enterprise.name = in.text();
    enterprise.zone = in.text();
    const std::uint64_t chains = in.count();
    for (std::uint64_t index = 0; index < chains && !in.failed(); ++index) enterprise.chains.push_back(in.text());
    enterprise.registered_seq = in.varint();
    const std::uint64_t years = in.count();
    for (std::uint64_t index = 0; index < years && !in.failed(); ++index) {
      const std::int32_t year = in.year();
      // Years strictly ascending, none empty, seqs strictly ascending within a year: what encode() writes.
      if (index > 0 && year <= enterprise.facts.back().year) in.reject();
      const std::uint64_t count = in.count();
      if (count == 0) in.reject();
      std::uint64_t seq = 0;
      for (std::uint64_t item = 0; item < count && !in.failed(); ++item) {
        const std::uint64_t delta = in.varint();
        if (item > 0 && delta == 0) in.reject();
        seq += delta;
        enterprise.facts.push_back(Fold::YearFact{year, read_fact(in, seq)});
      }
    }
    read_steps(in, enterprise);
    return enterprise;
  }

  static void read_steps(Reader& in, Fold::Enterprise& enterprise) {
    const std::uint64_t patents = in.count();
    for (std::uint64_t index = 0; index < patents && !in.failed(); ++index) {
      std::string number = in.text();
      Fold::Patent patent;
      patent.kind = in.enumeration<PatentKind>(kPatentKinds);
      patent.applied_seq = in.varint();
      patent.granted_on = in.text();
      patent.granted_seq = in.varint();
      patent.lapsed_on = in.text();
      patent.lapsed_seq = in.varint();
      enterprise.patents.emplace_hint(enterprise.patents.end(), std::move(number), std::move(patent));
    }
    const std::uint64_t certifications = in.count();
    for (std::uint64_t index = 0; index < certifications && !in.failed(); ++index) {
      std::string key = in.text();
      Fold::Certification certification;
      certification.kind = in.enumeration<CertificationKind>(kCertificationKinds);
      certification.valid_from = in.text();
      certification.valid_to = in.text();
      certification.granted_seq = in.varint();
      certification.revoked_on = in.text();
      certification.revoked_seq = in.varint();
      enterprise.certifications.emplace_hint(enterprise.certifications.end(), std::move(key), std::move(certification));
    }
    const std::uint64_t incidents = in.count();
    for (std::uint64_t index = 0; index < incidents && !in.failed(); ++index) {
      std::string id = in.text();
      Fold::Incident incident;
      incident.kind = in.enumeration<IncidentKind>(kIncidentKinds);
      incident.from = in.text();
      incident.recorded_seq = in.varint();
      incident.cleared_on = in.text();
      incident.cleared_seq = in.varint();
      enterprise.incidents.emplace_hint(enterprise.incidents.end(), std::move(id), std::move(incident));
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

std::string LedgerFold::encode() const {
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
  out.varint(enterprises_.size());
  for (const auto& [uscc, enterprise] : enterprises_) LedgerFoldCodec::write_enterprise(out, uscc, enterprise);
  return out.take();
}

std::optional<LedgerFold> LedgerFold::decode(std::string_view bytes) {
  Reader in(bytes);
  if (in.u8() != kFoldEncodingVersion) return std::nullopt;
  LedgerFold fold;
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
  for (std::uint64_t index = 0; index < enterprises && !in.failed(); ++index) {
    std::string uscc = in.text();
    fold.enterprises_.emplace_hint(fold.enterprises_.end(), std::move(uscc), LedgerFoldCodec::read_enterprise(in));
  }
  if (in.failed() || !in.at_end()) return std::nullopt;
  fold.retractable_indexed_ = false;  // derived from the state when a retraction first needs it
  return fold;
}

// Every retractable event still in force is a fact or a step the state holds under its seq.
void LedgerFold::index_retractable() {
  retractable_.clear();
  retractable_indexed_ = true;
  constexpr EventType kFactTypes[] = {EventType::annual_report_filed, EventType::rd_expense_filed,
                                      EventType::tech_contract_registered, EventType::financing_received,
                                      EventType::patent_applied, EventType::project_awarded,
                                      EventType::platform_recognized, EventType::talent_team_recognized};
  for (const auto& [uscc, enterprise] : enterprises_) {
    for (const auto& [year, fact] : enterprise.facts) {
      retractable_[seq_of(fact)] = Retractable{kFactTypes[fact.index()], uscc, year, {}};
    }
    for (const auto& [number, patent] : enterprise.patents) {
      retractable_[patent.applied_seq].key = number;  // its application fact is indexed above
      if (patent.granted_seq != 0) retractable_[patent.granted_seq] = Retractable{EventType::patent_granted, uscc, 0, number};
      if (patent.lapsed_seq != 0) retractable_[patent.lapsed_seq] = Retractable{EventType::patent_lapsed, uscc, 0, number};
    }
    for (const auto& [key, certification] : enterprise.certifications) {
      retractable_[certification.granted_seq] = Retractable{EventType::certification_granted, uscc, 0, key};
      if (certification.revoked_seq != 0) {
        retractable_[certification.revoked_seq] = Retractable{EventType::certification_revoked, uscc, 0, key};
      }
    }
    for (const auto& [id, incident] : enterprise.incidents) {
      retractable_[incident.recorded_seq] = Retractable{EventType::compliance_incident_recorded, uscc, 0, id};
      if (incident.cleared_seq != 0) {
        retractable_[incident.cleared_seq] = Retractable{EventType::compliance_incident_cleared, uscc, 0, id};
      }
    }
  }
}

}  // namespace jifen::domain
