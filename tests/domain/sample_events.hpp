// Sample events for the codec tests: one valid event of each of the 22 types, and a helper that builds
// the JSON text of an event from its parts.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "domain/event.hpp"

namespace jifen::domain::test {

inline constexpr std::string_view kSampleUscc = "91350100M000100Y43";

struct SampleEvent {
  std::string_view type;
  std::string_view data;  // the data object's JSON
};

// In the order of EventType.
inline constexpr std::array<SampleEvent, kEventTypeCount> kSampleEvents = {{
    {"zone.defined", R"({"id":"nt-hnz","name":"南通高新技术产业开发区","level":"national"})"},
    {"chain.defined", R"({"id":"integrated-circuits","name":"集成电路"})"},
    {"enterprise.registered",
     R"({"name":"南通示例科技有限公司","zone":"nt-hnz","chains":["integrated-circuits","software"],)"
     R"("registered_on":"2015-03-02"})"},
    {"enterprise.affiliation_changed", R"({"zone":"rugao","chains":[]})"},
    {"annual_report.filed",
     R"({"fiscal_year":2021,"revenue_fen":5000000000,"high_tech_revenue_fen":3000000000,)"
     R"("export_revenue_fen":1000000000,"tax_paid_fen":200000000,"employees":120,"tech_staff":30})"},
    {"rd_expense.filed", R"({"fiscal_year":2021,"project":"P-01","category":"direct_inputs","amount_fen":123400000})"},
    {"patent.applied", R"({"application_no":"CN201080063196.9","kind":"invention","filed_on":"2010-12-30"})"},
    {"patent.granted", R"({"application_no":"CN201080063196.9","granted_on":"2013-05-01"})"},
    {"patent.lapsed", R"({"application_no":"201080063196.9","lapsed_on":"2020-05-01"})"},
    {"tech_contract.registered",
     R"({"contract_no":"2021320600001234","role":"seller","kind":"development","amount_fen":50000000})"},
    {"financing.received",
     R"({"kind":"ip_pledge","amount_fen":1000000000,"counterparty":"江苏银行南通分行","received_on":"2021-06-30"})"},
    {"certification.granted",
     R"({"kind":"hnte","cert_no":"GR202132001234","valid_from":"2021-11-30","valid_to":"2024-11-29"})"},
    {"certification.revoked",
     R"({"kind":"tsme","cert_no":"202132060100001234","revoked_on":"2022-01-05","reason":"失去评价资格"})"},
    {"platform.recognized",
     R"({"kind":"academician_workstation","level":"provincial","name":"江苏省院士工作站","recognized_on":"2020-09-01"})"},
    {"project.awarded",
     R"({"scheme":"jiebang","level":"municipal","role":"lead","funding_fen":300000000,"awarded_on":"2021-04-01"})"},
    {"talent_team.recognized", R"({"program":"江海英才计划","level":"municipal","recognized_on":"2021-07-01"})"},
    {"compliance.incident_recorded", R"({"incident_id":"INC-2021-7","kind":"safety_accident","from":"2021-03-15"})"},
    {"compliance.incident_cleared", R"({"incident_id":"INC-2021-7","cleared_on":"2021-09-15"})"},
    {"event.retracted", R"({"seq":17,"reason":"duplicate filing"})"},
    {"scoring_model.published",
     R"({"version":"2024.1","years":[2022,2024],"model":{"stages":{"growth":{"points":[50,35,15]}},)"
     R"("weights":{"rd_intensity":2,"invention_patents":2},"bands":[-500000,1000000]}})"},
    {"key.created", R"({"key_id":"k-7f3a","role":"enterprise","enterprise":"91320621MA1MRHG205"})"},
    {"key.revoked", R"({"key_id":"k-7f3b","role":"bureau"})"},
}};

// The JSON text of an event: the envelope around `data`, with the sample enterprise iff the type has one.
inline std::string event_json(std::string_view type, std::string_view data, std::string_view event_id = "e-1") {
  const auto parsed = event_type_from_string(type);
  std::string out = "{\"event_id\":\"" + std::string(event_id) + "\",\"type\":\"" + std::string(type) + "\",";
  if (parsed && type_has_enterprise(*parsed)) out += "\"enterprise\":\"" + std::string(kSampleUscc) + "\",";
  out += "\"occurred_on\":\"2021-12-31\",\"data\":" + std::string(data) + "}";
  return out;
}

inline std::string sample_event_json(EventType type) {
  const SampleEvent& sample = kSampleEvents[static_cast<std::size_t>(type)];
  return event_json(sample.type, sample.data);
}

}  // namespace jifen::domain::test
