// The JSON renderers of server/json_render.hpp on hand-built values.
#include <boost/test/unit_test.hpp>
#include <limits>
#include <string>

#include "server/json_render.hpp"

using namespace jifen;

namespace {

// A receipt as long as one gets: 20-digit numbers, a long event id, a signed note and a 64-hash proof.
replay::Receipt longest_receipt() {
  constexpr std::uint64_t kLargest = std::numeric_limits<std::uint64_t>::max();
  replay::Receipt receipt;
  receipt.seq = kLargest;
  receipt.event_id = std::string(128, 'e');
  receipt.leaf_hash.fill(0xff);
  receipt.recorded_at = "2026-12-04T19:40:00.123456Z";
  receipt.tree_size = kLargest;
  receipt.checkpoint = "jifen.local/ledger\n18446744073709551615\n" + std::string(44, 'r') +
                       "\n\n\u2014 jifen.local/ledger " + std::string(88, 's') + "\n";
  receipt.checkpoint_tree_size = kLargest;
  receipt.inclusion_proof.resize(64);
  for (domain::Digest& hash : receipt.inclusion_proof) hash.fill(0xee);
  return receipt;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_render)

BOOST_AUTO_TEST_CASE(a_receipt_renders_within_the_room_reserved_for_it) {
  replay::Receipt receipt = longest_receipt();
  std::string rendered = server::render_receipt_json(receipt);
  BOOST_TEST(rendered.size() <= server::receipt_json_bytes_estimate(receipt));
  BOOST_TEST(rendered.find("\"seq\":18446744073709551615,") != std::string::npos);
  BOOST_TEST(rendered.back() == '}');

  receipt.checkpoint.clear();  // no checkpoint: no note, tree size or proof rendered
  receipt.inclusion_proof.clear();
  rendered = server::render_receipt_json(receipt);
  BOOST_TEST(rendered.size() <= server::receipt_json_bytes_estimate(receipt));
  BOOST_TEST(rendered.find("checkpoint") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
