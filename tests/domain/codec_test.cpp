// The event codec: every type decodes, round trips through data_jcs, and every kind of invalid event is
// an `invalid` error naming the right field.
#include <boost/test/unit_test.hpp>

#include <string>
#include <variant>

#include "domain/codec.hpp"
#include "domain/leaf.hpp"
#include "sample_events.hpp"

namespace jifen::domain {
namespace {

using test::event_json;
using test::kSampleEvents;
using test::sample_event_json;

Event expect_event(EventDecoder& decoder, const std::string& json) {
  DecodeResult result = decoder.decode(json);
  if (const auto* error = std::get_if<DecodeError>(&result)) {
    std::string fields;
    for (const FieldError& field : error->errors) fields += " [" + field.field + ": " + field.message + "]";
    BOOST_FAIL("expected a valid event: " << json << "\n  got: " << error->detail << fields);
  }
  return std::get<Event>(std::move(result));
}

DecodeError expect_error(EventDecoder& decoder, const std::string& json) {
  DecodeResult result = decoder.decode(json);
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<DecodeError>(result), "expected an error for " << json);
  return std::get<DecodeError>(std::move(result));
}

std::string fields_of(const DecodeError& error) {
  std::string out;
  for (const FieldError& field : error.errors) out += field.field + " (" + field.message + "); ";
  return out;
}

bool names_field(const DecodeError& error, std::string_view field) {
  for (const FieldError& entry : error.errors) {
    if (entry.field == field) return !entry.message.empty();
  }
  return false;
}

void expect_invalid(EventDecoder& decoder, const std::string& json, std::string_view field) {
  const DecodeError error = expect_error(decoder, json);
  BOOST_CHECK_MESSAGE(error.kind == DecodeErrorKind::invalid, "expected invalid, got malformed for " << json);
  BOOST_CHECK_MESSAGE(!error.detail.empty(), "an error needs a detail");
  BOOST_CHECK_MESSAGE(names_field(error, field),
                      "expected an error at " << field << " for " << json << "; got: " << fields_of(error));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(codec)

BOOST_AUTO_TEST_CASE(a_valid_event_of_every_type_decodes) {
  EventDecoder decoder;
  for (std::size_t i = 0; i < kEventTypeCount; ++i) {
    const auto type = static_cast<EventType>(i);
    const Event event = expect_event(decoder, sample_event_json(type));
    BOOST_TEST((event.type == type));
    BOOST_TEST(event.data.index() == i);
    BOOST_TEST(event.event_id == "e-1");
    BOOST_TEST(event.occurred_on.to_string() == "2021-12-31");
    BOOST_TEST(event.enterprise.has_value() == type_has_enterprise(type));
    BOOST_TEST(!event.data_jcs.empty());
  }
}

BOOST_AUTO_TEST_CASE(typed_values_are_read) {
  EventDecoder decoder;
  const Event report = expect_event(decoder, sample_event_json(EventType::annual_report_filed));
  const auto& annual = std::get<AnnualReportFiled>(report.data);
  BOOST_TEST(annual.fiscal_year == 2021);
  BOOST_TEST(annual.revenue.value == 5000000000);
  BOOST_TEST(annual.high_tech_revenue.value == 3000000000);
  BOOST_TEST(annual.export_revenue.value == 1000000000);
  BOOST_TEST(annual.tax_paid.value == 200000000);
  BOOST_TEST(annual.employees == 120);
  BOOST_TEST(annual.tech_staff == 30);
  BOOST_TEST(*report.enterprise == "91350100M000100Y43");

  const Event lapsed = expect_event(decoder, sample_event_json(EventType::patent_lapsed));
  const auto& patent = std::get<PatentLapsed>(lapsed.data).application_no;
  BOOST_TEST(patent.canonical() == "CN201080063196.9");  // posted without "CN"
  BOOST_TEST(patent.year == 2010);
  BOOST_TEST(patent.serial == 63196u);
  BOOST_TEST(patent.is_pct());

  const Event registered = expect_event(decoder, sample_event_json(EventType::enterprise_registered));
  const auto& enterprise = std::get<EnterpriseRegistered>(registered.data);
  BOOST_TEST(enterprise.name == "南通示例科技有限公司");
  BOOST_TEST(enterprise.chains.size() == 2u);
  BOOST_TEST(enterprise.chains[1] == "software");
  BOOST_TEST((enterprise.registered_on == Date{2015, 3, 2}));

  const Event model = expect_event(decoder, sample_event_json(EventType::scoring_model_published));
  const auto& published = std::get<ScoringModelPublished>(model.data);
  BOOST_TEST(published.year_from == 2022);
  BOOST_TEST(published.year_to == 2024);
  BOOST_TEST(published.model_jcs ==
             R"({"bands":[-500000,1000000],"stages":{"growth":{"points":[50,35,15]}},)"
             R"("weights":{"invention_patents":2,"rd_intensity":2}})");

  const Event key = expect_event(decoder, sample_event_json(EventType::key_created));
  BOOST_TEST(*std::get<KeyCreated>(key.data).enterprise == "91320621MA1MRHG205");
  const Event affiliation = expect_event(decoder, sample_event_json(EventType::enterprise_affiliation_changed));
  const auto& changed = std::get<EnterpriseAffiliationChanged>(affiliation.data);
  BOOST_TEST(*changed.zone == "rugao");
  BOOST_TEST(changed.chains->empty());
}

BOOST_AUTO_TEST_CASE(data_jcs_round_trips_through_decode_data) {
  EventDecoder decoder;
  for (std::size_t i = 0; i < kEventTypeCount; ++i) {
    const auto type = static_cast<EventType>(i);
    const Event event = expect_event(decoder, sample_event_json(type));
    auto stored = decoder.decode_data(type, event.data_jcs);
    BOOST_REQUIRE_MESSAGE(std::holds_alternative<EventData>(stored), "decode_data failed for " << to_string(type));
    BOOST_TEST((std::get<EventData>(stored) == event.data), to_string(type));
    // Canonical JSON is a fixed point: decoding it again gives it again.
    const Event again = expect_event(decoder, event_json(to_string(type), event.data_jcs));
    BOOST_TEST(again.data_jcs == event.data_jcs);
    BOOST_TEST(canonical_event(again) == canonical_event(event));
  }
}

BOOST_AUTO_TEST_CASE(decode_data_validates_like_decode) {
  EventDecoder decoder;
  auto bad = decoder.decode_data(EventType::rd_expense_filed,
                                 R"({"fiscal_year":2021,"project":"P","category":"other","amount_fen":0})");
  BOOST_REQUIRE(std::holds_alternative<DecodeError>(bad));
  BOOST_TEST(names_field(std::get<DecodeError>(bad), "data.amount_fen"));
  auto not_object = decoder.decode_data(EventType::rd_expense_filed, "[1]");
  BOOST_REQUIRE(std::holds_alternative<DecodeError>(not_object));
  BOOST_TEST((std::get<DecodeError>(not_object).kind == DecodeErrorKind::malformed));
  auto extra = decoder.decode_data(EventType::chain_defined, R"({"id":"a","name":"b","x":1})");
  BOOST_REQUIRE(std::holds_alternative<DecodeError>(extra));
  BOOST_TEST(names_field(std::get<DecodeError>(extra), "data.x"));
}

BOOST_AUTO_TEST_CASE(canonical_event_ignores_whitespace_and_key_order) {
  EventDecoder decoder;
  const std::string compact =
      R"({"event_id":"rd-2021-0001","type":"rd_expense.filed","enterprise":"91350100M000100Y43",)"
      R"("occurred_on":"2021-12-31","data":{"fiscal_year":2021,"project":"P-01","category":"personnel",)"
      R"("amount_fen":123400000}})";
  const std::string spread =
      "{ \"data\" : {\n \"amount_fen\" : 123400000 ,\"category\":\"personnel\",\t\"project\":\"P-01\",\r\n"
      " \"fiscal_year\": 2021 },\n \"occurred_on\":\"2021-12-31\", \"enterprise\" : \"91350100M000100Y43\","
      " \"type\":\"rd_expense.filed\", \"event_id\" : \"rd-2021-0001\" }\n";
  const std::string canonical = canonical_event(expect_event(decoder, compact));
  BOOST_TEST(canonical == canonical_event(expect_event(decoder, spread)));
  BOOST_TEST(canonical ==
             R"({"data":{"amount_fen":123400000,"category":"personnel","fiscal_year":2021,"project":"P-01"},)"
             R"("enterprise":"91350100M000100Y43","event_id":"rd-2021-0001","occurred_on":"2021-12-31",)"
             R"("type":"rd_expense.filed"})");
  // Without an enterprise the key is left out.
  const Event zone = expect_event(decoder, sample_event_json(EventType::zone_defined));
  BOOST_TEST(canonical_event(zone).find("enterprise") == std::string::npos);
  // A different value gives a different canonical form (and digest).
  std::string other = compact;
  other.replace(other.find("123400000"), 9, "123400001");
  BOOST_TEST(sha256(canonical_event(expect_event(decoder, other))) != sha256(canonical));
}

BOOST_AUTO_TEST_CASE(envelope_errors_name_the_field) {
  EventDecoder decoder;
  const std::string rd = R"({"fiscal_year":2021,"project":"P-01","category":"personnel","amount_fen":1})";
  expect_invalid(decoder, event_json("rd_expense.filed", rd, ""), "event_id");
  expect_invalid(decoder, event_json("rd_expense.filed", rd, std::string(65, 'a')), "event_id");
  expect_invalid(decoder, event_json("rd_expense.filed", rd, "a/b"), "event_id");
  expect_invalid(decoder, event_json("rd_expense.filed", rd, "空"), "event_id");
  BOOST_TEST(std::holds_alternative<Event>(decoder.decode(event_json("rd_expense.filed", rd, std::string(64, 'a')))));
  BOOST_TEST(std::holds_alternative<Event>(decoder.decode(event_json("rd_expense.filed", rd, "A.z_0:9-"))));
  expect_invalid(decoder, event_json("rd_expense.filing", rd), "type");
  expect_invalid(decoder, R"({"event_id":"e","type":"rd_expense.filed","occurred_on":"2021-12-31","data":)" + rd + "}",
                 "enterprise");
  expect_invalid(decoder,
                 R"({"event_id":"e","type":"zone.defined","enterprise":"91350100M000100Y43",)"
                 R"("occurred_on":"2021-12-31","data":{"id":"z","name":"Z","level":"national"}})",
                 "enterprise");
  expect_invalid(decoder,
                 R"({"event_id":"e","type":"rd_expense.filed","enterprise":"91350100M000100Y42",)"
                 R"("occurred_on":"2021-12-31","data":)" + rd + "}",
                 "enterprise");
  expect_invalid(decoder,
                 R"({"event_id":"e","type":"rd_expense.filed","enterprise":91350100,)"
                 R"("occurred_on":"2021-12-31","data":)" + rd + "}",
                 "enterprise");
  std::string json = event_json("rd_expense.filed", rd);
  expect_invalid(decoder, std::string(json).replace(json.find("2021-12-31"), 10, "2021-02-29"), "occurred_on");
  expect_invalid(decoder, std::string(json).replace(json.find("2021-12-31"), 10, "20211231"), "occurred_on");
  expect_invalid(decoder, event_json("rd_expense.filed", "[]"), "data");
  expect_invalid(decoder, event_json("rd_expense.filed", "null"), "data");
  expect_invalid(decoder, R"({"event_id":"e","type":"zone.defined","occurred_on":"2021-12-31"})", "data");
  expect_invalid(decoder, R"({"event_id":"e","occurred_on":"2021-12-31","data":{}})", "type");
  expect_invalid(decoder, R"({"event_id":"e","type":7,"occurred_on":"2021-12-31","data":{}})", "type");
}

BOOST_AUTO_TEST_CASE(unknown_and_repeated_fields_are_invalid) {
  EventDecoder decoder;
  const std::string valid = sample_event_json(EventType::chain_defined);
  expect_invalid(decoder, "{\"extra\":true," + valid.substr(1), "extra");
  expect_invalid(decoder, "{\"event_id\":\"e-2\"," + valid.substr(1), "event_id");
  expect_invalid(decoder, event_json("chain.defined", R"({"id":"a","name":"b","colour":"red"})"), "data.colour");
  expect_invalid(decoder, event_json("chain.defined", R"({"id":"a","name":"b","name":"c"})"), "data.name");
  expect_invalid(decoder, event_json("chain.defined", R"({"id":"a","name":"b","x":{"y":1,"y":1}})"), "data.x.y");
  // A repeated key deep inside the free-form model is found too.
  expect_invalid(decoder,
                 event_json("scoring_model.published",
                            R"({"version":"v1","years":[2022,2022],"model":{"a":[{"b":1,"c":2,"b":3}]}})"),
                 "data.model.a[0].b");
}

BOOST_AUTO_TEST_CASE(numbers_must_be_integers_within_2_pow_53) {
  EventDecoder decoder;
  const auto rd = [](std::string_view amount) {
    return event_json("rd_expense.filed",
                      R"({"fiscal_year":2021,"project":"P","category":"other","amount_fen":)" + std::string(amount) + "}");
  };
  expect_invalid(decoder, rd("1.0"), "data.amount_fen");
  expect_invalid(decoder, rd("1e2"), "data.amount_fen");
  expect_invalid(decoder, rd("1E2"), "data.amount_fen");
  expect_invalid(decoder, rd("100.5"), "data.amount_fen");
  expect_invalid(decoder, rd("9007199254740992"), "data.amount_fen");  // 2^53
  expect_invalid(decoder, rd("18446744073709551615"), "data.amount_fen");
  expect_invalid(decoder, rd("\"100\""), "data.amount_fen");
  expect_invalid(decoder, rd("true"), "data.amount_fen");
  expect_invalid(decoder, rd("-1"), "data.amount_fen");
  const Event largest = expect_event(decoder, rd("9007199254740991"));  // 2^53 - 1
  BOOST_TEST(std::get<RdExpenseFiled>(largest.data).amount.value == 9007199254740991);

  const auto model = [](std::string_view value) {
    return event_json("scoring_model.published",
                      R"({"version":"v1","years":[2022,2023],"model":{"x":)" + std::string(value) + "}}");
  };
  expect_invalid(decoder, model("1.0"), "data.model.x");
  expect_invalid(decoder, model("[1,2,3.5]"), "data.model.x[2]");
  expect_invalid(decoder, model("{\"deep\":{\"deeper\":1e2}}"), "data.model.x.deep.deeper");
  expect_invalid(decoder, model("-9007199254740992"), "data.model.x");
  expect_invalid(decoder, model("9007199254740992"), "data.model.x");
  const Event negative = expect_event(decoder, model("-9007199254740991"));
  BOOST_TEST(std::get<ScoringModelPublished>(negative.data).model_jcs == R"({"x":-9007199254740991})");
  // -0 is the integer 0.
  BOOST_TEST(std::get<ScoringModelPublished>(expect_event(decoder, model("-0")).data).model_jcs == R"({"x":0})");
  // A fraction in a field the type does not know is still reported, by its path.
  expect_invalid(decoder, event_json("chain.defined", R"({"id":"a","name":"b","x":[0.5]})"), "data.x[0]");
}

BOOST_AUTO_TEST_CASE(all_errors_of_an_event_are_collected) {
  EventDecoder decoder;
  const DecodeError error = expect_error(
      decoder, R"({"event_id":"","type":"annual_report.filed","enterprise":"91350100M000100Y4X","occurred_on":"x",)"
               R"("data":{"fiscal_year":2021.0,"revenue_fen":100,"high_tech_revenue_fen":200,"export_revenue_fen":300,)"
               R"("tax_paid_fen":-1,"employees":5,"tech_staff":6,"unknown":1}})");
  BOOST_TEST((error.kind == DecodeErrorKind::invalid));
  for (const std::string_view field : {"event_id", "enterprise", "occurred_on", "data.fiscal_year",
                                       "data.high_tech_revenue_fen", "data.export_revenue_fen", "data.tax_paid_fen",
                                       "data.tech_staff", "data.unknown"}) {
    BOOST_TEST(names_field(error, field), field << " in " << fields_of(error));
  }
  // One error per field, never a repeat.
  for (std::size_t i = 0; i < error.errors.size(); ++i) {
    for (std::size_t j = i + 1; j < error.errors.size(); ++j) BOOST_TEST(error.errors[i].field != error.errors[j].field);
  }
}

BOOST_AUTO_TEST_CASE(field_errors_are_bounded) {
  EventDecoder decoder;
  std::string many = R"({"version":"v1","years":[2022,2023],"model":{"x":[)";
  for (int i = 0; i < 1000; ++i) many += (i > 0 ? ",0.5" : "0.5");
  many += "]}}";
  const DecodeError error = expect_error(decoder, event_json("scoring_model.published", many));
  BOOST_TEST(!error.errors.empty());
  BOOST_TEST(error.errors.size() <= 32u);
}

BOOST_AUTO_TEST_CASE(malformed_json_and_non_objects) {
  EventDecoder decoder;
  for (const std::string json : {"", " ", "{", "{\"a\":}", "[]", "\"event\"", "42", "null", "{\"a\":1}x", "{'a':1}"}) {
    const DecodeError error = expect_error(decoder, json);
    BOOST_TEST((error.kind == DecodeErrorKind::malformed), "for " << json);
    BOOST_TEST(!error.detail.empty());
  }
  const DecodeError too_big = expect_error(decoder, std::string(kEventBytesMax + 1, ' '));
  BOOST_TEST((too_big.kind == DecodeErrorKind::malformed));
  // Nesting: 50 arrays inside the model are fine, 100 are beyond kJsonDepthMax.
  const auto nested_model = [](int depth) {
    return event_json("scoring_model.published", R"({"version":"v1","years":[2022,2023],"model":{"x":)" +
                                                     std::string(static_cast<std::size_t>(depth), '[') +
                                                     std::string(static_cast<std::size_t>(depth), ']') + "}}");
  };
  expect_event(decoder, nested_model(50));
  BOOST_TEST((expect_error(decoder, nested_model(100)).kind == DecodeErrorKind::malformed));
  // The decoder stays usable after errors.
  expect_event(decoder, sample_event_json(EventType::key_revoked));
}

BOOST_AUTO_TEST_CASE(text_fields_are_bounded_and_free_of_control_characters) {
  EventDecoder decoder;
  const auto chain = [](std::string_view name) {
    return event_json("chain.defined", R"({"id":"c","name":)" + std::string(name) + "}");
  };
  expect_invalid(decoder, chain("\"\""), "data.name");
  expect_invalid(decoder, chain("\"a\\nb\""), "data.name");
  expect_invalid(decoder, chain("\"a\\u0000b\""), "data.name");
  expect_invalid(decoder, chain("\"a\\u007fb\""), "data.name");
  expect_invalid(decoder, chain("\"a\\u0085b\""), "data.name");  // a C1 control
  expect_invalid(decoder, chain("\"" + std::string(kTextBytesMax + 1, 'x') + "\""), "data.name");
  expect_event(decoder, chain("\"" + std::string(kTextBytesMax, 'x') + "\""));
  // 171 three-byte characters are 513 bytes: the limit is in bytes.
  std::string han;
  for (int i = 0; i < 171; ++i) han += "链";
  expect_invalid(decoder, chain("\"" + han + "\""), "data.name");
  expect_event(decoder, chain("\"" + han.substr(3) + "\""));
  const Event escaped = expect_event(decoder, chain(R"("\u94fe \"q\" \\ \/")"));
  BOOST_TEST(std::get<ChainDefined>(escaped.data).name == "链 \"q\" \\ /");
  BOOST_TEST(escaped.data_jcs == R"({"id":"c","name":"链 \"q\" \\ /"})");
}

BOOST_AUTO_TEST_CASE(invalid_data_of_each_type_names_the_field) {
  struct Case {
    std::string_view type;
    std::string_view data;
    std::string_view field;
  };
  const Case cases[] = {
      {"zone.defined", R"({"id":"z","name":"Z","level":"municipal"})", "data.level"},
      {"zone.defined", R"({"id":"z z","name":"Z","level":"national"})", "data.id"},
      {"zone.defined", R"({"id":"z","level":"national"})", "data.name"},
      {"zone.defined", R"({"id":"z","name":"Z","level":"national","rank":1})", "data.rank"},
      {"chain.defined", R"({"id":"","name":"C"})", "data.id"},
      {"chain.defined", R"({"id":"c","name":7})", "data.name"},
      {"chain.defined", R"({"name":"C"})", "data.id"},
      {"enterprise.registered", R"({"name":"N","zone":"z","chains":["a","a"],"registered_on":"2015-03-02"})",
       "data.chains[1]"},
      {"enterprise.registered", R"({"name":"N","zone":"z","chains":["a",1],"registered_on":"2015-03-02"})",
       "data.chains[1]"},
      {"enterprise.registered", R"({"name":"N","zone":"z","chains":"a","registered_on":"2015-03-02"})", "data.chains"},
      {"enterprise.registered",
       R"({"name":"N","zone":"z","chains":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q"],)"
       R"("registered_on":"2015-03-02"})",
       "data.chains"},
      {"enterprise.registered", R"({"name":"N","zone":"z","chains":[],"registered_on":"2015-02-29"})",
       "data.registered_on"},
      {"enterprise.registered", R"({"name":"N","chains":[],"registered_on":"2016-02-29"})", "data.zone"},
      {"enterprise.affiliation_changed", R"({})", "data.zone"},
      {"enterprise.affiliation_changed", R"({"chains":"ic"})", "data.chains"},
      {"enterprise.affiliation_changed", R"({"zone":null})", "data.zone"},
      {"annual_report.filed",
       R"({"fiscal_year":2021,"revenue_fen":100,"high_tech_revenue_fen":101,"export_revenue_fen":0,)"
       R"("tax_paid_fen":0,"employees":1,"tech_staff":1})",
       "data.high_tech_revenue_fen"},
      {"annual_report.filed",
       R"({"fiscal_year":2021,"revenue_fen":100,"high_tech_revenue_fen":0,"export_revenue_fen":101,)"
       R"("tax_paid_fen":0,"employees":1,"tech_staff":1})",
       "data.export_revenue_fen"},
      {"annual_report.filed",
       R"({"fiscal_year":2021,"revenue_fen":100,"high_tech_revenue_fen":0,"export_revenue_fen":0,)"
       R"("tax_paid_fen":0,"employees":1,"tech_staff":2})",
       "data.tech_staff"},
      {"annual_report.filed",
       R"({"fiscal_year":1899,"revenue_fen":100,"high_tech_revenue_fen":0,"export_revenue_fen":0,)"
       R"("tax_paid_fen":0,"employees":1,"tech_staff":1})",
       "data.fiscal_year"},
      {"annual_report.filed",
       R"({"fiscal_year":2021,"revenue_fen":100,"high_tech_revenue_fen":0,"export_revenue_fen":0,)"
       R"("tax_paid_fen":-1,"employees":1,"tech_staff":1})",
       "data.tax_paid_fen"},
      {"annual_report.filed",
       R"({"fiscal_year":2021,"revenue_fen":100,"high_tech_revenue_fen":0,"export_revenue_fen":0,)"
       R"("tax_paid_fen":0,"tech_staff":1})",
       "data.employees"},
      {"rd_expense.filed", R"({"fiscal_year":2021,"project":"P","category":"personnel","amount_fen":0})",
       "data.amount_fen"},
      {"rd_expense.filed", R"({"fiscal_year":2021,"project":"P","category":"travel","amount_fen":1})",
       "data.category"},
      {"rd_expense.filed", R"({"fiscal_year":2021,"project":"P","category":"Personnel","amount_fen":1})",
       "data.category"},
      {"rd_expense.filed", R"({"fiscal_year":2021,"project":"","category":"personnel","amount_fen":1})",
       "data.project"},
      {"rd_expense.filed", R"({"fiscal_year":"2021","project":"P","category":"personnel","amount_fen":1})",
       "data.fiscal_year"},
      {"patent.applied", R"({"application_no":"CN201080063196.9","kind":"utility","filed_on":"2010-12-30"})",
       "data.kind"},
      {"patent.applied", R"({"application_no":"CN201080063196.8","kind":"invention","filed_on":"2010-12-30"})",
       "data.application_no"},
      {"patent.applied", R"({"application_no":"CN201040063196.9","kind":"invention","filed_on":"2010-12-30"})",
       "data.application_no"},
      {"patent.applied", R"({"application_no":"CN201080063196.9","kind":"pct","filed_on":"2010-12-30"})",
       "data.kind"},
      {"patent.applied", R"({"application_no":"CN201080063196.9","kind":"invention","filed_on":"2010/12/30"})",
       "data.filed_on"},
      {"patent.granted", R"({"application_no":"CN201080063196","granted_on":"2013-05-01"})", "data.application_no"},
      {"patent.granted", R"({"application_no":"CN201080063196.9"})", "data.granted_on"},
      {"patent.lapsed", R"({"application_no":"CN201080063196.9","lapsed_on":"2020-13-01"})", "data.lapsed_on"},
      {"tech_contract.registered", R"({"contract_no":"C1","role":"agent","kind":"development","amount_fen":1})",
       "data.role"},
      {"tech_contract.registered", R"({"contract_no":"C1","role":"buyer","kind":"sale","amount_fen":1})", "data.kind"},
      {"tech_contract.registered", R"({"contract_no":"C1","role":"buyer","kind":"service","amount_fen":"1"})",
       "data.amount_fen"},
      {"tech_contract.registered", R"({"contract_no":"","role":"buyer","kind":"service","amount_fen":1})",
       "data.contract_no"},
      {"financing.received", R"({"kind":"bank_loan","amount_fen":1,"counterparty":"B","received_on":"2021-01-01"})",
       "data.kind"},
      {"financing.received", R"({"kind":"equity","amount_fen":-5,"counterparty":"B","received_on":"2021-01-01"})",
       "data.amount_fen"},
      {"financing.received", R"({"kind":"equity","amount_fen":5,"counterparty":"B"})", "data.received_on"},
      {"financing.received", R"({"kind":"equity","amount_fen":5,"counterparty":["B"],"received_on":"2021-01-01"})",
       "data.counterparty"},
      {"certification.granted", R"({"kind":"hnte","cert_no":"G","valid_from":"2021-11-30","valid_to":"2021-11-29"})",
       "data.valid_to"},
      {"certification.granted", R"({"kind":"iso9001","cert_no":"G","valid_from":"2021-11-30","valid_to":"2024-11-29"})",
       "data.kind"},
      {"certification.revoked", R"({"kind":"tsme","cert_no":"G","revoked_on":"2022-01-05"})", "data.reason"},
      {"certification.revoked", R"({"kind":"tsme","cert_no":"G","revoked_on":"2022-1-5","reason":"r"})",
       "data.revoked_on"},
      {"platform.recognized", R"({"kind":"key_lab","level":"county","name":"L","recognized_on":"2020-09-01"})",
       "data.level"},
      {"platform.recognized", R"({"kind":"lab","level":"national","name":"L","recognized_on":"2020-09-01"})",
       "data.kind"},
      {"project.awarded",
       R"({"scheme":"other","level":"national","role":"lead","funding_fen":1,"awarded_on":"2021-04-01"})",
       "data.scheme"},
      {"project.awarded",
       R"({"scheme":"rural","level":"national","role":"member","funding_fen":1,"awarded_on":"2021-04-01"})",
       "data.role"},
      {"project.awarded",
       R"({"scheme":"rural","level":"national","role":"lead","funding_fen":1e2,"awarded_on":"2021-04-01"})",
       "data.funding_fen"},
      {"talent_team.recognized", R"({"program":"P","level":"city","recognized_on":"2021-07-01"})", "data.level"},
      {"talent_team.recognized", R"({"program":null,"level":"national","recognized_on":"2021-07-01"})", "data.program"},
      {"compliance.incident_recorded", R"({"incident_id":"I","kind":"fraud","from":"2021-03-15"})", "data.kind"},
      {"compliance.incident_recorded", R"({"incident_id":"I","kind":"safety_accident","from":"2021-02-30"})",
       "data.from"},
      {"compliance.incident_cleared", R"({"incident_id":"I"})", "data.cleared_on"},
      {"compliance.incident_cleared", R"({"incident_id":"","cleared_on":"2021-09-15"})", "data.incident_id"},
      {"event.retracted", R"({"seq":-1,"reason":"r"})", "data.seq"},
      {"event.retracted", R"({"seq":"17","reason":"r"})", "data.seq"},
      {"event.retracted", R"({"seq":17})", "data.reason"},
      {"scoring_model.published", R"({"version":"v1","years":[2024,2022],"model":{}})", "data.years"},
      {"scoring_model.published", R"({"version":"v1","years":[2022],"model":{}})", "data.years"},
      {"scoring_model.published", R"({"version":"v1","years":[2022,2023,2024],"model":{}})", "data.years"},
      {"scoring_model.published", R"({"version":"v1","years":{"from":2022},"model":{}})", "data.years"},
      {"scoring_model.published", R"({"version":"v1","years":[2022,2023],"model":[]})", "data.model"},
      {"scoring_model.published", R"({"version":"v 1","years":[2022,2023],"model":{}})", "data.version"},
      {"scoring_model.published", R"({"version":"v1","years":[2022,2023]})", "data.model"},
      {"key.created", R"({"key_id":"k","role":"enterprise"})", "data.enterprise"},
      {"key.created", R"({"key_id":"k","role":"bureau","enterprise":"91320621MA1MRHG205"})", "data.enterprise"},
      {"key.created", R"({"key_id":"k","role":"root"})", "data.role"},
      {"key.created", R"({"key_id":"k","role":"enterprise","enterprise":"91320621MA1MRHG204"})", "data.enterprise"},
      {"key.revoked", R"({"role":"auditor"})", "data.key_id"},
      {"key.revoked", R"({"key_id":"k","role":"auditor","secret":"s"})", "data.secret"},
  };
  EventDecoder decoder;
  std::array<int, kEventTypeCount> per_type{};
  for (const Case& c : cases) {
    expect_invalid(decoder, event_json(c.type, c.data), c.field);
    per_type[static_cast<std::size_t>(*event_type_from_string(c.type))] += 1;
  }
  for (std::size_t i = 0; i < kEventTypeCount; ++i) {
    BOOST_TEST(per_type[i] >= 1, "no invalid case for " << to_string(static_cast<EventType>(i)));
  }
}

BOOST_AUTO_TEST_CASE(patent_kind_follows_the_type_digit) {
  EventDecoder decoder;
  // 2019 2 0123456 and 2019 3 0123456 and 2019 8 ..., with their check digits computed by the library.
  for (const auto& [digits, kind] : {std::pair{"201920123456", "utility"}, std::pair{"201930123456", "design"},
                                     std::pair{"201980123456", "invention"}, std::pair{"201990123456", "utility"},
                                     std::pair{"201910123456", "invention"}}) {
    const std::string number = std::string("CN") + digits + "." + patent_check_digit(digits);
    const std::string data =
        R"({"application_no":")" + number + R"(","kind":")" + kind + R"(","filed_on":"2019-05-05"})";
    expect_event(decoder, event_json("patent.applied", data));
    const std::string wrong_kind = std::string(kind) == "design" ? "invention" : "design";
    std::string bad = data;
    bad.replace(bad.find(kind), std::string_view(kind).size(), wrong_kind);
    expect_invalid(decoder, event_json("patent.applied", bad), "data.kind");
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::domain
