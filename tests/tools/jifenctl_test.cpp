// jifenctl and jifen-audit as an administrator and an auditor use them: the real binaries against fresh
// data directories.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <string>
#include <vector>

#include <simdjson.h>

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

struct DemoLedger {
  TempDir root{"jifen-tools-test"};
  std::string data = (root.path() / "data").string();
  std::string verifier_key;  // printed by init, last line: what an auditor is given

  ToolResult ctl(std::vector<std::string> arguments) const { return run_tool("jifenctl", arguments, root.path()); }
  ToolResult audit(std::vector<std::string> arguments) const { return run_tool("jifen-audit", arguments, root.path()); }

  void init() {
    const ToolResult result = ctl({"init", "--data", data});
    BOOST_TEST_REQUIRE(result.exit_code == kExitOk, result.err);
    verifier_key = lines_of(result.out).back();
  }
  void seed(const std::string& seed, const std::string& enterprises = "20") const {
    const ToolResult result = ctl({"seed-demo", "--data", data, "--enterprises", enterprises, "--seed", seed});
    BOOST_TEST_REQUIRE(result.exit_code == kExitOk, result.err);
  }
  std::string export_to(const std::string& name) const {
    const std::string file = (root.path() / name).string();
    const ToolResult result = ctl({"export", "--data", data, "--out", file});
    BOOST_TEST_REQUIRE(result.exit_code == kExitOk, result.err);
    return file;
  }
};

// What must not depend on when or by whom the demo was appended: event ids, types, enterprises, data.
std::vector<std::string> stable_fields(const std::string& export_file) {
  simdjson::dom::parser parser;
  std::vector<std::string> fields;
  for (const std::string& line : lines_of(read_file(export_file))) {
    simdjson::dom::element record = parser.parse(line);
    std::string_view event_id;
    if (record["event_id"].get_string().get(event_id) != simdjson::SUCCESS) continue;  // the closing line
    std::string entry(event_id);
    entry += ' ';
    entry += std::string_view(record["type"].get_string().value());
    entry += ' ';
    entry += std::string_view(record["data_sha256"].get_string().value());
    entry += ' ';
    entry += simdjson::minify(record["data"].value());
    fields.push_back(std::move(entry));
  }
  return fields;
}

// Changes one digit inside the data of the record at `seq` (line seq + 1), keeping the line valid JSON.
void tamper_with_data(const std::string& export_file, std::size_t seq) {
  std::vector<std::string> lines = lines_of(read_file(export_file));
  BOOST_TEST_REQUIRE(seq < lines.size());
  std::string& line = lines[seq];
  const std::size_t data_at = line.find("\"data\":{");
  BOOST_TEST_REQUIRE(data_at != std::string::npos);
  const auto digit = std::find_if(line.begin() + static_cast<std::ptrdiff_t>(data_at), line.end(),
                                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
  BOOST_TEST_REQUIRE((digit != line.end()));
  *digit = *digit == '9' ? '1' : static_cast<char>(*digit + 1);
  std::string text;
  for (const std::string& kept : lines) text += kept + "\n";
  std::ofstream(export_file, std::ios::binary | std::ios::trunc) << text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tools)

BOOST_AUTO_TEST_CASE(init_refuses_a_directory_that_holds_a_ledger) {
  DemoLedger ledger;
  ledger.init();
  const ToolResult again = ledger.ctl({"init", "--data", ledger.data});
  BOOST_TEST(again.exit_code == kExitFailure);
  BOOST_TEST(again.err.find("already holds a ledger") != std::string::npos, again.err);
  const ToolResult stats = ledger.ctl({"stats", "--data", ledger.data, "--json"});
  BOOST_TEST(stats.exit_code == kExitOk);
  BOOST_TEST(stats.out.find("\"tree_size\":21,") != std::string::npos, stats.out);  // 4 zones, 16 chains, 1 model
}

BOOST_AUTO_TEST_CASE(keys_create_prints_the_secret_alone_on_the_last_line) {
  DemoLedger ledger;
  ledger.init();
  const ToolResult created = ledger.ctl({"keys", "create", "--data", ledger.data, "--role", "auditor"});
  BOOST_TEST_REQUIRE(created.exit_code == kExitOk, created.err);
  const std::vector<std::string> lines = lines_of(created.out);
  BOOST_TEST_REQUIRE(lines.size() >= 3U);
  const std::string& secret = lines.back();
  BOOST_TEST(secret.size() >= 32U);
  BOOST_TEST(secret.find(' ') == std::string::npos);
  for (std::size_t index = 0; index + 1 < lines.size(); ++index) {
    BOOST_TEST(lines[index].find(secret) == std::string::npos);
  }
  BOOST_TEST(created.out.find("seq 21") != std::string::npos, created.out);
}

BOOST_AUTO_TEST_CASE(keys_create_refuses_a_wrong_command_line_with_exit_2) {
  DemoLedger ledger;
  ledger.init();
  const std::vector<std::vector<std::string>> wrong = {
      {"--role", "enterprise"},                                          // no --enterprise
      {"--role", "enterprise", "--enterprise", "91350100M000100Y44"},   // wrong check character
      {"--role", "bureau", "--enterprise", "91350100M000100Y43"},       // --enterprise for a bureau key
      {"--role", "admin"},
      {"--role", "nobody"},
  };
  for (const std::vector<std::string>& options : wrong) {
    std::vector<std::string> arguments{"keys", "create", "--data", ledger.data};
    arguments.insert(arguments.end(), options.begin(), options.end());
    const ToolResult result = ledger.ctl(arguments);
    BOOST_TEST(result.exit_code == kExitUsage, options[1]);
    BOOST_TEST(!result.err.empty());
  }
}

BOOST_AUTO_TEST_CASE(seed_demo_is_deterministic_from_its_seed) {
  DemoLedger first;
  DemoLedger second;
  DemoLedger other_seed;
  for (DemoLedger* ledger : {&first, &second}) {
    ledger->init();
    ledger->seed("7");
  }
  other_seed.init();
  other_seed.seed("8");
  const std::vector<std::string> first_fields = stable_fields(first.export_to("demo.ndjson"));
  const std::vector<std::string> second_fields = stable_fields(second.export_to("demo.ndjson"));
  BOOST_TEST(first_fields.size() > 20U * 10U);
  BOOST_TEST((first_fields == second_fields));
  BOOST_TEST((first_fields != stable_fields(other_seed.export_to("demo.ndjson"))));
}

BOOST_AUTO_TEST_CASE(seed_demo_refuses_bad_years_and_an_uninitialised_directory) {
  DemoLedger ledger;
  ledger.init();
  for (const std::string years : {"2021-2019", "20x9", "1800-1801"}) {
    const ToolResult result = ledger.ctl({"seed-demo", "--data", ledger.data, "--years", years});
    BOOST_TEST(result.exit_code == kExitUsage, years);
  }
  const ToolResult missing = ledger.ctl({"seed-demo", "--data", (ledger.root.path() / "absent").string()});
  BOOST_TEST(missing.exit_code == kExitUsage);
}

BOOST_AUTO_TEST_CASE(verify_export_and_offline_audit_agree) {
  DemoLedger ledger;
  ledger.init();
  ledger.seed("3");
  const ToolResult verified = ledger.ctl({"verify", "--data", ledger.data});
  BOOST_TEST_REQUIRE(verified.exit_code == kExitOk, verified.out + verified.err);
  BOOST_TEST(verified.out.rfind("ok: tree_size ", 0) == 0U, verified.out);
  const std::string root_line = lines_of(verified.out).front();  // "ok: tree_size N root R"

  const std::string export_file = ledger.export_to("log.ndjson");
  const ToolResult audited = ledger.audit({"verify", export_file, "--key", ledger.verifier_key});
  BOOST_TEST(audited.exit_code == kExitOk, audited.out + audited.err);
  BOOST_TEST(lines_of(audited.out).front() == root_line);  // the same tree size and root
  BOOST_TEST(audited.out.find("events/s") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(audit_names_the_seq_whose_data_was_altered) {
  DemoLedger ledger;
  ledger.init();
  ledger.seed("4");
  const std::string export_file = ledger.export_to("log.ndjson");
  constexpr std::size_t kTamperedSeq = 123;
  tamper_with_data(export_file, kTamperedSeq);
  const ToolResult audited = ledger.audit({"verify", export_file, "--key", ledger.verifier_key});
  BOOST_TEST(audited.exit_code == kExitFailure);
  BOOST_TEST(audited.out.find("seq " + std::to_string(kTamperedSeq) + ":") != std::string::npos, audited.out);
}

BOOST_AUTO_TEST_CASE(audit_refuses_a_partial_or_truncated_export) {
  DemoLedger ledger;
  ledger.init();
  const std::string partial = (ledger.root.path() / "partial.ndjson").string();
  const ToolResult exported = ledger.ctl({"export", "--data", ledger.data, "--out", partial, "--from", "5"});
  BOOST_TEST_REQUIRE(exported.exit_code == kExitOk, exported.err);
  // An export from seq 5 opens with the subtree roots of seqs 0..4: it verifies on its own, without them not.
  BOOST_TEST(ledger.audit({"verify", partial, "--key", ledger.verifier_key}).exit_code == kExitOk);
  std::vector<std::string> partial_lines = lines_of(read_file(partial));
  partial_lines.erase(partial_lines.begin());
  std::string without_opening;
  for (const std::string& line : partial_lines) without_opening += line + "\n";
  std::ofstream(partial, std::ios::binary | std::ios::trunc) << without_opening;
  const ToolResult partial_audit = ledger.audit({"verify", partial, "--key", ledger.verifier_key});
  BOOST_TEST(partial_audit.exit_code == kExitFailure);
  BOOST_TEST(partial_audit.out.find("seq 0:") != std::string::npos, partial_audit.out);

  const std::string whole = ledger.export_to("whole.ndjson");
  std::vector<std::string> lines = lines_of(read_file(whole));
  lines.pop_back();  // the closing line
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  std::ofstream(whole, std::ios::binary | std::ios::trunc) << text;
  BOOST_TEST(ledger.audit({"verify", whole, "--key", ledger.verifier_key}).exit_code == kExitFailure);

  const ToolResult beyond = ledger.ctl({"export", "--data", ledger.data, "--out", partial, "--to", "22"});
  BOOST_TEST(beyond.exit_code == kExitUsage);
}

BOOST_AUTO_TEST_CASE(rebuild_reports_events_per_second_and_verifies_equal) {
  DemoLedger ledger;
  ledger.init();
  ledger.seed("5", "10");
  const ToolResult rebuilt = ledger.ctl({"rebuild", "--data", ledger.data, "--verify"});
  BOOST_TEST(rebuilt.exit_code == kExitOk, rebuilt.out + rebuilt.err);
  BOOST_TEST(rebuilt.out.rfind("rebuilt ", 0) == 0U, rebuilt.out);
  BOOST_TEST(rebuilt.out.find("events/s") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
