// The read side of the in-memory fold: models and score inputs (year boards are in ledger_fold_codec.cpp, beside
// the walk over stored and decoded enterprises they use). The selection of inputs mirrors
// replay/scoring.cpp's extract_inputs over the projection state.
#include <algorithm>

#include "domain/ledger_fold.hpp"

namespace jifen::domain {

std::shared_ptr<const PublishedModel> LedgerFold::model_for_year(std::int32_t year) const {
  for (const auto& [version, model] : models_) {
    if (model.year_from <= year && year <= model.year_to) {
      return parse_published_model(version, model.year_from, model.year_to, model.model_jcs);
    }
  }
  return nullptr;
}

bool LedgerFold::inputs(const Enterprise& enterprise, std::string_view uscc, const ScoringModel& model,
                        std::int32_t year, ScoreInputs& inputs) const {
  const Window window = evaluation_window(model, year);
  inputs.report = ReportInput{};
  inputs.prior_report.reset();
  inputs.rd.clear();
  inputs.valid_patents.clear();
  inputs.applications.clear();
  inputs.seller_contracts.clear();
  inputs.financing.clear();
  inputs.projects.clear();
  inputs.platforms.clear();
  inputs.certifications.clear();
  inputs.talent_teams.clear();
  inputs.incidents.clear();
  bool reported = false;
  // The facts read here are those of the years build_year_board's FactYears names: change them together.
  for (const auto& [fact_year, fact] : enterprise.facts) {
    if (fact_year > year - 1) break;
    const bool in_window = window.contains_year(fact_year);
    if (const auto* report = std::get_if<ReportFact>(&fact)) {
      const ReportInput& figures = enterprise.reports[report->index];
      if (fact_year == year - 1) {
        inputs.report = figures;  // facts are in seq order: the last report counts
        reported = true;
      }
      if (fact_year == year - 2) inputs.prior_report = figures;
    } else if (const auto* rd = std::get_if<RdInput>(&fact)) {
      if (fact_year == year - 1) inputs.rd.push_back(*rd);
    } else if (const auto* platform = std::get_if<PlatformInput>(&fact)) {
      inputs.platforms.push_back(*platform);
    } else if (!in_window) {
      continue;
    } else if (const auto* contract = std::get_if<ContractFact>(&fact)) {
      if (contract->role == ContractRole::seller) inputs.seller_contracts.push_back({contract->seq, contract->amount_fen});
    } else if (const auto* financing = std::get_if<FinancingInput>(&fact)) {
      inputs.financing.push_back(*financing);
    } else if (const auto* application = std::get_if<ApplicationInput>(&fact)) {
      inputs.applications.push_back(*application);
    } else if (const auto* project = std::get_if<ProjectInput>(&fact)) {
      inputs.projects.push_back(*project);
    } else if (const auto* talent = std::get_if<TalentInput>(&fact)) {
      inputs.talent_teams.push_back(*talent);
    }
  }
  if (!reported) return false;
  inputs.enterprise.assign(uscc);
  inputs.year = year;
  inputs.on_chain = !enterprise.chains.empty();
  inputs.affiliation_seq = enterprise.registered_seq;
  const std::string day = window.last_day();
  for (const auto& [number, patent] : enterprise.patents) {
    if (patent_valid_on(patent.granted_on, patent.lapsed_on, day)) {
      inputs.valid_patents.push_back({patent.applied_seq, patent.granted_seq, patent.kind});
    }
  }
  for (const auto& [key, certification] : enterprise.certifications) {
    if (certification_valid_on(certification.valid_from, certification.valid_to, certification.revoked_on, day)) {
      inputs.certifications.push_back({certification.granted_seq, certification.kind});
    }
  }
  for (const auto& [id, incident] : enterprise.incidents) {
    if (incident_active_in(incident.from, incident.cleared_on, window)) {
      inputs.incidents.push_back({incident.recorded_seq, id, incident.kind});
    }
  }
  std::sort(inputs.incidents.begin(), inputs.incidents.end(),
            [](const IncidentInput& a, const IncidentInput& b) { return a.seq < b.seq; });
  return true;
}

}  // namespace jifen::domain
