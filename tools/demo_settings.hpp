// The settings of `jifenctl seed-demo` (seeds/demo.json): the distributions of the generated enterprises.
// Probabilities in ppm, money in yuan, ranges [low, high] inclusive; see the file's "description".
//
// A plain value; load once, read from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace jifen::tools {

struct Range {
  std::int64_t low = 0;
  std::int64_t high = 0;
};

// Per category (in the order of domain::RdCategory): the chance a project books it, and its weight.
struct RdCategorySetting {
  std::int64_t ppm = 0;
  Range weight;
};

struct DemoSettings {
  std::vector<std::string> region_codes;  // 6-digit administrative codes of the city's districts
  std::int64_t national_zone_weight = 0;
  std::int64_t provincial_zone_weight = 0;
  std::vector<std::int64_t> chain_count_weights;  // index = number of chains
  Range registered_years_before;
  Range revenue_yuan;
  std::int64_t revenue_doubling_ppm = 0;  // chance of each further doubling above the minimum: a Pareto tail
  Range revenue_growth_ppm;
  Range revenue_per_employee_yuan;
  std::int64_t employees_min = 1;
  Range tech_staff_ppm;
  Range high_tech_revenue_ppm;
  std::int64_t exporter_ppm = 0;
  Range export_revenue_ppm;
  Range tax_paid_ppm;
  Range rd_intensity_ppm;
  Range rd_projects;
  std::array<RdCategorySetting, 7> rd_categories{};
  std::array<std::int64_t, 3> patents_per_year_max{};  // by domain::PatentKind
  std::int64_t pct_ppm = 0;
  std::array<std::int64_t, 3> grant_ppm{};
  std::array<Range, 3> grant_delay_days{};
  std::int64_t lapse_ppm = 0;
  Range lapse_delay_days;
  std::int64_t tech_contract_ppm = 0;
  Range tech_contracts_per_year;
  std::int64_t tech_contract_seller_ppm = 0;
  Range tech_contract_yuan;
  std::int64_t financing_ppm = 0;
  std::array<std::int64_t, 6> financing_kind_weights{};  // by domain::FinancingKind
  Range financing_yuan;
  std::array<std::int64_t, 3> certification_ppm{};  // by domain::CertificationKind
  std::int64_t certification_revoked_ppm = 0;
  std::int64_t platform_ppm = 0;
  std::array<std::int64_t, 3> level_weights{};  // by domain::Level
  std::int64_t project_ppm = 0;
  std::array<std::int64_t, 5> project_scheme_weights{};  // by domain::ProjectScheme
  std::int64_t project_lead_ppm = 0;
  Range project_funding_yuan;
  std::int64_t talent_team_ppm = 0;
  std::int64_t incident_ppm = 0;
  std::array<std::int64_t, 4> incident_kind_weights{};  // by domain::IncidentKind
  std::int64_t incident_cleared_ppm = 0;
  std::string name_city;
  std::vector<std::string> name_brand_syllables;
  std::map<std::string, std::vector<std::string>> name_industry_words;  // by chain id
  std::vector<std::string> name_default_industry_words;
  std::vector<std::string> financing_investors;
  std::vector<std::string> financing_lenders;
  std::array<std::string, 3> talent_programs;  // by domain::Level
};

// Reads and checks the file; throws std::runtime_error naming the file and the field at fault.
DemoSettings load_demo_settings(const std::filesystem::path& file);

}  // namespace jifen::tools
