// The projection state of one generation (storage::Db::projection_a or _b) seen through one transaction:
// typed get and put of the values of facts.hpp under the keys of docs/PROJECTIONS.md.
//
// Thread contract: lives no longer than its transaction and belongs to that transaction's thread. Writes need
// the WriteTxn constructor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "replay/facts.hpp"
#include "storage/lmdb.hpp"

namespace jifen::replay {

class ProjectionState {
 public:
  ProjectionState(const storage::ReadTxn& txn, storage::Db db) : read_(&txn), db_(db) {}
  ProjectionState(storage::WriteTxn& txn, storage::Db db) : read_(&txn), write_(&txn), db_(db) {}

  // The number of log records applied to this generation (the projection checkpoint).
  std::uint64_t tree_size() const;
  void set_tree_size(std::uint64_t tree_size);

  std::optional<ZoneState> zone(std::string_view id) const;
  void put_zone(std::string_view id, const ZoneState& value);
  std::optional<ChainState> chain(std::string_view id) const;
  void put_chain(std::string_view id, const ChainState& value);
  std::optional<EnterpriseState> enterprise(std::string_view uscc) const;
  void put_enterprise(std::string_view uscc, const EnterpriseState& value);

  // Which enterprise applied for a patent (canonical number), and that enterprise's patent state.
  std::optional<std::string> patent_owner(std::string_view application_no) const;
  std::optional<PatentState> patent(std::string_view uscc, std::string_view application_no) const;
  void put_patent(std::string_view uscc, const PatentState& value);  // also records the owner
  void erase_patent(std::string_view uscc, std::string_view application_no);
  std::vector<PatentState> patents(std::string_view uscc) const;

  std::optional<CertificationState> certification(std::string_view uscc, domain::CertificationKind kind,
                                                  std::string_view cert_no) const;
  void put_certification(std::string_view uscc, const CertificationState& value);
  void erase_certification(std::string_view uscc, domain::CertificationKind kind, std::string_view cert_no);
  std::vector<CertificationState> certifications(std::string_view uscc) const;

  std::optional<IncidentState> incident(std::string_view uscc, std::string_view incident_id) const;
  void put_incident(std::string_view uscc, const IncidentState& value);
  void erase_incident(std::string_view uscc, std::string_view incident_id);
  std::vector<IncidentState> incidents(std::string_view uscc) const;

  // Every fact of the enterprise filed under `year`, each list in seq order.
  YearFacts year_facts(std::string_view uscc, std::int32_t year) const;
  void put_fact(std::string_view uscc, std::int32_t year, std::uint64_t seq, std::string_view encoded_fact);
  // False when no fact is stored under (uscc, year, seq).
  bool erase_fact(std::string_view uscc, std::int32_t year, std::uint64_t seq);

  // The seq of the retraction that retracted `seq`, if any.
  std::optional<std::uint64_t> retracted_by(std::uint64_t seq) const;
  void put_retraction(std::uint64_t seq, std::uint64_t retraction_seq);

  std::optional<ModelState> model(std::string_view version) const;
  void put_model(std::string_view version, const ModelState& value);
  std::optional<KeyState> key(std::string_view key_id) const;
  void put_key(std::string_view key_id, const KeyState& value);

  std::uint64_t count_prefix(char prefix) const;  // e.g. 'E': enterprises

  // Scans for the derived reads (scores, rankings): whole lists in key order.
  std::vector<std::pair<std::string, EnterpriseState>> enterprises() const;  // by USCC

  // What one enterprise holds, for a walk over every enterprise (the year boards).
  struct EnterpriseRecords {
    std::vector<std::pair<std::int32_t, YearFacts>> years;  // facts filed under years up to a last year
    std::vector<PatentState> patents;
    std::vector<CertificationState> certifications;
    std::vector<IncidentState> incidents;
  };
  // Reads the records of enterprises in ascending USCC order with one cursor per kind of record that only
  // moves forward: a walk over every enterprise reads each kind's keys once, in order, instead of seeking
  // four times per enterprise (a third of a board's build at 100,000 enterprises).
  // Lives no longer than the ProjectionState it was made from.
  class EnterpriseWalk {
   public:
    EnterpriseWalk(const ProjectionState& state, std::int32_t last_year);
    // REQUIRES: each call names a USCC greater than the previous call's. Enterprises may be skipped: the walk
    // seeks past them.
    void read(std::string_view uscc, EnterpriseRecords& records);

   private:
    struct Lane {
      storage::Cursor cursor;
      char prefix;
      bool valid;
    };
    // Moves `lane` past every key of an enterprise below `uscc`; true when it then stands on one of `uscc`.
    static bool reach(Lane& lane, std::string_view uscc);
    Lane facts_;
    Lane patents_;
    Lane certifications_;
    Lane incidents_;
    std::int32_t last_year_;
  };
  std::vector<std::pair<std::string, ZoneState>> zones() const;              // by id
  std::vector<std::pair<std::string, ChainState>> chains() const;            // by id
  std::vector<std::pair<std::string, ModelState>> models() const;            // by version

 private:
  std::optional<std::string_view> get(std::string_view key) const;
  void put(std::string_view key, std::string_view value);
  void erase(std::string_view key);
  template <class T, class Decode>
  std::vector<T> scan(const std::string& prefix, Decode decode) const;
  template <class T, class Decode>
  std::vector<std::pair<std::string, T>> scan_keyed(char prefix, Decode decode) const;

  const storage::ReadTxn* read_ = nullptr;
  storage::WriteTxn* write_ = nullptr;
  storage::Db db_;
};

}  // namespace jifen::replay
