// RFC 8785 (JCS) canonical JSON: string escapes, member order by UTF-16 code units, nesting, UTF-8 passed
// through raw, integers in plain decimal.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include "domain/canonical_json.hpp"
#include "domain/codec.hpp"

namespace jifen::domain {
namespace {

std::string json_string(std::string_view utf8) {
  std::string out;
  append_json_string(out, utf8);
  return out;
}

// The canonical form of `model` as the codec computes it for scoring_model.published.
std::string canonical_model(EventDecoder& decoder, std::string_view model) {
  const std::string json = R"({"event_id":"m","type":"scoring_model.published","occurred_on":"2021-01-01",)"
                           R"("data":{"version":"v1","years":[2021,2021],"model":)" +
                           std::string(model) + "}}";
  DecodeResult result = decoder.decode(json);
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<Event>(result), "not valid: " << json);
  return std::get<ScoringModelPublished>(std::get<Event>(result).data).model_jcs;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(jcs)

BOOST_AUTO_TEST_CASE(string_escapes) {
  BOOST_TEST(json_string("") == R"("")");
  BOOST_TEST(json_string("plain") == R"("plain")");
  BOOST_TEST(json_string("\"") == R"("\"")");
  BOOST_TEST(json_string("\\") == R"("\\")");
  BOOST_TEST(json_string("/") == R"("/")");  // never escaped
  BOOST_TEST(json_string("\b\f\n\r\t") == R"("\b\f\n\r\t")");
  BOOST_TEST(json_string(std::string_view("\x00\x01\x1f", 3)) == R"("\u0000\u0001\u001f")");
  BOOST_TEST(json_string("\x0b\x1b") == R"("\u000b\u001b")");  // lowercase hex
  BOOST_TEST(json_string("\x7f") == "\"\x7f\"");              // DEL is not a C0 control
  BOOST_TEST(json_string("链€😀") == "\"链€😀\"");          // UTF-8 passes through raw
  BOOST_TEST(json_string("a\"b\\c\nd") == R"("a\"b\\c\nd")");
}

BOOST_AUTO_TEST_CASE(member_order_is_by_utf16_code_units) {
  // RFC 8785 section 3.2.3's example, in its expected order.
  const std::vector<std::string> expected = {"\r", "1", "</script>", "\xc2\x80", "\xc3\xb6", "\xe2\x82\xac",
                                             "\xf0\x9f\x98\x80", "\xef\xac\xb3"};
  std::vector<std::string> keys = {"\xe2\x82\xac", "\r", "\xef\xac\xb3", "1", "\xf0\x9f\x98\x80", "\xc2\x80",
                                   "\xc3\xb6", "</script>"};
  std::sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) { return jcs_key_less(a, b); });
  BOOST_TEST(keys == expected, boost::test_tools::per_element());
  BOOST_TEST(jcs_key_less("a", "ab"));
  BOOST_TEST(!jcs_key_less("ab", "a"));
  BOOST_TEST(!jcs_key_less("a", "a"));
  BOOST_TEST(jcs_key_less("A", "a"));
  // The same through the codec: a U+1F600 key sorts before a U+FB33 key, unlike in UTF-8 byte order.
  EventDecoder decoder;
  BOOST_TEST(canonical_model(decoder, R"({"\ufb33":1,"\ud83d\ude00":2,"\u20ac":3,"1":4,"\r":5})") ==
             "{\"\\r\":5,\"1\":4,\"\xe2\x82\xac\":3,\"\xf0\x9f\x98\x80\":2,\"\xef\xac\xb3\":1}");
}

BOOST_AUTO_TEST_CASE(nested_objects_and_arrays) {
  EventDecoder decoder;
  BOOST_TEST(canonical_model(decoder, R"( { "b" : [ 3 , { "z" : 1 , "a" : [ ] } , [ ] , { } ] , "a" : { "d" : null ,
      "c" : true , "b" : false } } )") == R"({"a":{"b":false,"c":true,"d":null},"b":[3,{"a":[],"z":1},[],{}]})");
  // Arrays keep their order; only object members are sorted.
  BOOST_TEST(canonical_model(decoder, R"({"x":[3,1,2],"w":["b","a"]})") == R"({"w":["b","a"],"x":[3,1,2]})");
}

BOOST_AUTO_TEST_CASE(strings_and_numbers) {
  EventDecoder decoder;
  // Escapes are undone and redone the canonical way: \u00e9 becomes raw UTF-8, \/ becomes /, \u001F lowercase.
  BOOST_TEST(canonical_model(decoder, R"({"s":"caf\u00e9 \/ \u001F \u0000 \"q\" \t"})") ==
             "{\"s\":\"caf\xc3\xa9 / \\u001f \\u0000 \\\"q\\\" \\t\"}");
  BOOST_TEST(canonical_model(decoder, R"({"n":[0,-0,1,-1,9007199254740991,-9007199254740991,100]})") ==
             R"({"n":[0,0,1,-1,9007199254740991,-9007199254740991,100]})");
  BOOST_TEST(canonical_model(decoder, R"({"emoji":"\ud83d\ude00","han":"链"})") ==
             "{\"emoji\":\"\xf0\x9f\x98\x80\",\"han\":\"\xe9\x93\xbe\"}");
}

BOOST_AUTO_TEST_CASE(data_jcs_is_the_canonical_data) {
  EventDecoder decoder;
  DecodeResult result = decoder.decode(
      R"({"event_id":"e","type":"financing.received","enterprise":"91350100M000100Y43","occurred_on":"2021-06-30",)"
      R"("data":{ "received_on":"2021-06-30", "kind":"equity", "counterparty":"\u6c5f\u82cf \"VC\"",)"
      R"( "amount_fen": 100 }})");
  BOOST_REQUIRE(std::holds_alternative<Event>(result));
  BOOST_TEST(std::get<Event>(result).data_jcs ==
             "{\"amount_fen\":100,\"counterparty\":\"\xe6\xb1\x9f\xe8\x8b\x8f \\\"VC\\\"\",\"kind\":\"equity\","
             "\"received_on\":\"2021-06-30\"}");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::domain
