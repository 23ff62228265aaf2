// Derived reads: the inputs of a score extracted from the projection state, the year board, the cache.
// See scoring.hpp.
#include "replay/scoring.hpp"

#include <algorithm>
#include <stdexcept>

#include "domain/leaf.hpp"
#include "replay/ledger_impl.hpp"
#include "replay/projection_state.hpp"

namespace jifen::replay {
namespace {

domain::ReportInput report_input(const YearFacts::Report& fact) {
  const domain::AnnualReportFiled& report = fact.report;
  return domain::ReportInput{fact.seq,
                             report.revenue.value,
                             report.high_tech_revenue.value,
                             report.export_revenue.value,
                             report.tax_paid.value,
                             report.employees,
                             report.tech_staff};
}

// The flows of one year of the window: applications, seller contracts, financing, projects, talent teams.
void add_window_flows(domain::ScoreInputs& inputs, const YearFacts& facts) {
  for (const auto& application : facts.applications) {
    inputs.applications.push_back({application.seq, application.kind, application.pct});
  }
  for (const auto& contract : facts.contracts) {
    if (contract.role == domain::ContractRole::seller) inputs.seller_contracts.push_back({contract.seq, contract.amount_fen});
  }
  for (const auto& financing : facts.financing) {
    inputs.financing.push_back({financing.seq, financing.kind, financing.amount_fen});
  }
  for (const auto& project : facts.projects) {
    inputs.projects.push_back({project.seq, project.scheme, project.level, project.role});
  }
  for (const auto& team : facts.talent) inputs.talent_teams.push_back({team.seq});
}

void add_stocks(domain::ScoreInputs& inputs, const ProjectionState::EnterpriseRecords& records,
                const domain::Window& window) {
  const std::string day = window.last_day();
  for (const PatentState& patent : records.patents) {
    if (domain::patent_valid_on(patent.granted_on, patent.lapsed_on, day)) {
      inputs.valid_patents.push_back({patent.applied_seq, patent.granted_seq, patent.kind});
    }
  }
  for (const CertificationState& certification : records.certifications) {
    if (domain::certification_valid_on(certification.valid_from, certification.valid_to, certification.revoked_on, day)) {
      inputs.certifications.push_back({certification.granted_seq, certification.kind});
    }
  }
  for (const IncidentState& incident : records.incidents) {
    if (domain::incident_active_in(incident.from, incident.cleared_on, window)) {
      inputs.incidents.push_back({incident.recorded_seq, incident.incident_id, incident.kind});
    }
  }
  std::sort(inputs.incidents.begin(), inputs.incidents.end(),
            [](const domain::IncidentInput& a, const domain::IncidentInput& b) { return a.seq < b.seq; });
}

}  // namespace

std::shared_ptr<const domain::PublishedModel> model_for_year(const ProjectionState& state, std::int32_t year) {
  for (const auto& [version, model] : state.models()) {
    if (model.year_from <= year && year <= model.year_to) {
      return domain::parse_published_model(version, model.year_from, model.year_to, model.model_jcs);
    }
  }
  return nullptr;
}

std::optional<domain::ScoreInputs> extract_inputs(const ProjectionState::EnterpriseRecords& records,
                                                  const domain::ScoringModel& model, std::string_view uscc,
                                                  const EnterpriseState& enterprise, std::int32_t year) {
  const domain::Window window = domain::evaluation_window(model, year);
  domain::ScoreInputs inputs;
  bool reported = false;
  // Every year up to Y-1: platforms are a stock of everything recognised by then.
  for (const auto& [fact_year, facts] : records.years) {
    if (fact_year > year - 1) break;
    if (fact_year == year - 1 && !facts.reports.empty()) {
      inputs.report = report_input(facts.reports.back());
      reported = true;
    }
    if (fact_year == year - 1) {
      for (const auto& item : facts.rd) inputs.rd.push_back({item.seq, item.category, item.amount_fen});
    }
    if (fact_year == year - 2 && !facts.reports.empty()) inputs.prior_report = report_input(facts.reports.back());
    if (window.contains_year(fact_year)) add_window_flows(inputs, facts);
    for (const auto& platform : facts.platforms) inputs.platforms.push_back({platform.seq, platform.level});
  }
  if (!reported) return std::nullopt;
  inputs.enterprise = std::string(uscc);
  inputs.year = year;
  inputs.on_chain = !enterprise.chains.empty();
  inputs.affiliation_seq = enterprise.registered_seq;
  add_stocks(inputs, records, window);
  return inputs;
}

namespace {

// A board of `state`'s tree size without entries yet: the year, the area names and the model.
YearBoard empty_board(const ProjectionState& state, std::int32_t year, std::shared_ptr<const domain::PublishedModel> model) {
  YearBoard board;
  board.year = year;
  board.tree_size = state.tree_size();
  for (auto& [id, zone] : state.zones()) board.zone_names.emplace(id, zone.name);
  for (auto& [id, chain] : state.chains()) board.chain_names.emplace(id, chain.name);
  board.model = std::move(model);
  return board;
}

// Reads one enterprise from the projections (`walk` in USCC order) into the board: an entry, or `unreported`.
void read_entry(YearBoard& board, ProjectionState::EnterpriseWalk& walk, ProjectionState::EnterpriseRecords& records,
                const std::string& uscc, EnterpriseState enterprise, std::vector<std::string>& unreported) {
  const domain::ScoringModel& model = board.model->model;
  walk.read(uscc, records);
  std::optional<domain::ScoreInputs> inputs = extract_inputs(records, model, uscc, enterprise, board.year);
  if (!inputs) {
    unreported.push_back(uscc);
    return;
  }
  board.entries.push_back(domain::board_entry(model, std::move(enterprise.name), std::move(enterprise.zone),
                                              std::move(enterprise.chains), *inputs));
}

}  // namespace

YearBoard build_year_board(const ProjectionState& state, std::int32_t year) {
  YearBoard board = empty_board(state, year, model_for_year(state, year));
  if (!board.model) return board;
  ProjectionState::EnterpriseWalk walk(state, year - 1);
  ProjectionState::EnterpriseRecords records;
  std::vector<std::pair<std::string, EnterpriseState>> enterprises = state.enterprises();
  board.entries.reserve(enterprises.size());
  for (auto& [uscc, enterprise] : enterprises) read_entry(board, walk, records, uscc, std::move(enterprise), board.unreported);
  domain::score_board(board);
  return board;
}

std::optional<YearBoard> advance_year_board(const Ledger& ledger, const ProjectionState& state, const YearBoard& from,
                                            std::uint64_t records_max) {
  const std::uint64_t to = state.tree_size();
  if (!from.model || from.tree_size > to || to - from.tree_size > records_max) return std::nullopt;
  // The enterprises the records in between name.
  std::vector<std::string> named;
  bool only_enterprises_and_keys = true;
  const std::uint64_t visited = ledger.visit_records(from.tree_size, to, [&](std::uint64_t, std::string_view leaf, std::string_view) {
    const std::optional<domain::LeafFields> fields = domain::read_leaf_fields(leaf);
    if (!fields) throw std::runtime_error("a record's leaf does not decode");
    if (fields->enterprise) {
      named.emplace_back(*fields->enterprise);
    } else if (fields->type != domain::to_string(domain::EventType::key_created) &&
               fields->type != domain::to_string(domain::EventType::key_revoked)) {
      only_enterprises_and_keys = false;
    }
  });
  if (visited != to - from.tree_size || !only_enterprises_and_keys) return std::nullopt;
  std::sort(named.begin(), named.end());
  named.erase(std::unique(named.begin(), named.end()), named.end());
  if (named.size() > from.entries.size() / 4) return std::nullopt;

  YearBoard board = empty_board(state, from.year, from.model);
  ProjectionState::EnterpriseWalk walk(state, board.year - 1);
  ProjectionState::EnterpriseRecords records;
  board.entries.reserve(from.entries.size() + named.size());
  std::vector<std::string> unreported_named;
  // One pass in USCC order over the old entries and the named enterprises.
  auto old = from.entries.begin();
  const auto copy_old_before = [&](const std::string* bound) {
    for (; old != from.entries.end() && (bound == nullptr || old->facts->enterprise < *bound); ++old) {
      board.entries.push_back(*old);  // its facts shared: nothing in between names it
    }
  };
  for (const std::string& uscc : named) {
    copy_old_before(&uscc);
    if (old != from.entries.end() && old->facts->enterprise == uscc) ++old;  // read again below
    std::optional<EnterpriseState> enterprise = state.enterprise(uscc);
    if (!enterprise) continue;  // not registered (a key's record may name one): on no board, as built whole
    read_entry(board, walk, records, uscc, std::move(*enterprise), unreported_named);
  }
  copy_old_before(nullptr);
  std::set_difference(from.unreported.begin(), from.unreported.end(), named.begin(), named.end(),
                      std::back_inserter(board.unreported));
  const auto middle = static_cast<std::ptrdiff_t>(board.unreported.size());
  board.unreported.insert(board.unreported.end(), unreported_named.begin(), unreported_named.end());
  std::inplace_merge(board.unreported.begin(), board.unreported.begin() + middle, board.unreported.end());
  domain::score_board(board);
  return board;
}

// ---- the ledger's side, and the cache ----------------------------------------------------------------------

void Ledger::read_projection(const std::function<void(const ProjectionState& state)>& read) const {
  storage::ReadTxn txn = impl_->begin_read();
  const ProjectionState state(txn, active_projection(txn));
  read(state);
}

ScoreCache& Ledger::score_cache() const { return impl_->scores; }

}  // namespace jifen::replay
