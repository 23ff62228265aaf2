// Boards large enough to be built on two threads: a fold's board read from its bytes in two parts
// (LedgerFold::year_board), and a stage's indicators normalised on two threads (score_columns). Each is checked
// against the same work done on one thread, or against the formula itself.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <variant>

#include "domain/codec.hpp"
#include "domain/identifiers.hpp"
#include "domain/ledger_fold.hpp"
#include "domain/score.hpp"
#include "support/seed_model.hpp"

namespace jifen::domain {
namespace {

// A deterministic stream of numbers (a linear congruential generator): the same values on every run.
struct Numbers {
  std::uint64_t state = 42;
  std::uint64_t next(std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  }
};

std::string uscc(std::size_t index) {
  std::string first17 = "91320600" + std::to_string(100000000 + index);  // 8 + 9 characters
  return first17 + *uscc_check_character(first17);
}

Event decoded(EventDecoder& decoder, const std::string& json) {
  DecodeResult result = decoder.decode(json);
  BOOST_TEST_REQUIRE(std::holds_alternative<Event>(result), json);
  return std::get<Event>(std::move(result));
}

// The publication of the seed model (it covers 2020-2025).
Event seed_model_event() {
  Event model;
  model.event_id = "model";
  model.type = EventType::scoring_model_published;
  model.data = jifen::test::seed_model_published();
  return model;
}

// A fold of `count` enterprises: each registered, most with a FY 2021 report (some a FY 2020 one too) and
// R&D, every tenth unreported for 2022.
LedgerFold fold_of(std::size_t count) {
  EventDecoder decoder;
  LedgerFold fold;
  std::uint64_t seq = 0;
  fold.apply(decoded(decoder, R"({"event_id":"z","type":"zone.defined","occurred_on":"2021-01-01","data":{"id":"sip","name":"Zone","level":"national"}})"), seq++);
  fold.apply(decoded(decoder, R"({"event_id":"c","type":"chain.defined","occurred_on":"2021-01-01","data":{"id":"ic","name":"IC"}})"), seq++);
  fold.apply(seed_model_event(), seq++);
  Numbers numbers;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string id = uscc(i);
    const std::string head = R"(","enterprise":")" + id + R"(","occurred_on":"2022-03-01","data":)";
    const std::string chains = i % 3 == 0 ? R"(["ic"])" : "[]";
    fold.apply(decoded(decoder, R"({"event_id":"r)" + std::to_string(i) + R"(","type":"enterprise.registered)" + head +
                                    R"({"name":"E)" + std::to_string(i) + R"(","zone":"sip","chains":)" + chains +
                                    R"(,"registered_on":"2015-01-01"}})"),
               seq++);
    if (i % 10 == 9) continue;
    for (const int year : {2020, 2021}) {
      if (year == 2020 && i % 2 == 0) continue;
      const std::string revenue = std::to_string(1000000 + numbers.next(50) * 100000);
      fold.apply(decoded(decoder, R"({"event_id":"a)" + std::to_string(year) + "-" + std::to_string(i) +
                                      R"(","type":"annual_report.filed)" + head + R"({"fiscal_year":)" +
                                      std::to_string(year) + R"(,"revenue_fen":)" + revenue +
                                      R"(,"high_tech_revenue_fen":0,"export_revenue_fen":0,"tax_paid_fen":)" +
                                      std::to_string(numbers.next(20) * 1000) + R"(,"employees":)" +
                                      std::to_string(10 + numbers.next(300)) + R"(,"tech_staff":)" +
                                      std::to_string(numbers.next(10)) + "}}"),
                 seq++);
    }
    if (numbers.next(4) != 0) {
      fold.apply(decoded(decoder, R"({"event_id":"d)" + std::to_string(i) + R"(","type":"rd_expense.filed)" + head +
                                      R"({"fiscal_year":2021,"project":"P","category":"personnel","amount_fen":)" +
                                      std::to_string(1000 + numbers.next(40) * 500) + "}}"),
                 seq++);
    }
  }
  return fold;
}

// What a board says of each enterprise, in USCC order: enough to tell two boards apart.
std::vector<std::string> summary(const YearBoard& board) {
  std::vector<std::string> lines;
  for (const BoardEntry& entry : board.entries) {
    const EnterpriseScore& score = entry.score;
    lines.push_back(entry.facts->enterprise + " " + entry.facts->name + " " + std::to_string(score.total_milli) +
                    " " + std::to_string(score.rank.value_or(0)) + " " + std::to_string(score.city_rank.value_or(0)) +
                    " " + score.tier.value_or("-") + " " + std::to_string(score.peers));
  }
  for (const std::string& unreported : board.unreported) lines.push_back("unreported " + unreported);
  return lines;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(large_boards)

// 30,000 enterprises read from bytes: the board is built in two parts (over 20,000 stored), with some
// enterprises changed since the bytes were read in each part. It must equal the board of the fold that was
// never encoded (one part: nothing stored).
BOOST_AUTO_TEST_CASE(a_board_built_in_two_parts_equals_one_built_in_one) {
  LedgerFold whole = fold_of(30000);
  std::optional<LedgerFold> read = LedgerFold::decode(whole.encode(), LedgerFold::Validate::framing);
  BOOST_TEST_REQUIRE(read.has_value());
  EventDecoder decoder;
  for (const std::size_t i : {std::size_t{5}, std::size_t{14999}, std::size_t{15000}, std::size_t{29998}}) {
    const std::string event = R"({"event_id":"late)" + std::to_string(i) + R"(","type":"rd_expense.filed","enterprise":")" +
                              uscc(i) + R"(","occurred_on":"2022-03-01","data":{"fiscal_year":2021,"project":"Q",)"
                              R"("category":"personnel","amount_fen":99000000}})";
    const std::uint64_t seq = whole.tree_size();
    whole.apply(decoded(decoder, event), seq);
    read->apply(decoded(decoder, event), seq);
  }
  const YearBoard one = whole.year_board(2022);
  const YearBoard two = read->year_board(2022);
  BOOST_TEST(one.entries.size() == 27000u);
  BOOST_TEST(one.unreported.size() == 3000u);
  BOOST_TEST(summary(two) == summary(one), boost::test_tools::per_element());
  BOOST_TEST(two.city_order == one.city_order, boost::test_tools::per_element());
  BOOST_TEST(two.normalized_ppm == one.normalized_ppm, boost::test_tools::per_element());
}

// A board reads from an enterprise's bytes only the years of facts its inputs look at (the evaluation window,
// FY Y-2's report, and platforms of any year before). Ten years of history, with a platform, R&D, contracts and
// financing before the window and filings after the evaluation year: a board read from bytes, for the year
// after the history and for a year in its middle, equals the board of the fold that was never encoded.
BOOST_AUTO_TEST_CASE(a_board_read_from_bytes_skips_only_years_its_inputs_do_not_read) {
  EventDecoder decoder;
  LedgerFold whole;
  std::uint64_t seq = 0;
  const auto apply = [&](const std::string& json) { whole.apply(decoded(decoder, json), seq++); };
  apply(R"({"event_id":"z","type":"zone.defined","occurred_on":"2012-01-01","data":{"id":"sip","name":"Zone","level":"national"}})");
  whole.apply(seed_model_event(), seq++);
  Numbers numbers;
  constexpr std::size_t kEnterprises = 60;
  for (std::size_t i = 0; i < kEnterprises; ++i) {
    apply(R"({"event_id":"r)" + std::to_string(i) + R"(","type":"enterprise.registered","enterprise":")" + uscc(i) +
          R"(","occurred_on":"2012-03-01","data":{"name":"E)" + std::to_string(i) +
          R"(","zone":"sip","chains":[],"registered_on":"2010-01-01"}})");
  }
  for (int year = 2012; year <= 2021; ++year) {
    for (std::size_t i = 0; i < kEnterprises; ++i) {
      const std::string tag = std::to_string(year) + "-" + std::to_string(i);
      const std::string head = R"(","enterprise":")" + uscc(i) + R"(","occurred_on":")" + std::to_string(year) +
                               R"(-06-01","data":)";
      apply(R"({"event_id":"a)" + tag + R"(","type":"annual_report.filed)" + head + R"({"fiscal_year":)" +
            std::to_string(year) + R"(,"revenue_fen":)" + std::to_string(1000000 + numbers.next(50) * 100000) +
            R"(,"high_tech_revenue_fen":0,"export_revenue_fen":0,"tax_paid_fen":1000,"employees":)" +
            std::to_string(10 + numbers.next(300)) + R"(,"tech_staff":3}})");
      apply(R"({"event_id":"d)" + tag + R"(","type":"rd_expense.filed)" + head + R"({"fiscal_year":)" +
            std::to_string(year) + R"(,"project":"P","category":"personnel","amount_fen":)" +
            std::to_string(1000 + numbers.next(40) * 500) + "}}");
      if (numbers.next(3) == 0) {
        apply(R"({"event_id":"t)" + tag + R"(","type":"tech_contract.registered)" + head + R"({"contract_no":"TC)" +
              tag + R"(","role":"seller","kind":"development","amount_fen":)" +
              std::to_string(100000 + numbers.next(90) * 10000) + "}}");
      }
      if (numbers.next(4) == 0) {
        apply(R"({"event_id":"f)" + tag + R"(","type":"financing.received)" + head +
              R"({"kind":"equity","amount_fen":)" + std::to_string(1000000 + numbers.next(9) * 1000000) +
              R"(,"counterparty":"VC","received_on":")" + std::to_string(year) + R"(-06-01"}})");
      }
      if (year == 2013 && i % 3 == 0) {  // long before any window: counts in every later year
        apply(R"({"event_id":"p)" + tag + R"(","type":"platform.recognized)" + head +
              R"({"kind":"key_lab","level":"municipal","name":"Lab","recognized_on":"2013-06-01"}})");
      }
    }
  }
  std::optional<LedgerFold> read = LedgerFold::decode(whole.encode(), LedgerFold::Validate::framing);
  BOOST_TEST_REQUIRE(read.has_value());
  for (const std::int32_t year : {2022, 2020}) {  // the seed model covers 2020-2025
    const YearBoard objects = whole.year_board(year);
    const YearBoard bytes = read->year_board(year);
    BOOST_TEST_REQUIRE(objects.model != nullptr);
    BOOST_TEST(objects.unreported.size() == 0u);
    BOOST_TEST_REQUIRE(objects.entries.size() == kEnterprises);
    BOOST_TEST(summary(bytes) == summary(objects), boost::test_tools::per_element());
    BOOST_TEST(bytes.normalized_ppm == objects.normalized_ppm, boost::test_tools::per_element());
    for (std::size_t i = 0; i < kEnterprises; ++i) {
      BOOST_TEST(bytes.entries[i].facts->raw_values.values == objects.entries[i].facts->raw_values.values);
      BOOST_TEST(bytes.entries[i].facts->raw_values.present == objects.entries[i].facts->raw_values.present);
    }
  }
}

// Three stages of 25,000 rows each (each normalised on two threads), with ties, absent values and excluded
// rows: every normalised value is the mid-rank percentile formula applied to the stage's ranked peers, and the
// city ranks are the order of totals, ties by USCC.
BOOST_AUTO_TEST_CASE(normalised_values_and_ranks_of_large_stages_follow_the_formula) {
  const ScoringModelPublished data = jifen::test::seed_model_published();
  const ScoringModel model = std::get<ScoringModel>(parse_scoring_model(data.model_jcs));
  const std::size_t width = model.indicators.size();
  constexpr std::size_t kRows = 75000;
  std::vector<std::string> usccs;
  for (std::size_t row = 0; row < kRows; ++row) usccs.push_back(uscc((row * 7919) % kRows));  // not in row order
  RawColumns raws;
  raws.indicator_count = width;
  Numbers numbers;
  for (std::size_t row = 0; row < kRows; ++row) {
    raws.enterprise.push_back(usccs[row]);
    raws.stage.push_back(static_cast<Stage>(row % kStageCount));
    raws.excluded.push_back(numbers.next(50) == 0 ? 1 : 0);
    raws.bonus_milli.push_back(static_cast<std::int64_t>(numbers.next(3)) * 1000);
    raws.penalty_milli.push_back(numbers.next(20) == 0 ? 2000 : 0);
    for (std::size_t k = 0; k < width; ++k) {
      const bool present = numbers.next(10) != 0;
      raws.present.push_back(present ? 1 : 0);
      raws.raw.push_back(present ? static_cast<std::int64_t>(numbers.next(k % 2 == 0 ? 30 : 100000)) : 0);
    }
  }
  const ScoredColumns scored = score_columns(model, raws);
  std::size_t mismatches = 0;
  for (std::size_t stage = 0; stage < kStageCount; ++stage) {
    for (std::size_t k = 0; k < width; ++k) {
      std::vector<std::int64_t> peers;
      for (std::size_t row = stage; row < kRows; row += kStageCount) {
        if (!raws.excluded[row] && raws.present[row * width + k]) peers.push_back(raws.raw[row * width + k]);
      }
      std::sort(peers.begin(), peers.end());
      for (std::size_t row = stage; row < kRows; row += kStageCount) {
        const std::int64_t value = raws.raw[row * width + k];
        std::int64_t expected = 0;
        if (raws.present[row * width + k] && !(model.indicators[k].zero_scores_zero && value == 0)) {
          expected = percentile_ppm(peers, value, raws.excluded[row] != 0);
        }
        mismatches += scored.normalized_ppm[row * width + k] == expected ? 0 : 1;
      }
    }
  }
  BOOST_TEST(mismatches == 0u);
  std::vector<std::size_t> ranked;
  for (std::size_t row = 0; row < kRows; ++row) {
    if (!raws.excluded[row]) ranked.push_back(row);
  }
  std::sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) {
    if (scored.total_milli[a] != scored.total_milli[b]) return scored.total_milli[a] > scored.total_milli[b];
    return usccs[a] < usccs[b];
  });
  std::size_t misranked = 0;
  for (std::size_t position = 0; position < ranked.size(); ++position) {
    misranked += scored.city_rank[ranked[position]] == static_cast<std::int64_t>(position) + 1 ? 0 : 1;
  }
  BOOST_TEST(misranked == 0u);
  BOOST_TEST(ranked.size() > 70000u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::domain
