// The in-memory fold of a log. See ledger_fold.hpp; the rules mirror replay/projection_apply.cpp.
#include "domain/ledger_fold.hpp"

#include <algorithm>
#include <stdexcept>

#include "domain/leaf.hpp"

namespace jifen::domain {
namespace {

[[noreturn]] void contradiction(std::uint64_t seq, const std::string& what) {
  throw std::logic_error("the log contradicts itself at seq " + std::to_string(seq) + ": " + what);
}

// The year a fact is filed under: the fiscal year for reports and R&D, else the year of the event's own date.
std::optional<std::int32_t> fact_year(const Event& event) {
  switch (event.type) {
    case EventType::annual_report_filed: return std::get<AnnualReportFiled>(event.data).fiscal_year;
    case EventType::rd_expense_filed: return std::get<RdExpenseFiled>(event.data).fiscal_year;
    case EventType::tech_contract_registered: return event.occurred_on.year;
    case EventType::financing_received: return std::get<FinancingReceived>(event.data).received_on.year;
    case EventType::patent_applied: return std::get<PatentApplied>(event.data).filed_on.year;
    case EventType::project_awarded: return std::get<ProjectAwarded>(event.data).awarded_on.year;
    case EventType::platform_recognized: return std::get<PlatformRecognized>(event.data).recognized_on.year;
    case EventType::talent_team_recognized: return std::get<TalentTeamRecognized>(event.data).recognized_on.year;
    default: return std::nullopt;
  }
}

std::string certification_key(CertificationKind kind, const std::string& cert_no) {
  return std::string(1, static_cast<char>('0' + static_cast<int>(kind))) + cert_no;
}

const PatentNumber& patent_number(const Event& event) {
  if (event.type == EventType::patent_applied) return std::get<PatentApplied>(event.data).application_no;
  if (event.type == EventType::patent_granted) return std::get<PatentGranted>(event.data).application_no;
  return std::get<PatentLapsed>(event.data).application_no;
}

// Keyed steps (LedgerFold::Keyed): sorted vectors of (key, item).
template <class Items>
auto lower_keyed(Items& items, std::string_view key) {
  return std::lower_bound(items.begin(), items.end(), key,
                          [](const auto& item, std::string_view wanted) { return item.first < wanted; });
}
template <class Items>
auto* find_keyed(Items& items, std::string_view key) {
  const auto at = lower_keyed(items, key);
  return at != items.end() && at->first == key ? &at->second : nullptr;
}
template <class Items, class Item>
void put_keyed(Items& items, const std::string& key, Item item) {
  const auto at = lower_keyed(items, key);
  if (at != items.end() && at->first == key) {
    at->second = std::move(item);
  } else {
    items.emplace(at, key, std::move(item));
  }
}
template <class Items>
void erase_keyed(Items& items, std::string_view key) {
  const auto at = lower_keyed(items, key);
  if (at != items.end() && at->first == key) items.erase(at);
}

}  // namespace

LedgerFold::Enterprise& LedgerFold::enterprise(const Event& event, std::uint64_t seq) {
  if (!event.enterprise) contradiction(seq, "the event names no enterprise");
  if (Enterprise* found = enterprises_.find(*event.enterprise)) return *found;
  if (Enterprise* decoded = decode_stored(*event.enterprise)) return *decoded;
  contradiction(seq, "enterprise " + *event.enterprise + " is not registered");
}

void LedgerFold::apply(const Event& event, std::uint64_t seq) {
  if (seq != tree_size_) contradiction(seq, "events are folded in seq order from 0; expected seq " + std::to_string(tree_size_));
  if (type_has_enterprise(event.type)) {
    apply_enterprise_event(event, seq);
  } else {
    apply_ledger_event(event, seq);
  }
  tree_size_ = seq + 1;
}

void LedgerFold::apply_ledger_event(const Event& event, std::uint64_t seq) {
  (void)seq;
  switch (event.type) {
    case EventType::zone_defined: {
      const auto& data = std::get<ZoneDefined>(event.data);
      zones_[data.id] = data.name;
      return;
    }
    case EventType::chain_defined: {
      const auto& data = std::get<ChainDefined>(event.data);
      chains_[data.id] = data.name;
      return;
    }
    case EventType::scoring_model_published: {
      const auto& data = std::get<ScoringModelPublished>(event.data);
      models_[data.version] = Model{data.year_from, data.year_to, data.model_jcs};
      return;
    }
    default:
      return;  // keys: nothing the scores read
  }
}

void LedgerFold::apply_enterprise_event(const Event& event, std::uint64_t seq) {
  if (event.type == EventType::enterprise_registered) {
    const auto& data = std::get<EnterpriseRegistered>(event.data);
    Enterprise* found = enterprises_.find(*event.enterprise);
    if (found == nullptr) found = decode_stored(*event.enterprise);
    Enterprise& registered = found != nullptr ? *found : enterprises_.insert(*event.enterprise, {});
    registered.name = data.name;
    registered.zone = data.zone;
    registered.chains = data.chains;
    registered.registered_seq = seq;
    return;
  }
  if (event.type == EventType::event_retracted) return retract(event, seq);
  Enterprise& target = enterprise(event, seq);
  if (event.type == EventType::enterprise_affiliation_changed) {
    const auto& data = std::get<EnterpriseAffiliationChanged>(event.data);
    if (data.zone) target.zone = *data.zone;
    if (data.chains) target.chains = *data.chains;
    return;
  }
  apply_record(event, seq, target);
}

// A fact, a patent step, a certification step or an incident step; remembered for a later retraction.
void LedgerFold::apply_record(const Event& event, std::uint64_t seq, Enterprise& target) {
  Retractable undo{event.type, 0, {}};
  if (const std::optional<std::int32_t> year = fact_year(event)) {
    undo.year = *year;
    Fact fact;
    switch (event.type) {
      case EventType::annual_report_filed: {
        const auto& d = std::get<AnnualReportFiled>(event.data);
        fact = ReportFact{seq, static_cast<std::uint32_t>(target.reports.size())};
        target.reports.push_back(ReportInput{seq, d.revenue.value, d.high_tech_revenue.value, d.export_revenue.value,
                                             d.tax_paid.value, d.employees, d.tech_staff});
        break;
      }
      case EventType::rd_expense_filed: {
        const auto& d = std::get<RdExpenseFiled>(event.data);
        fact = RdInput{seq, d.category, d.amount.value};
        break;
      }
      case EventType::tech_contract_registered: {
        const auto& d = std::get<TechContractRegistered>(event.data);
        fact = ContractFact{seq, d.role, d.amount.value};
        break;
      }
      case EventType::financing_received: {
        const auto& d = std::get<FinancingReceived>(event.data);
        fact = FinancingInput{seq, d.kind, d.amount.value};
        break;
      }
      case EventType::patent_applied: {
        const auto& d = std::get<PatentApplied>(event.data);
        fact = ApplicationInput{seq, d.kind, d.application_no.is_pct()};
        break;
      }
      case EventType::project_awarded: {
        const auto& d = std::get<ProjectAwarded>(event.data);
        fact = ProjectInput{seq, d.scheme, d.level, d.role};
        break;
      }
      case EventType::platform_recognized: fact = PlatformInput{seq, std::get<PlatformRecognized>(event.data).level}; break;
      default: fact = TalentInput{seq}; break;
    }
    // seqs only grow: after every fact of the same year is the place of this one.
    const auto at = std::upper_bound(target.facts.begin(), target.facts.end(), *year,
                                     [](std::int32_t key, const YearFact& item) { return key < item.year; });
    target.facts.insert(at, YearFact{*year, std::move(fact)});
  }
  switch (event.type) {
    case EventType::patent_applied: {
      const auto& d = std::get<PatentApplied>(event.data);
      undo.key = d.application_no.canonical();
      put_keyed(target.patents, undo.key, Patent{d.kind, seq, {}, 0, {}});
      break;
    }
    case EventType::patent_granted:
    case EventType::patent_lapsed: {
      undo.key = patent_number(event).canonical();
      Patent* patent = find_keyed(target.patents, undo.key);
      if (patent == nullptr) contradiction(seq, "patent " + undo.key + " was not applied for");
      if (event.type == EventType::patent_granted) {
        patent->granted_on = std::get<PatentGranted>(event.data).granted_on.to_string();
        patent->granted_seq = seq;
      } else {
        patent->lapsed_on = std::get<PatentLapsed>(event.data).lapsed_on.to_string();
        patent->lapsed_seq = seq;
      }
      break;
    }
    case EventType::certification_granted: {
      const auto& d = std::get<CertificationGranted>(event.data);
      undo.key = certification_key(d.kind, d.cert_no);
      put_keyed(target.certifications, undo.key,
                Certification{d.kind, d.valid_from.to_string(), d.valid_to.to_string(), seq, {}});
      break;
    }
    case EventType::certification_revoked: {
      const auto& d = std::get<CertificationRevoked>(event.data);
      undo.key = certification_key(d.kind, d.cert_no);
      Certification* certification = find_keyed(target.certifications, undo.key);
      if (certification == nullptr) contradiction(seq, "certification " + d.cert_no + " was not granted");
      certification->revoked_on = d.revoked_on.to_string();
      certification->revoked_seq = seq;
      break;
    }
    case EventType::compliance_incident_recorded: {
      const auto& d = std::get<ComplianceIncidentRecorded>(event.data);
      undo.key = d.incident_id;
      put_keyed(target.incidents, undo.key, Incident{d.kind, d.from.to_string(), seq, {}});
      break;
    }
    case EventType::compliance_incident_cleared: {
      const auto& d = std::get<ComplianceIncidentCleared>(event.data);
      undo.key = d.incident_id;
      Incident* incident = find_keyed(target.incidents, undo.key);
      if (incident == nullptr) contradiction(seq, "incident " + d.incident_id + " was not recorded");
      incident->cleared_on = d.cleared_on.to_string();
      incident->cleared_seq = seq;
      break;
    }
    default:
      break;
  }
  if (retractable_indexed_) retractable_[seq] = std::move(undo);  // else index_retractable() derives it later
}

// Undoes the retracted event as if it had never been appended.
void LedgerFold::retract(const Event& event, std::uint64_t seq) {
  if (!retractable_indexed_) index_retractable();  // the first retraction: the index is derived from the state
  const std::uint64_t target_seq = std::get<EventRetracted>(event.data).seq;
  const auto found = retractable_.find(target_seq);
  if (found == retractable_.end()) contradiction(seq, "seq " + std::to_string(target_seq) + " is not a retractable event");
  const Retractable undo = std::move(found->second);
  retractable_.erase(found);
  Enterprise& target = enterprise(event, seq);
  if (is_year_fact(undo.type)) {
    const auto found_fact = std::find_if(target.facts.begin(), target.facts.end(), [&](const YearFact& item) {
      return item.year == undo.year && seq_of(item.fact) == target_seq;
    });
    if (found_fact == target.facts.end()) contradiction(seq, "the retracted fact is gone");
    target.facts.erase(found_fact);
  }
  // A step's undoing: the date it set cleared, its seq zeroed.
  const auto clear = [&](auto& items, auto date, auto step_seq) {
    auto* item = find_keyed(items, undo.key);
    if (item == nullptr) contradiction(seq, "the retracted step's " + undo.key + " is gone");
    (item->*date).clear();
    item->*step_seq = 0;
  };
  switch (undo.type) {
    case EventType::patent_applied: erase_keyed(target.patents, undo.key); return;
    case EventType::patent_granted: clear(target.patents, &Patent::granted_on, &Patent::granted_seq); return;
    case EventType::patent_lapsed: clear(target.patents, &Patent::lapsed_on, &Patent::lapsed_seq); return;
    case EventType::certification_granted: erase_keyed(target.certifications, undo.key); return;
    case EventType::certification_revoked:
      clear(target.certifications, &Certification::revoked_on, &Certification::revoked_seq);
      return;
    case EventType::compliance_incident_recorded: erase_keyed(target.incidents, undo.key); return;
    case EventType::compliance_incident_cleared: clear(target.incidents, &Incident::cleared_on, &Incident::cleared_seq); return;
    default: return;
  }
}

}  // namespace jifen::domain
