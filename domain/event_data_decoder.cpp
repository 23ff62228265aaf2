// The data of each event type. See event_data_decoder.hpp and DOMAIN.md "Events (v1)".
#include "domain/event_data_decoder.hpp"

#include <array>
#include <cassert>

#include "domain/codec.hpp"
#include "domain/field_reader.hpp"

namespace jifen::domain {
namespace {

constexpr std::string_view kDataPrefix = "data.";

EventData zone_defined(FieldReader& r) {
  return ZoneDefined{r.identifier("id").value_or(""), r.text("name").value_or(""),
                     r.enumeration<ZoneLevel>("level").value_or(ZoneLevel::national)};
}

EventData chain_defined(FieldReader& r) {
  return ChainDefined{r.identifier("id").value_or(""), r.text("name").value_or("")};
}

EventData enterprise_registered(FieldReader& r) {
  EnterpriseRegistered data;
  data.name = r.text("name").value_or("");
  data.zone = r.identifier("zone").value_or("");
  data.chains = r.identifier_list("chains", kChainsMax).value_or(std::vector<std::string>{});
  data.registered_on = r.date("registered_on").value_or(Date{});
  return data;
}

EventData enterprise_affiliation_changed(FieldReader& r) {
  EnterpriseAffiliationChanged data;
  if (r.present("zone")) data.zone = r.identifier("zone").value_or("");
  if (r.present("chains")) data.chains = r.identifier_list("chains", kChainsMax).value_or(std::vector<std::string>{});
  if (!r.present("zone") && !r.present("chains")) r.fail("zone", "is required when chains is absent");
  return data;
}

EventData annual_report_filed(FieldReader& r) {
  AnnualReportFiled data;
  data.fiscal_year = r.year("fiscal_year").value_or(0);
  const auto revenue = r.money("revenue_fen");
  const auto high_tech = r.money("high_tech_revenue_fen");
  const auto export_revenue = r.money("export_revenue_fen");
  data.tax_paid = r.money("tax_paid_fen").value_or(Fen{});
  const auto employees = r.integer("employees", 0, kJsonIntegerMax);
  const auto tech_staff = r.integer("tech_staff", 0, kJsonIntegerMax);
  if (revenue && high_tech && *high_tech > *revenue) r.fail("high_tech_revenue_fen", "must not exceed revenue_fen");
  if (revenue && export_revenue && *export_revenue > *revenue) {
    r.fail("export_revenue_fen", "must not exceed revenue_fen");
  }
  if (employees && tech_staff && *tech_staff > *employees) r.fail("tech_staff", "must not exceed employees");
  data.revenue = revenue.value_or(Fen{});
  data.high_tech_revenue = high_tech.value_or(Fen{});
  data.export_revenue = export_revenue.value_or(Fen{});
  data.employees = employees.value_or(0);
  data.tech_staff = tech_staff.value_or(0);
  return data;
}

EventData rd_expense_filed(FieldReader& r) {
  RdExpenseFiled data;
  data.fiscal_year = r.year("fiscal_year").value_or(0);
  data.project = r.text("project").value_or("");
  data.category = r.enumeration<RdCategory>("category").value_or(RdCategory::other);
  const auto amount = r.money("amount_fen");
  if (amount && amount->value == 0) r.fail("amount_fen", "must be greater than 0");
  data.amount = amount.value_or(Fen{});
  return data;
}

EventData patent_applied(FieldReader& r) {
  PatentApplied data;
  const auto number = r.patent_number("application_no");
  const auto kind = r.enumeration<PatentKind>("kind");
  if (number && kind && patent_kind_of(number->type) != *kind) {
    r.fail("kind", "must be " + std::string(to_string(patent_kind_of(number->type))) +
                       ", as the type digit of application_no says");
  }
  data.application_no = number.value_or(PatentNumber{});
  data.kind = kind.value_or(PatentKind::invention);
  data.filed_on = r.date("filed_on").value_or(Date{});
  return data;
}

EventData patent_granted(FieldReader& r) {
  return PatentGranted{r.patent_number("application_no").value_or(PatentNumber{}),
                       r.date("granted_on").value_or(Date{})};
}

EventData patent_lapsed(FieldReader& r) {
  return PatentLapsed{r.patent_number("application_no").value_or(PatentNumber{}), r.date("lapsed_on").value_or(Date{})};
}

EventData tech_contract_registered(FieldReader& r) {
  TechContractRegistered data;
  data.contract_no = r.reference("contract_no").value_or("");
  data.role = r.enumeration<ContractRole>("role").value_or(ContractRole::seller);
  data.kind = r.enumeration<ContractKind>("kind").value_or(ContractKind::development);
  data.amount = r.money("amount_fen").value_or(Fen{});
  return data;
}

EventData financing_received(FieldReader& r) {
  FinancingReceived data;
  data.kind = r.enumeration<FinancingKind>("kind").value_or(FinancingKind::equity);
  data.amount = r.money("amount_fen").value_or(Fen{});
  data.counterparty = r.text("counterparty").value_or("");
  data.received_on = r.date("received_on").value_or(Date{});
  return data;
}

EventData certification_granted(FieldReader& r) {
  CertificationGranted data;
  data.kind = r.enumeration<CertificationKind>("kind").value_or(CertificationKind::hnte);
  data.cert_no = r.reference("cert_no").value_or("");
  const auto valid_from = r.date("valid_from");
  const auto valid_to = r.date("valid_to");
  if (valid_from && valid_to && *valid_to < *valid_from) r.fail("valid_to", "must not be before valid_from");
  data.valid_from = valid_from.value_or(Date{});
  data.valid_to = valid_to.value_or(Date{});
  return data;
}

EventData certification_revoked(FieldReader& r) {
  CertificationRevoked data;
  data.kind = r.enumeration<CertificationKind>("kind").value_or(CertificationKind::hnte);
  data.cert_no = r.reference("cert_no").value_or("");
  data.revoked_on = r.date("revoked_on").value_or(Date{});
  data.reason = r.text("reason").value_or("");
  return data;
}

EventData platform_recognized(FieldReader& r) {
  PlatformRecognized data;
  data.kind = r.enumeration<PlatformKind>("kind").value_or(PlatformKind::engineering_center);
  data.level = r.enumeration<Level>("level").value_or(Level::municipal);
  data.name = r.text("name").value_or("");
  data.recognized_on = r.date("recognized_on").value_or(Date{});
  return data;
}

EventData project_awarded(FieldReader& r) {
  ProjectAwarded data;
  data.scheme = r.enumeration<ProjectScheme>("scheme").value_or(ProjectScheme::plan);
  data.level = r.enumeration<Level>("level").value_or(Level::municipal);
  data.role = r.enumeration<ProjectRole>("role").value_or(ProjectRole::participant);
  data.funding = r.money("funding_fen").value_or(Fen{});
  data.awarded_on = r.date("awarded_on").value_or(Date{});
  return data;
}

EventData talent_team_recognized(FieldReader& r) {
  TalentTeamRecognized data;
  data.program = r.text("program").value_or("");
  data.level = r.enumeration<Level>("level").value_or(Level::municipal);
  data.recognized_on = r.date("recognized_on").value_or(Date{});
  return data;
}

EventData compliance_incident_recorded(FieldReader& r) {
  ComplianceIncidentRecorded data;
  data.incident_id = r.reference("incident_id").value_or("");
  data.kind = r.enumeration<IncidentKind>("kind").value_or(IncidentKind::abnormal_operation);
  data.from = r.date("from").value_or(Date{});
  return data;
}

EventData compliance_incident_cleared(FieldReader& r) {
  return ComplianceIncidentCleared{r.reference("incident_id").value_or(""), r.date("cleared_on").value_or(Date{})};
}

EventData event_retracted(FieldReader& r) {
  EventRetracted data;
  data.seq = static_cast<std::uint64_t>(r.integer("seq", 0, kJsonIntegerMax).value_or(0));
  data.reason = r.text("reason").value_or("");
  return data;
}

// "years": [from, to], two years with from <= to.
void read_year_range(FieldReader& r, ScoringModelPublished& data) {
  const auto value = r.element("years");
  if (!value) return;
  const auto fail = [&] { r.fail("years", "must be [from, to]: two integer years 1900 to 9999, from <= to"); };
  if (value->type() != simdjson::dom::element_type::ARRAY) return fail();
  const simdjson::dom::array years = value->get_array().value_unsafe();
  if (years.size() != 2) return fail();
  std::array<std::int64_t, 2> bounds{};
  for (std::size_t i = 0; i < 2; ++i) {
    const simdjson::dom::element year = years.at(i).value_unsafe();
    if (year.type() != simdjson::dom::element_type::INT64) return fail();
    bounds[i] = year.get_int64().value_unsafe();
    if (bounds[i] < kYearMin || bounds[i] > kYearMax) return fail();
  }
  if (bounds[0] > bounds[1]) return fail();
  data.year_from = static_cast<std::int32_t>(bounds[0]);
  data.year_to = static_cast<std::int32_t>(bounds[1]);
}

EventData scoring_model_published(FieldReader& r) {
  ScoringModelPublished data;
  data.version = r.identifier("version").value_or("");
  read_year_range(r, data);
  data.model_jcs = r.canonical_object("model").value_or("");
  return data;
}

// key.created and key.revoked share their fields: an enterprise key names its enterprise, no other does.
template <class Data>
EventData key_event(FieldReader& r) {
  Data data;
  data.key_id = r.identifier("key_id").value_or("");
  const auto role = r.enumeration<Role>("role");
  if (r.present("enterprise")) data.enterprise = r.uscc("enterprise");
  if (role == Role::enterprise && !r.present("enterprise")) r.fail("enterprise", "is required for an enterprise key");
  if (role && role != Role::enterprise && r.present("enterprise")) {
    r.fail("enterprise", "is only for enterprise keys");
  }
  data.role = role.value_or(Role::enterprise);
  return data;
}

struct DataSchema {
  std::span<const FieldSpec> fields;
  EventData (*decode)(FieldReader&);
};

constexpr FieldSpec kZoneFields[] = {{"id"}, {"name"}, {"level"}};
constexpr FieldSpec kChainFields[] = {{"id"}, {"name"}};
constexpr FieldSpec kRegisteredFields[] = {{"name"}, {"zone"}, {"chains"}, {"registered_on"}};
constexpr FieldSpec kAffiliationFields[] = {{"zone", false}, {"chains", false}};
constexpr FieldSpec kAnnualReportFields[] = {{"fiscal_year"}, {"revenue_fen"}, {"high_tech_revenue_fen"},
                                             {"export_revenue_fen"}, {"tax_paid_fen"}, {"employees"},
                                             {"tech_staff"}};
constexpr FieldSpec kRdExpenseFields[] = {{"fiscal_year"}, {"project"}, {"category"}, {"amount_fen"}};
constexpr FieldSpec kPatentAppliedFields[] = {{"application_no"}, {"kind"}, {"filed_on"}};
constexpr FieldSpec kPatentGrantedFields[] = {{"application_no"}, {"granted_on"}};
constexpr FieldSpec kPatentLapsedFields[] = {{"application_no"}, {"lapsed_on"}};
constexpr FieldSpec kContractFields[] = {{"contract_no"}, {"role"}, {"kind"}, {"amount_fen"}};
constexpr FieldSpec kFinancingFields[] = {{"kind"}, {"amount_fen"}, {"counterparty"}, {"received_on"}};
constexpr FieldSpec kCertGrantedFields[] = {{"kind"}, {"cert_no"}, {"valid_from"}, {"valid_to"}};
constexpr FieldSpec kCertRevokedFields[] = {{"kind"}, {"cert_no"}, {"revoked_on"}, {"reason"}};
constexpr FieldSpec kPlatformFields[] = {{"kind"}, {"level"}, {"name"}, {"recognized_on"}};
constexpr FieldSpec kProjectFields[] = {{"scheme"}, {"level"}, {"role"}, {"funding_fen"}, {"awarded_on"}};
constexpr FieldSpec kTalentFields[] = {{"program"}, {"level"}, {"recognized_on"}};
constexpr FieldSpec kIncidentRecordedFields[] = {{"incident_id"}, {"kind"}, {"from"}};
constexpr FieldSpec kIncidentClearedFields[] = {{"incident_id"}, {"cleared_on"}};
constexpr FieldSpec kRetractedFields[] = {{"seq"}, {"reason"}};
constexpr FieldSpec kModelFields[] = {{"version"}, {"years"}, {"model"}};
constexpr FieldSpec kKeyFields[] = {{"key_id"}, {"role"}, {"enterprise", false}};

// In the order of EventType.
constexpr std::array<DataSchema, kEventTypeCount> kSchemas = {{
    {kZoneFields, zone_defined},
    {kChainFields, chain_defined},
    {kRegisteredFields, enterprise_registered},
    {kAffiliationFields, enterprise_affiliation_changed},
    {kAnnualReportFields, annual_report_filed},
    {kRdExpenseFields, rd_expense_filed},
    {kPatentAppliedFields, patent_applied},
    {kPatentGrantedFields, patent_granted},
    {kPatentLapsedFields, patent_lapsed},
    {kContractFields, tech_contract_registered},
    {kFinancingFields, financing_received},
    {kCertGrantedFields, certification_granted},
    {kCertRevokedFields, certification_revoked},
    {kPlatformFields, platform_recognized},
    {kProjectFields, project_awarded},
    {kTalentFields, talent_team_recognized},
    {kIncidentRecordedFields, compliance_incident_recorded},
    {kIncidentClearedFields, compliance_incident_cleared},
    {kRetractedFields, event_retracted},
    {kModelFields, scoring_model_published},
    {kKeyFields, key_event<KeyCreated>},
    {kKeyFields, key_event<KeyRevoked>},
}};

}  // namespace

EventData decode_event_data(EventType type, simdjson::dom::object data, FieldErrors& errors,
                            CanonicalWriter& writer) {
  const auto index = static_cast<std::size_t>(type);
  assert(index < kSchemas.size());
  const DataSchema& schema = kSchemas[index];
  FieldReader reader(data, schema.fields, kDataPrefix, errors, writer);
  EventData decoded = schema.decode(reader);
  assert(decoded.index() == index);
  return decoded;
}

}  // namespace jifen::domain
