// apply_event(): how each appended event changes the projection state. See projection.hpp.
#include <stdexcept>

#include "replay/projection.hpp"

namespace jifen::replay {
namespace {

using domain::Event;
using domain::EventType;
using domain::is_year_fact;

[[noreturn]] void contradiction(std::uint64_t seq, const std::string& what) {
  throw std::logic_error("projection contradicts the log at seq " + std::to_string(seq) + ": " + what);
}

const std::string& uscc_of(const Event& event, std::uint64_t seq) {
  if (!event.enterprise) contradiction(seq, "event names no enterprise");
  return *event.enterprise;
}

// The year a fact is filed under (DOMAIN.md: fiscal year for reports and R&D, else the event's own date).
std::int32_t fact_year(const Event& event) {
  switch (event.type) {
    case EventType::annual_report_filed: return std::get<domain::AnnualReportFiled>(event.data).fiscal_year;
    case EventType::rd_expense_filed: return std::get<domain::RdExpenseFiled>(event.data).fiscal_year;
    case EventType::tech_contract_registered: return event.occurred_on.year;
    case EventType::financing_received: return std::get<domain::FinancingReceived>(event.data).received_on.year;
    case EventType::patent_applied: return std::get<domain::PatentApplied>(event.data).filed_on.year;
    case EventType::project_awarded: return std::get<domain::ProjectAwarded>(event.data).awarded_on.year;
    case EventType::platform_recognized: return std::get<domain::PlatformRecognized>(event.data).recognized_on.year;
    case EventType::talent_team_recognized: return std::get<domain::TalentTeamRecognized>(event.data).recognized_on.year;
    default: throw std::logic_error("event type has no fact year");
  }
}

std::string encode_year_fact(const Event& event, std::uint64_t seq) {
  switch (event.type) {
    case EventType::annual_report_filed:
      return encode_fact(YearFacts::Report{seq, std::get<domain::AnnualReportFiled>(event.data)});
    case EventType::rd_expense_filed: {
      const auto& data = std::get<domain::RdExpenseFiled>(event.data);
      return encode_fact(YearFacts::Rd{seq, data.project, data.category, data.amount.value});
    }
    case EventType::tech_contract_registered: {
      const auto& data = std::get<domain::TechContractRegistered>(event.data);
      return encode_fact(YearFacts::Contract{seq, data.role, data.kind, data.amount.value});
    }
    case EventType::financing_received: {
      const auto& data = std::get<domain::FinancingReceived>(event.data);
      return encode_fact(YearFacts::Financing{seq, data.kind, data.amount.value});
    }
    case EventType::patent_applied: {
      const auto& data = std::get<domain::PatentApplied>(event.data);
      return encode_fact(YearFacts::Application{seq, data.application_no.canonical(), data.kind, data.application_no.is_pct()});
    }
    case EventType::project_awarded: {
      const auto& data = std::get<domain::ProjectAwarded>(event.data);
      return encode_fact(YearFacts::Project{seq, data.scheme, data.level, data.role, data.funding.value});
    }
    case EventType::platform_recognized: {
      const auto& data = std::get<domain::PlatformRecognized>(event.data);
      return encode_fact(YearFacts::Platform{seq, data.kind, data.level, data.name});
    }
    case EventType::talent_team_recognized: {
      const auto& data = std::get<domain::TalentTeamRecognized>(event.data);
      return encode_fact(YearFacts::Talent{seq, data.program, data.level});
    }
    default:
      throw std::logic_error("event type is not a year fact");
  }
}

void apply_registration(ProjectionState& state, const Event& event, std::uint64_t seq, std::string_view actor) {
  const auto& data = std::get<domain::EnterpriseRegistered>(event.data);
  EnterpriseState enterprise;
  enterprise.name = data.name;
  enterprise.zone = data.zone;
  enterprise.chains = data.chains;
  enterprise.registered_on = data.registered_on.to_string();
  enterprise.registered_seq = seq;
  enterprise.demo = actor == kSeedDemoActor;
  state.put_enterprise(uscc_of(event, seq), enterprise);
}

void apply_patent_step(ProjectionState& state, const Event& event, std::uint64_t seq) {
  const std::string& uscc = uscc_of(event, seq);
  const bool granted = event.type == EventType::patent_granted;
  const domain::PatentNumber& number = granted ? std::get<domain::PatentGranted>(event.data).application_no
                                               : std::get<domain::PatentLapsed>(event.data).application_no;
  auto patent = state.patent(uscc, number.canonical());
  if (!patent) contradiction(seq, "patent " + number.canonical() + " unknown");
  if (granted) {
    patent->granted_on = std::get<domain::PatentGranted>(event.data).granted_on.to_string();
    patent->granted_seq = seq;
  } else {
    patent->lapsed_on = std::get<domain::PatentLapsed>(event.data).lapsed_on.to_string();
    patent->lapsed_seq = seq;
  }
  state.put_patent(uscc, *patent);
}

void apply_patent_application(ProjectionState& state, const Event& event, std::uint64_t seq) {
  const auto& data = std::get<domain::PatentApplied>(event.data);
  PatentState patent;
  patent.application_no = data.application_no.canonical();
  patent.kind = data.kind;
  patent.pct = data.application_no.is_pct();
  patent.filed_on = data.filed_on.to_string();
  patent.applied_seq = seq;
  state.put_patent(uscc_of(event, seq), patent);
}

void apply_certification(ProjectionState& state, const Event& event, std::uint64_t seq) {
  const std::string& uscc = uscc_of(event, seq);
  if (event.type == EventType::certification_granted) {
    const auto& data = std::get<domain::CertificationGranted>(event.data);
    state.put_certification(uscc, {data.kind, data.cert_no, data.valid_from.to_string(), data.valid_to.to_string(), seq, "", 0});
    return;
  }
  const auto& data = std::get<domain::CertificationRevoked>(event.data);
  auto certification = state.certification(uscc, data.kind, data.cert_no);
  if (!certification) contradiction(seq, "certification " + data.cert_no + " unknown");
  certification->revoked_on = data.revoked_on.to_string();
  certification->revoked_seq = seq;
  state.put_certification(uscc, *certification);
}

void apply_incident(ProjectionState& state, const Event& event, std::uint64_t seq) {
  const std::string& uscc = uscc_of(event, seq);
  if (event.type == EventType::compliance_incident_recorded) {
    const auto& data = std::get<domain::ComplianceIncidentRecorded>(event.data);
    state.put_incident(uscc, {data.incident_id, data.kind, data.from.to_string(), seq, "", 0});
    return;
  }
  const auto& data = std::get<domain::ComplianceIncidentCleared>(event.data);
  auto incident = state.incident(uscc, data.incident_id);
  if (!incident) contradiction(seq, "incident " + data.incident_id + " unknown");
  incident->cleared_on = data.cleared_on.to_string();
  incident->cleared_seq = seq;
  state.put_incident(uscc, *incident);
}

// Undoes the effect of `target` as if it had never been appended.
void unapply(ProjectionState& state, const StoredEvent& target) {
  const Event& event = target.event;
  const std::uint64_t seq = target.leaf.seq;
  const std::string& uscc = uscc_of(event, seq);
  if (is_year_fact(event.type) && !state.erase_fact(uscc, fact_year(event), seq)) {
    contradiction(seq, "retracted fact not found");
  }
  switch (event.type) {
    case EventType::patent_applied:
      state.erase_patent(uscc, std::get<domain::PatentApplied>(event.data).application_no.canonical());
      return;
    case EventType::patent_granted:
    case EventType::patent_lapsed: {
      const bool granted = event.type == EventType::patent_granted;
      const auto& number = granted ? std::get<domain::PatentGranted>(event.data).application_no
                                   : std::get<domain::PatentLapsed>(event.data).application_no;
      auto patent = state.patent(uscc, number.canonical());
      if (!patent) contradiction(seq, "patent " + number.canonical() + " unknown");
      (granted ? patent->granted_on : patent->lapsed_on).clear();
      (granted ? patent->granted_seq : patent->lapsed_seq) = 0;
      state.put_patent(uscc, *patent);
      return;
    }
    case EventType::certification_granted: {
      const auto& data = std::get<domain::CertificationGranted>(event.data);
      state.erase_certification(uscc, data.kind, data.cert_no);
      return;
    }
    case EventType::certification_revoked: {
      const auto& data = std::get<domain::CertificationRevoked>(event.data);
      auto certification = state.certification(uscc, data.kind, data.cert_no);
      if (!certification) contradiction(seq, "certification " + data.cert_no + " unknown");
      certification->revoked_on.clear();
      certification->revoked_seq = 0;
      state.put_certification(uscc, *certification);
      return;
    }
    case EventType::compliance_incident_recorded:
      state.erase_incident(uscc, std::get<domain::ComplianceIncidentRecorded>(event.data).incident_id);
      return;
    case EventType::compliance_incident_cleared: {
      const auto& data = std::get<domain::ComplianceIncidentCleared>(event.data);
      auto incident = state.incident(uscc, data.incident_id);
      if (!incident) contradiction(seq, "incident " + data.incident_id + " unknown");
      incident->cleared_on.clear();
      incident->cleared_seq = 0;
      state.put_incident(uscc, *incident);
      return;
    }
    default:
      return;
  }
}

void apply_retraction(ProjectionState& state, const Event& event, std::uint64_t seq, const EventLookup& lookup) {
  const auto& data = std::get<domain::EventRetracted>(event.data);
  const auto target = lookup(data.seq);
  if (!target) contradiction(seq, "retracted seq " + std::to_string(data.seq) + " is beyond the log");
  unapply(state, *target);
  state.put_retraction(data.seq, seq);
}

void apply_ledger_event(ProjectionState& state, const Event& event, std::uint64_t seq) {
  switch (event.type) {
    case EventType::zone_defined: {
      const auto& data = std::get<domain::ZoneDefined>(event.data);
      state.put_zone(data.id, {data.name, data.level, seq});
      return;
    }
    case EventType::chain_defined: {
      const auto& data = std::get<domain::ChainDefined>(event.data);
      state.put_chain(data.id, {data.name, seq});
      return;
    }
    case EventType::scoring_model_published: {
      const auto& data = std::get<domain::ScoringModelPublished>(event.data);
      state.put_model(data.version, {data.year_from, data.year_to, data.model_jcs, seq});
      return;
    }
    case EventType::key_created: {
      const auto& data = std::get<domain::KeyCreated>(event.data);
      state.put_key(data.key_id, {data.role, data.enterprise.value_or(""), false, seq});
      return;
    }
    case EventType::key_revoked: {
      const auto& data = std::get<domain::KeyRevoked>(event.data);
      auto key = state.key(data.key_id);
      if (!key) contradiction(seq, "key " + data.key_id + " unknown");
      key->revoked = true;
      state.put_key(data.key_id, *key);
      return;
    }
    default:
      throw std::logic_error("not a ledger-level event");
  }
}

void apply_enterprise_event(ProjectionState& state, const Event& event, std::uint64_t seq, const EventLookup& lookup) {
  const std::string& uscc = uscc_of(event, seq);
  if (is_year_fact(event.type)) state.put_fact(uscc, fact_year(event), seq, encode_year_fact(event, seq));
  switch (event.type) {
    case EventType::enterprise_affiliation_changed: {
      const auto& data = std::get<domain::EnterpriseAffiliationChanged>(event.data);
      auto enterprise = state.enterprise(uscc);
      if (!enterprise) contradiction(seq, "enterprise " + uscc + " unknown");
      if (data.zone) enterprise->zone = *data.zone;
      if (data.chains) enterprise->chains = *data.chains;
      state.put_enterprise(uscc, *enterprise);
      return;
    }
    case EventType::patent_applied: apply_patent_application(state, event, seq); return;
    case EventType::patent_granted:
    case EventType::patent_lapsed: apply_patent_step(state, event, seq); return;
    case EventType::certification_granted:
    case EventType::certification_revoked: apply_certification(state, event, seq); return;
    case EventType::compliance_incident_recorded:
    case EventType::compliance_incident_cleared: apply_incident(state, event, seq); return;
    case EventType::event_retracted: apply_retraction(state, event, seq, lookup); return;
    default: return;
  }
}

}  // namespace

void VersionBumps::add(const ProjectionState& state, const std::string& uscc, std::uint64_t seq) {
  const auto found = pending_.find(uscc);
  if (found != pending_.end()) {
    ++found->second;
    return;
  }
  if (!state.enterprise(uscc)) contradiction(seq, "enterprise " + uscc + " unknown");
  pending_.emplace(uscc, 1);
}

void VersionBumps::flush(ProjectionState& state) {
  for (const auto& [uscc, bumps] : pending_) {
    auto enterprise = state.enterprise(uscc);
    if (!enterprise) throw std::logic_error("projection lost enterprise " + uscc + " during a run of events");
    enterprise->version += bumps;
    state.put_enterprise(uscc, *enterprise);
  }
  pending_.clear();
}

void apply_event(ProjectionState& state, const Event& event, std::uint64_t seq, std::string_view actor_key_id,
                 const EventLookup& lookup, VersionBumps* bumps) {
  if (!domain::type_has_enterprise(event.type)) {
    apply_ledger_event(state, event, seq);
    return;
  }
  if (event.type == EventType::enterprise_registered) {
    apply_registration(state, event, seq, actor_key_id);
  } else {
    apply_enterprise_event(state, event, seq, lookup);
  }
  // Every event that names an enterprise lengthens its stream (If-Match versions).
  const std::string& uscc = uscc_of(event, seq);
  if (bumps) {
    bumps->add(state, uscc, seq);
    return;
  }
  auto enterprise = state.enterprise(uscc);
  if (!enterprise) contradiction(seq, "enterprise " + uscc + " unknown");
  ++enterprise->version;
  state.put_enterprise(uscc, *enterprise);
}

}  // namespace jifen::replay
