// Hex, base64 and dates.
#include <boost/test/unit_test.hpp>

#include <string>

#include "domain/types.hpp"

namespace jifen::domain {

BOOST_AUTO_TEST_SUITE(types)

BOOST_AUTO_TEST_CASE(hex_round_trips) {
  BOOST_TEST(to_hex(std::string_view("")) == "");
  BOOST_TEST(to_hex(std::string_view("\x00\x01\xab\xff", 4)) == "0001abff");
  Digest digest{};
  for (std::size_t i = 0; i < digest.size(); ++i) digest[i] = static_cast<std::uint8_t>(i * 8 + 1);
  const std::string hex = to_hex(digest);
  BOOST_TEST(hex.size() == 64u);
  BOOST_TEST((digest_from_hex(hex) == std::optional<Digest>(digest)));
  BOOST_TEST(!digest_from_hex(hex.substr(1)).has_value());
  std::string upper = hex;
  upper[1] = 'F';
  BOOST_TEST(!digest_from_hex(upper).has_value());  // lowercase only
  BOOST_TEST(!digest_from_hex(std::string(64, 'g')).has_value());
}

BOOST_AUTO_TEST_CASE(base64_rfc4648_vectors) {
  const std::pair<std::string_view, std::string_view> vectors[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    BOOST_TEST(to_base64(plain) == encoded);
    BOOST_TEST((from_base64(encoded) == std::optional<std::string>(plain)));
  }
  const std::string all_bytes = [] {
    std::string out;
    for (int i = 0; i < 256; ++i) out.push_back(static_cast<char>(i));
    return out;
  }();
  BOOST_TEST((from_base64(to_base64(all_bytes)) == std::optional<std::string>(all_bytes)));
  BOOST_TEST(to_base64(std::string_view("\xfb\xff", 2)) == "+/8=");
}

BOOST_AUTO_TEST_CASE(append_base64_appends_what_to_base64_returns) {
  for (const std::string_view plain : {"", "f", "fo", "foo", "foob"}) {
    std::string out = "\"prefix\":\"";
    append_base64(out, plain);
    BOOST_TEST(out == "\"prefix\":\"" + to_base64(plain));
  }
  Digest digest{};
  for (std::size_t i = 0; i < digest.size(); ++i) digest[i] = static_cast<std::uint8_t>(i * 7);
  std::string out = "x";
  append_base64(out, digest);
  BOOST_TEST(out == "x" + to_base64(digest));
  BOOST_TEST(out.size() == 1u + 44u);
}

BOOST_AUTO_TEST_CASE(base64_decoding_is_strict) {
  for (const std::string_view bad : {"Zg", "Zg=", "Zg===", "Z===", "Zm9v\n", " Zm9v", "Zm 9v", "Zm9v====", "Zh==",
                                     "Zm9=", "Zg==Zg==", "Zm-v", "Zm_v", "=Zm9", "Zm=v"}) {
    BOOST_TEST(!from_base64(bad).has_value(), bad);
  }
}

BOOST_AUTO_TEST_CASE(dates_parse_strictly) {
  BOOST_TEST((Date::parse("2021-12-31") == std::optional<Date>(Date{2021, 12, 31})));
  BOOST_TEST((Date::parse("2020-02-29") == std::optional<Date>(Date{2020, 2, 29})));
  BOOST_TEST((Date::parse("2000-02-29") == std::optional<Date>(Date{2000, 2, 29})));
  BOOST_TEST((Date::parse("1900-01-01") == std::optional<Date>(Date{1900, 1, 1})));
  BOOST_TEST((Date::parse("9999-12-31") == std::optional<Date>(Date{9999, 12, 31})));
  for (const std::string_view bad :
       {"2021-02-29", "1900-02-29", "2100-02-29", "2021-04-31", "2021-13-01", "2021-00-10", "2021-01-00",
        "2021-01-32", "1899-12-31", "0000-01-01", "2021-1-01", "2021-01-1", "21-01-01", "2021/01/01", "2021-01-01 ",
        " 2021-01-01", "2021-01-01T00:00:00Z", "20210101", "2021-0a-01", "+021-01-01", "", "２０２１-01-01"}) {
    BOOST_TEST(!Date::parse(bad).has_value(), bad);
  }
}

BOOST_AUTO_TEST_CASE(dates_print_and_order) {
  BOOST_TEST((Date{2021, 1, 5}.to_string() == "2021-01-05"));
  BOOST_TEST((Date{1900, 12, 31}.to_string() == "1900-12-31"));
  BOOST_TEST((Date{2021, 1, 5} < Date{2021, 2, 1}));
  BOOST_TEST((Date{2020, 12, 31} < Date{2021, 1, 1}));
  // Every day of a leap and a common year round trips.
  for (const int year : {2020, 2021}) {
    int days = 0;
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= 31; ++day) {
        const Date date{year, month, day};
        const auto parsed = Date::parse(date.to_string());
        if (parsed) {
          BOOST_TEST((*parsed == date));
          ++days;
        }
      }
    }
    BOOST_TEST(days == (year == 2020 ? 366 : 365));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::domain
