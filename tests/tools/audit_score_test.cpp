// jifen-audit score recomputes scores from an export alone and agrees, byte for byte, with what the ledger
// answers (replay/derived_reads.hpp, the JSON of GET /v1/enterprises/{uscc}/score) for the same tree size.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <simdjson.h>

#include "replay/derived_reads.hpp"
#include "support/temp_dir.hpp"
#include "tools/tool_runner.hpp"

namespace {

using jifen::test::lines_of;
using jifen::test::read_file;
using jifen::test::run_tool;
using jifen::test::TempDir;
using jifen::test::ToolResult;

using jifen::test::kExitFailure;
using jifen::test::kExitOk;
using jifen::test::kExitUsage;

struct ScoredDemo {
  TempDir root{"jifen-audit-score-test"};
  std::string data = (root.path() / "data").string();
  std::string export_file = (root.path() / "log.ndjson").string();
  std::vector<std::string> enterprises;  // registered, in log order
  std::string verifier_key;              // init's last line

  ScoredDemo() {
    const ToolResult init = ctl({"init", "--data", data});
    BOOST_TEST_REQUIRE(init.exit_code == kExitOk, init.err);
    BOOST_TEST_REQUIRE(!lines_of(init.out).empty());
    verifier_key = lines_of(init.out).back();
    const ToolResult seeded = ctl({"seed-demo", "--data", data, "--enterprises", "30", "--seed", "7"});
    BOOST_TEST_REQUIRE(seeded.exit_code == kExitOk, seeded.err);
    const ToolResult exported = ctl({"export", "--data", data, "--out", export_file});
    BOOST_TEST_REQUIRE(exported.exit_code == kExitOk, exported.err);
    simdjson::dom::parser parser;
    for (const std::string& line : lines_of(read_file(export_file))) {
      simdjson::dom::element record = parser.parse(line);
      std::string_view type;
      std::string_view enterprise;
      if (record["type"].get(type) != simdjson::SUCCESS || type != "enterprise.registered") continue;
      if (record["enterprise"].get(enterprise) == simdjson::SUCCESS) enterprises.emplace_back(enterprise);
    }
    BOOST_TEST_REQUIRE(enterprises.size() == 30u);
  }

  ToolResult ctl(const std::vector<std::string>& arguments) const { return run_tool("jifenctl", arguments, root.path()); }
  ToolResult audit(const std::vector<std::string>& arguments) const { return run_tool("jifen-audit", arguments, root.path()); }

  std::unique_ptr<jifen::replay::Ledger> open_ledger() const {
    jifen::replay::LedgerOptions options;
    options.data_dir = data;
    options.read_only = true;
    return jifen::replay::Ledger::open(options);
  }
};

BOOST_AUTO_TEST_SUITE(audit_score)

BOOST_AUTO_TEST_CASE(the_offline_score_is_the_ledgers_byte_for_byte) {
  const ScoredDemo demo;
  const std::unique_ptr<jifen::replay::Ledger> ledger = demo.open_ledger();
  const std::uint64_t size = ledger->tree_size();
  std::size_t compared = 0;
  for (std::size_t i = 0; i < demo.enterprises.size(); i += 7) {
    const std::string& uscc = demo.enterprises[i];
    for (const std::int32_t year : {2021, 2022}) {
      for (const std::optional<std::uint64_t> as_of : {std::optional<std::uint64_t>{}, std::optional<std::uint64_t>{size * 2 / 3}}) {
        std::vector<std::string> arguments = {"score", demo.export_file, "--enterprise", uscc, "--year", std::to_string(year)};
        if (as_of) arguments.insert(arguments.end(), {"--as-of", std::to_string(*as_of)});
        const ToolResult offline = demo.audit(arguments);
        const jifen::replay::DerivedAnswer online =
            jifen::replay::score_json(*ledger, uscc, year, jifen::replay::ReadPoint{as_of.value_or(size), std::nullopt});
        BOOST_TEST_CONTEXT(uscc << " " << year << (as_of ? " as of " + std::to_string(*as_of) : "")) {
          if (online.json) {
            BOOST_TEST(offline.exit_code == kExitOk, offline.err);
            BOOST_TEST(offline.out == *online.json + "\n");
            ++compared;
          } else {
            BOOST_TEST(offline.exit_code == kExitFailure);
          }
        }
      }
    }
  }
  BOOST_TEST(compared >= 4u);
}

BOOST_AUTO_TEST_CASE(with_the_key_a_tampered_export_is_refused_before_it_is_scored) {
  const ScoredDemo demo;
  const std::vector<std::string> arguments = {"score", demo.export_file, "--enterprise", demo.enterprises[3], "--year", "2022"};
  std::vector<std::string> keyed = arguments;
  keyed.insert(keyed.end(), {"--key", demo.verifier_key});
  const ToolResult trusted = demo.audit(arguments);
  const ToolResult verified = demo.audit(keyed);
  BOOST_TEST_REQUIRE(trusted.exit_code == kExitOk, trusted.err);
  BOOST_TEST(verified.exit_code == kExitOk, verified.err);
  BOOST_TEST(verified.out == trusted.out);

  // One record's occurred_on rewritten: the fold still scores it, the checkpoint no longer covers it.
  std::vector<std::string> lines = lines_of(read_file(demo.export_file));
  const std::string from = R"("occurred_on":"2021-)";
  auto tampered = std::find_if(lines.begin(), lines.end(), [&](const std::string& line) { return line.find(from) != std::string::npos; });
  BOOST_TEST_REQUIRE((tampered != lines.end()));
  tampered->replace(tampered->find(from), from.size(), R"("occurred_on":"2020-)");
  std::ofstream(demo.export_file, std::ios::binary | std::ios::trunc) << [&] {
    std::string text;
    for (const std::string& line : lines) text += line + "\n";
    return text;
  }();
  BOOST_TEST(demo.audit(arguments).exit_code == kExitOk);
  const ToolResult refused = demo.audit(keyed);
  BOOST_TEST(refused.exit_code == kExitFailure);
  BOOST_TEST(refused.err.find("does not verify") != std::string::npos, refused.err);
  BOOST_TEST(refused.out.empty());
  std::vector<std::string> bad_key = arguments;
  bad_key.insert(bad_key.end(), {"--key", "not-a-key"});
  BOOST_TEST(demo.audit(bad_key).exit_code == kExitUsage);
}

BOOST_AUTO_TEST_CASE(misses_and_bad_arguments) {
  const ScoredDemo demo;
  const ToolResult no_model = demo.audit({"score", demo.export_file, "--enterprise", demo.enterprises[0], "--year", "2030"});
  BOOST_TEST(no_model.exit_code == kExitFailure);
  BOOST_TEST(no_model.err.find("no published scoring model covers year 2030") != std::string::npos, no_model.err);
  const ToolResult early = demo.audit({"score", demo.export_file, "--enterprise", demo.enterprises[0], "--year", "2021", "--as-of", "21"});
  BOOST_TEST(early.exit_code == kExitFailure);
  BOOST_TEST(early.err.find("is not registered at tree size 21") != std::string::npos, early.err);
  const ToolResult beyond = demo.audit({"score", demo.export_file, "--enterprise", demo.enterprises[0], "--year", "2021", "--as-of", "999999"});
  BOOST_TEST(beyond.exit_code == kExitFailure);
  BOOST_TEST(beyond.err.find("beyond the export") != std::string::npos, beyond.err);
  BOOST_TEST(demo.audit({"score", demo.export_file, "--enterprise", "91320621MA1MRHG204", "--year", "2021"}).exit_code == kExitUsage);
  BOOST_TEST(demo.audit({"score", demo.export_file, "--year", "2021"}).exit_code == kExitUsage);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
