// The scoring arithmetic: raw values, bonus and penalties, percentiles, points, ranks and tiers. See score.hpp.
#include "domain/score.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdio>
#include <future>
#include <iterator>
#include <thread>
#include <utility>

#include "domain/wide_math.hpp"

namespace jifen::domain {
namespace {

constexpr std::int64_t kMilli = 1000;
constexpr std::int64_t kPpm = 1000000;

std::string year_text(std::int32_t year) {
  std::array<char, 16> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%04d", year);
  return buffer.data();
}

void add_seq(std::vector<std::uint64_t>& seqs, std::uint64_t seq, bool keep) {
  if (keep) seqs.push_back(seq);
}

void finish_seqs(std::vector<std::uint64_t>& seqs) {
  std::sort(seqs.begin(), seqs.end());
  seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
}

IndicatorValue report_figure(IndicatorId id, const ReportInput& report, std::int64_t raw, bool keep) {
  IndicatorValue value{id, raw, {}};
  add_seq(value.seqs, report.seq, keep);
  return value;
}

IndicatorValue rd_indicator(const ScoringModel& model, const ScoreInputs& inputs, IndicatorId id, bool keep) {
  IndicatorValue value{id, 0, {}};
  for (const RdInput& item : inputs.rd) add_seq(value.seqs, item.seq, keep);
  const std::int64_t counted = counted_rd_fen(model, inputs.rd);
  if (id == IndicatorId::rd_amount) {
    value.raw = counted;
  } else {
    value.raw = ratio_ppm(counted, inputs.report.revenue_fen);
    add_seq(value.seqs, inputs.report.seq, keep);
  }
  return value;
}

IndicatorValue patent_indicator(const ScoringModel& model, const ScoreInputs& inputs, IndicatorId id, bool keep) {
  IndicatorValue value{id, 0, {}};
  std::int64_t raw = 0;
  if (id == IndicatorId::invention_patents) {
    for (const GrantedPatentInput& patent : inputs.valid_patents) {
      if (patent.kind != PatentKind::invention) continue;
      ++raw;
      add_seq(value.seqs, patent.applied_seq, keep);
      add_seq(value.seqs, patent.granted_seq, keep);
    }
  } else {
    for (const ApplicationInput& application : inputs.applications) {
      raw = add_saturating(raw, model.patent_application_points[static_cast<std::size_t>(application.kind)]);
      add_seq(value.seqs, application.seq, keep);
    }
  }
  value.raw = raw;
  return value;
}

IndicatorValue recognition_indicator(const ScoringModel& model, const ScoreInputs& inputs, IndicatorId id, bool keep) {
  IndicatorValue value{id, 0, {}};
  std::int64_t raw = 0;
  if (id == IndicatorId::projects) {
    for (const ProjectInput& project : inputs.projects) {
      const std::int64_t points = model.level_points[static_cast<std::size_t>(project.level)] *
                                  model.project_role_factor[static_cast<std::size_t>(project.role)];
      raw = add_saturating(raw, points);
      add_seq(value.seqs, project.seq, keep);
    }
  } else if (id == IndicatorId::platforms) {
    for (const PlatformInput& platform : inputs.platforms) {
      raw = add_saturating(raw, model.level_points[static_cast<std::size_t>(platform.level)]);
      add_seq(value.seqs, platform.seq, keep);
    }
  } else {
    std::array<bool, 3> held{};
    for (const CertificationInput& certification : inputs.certifications) {
      held[static_cast<std::size_t>(certification.kind)] = true;
      add_seq(value.seqs, certification.seq, keep);
    }
    for (std::size_t kind = 0; kind < held.size(); ++kind) raw += held[kind] ? model.certification_points[kind] : 0;
    raw = std::min(raw, model.certification_points_max);
  }
  value.raw = raw;
  return value;
}

bool is_tech_credit(FinancingKind kind) {
  return kind == FinancingKind::sukedai || kind == FinancingKind::tongkedai || kind == FinancingKind::ip_pledge ||
         kind == FinancingKind::score_loan;
}

IndicatorValue money_indicator(const ScoreInputs& inputs, IndicatorId id, bool keep) {
  IndicatorValue value{id, 0, {}};
  std::int64_t raw = 0;
  if (id == IndicatorId::tech_contracts) {
    for (const ContractInput& contract : inputs.seller_contracts) {
      raw = add_saturating(raw, contract.amount_fen);
      add_seq(value.seqs, contract.seq, keep);
    }
  } else {
    for (const FinancingInput& financing : inputs.financing) {
      const bool counts = id == IndicatorId::equity_financing ? financing.kind == FinancingKind::equity
                                                              : is_tech_credit(financing.kind);
      if (!counts) continue;
      raw = add_saturating(raw, financing.amount_fen);
      add_seq(value.seqs, financing.seq, keep);
    }
  }
  value.raw = raw;
  return value;
}

IndicatorValue revenue_growth(const ScoringModel& model, const ScoreInputs& inputs, bool keep) {
  IndicatorValue value{IndicatorId::revenue_growth, std::nullopt, {}};
  if (!inputs.prior_report || inputs.prior_report->revenue_fen == 0) return value;
  const std::int64_t prior = inputs.prior_report->revenue_fen;
  const std::int64_t growth = multiply_divide(inputs.report.revenue_fen - prior, kPpm, prior);
  value.raw = std::clamp(growth, model.revenue_growth_min_ppm, model.revenue_growth_max_ppm);
  add_seq(value.seqs, inputs.prior_report->seq, keep);
  add_seq(value.seqs, inputs.report.seq, keep);
  return value;
}

void add_bonus(RawScore& score, std::string id, std::int64_t points, std::vector<std::uint64_t> seqs) {
  if (points <= 0 || seqs.empty()) return;
  finish_seqs(seqs);
  score.bonus.push_back(Adjustment{std::move(id), points * kMilli, std::move(seqs)});
}

void apply_bonus(const ScoringModel& model, const ScoreInputs& inputs, RawScore& score) {
  if (inputs.on_chain) add_bonus(score, "chain_member", model.bonus_chain_member, {inputs.affiliation_seq});
  std::vector<std::uint64_t> consortium;
  std::vector<std::uint64_t> rural;
  for (const ProjectInput& project : inputs.projects) {
    if (project.scheme == ProjectScheme::consortium) consortium.push_back(project.seq);
    if (project.scheme == ProjectScheme::rural) rural.push_back(project.seq);
  }
  add_bonus(score, "consortium_project", model.bonus_consortium_project, std::move(consortium));
  add_bonus(score, "rural_project", model.bonus_rural_project, std::move(rural));
  std::vector<std::uint64_t> talent;
  for (const TalentInput& team : inputs.talent_teams) talent.push_back(team.seq);
  add_bonus(score, "talent_team", model.bonus_talent_team, std::move(talent));
  std::int64_t sum = 0;
  for (const Adjustment& item : score.bonus) sum += item.points_milli;
  score.bonus_milli = std::min(sum, model.bonus_max * kMilli);
}

void apply_incidents(const ScoringModel& model, const ScoreInputs& inputs, RawScore& score) {
  std::string reason;
  for (std::size_t kind = 0; kind < model.incident_penalty.size(); ++kind) {
    std::vector<std::uint64_t> seqs;
    std::string ids;
    for (const IncidentInput& incident : inputs.incidents) {
      if (static_cast<std::size_t>(incident.kind) != kind) continue;
      seqs.push_back(incident.seq);
      ids += (ids.empty() ? "" : ", ") + incident.incident_id + " (seq " + std::to_string(incident.seq) + ")";
    }
    if (seqs.empty()) continue;
    finish_seqs(seqs);
    const std::string name(to_string(static_cast<IncidentKind>(kind)));
    if (model.incident_excludes[kind]) {
      score.excluded = true;
      reason += (reason.empty() ? "" : "; ") + name + " incident " + ids + " is active in the window";
      score.exclusion_seqs.insert(score.exclusion_seqs.end(), seqs.begin(), seqs.end());
    }
    if (model.incident_penalty[kind] > 0) {
      score.penalties.push_back(Adjustment{name, model.incident_penalty[kind] * kMilli, seqs});
      score.penalty_milli += model.incident_penalty[kind] * kMilli;
    }
  }
  if (score.excluded) {
    score.exclusion_reason = reason;
    finish_seqs(score.exclusion_seqs);
  }
}

std::int64_t band_points(const std::vector<Band>& bands, std::int64_t value) {
  for (const Band& band : bands) {
    if (value >= band.min) return band.points;
  }
  return 0;
}

}  // namespace

std::string Window::first_day() const { return year_text(first_year) + "-01-01"; }
std::string Window::last_day() const { return year_text(last_year) + "-12-31"; }

Window evaluation_window(const ScoringModel& model, std::int32_t year) {
  return Window{year - model.window_years, year - 1};
}

bool patent_valid_on(const std::string& granted_on, const std::string& lapsed_on, const std::string& day) {
  return !granted_on.empty() && granted_on <= day && (lapsed_on.empty() || lapsed_on > day);
}

bool certification_valid_on(const std::string& valid_from, const std::string& valid_to, const std::string& revoked_on,
                            const std::string& day) {
  return valid_from <= day && day <= valid_to && (revoked_on.empty() || revoked_on > day);
}

bool incident_active_in(const std::string& from, const std::string& cleared_on, const Window& window) {
  return from <= window.last_day() && (cleared_on.empty() || cleared_on >= window.first_day());
}

std::int64_t counted_rd_fen(const ScoringModel& model, const std::vector<RdInput>& rd) {
  std::int64_t others = 0;
  std::int64_t other = 0;
  for (const RdInput& item : rd) {
    std::int64_t& sum = item.category == RdCategory::other ? other : others;
    sum = add_saturating(sum, item.amount_fen);
  }
  const std::int64_t cap = multiply_divide(others, model.rd_other_cap_numerator, model.rd_other_cap_denominator);
  return add_saturating(others, std::min(other, cap));
}

IndicatorValue indicator_value(const ScoringModel& model, const ScoreInputs& inputs, IndicatorId id, SeqDetail detail) {
  const bool keep = detail == SeqDetail::listed;
  const ReportInput& report = inputs.report;
  IndicatorValue value;
  switch (id) {
    case IndicatorId::rd_intensity:
    case IndicatorId::rd_amount: value = rd_indicator(model, inputs, id, keep); break;
    case IndicatorId::tech_staff_ratio: value = report_figure(id, report, ratio_ppm(report.tech_staff, report.employees), keep); break;
    case IndicatorId::invention_patents:
    case IndicatorId::patent_applications: value = patent_indicator(model, inputs, id, keep); break;
    case IndicatorId::tech_contracts:
    case IndicatorId::equity_financing:
    case IndicatorId::tech_credit: value = money_indicator(inputs, id, keep); break;
    case IndicatorId::projects:
    case IndicatorId::platforms:
    case IndicatorId::certifications: value = recognition_indicator(model, inputs, id, keep); break;
    case IndicatorId::revenue: value = report_figure(id, report, report.revenue_fen, keep); break;
    case IndicatorId::revenue_growth: value = revenue_growth(model, inputs, keep); break;
    case IndicatorId::high_tech_share:
      value = report_figure(id, report, ratio_ppm(report.high_tech_revenue_fen, report.revenue_fen), keep);
      break;
    case IndicatorId::tax_paid: value = report_figure(id, report, report.tax_paid_fen, keep); break;
  }
  finish_seqs(value.seqs);
  return value;
}

RawScore raw_score(const ScoringModel& model, const ScoreInputs& inputs, SeqDetail detail) {
  RawScore score;
  score.enterprise = inputs.enterprise;
  score.stage = model.stage_of(inputs.report.revenue_fen);
  score.indicators.reserve(model.indicators.size());
  for (const IndicatorRule& rule : model.indicators) score.indicators.push_back(indicator_value(model, inputs, rule.id, detail));
  apply_bonus(model, inputs, score);
  apply_incidents(model, inputs, score);
  return score;
}

std::int64_t percentile_ppm(const std::vector<std::int64_t>& sorted_peers, std::int64_t value, bool add_self) {
  const std::int64_t self = add_self ? 1 : 0;
  const std::int64_t n = static_cast<std::int64_t>(sorted_peers.size()) + self;
  if (n == 0) return 0;
  const auto lower = std::lower_bound(sorted_peers.begin(), sorted_peers.end(), value);
  const auto upper = std::upper_bound(lower, sorted_peers.end(), value);
  const std::int64_t below = lower - sorted_peers.begin();
  const std::int64_t equal = (upper - lower) + self;
  return (2 * below + equal) * kPpm / (2 * n);
}

std::int64_t tier_rank_max(std::int64_t peers, std::int64_t percent) { return (peers * percent + 99) / 100; }

bool ranks_before(const EnterpriseScore& a, const EnterpriseScore& b) {
  if (a.total_milli != b.total_milli) return a.total_milli > b.total_milli;
  return a.enterprise < b.enterprise;
}

void RawColumns::reserve(std::size_t rows) {
  enterprise.reserve(rows);
  stage.reserve(rows);
  excluded.reserve(rows);
  bonus_milli.reserve(rows);
  penalty_milli.reserve(rows);
  raw.reserve(rows * indicator_count);
  present.reserve(rows * indicator_count);
}

RawValues raw_values(const RawScore& score) {
  assert(score.indicators.size() <= kIndicatorCount);  // a model lists each indicator at most once
  RawValues compact;
  for (std::size_t k = 0; k < score.indicators.size(); ++k) {
    const std::optional<std::int64_t>& value = score.indicators[k].raw;
    compact.values[k] = value.value_or(0);
    if (value) compact.present |= std::uint32_t{1} << k;
  }
  return compact;
}

void RawColumns::add(std::string_view uscc, const RawScore& score) {
  assert(score.indicators.size() == indicator_count);
  add(uscc, score, raw_values(score));
}

namespace {

// A row from a raw score, or from a score's raw parts: the same fields.
template <class Score>
void add_row(RawColumns& columns, std::string_view uscc, const Score& score, const RawValues& values) {
  columns.enterprise.push_back(uscc);
  columns.stage.push_back(score.stage);
  columns.excluded.push_back(score.excluded ? 1 : 0);
  columns.bonus_milli.push_back(score.bonus_milli);
  columns.penalty_milli.push_back(score.penalty_milli);
  for (std::size_t k = 0; k < columns.indicator_count; ++k) {
    columns.raw.push_back(values.values[k]);
    columns.present.push_back((values.present >> k) & 1U);
  }
}

}  // namespace

void RawColumns::add(std::string_view uscc, const RawScore& score, const RawValues& values) {
  add_row(*this, uscc, score, values);
}

void RawColumns::add(std::string_view uscc, const EnterpriseScore& score, const RawValues& values) {
  add_row(*this, uscc, score, values);
}

std::int64_t indicator_points_milli(const ScoringModel& model, std::size_t k, Stage stage, std::int64_t normalized_ppm) {
  const IndicatorRule& rule = model.indicators[k];
  const GroupRule& group = model.groups[rule.group];
  return group.points[static_cast<std::size_t>(stage)] * kMilli * rule.weight * normalized_ppm / (group.weight_sum * kPpm);
}

namespace {

// Orders rows as ranks_before orders scores: total descending, ties by USCC ascending.
struct RanksBefore {
  const RawColumns& raws;
  const ScoredColumns& scored;
  bool operator()(std::size_t a, std::size_t b) const {
    if (scored.total_milli[a] != scored.total_milli[b]) return scored.total_milli[a] > scored.total_milli[b];
    return raws.enterprise[a] < raws.enterprise[b];
  }
};

using ValueAt = std::pair<std::int64_t, std::uint32_t>;  // an indicator's value, and where it came from

// Sorts `values` by value (the order among equal values is their order before): a least-significant-digit
// radix sort over the bytes in which the values differ, a byte a pass. A stage's values of one indicator are
// mostly amounts far below 2^63, so most of the eight passes are skipped; at 86,000 values this is several
// times faster than std::sort, which was a tenth of a board's build.
void sort_by_value(std::vector<ValueAt>& values, std::vector<ValueAt>& scratch) {
  constexpr std::size_t kRadixMin = 512;  // below this, std::sort
  const std::size_t n = values.size();
  if (n < kRadixMin) {
    std::stable_sort(values.begin(), values.end(), [](const ValueAt& a, const ValueAt& b) { return a.first < b.first; });
    return;
  }
  // The value as an unsigned key of the same order: the sign bit flipped.
  const auto key = [](const ValueAt& item) { return static_cast<std::uint64_t>(item.first) ^ (std::uint64_t{1} << 63); };
  std::array<std::array<std::uint32_t, 256>, 8> counts{};
  for (const ValueAt& item : values) {
    const std::uint64_t bits = key(item);
    for (std::size_t byte = 0; byte < 8; ++byte) ++counts[byte][(bits >> (8 * byte)) & 0xff];
  }
  scratch.resize(n);
  std::vector<ValueAt>* from = &values;
  std::vector<ValueAt>* to = &scratch;
  for (std::size_t byte = 0; byte < 8; ++byte) {
    std::array<std::uint32_t, 256>& count = counts[byte];
    if (count[(key(values[0]) >> (8 * byte)) & 0xff] == n) continue;  // every value has this byte
    std::uint32_t offset = 0;
    for (std::uint32_t& bucket : count) offset += std::exchange(bucket, offset);
    for (const ValueAt& item : *from) (*to)[count[(key(item) >> (8 * byte)) & 0xff]++] = item;
    std::swap(from, to);
  }
  if (from != &values) values.swap(scratch);
}

// Indicator k's normalised values for one stage's rows, into `column` (indexed like `members`): percentiles
// among the ranked peers, computed in one pass over the sorted values (a binary search per peer and indicator
// was a tenth of a board's build).
void normalise_indicator(const ScoringModel& model, const RawColumns& raws, const std::vector<std::size_t>& members,
                         std::size_t k, std::vector<std::int32_t>& column) {
  const std::size_t width = raws.indicator_count;
  const IndicatorRule& rule = model.indicators[k];
  std::vector<ValueAt> values;  // (value, index into members)
  values.reserve(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    const std::size_t row = members[i];
    if (!raws.excluded[row] && raws.present[row * width + k]) {
      values.emplace_back(raws.raw[row * width + k], static_cast<std::uint32_t>(i));
    }
  }
  std::vector<ValueAt> scratch;
  sort_by_value(values, scratch);
  column.assign(members.size(), 0);
  const auto n = static_cast<std::int64_t>(values.size());
  for (std::size_t run = 0; run < values.size();) {
    std::size_t end = run;
    while (end < values.size() && values[end].first == values[run].first) ++end;
    const auto below = static_cast<std::int64_t>(run);
    const auto equal = static_cast<std::int64_t>(end - run);
    const std::int64_t ppm = (2 * below + equal) * kPpm / (2 * n);  // percentile_ppm's formula
    const bool scores_zero = rule.zero_scores_zero && values[run].first == 0;
    for (std::size_t i = run; i < end; ++i) column[values[i].second] = static_cast<std::int32_t>(scores_zero ? 0 : ppm);
    run = end;
  }
  // An excluded enterprise is normalised against the ranked peers with itself added.
  std::vector<std::int64_t> sorted;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const std::size_t row = members[i];
    if (!raws.excluded[row] || !raws.present[row * width + k]) continue;
    if (sorted.empty()) {
      sorted.reserve(values.size());
      for (const auto& [value, index] : values) sorted.push_back(value);
    }
    const std::int64_t value = raws.raw[row * width + k];
    const bool scores_zero = rule.zero_scores_zero && value == 0;
    column[i] = static_cast<std::int32_t>(scores_zero ? 0 : percentile_ppm(sorted, value, true));
  }
}

// A stage this large normalises its indicators on two threads (each indicator sorts the stage's values).
constexpr std::size_t kStageThreadsMin = 20000;

// One stage's rows: each indicator's percentiles among the ranked peers, points, totals, ranks, tiers. Answers
// the stage's ranked rows in rank order. Each indicator is normalised into a column of its own, then the
// columns are copied into the rows: writing the rows in each indicator's sorted order missed the cache at
// nearly every write on a board of 255,000, and the columns let two threads share the indicators.
std::vector<std::size_t> score_stage(const ScoringModel& model, const RawColumns& raws,
                                     const std::vector<std::size_t>& members, ScoredColumns& scored) {
  const std::size_t width = raws.indicator_count;
  std::vector<std::vector<std::int32_t>> columns(width);
  if (members.size() < kStageThreadsMin || std::thread::hardware_concurrency() < 2) {
    for (std::size_t k = 0; k < width; ++k) normalise_indicator(model, raws, members, k, columns[k]);
  } else {
    auto odd = std::async(std::launch::async, [&] {
      for (std::size_t k = 1; k < width; k += 2) normalise_indicator(model, raws, members, k, columns[k]);
    });
    for (std::size_t k = 0; k < width; k += 2) normalise_indicator(model, raws, members, k, columns[k]);
    odd.get();
  }
  for (std::size_t i = 0; i < members.size(); ++i) {
    std::int32_t* row = &scored.normalized_ppm[members[i] * width];
    for (std::size_t k = 0; k < width; ++k) row[k] = columns[k][i];
  }
  std::vector<std::size_t> ranked;
  for (const std::size_t row : members) {
    std::int64_t points = 0;
    for (std::size_t k = 0; k < width; ++k) {
      points += indicator_points_milli(model, k, raws.stage[row], scored.normalized_ppm[row * width + k]);
    }
    scored.indicators_milli[row] = points;
    scored.total_milli[row] = std::clamp(points + raws.bonus_milli[row] - raws.penalty_milli[row], std::int64_t{0},
                                         model.total_max * kMilli);
    if (!raws.excluded[row]) ranked.push_back(row);
  }
  std::sort(ranked.begin(), ranked.end(), RanksBefore{raws, scored});
  const auto peers = static_cast<std::int64_t>(ranked.size());
  for (std::size_t position = 0; position < ranked.size(); ++position) {
    const std::size_t row = ranked[position];
    const auto rank = static_cast<std::int64_t>(position) + 1;
    scored.rank[row] = rank;
    for (std::size_t tier = 0; tier < model.tiers.size(); ++tier) {
      if (rank <= tier_rank_max(peers, model.tiers[tier].percent)) {
        scored.tier[row] = static_cast<std::int16_t>(tier);
        break;
      }
    }
  }
  for (const std::size_t row : members) scored.peers[row] = peers;
  return ranked;
}

}  // namespace

ScoredColumns score_columns(const ScoringModel& model, const RawColumns& raws) {
  assert(raws.indicator_count == model.indicators.size());
  const std::size_t rows = raws.rows();
  ScoredColumns scored;
  scored.normalized_ppm.assign(rows * raws.indicator_count, 0);
  scored.indicators_milli.assign(rows, 0);
  scored.total_milli.assign(rows, 0);
  scored.rank.assign(rows, 0);
  scored.peers.assign(rows, 0);
  scored.city_rank.assign(rows, 0);
  scored.tier.assign(rows, -1);
  std::vector<std::vector<std::size_t>> stages(kStageCount);
  for (std::size_t row = 0; row < rows; ++row) stages[static_cast<std::size_t>(raws.stage[row])].push_back(row);
  // The city order is the stages' rank orders merged: each is in the one order (total, then USCC).
  std::vector<std::size_t> everyone;
  std::vector<std::size_t> merged;
  for (const std::vector<std::size_t>& members : stages) {
    const std::vector<std::size_t> ranked = score_stage(model, raws, members, scored);
    merged.clear();
    merged.reserve(everyone.size() + ranked.size());
    std::merge(everyone.begin(), everyone.end(), ranked.begin(), ranked.end(), std::back_inserter(merged),
               RanksBefore{raws, scored});
    everyone.swap(merged);
  }
  for (std::size_t position = 0; position < everyone.size(); ++position) {
    scored.city_rank[everyone[position]] = static_cast<std::int64_t>(position) + 1;
  }
  return scored;
}

IndicatorScore indicator_score(const ScoringModel& model, std::size_t k, Stage stage, std::optional<std::int64_t> raw,
                               std::int64_t normalized_ppm, std::vector<std::uint64_t> seqs) {
  const IndicatorRule& rule = model.indicators[k];
  return IndicatorScore{rule.id, model.groups[rule.group].id, raw, normalized_ppm,
                        indicator_points_milli(model, k, stage, normalized_ppm), std::move(seqs)};
}

void set_raw_parts(EnterpriseScore& score, RawScore raw) {
  score.enterprise = std::move(raw.enterprise);
  score.stage = raw.stage;
  score.bonus = std::move(raw.bonus);
  score.penalties = std::move(raw.penalties);
  score.bonus_milli = raw.bonus_milli;
  score.penalty_milli = raw.penalty_milli;
  score.excluded = raw.excluded;
  score.exclusion_reason = std::move(raw.exclusion_reason);
  score.exclusion_seqs = std::move(raw.exclusion_seqs);
}

void set_scored_parts(EnterpriseScore& score, const ScoringModel& model, const ScoredColumns& scored, std::size_t row) {
  score.indicators_milli = scored.indicators_milli[row];
  score.total_milli = scored.total_milli[row];
  score.rank = scored.rank[row] != 0 ? std::optional<std::int64_t>(scored.rank[row]) : std::nullopt;
  score.peers = scored.peers[row];
  score.tier = scored.tier[row] >= 0 ? std::optional<std::string>(model.tiers[static_cast<std::size_t>(scored.tier[row])].id)
                                     : std::nullopt;
  score.city_rank = scored.city_rank[row] != 0 ? std::optional<std::int64_t>(scored.city_rank[row]) : std::nullopt;
}

std::vector<EnterpriseScore> score_year(const ScoringModel& model, std::vector<RawScore> raws) {
  RawColumns columns;
  columns.indicator_count = model.indicators.size();
  columns.reserve(raws.size());
  for (const RawScore& raw : raws) columns.add(raw.enterprise, raw);
  const ScoredColumns scored = score_columns(model, columns);  // the last use of the views into raws
  std::vector<EnterpriseScore> scores(raws.size());
  for (std::size_t row = 0; row < raws.size(); ++row) {
    RawScore& raw = raws[row];
    EnterpriseScore& score = scores[row];
    score.indicators.reserve(model.indicators.size());
    for (std::size_t k = 0; k < model.indicators.size(); ++k) {
      score.indicators.push_back(indicator_score(model, k, raw.stage, raw.indicators[k].raw,
                                                 scored.normalized_ppm[row * columns.indicator_count + k],
                                                 std::move(raw.indicators[k].seqs)));
    }
    set_raw_parts(score, std::move(raw));
    set_scored_parts(score, model, scored, row);
  }
  return scores;
}

namespace {

std::string ppm_text(std::int64_t ppm) { return std::to_string(ppm) + " ppm"; }

PolicyItem tsme_item(const ScoringModel& model, const ScoreInputs& inputs) {
  const TsmeRule& rule = model.tsme;
  const ReportInput& report = inputs.report;
  const std::int64_t staff_ratio = ratio_ppm(report.tech_staff, report.employees);
  const std::int64_t rd_ratio = ratio_ppm(counted_rd_fen(model, inputs.rd), report.revenue_fen);
  std::int64_t inventions = 0;
  std::int64_t other_grants = 0;
  for (const GrantedPatentInput& patent : inputs.valid_patents) (patent.kind == PatentKind::invention ? inventions : other_grants) += 1;
  const std::int64_t staff_points = band_points(rule.tech_staff_bands, staff_ratio);
  const std::int64_t rd_points = band_points(rule.rd_bands, rd_ratio);
  const std::int64_t result_points = inventions > 0 ? rule.invention_patent_points : band_points(rule.other_grant_bands, other_grants);
  const std::int64_t points = staff_points + rd_points + result_points;
  PolicyItem item{"tsme", false, points, {}, {}};
  item.figures = {{"tech_staff_ratio_ppm", staff_ratio}, {"tech_staff_points", staff_points}, {"rd_intensity_ppm", rd_ratio},
                  {"rd_points", rd_points}, {"valid_invention_patents", inventions},
                  {"valid_other_grants", other_grants}, {"results_points", result_points},
                  {"employees", report.employees}, {"revenue_fen", report.revenue_fen},
                  {"active_incidents", static_cast<std::int64_t>(inputs.incidents.size())}};
  auto& reasons = item.reasons;
  if (points < rule.points_min) reasons.push_back("points " + std::to_string(points) + " are below " + std::to_string(rule.points_min));
  if (staff_points == 0) reasons.push_back("tech staff ratio " + ppm_text(staff_ratio) + " scores 0");
  if (report.employees > rule.employees_max) reasons.push_back("employees " + std::to_string(report.employees) + " exceed " + std::to_string(rule.employees_max));
  if (report.revenue_fen > rule.revenue_max_fen) reasons.push_back("revenue " + std::to_string(report.revenue_fen) + " fen exceeds " + std::to_string(rule.revenue_max_fen) + " fen");
  if (!inputs.incidents.empty()) reasons.push_back(std::to_string(inputs.incidents.size()) + " compliance incident(s) active in the window");
  item.eligible = reasons.empty();
  if (item.eligible) {
    reasons.push_back("points " + std::to_string(points) + " (tech staff " + std::to_string(staff_points) + ", R&D " +
                      std::to_string(rd_points) + ", results " + std::to_string(result_points) + ") reach " +
                      std::to_string(rule.points_min) + "; size and compliance conditions are met");
  }
  return item;
}

PolicyItem hnte_rd_item(const ScoringModel& model, const ScoreInputs& inputs) {
  const HnteRdRule& rule = model.hnte_rd;
  const ReportInput& report = inputs.report;
  const std::int64_t staff_ratio = ratio_ppm(report.tech_staff, report.employees);
  const std::int64_t rd_ratio = ratio_ppm(counted_rd_fen(model, inputs.rd), report.revenue_fen);
  std::int64_t required = 0;
  for (const HnteRdBand& band : rule.rd_bands) {
    required = band.min_ppm;
    if (!band.revenue_max_fen || report.revenue_fen <= *band.revenue_max_fen) break;
  }
  PolicyItem item{"hnte_rd", false, std::nullopt, {}, {}};
  item.figures = {{"rd_intensity_ppm", rd_ratio}, {"rd_intensity_required_ppm", required},
                  {"tech_staff_ratio_ppm", staff_ratio}, {"tech_staff_required_ppm", rule.tech_staff_min_ppm},
                  {"revenue_fen", report.revenue_fen}};
  const bool rd_ok = rd_ratio >= required;
  const bool staff_ok = staff_ratio >= rule.tech_staff_min_ppm;
  item.eligible = rd_ok && staff_ok;
  item.reasons.push_back("R&D intensity " + ppm_text(rd_ratio) + (rd_ok ? " reaches " : " is below ") + ppm_text(required));
  item.reasons.push_back("tech staff ratio " + ppm_text(staff_ratio) + (staff_ok ? " reaches " : " is below ") +
                         ppm_text(rule.tech_staff_min_ppm));
  return item;
}

PolicyItem score_loan_item(const EnterpriseScore& score) {
  PolicyItem item{"score_loan", false, std::nullopt, {}, {}};
  item.figures = {{"total_milli", score.total_milli}};
  if (score.rank) item.figures.push_back({"rank", *score.rank});
  if (score.excluded) {
    item.reasons.push_back("excluded from rankings: " + score.exclusion_reason.value_or(""));
  } else if (score.tier) {
    item.eligible = true;
    item.reasons.push_back("in tier " + *score.tier + " of stage " + std::string(to_string(score.stage)));
  } else {
    item.reasons.push_back("not in a tier of stage " + std::string(to_string(score.stage)));
  }
  return item;
}

}  // namespace

std::vector<PolicyItem> policy_list(const ScoringModel& model, const ScoreInputs& inputs, const EnterpriseScore& score) {
  assert(score.enterprise == inputs.enterprise);
  return {tsme_item(model, inputs), hnte_rd_item(model, inputs), score_loan_item(score)};
}

}  // namespace jifen::domain
