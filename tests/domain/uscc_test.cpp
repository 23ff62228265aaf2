// USCC (GB 32100-2015): the valid examples pass, and every one-character typo of them is caught. The
// expectation comes from a second, deliberately plain implementation written from DOMAIN.md.
#include <boost/test/unit_test.hpp>

#include <string>

#include "domain/identifiers.hpp"

namespace jifen::domain {
namespace {

constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::string_view kValid[] = {"91350100M000100Y43", "91320621MA1MRHG205", "91110000600037341L"};

// Reference: weights 3^(i-1) mod 31, check = charset[(31 - sum mod 31) mod 31].
bool reference_valid(std::string_view text) {
  if (text.size() != 18) return false;
  int sum = 0;
  int weight = 1;
  for (std::size_t i = 0; i < 17; ++i) {
    const std::size_t value = kCharset.find(text[i]);
    if (value == std::string_view::npos) return false;
    sum += static_cast<int>(value) * weight;
    weight = weight * 3 % 31;
  }
  if (kCharset.find(text[17]) == std::string_view::npos) return false;
  return text[17] == kCharset[static_cast<std::size_t>((31 - sum % 31) % 31)];
}

// Every character a typo could produce: the whole set, and the letters and bytes outside it.
std::string typo_alphabet() {
  std::string out(kCharset);
  out += "IOSVZabcdefghijklmnopqrstuvwxyz -./\t";
  out.push_back('\0');
  out.push_back('\xC3');
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(uscc)

BOOST_AUTO_TEST_CASE(the_examples_are_valid) {
  for (const std::string_view text : kValid) {
    BOOST_TEST(reference_valid(text), text);
    BOOST_TEST(uscc_valid(text), text);
    BOOST_TEST(!uscc_error(text).has_value());
    BOOST_TEST((uscc_check_character(text.substr(0, 17)) == std::optional<char>(text[17])));
  }
}

BOOST_AUTO_TEST_CASE(every_single_character_typo_is_caught) {
  const std::string alphabet = typo_alphabet();
  std::size_t mutations = 0;
  for (const std::string_view valid : kValid) {
    for (std::size_t position = 0; position < valid.size(); ++position) {
      for (const char replacement : alphabet) {
        if (replacement == valid[position]) continue;
        std::string mutated(valid);
        mutated[position] = replacement;
        const bool expected = reference_valid(mutated);
        // The weights are all non-zero modulo the prime 31, so no substitution can keep the check right.
        BOOST_TEST(!expected);
        BOOST_TEST(uscc_valid(mutated) == expected, mutated);
        ++mutations;
      }
    }
  }
  BOOST_TEST(mutations > 3u * 18u * 30u);
}

BOOST_AUTO_TEST_CASE(insertions_and_deletions_are_caught) {
  for (const std::string_view valid : kValid) {
    for (std::size_t position = 0; position <= valid.size(); ++position) {
      std::string longer(valid);
      longer.insert(position, 1, '0');
      BOOST_TEST(!uscc_valid(longer));
      if (position < valid.size()) {
        std::string shorter(valid);
        shorter.erase(position, 1);
        BOOST_TEST(!uscc_valid(shorter));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(messages_say_what_is_wrong) {
  const auto length = uscc_error("91350100M000100Y4");
  BOOST_REQUIRE(length.has_value());
  BOOST_TEST(length->find("18 characters") != std::string::npos, *length);
  BOOST_TEST(length->find("17") != std::string::npos, *length);

  const auto outside = uscc_error("91350100M0001O0Y43");
  BOOST_REQUIRE(outside.has_value());
  BOOST_TEST(outside->find("'O'") != std::string::npos, *outside);
  BOOST_TEST(outside->find("position 14") != std::string::npos, *outside);

  const auto lower = uscc_error("91350100m000100Y43");
  BOOST_REQUIRE(lower.has_value());
  BOOST_TEST(lower->find("upper case") != std::string::npos, *lower);

  const auto check = uscc_error("91350100M000100Y44");
  BOOST_REQUIRE(check.has_value());
  BOOST_TEST(check->find("check character") != std::string::npos, *check);
  BOOST_TEST(check->find("'3'") != std::string::npos, *check);

  BOOST_TEST(uscc_error("").has_value());
  BOOST_TEST(!uscc_check_character("91350100M0001O0Y4").has_value());
}

BOOST_AUTO_TEST_CASE(check_character_matches_the_reference_for_many_bodies) {
  // A deterministic walk over bodies: the library's check character always makes the reference happy.
  std::string body = "9132000000000000A";
  for (std::size_t step = 0; step < 5000; ++step) {
    const std::size_t position = (step * 7) % 17;
    body[position] = kCharset[(step * 13 + position) % kCharset.size()];
    const auto check = uscc_check_character(body);
    BOOST_REQUIRE(check.has_value());
    BOOST_TEST(reference_valid(body + *check), body);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::domain
