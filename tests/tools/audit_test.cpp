// jifenctl export and jifen-audit verify as an auditor uses them, against tampered exports: one byte of a
// record's data, a leaf field, a deleted record, two swapped records, a truncated log, and history rewritten
// and re-signed by the operator's own key between two checkpoints the auditor kept. jifen-audit names the seq.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <simdjson.h>

#include "domain/checkpoint.hpp"
#include "domain/codec.hpp"
#include "domain/leaf.hpp"
#include "domain/signed_note.hpp"
#include "replay/ledger.hpp"
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
namespace domain = jifen::domain;

constexpr std::size_t kTamperedSeq = 57;

struct AuditedLedger {
  TempDir root{"jifen-audit-test"};
  std::string data = (root.path() / "data").string();
  std::string key;

  AuditedLedger() {
    const ToolResult init = ctl({"init", "--data", data});
    BOOST_TEST_REQUIRE(init.exit_code == kExitOk, init.err);
    key = lines_of(init.out).back();
    const ToolResult seeded = ctl({"seed-demo", "--data", data, "--enterprises", "8", "--seed", "11"});
    BOOST_TEST_REQUIRE(seeded.exit_code == kExitOk, seeded.err);
  }
  ToolResult ctl(std::vector<std::string> arguments) const { return run_tool("jifenctl", arguments, root.path()); }
  ToolResult audit(std::vector<std::string> arguments) const { return run_tool("jifen-audit", arguments, root.path()); }

  std::string path(const std::string& name) const { return (root.path() / name).string(); }
  std::string export_to(const std::string& name, std::vector<std::string> range = {}) const {
    std::vector<std::string> arguments{"export", "--data", data, "--out", path(name)};
    arguments.insert(arguments.end(), range.begin(), range.end());
    const ToolResult result = ctl(arguments);
    BOOST_TEST_REQUIRE(result.exit_code == kExitOk, result.err);
    return path(name);
  }
  ToolResult verify(const std::string& file, std::vector<std::string> kept = {}) const {
    std::vector<std::string> arguments{"verify", file, "--key", key};
    for (const std::string& note : kept) {
      arguments.push_back("--checkpoint");
      arguments.push_back(note);
    }
    return audit(arguments);
  }
  // The closing checkpoint of an export, saved as a file: what an auditor keeps.
  std::string keep_checkpoint(const std::string& export_file, const std::string& name) const {
    simdjson::dom::parser parser;
    const std::string closing = lines_of(read_file(export_file)).back();
    std::ofstream(path(name), std::ios::binary) << std::string(parser.parse(closing)["checkpoint"].get_string().value());
    return path(name);
  }
};

void write_lines(const std::string& file, const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

void expect_bad_at(const ToolResult& result, std::size_t seq) {
  BOOST_TEST(result.exit_code == kExitFailure, result.out + result.err);
  BOOST_TEST(result.out.find("bad: seq " + std::to_string(seq) + ":") != std::string::npos, result.out);
}

// A record line is the leaf without its '}', then ,"data":{…},"leaf_hash":"…"} (replay::render_record_json).
std::string leaf_of(const std::string& line) { return line.substr(0, line.find(",\"data\":")) + "}"; }
std::string data_of(const std::string& line) {
  const std::size_t begin = line.find(",\"data\":") + 8;
  return line.substr(begin, line.rfind(",\"leaf_hash\":") - begin);
}

// What an operator holding the signing key would publish after rewriting `seq`'s data: the record with its
// new data hash and leaf hash, and a freshly signed checkpoint of the rewritten tree.
std::vector<std::string> rewritten_and_resigned(const AuditedLedger& ledger, std::vector<std::string> lines, std::size_t seq) {
  std::string& line = lines[seq];
  std::string data = data_of(line);
  const auto digit = std::find_if(data.begin(), data.end(), [](char c) { return c >= '1' && c <= '8'; });
  BOOST_TEST_REQUIRE((digit != data.end()));
  *digit = static_cast<char>(*digit + 1);
  std::string leaf = leaf_of(line);
  const std::string old_sha = domain::to_hex(domain::sha256(data_of(line)));
  leaf.replace(leaf.find(old_sha), old_sha.size(), domain::to_hex(domain::sha256(data)));
  line = leaf.substr(0, leaf.size() - 1) + ",\"data\":" + data + ",\"leaf_hash\":\"" +
         domain::to_base64(domain::leaf_hash(leaf)) + "\"}";
  std::vector<domain::Digest> hashes;
  simdjson::dom::parser parser;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    const auto bytes = domain::from_base64(std::string_view(parser.parse(lines[i])["leaf_hash"].get_string().value()));
    hashes.emplace_back();
    std::copy(bytes->begin(), bytes->end(), hashes.back().begin());
  }
  auto signer = domain::NoteSigner::parse(read_file(std::filesystem::path(ledger.data) / "signing.key"));
  BOOST_TEST_REQUIRE(std::holds_alternative<domain::NoteSigner>(signer));
  const std::string note = domain::sign_checkpoint(std::get<domain::NoteSigner>(signer),
                                                   {"jifen.local/ledger", hashes.size(), domain::merkle_root(hashes)});
  std::string closing = "{\"checkpoint\":";
  domain::append_json_string(closing, note);
  lines.back() = closing + "}";
  return lines;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(audit)

BOOST_AUTO_TEST_CASE(an_export_verifies_and_every_tampering_names_its_seq) {
  const AuditedLedger ledger;
  const std::string file = ledger.export_to("log.ndjson");
  const ToolResult verified = ledger.verify(file);
  BOOST_TEST_REQUIRE(verified.exit_code == kExitOk, verified.out + verified.err);
  const std::vector<std::string> lines = lines_of(read_file(file));
  BOOST_TEST_REQUIRE(lines.size() > kTamperedSeq + 10);
  BOOST_TEST(lines.back().starts_with("{\"checkpoint\":\"jifen.local/ledger\\n" + std::to_string(lines.size() - 1) + "\\n"));

  std::vector<std::string> changed = lines;  // one byte of the data
  const std::size_t data_at = changed[kTamperedSeq].find("\"data\":{") + 8;
  const std::size_t digit = changed[kTamperedSeq].find_first_of("12345678", data_at);
  changed[kTamperedSeq][digit] = static_cast<char>(changed[kTamperedSeq][digit] + 1);
  write_lines(file, changed);
  expect_bad_at(ledger.verify(file), kTamperedSeq);

  changed = lines;  // a leaf field
  const std::size_t event_id = changed[kTamperedSeq].find("\"event_id\":\"") + 12;
  changed[kTamperedSeq][event_id] = changed[kTamperedSeq][event_id] == 'x' ? 'y' : 'x';
  write_lines(file, changed);
  expect_bad_at(ledger.verify(file), kTamperedSeq);

  changed = lines;  // a deleted record
  changed.erase(changed.begin() + kTamperedSeq);
  write_lines(file, changed);
  expect_bad_at(ledger.verify(file), kTamperedSeq);

  changed = lines;  // two swapped records
  std::swap(changed[kTamperedSeq], changed[kTamperedSeq + 1]);
  write_lines(file, changed);
  expect_bad_at(ledger.verify(file), kTamperedSeq);

  changed = lines;  // the log truncated under its checkpoint
  changed.erase(changed.begin() + kTamperedSeq, changed.end() - 1);
  write_lines(file, changed);
  expect_bad_at(ledger.verify(file), kTamperedSeq);

  changed = lines;  // a checkpoint signed by another key
  changed.back() = lines_of(read_file(AuditedLedger().export_to("other.ndjson"))).back();
  write_lines(file, changed);
  BOOST_TEST(ledger.verify(file).exit_code == kExitFailure);
}

BOOST_AUTO_TEST_CASE(a_rewrite_resigned_by_the_operator_fails_against_kept_checkpoints) {
  const AuditedLedger ledger;
  // The auditor exported twice before, and kept both checkpoints: at seq 57 and at seq 90.
  const std::string at_tampered = ledger.keep_checkpoint(ledger.export_to("a.ndjson", {"--to", "57"}), "57.note");
  const std::string later = ledger.keep_checkpoint(ledger.export_to("b.ndjson", {"--to", "90"}), "90.note");
  const std::string file = ledger.export_to("log.ndjson");
  BOOST_TEST(ledger.verify(file, {at_tampered, later}).exit_code == kExitOk);

  write_lines(file, rewritten_and_resigned(ledger, lines_of(read_file(file)), kTamperedSeq));
  const ToolResult alone = ledger.verify(file);  // consistent in itself, and signed: nothing to see alone
  BOOST_TEST(alone.exit_code == kExitOk, alone.out);
  const ToolResult against_kept = ledger.verify(file, {at_tampered, later});
  expect_bad_at(against_kept, kTamperedSeq);
  BOOST_TEST(against_kept.out.find("rewritten") != std::string::npos, against_kept.out);
}

BOOST_AUTO_TEST_CASE(an_export_from_a_seq_extends_a_kept_checkpoint) {
  const AuditedLedger ledger;
  const std::string first = ledger.export_to("first.ndjson", {"--to", "40"});
  BOOST_TEST(ledger.verify(first).exit_code == kExitOk);
  const std::string kept = ledger.keep_checkpoint(first, "40.note");
  const std::string rest = ledger.export_to("rest.ndjson", {"--from", "40"});
  BOOST_TEST(lines_of(read_file(rest)).front().starts_with("{\"from\":40,\"subtrees\":[\""));
  const ToolResult verified = ledger.verify(rest, {kept});
  BOOST_TEST(verified.exit_code == kExitOk, verified.out + verified.err);
  BOOST_TEST(verified.out.find("1 kept checkpoints reproduced") != std::string::npos, verified.out);

  // A forged subtree root is caught by the kept checkpoint before any record is read.
  std::vector<std::string> lines = lines_of(read_file(rest));
  const std::size_t root_at = lines.front().find("[\"") + 2;
  lines.front()[root_at] = lines.front()[root_at] == 'A' ? 'B' : 'A';
  write_lines(rest, lines);
  BOOST_TEST(ledger.verify(rest, {kept}).exit_code == kExitFailure);
}

BOOST_AUTO_TEST_CASE(jifenctl_verifies_stored_checkpoints_and_keeps_one_key) {
  const AuditedLedger ledger;
  const ToolResult verified = ledger.ctl({"verify", "--data", ledger.data});
  BOOST_TEST_REQUIRE(verified.exit_code == kExitOk, verified.out + verified.err);
  BOOST_TEST(lines_of(verified.out).at(1).find(" signed checkpoints verified") != std::string::npos, verified.out);
  const ToolResult again = ledger.ctl({"keys", "signing", "--data", ledger.data});
  BOOST_TEST(again.exit_code == kExitFailure);
  BOOST_TEST(again.err.find("already has a signing key") != std::string::npos, again.err);
  const ToolResult bad_origin = ledger.ctl({"init", "--data", ledger.path("other"), "--origin", "has space"});
  BOOST_TEST(bad_origin.exit_code == 2);
}

BOOST_AUTO_TEST_CASE(keys_signing_gives_a_directory_without_a_key_its_key) {
  TempDir root{"jifen-audit-test"};
  const std::filesystem::path data = root.path() / "data";
  {
    jifen::replay::LedgerOptions options;  // a ledger made without jifenctl init, as before signed checkpoints
    options.data_dir = data;
    options.create = true;
    options.durable = false;
    BOOST_TEST(!jifen::replay::Ledger::open(options)->verifier_key());
  }
  const ToolResult export_without_key = run_tool("jifenctl", {"export", "--data", data.string(), "--out",
                                                              (root.path() / "x.ndjson").string()}, root.path());
  BOOST_TEST(export_without_key.exit_code == kExitFailure);
  BOOST_TEST(export_without_key.err.find("keys signing") != std::string::npos, export_without_key.err);
  const ToolResult signing = run_tool("jifenctl", {"keys", "signing", "--data", data.string(), "--origin", "city.example/jifen"},
                                      root.path());
  BOOST_TEST_REQUIRE(signing.exit_code == kExitOk, signing.err);
  const std::string key = lines_of(signing.out).back();
  BOOST_TEST(key.starts_with("city.example/jifen+"));
  const ToolResult verified = run_tool("jifenctl", {"verify", "--data", data.string()}, root.path());
  BOOST_TEST(verified.exit_code == kExitOk, verified.out + verified.err);
  BOOST_TEST(verified.out.find("1 signed checkpoints verified") != std::string::npos, verified.out);
  const std::string file = (root.path() / "empty.ndjson").string();
  BOOST_TEST_REQUIRE(run_tool("jifenctl", {"export", "--data", data.string(), "--out", file}, root.path()).exit_code == kExitOk);
  const ToolResult audited = run_tool("jifen-audit", {"verify", file, "--key", key}, root.path());
  BOOST_TEST(audited.exit_code == kExitOk, audited.out + audited.err);
  BOOST_TEST(run_tool("jifen-audit", {"verify", file, "--key", key, "--origin", "jifen.local/ledger"}, root.path()).exit_code ==
             kExitFailure);
}

BOOST_AUTO_TEST_SUITE_END()
