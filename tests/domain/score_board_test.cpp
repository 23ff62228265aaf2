// A year board leaves the indicators out of its scores (it keeps each normalised value in a column; an object
// per indicator and the seqs behind it were most of its memory) and lists them again, seqs included, for the
// score a read shows: the shown score must be the very score that scoring the year with every seq listed gives.
#include <boost/test/unit_test.hpp>

#include <string>
#include <variant>

#include "domain/codec.hpp"
#include "domain/score_board.hpp"
#include "domain/score_json.hpp"
#include "support/seed_model.hpp"

namespace jifen::domain {
namespace {

std::shared_ptr<const PublishedModel> seed_published_model() {
  const ScoringModelPublished data = jifen::test::seed_model_published();
  return parse_published_model(data.version, data.year_from, data.year_to, data.model_jcs);
}

// Enterprises with something behind most indicators, each with its own seqs, one of them excluded.
std::vector<ScoreInputs> varied_inputs() {
  const char* usccs[] = {"91110000600037341L", "91320621MA1MRHG205", "91350100M000100Y43"};
  std::vector<ScoreInputs> all;
  std::uint64_t seq = 100;
  for (std::int64_t i = 0; i < 3; ++i) {
    ScoreInputs inputs;
    inputs.enterprise = usccs[i];
    inputs.year = 2022;
    inputs.on_chain = i != 1;
    inputs.affiliation_seq = ++seq;
    inputs.report = ReportInput{++seq, 1000000000 * (i + 1), 400000000, 10000000, 2000000 * (i + 1), 100, 20 + i};
    inputs.prior_report = ReportInput{++seq, 900000000, 0, 0, 0, 90, 10};
    inputs.rd = {{++seq, RdCategory::personnel, 50000000 + i}, {++seq, RdCategory::other, 9000000}};
    inputs.valid_patents = {{++seq, ++seq, PatentKind::invention}};
    inputs.applications = {{++seq, PatentKind::utility, false}, {++seq, PatentKind::invention, true}};
    inputs.seller_contracts = {{++seq, 3000000 * (i + 1)}};
    inputs.financing = {{++seq, FinancingKind::equity, 5000000}, {++seq, FinancingKind::sukedai, 7000000 * i}};
    inputs.projects = {{++seq, ProjectScheme::rural, Level::provincial, ProjectRole::lead}};
    inputs.platforms = {{++seq, Level::municipal}};
    inputs.certifications = {{++seq, CertificationKind::hnte}};
    inputs.talent_teams = {{++seq}};
    if (i == 2) inputs.incidents = {{++seq, "INC-9", IncidentKind::research_misconduct}};
    all.push_back(std::move(inputs));
  }
  return all;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(year_board)

BOOST_AUTO_TEST_CASE(a_shown_score_lists_the_seqs_the_board_left_out) {
  YearBoard board;
  board.year = 2022;
  board.tree_size = 500;
  board.model = seed_published_model();
  const std::vector<ScoreInputs> inputs = varied_inputs();
  std::vector<RawScore> raws;
  for (const ScoreInputs& item : inputs) {
    board.entries.push_back(board_entry(board.model->model, "name", "zone", {}, item));
    raws.push_back(raw_score(board.model->model, item, SeqDetail::listed));
  }
  score_board(board);
  const std::vector<EnterpriseScore> expected = score_year(board.model->model, std::move(raws));
  BOOST_TEST_REQUIRE(expected.size() == board.entries.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const BoardEntry& entry = board.entries[i];
    BOOST_TEST(entry.score.indicators.empty());
    const std::string shown = render_score_json(score_with_seqs(board, entry), 2022, 500, *board.model);
    BOOST_TEST(shown == render_score_json(expected[i], 2022, 500, *board.model));
  }
  // The seqs are really there: rd_intensity names both R&D items and the report.
  const EnterpriseScore first = score_with_seqs(board, board.entries[0]);
  for (const IndicatorScore& indicator : first.indicators) {
    if (indicator.id == IndicatorId::rd_intensity) BOOST_TEST(indicator.seqs.size() == 3u);
  }
  BOOST_TEST(board.entries[2].score.excluded);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::domain
