// ProjectionState::EnterpriseWalk (the year boards' one pass over every enterprise's records) reads for each
// enterprise exactly what the per-enterprise reads give, with enterprises that have nothing of a kind between
// ones that have, and the years after the last one asked for left out.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "replay/ledger_fixture.hpp"
#include "replay/projection_state.hpp"

using namespace jifen;
using test::LedgerFixture;

namespace {

std::vector<std::uint64_t> seqs_of(const replay::YearFacts& facts) {
  std::vector<std::uint64_t> seqs;
  for (const auto& report : facts.reports) seqs.push_back(report.seq);
  for (const auto& item : facts.rd) seqs.push_back(item.seq);
  for (const auto& item : facts.applications) seqs.push_back(item.seq);
  return seqs;
}

struct WalkLedger : LedgerFixture {
  WalkLedger() {
    // Registered A, B, C; in USCC order they are C, A, B. B has nothing but its registration.
    for (const char* uscc : {test::kUsccA, test::kUsccB, test::kUsccC}) {
      expect_created(post(test::bureau(), registration(uscc, std::string("reg-") + uscc)));
    }
    int report = 0;
    for (const int year : {2019, 2020, 2021}) {
      expect_created(post(test::enterprise(test::kUsccA), annual_report(test::kUsccA, "ar-" + std::to_string(++report), year, 1000000)));
    }
    expect_created(post(test::enterprise(test::kUsccA), rd_expense(test::kUsccA, "rd-a", 5000)));
    expect_created(post(test::enterprise(test::kUsccA),
                        R"({"event_id":"pa","type":"patent.applied","enterprise":")" + std::string(test::kUsccA) +
                            R"(","occurred_on":"2020-05-06","data":{"application_no":"CN201080063196.9","kind":"invention","filed_on":"2020-05-06"}})"));
    expect_created(post(test::enterprise(test::kUsccC), annual_report(test::kUsccC, "ar-c", 2020, 2000000)));
    expect_created(post(test::bureau(),
                        R"({"event_id":"cert-c","type":"certification.granted","enterprise":")" + std::string(test::kUsccC) +
                            R"(","occurred_on":"2020-01-01","data":{"kind":"hnte","cert_no":"GR2020","valid_from":"2020-01-01","valid_to":"2022-12-31"}})"));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(enterprise_walk)

BOOST_FIXTURE_TEST_CASE(the_walk_reads_what_per_enterprise_reads_give, WalkLedger) {
  for (const std::int32_t last_year : {2019, 2020, 2021}) {
    ledger->read_projection([&](const replay::ProjectionState& state) {
      replay::ProjectionState::EnterpriseWalk walk(state, last_year);
      replay::ProjectionState::EnterpriseRecords records;
      std::size_t walked = 0;
      for (const auto& [uscc, enterprise] : state.enterprises()) {
        walk.read(uscc, records);
        ++walked;
        std::size_t years_with_facts = 0;
        for (std::int32_t year = 2018; year <= 2022; ++year) {
          const replay::YearFacts facts = state.year_facts(uscc, year);
          const auto found = std::find_if(records.years.begin(), records.years.end(),
                                          [&](const auto& item) { return item.first == year; });
          if (year > last_year || seqs_of(facts).empty()) {
            BOOST_TEST((found == records.years.end()), uscc << " year " << year << " last " << last_year);
            continue;
          }
          ++years_with_facts;
          BOOST_TEST_REQUIRE((found != records.years.end()), uscc << " year " << year);
          BOOST_TEST(seqs_of(found->second) == seqs_of(facts), boost::test_tools::per_element());
        }
        BOOST_TEST(records.years.size() == years_with_facts);
        BOOST_TEST(records.patents.size() == state.patents(uscc).size());
        BOOST_TEST(records.certifications.size() == state.certifications(uscc).size());
        BOOST_TEST(records.incidents.size() == state.incidents(uscc).size());
      }
      BOOST_TEST(walked == 3u);
    });
  }
  // The fixture is what the test means: A has a patent, C a certification, B nothing.
  ledger->read_projection([&](const replay::ProjectionState& state) {
    BOOST_TEST(state.patents(test::kUsccA).size() == 1u);
    BOOST_TEST(state.certifications(test::kUsccC).size() == 1u);
    BOOST_TEST(state.year_facts(test::kUsccB, 2020).reports.empty());
    BOOST_TEST(state.year_facts(test::kUsccA, 2021).reports.size() == 1u);
  });
}

BOOST_AUTO_TEST_SUITE_END()
