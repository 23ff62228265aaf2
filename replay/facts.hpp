// The projection state kept per enterprise: every fact the indicators of DOMAIN.md need, each with the seq
// of the event behind it, so that a score can name its sources and a retraction can remove exactly one fact.
//
// Values, with a deterministic binary encoding (bytes.hpp). docs/PROJECTIONS.md lists the keys.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/event.hpp"

namespace jifen::replay {

struct ZoneState {
  std::string name;
  domain::ZoneLevel level = domain::ZoneLevel::national;
  std::uint64_t seq = 0;
};

struct ChainState {
  std::string name;
  std::uint64_t seq = 0;
};

struct EnterpriseState {
  std::string name;
  std::string zone;
  std::vector<std::string> chains;
  std::string registered_on;
  std::uint64_t registered_seq = 0;
  std::uint64_t version = 0;  // events naming this enterprise so far (its stream's length)
  bool demo = false;          // registered by seed-demo
};

// A patent of one enterprise. Dates are "YYYY-MM-DD"; empty when the step has not happened.
struct PatentState {
  std::string application_no;  // canonical, with "CN"
  domain::PatentKind kind = domain::PatentKind::invention;
  bool pct = false;
  std::string filed_on;
  std::uint64_t applied_seq = 0;
  std::string granted_on;
  std::uint64_t granted_seq = 0;
  std::string lapsed_on;
  std::uint64_t lapsed_seq = 0;
};

struct CertificationState {
  domain::CertificationKind kind = domain::CertificationKind::hnte;
  std::string cert_no;
  std::string valid_from;
  std::string valid_to;
  std::uint64_t granted_seq = 0;
  std::string revoked_on;
  std::uint64_t revoked_seq = 0;
};

struct IncidentState {
  std::string incident_id;
  domain::IncidentKind kind = domain::IncidentKind::abnormal_operation;
  std::string from;
  std::uint64_t recorded_seq = 0;
  std::string cleared_on;
  std::uint64_t cleared_seq = 0;
};

// Facts of one enterprise dated in one year: the fiscal year for reports and R&D; the year of the event's
// own date for flows and recognitions (DOMAIN.md "Precise rules").
struct YearFacts {
  struct Report { std::uint64_t seq = 0; domain::AnnualReportFiled report; };
  struct Rd { std::uint64_t seq = 0; std::string project; domain::RdCategory category{}; std::int64_t amount_fen = 0; };
  struct Contract { std::uint64_t seq = 0; domain::ContractRole role{}; domain::ContractKind kind{}; std::int64_t amount_fen = 0; };
  struct Financing { std::uint64_t seq = 0; domain::FinancingKind kind{}; std::int64_t amount_fen = 0; };
  struct Application { std::uint64_t seq = 0; std::string application_no; domain::PatentKind kind{}; bool pct = false; };
  struct Project { std::uint64_t seq = 0; domain::ProjectScheme scheme{}; domain::Level level{}; domain::ProjectRole role{}; std::int64_t funding_fen = 0; };
  struct Platform { std::uint64_t seq = 0; domain::PlatformKind kind{}; domain::Level level{}; std::string name; };
  struct Talent { std::uint64_t seq = 0; std::string program; domain::Level level{}; };

  std::vector<Report> reports;  // in seq order; the last one counts (each list is in seq order)
  std::vector<Rd> rd;
  std::vector<Contract> contracts;
  std::vector<Financing> financing;
  std::vector<Application> applications;
  std::vector<Project> projects;
  std::vector<Platform> platforms;
  std::vector<Talent> talent;

};

// One fact is stored under its own key (docs/PROJECTIONS.md), so appending or retracting a fact costs one
// LMDB write however many facts an enterprise has. The value is a kind tag and the fact's fields.
std::string encode_fact(const YearFacts::Report& fact);
std::string encode_fact(const YearFacts::Rd& fact);
std::string encode_fact(const YearFacts::Contract& fact);
std::string encode_fact(const YearFacts::Financing& fact);
std::string encode_fact(const YearFacts::Application& fact);
std::string encode_fact(const YearFacts::Project& fact);
std::string encode_fact(const YearFacts::Platform& fact);
std::string encode_fact(const YearFacts::Talent& fact);
// Decodes a stored fact and appends it, with `seq`, to the matching list of `facts`. Throws CorruptValue.
void add_stored_fact(YearFacts& facts, std::uint64_t seq, std::string_view bytes);

struct ModelState {
  std::int32_t year_from = 0;
  std::int32_t year_to = 0;
  std::string model_jcs;
  std::uint64_t seq = 0;
};

struct KeyState {
  domain::Role role = domain::Role::auditor;
  std::string enterprise;
  bool revoked = false;
  std::uint64_t seq = 0;
};

std::string encode(const ZoneState& value);
std::string encode(const ChainState& value);
std::string encode(const EnterpriseState& value);
std::string encode(const PatentState& value);
std::string encode(const CertificationState& value);
std::string encode(const IncidentState& value);
std::string encode(const ModelState& value);
std::string encode(const KeyState& value);

// Each throws CorruptValue when `bytes` is not a value of that type.
ZoneState decode_zone(std::string_view bytes);
ChainState decode_chain(std::string_view bytes);
EnterpriseState decode_enterprise(std::string_view bytes);
PatentState decode_patent(std::string_view bytes);
CertificationState decode_certification(std::string_view bytes);
IncidentState decode_incident(std::string_view bytes);
ModelState decode_model(std::string_view bytes);
KeyState decode_key(std::string_view bytes);

}  // namespace jifen::replay
