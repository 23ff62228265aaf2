// Offline verification of a jifenctl export, line by line, with nothing but the file: for each record,
// SHA-256(JCS(data)) equals data_sha256, the leaf re-encoded from the record's fields hashes to leaf_hash,
// seqs run 0, 1, 2, ... and recorded_at never decreases; at the end the RFC 9162 root of the leaf hashes
// equals the export's closing {"tree_size","root"} line. Links domain only: never storage or LMDB.
//
// One ExportAuditor belongs to one thread; feed it the lines in file order, then call finish().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "domain/types.hpp"

namespace jifen::tools {

struct AuditReport {
  bool ok = true;
  std::uint64_t records = 0;          // records checked
  std::uint64_t redacted_records = 0; // records without data: their data_sha256 is taken as given
  std::optional<std::uint64_t> first_bad_seq;
  std::string detail;                 // what is wrong, naming the seq (or the line) first
  std::uint64_t tree_size = 0;        // from the closing line, when ok
  domain::Digest root{};              // recomputed, when ok
};

class ExportAuditor {
 public:
  ExportAuditor();
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
