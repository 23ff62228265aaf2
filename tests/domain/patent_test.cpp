// Chinese patent application numbers: the example passes, every one-character typo is caught, and the
// parsed parts are right. Expectations come from a plain reference implementation of DOMAIN.md's rule.
#include <boost/test/unit_test.hpp>

#include <string>

#include "domain/event.hpp"
#include "domain/identifiers.hpp"

namespace jifen::domain {
namespace {

// Reference: CN?, 12 digits (year from 1985, type 1/2/3/8/9), '.', check = sum d_i * w_i mod 11, 10 = X.
bool reference_valid(std::string_view text) {
  if (text.size() == 16 && text.substr(0, 2) == "CN") text.remove_prefix(2);
  if (text.size() != 14 || text[12] != '.') return false;
  const int weights[12] = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
  int sum = 0;
  for (std::size_t i = 0; i < 12; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    sum += (text[i] - '0') * weights[i];
  }
  const int year = std::stoi(std::string(text.substr(0, 4)));
  if (year < 1985) return false;
  if (std::string_view("12389").find(text[4]) == std::string_view::npos) return false;
  const int check = sum % 11;
  return text[13] == (check == 10 ? 'X' : static_cast<char>('0' + check));
}

bool library_valid(std::string_view text) {
  const PatentParse parse = parse_patent_number(text);
  BOOST_TEST(parse.number.has_value() == parse.error.empty(), text);
  return parse.number.has_value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(patent)

BOOST_AUTO_TEST_CASE(the_example_is_valid_with_and_without_cn) {
  for (const std::string_view text : {"CN201080063196.9", "201080063196.9"}) {
    BOOST_TEST(reference_valid(text));
    const PatentParse parse = parse_patent_number(text);
    BOOST_REQUIRE(parse.number.has_value());
    BOOST_TEST(parse.number->year == 2010);
    BOOST_TEST((parse.number->type == PatentType::pct_invention));
    BOOST_TEST(parse.number->serial == 63196u);
    BOOST_TEST(parse.number->check == '9');
    BOOST_TEST(parse.number->canonical() == "CN201080063196.9");
    BOOST_TEST(parse.number->is_pct());
    BOOST_TEST((patent_kind_of(parse.number->type) == PatentKind::invention));
  }
  BOOST_TEST(patent_check_digit("201080063196") == '9');
}

BOOST_AUTO_TEST_CASE(every_single_character_typo_is_caught) {
  const std::string alphabet = "0123456789X.CNxcn -/";
  std::size_t mutations = 0;
  for (const std::string_view valid : {"CN201080063196.9", "201080063196.9"}) {
    for (std::size_t position = 0; position < valid.size(); ++position) {
      for (const char replacement : alphabet) {
        if (replacement == valid[position]) continue;
        std::string mutated(valid);
        mutated[position] = replacement;
        const bool expected = reference_valid(mutated);
        // Every weight is 2..9, never a multiple of 11: a changed digit always changes the check.
        BOOST_TEST(!expected, mutated);
        BOOST_TEST(library_valid(mutated) == expected, mutated);
        ++mutations;
      }
    }
  }
  BOOST_TEST(mutations > 500u);
}

BOOST_AUTO_TEST_CASE(check_digit_x_and_every_type) {
  // Walk many digit strings; whatever the library computes, the reference accepts, 'X' included.
  int x_seen = 0;
  for (int serial = 0; serial < 3000; ++serial) {
    for (const char type : std::string_view("12389")) {
      std::string digits = "2019";
      digits.push_back(type);
      const std::string tail = std::to_string(1000000 + serial * 331);
      digits += tail.substr(tail.size() - 7);
      const char check = patent_check_digit(digits);
      if (check == 'X') ++x_seen;
      const std::string number = "CN" + digits + "." + check;
      BOOST_TEST(reference_valid(number), number);
      BOOST_TEST(library_valid(number), number);
      const PatentParse parse = parse_patent_number(number);
      BOOST_TEST(parse.number->canonical() == number);
    }
  }
  BOOST_TEST(x_seen > 0);
}

BOOST_AUTO_TEST_CASE(types_and_kinds) {
  const std::pair<char, PatentKind> expected[] = {{'1', PatentKind::invention}, {'2', PatentKind::utility},
                                                  {'3', PatentKind::design},    {'8', PatentKind::invention},
                                                  {'9', PatentKind::utility}};
  for (const auto& [digit, kind] : expected) {
    std::string digits = "20211";
    digits[4] = digit;
    digits += "0001234";
    const PatentParse parse = parse_patent_number(digits + "." + patent_check_digit(digits));
    BOOST_REQUIRE(parse.number.has_value());
    BOOST_TEST((patent_kind_of(parse.number->type) == kind));
    BOOST_TEST(parse.number->is_pct() == (digit == '8' || digit == '9'));
  }
  for (const char digit : std::string_view("04567")) {
    std::string digits = "20211";
    digits[4] = digit;
    digits += "0001234";
    const PatentParse parse = parse_patent_number(digits + "." + patent_check_digit(digits));
    BOOST_TEST(!parse.number.has_value());
    BOOST_TEST(parse.error.find("type digit") != std::string::npos, parse.error);
  }
}

BOOST_AUTO_TEST_CASE(messages_say_what_is_wrong) {
  BOOST_TEST(parse_patent_number("CN201080063196.8").error.find("check digit") != std::string::npos);
  BOOST_TEST(parse_patent_number("CN201080063196").error.find("characters") != std::string::npos);
  BOOST_TEST(parse_patent_number("CN2010800631969.").error.find("'.'") != std::string::npos);
  BOOST_TEST(parse_patent_number("").error.size() > 0u);
  BOOST_TEST(!parse_patent_number("cn201080063196.9").number.has_value());
  BOOST_TEST(!parse_patent_number("ZL201080063196.9").number.has_value());
  BOOST_TEST(!parse_patent_number("CN 201080063196.9").number.has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::domain
