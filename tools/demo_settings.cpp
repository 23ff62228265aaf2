#include "tools/demo_settings.hpp"

#include <functional>
#include <set>
#include <stdexcept>
#include <string_view>

#include <simdjson.h>

#include "domain/event.hpp"

namespace jifen::tools {
namespace {

// Reads the fields of one JSON object by name, and refuses the fields it was never asked for.
class ObjectReader {
 public:
  ObjectReader(simdjson::dom::object object, std::string path) : object_(object), path_(std::move(path)) {}

  simdjson::dom::element field(std::string_view name) {
    simdjson::dom::element value;
    if (object_[name].get(value) != simdjson::SUCCESS) fail(name, "is missing");
    read_.insert(std::string(name));
    return value;
  }

  std::int64_t integer(std::string_view name) { return integer_of(field(name), name); }

  Range range(std::string_view name) {
    simdjson::dom::array pair;
    if (field(name).get_array().get(pair) != simdjson::SUCCESS || pair.size() != 2) fail(name, "is not [low, high]");
    const Range result{integer_of(pair.at(0).value_unsafe(), name), integer_of(pair.at(1).value_unsafe(), name)};
    if (result.low > result.high) fail(name, "has low > high");
    return result;
  }

  std::int64_t ppm(std::string_view name) {
    const std::int64_t value = integer(name);
    if (value < 0 || value > 1'000'000) fail(name, "is not a probability in ppm (0..1000000)");
    return value;
  }

  std::string text(std::string_view name) { return text_of(field(name), name); }

  std::vector<std::string> texts(std::string_view name) {
    simdjson::dom::array items;
    if (field(name).get_array().get(items) != simdjson::SUCCESS || items.size() == 0) {
      fail(name, "is not a non-empty array of strings");
    }
    std::vector<std::string> result;
    for (const simdjson::dom::element item : items) result.push_back(text_of(item, name));
    return result;
  }

  ObjectReader object(std::string_view name) {
    simdjson::dom::object inner;
    if (field(name).get_object().get(inner) != simdjson::SUCCESS) fail(name, "is not an object");
    return ObjectReader(inner, path_ + "." + std::string(name));
  }

  // An object with exactly one entry per name in `names` (an enum's spellings), read by `read_entry`.
  template <typename Value, std::size_t N>
  std::array<Value, N> by_names(std::string_view name, const std::array<std::string_view, N>& names,
                                const std::function<Value(ObjectReader&, std::string_view)>& read_entry) {
    ObjectReader inner = object(name);
    std::array<Value, N> result{};
    for (std::size_t index = 0; index < N; ++index) result[index] = read_entry(inner, names[index]);
    inner.finish();
    return result;
  }

  template <std::size_t N>
  std::array<std::int64_t, N> weights(std::string_view name, const std::array<std::string_view, N>& names) {
    return by_names<std::int64_t, N>(name, names, [](ObjectReader& inner, std::string_view entry) {
      const std::int64_t weight = inner.integer(entry);
      if (weight < 0) inner.fail(entry, "is a negative weight");
      return weight;
    });
  }

  std::vector<std::string> keys() const {
    std::vector<std::string> result;
    for (const simdjson::dom::key_value_pair pair : object_) result.emplace_back(pair.key);
    return result;
  }

  // Refuses unknown fields: a misspelt setting must not be silently ignored.
  void finish() {
    for (const simdjson::dom::key_value_pair pair : object_) {
      if (read_.count(std::string(pair.key)) == 0) fail(pair.key, "is not a known setting");
    }
  }

  [[noreturn]] void fail(std::string_view name, std::string_view problem) const {
    throw std::runtime_error(path_ + "." + std::string(name) + " " + std::string(problem));
  }

 private:
  std::int64_t integer_of(simdjson::dom::element value, std::string_view name) const {
    std::int64_t result = 0;
    if (value.get_int64().get(result) != simdjson::SUCCESS) fail(name, "is not an integer");
    return result;
  }

  std::string text_of(simdjson::dom::element value, std::string_view name) const {
    std::string_view result;
    if (value.get_string().get(result) != simdjson::SUCCESS || result.empty()) fail(name, "is not a non-empty string");
    return std::string(result);
  }

  simdjson::dom::object object_;
  std::string path_;
  std::set<std::string> read_;
};

template <typename Enum, std::size_t N>
std::array<std::string_view, N> enum_names() {
  std::array<std::string_view, N> names;
  for (std::size_t index = 0; index < N; ++index) names[index] = domain::to_string(static_cast<Enum>(index));
  return names;
}

void read_distributions(ObjectReader& reader, DemoSettings& settings) {
  settings.registered_years_before = reader.range("registered_years_before");
  settings.revenue_yuan = reader.range("revenue_yuan");
  if (settings.revenue_yuan.low < 1) reader.fail("revenue_yuan", "must start at 1 yuan or more");
  settings.revenue_doubling_ppm = reader.ppm("revenue_doubling_ppm");
  settings.revenue_growth_ppm = reader.range("revenue_growth_ppm");
  settings.revenue_per_employee_yuan = reader.range("revenue_per_employee_yuan");
  if (settings.revenue_per_employee_yuan.low < 1) reader.fail("revenue_per_employee_yuan", "must be positive");
  settings.employees_min = reader.integer("employees_min");
  settings.tech_staff_ppm = reader.range("tech_staff_ppm");
  settings.high_tech_revenue_ppm = reader.range("high_tech_revenue_ppm");
  settings.exporter_ppm = reader.ppm("exporter_ppm");
  settings.export_revenue_ppm = reader.range("export_revenue_ppm");
  settings.tax_paid_ppm = reader.range("tax_paid_ppm");
  settings.rd_intensity_ppm = reader.range("rd_intensity_ppm");
  settings.rd_projects = reader.range("rd_projects");
  settings.rd_categories = reader.by_names<RdCategorySetting, 7>(
      "rd_categories", enum_names<domain::RdCategory, 7>(), [](ObjectReader& inner, std::string_view entry) {
        ObjectReader category = inner.object(entry);
        const RdCategorySetting setting{category.ppm("ppm"), category.range("weight")};
        category.finish();
        return setting;
      });
}

void read_patents(ObjectReader& reader, DemoSettings& settings) {
  const auto kinds = enum_names<domain::PatentKind, 3>();
  settings.patents_per_year_max = reader.weights("patents_per_year_max", kinds);
  settings.pct_ppm = reader.ppm("pct_ppm");
  settings.grant_ppm = reader.by_names<std::int64_t, 3>(
      "grant_ppm", kinds, [](ObjectReader& inner, std::string_view entry) { return inner.ppm(entry); });
  settings.grant_delay_days = reader.by_names<Range, 3>(
      "grant_delay_days", kinds, [](ObjectReader& inner, std::string_view entry) { return inner.range(entry); });
  settings.lapse_ppm = reader.ppm("lapse_ppm");
  settings.lapse_delay_days = reader.range("lapse_delay_days");
}

void read_flows(ObjectReader& reader, DemoSettings& settings) {
  settings.tech_contract_ppm = reader.ppm("tech_contract_ppm");
  settings.tech_contracts_per_year = reader.range("tech_contracts_per_year");
  settings.tech_contract_seller_ppm = reader.ppm("tech_contract_seller_ppm");
  settings.tech_contract_yuan = reader.range("tech_contract_yuan");
  settings.financing_ppm = reader.ppm("financing_ppm");
  settings.financing_kind_weights =
      reader.weights("financing_kind_weights", enum_names<domain::FinancingKind, 6>());
  settings.financing_yuan = reader.range("financing_yuan");
  settings.certification_ppm = reader.by_names<std::int64_t, 3>(
      "certification_ppm", enum_names<domain::CertificationKind, 3>(),
      [](ObjectReader& inner, std::string_view entry) { return inner.ppm(entry); });
  settings.certification_revoked_ppm = reader.ppm("certification_revoked_ppm");
  settings.platform_ppm = reader.ppm("platform_ppm");
  settings.level_weights = reader.weights("level_weights", enum_names<domain::Level, 3>());
  settings.project_ppm = reader.ppm("project_ppm");
  settings.project_scheme_weights =
      reader.weights("project_scheme_weights", enum_names<domain::ProjectScheme, 5>());
  settings.project_lead_ppm = reader.ppm("project_lead_ppm");
  settings.project_funding_yuan = reader.range("project_funding_yuan");
  settings.talent_team_ppm = reader.ppm("talent_team_ppm");
  settings.incident_ppm = reader.ppm("incident_ppm");
  settings.incident_kind_weights = reader.weights("incident_kind_weights", enum_names<domain::IncidentKind, 4>());
  settings.incident_cleared_ppm = reader.ppm("incident_cleared_ppm");
}

void read_names(ObjectReader& reader, DemoSettings& settings) {
  settings.name_city = reader.text("name_city");
  settings.name_brand_syllables = reader.texts("name_brand_syllables");
  ObjectReader industry = reader.object("name_industry_words");
  for (const std::string& chain : industry.keys()) settings.name_industry_words[chain] = industry.texts(chain);
  settings.name_default_industry_words = reader.texts("name_default_industry_words");
  settings.financing_investors = reader.texts("financing_investors");
  settings.financing_lenders = reader.texts("financing_lenders");
  settings.talent_programs = reader.by_names<std::string, 3>(
      "talent_programs", enum_names<domain::Level, 3>(),
      [](ObjectReader& inner, std::string_view entry) { return inner.text(entry); });
}

}  // namespace

DemoSettings load_demo_settings(const std::filesystem::path& file) {
  simdjson::dom::parser parser;
  simdjson::padded_string text;
  if (simdjson::padded_string::load(file.string()).get(text) != simdjson::SUCCESS) {
    throw std::runtime_error("cannot read " + file.string());
  }
  simdjson::dom::object root;
  if (parser.parse(text).get_object().get(root) != simdjson::SUCCESS) {
    throw std::runtime_error(file.string() + " is not a JSON object");
  }
  ObjectReader reader(root, file.filename().string());
  DemoSettings settings;
  (void)reader.text("description");
  settings.region_codes = reader.texts("region_codes");
  for (const std::string& code : settings.region_codes) {
    if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos) {
      reader.fail("region_codes", "holds \"" + code + "\", not a 6-digit code");
    }
  }
  const std::array<std::int64_t, 2> zone_weights =
      reader.weights("zone_level_weights", std::array<std::string_view, 2>{"national", "provincial"});
  settings.national_zone_weight = zone_weights[0];
  settings.provincial_zone_weight = zone_weights[1];
  simdjson::dom::array chain_counts;
  if (reader.field("chain_count_weights").get_array().get(chain_counts) != simdjson::SUCCESS) {
    reader.fail("chain_count_weights", "is not an array of weights");
  }
  for (const simdjson::dom::element weight : chain_counts) {
    std::int64_t value = 0;
    if (weight.get_int64().get(value) != simdjson::SUCCESS || value < 0) {
      reader.fail("chain_count_weights", "holds a bad weight");
    }
    settings.chain_count_weights.push_back(value);
  }
  std::int64_t chain_count_total = 0;
  for (const std::int64_t weight : settings.chain_count_weights) chain_count_total += weight;
  if (chain_count_total <= 0) reader.fail("chain_count_weights", "needs a positive weight");
  if (settings.national_zone_weight + settings.provincial_zone_weight <= 0) {
    reader.fail("zone_level_weights", "needs a positive weight");
  }
  read_distributions(reader, settings);
  read_patents(reader, settings);
  read_flows(reader, settings);
  read_names(reader, settings);
  reader.finish();
  return settings;
}

}  // namespace jifen::tools
