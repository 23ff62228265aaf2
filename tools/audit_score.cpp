// jifen-audit score. See audit_score.hpp.
#include "tools/audit_score.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include <simdjson.h>

#include "domain/codec.hpp"
#include "domain/identifiers.hpp"
#include "domain/ledger_fold.hpp"
#include "domain/score_json.hpp"
#include "tools/exit_codes.hpp"
#include "tools/export_audit.hpp"

namespace jifen::tools {
namespace {

std::string member_text(simdjson::dom::element record, std::string_view key) {
  std::string_view value;
  if (record[key].get(value) != simdjson::SUCCESS) return {};
  return std::string(value);
}

// The event a record line holds, or nullopt for the export's other lines (subtree roots, the closing line).
// Throws std::runtime_error naming the line when a record cannot be read back into an event.
std::optional<domain::Event> record_event(simdjson::dom::element record, std::uint64_t line_number,
                                          domain::EventDecoder& decoder) {
  const std::string type_text = member_text(record, "type");
  if (type_text.empty() || member_text(record, "event_id").empty()) return std::nullopt;
  const std::string where = "line " + std::to_string(line_number) + ": ";
  const auto type = domain::event_type_from_string(type_text);
  if (!type) throw std::runtime_error(where + "unknown event type " + type_text);
  simdjson::dom::element data;
  if (record["data"].get(data) != simdjson::SUCCESS) throw std::runtime_error(where + "the record is redacted: it cannot be scored");
  auto decoded = decoder.decode_data(*type, simdjson::minify(data));
  if (auto* error = std::get_if<domain::DecodeError>(&decoded)) throw std::runtime_error(where + error->detail);
  domain::Event event;
  event.event_id = member_text(record, "event_id");
  event.type = *type;
  if (const std::string enterprise = member_text(record, "enterprise"); !enterprise.empty()) event.enterprise = enterprise;
  event.occurred_on = domain::Date::parse(member_text(record, "occurred_on")).value_or(domain::Date{});
  event.data = std::get<domain::EventData>(std::move(decoded));
  return event;
}

// Folds the export's records with seq below `end` (all of them without one). With an auditor, every line of
// the file also goes through it, those past `end` included: the closing checkpoint signs the whole export.
domain::LedgerFold fold_export(const std::string& file, std::optional<std::uint64_t> end, ExportAuditor* auditor) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file);
  domain::LedgerFold fold;
  domain::EventDecoder decoder;
  simdjson::dom::parser parser;
  std::string line;
  for (std::uint64_t line_number = 1; std::getline(in, line); ++line_number) {
    if (auditor != nullptr && !auditor->add_line(line, line_number)) break;
    if (end && fold.tree_size() >= *end) {
      if (auditor == nullptr) break;
      continue;
    }
    simdjson::dom::element record;
    if (parser.parse(line).get(record) != simdjson::SUCCESS) {
      throw std::runtime_error("line " + std::to_string(line_number) + " is not JSON");
    }
    std::optional<domain::Event> event = record_event(record, line_number, decoder);
    if (!event) continue;
    std::uint64_t seq = 0;
    if (record["seq"].get(seq) != simdjson::SUCCESS || seq != fold.tree_size()) {
      throw std::runtime_error("line " + std::to_string(line_number) + ": expected seq " + std::to_string(fold.tree_size()) +
                               " (scoring needs an export from seq 0, without gaps)");
    }
    fold.apply(*event, seq);
  }
  if (in.bad()) throw std::runtime_error("reading " + file + " failed");
  if (end && fold.tree_size() < *end) {
    throw std::runtime_error("--as-of " + std::to_string(*end) + " is beyond the export's " + std::to_string(fold.tree_size()) + " records");
  }
  return fold;
}

}  // namespace

void define_score_command(CLI::App& app, ScoreCommand& command) {
  command.command = app.add_subcommand("score", "recompute an enterprise's score for a year from an export alone");
  command.command->add_option("FILE", command.file, "an export (jifenctl export) from seq 0")->required();
  command.command->add_option("--enterprise", command.enterprise, "the enterprise's USCC")->required();
  command.command->add_option("--year", command.year, "the evaluation year")->required()->check(CLI::Range(1900, 9999));
  command.command->add_option("--as-of", command.as_of, "the tree size: score the state of the first N records");
  command.command->add_option("--key", command.key,
                              "the log's verifier key: verify the whole export against its signed checkpoint first");
  command.command->add_option("--origin", command.origin, "the checkpoint origin (default: the key's name)")->needs("--key");
}

std::optional<int> run_score_command(const ScoreCommand& command) {
  if (command.command == nullptr || !command.command->parsed()) return std::nullopt;
  if (const std::optional<std::string> error = domain::uscc_error(command.enterprise)) {
    std::cerr << "jifen-audit score: --enterprise: " << *error << "\n";
    return kExitUsage;
  }
  std::unique_ptr<ExportAuditor> auditor;
  if (command.key) {
    domain::OrNoteError<domain::NoteVerifierKey> key = domain::parse_verifier_key(*command.key);
    if (const auto* error = std::get_if<domain::NoteError>(&key)) {
      std::cerr << "jifen-audit score: --key: " << error->detail << "\n";
      return kExitUsage;
    }
    AuditTrust trust{std::get<domain::NoteVerifierKey>(std::move(key)), {}, {}};
    trust.origin = command.origin.value_or(trust.key.name);
    auditor = std::make_unique<ExportAuditor>(std::move(trust));
  }
  const domain::LedgerFold fold = fold_export(command.file, command.as_of, auditor.get());
  if (auditor) {
    const AuditReport report = auditor->finish();
    if (!report.ok) {
      std::cerr << "jifen-audit score: the export does not verify: " << report.detail << "\n";
      return kExitFailure;
    }
  }
  const domain::YearBoard board = fold.year_board(command.year);
  const std::string at = " at tree size " + std::to_string(board.tree_size);
  if (!board.model) {
    std::cerr << "jifen-audit score: no published scoring model covers year " << command.year << at << "\n";
    return kExitFailure;
  }
  const domain::BoardEntry* entry = board.find(command.enterprise);
  if (entry == nullptr) {
    std::cerr << "jifen-audit score: " << command.enterprise
              << (board.is_unreported(command.enterprise) ? " has no annual report for fiscal year " + std::to_string(command.year - 1)
                                                          : std::string(" is not registered"))
              << at << "\n";
    return kExitFailure;
  }
  std::cout << domain::render_score_json(domain::score_with_seqs(board, *entry), command.year, board.tree_size, *board.model) << "\n";
  return kExitOk;
}

}  // namespace jifen::tools
