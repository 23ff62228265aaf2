// The event catalogue: wire spellings, who may post what, which types name an enterprise.
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "domain/event.hpp"

namespace jifen::domain {
namespace {

template <class Enum>
void expect_round_trip(std::initializer_list<std::string_view> spellings) {
  std::size_t index = 0;
  for (const std::string_view spelling : spellings) {
    const auto value = static_cast<Enum>(index++);
    BOOST_TEST(to_string(value) == spelling);
    BOOST_TEST((enum_from_string<Enum>(spelling) == std::optional<Enum>(value)), spelling);
    BOOST_TEST(enum_spellings_joined<Enum>().find(spelling) != std::string_view::npos);
  }
  BOOST_TEST(!enum_from_string<Enum>("").has_value());
  BOOST_TEST(!enum_from_string<Enum>("no_such_value").has_value());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(event_catalogue)

BOOST_AUTO_TEST_CASE(event_type_spellings) {
  const std::string_view spellings[] = {
      "zone.defined", "chain.defined", "enterprise.registered", "enterprise.affiliation_changed",
      "annual_report.filed", "rd_expense.filed", "patent.applied", "patent.granted", "patent.lapsed",
      "tech_contract.registered", "financing.received", "certification.granted", "certification.revoked",
      "platform.recognized", "project.awarded", "talent_team.recognized", "compliance.incident_recorded",
      "compliance.incident_cleared", "event.retracted", "scoring_model.published", "key.created", "key.revoked"};
  BOOST_TEST(std::size(spellings) == kEventTypeCount);
  for (std::size_t i = 0; i < kEventTypeCount; ++i) {
    const auto type = static_cast<EventType>(i);
    BOOST_TEST(to_string(type) == spellings[i]);
    BOOST_TEST((event_type_from_string(spellings[i]) == std::optional<EventType>(type)));
  }
  BOOST_TEST(!event_type_from_string("Zone.Defined").has_value());
  BOOST_TEST(!event_type_from_string("zone.defined ").has_value());
}

BOOST_AUTO_TEST_CASE(enum_spellings) {
  expect_round_trip<Role>({"enterprise", "bureau", "auditor", "admin"});
  BOOST_TEST((role_from_string("bureau") == std::optional<Role>(Role::bureau)));
  expect_round_trip<ZoneLevel>({"national", "provincial"});
  expect_round_trip<Level>({"national", "provincial", "municipal"});
  expect_round_trip<RdCategory>(
      {"personnel", "direct_inputs", "depreciation", "amortization", "design", "outsourced", "other"});
  expect_round_trip<PatentKind>({"invention", "utility", "design"});
  expect_round_trip<ContractRole>({"seller", "buyer"});
  expect_round_trip<ContractKind>({"development", "transfer", "licensing", "consulting", "service"});
  expect_round_trip<FinancingKind>({"equity", "sukedai", "tongkedai", "ip_pledge", "score_loan", "other_loan"});
  expect_round_trip<CertificationKind>({"hnte", "tsme", "specialized"});
  expect_round_trip<PlatformKind>({"engineering_center", "key_lab", "academician_workstation", "tech_center"});
  expect_round_trip<ProjectScheme>({"jiebang", "transfer", "rural", "plan", "consortium"});
  expect_round_trip<ProjectRole>({"lead", "participant"});
  expect_round_trip<IncidentKind>({"dishonest_debtor", "research_misconduct", "safety_accident", "abnormal_operation"});
}

BOOST_AUTO_TEST_CASE(who_may_post_what) {
  // DOMAIN.md's "who" column, written out again: E enterprise, B bureau, A admin.
  const std::pair<std::string_view, std::string_view> who[] = {
      {"zone.defined", "A"}, {"chain.defined", "A"}, {"enterprise.registered", "B"},
      {"enterprise.affiliation_changed", "B"}, {"annual_report.filed", "E"}, {"rd_expense.filed", "E"},
      {"patent.applied", "E"}, {"patent.granted", "EB"}, {"patent.lapsed", "EB"}, {"tech_contract.registered", "E"},
      {"financing.received", "E"}, {"certification.granted", "B"}, {"certification.revoked", "B"},
      {"platform.recognized", "B"}, {"project.awarded", "B"}, {"talent_team.recognized", "B"},
      {"compliance.incident_recorded", "B"}, {"compliance.incident_cleared", "B"}, {"event.retracted", "EB"},
      {"scoring_model.published", "A"}, {"key.created", "A"}, {"key.revoked", "A"}};
  BOOST_TEST(std::size(who) == kEventTypeCount);
  for (const auto& [spelling, roles] : who) {
    const EventType type = *event_type_from_string(spelling);
    BOOST_TEST(role_may_post(Role::enterprise, type) == (roles.find('E') != std::string_view::npos), spelling);
    BOOST_TEST(role_may_post(Role::bureau, type) == (roles.find('B') != std::string_view::npos), spelling);
    BOOST_TEST(role_may_post(Role::admin, type) == (roles.find('A') != std::string_view::npos), spelling);
    BOOST_TEST(!role_may_post(Role::auditor, type), spelling);
  }
}

BOOST_AUTO_TEST_CASE(which_types_name_an_enterprise) {
  const std::set<EventType> ledger_level = {EventType::zone_defined, EventType::chain_defined,
                                            EventType::scoring_model_published, EventType::key_created,
                                            EventType::key_revoked};
  for (std::size_t i = 0; i < kEventTypeCount; ++i) {
    const auto type = static_cast<EventType>(i);
    BOOST_TEST(type_has_enterprise(type) == !ledger_level.contains(type), to_string(type));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::domain
