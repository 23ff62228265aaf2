// The v1 event catalogue of DOMAIN.md as typed values: the envelope every event carries, one data struct
// per event type, and who may post which type.
//
// Pure values; safe from any thread. Decoding and validation live in codec.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/identifiers.hpp"
#include "domain/types.hpp"

namespace jifen::domain {

enum class EventType : std::uint8_t {
  zone_defined,
  chain_defined,
  enterprise_registered,
  enterprise_affiliation_changed,
  annual_report_filed,
  rd_expense_filed,
  patent_applied,
  patent_granted,
  patent_lapsed,
  tech_contract_registered,
  financing_received,
  certification_granted,
  certification_revoked,
  platform_recognized,
  project_awarded,
  talent_team_recognized,
  compliance_incident_recorded,
  compliance_incident_cleared,
  event_retracted,
  scoring_model_published,
  key_created,
  key_revoked,
};
inline constexpr std::size_t kEventTypeCount = 22;

// "zone.defined", "rd_expense.filed", ...
std::string_view to_string(EventType type);
std::optional<EventType> event_type_from_string(std::string_view text);

// Who submits. `admin` is jifenctl on the server host; it never authenticates over HTTP.
enum class Role : std::uint8_t { enterprise, bureau, auditor, admin };
std::string_view to_string(Role role);
std::optional<Role> role_from_string(std::string_view text);

// DOMAIN.md's "who" column: E, B, A. Auditors post nothing.
bool role_may_post(Role role, EventType type);
// True for the types filed for one fiscal year of one enterprise (annual report, R&D expense, contract,
// financing, patent application, project, platform, talent team): the projections and LedgerFold keep them
// per (enterprise, year), each under its seq.
bool is_year_fact(EventType type);
// True for the types whose envelope names an enterprise (all but zone, chain, model and key events).
bool type_has_enterprise(EventType type);

// ---- enums of the catalogue -------------------------------------------------------------------------

enum class ZoneLevel : std::uint8_t { national, provincial };
enum class Level : std::uint8_t { national, provincial, municipal };
enum class RdCategory : std::uint8_t { personnel, direct_inputs, depreciation, amortization, design, outsourced, other };
enum class PatentKind : std::uint8_t { invention, utility, design };
enum class ContractRole : std::uint8_t { seller, buyer };
enum class ContractKind : std::uint8_t { development, transfer, licensing, consulting, service };
enum class FinancingKind : std::uint8_t { equity, sukedai, tongkedai, ip_pledge, score_loan, other_loan };
enum class CertificationKind : std::uint8_t { hnte, tsme, specialized };
enum class PlatformKind : std::uint8_t { engineering_center, key_lab, academician_workstation, tech_center };
enum class ProjectScheme : std::uint8_t { jiebang, transfer, rural, plan, consortium };
enum class ProjectRole : std::uint8_t { lead, participant };
enum class IncidentKind : std::uint8_t { dishonest_debtor, research_misconduct, safety_accident, abnormal_operation };

// The wire spelling of each enum value ("direct_inputs", "ip_pledge", ...).
std::string_view to_string(ZoneLevel v);
std::string_view to_string(Level v);
std::string_view to_string(RdCategory v);
std::string_view to_string(PatentKind v);
std::string_view to_string(ContractRole v);
std::string_view to_string(ContractKind v);
std::string_view to_string(FinancingKind v);
std::string_view to_string(CertificationKind v);
std::string_view to_string(PlatformKind v);
std::string_view to_string(ProjectScheme v);
std::string_view to_string(ProjectRole v);
std::string_view to_string(IncidentKind v);

// The inverse of to_string for EventType, Role and every enum above: nullopt for any other spelling.
// Instantiated (in event.cpp) for exactly those types.
template <class Enum>
std::optional<Enum> enum_from_string(std::string_view text);
// Every wire spelling of the enum, in declaration order, for messages ("one of personnel, ...").
template <class Enum>
std::string_view enum_spellings_joined();

// The kind a patent application number's type digit means: 1 and 8 invention, 2 and 9 utility, 3 design.
PatentKind patent_kind_of(PatentType type);

// ---- data of each type ------------------------------------------------------------------------------

struct ZoneDefined {
  std::string id; std::string name; ZoneLevel level = ZoneLevel::national;
  bool operator==(const ZoneDefined&) const = default;
};
struct ChainDefined { std::string id; std::string name; bool operator==(const ChainDefined&) const = default; };
struct EnterpriseRegistered {
  std::string name; std::string zone; std::vector<std::string> chains; Date registered_on;
  bool operator==(const EnterpriseRegistered&) const = default;
};
struct EnterpriseAffiliationChanged {
  std::optional<std::string> zone; std::optional<std::vector<std::string>> chains;  // at least one set
  bool operator==(const EnterpriseAffiliationChanged&) const = default;
};
struct AnnualReportFiled {
  std::int32_t fiscal_year = 0;
  Fen revenue; Fen high_tech_revenue; Fen export_revenue; Fen tax_paid;
  std::int64_t employees = 0; std::int64_t tech_staff = 0;
  bool operator==(const AnnualReportFiled&) const = default;
};
struct RdExpenseFiled {
  std::int32_t fiscal_year = 0; std::string project; RdCategory category = RdCategory::other; Fen amount;
  bool operator==(const RdExpenseFiled&) const = default;
};
struct PatentApplied {
  PatentNumber application_no; PatentKind kind = PatentKind::invention; Date filed_on;
  bool operator==(const PatentApplied&) const = default;
};
struct PatentGranted {
  PatentNumber application_no; Date granted_on;
  bool operator==(const PatentGranted&) const = default;
};
struct PatentLapsed {
  PatentNumber application_no; Date lapsed_on;
  bool operator==(const PatentLapsed&) const = default;
};
struct TechContractRegistered {
  std::string contract_no; ContractRole role = ContractRole::seller; ContractKind kind = ContractKind::development; Fen amount;
  bool operator==(const TechContractRegistered&) const = default;
};
struct FinancingReceived {
  FinancingKind kind = FinancingKind::equity; Fen amount; std::string counterparty; Date received_on;
  bool operator==(const FinancingReceived&) const = default;
};
struct CertificationGranted {
  CertificationKind kind = CertificationKind::hnte; std::string cert_no; Date valid_from; Date valid_to;
  bool operator==(const CertificationGranted&) const = default;
};
struct CertificationRevoked {
  CertificationKind kind = CertificationKind::hnte; std::string cert_no; Date revoked_on; std::string reason;
  bool operator==(const CertificationRevoked&) const = default;
};
struct PlatformRecognized {
  PlatformKind kind = PlatformKind::engineering_center; Level level = Level::municipal; std::string name; Date recognized_on;
  bool operator==(const PlatformRecognized&) const = default;
};
struct ProjectAwarded {
  ProjectScheme scheme = ProjectScheme::plan; Level level = Level::municipal; ProjectRole role = ProjectRole::participant; Fen funding; Date awarded_on;
  bool operator==(const ProjectAwarded&) const = default;
};
struct TalentTeamRecognized {
  std::string program; Level level = Level::municipal; Date recognized_on;
  bool operator==(const TalentTeamRecognized&) const = default;
};
struct ComplianceIncidentRecorded {
  std::string incident_id; IncidentKind kind = IncidentKind::abnormal_operation; Date from;
  bool operator==(const ComplianceIncidentRecorded&) const = default;
};
struct ComplianceIncidentCleared {
  std::string incident_id; Date cleared_on;
  bool operator==(const ComplianceIncidentCleared&) const = default;
};
struct EventRetracted {
  std::uint64_t seq = 0; std::string reason;
  bool operator==(const EventRetracted&) const = default;
};
struct ScoringModelPublished {
  std::string version; std::int32_t year_from = 0; std::int32_t year_to = 0;
  std::string model_jcs;  // the canonical JSON of the "model" document; interpreted by the scoring model code
  bool operator==(const ScoringModelPublished&) const = default;
};
struct KeyCreated {
  std::string key_id; Role role = Role::enterprise; std::optional<std::string> enterprise;
  bool operator==(const KeyCreated&) const = default;
};
struct KeyRevoked {
  std::string key_id; Role role = Role::enterprise; std::optional<std::string> enterprise;
  bool operator==(const KeyRevoked&) const = default;
};

// Alternatives in the order of EventType, so that data.index() == static_cast<size_t>(type).
using EventData = std::variant<
    ZoneDefined, ChainDefined, EnterpriseRegistered, EnterpriseAffiliationChanged, AnnualReportFiled,
    RdExpenseFiled, PatentApplied, PatentGranted, PatentLapsed, TechContractRegistered, FinancingReceived,
    CertificationGranted, CertificationRevoked, PlatformRecognized, ProjectAwarded, TalentTeamRecognized,
    ComplianceIncidentRecorded, ComplianceIncidentCleared, EventRetracted, ScoringModelPublished, KeyCreated,
    KeyRevoked>;

// An event as a client posts it, decoded and statelessly valid.
struct Event {
  std::string event_id;                   // 1..64 of [A-Za-z0-9._:-]
  EventType type = EventType::zone_defined;
  std::optional<std::string> enterprise;  // a valid USCC iff type_has_enterprise(type)
  Date occurred_on;
  EventData data;
  std::string data_jcs;                   // RFC 8785 canonical JSON of `data`, as hashed into the leaf
};

}  // namespace jifen::domain
