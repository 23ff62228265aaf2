// jifenctl's scoring models: init publishes the seed model; `model publish FILE` appends a valid new version
// and refuses, with a clear message and nothing appended, an unknown indicator, points that do not add up
// and a year range overlapping a published model.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include "tools/tool_runner.hpp"

namespace {

using jifen::test::lines_of;
using jifen::test::read_file;
using jifen::test::run_tool;
using jifen::test::TempDir;
using jifen::test::ToolResult;
using jifen::test::kExitOk;
using jifen::test::kExitFailure;


const std::string kSeedModel = std::string(JIFEN_SOURCE_DIR) + "/seeds/models/innovation-2021.json";

struct ModelLedger {
  TempDir root{"jifen-model-test"};
  std::string data = (root.path() / "data").string();

  ModelLedger() {
    const ToolResult result = ctl({"init", "--data", data});
    BOOST_TEST_REQUIRE(result.exit_code == kExitOk, result.err);
    BOOST_TEST(result.out.find("4 zones, 16 chains, 1 scoring model") != std::string::npos, result.out);
  }

  ToolResult ctl(const std::vector<std::string>& arguments) const { return run_tool("jifenctl", arguments, root.path()); }

  std::string tree_size() const {
    const ToolResult stats = ctl({"stats", "--data", data, "--json"});
    const std::size_t at = stats.out.find("\"tree_size\":");
    BOOST_TEST_REQUIRE(at != std::string::npos, stats.out);
    return stats.out.substr(at, stats.out.find(',', at) - at);
  }

  // The seed model with `from` replaced by `to` (and its version and years changed), written to a file.
  std::string variant(const std::string& name, const std::string& version, const std::string& years,
                      const std::string& from = "", const std::string& to = "") const {
    std::string text = read_file(kSeedModel);
    text.replace(text.find("\"innovation-2021\""), 17, "\"" + version + "\"");
    text.replace(text.find("[2020, 2025]"), 12, years);
    if (!from.empty()) {
      const std::size_t at = text.find(from);
      BOOST_TEST_REQUIRE(at != std::string::npos, from);
      text.replace(at, from.size(), to);
    }
    const std::string file = (root.path() / name).string();
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    return file;
  }

  void expect_refused(const std::string& file, const std::string& words) const {
    const std::string before = tree_size();
    const ToolResult result = ctl({"model", "publish", "--data", data, file});
    BOOST_TEST(result.exit_code == kExitFailure, result.out);
    BOOST_TEST(result.err.find("nothing was appended") != std::string::npos, result.err);
    BOOST_TEST(result.err.find(words) != std::string::npos, result.err);
    BOOST_TEST(tree_size() == before);
  }
};

BOOST_AUTO_TEST_SUITE(model_publish)

BOOST_AUTO_TEST_CASE(init_publishes_the_seed_model_once) {
  ModelLedger ledger;
  BOOST_TEST(ledger.tree_size() == "\"tree_size\":21");
  // The same file again is the same event: answered with the original seq, nothing appended.
  const ToolResult again = ledger.ctl({"model", "publish", "--data", ledger.data, kSeedModel});
  BOOST_TEST(again.exit_code == kExitOk, again.err);
  BOOST_TEST(again.out == "already published: model innovation-2021 for years 2020-2025 at seq 20\n");
  BOOST_TEST(ledger.tree_size() == "\"tree_size\":21");
  // Another document under a published version is refused.
  ledger.expect_refused(ledger.variant("same-version.json", "innovation-2021", "[2026, 2030]"), "conflict");
}

BOOST_AUTO_TEST_CASE(a_new_version_for_later_years_is_appended) {
  ModelLedger ledger;
  const std::string file = ledger.variant("next.json", "innovation-2026", "[2026, 2030]");
  const ToolResult result = ledger.ctl({"model", "publish", "--data", ledger.data, file});
  BOOST_TEST_REQUIRE(result.exit_code == kExitOk, result.err);
  BOOST_TEST(result.out == "published model innovation-2026 for years 2026-2030 at seq 21\n");
  BOOST_TEST(ledger.tree_size() == "\"tree_size\":22");
}

BOOST_AUTO_TEST_CASE(an_unknown_indicator_is_refused) {
  ModelLedger ledger;
  ledger.expect_refused(ledger.variant("unknown.json", "v-unknown", "[2026, 2030]", "\"id\": \"tax_paid\"", "\"id\": \"tax_evaded\""),
                        "data.model.indicators[11].id: unknown indicator tax_evaded");
}

BOOST_AUTO_TEST_CASE(points_that_do_not_add_up_are_refused) {
  ModelLedger ledger;
  ledger.expect_refused(ledger.variant("sum.json", "v-sum", "[2026, 2030]", "\"startup\": 60", "\"startup\": 61"),
                        "data.model.groups: the points of stage startup add up to 101, not 100");
}

BOOST_AUTO_TEST_CASE(an_overlapping_year_range_is_refused) {
  ModelLedger ledger;
  ledger.expect_refused(ledger.variant("overlap.json", "v-overlap", "[2025, 2030]"),
                        "years 2025-2030 overlap model innovation-2021 (2020-2025)");
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_model_is_refused) {
  ModelLedger ledger;
  const std::string file = (ledger.root.path() / "broken.json").string();
  std::ofstream(file) << R"({"version": "v-broken", "years": [2026, 2030]})";
  ledger.expect_refused(file, "data.model");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
