// End-to-end: every JSONTestSuite parsing case posted to /v1/events with a valid bureau key.
//   n_ (must reject) → 400; y_ (valid JSON, never a valid event) → 422, or 400 when not an object;
//   i_ (either) → some 4xx. Nothing is ever appended.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "e2e_support.hpp"

using namespace jifen::e2e;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// True when the first non-whitespace byte opens an object.
bool looks_like_object(const std::string& body) {
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  return first != std::string::npos && body[first] == '{';
}

}  // namespace

BOOST_AUTO_TEST_SUITE(e2e_jsontestsuite)

BOOST_AUTO_TEST_CASE(every_case_is_refused_and_nothing_appended) {
  Environment& env = shared_environment();
  const std::uint64_t before = env.tree_size();
  std::size_t cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(JIFEN_VECTORS_DIR) / "jsontestsuite")) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json") continue;
    const std::string body = read_file(entry.path());
    const HttpResponse response = env.post("/v1/events", env.bureau_key, body);
    ++cases;
    BOOST_TEST_CONTEXT(name << " -> " << response.status << " " << response.body.substr(0, 200)) {
      BOOST_TEST(response.header("content-type") == "application/problem+json");
      BOOST_TEST(json_unsigned(response.body, "/status").value_or(0) == response.status);  // valid UTF-8 JSON
      if (name.starts_with("n_")) {
        BOOST_TEST(response.status == 400u);
      } else if (name.starts_with("y_")) {
        BOOST_TEST((response.status == 422u || (response.status == 400u && !looks_like_object(body))));
      } else {
        BOOST_TEST((response.status >= 400u && response.status < 500u));
      }
    }
  }
  BOOST_TEST(cases >= 318u);
  BOOST_TEST(env.tree_size() == before);
}

BOOST_AUTO_TEST_SUITE_END()
