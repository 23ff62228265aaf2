// An in-memory fold of a log's events into everything the scores read — zones, chains, enterprises and their
// affiliations, the facts filed per year, patents, certifications, incidents, scoring models — with the
// projections' retraction rule (a retracted event counts as if it had never been appended). It needs no
// LMDB: the offline auditor folds an export with it, and the ledger folds the first N records of its log to
// answer `as_of=N`. The live projections (replay/) and this fold are two implementations of one rule; the
// scenario tests check that they agree on every expectation.
//
// A LedgerFold is a value (copyable: a copy is a snapshot to resume from). encode() gives its state as
// compact, deterministic bytes (equal folds give equal bytes) and decode() reads them back, so that a fold
// can be kept on disk and resumed later (replay/fold_snapshots.hpp). One thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "domain/event.hpp"
#include "domain/score_board.hpp"

namespace jifen::domain {

class LedgerFold {
 public:
  // Folds the event appended at `seq`. REQUIRES: seq == tree_size() (every event of the log, in seq order) and
  // the ledger accepted the event. Throws std::logic_error when the events contradict each other (an event
  // naming an unknown enterprise, a retraction of an unknown seq): the input is not a jifen log.
  void apply(const Event& event, std::uint64_t seq);

  std::uint64_t tree_size() const { return tree_size_; }
  bool registered(std::string_view uscc) const { return enterprises_.find(uscc) != enterprises_.end(); }

  // The model published for `year`, parsed; null when none covers it. Throws std::logic_error when a
  // published model does not parse.
  std::shared_ptr<const PublishedModel> model_for_year(std::int32_t year) const;

  // Everyone scored for `year`, scored (domain/score_board.hpp); no entries without a model.
  YearBoard year_board(std::int32_t year) const;

  // The state as bytes: format version kFoldEncodingVersion, varint integers, length-prefixed strings, every
  // map in key order. The retraction index is not stored: decode() derives it from the state.
  static constexpr std::uint8_t kFoldEncodingVersion = 1;
  std::string encode() const;
  // The fold encode() gave these bytes for; nullopt when they are not such bytes (another version, truncated,
  // trailing bytes, an enum out of range).
  static std::optional<LedgerFold> decode(std::string_view bytes);

 private:
  friend struct LedgerFoldCodec;  // ledger_fold_codec.cpp: encode and decode

  struct ContractFact { std::uint64_t seq = 0; ContractRole role = ContractRole::seller; std::int64_t amount_fen = 0; };
  using Fact = std::variant<ReportInput, RdInput, ContractFact, FinancingInput, ApplicationInput, ProjectInput,
                            PlatformInput, TalentInput>;
  struct YearFact {
    std::int32_t year = 0;  // the year it is filed under (fact_year)
    Fact fact;
  };
  static std::uint64_t seq_of(const Fact& fact) {
    return std::visit([](const auto& item) { return item.seq; }, fact);
  }
  struct Patent {
    PatentKind kind = PatentKind::invention;
    std::uint64_t applied_seq = 0;
    std::string granted_on;
    std::uint64_t granted_seq = 0;
    std::string lapsed_on;
    std::uint64_t lapsed_seq = 0;
  };
  struct Certification {
    CertificationKind kind = CertificationKind::hnte;
    std::string valid_from;
    std::string valid_to;
    std::uint64_t granted_seq = 0;
    std::string revoked_on;
    std::uint64_t revoked_seq = 0;
  };
  struct Incident {
    IncidentKind kind = IncidentKind::abnormal_operation;
    std::string from;
    std::uint64_t recorded_seq = 0;
    std::string cleared_on;
    std::uint64_t cleared_seq = 0;
  };
  struct Enterprise {
    std::string name;
    std::string zone;
    std::vector<std::string> chains;
    std::uint64_t registered_seq = 0;
    std::vector<YearFact> facts;  // by year, then seq: flat, so that decoding a snapshot allocates once per list
    std::map<std::string, Patent> patents;                         // by canonical application number
    std::map<std::string, Certification> certifications;           // by kind and cert_no
    std::map<std::string, Incident> incidents;                     // by incident id
  };
  struct Model {
    std::int32_t year_from = 0;
    std::int32_t year_to = 0;
    std::string model_jcs;
  };
  // What a retraction of an event must undo.
  struct Retractable {
    EventType type = EventType::annual_report_filed;
    std::string uscc;
    std::int32_t year = 0;  // year facts
    std::string key;        // patent number, certification key, incident id
  };

  Enterprise& enterprise(const Event& event, std::uint64_t seq);
  void apply_ledger_event(const Event& event, std::uint64_t seq);
  void apply_enterprise_event(const Event& event, std::uint64_t seq);
  void apply_record(const Event& event, std::uint64_t seq, Enterprise& target);
  void retract(const Event& event, std::uint64_t seq);
  void index_retractable();  // the retraction index from the state: after decode, at the first retraction
  std::optional<ScoreInputs> inputs(const Enterprise& enterprise, std::string_view uscc, const ScoringModel& model,
                                    std::int32_t year) const;

  std::uint64_t tree_size_ = 0;
  std::map<std::string, std::string, std::less<>> zones_;   // id -> name
  std::map<std::string, std::string, std::less<>> chains_;  // id -> name
  std::map<std::string, Enterprise, std::less<>> enterprises_;
  std::map<std::string, Model, std::less<>> models_;  // by version
  std::unordered_map<std::uint64_t, Retractable> retractable_;  // complete only when retractable_indexed_
  bool retractable_indexed_ = true;  // false after decode until a retraction needs the index
};

}  // namespace jifen::domain
