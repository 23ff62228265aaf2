// JSONTestSuite's parsing cases as event bodies: n_ cases are malformed; y_ cases are valid JSON but never
// a valid event (malformed when not an object, else invalid); i_ cases are malformed or invalid, as listed
// below, and never an event or a crash.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <variant>

#include <simdjson.h>

#include "domain/codec.hpp"

namespace jifen::domain {
namespace {

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::filesystem::path> suite_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(JIFEN_VECTORS_DIR) / "jsontestsuite")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Where each implementation-defined case lands (simdjson 3.0.1 is the parser). Every one is malformed:
// - integers beyond the 64-bit range and exponents beyond double's range are parse errors ("Problem while
//   parsing a number"): i_number_huge_exp, _neg_int_huge_exp, _pos_double_huge_exp, _real_neg_overflow,
//   _real_pos_overflow, _too_big_neg_int, _too_big_pos_int, _very_big_negative_int;
// - underflowing exponents parse (as the double 0), but the document is an array, not an event:
//   i_number_double_huge_neg_exp, i_number_real_underflow;
// - lone, inverted or incomplete surrogate escapes are string errors: i_object_key_lone_2nd_surrogate and
//   the i_string_*surrogate* cases;
// - bytes that are not UTF-8 (invalid sequences, overlong forms, Latin-1, code points beyond U+10FFFF,
//   encoded surrogates, truncated or lone continuation bytes) fail UTF-8 validation;
// - UTF-16 input (with or without a BOM) reads as unescaped control characters inside strings;
// - a UTF-8 byte order mark is not skipped: i_structure_UTF-8_BOM_empty_object is a structure error;
// - 500 nested arrays exceed the nesting limit (kJsonDepthMax = 64).
// Inside an event's object, a number that parses as a double (1e-400) is `invalid` at its field instead.
const std::map<std::string, DecodeErrorKind, std::less<>> kImplementationDefined = {
    {"i_number_double_huge_neg_exp.json", DecodeErrorKind::malformed},
    {"i_number_huge_exp.json", DecodeErrorKind::malformed},
    {"i_number_neg_int_huge_exp.json", DecodeErrorKind::malformed},
    {"i_number_pos_double_huge_exp.json", DecodeErrorKind::malformed},
    {"i_number_real_neg_overflow.json", DecodeErrorKind::malformed},
    {"i_number_real_pos_overflow.json", DecodeErrorKind::malformed},
    {"i_number_real_underflow.json", DecodeErrorKind::malformed},
    {"i_number_too_big_neg_int.json", DecodeErrorKind::malformed},
    {"i_number_too_big_pos_int.json", DecodeErrorKind::malformed},
    {"i_number_very_big_negative_int.json", DecodeErrorKind::malformed},
    {"i_object_key_lone_2nd_surrogate.json", DecodeErrorKind::malformed},
    {"i_string_1st_surrogate_but_2nd_missing.json", DecodeErrorKind::malformed},
    {"i_string_1st_valid_surrogate_2nd_invalid.json", DecodeErrorKind::malformed},
    {"i_string_UTF-16LE_with_BOM.json", DecodeErrorKind::malformed},
    {"i_string_UTF-8_invalid_sequence.json", DecodeErrorKind::malformed},
    {"i_string_UTF8_surrogate_U+D800.json", DecodeErrorKind::malformed},
    {"i_string_incomplete_surrogate_and_escape_valid.json", DecodeErrorKind::malformed},
    {"i_string_incomplete_surrogate_pair.json", DecodeErrorKind::malformed},
    {"i_string_incomplete_surrogates_escape_valid.json", DecodeErrorKind::malformed},
    {"i_string_invalid_lonely_surrogate.json", DecodeErrorKind::malformed},
    {"i_string_invalid_surrogate.json", DecodeErrorKind::malformed},
    {"i_string_invalid_utf-8.json", DecodeErrorKind::malformed},
    {"i_string_inverted_surrogates_U+1D11E.json", DecodeErrorKind::malformed},
    {"i_string_iso_latin_1.json", DecodeErrorKind::malformed},
    {"i_string_lone_second_surrogate.json", DecodeErrorKind::malformed},
    {"i_string_lone_utf8_continuation_byte.json", DecodeErrorKind::malformed},
    {"i_string_not_in_unicode_range.json", DecodeErrorKind::malformed},
    {"i_string_overlong_sequence_2_bytes.json", DecodeErrorKind::malformed},
    {"i_string_overlong_sequence_6_bytes.json", DecodeErrorKind::malformed},
    {"i_string_overlong_sequence_6_bytes_null.json", DecodeErrorKind::malformed},
    {"i_string_truncated-utf-8.json", DecodeErrorKind::malformed},
    {"i_string_utf16BE_no_BOM.json", DecodeErrorKind::malformed},
    {"i_string_utf16LE_no_BOM.json", DecodeErrorKind::malformed},
    {"i_structure_500_nested_arrays.json", DecodeErrorKind::malformed},
    {"i_structure_UTF-8_BOM_empty_object.json", DecodeErrorKind::malformed},
};

std::string_view kind_name(DecodeErrorKind kind) { return kind == DecodeErrorKind::malformed ? "malformed" : "invalid"; }

}  // namespace

BOOST_AUTO_TEST_SUITE(jsontestsuite)

BOOST_AUTO_TEST_CASE(every_parsing_case_gets_the_documented_answer) {
  EventDecoder decoder;
  simdjson::dom::parser reference;
  std::map<char, std::size_t> counts;
  for (const auto& path : suite_files()) {
    const std::string name = path.filename().string();
    const std::string body = read_bytes(path);
    const DecodeResult result = decoder.decode(body);
    const auto* error = std::get_if<DecodeError>(&result);
    BOOST_TEST_REQUIRE(error != nullptr, name << " decoded as an event");
    BOOST_TEST(!error->detail.empty(), name);
    counts[name[0]] += 1;
    if (name[0] == 'n') {
      BOOST_TEST(kind_name(error->kind) == "malformed", name);
    } else if (name[0] == 'y') {
      simdjson::dom::element root;
      BOOST_TEST_REQUIRE(!reference.parse(body).get(root), name << " should be valid JSON");
      const bool object = root.type() == simdjson::dom::element_type::OBJECT;
      BOOST_TEST(kind_name(error->kind) == (object ? "invalid" : "malformed"), name);
      if (object) BOOST_TEST(!error->errors.empty(), name);
    } else {
      const auto expected = kImplementationDefined.find(name);
      BOOST_TEST_REQUIRE((expected != kImplementationDefined.end()), name << " is not documented");
      BOOST_TEST(kind_name(error->kind) == kind_name(expected->second), name);
    }
  }
  BOOST_TEST(counts['y'] == 95u);
  BOOST_TEST(counts['n'] == 188u);
  BOOST_TEST(counts['i'] == 35u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::domain
