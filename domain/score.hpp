// The scoring arithmetic of DOMAIN.md ("The score", "Precise rules"), as pure functions: from what the log
// says about one enterprise for evaluation year Y (ScoreInputs, extracted by replay/ from the projection
// state as the log stands) to its raw indicator values, bonus, penalties and exclusion (raw_score); from the
// raw scores of everyone scored for Y to normalised values, points, totals, ranks and tiers (score_year);
// and the policy list (policy_list). Integers only: money in fen, ratios in ppm, points in milli-points.
//
// Choices DOMAIN.md leaves open, made here and kept in this one place:
// - "R&D" everywhere (rd_amount, rd_intensity, the policies, the zone index) is the counted R&D: the
//   categories other than `other`, plus `other` capped at (their sum) × numerator / denominator.
// - Bonus items and penalties count once per kind (two rural projects give the rural bonus once; two safety
//   accidents give one safety penalty); certification points count once per kind held.
// - `revenue_growth` is absent without a FY Y-2 report, and when FY Y-2 revenue is 0.
// - The chain bonus goes to an enterprise on at least one chain.
//
// Pure functions; safe from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/event.hpp"
#include "domain/scoring_model.hpp"

namespace jifen::domain {

// ---- what the log says about one enterprise for year Y ---------------------------------------------------

struct ReportInput {
  std::uint64_t seq = 0;
  std::int64_t revenue_fen = 0;
  std::int64_t high_tech_revenue_fen = 0;
  std::int64_t export_revenue_fen = 0;
  std::int64_t tax_paid_fen = 0;
  std::int64_t employees = 0;
  std::int64_t tech_staff = 0;
};
struct RdInput { std::uint64_t seq = 0; RdCategory category = RdCategory::other; std::int64_t amount_fen = 0; };
struct GrantedPatentInput { std::uint64_t applied_seq = 0; std::uint64_t granted_seq = 0; PatentKind kind = PatentKind::invention; };
struct ApplicationInput { std::uint64_t seq = 0; PatentKind kind = PatentKind::invention; bool pct = false; };
struct ContractInput { std::uint64_t seq = 0; std::int64_t amount_fen = 0; };
struct FinancingInput { std::uint64_t seq = 0; FinancingKind kind = FinancingKind::equity; std::int64_t amount_fen = 0; };
struct ProjectInput {
  std::uint64_t seq = 0; ProjectScheme scheme = ProjectScheme::plan; Level level = Level::municipal;
  ProjectRole role = ProjectRole::participant;
};
struct PlatformInput { std::uint64_t seq = 0; Level level = Level::municipal; };
struct CertificationInput { std::uint64_t seq = 0; CertificationKind kind = CertificationKind::hnte; };
struct TalentInput { std::uint64_t seq = 0; };
struct IncidentInput { std::uint64_t seq = 0; std::string incident_id; IncidentKind kind = IncidentKind::abnormal_operation; };

// Each list holds only what counts for Y (see the selection rules below), each item with the seqs behind it.
struct ScoreInputs {
  std::string enterprise;  // USCC
  std::int32_t year = 0;   // the evaluation year Y
  bool on_chain = false;   // the enterprise is on at least one chain
  std::uint64_t affiliation_seq = 0;  // the registration's seq (behind the chain bonus)
  ReportInput report;                 // FY Y-1: the report with the highest seq not retracted
  std::optional<ReportInput> prior_report;  // FY Y-2, likewise
  std::vector<RdInput> rd;                  // FY Y-1
  std::vector<GrantedPatentInput> valid_patents;   // valid on Y-1-12-31
  std::vector<ApplicationInput> applications;      // filed in the window
  std::vector<ContractInput> seller_contracts;     // role seller, dated in the window
  std::vector<FinancingInput> financing;           // received in the window
  std::vector<ProjectInput> projects;              // awarded in the window
  std::vector<PlatformInput> platforms;            // recognised on or before Y-1-12-31
  std::vector<CertificationInput> certifications;  // valid on Y-1-12-31
  std::vector<TalentInput> talent_teams;           // recognised in the window
  std::vector<IncidentInput> incidents;            // active in the window
};

// ---- selection rules (DOMAIN.md "Precise rules"); dates are "YYYY-MM-DD" text, empty when absent ----------

struct Window {
  std::int32_t first_year = 0;  // Y - window_years
  std::int32_t last_year = 0;   // Y - 1
  std::string first_day() const;  // "<first_year>-01-01"
  std::string last_day() const;   // "<last_year>-12-31": the day stocks are taken on
  bool contains_year(std::int32_t year) const { return first_year <= year && year <= last_year; }
};
Window evaluation_window(const ScoringModel& model, std::int32_t year);

bool patent_valid_on(const std::string& granted_on, const std::string& lapsed_on, const std::string& day);
bool certification_valid_on(const std::string& valid_from, const std::string& valid_to, const std::string& revoked_on,
                            const std::string& day);
bool incident_active_in(const std::string& from, const std::string& cleared_on, const Window& window);

// ---- raw values, bonus, penalties, exclusion ---------------------------------------------------------------

struct IndicatorValue {
  IndicatorId id = IndicatorId::rd_intensity;
  std::optional<std::int64_t> raw;   // absent: counts nowhere in the percentile, scores 0
  std::vector<std::uint64_t> seqs;   // ascending, no repeats
};

struct Adjustment {
  std::string id;  // "chain_member", "rural_project", "safety_accident", ...
  std::int64_t points_milli = 0;
  std::vector<std::uint64_t> seqs;
};

struct RawScore {
  std::string enterprise;
  Stage stage = Stage::startup;
  std::vector<IndicatorValue> indicators;  // in the model's order
  std::vector<Adjustment> bonus;
  std::vector<Adjustment> penalties;
  std::int64_t bonus_milli = 0;    // capped at the model's bonus max
  std::int64_t penalty_milli = 0;
  bool excluded = false;
  std::optional<std::string> exclusion_reason;
  std::vector<std::uint64_t> exclusion_seqs;
};

// The counted R&D of FY Y-1 (the `other` cap applied).
std::int64_t counted_rd_fen(const ScoringModel& model, const std::vector<RdInput>& rd);
// Whether an indicator lists the seqs behind it. A year board leaves them out (15 lists per enterprise were a
// fifth of its build) and lists them for the one score a read shows (domain/score_board.hpp, score_with_seqs).
enum class SeqDetail : std::uint8_t { listed, left_out };
// One indicator's raw value and seqs; the others only read what they need.
IndicatorValue indicator_value(const ScoringModel& model, const ScoreInputs& inputs, IndicatorId id,
                               SeqDetail detail = SeqDetail::listed);
RawScore raw_score(const ScoringModel& model, const ScoreInputs& inputs, SeqDetail detail = SeqDetail::listed);

// ---- normalisation, points, totals, ranks ----------------------------------------------------------------

// The mid-rank percentile of `value` among `sorted_peers` (ascending), in ppm: (2·below + equal) × 10^6 / (2·n).
// With `add_self`, the value is counted once more (an excluded enterprise against the peers without it).
// 0 when n is 0.
std::int64_t percentile_ppm(const std::vector<std::int64_t>& sorted_peers, std::int64_t value, bool add_self);

// ⌈n · percent / 100⌉ = (n · percent + 99) / 100.
std::int64_t tier_rank_max(std::int64_t peers, std::int64_t percent);

struct IndicatorScore {
  IndicatorId id = IndicatorId::rd_intensity;
  std::string group;
  std::optional<std::int64_t> raw;
  std::int64_t normalized_ppm = 0;
  std::int64_t points_milli = 0;
  std::vector<std::uint64_t> seqs;
};

struct EnterpriseScore {
  std::string enterprise;
  Stage stage = Stage::startup;
  std::vector<IndicatorScore> indicators;
  std::int64_t indicators_milli = 0;  // Σ indicator points
  std::vector<Adjustment> bonus;
  std::vector<Adjustment> penalties;
  std::int64_t bonus_milli = 0;
  std::int64_t penalty_milli = 0;
  std::int64_t total_milli = 0;  // clamp(indicators + bonus - penalties, 0, total_max)
  bool excluded = false;
  std::optional<std::string> exclusion_reason;
  std::vector<std::uint64_t> exclusion_seqs;
  std::optional<std::int64_t> rank;   // within (year, stage), excluded left out
  std::int64_t peers = 0;             // ranked enterprises of the stage
  std::optional<std::string> tier;
  std::optional<std::int64_t> city_rank;  // among every stage
};

// Scores everyone scored for one year: peer groups by stage, percentiles, points, totals, ranks, tiers.
// The answer is in the order of `raws` (taken by value: pass an rvalue to spare copying the seqs). REQUIRES: no
// enterprise appears twice.
std::vector<EnterpriseScore> score_year(const ScoringModel& model, std::vector<RawScore> raws);

// A raw score's indicator values, compact: values[k] for indicator k (model order), 0 where absent; bit k of
// `present` set where it exists.
struct RawValues {
  std::array<std::int64_t, kIndicatorCount> values{};
  std::uint32_t present = 0;
};
RawValues raw_values(const RawScore& score);

// score_year's arithmetic over columns, for a board of many enterprises: one row per enterprise and a few flat
// arrays in all, instead of an object per indicator (at 255,000 enterprises those were most of a board's
// memory and time). score_year is this arithmetic too.
struct RawColumns {
  std::size_t indicator_count = 0;            // the model's indicators: the width of `raw` and `present`
  std::vector<std::string_view> enterprise;  // the USCC (ties rank by it); the caller keeps the text alive
  std::vector<Stage> stage;
  std::vector<std::uint8_t> excluded;
  std::vector<std::int64_t> bonus_milli;
  std::vector<std::int64_t> penalty_milli;
  std::vector<std::int64_t> raw;      // row-major: rows × indicator_count
  std::vector<std::uint8_t> present;  // likewise: 1 where the raw value exists

  std::size_t rows() const { return stage.size(); }
  void reserve(std::size_t rows);
  // Appends `score` as a row, its indicator values as `values` (raw_values(score) when not given). REQUIRES:
  // score.indicators.size() == indicator_count, or is 0 with `values` given.
  void add(std::string_view uscc, const RawScore& score);
  void add(std::string_view uscc, const RawScore& score, const RawValues& values);
  // Likewise from a score's raw parts (set_raw_parts) and the raw values.
  void add(std::string_view uscc, const EnterpriseScore& score, const RawValues& values);
};
struct ScoredColumns {
  std::vector<std::int32_t> normalized_ppm;  // row-major: rows × indicator_count
  std::vector<std::int64_t> indicators_milli;
  std::vector<std::int64_t> total_milli;
  std::vector<std::int64_t> rank;       // within the stage; 0: not ranked (excluded)
  std::vector<std::int64_t> peers;      // ranked enterprises of the row's stage
  std::vector<std::int64_t> city_rank;  // 0: not ranked
  std::vector<std::int16_t> tier;       // index into the model's tiers; -1: none
};
ScoredColumns score_columns(const ScoringModel& model, const RawColumns& raws);

// The points of indicator `k` (model order) for an enterprise of `stage` normalised at `normalized_ppm`.
std::int64_t indicator_points_milli(const ScoringModel& model, std::size_t k, Stage stage, std::int64_t normalized_ppm);

// Indicator `k` (model order) of a score: its id and group from the model, its points from the normalised value.
IndicatorScore indicator_score(const ScoringModel& model, std::size_t k, Stage stage, std::optional<std::int64_t> raw,
                               std::int64_t normalized_ppm, std::vector<std::uint64_t> seqs);
// A score's parts that its raw score gives (the enterprise, stage, bonus, penalties, exclusion; not the
// indicators), and those score_columns gave for its `row` (indicator points, total, ranks, tier).
void set_raw_parts(EnterpriseScore& score, RawScore raw);
void set_scored_parts(EnterpriseScore& score, const ScoringModel& model, const ScoredColumns& scored, std::size_t row);

// Orders scores by total descending, ties by USCC ascending (the ranking order of DOMAIN.md).
bool ranks_before(const EnterpriseScore& a, const EnterpriseScore& b);

// ---- the policy list ---------------------------------------------------------------------------------------

struct PolicyFigure {
  std::string name;  // "tech_staff_ratio_ppm", "rd_intensity_ppm", "employees", ...
  std::int64_t value = 0;
};

struct PolicyItem {
  std::string id;  // "tsme", "hnte_rd", "score_loan"
  bool eligible = false;
  std::optional<std::int64_t> points;  // tsme only
  std::vector<std::string> reasons;    // why (not) eligible, one sentence each
  std::vector<PolicyFigure> figures;   // the numbers behind them
};

// REQUIRES: `score` is the score of `inputs.enterprise` for `inputs.year` under `model`.
std::vector<PolicyItem> policy_list(const ScoringModel& model, const ScoreInputs& inputs, const EnterpriseScore& score);

}  // namespace jifen::domain
