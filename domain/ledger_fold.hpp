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
//
// A decoded fold keeps the bytes it was decoded from and reads an enterprise out of them only when an event
// changes it (it then lives decoded beside the bytes) or a board reads it (into one scratch value, reused):
// a fold of 260,000 enterprises decodes in a fraction of the time and memory that building every enterprise
// as objects took, and a copy shares the bytes.
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

  // The model published for `year`, parsed; null when none covers it. Throws std::logic_error when a
  // published model does not parse.
  std::shared_ptr<const PublishedModel> model_for_year(std::int32_t year) const;

  // Everyone scored for `year`, scored (domain/score_board.hpp); no entries without a model. Large boards are
  // built on two threads.
  YearBoard year_board(std::int32_t year) const;
  // Likewise, its entries keeping no inputs: the board shares `fold` and reads an entry's inputs from it again
  // when a read needs them (YearBoard::inputs_of), which keeps a board of 255,000 enterprises 40 % smaller.
  // REQUIRES: fold is not null.
  static YearBoard year_board(std::shared_ptr<const LedgerFold> fold, std::int32_t year);

  // One enterprise's score inputs for `year` under `model`; nullopt when it is not registered or filed no
  // annual report for year - 1.
  std::optional<ScoreInputs> score_inputs(std::string_view uscc, const ScoringModel& model, std::int32_t year) const;

  // The state as bytes: format version kFoldEncodingVersion, varint integers, length-prefixed strings, every
  // map in key order, each enterprise length-prefixed. The retraction index is not stored: it is derived from
  // the state when a retraction first needs it.
  static constexpr std::uint8_t kFoldEncodingVersion = 3;
  std::string encode() const;
  // The fold encode() gave these bytes for (it keeps a copy of them); nullopt when they are not such bytes
  // (another version, truncated, trailing bytes, an enum out of range, keys out of order). With
  // Validate::framing, only the layout around the enterprises is checked now, each enterprise's own bytes when
  // they are first read (a std::logic_error if they do not decode): for bytes whose integrity is checked
  // otherwise (a snapshot's checksum), that spares reading every enterprise twice.
  enum class Validate : std::uint8_t { bodies, framing };
  static std::optional<LedgerFold> decode(std::string_view bytes, Validate validate = Validate::bodies);
  // Likewise without a copy: the fold (and every copy of it) keeps `owner`, which keeps `bytes` valid (a
  // snapshot store's read transaction: the bytes stay in LMDB's map).
  static std::optional<LedgerFold> decode(std::shared_ptr<const void> owner, std::string_view bytes, Validate validate);

  // Deltas. A fold decoded from encode()'s bytes has a base: the tree size of those bytes (0 for a fold never
  // decoded). encode_delta() gives the same layout as encode() with only the enterprises changed since the
  // base (the zones, chains and models whole: they are few); decode() of a base and of such a delta gives the
  // fold at the delta's tree size, whose base is still the base's. REQUIRES for encode_delta: base_size() > 0.
  // decode(base, delta) is nullopt when either is not such bytes, or the delta is not of a larger tree size.
  std::uint64_t base_size() const { return base_size_; }
  std::string encode_delta() const;
  static std::optional<LedgerFold> decode(std::string_view base, std::string_view delta, Validate validate);
  static std::optional<LedgerFold> decode(std::shared_ptr<const void> owner, std::string_view base,
                                          std::string_view delta, Validate validate);

 private:
  friend struct LedgerFoldCodec;  // ledger_fold_codec.cpp: encode and decode

  struct ContractFact { std::uint64_t seq = 0; ContractRole role = ContractRole::seller; std::int64_t amount_fen = 0; };
  // An annual report's figures are seven integers where every other fact has at most three, and an enterprise
  // files one a year against hundreds of others: they live in Enterprise::reports, at `index`, so that a fact
  // takes 40 bytes instead of 72.
  struct ReportFact {  // no member initializers: the variant must be default-constructible inside the class
    std::uint64_t seq;
    std::uint32_t index;
  };
  using Fact = std::variant<ReportFact, RdInput, ContractFact, FinancingInput, ApplicationInput, ProjectInput,
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
  // Keyed steps, sorted by key: flat, so that reading an enterprise into a scratch value reuses its memory.
  template <class Item>
  using Keyed = std::vector<std::pair<std::string, Item>>;
  struct Enterprise {
    std::string name;
    std::string zone;
    std::vector<std::string> chains;
    std::uint64_t registered_seq = 0;
    std::vector<YearFact> facts;           // by year, then seq
    std::vector<ReportInput> reports;      // the report facts' figures, at their ReportFact::index (a retracted
                                           // report's stay, unreferenced, until the enterprise is next encoded)
    Keyed<Patent> patents;                 // by canonical application number
    Keyed<Certification> certifications;   // by kind and cert_no
    Keyed<Incident> incidents;             // by incident id
  };
  // An enterprise still as the bytes it was decoded from: views into the bytes stored_bytes_ (or delta_bytes_)
  // keeps.
  struct Stored {
    std::string_view uscc;
    std::string_view body;  // what LedgerFoldCodec::write_body wrote
    bool from_delta = false;  // read from a delta's bytes: changed since the base
  };
  struct Model {
    std::int32_t year_from = 0;
    std::int32_t year_to = 0;
    std::string model_jcs;
  };
  // What a retraction of an event must undo.
  struct Retractable {
    EventType type = EventType::annual_report_filed;
    std::int32_t year = 0;  // year facts
    std::string key;        // patent number, certification key, incident id
  };

  Enterprise& enterprise(const Event& event, std::uint64_t seq);
  // The enterprise decoded, when it is stored as bytes and not yet decoded; null when it is neither.
  Enterprise* decode_stored(std::string_view uscc);
  const Stored* find_stored(std::string_view uscc) const;
  // The facts a read needs: those filed under the years first..last, and platforms of any earlier year (they
  // count in every later year's score). A read given one skips the other years' facts, unread: what a board
  // needs of an enterprise's history is a few years, whatever the length of the log.
  struct FactYears {
    std::int32_t first = 0;
    std::int32_t last = 0;
    bool needs(std::int32_t year, bool has_platforms) const {
      return year <= last && (first <= year || has_platforms);
    }
  };
  // Reads a stored enterprise's bytes into `out` (its memory reused): every fact, or those `only` needs. Throws
  // std::logic_error when they do not decode.
  static void read_stored(const Stored& stored, Enterprise& out, const FactYears* only = nullptr);
  // Every enterprise in USCC order: the decoded ones as they are, the stored ones read into one scratch value
  // (the reference is valid until the next call of `visit`).
  template <class Visit>
  void for_each_enterprise(Visit&& visit) const;
  // Likewise for the part of them from stored_[from] (the first, when 0) to stored_[to] (the last, when
  // stored_.size()), excluded: two parts split at one index visit every enterprise once between them.
  // A stored enterprise is read with the facts `only` needs, when given (a decoded one has all of them).
  template <class Visit>
  void for_each_enterprise_in(std::size_t from, std::size_t to, Visit&& visit, const FactYears* only = nullptr) const;
  void apply_ledger_event(const Event& event, std::uint64_t seq);
  void apply_enterprise_event(const Event& event, std::uint64_t seq);
  void apply_record(const Event& event, std::uint64_t seq, Enterprise& target);
  void retract(const Event& event, std::uint64_t seq);
  void index_retractable();  // the retraction index from the state: after decode, at the first retraction
  YearBoard build_year_board(std::int32_t year, KeepInputs keep) const;
  // The enterprise's score inputs for `year` into `out` (every field set, its lists' memory reused); false when
  // it filed no annual report for year - 1 (`out` is then unspecified).
  bool inputs(const Enterprise& enterprise, std::string_view uscc, const ScoringModel& model, std::int32_t year,
              ScoreInputs& out) const;

  std::uint64_t tree_size_ = 0;
  std::map<std::string, std::string, std::less<>> zones_;   // id -> name
  std::map<std::string, std::string, std::less<>> chains_;  // id -> name
  // The decoded enterprises by USCC: in order (encode, boards) and hashed (apply looks one up per event; a
  // tree of 260,000 USCCs, which share long prefixes, was a fifth of a fold).
  class Decoded {
   public:
    Decoded() = default;
    Decoded(const Decoded& other) : ordered_(other.ordered_) { reindex(); }
    Decoded& operator=(const Decoded& other) {
      if (this != &other) {
        ordered_ = other.ordered_;
        reindex();
      }
      return *this;
    }
    Decoded(Decoded&&) noexcept = default;  // the tree's nodes move with it: the index stays valid
    Decoded& operator=(Decoded&&) noexcept = default;

    Enterprise* find(std::string_view uscc) const {
      const auto found = index_.find(uscc);
      return found == index_.end() ? nullptr : found->second;
    }
    // REQUIRES: `uscc` is not there yet.
    Enterprise& insert(std::string_view uscc, Enterprise enterprise) {
      auto& [key, value] = *ordered_.emplace(std::string(uscc), std::move(enterprise)).first;
      index_.emplace(key, &value);
      return value;
    }
    auto lower_bound(std::string_view uscc) const { return ordered_.lower_bound(uscc); }
    auto begin() const { return ordered_.begin(); }
    auto end() const { return ordered_.end(); }
    std::size_t size() const { return ordered_.size(); }

   private:
    void reindex() {
      index_.clear();
      for (auto& [key, value] : ordered_) index_.emplace(key, &value);
    }
    std::map<std::string, Enterprise, std::less<>> ordered_;
    std::unordered_map<std::string_view, Enterprise*> index_;  // views of ordered_'s keys
  };

  // Enterprises decoded: registered, or changed, since the bytes were decoded (all of them in a fold that was
  // never decoded). They shadow their stored bytes.
  Decoded enterprises_;
  // Writes the header (version, tree size, zones, chains, models) and the enterprises: all, or only those
  // changed since the base (decoded, or stored from a delta).
  std::string encode_enterprises(bool changed_only) const;

  std::uint64_t base_size_ = 0;                      // the tree size of the full bytes decoded; 0: none
  std::shared_ptr<const void> stored_bytes_;  // keeps what decode() read valid; shared by copies
  std::shared_ptr<const void> delta_bytes_;   // likewise the delta decode() read over them, if any
  std::vector<Stored> stored_;                       // by USCC ascending
  std::map<std::string, Model, std::less<>> models_;  // by version
  // The retraction index is built from the state when a retraction first needs it, then kept up by apply():
  // a fold of a log without retractions never holds it.
  std::unordered_map<std::uint64_t, Retractable> retractable_;  // complete only when retractable_indexed_
  bool retractable_indexed_ = false;
};

}  // namespace jifen::domain
