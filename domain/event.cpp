// Wire spellings of the catalogue's enums and who may post which event type. See event.hpp, DOMAIN.md.
#include "domain/event.hpp"

#include <array>
#include <cassert>

namespace jifen::domain {
namespace {

// The spellings of each enum, indexed by its underlying value. Kept in declaration order.
constexpr std::array<std::string_view, kEventTypeCount> kEventTypeNames = {
    "zone.defined",
    "chain.defined",
    "enterprise.registered",
    "enterprise.affiliation_changed",
    "annual_report.filed",
    "rd_expense.filed",
    "patent.applied",
    "patent.granted",
    "patent.lapsed",
    "tech_contract.registered",
    "financing.received",
    "certification.granted",
    "certification.revoked",
    "platform.recognized",
    "project.awarded",
    "talent_team.recognized",
    "compliance.incident_recorded",
    "compliance.incident_cleared",
    "event.retracted",
    "scoring_model.published",
    "key.created",
    "key.revoked",
};
constexpr std::array<std::string_view, 4> kRoleNames = {"enterprise", "bureau", "auditor", "admin"};
constexpr std::array<std::string_view, 2> kZoneLevelNames = {"national", "provincial"};
constexpr std::array<std::string_view, 3> kLevelNames = {"national", "provincial", "municipal"};
constexpr std::array<std::string_view, 7> kRdCategoryNames = {
    "personnel", "direct_inputs", "depreciation", "amortization", "design", "outsourced", "other"};
constexpr std::array<std::string_view, 3> kPatentKindNames = {"invention", "utility", "design"};
constexpr std::array<std::string_view, 2> kContractRoleNames = {"seller", "buyer"};
constexpr std::array<std::string_view, 5> kContractKindNames = {
    "development", "transfer", "licensing", "consulting", "service"};
constexpr std::array<std::string_view, 6> kFinancingKindNames = {
    "equity", "sukedai", "tongkedai", "ip_pledge", "score_loan", "other_loan"};
constexpr std::array<std::string_view, 3> kCertificationKindNames = {"hnte", "tsme", "specialized"};
constexpr std::array<std::string_view, 4> kPlatformKindNames = {
    "engineering_center", "key_lab", "academician_workstation", "tech_center"};
constexpr std::array<std::string_view, 5> kProjectSchemeNames = {"jiebang", "transfer", "rural", "plan", "consortium"};
constexpr std::array<std::string_view, 2> kProjectRoleNames = {"lead", "participant"};
constexpr std::array<std::string_view, 4> kIncidentKindNames = {
    "dishonest_debtor", "research_misconduct", "safety_accident", "abnormal_operation"};

// The spelling table of each enum type.
template <class Enum>
constexpr const auto& names_of();
template <> constexpr const auto& names_of<EventType>() { return kEventTypeNames; }
template <> constexpr const auto& names_of<Role>() { return kRoleNames; }
template <> constexpr const auto& names_of<ZoneLevel>() { return kZoneLevelNames; }
template <> constexpr const auto& names_of<Level>() { return kLevelNames; }
template <> constexpr const auto& names_of<RdCategory>() { return kRdCategoryNames; }
template <> constexpr const auto& names_of<PatentKind>() { return kPatentKindNames; }
template <> constexpr const auto& names_of<ContractRole>() { return kContractRoleNames; }
template <> constexpr const auto& names_of<ContractKind>() { return kContractKindNames; }
template <> constexpr const auto& names_of<FinancingKind>() { return kFinancingKindNames; }
template <> constexpr const auto& names_of<CertificationKind>() { return kCertificationKindNames; }
template <> constexpr const auto& names_of<PlatformKind>() { return kPlatformKindNames; }
template <> constexpr const auto& names_of<ProjectScheme>() { return kProjectSchemeNames; }
template <> constexpr const auto& names_of<ProjectRole>() { return kProjectRoleNames; }
template <> constexpr const auto& names_of<IncidentKind>() { return kIncidentKindNames; }

template <class Enum>
std::string_view name_of(Enum value) {
  const auto& names = names_of<Enum>();
  const auto index = static_cast<std::size_t>(value);
  assert(index < names.size());
  return names[index];
}

template <class Enum>
std::string join_names() {
  std::string out;
  for (const std::string_view name : names_of<Enum>()) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace

template <class Enum>
std::optional<Enum> enum_from_string(std::string_view text) {
  const auto& names = names_of<Enum>();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

template <class Enum>
std::string_view enum_spellings_joined() {
  static const std::string joined = join_names<Enum>();  // thread-safe initialisation (C++11 statics)
  return joined;
}

#define JIFEN_INSTANTIATE_ENUM(Enum)                                          \
  template std::optional<Enum> enum_from_string<Enum>(std::string_view text); \
  template std::string_view enum_spellings_joined<Enum>();
JIFEN_INSTANTIATE_ENUM(EventType)
JIFEN_INSTANTIATE_ENUM(Role)
JIFEN_INSTANTIATE_ENUM(ZoneLevel)
JIFEN_INSTANTIATE_ENUM(Level)
JIFEN_INSTANTIATE_ENUM(RdCategory)
JIFEN_INSTANTIATE_ENUM(PatentKind)
JIFEN_INSTANTIATE_ENUM(ContractRole)
JIFEN_INSTANTIATE_ENUM(ContractKind)
JIFEN_INSTANTIATE_ENUM(FinancingKind)
JIFEN_INSTANTIATE_ENUM(CertificationKind)
JIFEN_INSTANTIATE_ENUM(PlatformKind)
JIFEN_INSTANTIATE_ENUM(ProjectScheme)
JIFEN_INSTANTIATE_ENUM(ProjectRole)
JIFEN_INSTANTIATE_ENUM(IncidentKind)
#undef JIFEN_INSTANTIATE_ENUM

std::string_view to_string(EventType type) { return name_of(type); }
std::optional<EventType> event_type_from_string(std::string_view text) { return enum_from_string<EventType>(text); }
std::string_view to_string(Role role) { return name_of(role); }
std::optional<Role> role_from_string(std::string_view text) { return enum_from_string<Role>(text); }

std::string_view to_string(ZoneLevel v) { return name_of(v); }
std::string_view to_string(Level v) { return name_of(v); }
std::string_view to_string(RdCategory v) { return name_of(v); }
std::string_view to_string(PatentKind v) { return name_of(v); }
std::string_view to_string(ContractRole v) { return name_of(v); }
std::string_view to_string(ContractKind v) { return name_of(v); }
std::string_view to_string(FinancingKind v) { return name_of(v); }
std::string_view to_string(CertificationKind v) { return name_of(v); }
std::string_view to_string(PlatformKind v) { return name_of(v); }
std::string_view to_string(ProjectScheme v) { return name_of(v); }
std::string_view to_string(ProjectRole v) { return name_of(v); }
std::string_view to_string(IncidentKind v) { return name_of(v); }

bool role_may_post(Role role, EventType type) {
  switch (type) {
    case EventType::zone_defined:
    case EventType::chain_defined:
    case EventType::scoring_model_published:
    case EventType::key_created:
    case EventType::key_revoked:
      return role == Role::admin;
    case EventType::enterprise_registered:
    case EventType::enterprise_affiliation_changed:
    case EventType::certification_granted:
    case EventType::certification_revoked:
    case EventType::platform_recognized:
    case EventType::project_awarded:
    case EventType::talent_team_recognized:
    case EventType::compliance_incident_recorded:
    case EventType::compliance_incident_cleared:
      return role == Role::bureau;
    case EventType::annual_report_filed:
    case EventType::rd_expense_filed:
    case EventType::patent_applied:
    case EventType::tech_contract_registered:
    case EventType::financing_received:
      return role == Role::enterprise;
    case EventType::patent_granted:
    case EventType::patent_lapsed:
    case EventType::event_retracted:
      return role == Role::enterprise || role == Role::bureau;
  }
  assert(false && "unknown EventType");
  return false;
}

bool is_year_fact(EventType type) {
  switch (type) {
    case EventType::annual_report_filed:
    case EventType::rd_expense_filed:
    case EventType::tech_contract_registered:
    case EventType::financing_received:
    case EventType::patent_applied:
    case EventType::project_awarded:
    case EventType::platform_recognized:
    case EventType::talent_team_recognized:
      return true;
    default:
      return false;
  }
}

bool type_has_enterprise(EventType type) {
  switch (type) {
    case EventType::zone_defined:
    case EventType::chain_defined:
    case EventType::scoring_model_published:
    case EventType::key_created:
    case EventType::key_revoked:
      return false;
    default:
      return true;
  }
}

PatentKind patent_kind_of(PatentType type) {
  switch (type) {
    case PatentType::invention:
    case PatentType::pct_invention:
      return PatentKind::invention;
    case PatentType::utility:
    case PatentType::pct_utility:
      return PatentKind::utility;
    case PatentType::design:
      return PatentKind::design;
  }
  assert(false && "unknown PatentType");
  return PatentKind::invention;
}

}  // namespace jifen::domain
