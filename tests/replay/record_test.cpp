// replay_event(): the decode of a stored record that rebuild and the as_of fold replay.
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

#include "domain/leaf.hpp"
#include "replay/record.hpp"

namespace jifen::replay {
namespace {

constexpr std::string_view kData = R"({"amount_fen":120000,"category":"personnel","fiscal_year":2021,"project":"P-01"})";

domain::Leaf rd_leaf(std::uint64_t seq) {
  domain::Leaf leaf;
  leaf.actor = "k-7f3a";
  leaf.data_sha256 = domain::sha256(kData);
  leaf.enterprise = "91320602MA1WQ7KX3W";
  leaf.event_id = "rd-2021-0001";
  leaf.occurred_on = "2021-12-31";
  leaf.recorded_at = "2022-01-04T08:00:00.000001Z";
  leaf.seq = seq;
  leaf.type = "rd_expense.filed";
  return leaf;
}

void check_rd_event(const ReplayedEvent& replayed, std::string_view actor) {
  BOOST_TEST(replayed.actor == actor);
  const domain::Event& event = replayed.event;
  BOOST_TEST((event.type == domain::EventType::rd_expense_filed));
  BOOST_TEST(event.enterprise.value() == "91320602MA1WQ7KX3W");
  BOOST_TEST(event.occurred_on.to_string() == "2021-12-31");
  const auto& data = std::get<domain::RdExpenseFiled>(event.data);
  BOOST_TEST(data.fiscal_year == 2021);
  BOOST_TEST(data.project == "P-01");
  BOOST_TEST((data.category == domain::RdCategory::personnel));
  BOOST_TEST(data.amount.value == 120000);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(replay_event_decode)

BOOST_AUTO_TEST_CASE(reads_the_leaf_as_views_and_types_the_data) {
  domain::EventDecoder decoder;
  check_rd_event(replay_event(17, domain::encode_leaf(rd_leaf(17)), kData, decoder), "k-7f3a");
}

BOOST_AUTO_TEST_CASE(a_leaf_with_an_escape_goes_through_the_strict_decoder) {
  domain::EventDecoder decoder;
  domain::Leaf leaf = rd_leaf(3);
  leaf.actor = "k\"7f";  // JSON-escaped in the leaf: read_leaf_fields leaves it to decode_leaf
  const std::string bytes = domain::encode_leaf(leaf);
  BOOST_TEST_REQUIRE(!domain::read_leaf_fields(bytes).has_value());
  check_rd_event(replay_event(3, bytes, kData, decoder), "k\"7f");
}

BOOST_AUTO_TEST_CASE(refuses_another_seq_a_broken_leaf_and_data_that_does_not_decode) {
  domain::EventDecoder decoder;
  const std::string leaf = domain::encode_leaf(rd_leaf(17));
  BOOST_CHECK_THROW(replay_event(18, leaf, kData, decoder), std::runtime_error);
  BOOST_CHECK_THROW(replay_event(17, leaf.substr(1), kData, decoder), std::runtime_error);
  BOOST_CHECK_THROW(replay_event(17, leaf, R"({"amount_fen":1,"fiscal_year":2021})", decoder), std::runtime_error);
  BOOST_CHECK_THROW(replay_event(17, leaf, R"({"amount_fen":1.5,"category":"personnel","fiscal_year":2021,"project":"P-01"})", decoder),
                    std::runtime_error);
  BOOST_CHECK_THROW(replay_event(17, leaf, R"({"amount_fen":1,"category":"personnel","fiscal_year":2021,"project":"P-01","x":0})", decoder),
                    std::runtime_error);
  domain::Leaf unknown = rd_leaf(17);
  unknown.type = "rd_expense.invented";
  BOOST_CHECK_THROW(replay_event(17, domain::encode_leaf(unknown), kData, decoder), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::replay
