// Offline verification of a jifenctl export (docs/AUDIT.md "Exports"), line by line, with nothing but the file
// and the log's verifier key: for each record, SHA-256(JCS(data)) equals data_sha256, the leaf re-encoded from
// the record's fields hashes to leaf_hash, seqs run from the export's first seq without a gap and recorded_at
// never decreases; an export that starts at seq F > 0 opens with the roots of the perfect subtrees of the first
// F leaves; at the end the RFC 9162 root equals the root of the closing signed checkpoint, whose signature,
// origin and tree size verify. Checkpoints the auditor kept from earlier are checked against the roots of
// their sizes on the way. Links domain only: never storage or LMDB.
//
// One ExportAuditor belongs to one thread; feed it the lines in file order, then call finish().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <vector>

#include "domain/checkpoint.hpp"
#include "domain/signed_note.hpp"
#include "domain/types.hpp"

namespace jifen::tools {

// What the auditor trusts: the log's verifier key, its origin, and checkpoints kept from earlier (opened with
// that key already; any order).
struct AuditTrust {
  domain::NoteVerifierKey key;
  std::string origin;
  std::vector<domain::Checkpoint> kept;
};

struct AuditReport {
  bool ok = true;
  std::uint64_t records = 0;          // records checked
  std::uint64_t redacted_records = 0; // records without data: their data_sha256 is taken as given
  std::optional<std::uint64_t> first_bad_seq;
  std::string detail;                 // what is wrong, naming the seq (or the line) first
  std::uint64_t tree_size = 0;        // from the closing line, when ok
  domain::Digest root{};              // recomputed, when ok
  std::uint64_t from = 0;             // the export's first seq
  std::string checkpoint;             // the closing signed checkpoint, when ok
  std::uint64_t kept_checked = 0;     // kept checkpoints whose root this export reproduced
  std::uint64_t kept_unchecked = 0;   // kept checkpoints of sizes outside [from, tree_size]
};

class ExportAuditor {
 public:
  explicit ExportAuditor(AuditTrust trust);
  ~ExportAuditor();
  ExportAuditor(const ExportAuditor&) = delete;
  ExportAuditor& operator=(const ExportAuditor&) = delete;

  // Checks one line (without its newline). Returns false once the export is known to be bad; later calls
  // do nothing. `line_number` is 1-based, for messages about lines that are not records.
  bool add_line(std::string_view line, std::uint64_t line_number);
  // The verdict; also checks that the closing line came and matched.
  AuditReport finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jifen::tools
