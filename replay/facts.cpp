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

template <class T>
bool erase_seq(std::vector<T>& items, std::uint64_t seq) {
  const auto found = std::find_if(items.begin(), items.end(), [seq](const T& item) { return item.seq == seq; });
  if (found == items.end()) return false;
  items.erase(found);
  return true;
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

bool YearFacts::empty() const {
  return reports.empty() && rd.empty() && contracts.empty() && financing.empty() && applications.empty() &&
         projects.empty() && platforms.empty() && talent.empty();
}

bool YearFacts::remove(std::uint64_t seq) {
  return erase_seq(reports, seq) || erase_seq(rd, seq) || erase_seq(contracts, seq) ||
         erase_seq(financing, seq) || erase_seq(applications, seq) || erase_seq(projects, seq) ||
         erase_seq(platforms, seq) || erase_seq(talent, seq);
}

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

std::string encode(const YearFacts& value) {
  ByteWriter out;
  put_list(out, value.reports, [&](const YearFacts::Report& item) {
    out.u64(item.seq);
    put_report(out, item.report);
  });
  put_list(out, value.rd, [&](const YearFacts::Rd& item) {
    out.u64(item.seq);
    out.str(item.project);
    put_enum(out, item.category);
    out.i64(item.amount_fen);
  });
  put_list(out, value.contracts, [&](const YearFacts::Contract& item) {
    out.u64(item.seq);
    put_enum(out, item.role);
    put_enum(out, item.kind);
    out.i64(item.amount_fen);
  });
  put_list(out, value.financing, [&](const YearFacts::Financing& item) {
    out.u64(item.seq);
    put_enum(out, item.kind);
    out.i64(item.amount_fen);
  });
  put_list(out, value.applications, [&](const YearFacts::Application& item) {
    out.u64(item.seq);
    out.str(item.application_no);
    put_enum(out, item.kind);
    out.boolean(item.pct);
  });
  put_list(out, value.projects, [&](const YearFacts::Project& item) {
    out.u64(item.seq);
    put_enum(out, item.scheme);
    put_enum(out, item.level);
    put_enum(out, item.role);
    out.i64(item.funding_fen);
  });
  put_list(out, value.platforms, [&](const YearFacts::Platform& item) {
    out.u64(item.seq);
    put_enum(out, item.kind);
    put_enum(out, item.level);
    out.str(item.name);
  });
  put_list(out, value.talent, [&](const YearFacts::Talent& item) {
    out.u64(item.seq);
    out.str(item.program);
    put_enum(out, item.level);
  });
  return out.take();
}

YearFacts decode_year_facts(std::string_view bytes) {
  return decode_whole(bytes, [](ByteReader& in) {
    using domain::Level;
    YearFacts value;
    value.reports = get_list<YearFacts::Report>(in, [&] {
      YearFacts::Report item;
      item.seq = in.u64();
      item.report = get_report(in);
      return item;
    });
    value.rd = get_list<YearFacts::Rd>(in, [&] {
      YearFacts::Rd item;
      item.seq = in.u64();
      item.project = in.str();
      item.category = get_enum(in, domain::RdCategory::other);
      item.amount_fen = in.i64();
      return item;
    });
    value.contracts = get_list<YearFacts::Contract>(in, [&] {
      YearFacts::Contract item;
      item.seq = in.u64();
      item.role = get_enum(in, domain::ContractRole::buyer);
      item.kind = get_enum(in, domain::ContractKind::service);
      item.amount_fen = in.i64();
      return item;
    });
    value.financing = get_list<YearFacts::Financing>(in, [&] {
      YearFacts::Financing item;
      item.seq = in.u64();
      item.kind = get_enum(in, domain::FinancingKind::other_loan);
      item.amount_fen = in.i64();
      return item;
    });
    value.applications = get_list<YearFacts::Application>(in, [&] {
      YearFacts::Application item;
      item.seq = in.u64();
      item.application_no = in.str();
      item.kind = get_enum(in, domain::PatentKind::design);
      item.pct = in.boolean();
      return item;
    });
    value.projects = get_list<YearFacts::Project>(in, [&] {
      YearFacts::Project item;
      item.seq = in.u64();
      item.scheme = get_enum(in, domain::ProjectScheme::consortium);
      item.level = get_enum(in, Level::municipal);
      item.role = get_enum(in, domain::ProjectRole::participant);
      item.funding_fen = in.i64();
      return item;
    });
    value.platforms = get_list<YearFacts::Platform>(in, [&] {
      YearFacts::Platform item;
      item.seq = in.u64();
      item.kind = get_enum(in, domain::PlatformKind::tech_center);
      item.level = get_enum(in, Level::municipal);
      item.name = in.str();
      return item;
    });
    value.talent = get_list<YearFacts::Talent>(in, [&] {
      YearFacts::Talent item;
      item.seq = in.u64();
      item.program = in.str();
      item.level = get_enum(in, Level::municipal);
      return item;
    });
    return value;
  });
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
