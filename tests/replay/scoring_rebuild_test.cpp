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

// What jifend's I/O thread reads: cached_only answers only what was rendered from a cached board, and then the
// same bytes as a read that computes; anything else is `uncached`, never a guess.
BOOST_FIXTURE_TEST_CASE(cached_only_reads_answer_what_was_rendered_and_nothing_else, ScoredLedger) {
  reopen();  // no boards, no answers
  const std::uint64_t size = ledger->tree_size();
  const replay::ReadPoint cached_only{std::nullopt, std::nullopt, true};
  BOOST_TEST(replay::score_json(*ledger, test::kUsccA, 2022, cached_only).uncached);
  BOOST_TEST(replay::enterprise_ranking_json(*ledger, 2022, domain::RankingFilter{}, cached_only).uncached);

  const replay::DerivedAnswer computed = replay::score_json(*ledger, test::kUsccA, 2022);
  BOOST_REQUIRE(computed.json);
  BOOST_TEST(!computed.uncached);
  const replay::DerivedAnswer kept = replay::score_json(*ledger, test::kUsccA, 2022, cached_only);
  BOOST_TEST(!kept.uncached);
  BOOST_TEST(kept.json.value_or("") == *computed.json);
  // The board is cached now, but B's score and this leaderboard were never rendered from it.
  BOOST_TEST(replay::score_json(*ledger, test::kUsccB, 2022, cached_only).uncached);
  domain::RankingFilter top_two;
  top_two.limit = 2;
  const std::string ranking = replay::enterprise_ranking_json(*ledger, 2022, top_two).json.value_or("");
  BOOST_TEST(replay::enterprise_ranking_json(*ledger, 2022, top_two, cached_only).json.value_or("") == ranking);
  BOOST_TEST(replay::enterprise_ranking_json(*ledger, 2022, domain::RankingFilter{}, cached_only).uncached);
  // A miss needs no rendering: answered from the cached board.
  const replay::DerivedAnswer unknown = replay::score_json(*ledger, "91320602MA1WQ7KX3W", 2022, cached_only);
  BOOST_TEST(!unknown.uncached);
  BOOST_TEST((unknown.miss == replay::ScoreMiss::not_registered));

  // A write moves the current state to a board not built yet.
  expect_created(post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "rd-more", 70000)));
  BOOST_TEST(replay::score_json(*ledger, test::kUsccA, 2022, cached_only).uncached);
  const replay::DerivedAnswer after = replay::score_json(*ledger, test::kUsccA, 2022);
  BOOST_REQUIRE(after.json);
  BOOST_TEST(*after.json != *computed.json);
  BOOST_TEST(replay::score_json(*ledger, test::kUsccA, 2022, cached_only).json.value_or("") == *after.json);
  // The state before the write, as_of: its board went when the new one superseded it, so a cached_only read
  // waits for the fold; once folded, the board and the answer are kept again.
  const replay::ReadPoint before{size, std::nullopt, true};
  BOOST_TEST(replay::score_json(*ledger, test::kUsccA, 2022, before).uncached);
  BOOST_TEST(replay::score_json(*ledger, test::kUsccA, 2022, replay::ReadPoint{size, std::nullopt}).json.value_or("") ==
             *computed.json);
  BOOST_TEST(replay::score_json(*ledger, test::kUsccA, 2022, before).json.value_or("") == *computed.json);
  // Rendered from a fold alone (a fresh ledger): the same bytes as rendered from the live board.
  reopen();
  BOOST_TEST(replay::score_json(*ledger, test::kUsccA, 2022, replay::ReadPoint{size, std::nullopt}).json.value_or("") ==
             *computed.json);
}

BOOST_AUTO_TEST_SUITE_END()
