#include "replay/facts.hpp"

#include <algorithm>

#include "replay/bytes.hpp"

namespace jifen::replay {
namespace {

template <class Enum>
void put_enum(ByteWriter& out, Enum value) {
  out.u8(static_cast<std::uint8_t>(value));
}

// REQUIRES: `last` is the enum's greatest value.
template <class Enum>
Enum get_enum(ByteReader& in, Enum last) {
  const std::uint8_t raw = in.u8();
  if (raw > static_cast<std::uint8_t>(last)) throw CorruptValue("projection enum out of range");
  return static_cast<Enum>(raw);
}

template <class T, class Write>
void put_list(ByteWriter& out, const std::vector<T>& items, Write write) {
  out.u32(static_cast<std::uint32_t>(items.size()));
  for (const T& item : items) write(item);
}

template <class T, class Read>
std::vector<T> get_list(ByteReader& in, Read read) {
  const std::uint32_t count = in.u32();
  std::vector<T> items;
  items.reserve(std::min<std::uint32_t>(count, 4096));
  for (std::uint32_t i = 0; i < count; ++i) items.push_back(read());
  return items;
}

void put_report(ByteWriter& out, const domain::AnnualReportFiled& report) {
  out.i32(report.fiscal_year);
  out.i64(report.revenue.value);
  out.i64(report.high_tech_revenue.value);
  out.i64(report.export_revenue.value);
  out.i64(report.tax_paid.value);
  out.i64(report.employees);
  out.i64(report.tech_staff);
}

domain::AnnualReportFiled get_report(ByteReader& in) {
  domain::AnnualReportFiled report;
  report.fiscal_year = in.i32();
  report.revenue.value = in.i64();
  report.high_tech_revenue.value = in.i64();
  report.export_revenue.value = in.i64();
  report.tax_paid.value = in.i64();
  report.employees = in.i64();
  report.tech_staff = in.i64();
  return report;
}

template <class Decode>
auto decode_whole(std::string_view bytes, Decode decode) {
  ByteReader in(bytes);
  auto value = decode(in);
  in.expect_done();
  return value;
}

}  // namespace

std::string encode(const ZoneState& value) {
  ByteWriter out;
  out.str(value.name);
  put_enum(out, value.level);
  out.u64(value.seq);
  return out.take();
}

ZoneState decode_zone(std::string_view bytes) {
  return decode_whole(bytes, [](ByteReader& in) {
    ZoneState value;
    value.name = in.str();
    value.level = get_enum(in, domain::ZoneLevel::provincial);
    value.seq = in.u64();
    return value;
  });
}

std::string encode(const ChainState& value) {
  ByteWriter out;
  out.str(value.name);
  out.u64(value.seq);
  return out.take();
}

ChainState decode_chain(std::string_view bytes) {
  return decode_whole(bytes, [](ByteReader& in) {
    ChainState value;
    value.name = in.str();
    value.seq = in.u64();
    return value;
  });
}

std::string encode(const EnterpriseState& value) {
  ByteWriter out;
  out.str(value.name);
  out.str(value.zone);
  put_list(out, value.chains, [&](const std::string& chain) { out.str(chain); });
  out.str(value.registered_on);
  out.u64(value.registered_seq);
  out.u64(value.version);
  out.boolean(value.demo);
  return out.take();
}

EnterpriseState decode_enterprise(std::string_view bytes) {
  return decode_whole(bytes, [](ByteReader& in) {
    EnterpriseState value;
    value.name = in.str();
    value.zone = in.str();
    value.chains = get_list<std::string>(in, [&] { return in.str(); });
    value.registered_on = in.str();
    value.registered_seq = in.u64();
    value.version = in.u64();
    value.demo = in.boolean();
    return value;
  });
}

std::string encode(const PatentState& value) {
  ByteWriter out;
  out.str(value.application_no);
  put_enum(out, value.kind);
  out.boolean(value.pct);
  out.str(value.filed_on);
  out.u64(value.applied_seq);
  out.str(value.granted_on);
  out.u64(value.granted_seq);
  out.str(value.lapsed_on);
  out.u64(value.lapsed_seq);
  return out.take();
}

PatentState decode_patent(std::string_view bytes) {
  return decode_whole(bytes, [](ByteReader& in) {
    PatentState value;
    value.application_no = in.str();
    value.kind = get_enum(in, domain::PatentKind::design);
    value.pct = in.boolean();
    value.filed_on = in.str();
    value.applied_seq = in.u64();
    value.granted_on = in.str();
    value.granted_seq = in.u64();
    value.lapsed_on = in.str();
    value.lapsed_seq = in.u64();
    return value;
  });
}

std::string encode(const CertificationState& value) {
  ByteWriter out;
  put_enum(out, value.kind);
  out.str(value.cert_no);
  out.str(value.valid_from);
  out.str(value.valid_to);
  out.u64(value.granted_seq);
  out.str(value.revoked_on);
  out.u64(value.revoked_seq);
  return out.take();
}

CertificationState decode_certification(std::string_view bytes) {
  return decode_whole(bytes, [](ByteReader& in) {
    CertificationState value;
    value.kind = get_enum(in, domain::CertificationKind::specialized);
    value.cert_no = in.str();
    value.valid_from = in.str();
    value.valid_to = in.str();
    value.granted_seq = in.u64();
    value.revoked_on = in.str();
    value.revoked_seq = in.u64();
    return value;
  });
}

std::string encode(const IncidentState& value) {
  ByteWriter out;
  out.str(value.incident_id);
  put_enum(out, value.kind);
  out.str(value.from);
  out.u64(value.recorded_seq);
  out.str(value.cleared_on);
  out.u64(value.cleared_seq);
  return out.take();
}

IncidentState decode_incident(std::string_view bytes) {
  return decode_whole(bytes, [](ByteReader& in) {
    IncidentState value;
    value.incident_id = in.str();
    value.kind = get_enum(in, domain::IncidentKind::abnormal_operation);
    value.from = in.str();
    value.recorded_seq = in.u64();
    value.cleared_on = in.str();
    value.cleared_seq = in.u64();
    return value;
  });
}

enum class FactKind : std::uint8_t { report, rd, contract, financing, application, project, platform, talent };

std::string encode_fact(const YearFacts::Report& fact) {
  ByteWriter out;
  put_enum(out, FactKind::report);
  put_report(out, fact.report);
  return out.take();
}

std::string encode_fact(const YearFacts::Rd& fact) {
  ByteWriter out;
  put_enum(out, FactKind::rd);
  out.str(fact.project);
  put_enum(out, fact.category);
  out.i64(fact.amount_fen);
  return out.take();
}

std::string encode_fact(const YearFacts::Contract& fact) {
  ByteWriter out;
  put_enum(out, FactKind::contract);
  put_enum(out, fact.role);
  put_enum(out, fact.kind);
  out.i64(fact.amount_fen);
  return out.take();
}

std::string encode_fact(const YearFacts::Financing& fact) {
  ByteWriter out;
  put_enum(out, FactKind::financing);
  put_enum(out, fact.kind);
  out.i64(fact.amount_fen);
  return out.take();
}

std::string encode_fact(const YearFacts::Application& fact) {
  ByteWriter out;
  put_enum(out, FactKind::application);
  out.str(fact.application_no);
  put_enum(out, fact.kind);
  out.boolean(fact.pct);
  return out.take();
}

std::string encode_fact(const YearFacts::Project& fact) {
  ByteWriter out;
  put_enum(out, FactKind::project);
  put_enum(out, fact.scheme);
  put_enum(out, fact.level);
  put_enum(out, fact.role);
  out.i64(fact.funding_fen);
  return out.take();
}

std::string encode_fact(const YearFacts::Platform& fact) {
  ByteWriter out;
  put_enum(out, FactKind::platform);
  put_enum(out, fact.kind);
  put_enum(out, fact.level);
  out.str(fact.name);
  return out.take();
}

std::string encode_fact(const YearFacts::Talent& fact) {
  ByteWriter out;
  put_enum(out, FactKind::talent);
  out.str(fact.program);
  put_enum(out, fact.level);
  return out.take();
}

namespace {

void read_fact(YearFacts& facts, std::uint64_t seq, ByteReader& in) {
  using domain::Level;
  switch (get_enum(in, FactKind::talent)) {
    case FactKind::report:
      facts.reports.push_back({seq, get_report(in)});
      return;
    case FactKind::rd: {
      YearFacts::Rd fact{seq, in.str(), {}, 0};
      fact.category = get_enum(in, domain::RdCategory::other);
      fact.amount_fen = in.i64();
      facts.rd.push_back(std::move(fact));
      return;
    }
    case FactKind::contract: {
      YearFacts::Contract fact{seq, get_enum(in, domain::ContractRole::buyer), {}, 0};
      fact.kind = get_enum(in, domain::ContractKind::service);
      fact.amount_fen = in.i64();
      facts.contracts.push_back(fact);
      return;
    }
    case FactKind::financing: {
      YearFacts::Financing fact{seq, get_enum(in, domain::FinancingKind::other_loan), 0};
      fact.amount_fen = in.i64();
      facts.financing.push_back(fact);
      return;
    }
    case FactKind::application: {
      YearFacts::Application fact{seq, in.str(), {}, false};
      fact.kind = get_enum(in, domain::PatentKind::design);
      fact.pct = in.boolean();
      facts.applications.push_back(std::move(fact));
      return;
    }
    case FactKind::project: {
      YearFacts::Project fact{seq, get_enum(in, domain::ProjectScheme::consortium), {}, {}, 0};
      fact.level = get_enum(in, Level::municipal);
      fact.role = get_enum(in, domain::ProjectRole::participant);
      fact.funding_fen = in.i64();
      facts.projects.push_back(fact);
      return;
    }
    case FactKind::platform: {
      YearFacts::Platform fact{seq, get_enum(in, domain::PlatformKind::tech_center), {}, {}};
      fact.level = get_enum(in, Level::municipal);
      fact.name = in.str();
      facts.platforms.push_back(std::move(fact));
      return;
    }
    case FactKind::talent: {
      YearFacts::Talent fact{seq, in.str(), {}};
      fact.level = get_enum(in, Level::municipal);
      facts.talent.push_back(std::move(fact));
      return;
    }
  }
}

}  // namespace

void add_stored_fact(YearFacts& facts, std::uint64_t seq, std::string_view bytes) {
  ByteReader in(bytes);
  read_fact(facts, seq, in);
  in.expect_done();
}

std::string encode(const ModelState& value) {
  ByteWriter out;
  out.i32(value.year_from);
  out.i32(value.year_to);
  out.str(value.model_jcs);
  out.u64(value.seq);
  return out.take();
}

ModelState decode_model(std::string_view bytes) {
  return decode_whole(bytes, [](ByteReader& in) {
    ModelState value;
    value.year_from = in.i32();
    value.year_to = in.i32();
    value.model_jcs = in.str();
    value.seq = in.u64();
    return value;
  });
}

std::string encode(const KeyState& value) {
  ByteWriter out;
  put_enum(out, value.role);
  out.str(value.enterprise);
  out.boolean(value.revoked);
  out.u64(value.seq);
  return out.take();
}

KeyState decode_key(std::string_view bytes) {
  return decode_whole(bytes, [](ByteReader& in) {
    KeyState value;
    value.role = get_enum(in, domain::Role::admin);
    value.enterprise = in.str();
    value.revoked = in.boolean();
    value.seq = in.u64();
    return value;
  });
}

}  // namespace jifen::replay
