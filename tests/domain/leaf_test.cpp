// The leaf of the contract: its exact canonical bytes, its strict decoding, and recorded_at timestamps.
#include <boost/test/unit_test.hpp>

#include <string>

#include "domain/leaf.hpp"

namespace jifen::domain {
namespace {

Leaf sample_leaf() {
  Leaf leaf;
  leaf.actor = "k-7f3a";
  leaf.data_sha256 = sha256("{}");
  leaf.enterprise = "91320602MA1WQ7KX3W";
  leaf.event_id = "rd-2021-0001";
  leaf.occurred_on = "2021-12-31";
  leaf.recorded_at = "2022-01-04T08:00:00.000001Z";
  leaf.seq = 17;
  leaf.type = "rd_expense.filed";
  return leaf;
}

bool same_leaf(const Leaf& a, const Leaf& b) {
  return a.actor == b.actor && a.data_sha256 == b.data_sha256 && a.enterprise == b.enterprise &&
         a.event_id == b.event_id && a.occurred_on == b.occurred_on && a.recorded_at == b.recorded_at &&
         a.seq == b.seq && a.type == b.type;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(leaf)

BOOST_AUTO_TEST_CASE(encode_leaf_is_the_contract_form) {
  const Leaf leaf = sample_leaf();
  BOOST_TEST(encode_leaf(leaf) ==
             R"({"actor":"k-7f3a","data_sha256":"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",)"
             R"("enterprise":"91320602MA1WQ7KX3W","event_id":"rd-2021-0001","occurred_on":"2021-12-31",)"
             R"("recorded_at":"2022-01-04T08:00:00.000001Z","seq":17,"type":"rd_expense.filed"})");
  Leaf ledger_level = leaf;
  ledger_level.enterprise.reset();
  ledger_level.seq = 0;
  const std::string encoded = encode_leaf(ledger_level);
  BOOST_TEST(encoded.find("enterprise") == std::string::npos);
  BOOST_TEST(encoded.find(R"("seq":0,)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(decode_leaf_inverts_encode_leaf) {
  Leaf leaf = sample_leaf();
  for (const bool with_enterprise : {true, false}) {
    if (!with_enterprise) leaf.enterprise.reset();
    leaf.actor = "actor \"quoted\" \\ \n 链";
    leaf.seq = 9007199254740991;
    const auto decoded = decode_leaf(encode_leaf(leaf));
    BOOST_REQUIRE(decoded.has_value());
    BOOST_TEST(same_leaf(*decoded, leaf));
  }
}

BOOST_AUTO_TEST_CASE(decode_leaf_refuses_anything_but_the_canonical_form) {
  const std::string canonical = encode_leaf(sample_leaf());
  BOOST_REQUIRE(decode_leaf(canonical).has_value());
  const auto replaced = [&](std::string_view from, std::string_view to) {
    std::string out = canonical;
    out.replace(out.find(from), from.size(), to);
    return out;
  };
  const std::string variants[] = {
      canonical + " ",
      " " + canonical,
      canonical + "\n",
      replaced(R"("actor":)", R"("actor" :)"),
      replaced(R"("seq":17)", R"("seq":017)"),
      replaced(R"("seq":17)", R"("seq":17.0)"),
      replaced(R"("seq":17)", R"("seq":"17")"),
      replaced(R"("seq":17)", R"("seq":-17)"),
      replaced("k-7f3a", R"(k\u002d7f3a)"),
      replaced("k-7f3a", R"(k\/7f3a)"),
      replaced("44136fa3", "44136FA3"),
      replaced("44136fa3", "44136fa"),
      replaced(R"(,"type":"rd_expense.filed")", ""),
      replaced(R"("actor":"k-7f3a",)", ""),
      replaced(R"({"actor":"k-7f3a",)", R"({"actor":"k-7f3a","actor":"k-7f3a",)"),
      replaced(R"("seq":17,"type":"rd_expense.filed")", R"("type":"rd_expense.filed","seq":17)"),
      replaced(R"("type":"rd_expense.filed")", R"("type":"rd_expense.filed","x":1)"),
      replaced("k-7f3a", "k\xff"),  // not UTF-8
      replaced("k-7f3a", "k\t"),    // a raw control character
      canonical.substr(0, canonical.size() - 1),
      "",
      "{}",
  };
  for (const std::string& variant : variants) BOOST_TEST(!decode_leaf(variant).has_value(), variant);
}

BOOST_AUTO_TEST_CASE(read_leaf_fields_reads_what_the_fold_needs_as_views) {
  Leaf leaf = sample_leaf();
  const std::string bytes = encode_leaf(leaf);
  const std::optional<LeafFields> fields = read_leaf_fields(bytes);
  BOOST_TEST_REQUIRE(fields.has_value());
  BOOST_TEST(fields->actor == leaf.actor);
  BOOST_TEST(fields->enterprise.value() == "91320602MA1WQ7KX3W");
  BOOST_TEST(fields->occurred_on == "2021-12-31");
  BOOST_TEST(fields->seq == 17u);
  BOOST_TEST(fields->type == "rd_expense.filed");
  leaf.enterprise.reset();  // a ledger-level event
  const std::string ledger_level_bytes = encode_leaf(leaf);  // the views below point into it
  const std::optional<LeafFields> ledger_level = read_leaf_fields(ledger_level_bytes);
  BOOST_TEST_REQUIRE(ledger_level.has_value());
  BOOST_TEST(!ledger_level->enterprise.has_value());
  BOOST_TEST(ledger_level->type == "rd_expense.filed");
  // Not a leaf's shape: truncated, trailing bytes, a short digest, a key out of order, an escape.
  BOOST_TEST(!read_leaf_fields(bytes.substr(0, bytes.size() - 1)).has_value());
  BOOST_TEST(!read_leaf_fields(bytes + " ").has_value());
  std::string short_digest = bytes;
  short_digest.erase(short_digest.find("44136f"), 2);
  BOOST_TEST(!read_leaf_fields(short_digest).has_value());
  std::string swapped = bytes;
  swapped.replace(swapped.find("\"event_id\""), 10, "\"event_ix\"");
  BOOST_TEST(!read_leaf_fields(swapped).has_value());
  leaf.actor = "k\"7f";  // encoded with an escape: left to decode_leaf
  BOOST_TEST(!read_leaf_fields(encode_leaf(leaf)).has_value());
  BOOST_TEST(decode_leaf(encode_leaf(leaf)).has_value());
}

BOOST_AUTO_TEST_CASE(timestamps_format_and_parse) {
  BOOST_TEST(format_timestamp_us(0) == "1970-01-01T00:00:00.000000Z");
  BOOST_TEST(format_timestamp_us(1640937600000001) == "2021-12-31T08:00:00.000001Z");
  BOOST_TEST(format_timestamp_us(951782400000000) == "2000-02-29T00:00:00.000000Z");
  BOOST_TEST(format_timestamp_us(253402300799999999) == "9999-12-31T23:59:59.999999Z");
  BOOST_TEST(format_timestamp_us(-1) == "1969-12-31T23:59:59.999999Z");
  BOOST_TEST((parse_timestamp_us("2021-12-31T08:00:00.000001Z") == std::optional<std::int64_t>(1640937600000001)));
  BOOST_TEST((parse_timestamp_us("1970-01-01T00:00:00.000000Z") == std::optional<std::int64_t>(0)));
  // Round trips across many instants, leap days and year ends included.
  for (std::int64_t us = 946684800000000; us < 4102444800000000; us += 7777777777777) {
    BOOST_TEST((parse_timestamp_us(format_timestamp_us(us)) == std::optional<std::int64_t>(us)));
  }
}

BOOST_AUTO_TEST_CASE(timestamp_parsing_is_strict) {
  for (const std::string_view bad :
       {"2021-12-31T08:00:00Z", "2021-12-31T08:00:00.00001Z", "2021-12-31T08:00:00.0000001Z",
        "2021-12-31T08:00:00.000001+00:00", "2021-12-31t08:00:00.000001Z", "2021-12-31T08:00:00.000001z",
        "2021-12-31 08:00:00.000001Z", "2021-12-31T24:00:00.000000Z", "2021-12-31T23:60:00.000000Z",
        "2021-12-31T23:59:60.000000Z", "2021-02-29T00:00:00.000000Z", "2021-12-31T08:00:00,000001Z",
        "2021-12-31T8:00:00.0000001Z", "2021-12-31T08:00:00.00000aZ", "", "2021-12-31"}) {
    BOOST_TEST(!parse_timestamp_us(bad).has_value(), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::domain
