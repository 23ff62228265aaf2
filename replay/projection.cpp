#include "replay/projection.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "domain/scoring_model.hpp"

namespace jifen::replay {
namespace {

using domain::Event;
using domain::EventType;

Rejection invalid(std::string field, std::string message) {
  Rejection rejection;
  rejection.outcome = SubmitOutcome::invalid;
  rejection.detail = message;
  rejection.errors.push_back({std::move(field), std::move(message)});
  return rejection;
}

Rejection refusal(SubmitOutcome outcome, std::string detail) {
  Rejection rejection;
  rejection.outcome = outcome;
  rejection.detail = std::move(detail);
  return rejection;
}

const std::string& uscc_of(const Event& event) {
  if (!event.enterprise) throw std::logic_error("event " + event.event_id + " names no enterprise");
  return *event.enterprise;
}

std::optional<Rejection> check_chains(const ProjectionState& state, const std::vector<std::string>& chains) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < chains.size(); ++i) {
    const std::string field = "data.chains[" + std::to_string(i) + "]";
    if (!seen.insert(chains[i]).second) return invalid(field, "chain " + chains[i] + " is listed twice");
    if (!state.chain(chains[i])) return invalid(field, "chain " + chains[i] + " is not defined");
  }
  return std::nullopt;
}

std::optional<Rejection> check_registration(const ProjectionState& state, const Event& event) {
  const auto& data = std::get<domain::EnterpriseRegistered>(event.data);
  if (state.enterprise(uscc_of(event))) {
    return invalid("enterprise", "enterprise " + uscc_of(event) + " is already registered");
  }
  if (!state.zone(data.zone)) return invalid("data.zone", "zone " + data.zone + " is not defined");
  return check_chains(state, data.chains);
}

std::optional<Rejection> check_affiliation(const ProjectionState& state, const Event& event) {
  const auto& data = std::get<domain::EnterpriseAffiliationChanged>(event.data);
  if (data.zone && !state.zone(*data.zone)) return invalid("data.zone", "zone " + *data.zone + " is not defined");
  if (data.chains) return check_chains(state, *data.chains);
  return std::nullopt;
}

std::optional<Rejection> check_patent(const ProjectionState& state, const Event& event) {
  const std::string& uscc = uscc_of(event);
  if (event.type == EventType::patent_applied) {
    const auto& data = std::get<domain::PatentApplied>(event.data);
    if (state.patent_owner(data.application_no.canonical())) {
      return invalid("data.application_no", "patent " + data.application_no.canonical() + " was already applied for");
    }
    return std::nullopt;
  }
  const domain::PatentNumber& number = event.type == EventType::patent_granted
                                           ? std::get<domain::PatentGranted>(event.data).application_no
                                           : std::get<domain::PatentLapsed>(event.data).application_no;
  const auto patent = state.patent(uscc, number.canonical());
  if (!patent) {
    return invalid("data.application_no", "patent " + number.canonical() + " was not applied for by " + uscc);
  }
  if (event.type == EventType::patent_granted) {
    const auto& data = std::get<domain::PatentGranted>(event.data);
    if (!patent->granted_on.empty()) return invalid("data.application_no", "patent " + number.canonical() + " is already granted");
    if (data.granted_on.to_string() < patent->filed_on) {
      return invalid("data.granted_on", "granted_on is before filed_on " + patent->filed_on);
    }
    return std::nullopt;
  }
  const auto& data = std::get<domain::PatentLapsed>(event.data);
  if (patent->granted_on.empty()) return invalid("data.application_no", "patent " + number.canonical() + " was not granted");
  if (!patent->lapsed_on.empty()) return invalid("data.application_no", "patent " + number.canonical() + " has already lapsed");
  if (data.lapsed_on.to_string() < patent->granted_on) {
    return invalid("data.lapsed_on", "lapsed_on is before granted_on " + patent->granted_on);
  }
  return std::nullopt;
}

std::optional<Rejection> check_certification(const ProjectionState& state, const Event& event) {
  const std::string& uscc = uscc_of(event);
  if (event.type == EventType::certification_granted) {
    const auto& data = std::get<domain::CertificationGranted>(event.data);
    if (state.certification(uscc, data.kind, data.cert_no)) {
      return invalid("data.cert_no", "certification " + data.cert_no + " was already granted");
    }
    return std::nullopt;
  }
  const auto& data = std::get<domain::CertificationRevoked>(event.data);
  const auto certification = state.certification(uscc, data.kind, data.cert_no);
  if (!certification) return invalid("data.cert_no", "certification " + data.cert_no + " was not granted to " + uscc);
  if (!certification->revoked_on.empty()) return invalid("data.cert_no", "certification " + data.cert_no + " is already revoked");
  return std::nullopt;
}

std::optional<Rejection> check_incident(const ProjectionState& state, const Event& event) {
  const std::string& uscc = uscc_of(event);
  if (event.type == EventType::compliance_incident_recorded) {
    const auto& data = std::get<domain::ComplianceIncidentRecorded>(event.data);
    if (state.incident(uscc, data.incident_id)) {
      return invalid("data.incident_id", "incident " + data.incident_id + " is already recorded");
    }
    return std::nullopt;
  }
  const auto& data = std::get<domain::ComplianceIncidentCleared>(event.data);
  const auto incident = state.incident(uscc, data.incident_id);
  if (!incident) return invalid("data.incident_id", "incident " + data.incident_id + " was not recorded for " + uscc);
  if (!incident->cleared_on.empty()) return invalid("data.incident_id", "incident " + data.incident_id + " is already cleared");
  if (data.cleared_on.to_string() < incident->from) return invalid("data.cleared_on", "cleared_on is before from " + incident->from);
  return std::nullopt;
}

bool retractable(EventType type) {
  switch (type) {
    case EventType::annual_report_filed:
    case EventType::rd_expense_filed:
    case EventType::patent_applied:
    case EventType::patent_granted:
    case EventType::patent_lapsed:
    case EventType::tech_contract_registered:
    case EventType::financing_received:
    case EventType::certification_granted:
    case EventType::certification_revoked:
    case EventType::platform_recognized:
    case EventType::project_awarded:
    case EventType::talent_team_recognized:
    case EventType::compliance_incident_recorded:
    case EventType::compliance_incident_cleared:
      return true;
    default:
      return false;
  }
}

// A fact that a later event builds on cannot be retracted before that event is.
std::optional<Rejection> check_dependants(const ProjectionState& state, const StoredEvent& target) {
  const std::string& uscc = uscc_of(target.event);
  const std::string seq = std::to_string(target.leaf.seq);
  if (target.event.type == EventType::patent_applied || target.event.type == EventType::patent_granted) {
    const auto& number = target.event.type == EventType::patent_applied
                             ? std::get<domain::PatentApplied>(target.event.data).application_no
                             : std::get<domain::PatentGranted>(target.event.data).application_no;
    const auto patent = state.patent(uscc, number.canonical());
    const bool has_dependant = patent && (target.event.type == EventType::patent_applied ? !patent->granted_on.empty()
                                                                                          : !patent->lapsed_on.empty());
    if (has_dependant) return invalid("data.seq", "event " + seq + " has a later grant or lapse: retract that first");
  }
  if (target.event.type == EventType::certification_granted) {
    const auto& data = std::get<domain::CertificationGranted>(target.event.data);
    const auto certification = state.certification(uscc, data.kind, data.cert_no);
    if (certification && !certification->revoked_on.empty()) {
      return invalid("data.seq", "event " + seq + " was revoked later: retract the revocation first");
    }
  }
  if (target.event.type == EventType::compliance_incident_recorded) {
    const auto& data = std::get<domain::ComplianceIncidentRecorded>(target.event.data);
    const auto incident = state.incident(uscc, data.incident_id);
    if (incident && !incident->cleared_on.empty()) {
      return invalid("data.seq", "event " + seq + " was cleared later: retract the clearance first");
    }
  }
  return std::nullopt;
}

std::optional<Rejection> check_retraction(const ProjectionState& state, const Event& event, const Actor& actor,
                                          std::uint64_t next_seq, const EventLookup& lookup) {
  const auto& data = std::get<domain::EventRetracted>(event.data);
  const std::string seq = std::to_string(data.seq);
  if (data.seq >= next_seq) return invalid("data.seq", "there is no event at seq " + seq);
  if (const auto by = state.retracted_by(data.seq)) {
    return refusal(SubmitOutcome::conflict, "event " + seq + " was already retracted at seq " + std::to_string(*by));
  }
  const auto target = lookup(data.seq);
  if (!target) return invalid("data.seq", "there is no event at seq " + seq);
  if (!retractable(target->event.type)) {
    return invalid("data.seq", "event " + seq + " is a " + std::string(domain::to_string(target->event.type)) +
                                   ", which cannot be retracted");
  }
  if (target->event.enterprise != event.enterprise) {
    return invalid("data.seq", "event " + seq + " does not belong to enterprise " + uscc_of(event));
  }
  if (actor.role == domain::Role::enterprise && !domain::role_may_post(domain::Role::enterprise, target->event.type)) {
    return refusal(SubmitOutcome::forbidden, "an enterprise may retract only its own filings; event " + seq +
                                                 " is a " + std::string(domain::to_string(target->event.type)));
  }
  return check_dependants(state, *target);
}

// A model must parse (domain/scoring_model.hpp) and cover years no published model covers.
std::optional<Rejection> check_model(const ProjectionState& state, const Event& event) {
  const auto& data = std::get<domain::ScoringModelPublished>(event.data);
  if (state.model(data.version)) return invalid("data.version", "model version " + data.version + " is already published");
  domain::ModelParseResult parsed = domain::parse_scoring_model(data.model_jcs);
  if (auto* errors = std::get_if<std::vector<domain::FieldError>>(&parsed)) {
    Rejection rejection;
    rejection.detail = "the scoring model is not valid: " + errors->front().field + " " + errors->front().message;
    rejection.errors = std::move(*errors);
    return rejection;
  }
  for (const auto& [version, model] : state.models()) {
    if (domain::year_ranges_overlap(data.year_from, data.year_to, model.year_from, model.year_to)) {
      return invalid("data.years", "years " + std::to_string(data.year_from) + "-" + std::to_string(data.year_to) +
                                       " overlap model " + version + " (" + std::to_string(model.year_from) + "-" +
                                       std::to_string(model.year_to) + ")");
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Rejection> check_event(const ProjectionState& state, const Event& event, const Actor& actor,
                                     std::uint64_t next_seq, const EventLookup& lookup) {
  if (domain::type_has_enterprise(event.type) && event.type != EventType::enterprise_registered &&
      !state.enterprise(uscc_of(event))) {
    return invalid("enterprise", "enterprise " + uscc_of(event) + " is not registered");
  }
  switch (event.type) {
    case EventType::zone_defined: {
      const auto& data = std::get<domain::ZoneDefined>(event.data);
      if (state.zone(data.id)) return invalid("data.id", "zone " + data.id + " is already defined");
      return std::nullopt;
    }
    case EventType::chain_defined: {
      const auto& data = std::get<domain::ChainDefined>(event.data);
      if (state.chain(data.id)) return invalid("data.id", "chain " + data.id + " is already defined");
      return std::nullopt;
    }
    case EventType::enterprise_registered:
      return check_registration(state, event);
    case EventType::enterprise_affiliation_changed:
      return check_affiliation(state, event);
    case EventType::patent_applied:
    case EventType::patent_granted:
    case EventType::patent_lapsed:
      return check_patent(state, event);
    case EventType::certification_granted:
    case EventType::certification_revoked:
      return check_certification(state, event);
    case EventType::compliance_incident_recorded:
    case EventType::compliance_incident_cleared:
      return check_incident(state, event);
    case EventType::event_retracted:
      return check_retraction(state, event, actor, next_seq, lookup);
    case EventType::scoring_model_published:
      return check_model(state, event);
    case EventType::key_created: {
      const auto& data = std::get<domain::KeyCreated>(event.data);
      if (state.key(data.key_id)) return invalid("data.key_id", "key " + data.key_id + " already exists");
      return std::nullopt;
    }
    case EventType::key_revoked: {
      const auto& data = std::get<domain::KeyRevoked>(event.data);
      const auto key = state.key(data.key_id);
      if (!key) return invalid("data.key_id", "key " + data.key_id + " does not exist");
      if (key->revoked) return invalid("data.key_id", "key " + data.key_id + " is already revoked");
      return std::nullopt;
    }
    default:
      return std::nullopt;  // facts that need nothing but a registered enterprise
  }
}

}  // namespace jifen::replay
