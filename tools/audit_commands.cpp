// jifen-audit verify, inclusion, consistency and receipt. See audit_commands.hpp.
#include "tools/audit_commands.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "domain/checkpoint.hpp"
#include "domain/signed_note.hpp"
#include "tools/audit_proofs.hpp"
#include "tools/exit_codes.hpp"
#include "tools/export_audit.hpp"

namespace jifen::tools {
namespace {

// A usage problem (a file that cannot be read, a malformed key): exit 2 after saying so.
struct UsageError {
  std::string detail;
};

std::string read_whole_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw UsageError{"cannot open " + path};
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  return text;
}

domain::NoteVerifierKey verifier_key(const AuditCommands& commands) {
  domain::OrNoteError<domain::NoteVerifierKey> key = domain::parse_verifier_key(trimmed(commands.key));
  if (const auto* error = std::get_if<domain::NoteError>(&key)) throw UsageError{"--key: " + error->detail};
  return std::get<domain::NoteVerifierKey>(std::move(key));
}

std::string origin_of(const AuditCommands& commands, const domain::NoteVerifierKey& key) {
  return commands.origin.value_or(key.name);
}

// A checkpoint the auditor kept: a file holding the signed note as GET /v1/log/checkpoint answers it. A note
// that does not verify is a verification failure (exit 1), not a usage error: say so and stop.
struct OpenedCheckpoint {
  std::optional<domain::Checkpoint> checkpoint;
  std::string problem;
};
OpenedCheckpoint open_kept(const std::string& path, const domain::NoteVerifierKey& key, std::string_view origin) {
  const domain::OrNoteError<domain::Checkpoint> opened = domain::open_checkpoint(read_whole_file(path), key, origin);
  if (const auto* error = std::get_if<domain::NoteError>(&opened)) return {std::nullopt, path + ": " + error->detail};
  return {std::get<domain::Checkpoint>(opened), {}};
}

int verdict(const ProofVerdict& result) {
  std::cout << (result.ok ? "ok: " : "bad: ") << result.detail << "\n";
  return result.ok ? kExitOk : kExitFailure;
}

int bad(const std::string& detail) {
  std::cout << "bad: " << detail << "\n";
  return kExitFailure;
}

void print_verified_export(const AuditReport& report, double seconds) {
  const double rate = seconds > 0 ? static_cast<double>(report.records) / seconds : 0.0;
  std::cout << "ok: tree_size " << report.tree_size << " root " << domain::to_base64(report.root) << "\n";
  if (report.from > 0) {
    std::cout << "seqs " << report.from << ".." << report.tree_size
              << " verified; the first records are taken from their subtree roots\n";
  }
  if (report.kept_checked + report.kept_unchecked > 0) {
    std::cout << report.kept_checked << " kept checkpoints reproduced, " << report.kept_unchecked
              << " outside this export\n";
  }
  if (report.redacted_records > 0) {
    std::cout << report.redacted_records << " records without data: their data_sha256 was taken as given\n";
  }
  std::printf("verified %llu records in %.3f s (%.0f events/s)\n", static_cast<unsigned long long>(report.records),
              seconds, rate);
}

int run_verify(const AuditCommands& commands) {
  AuditTrust trust{verifier_key(commands), {}, {}};
  trust.origin = origin_of(commands, trust.key);
  for (const std::string& path : commands.checkpoint_files) {
    OpenedCheckpoint kept = open_kept(path, trust.key, trust.origin);
    if (!kept.checkpoint) return bad(kept.problem);
    trust.kept.push_back(std::move(*kept.checkpoint));
  }
  std::ifstream file(commands.file, std::ios::binary);
  if (!file) throw UsageError{"cannot open " + commands.file};
  const auto started = std::chrono::steady_clock::now();
  ExportAuditor auditor(std::move(trust));
  std::string line;
  std::uint64_t line_number = 0;
  while (std::getline(file, line)) {
    ++line_number;
    if (!auditor.add_line(line, line_number)) break;
  }
  if (file.bad()) return bad("reading " + commands.file + " failed");
  const AuditReport report = auditor.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!report.ok) return bad(report.detail);
  print_verified_export(report, seconds);
  return kExitOk;
}

int run_inclusion(const AuditCommands& commands) {
  const domain::NoteVerifierKey key = verifier_key(commands);
  if (commands.checkpoint_files.size() != 1) throw UsageError{"inclusion takes exactly one --checkpoint"};
  std::optional<domain::Digest> leaf_hash;
  if (commands.leaf_hash) {
    const std::optional<std::string> bytes = domain::from_base64(trimmed(*commands.leaf_hash));
    if (!bytes || bytes->size() != domain::Digest{}.size()) throw UsageError{"--leaf-hash: not the base64 of 32 bytes"};
    leaf_hash.emplace();
    std::copy(bytes->begin(), bytes->end(), leaf_hash->begin());
  }
  const OpenedCheckpoint kept = open_kept(commands.checkpoint_files.front(), key, origin_of(commands, key));
  if (!kept.checkpoint) return bad(kept.problem);
  return verdict(check_inclusion(read_whole_file(commands.proof_file), *kept.checkpoint, leaf_hash));
}

int run_consistency(const AuditCommands& commands) {
  const domain::NoteVerifierKey key = verifier_key(commands);
  const std::string origin = origin_of(commands, key);
  const OpenedCheckpoint older = open_kept(commands.old_checkpoint_file, key, origin);
  if (!older.checkpoint) return bad(older.problem);
  const OpenedCheckpoint newer = open_kept(commands.new_checkpoint_file, key, origin);
  if (!newer.checkpoint) return bad(newer.problem);
  return verdict(check_consistency(read_whole_file(commands.proof_file), *older.checkpoint, *newer.checkpoint));
}

int run_receipt(const AuditCommands& commands) {
  const domain::NoteVerifierKey key = verifier_key(commands);
  return verdict(check_receipt(read_whole_file(commands.file), key, origin_of(commands, key)));
}

void add_trust_options(CLI::App& command, AuditCommands& commands) {
  command.add_option("--key", commands.key, "the log's verifier key: <name>+<key id>+<base64 key>")->required();
  command.add_option("--origin", commands.origin, "the checkpoint origin (default: the key's name)");
}

}  // namespace

void define_audit_commands(CLI::App& app, AuditCommands& commands) {
  commands.verify = app.add_subcommand("verify", "verify every record, the Merkle root and the signed checkpoint of an export");
  commands.verify->add_option("FILE", commands.file, "an export written by `jifenctl export`")->required();
  add_trust_options(*commands.verify, commands);
  commands.verify->add_option("--checkpoint", commands.checkpoint_files,
                              "a checkpoint kept from earlier (a file with the signed note); repeatable");

  commands.inclusion = app.add_subcommand("inclusion", "check an inclusion proof against a kept checkpoint");
  add_trust_options(*commands.inclusion, commands);
  commands.inclusion->add_option("--checkpoint", commands.checkpoint_files, "the kept checkpoint of the proof's tree size")
      ->required();
  commands.inclusion->add_option("--proof", commands.proof_file, "GET /v1/log/proof/inclusion's answer")->required();
  commands.inclusion->add_option("--leaf-hash", commands.leaf_hash, "the leaf hash the proof must be about (base64)");

  commands.consistency = app.add_subcommand("consistency", "check a consistency proof between two kept checkpoints");
  add_trust_options(*commands.consistency, commands);
  commands.consistency->add_option("--old", commands.old_checkpoint_file, "the kept checkpoint of the smaller tree")->required();
  commands.consistency->add_option("--new", commands.new_checkpoint_file, "the kept checkpoint of the larger tree")->required();
  commands.consistency->add_option("--proof", commands.proof_file, "GET /v1/log/proof/consistency's answer")->required();

  commands.receipt = app.add_subcommand("receipt", "check a receipt: its signed checkpoint and inclusion proof");
  commands.receipt->add_option("FILE", commands.file, "the receipt as POST /v1/events answered it")->required();
  add_trust_options(*commands.receipt, commands);
}

std::optional<int> run_audit_command(const AuditCommands& commands) {
  try {
    if (commands.verify->parsed()) return run_verify(commands);
    if (commands.inclusion->parsed()) return run_inclusion(commands);
    if (commands.consistency->parsed()) return run_consistency(commands);
    if (commands.receipt->parsed()) return run_receipt(commands);
  } catch (const UsageError& error) {
    std::cerr << "jifen-audit: " << error.detail << "\n";
    return kExitUsage;
  }
  return std::nullopt;
}

}  // namespace jifen::tools
