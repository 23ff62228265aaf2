// Scores survive a rebuild: the rebuilt projection generation answers the same scores and rankings as the
// live one, readers keep getting whole answers while a rebuild swaps the generation under them, and the
// fold of the log (as_of) agrees with both.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "domain/score_json.hpp"
#include "replay/derived_reads.hpp"
#include "replay/projection_state.hpp"
#include "replay/ledger_fixture.hpp"
#include "support/seed_model.hpp"

using namespace jifen;
using test::LedgerFixture;

namespace {

struct ScoredLedger : LedgerFixture {
  ScoredLedger() {
    expect_created(post(test::admin(), R"({"event_id":"model","type":"scoring_model.published","occurred_on":"2020-01-01","data":)" +
                                           test::seed_model_text() + "}"));
    int report = 0;
    for (const char* uscc : {test::kUsccA, test::kUsccB, test::kUsccC}) {
      expect_created(post(test::bureau(), registration(uscc, std::string("reg-") + uscc)));
      for (const int year : {2019, 2020, 2021}) {
        ++report;
        expect_created(post(test::enterprise(uscc), annual_report(uscc, "ar-" + std::to_string(report), year, 1000000 * report)));
      }
      expect_created(post(test::enterprise(uscc), rd_expense(uscc, std::string("rd-") + uscc, 50000 + report)));
    }
    // A retraction, so that the rebuilt state must apply it too: C's FY 2021 report goes.
    expect_created(post(test::enterprise(test::kUsccC), retraction(test::kUsccC, "x-ar", ledger->tree_size() - 2)));
  }

  std::vector<std::string> answers() const {
    std::vector<std::string> all;
    for (const char* uscc : {test::kUsccA, test::kUsccB, test::kUsccC}) {
      for (const int year : {2021, 2022}) {
        const replay::DerivedAnswer score = replay::score_json(*ledger, uscc, year);
        all.push_back(score.json.value_or(score.detail));
      }
    }
    all.push_back(replay::enterprise_ranking_json(*ledger, 2022, domain::RankingFilter{}).json.value_or(""));
    all.push_back(replay::area_ranking_json(*ledger, 2022, replay::AreaKind::chain).json.value_or(""));
    return all;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(scoring_rebuild)

BOOST_FIXTURE_TEST_CASE(the_rebuilt_generation_scores_the_same, ScoredLedger) {
  const std::vector<std::string> before = answers();
  BOOST_TEST(before[0].find("\"total_milli\"") != std::string::npos, before[0]);
  BOOST_TEST(before[5].find("no annual report for fiscal year 2021") != std::string::npos, before[5]);  // C, 2022
  const replay::RebuildReport report = ledger->rebuild(false, {});
  BOOST_TEST(report.verified_equal);
  reopen();  // a fresh ledger: no cached boards, the rebuilt generation active
  BOOST_TEST(answers() == before, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(the_fold_of_the_log_scores_the_same, ScoredLedger) {
  const std::vector<std::string> live = answers();
  reopen();
  const replay::ReadPoint now{ledger->tree_size(), std::nullopt};
  std::size_t index = 0;
  for (const char* uscc : {test::kUsccA, test::kUsccB, test::kUsccC}) {
    for (const int year : {2021, 2022}) {
      const replay::DerivedAnswer folded = replay::score_json(*ledger, uscc, year, now);
      BOOST_TEST(folded.json.value_or(folded.detail) == live[index++]);
    }
  }
}

BOOST_FIXTURE_TEST_CASE(readers_get_whole_answers_while_a_rebuild_swaps_generations, ScoredLedger) {
  const std::vector<std::string> expected = answers();
  std::atomic<bool> rebuilding{true};
  std::atomic<std::size_t> reads{0};
  std::atomic<std::size_t> differing{0};
  std::string first_difference;  // written by the reader before it ends
  // The reader builds its boards from the active generation itself (no cache), over and over.
  std::thread reader([&] {
    while (rebuilding.load()) {
      replay::YearBoard board;
      ledger->read_projection([&](const replay::ProjectionState& state) { board = replay::build_year_board(state, 2022); });
      const domain::BoardEntry* entry = board.find(test::kUsccA);
      const std::string json = entry ? domain::render_score_json(domain::score_with_seqs(board, *entry), 2022, board.tree_size, *board.model) : "";
      if (json != expected[1] && differing++ == 0) first_difference = json + " | tree " + std::to_string(board.tree_size);
      ++reads;
    }
  });
  // Each round waits for the reader to finish a read begun during or after that round's swap, so that reads
  // and swaps interleave however the threads are scheduled.
  for (int round = 0; round < 3; ++round) {
    const std::size_t before = reads.load();
    BOOST_TEST(ledger->rebuild(false, {}).verified_equal);
    while (reads.load() < before + 2) std::this_thread::yield();
  }
  rebuilding = false;
  reader.join();
  BOOST_TEST(differing.load() == 0u, first_difference << "\n expected " << expected[1]);
}

BOOST_AUTO_TEST_SUITE_END()
