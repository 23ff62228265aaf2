#include "tools/demo_generator.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <cassert>
#include <set>
#include <string_view>

#include "domain/event.hpp"
#include "domain/identifiers.hpp"
#include "tools/calendar.hpp"
#include "tools/json_text.hpp"
#include "tools/random.hpp"

namespace jifen::tools {
namespace {

constexpr std::string_view kUsccCharacters = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::int64_t kMillion = 1'000'000;
constexpr std::int64_t kFenPerYuan = 100;
constexpr std::int64_t kCertificateValidDays = 3 * 365;
constexpr std::int64_t kTsmeRevenueYuanMax = 200'000'000;
constexpr std::int64_t kTsmeEmployeesMax = 500;
constexpr std::int64_t kPatentSerialsMax = 10'000'000;  // 7 digits
constexpr std::uint64_t kNameAttemptsMax = 32;

constexpr std::string_view kPlatformWords[] = {"工程技术研究中心", "重点实验室", "院士工作站", "企业技术中心"};

// What stays the same for an enterprise across its years.
struct Profile {
  std::string uscc;
  std::string brand;      // the name without city and legal form, for platform names
  std::int64_t innovation_ppm = 0;  // propensity to do R&D, patent, certify: uniform 0..10^6
  std::int64_t revenue_doublings = 0;
  std::int64_t revenue_fen = 0;     // of the fiscal year being generated
  std::int64_t revenue_per_employee_yuan = 1;
  std::int64_t tech_staff_ppm = 0;
  std::int64_t high_tech_ppm = 0;
  std::int64_t export_ppm = 0;
  std::int64_t tax_ppm = 0;
};

template <typename Enum>
std::string_view name_of(std::size_t index) {
  return domain::to_string(static_cast<Enum>(index));
}

// Concatenation by appends (GCC 12 at -O2 misreports `"literal" + std::string` as overlapping memcpy).
std::string joined(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const std::string_view part : parts) out += part;
  return out;
}

std::string zero_padded(std::uint64_t value, std::size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

class Generator {
 public:
  Generator(const DemoSettings& settings, const DemoRequest& request)
      : settings_(settings), request_(request), random_(request.seed),
        period_first_(first_day_of(request.first_year)), period_last_(last_day_of(request.last_year)) {}

  EnterpriseDraft enterprise() {
    EnterpriseDraft draft;
    Profile profile = make_profile();
    draft.uscc = profile.uscc;
    draft.registration = registration(profile);
    for (std::int32_t year = request_.first_year; year <= request_.last_year; ++year) {
      if (year > request_.first_year) grow_revenue(profile);
      fiscal_year(profile, year, draft);
    }
    once_in_the_period(profile, draft);
    const auto by_date = [](const DraftEvent& left, const DraftEvent& right) {
      return left.occurred_on < right.occurred_on;
    };
    std::stable_sort(draft.enterprise_events.begin(), draft.enterprise_events.end(), by_date);
    std::stable_sort(draft.bureau_events.begin(), draft.bureau_events.end(), by_date);
    return draft;
  }

 private:
  // ---- helpers --------------------------------------------------------------------------------------

  std::int64_t between(const Range& range) { return random_.between(range.low, range.high); }

  // A probability scaled by the enterprise's innovation propensity; its mean over enterprises is `ppm`.
  static std::int64_t scaled(std::int64_t ppm, const Profile& profile) {
    return std::min(kMillion, ppm * 2 * profile.innovation_ppm / kMillion);
  }

  template <typename Text>
  const Text& one_of(const std::vector<Text>& items) {
    assert(!items.empty());
    return items[random_.below(items.size())];
  }

  domain::Date date_between(const domain::Date& first, const domain::Date& last) {
    const std::int64_t first_day = days_since_epoch(first);
    return date_from_days(random_.between(first_day, std::max(first_day, days_since_epoch(last))));
  }
  domain::Date date_in(std::int32_t year) { return date_between(first_day_of(year), last_day_of(year)); }

  // Log-spread amounts: a uniform number of doublings above the low end, then uniform within that doubling.
  std::int64_t spread_yuan(const Range& range) {
    std::int64_t doublings = 0;
    while ((range.low << (doublings + 1)) <= range.high) ++doublings;
    const std::int64_t base = range.low << random_.between(0, doublings);
    return std::min(range.high, base + random_.between(0, base));
  }

  // ---- the enterprise ------------------------------------------------------------------------------

  std::string new_uscc() {
    for (;;) {
      std::string first17 = joined({"91", one_of(settings_.region_codes), "MA"});
      while (first17.size() < 17) first17 += kUsccCharacters[random_.below(kUsccCharacters.size())];
      const std::optional<char> check = domain::uscc_check_character(first17);
      assert(check.has_value());
      std::string uscc = first17 + *check;
      if (used_usccs_.insert(uscc).second) return uscc;
    }
  }

  std::int64_t first_revenue_fen(Profile& profile) {
    const Range& range = settings_.revenue_yuan;
    while ((range.low << (profile.revenue_doublings + 1)) <= range.high &&
           random_.chance(settings_.revenue_doubling_ppm)) {
      ++profile.revenue_doublings;
    }
    const std::int64_t base = range.low << profile.revenue_doublings;
    return std::min(range.high, base + random_.between(0, base)) * kFenPerYuan;
  }

  Profile make_profile() {
    Profile profile;
    profile.uscc = new_uscc();
    profile.innovation_ppm = random_.between(0, kMillion);
    profile.revenue_fen = first_revenue_fen(profile);
    profile.revenue_per_employee_yuan = between(settings_.revenue_per_employee_yuan);
    profile.tech_staff_ppm = between(settings_.tech_staff_ppm);
    const Range& high_tech = settings_.high_tech_revenue_ppm;
    profile.high_tech_ppm =
        random_.between(high_tech.low,
                        high_tech.low + (high_tech.high - high_tech.low) * profile.innovation_ppm / kMillion);
    profile.export_ppm = random_.chance(settings_.exporter_ppm) ? between(settings_.export_revenue_ppm) : 0;
    profile.tax_ppm = between(settings_.tax_paid_ppm);
    return profile;
  }

  void grow_revenue(Profile& profile) {
    const std::int64_t growth_ppm = between(settings_.revenue_growth_ppm);
    const std::int64_t floor_fen = settings_.revenue_yuan.low * kFenPerYuan / 2;
    profile.revenue_fen = std::max(floor_fen, profile.revenue_fen + profile.revenue_fen / kMillion * growth_ppm);
  }

  std::vector<std::string> pick_chains() {
    std::vector<std::string> chains;
    if (request_.chain_ids.empty()) return chains;
    const std::size_t wanted = std::min(random_.pick(settings_.chain_count_weights), request_.chain_ids.size());
    while (chains.size() < wanted) {
      const std::string& chain = one_of(request_.chain_ids);
      if (std::find(chains.begin(), chains.end(), chain) == chains.end()) chains.push_back(chain);
    }
    return chains;
  }

  const std::string& pick_zone() {
    std::vector<std::int64_t> weights;
    for (const DemoZone& zone : request_.zones) {
      weights.push_back(zone.national ? settings_.national_zone_weight : settings_.provincial_zone_weight);
    }
    return request_.zones[random_.pick(weights)].id;
  }

  std::string company_name(Profile& profile, const std::vector<std::string>& chains) {
    for (std::uint64_t attempt = 1;; ++attempt) {
      std::string brand = one_of(settings_.name_brand_syllables);
      std::string second = one_of(settings_.name_brand_syllables);
      if (second == brand) continue;
      brand += second;
      const auto words = chains.empty() ? settings_.name_industry_words.end()
                                        : settings_.name_industry_words.find(chains.front());
      brand += one_of(words == settings_.name_industry_words.end() ? settings_.name_default_industry_words
                                                                   : words->second);
      if (attempt > kNameAttemptsMax) brand += std::to_string(attempt);  // the combinations ran short
      std::string name = settings_.name_city + brand + (random_.chance(100'000) ? "股份有限公司" : "有限公司");
      if (used_names_.insert(name).second) {
        profile.brand = std::move(brand);
        return name;
      }
    }
  }

  DraftEvent registration(Profile& profile) {
    const std::vector<std::string> chains = pick_chains();
    const std::string& zone = pick_zone();
    const std::string name = company_name(profile, chains);
    const std::int64_t years_before = between(settings_.registered_years_before);
    const domain::Date registered_on = date_in(request_.first_year - static_cast<std::int32_t>(years_before));
    JsonObject data;
    data.text("name", name).text("zone", zone).texts("chains", chains).date("registered_on", registered_on);
    return DraftEvent{"enterprise.registered", registered_on, data.str()};
  }

  // ---- each fiscal year ----------------------------------------------------------------------------

  void fiscal_year(const Profile& profile, std::int32_t year, EnterpriseDraft& draft) {
    annual_report(profile, year, draft.enterprise_events);
    rd_expenses(profile, year, draft.enterprise_events);
    for (std::size_t kind = 0; kind < settings_.patents_per_year_max.size(); ++kind) {
      patents(profile, year, static_cast<domain::PatentKind>(kind), draft.enterprise_events);
    }
    tech_contracts(profile, year, draft.enterprise_events);
    financing(year, draft.enterprise_events);
    project(profile, year, draft.bureau_events);
    tsme_certificate(profile, year, draft.bureau_events);
  }

  void annual_report(const Profile& profile, std::int32_t year, std::vector<DraftEvent>& out) {
    const std::int64_t revenue = profile.revenue_fen;
    const std::int64_t employees =
        std::max(settings_.employees_min, revenue / kFenPerYuan / profile.revenue_per_employee_yuan);
    JsonObject data;
    data.integer("fiscal_year", year)
        .integer("revenue_fen", revenue)
        .integer("high_tech_revenue_fen", revenue / kMillion * profile.high_tech_ppm)
        .integer("export_revenue_fen", revenue / kMillion * profile.export_ppm)
        .integer("tax_paid_fen", revenue / kMillion * profile.tax_ppm)
        .integer("employees", employees)
        .integer("tech_staff", employees * profile.tech_staff_ppm / kMillion);
    out.push_back(DraftEvent{"annual_report.filed", last_day_of(year), data.str()});
  }

  void rd_expenses(const Profile& profile, std::int32_t year, std::vector<DraftEvent>& out) {
    const Range& intensity = settings_.rd_intensity_ppm;
    const std::int64_t intensity_ppm =
        intensity.low +
        (intensity.high - intensity.low) * profile.innovation_ppm / kMillion * random_.between(0, kMillion) / kMillion;
    const std::int64_t total_fen = profile.revenue_fen / kMillion * intensity_ppm;
    const std::int64_t projects = between(settings_.rd_projects);
    for (std::int64_t project = 1; project <= projects; ++project) {
      const std::string project_name =
          joined({"P", std::to_string(year), "-", zero_padded(static_cast<std::uint64_t>(project), 2)});
      rd_project(year, project_name, total_fen / projects, out);
    }
  }

  void rd_project(std::int32_t year, const std::string& project, std::int64_t project_fen,
                  std::vector<DraftEvent>& out) {
    std::array<std::int64_t, 7> weights{};
    std::int64_t weight_total = 0;
    for (std::size_t category = 0; category < weights.size(); ++category) {
      const RdCategorySetting& setting = settings_.rd_categories[category];
      if (random_.chance(setting.ppm)) weights[category] = between(setting.weight);
      weight_total += weights[category];
    }
    if (weight_total == 0) return;
    for (std::size_t category = 0; category < weights.size(); ++category) {
      const std::int64_t amount = project_fen * weights[category] / weight_total;
      if (amount <= 0) continue;
      JsonObject data;
      data.integer("fiscal_year", year)
          .text("project", project)
          .text("category", name_of<domain::RdCategory>(category))
          .integer("amount_fen", amount);
      out.push_back(DraftEvent{"rd_expense.filed", last_day_of(year), data.str()});
    }
  }

  std::string new_patent_number(std::int32_t year, int type_digit) {
    for (;;) {
      const std::string twelve = std::to_string(year) + std::to_string(type_digit) +
                                 zero_padded(random_.below(kPatentSerialsMax), 7);
      if (!used_patents_.insert(twelve).second) continue;
      const char check = domain::patent_check_digit(twelve);
      return joined({"CN", twelve, ".", std::string_view(&check, 1)});
    }
  }

  void patents(const Profile& profile, std::int32_t year, domain::PatentKind kind, std::vector<DraftEvent>& out) {
    const auto kind_index = static_cast<std::size_t>(kind);
    // Innovative and large enterprises patent more: the cap grows with the propensity and with size.
    const std::int64_t most = settings_.patents_per_year_max[kind_index] * 2 * profile.innovation_ppm *
                              (1 + profile.revenue_doublings) / (4 * kMillion);
    const std::int64_t count = random_.between(0, most);
    for (std::int64_t patent = 0; patent < count; ++patent) {
      const bool pct = kind != domain::PatentKind::design && random_.chance(settings_.pct_ppm);
      const int type_digit = static_cast<int>(kind_index) + 1 + (pct ? 7 : 0);
      const std::string number = new_patent_number(year, type_digit);
      const domain::Date filed_on = date_in(year);
      JsonObject applied;
      applied.text("application_no", number)
          .text("kind", name_of<domain::PatentKind>(kind_index))
          .date("filed_on", filed_on);
      out.push_back(DraftEvent{"patent.applied", filed_on, applied.str()});
      patent_later_life(number, kind_index, filed_on, out);
    }
  }

  void patent_later_life(const std::string& number, std::size_t kind_index, const domain::Date& filed_on,
                         std::vector<DraftEvent>& out) {
    if (!random_.chance(settings_.grant_ppm[kind_index])) return;
    const domain::Date granted_on = add_days(filed_on, between(settings_.grant_delay_days[kind_index]));
    if (granted_on > period_last_) return;
    JsonObject granted;
    granted.text("application_no", number).date("granted_on", granted_on);
    out.push_back(DraftEvent{"patent.granted", granted_on, granted.str()});
    if (!random_.chance(settings_.lapse_ppm)) return;
    const domain::Date lapsed_on = add_days(granted_on, between(settings_.lapse_delay_days));
    if (lapsed_on > period_last_) return;
    JsonObject lapsed;
    lapsed.text("application_no", number).date("lapsed_on", lapsed_on);
    out.push_back(DraftEvent{"patent.lapsed", lapsed_on, lapsed.str()});
  }

  void tech_contracts(const Profile& profile, std::int32_t year, std::vector<DraftEvent>& out) {
    if (!random_.chance(scaled(settings_.tech_contract_ppm, profile))) return;
    const std::int64_t count = between(settings_.tech_contracts_per_year);
    for (std::int64_t contract = 0; contract < count; ++contract) {
      const bool seller = random_.chance(settings_.tech_contract_seller_ppm);
      JsonObject data;
      data.text("contract_no", joined({"TC", std::to_string(year), "-", zero_padded(++contract_counter_, 6)}))
          .text("role", seller ? "seller" : "buyer")
          .text("kind", name_of<domain::ContractKind>(random_.below(5)))
          .integer("amount_fen", spread_yuan(settings_.tech_contract_yuan) * kFenPerYuan);
      out.push_back(DraftEvent{"tech_contract.registered", date_in(year), data.str()});
    }
  }

  void financing(std::int32_t year, std::vector<DraftEvent>& out) {
    if (!random_.chance(settings_.financing_ppm)) return;
    const std::size_t kind = random_.pick(settings_.financing_kind_weights);
    const bool equity = static_cast<domain::FinancingKind>(kind) == domain::FinancingKind::equity;
    const domain::Date received_on = date_in(year);
    JsonObject data;
    data.text("kind", name_of<domain::FinancingKind>(kind))
        .integer("amount_fen", spread_yuan(settings_.financing_yuan) * kFenPerYuan)
        .text("counterparty", one_of(equity ? settings_.financing_investors : settings_.financing_lenders))
        .date("received_on", received_on);
    out.push_back(DraftEvent{"financing.received", received_on, data.str()});
  }

  void project(const Profile& profile, std::int32_t year, std::vector<DraftEvent>& out) {
    if (!random_.chance(scaled(settings_.project_ppm, profile))) return;
    const domain::Date awarded_on = date_in(year);
    JsonObject data;
    data.text("scheme", name_of<domain::ProjectScheme>(random_.pick(settings_.project_scheme_weights)))
        .text("level", name_of<domain::Level>(random_.pick(settings_.level_weights)))
        .text("role", random_.chance(settings_.project_lead_ppm) ? "lead" : "participant")
        .integer("funding_fen", spread_yuan(settings_.project_funding_yuan) * kFenPerYuan)
        .date("awarded_on", awarded_on);
    out.push_back(DraftEvent{"project.awarded", awarded_on, data.str()});
  }

  void tsme_certificate(const Profile& profile, std::int32_t year, std::vector<DraftEvent>& out) {
    const std::int64_t employees = profile.revenue_fen / kFenPerYuan / profile.revenue_per_employee_yuan;
    if (profile.revenue_fen > kTsmeRevenueYuanMax * kFenPerYuan || employees > kTsmeEmployeesMax) return;
    const auto tsme = static_cast<std::size_t>(domain::CertificationKind::tsme);
    if (!random_.chance(scaled(settings_.certification_ppm[tsme], profile))) return;
    const domain::Date valid_from = date_between(domain::Date{year, 3, 1}, domain::Date{year, 9, 30});
    certificate(domain::CertificationKind::tsme, valid_from, last_day_of(year), out);
  }

  // ---- once in the period --------------------------------------------------------------------------

  void once_in_the_period(const Profile& profile, EnterpriseDraft& draft) {
    for (const auto kind : {domain::CertificationKind::hnte, domain::CertificationKind::specialized}) {
      if (random_.chance(scaled(settings_.certification_ppm[static_cast<std::size_t>(kind)], profile))) {
        const domain::Date valid_from = date_between(period_first_, period_last_);
        certificate(kind, valid_from, add_days(valid_from, kCertificateValidDays), draft.bureau_events);
      }
    }
    if (random_.chance(scaled(settings_.platform_ppm, profile))) platform(profile, draft.bureau_events);
    if (random_.chance(scaled(settings_.talent_team_ppm, profile))) talent_team(draft.bureau_events);
    if (random_.chance(settings_.incident_ppm)) incident(draft.bureau_events);
  }

  void certificate(domain::CertificationKind kind, const domain::Date& valid_from, const domain::Date& valid_to,
                   std::vector<DraftEvent>& out) {
    static constexpr std::string_view kPrefixes[] = {"GR", "TSME", "ZJTX"};
    const std::string cert_no = joined({kPrefixes[static_cast<std::size_t>(kind)], std::to_string(valid_from.year),
                                        "3206", zero_padded(++certificate_counter_, 5)});
    JsonObject granted;
    granted.text("kind", domain::to_string(kind))
        .text("cert_no", cert_no)
        .date("valid_from", valid_from)
        .date("valid_to", valid_to);
    out.push_back(DraftEvent{"certification.granted", valid_from, granted.str()});
    if (!random_.chance(settings_.certification_revoked_ppm)) return;
    const domain::Date revoked_on = add_days(valid_from, random_.between(60, 700));
    if (revoked_on > period_last_ || revoked_on > valid_to) return;
    JsonObject revoked;
    revoked.text("kind", domain::to_string(kind)).text("cert_no", cert_no).date("revoked_on", revoked_on)
        .text("reason", "复核不符合认定条件");
    out.push_back(DraftEvent{"certification.revoked", revoked_on, revoked.str()});
  }

  void platform(const Profile& profile, std::vector<DraftEvent>& out) {
    const std::size_t kind = random_.below(4);
    const domain::Date recognized_on = date_between(period_first_, period_last_);
    JsonObject data;
    data.text("kind", name_of<domain::PlatformKind>(kind))
        .text("level", name_of<domain::Level>(random_.pick(settings_.level_weights)))
        .text("name", profile.brand + std::string(kPlatformWords[kind]))
        .date("recognized_on", recognized_on);
    out.push_back(DraftEvent{"platform.recognized", recognized_on, data.str()});
  }

  void talent_team(std::vector<DraftEvent>& out) {
    const std::size_t level = random_.pick(settings_.level_weights);
    const domain::Date recognized_on = date_between(period_first_, period_last_);
    JsonObject data;
    data.text("program", settings_.talent_programs[level])
        .text("level", name_of<domain::Level>(level))
        .date("recognized_on", recognized_on);
    out.push_back(DraftEvent{"talent_team.recognized", recognized_on, data.str()});
  }

  void incident(std::vector<DraftEvent>& out) {
    const std::string incident_id =
        joined({"INC", std::to_string(request_.first_year), "-", zero_padded(++incident_counter_, 6)});
    const domain::Date from = date_between(period_first_, period_last_);
    JsonObject recorded;
    recorded.text("incident_id", incident_id)
        .text("kind", name_of<domain::IncidentKind>(random_.pick(settings_.incident_kind_weights)))
        .date("from", from);
    out.push_back(DraftEvent{"compliance.incident_recorded", from, recorded.str()});
    if (!random_.chance(settings_.incident_cleared_ppm)) return;
    const domain::Date cleared_on = add_days(from, random_.between(30, 400));
    if (cleared_on > period_last_) return;
    JsonObject cleared;
    cleared.text("incident_id", incident_id).date("cleared_on", cleared_on);
    out.push_back(DraftEvent{"compliance.incident_cleared", cleared_on, cleared.str()});
  }

  const DemoSettings& settings_;
  const DemoRequest& request_;
  Random random_;
  domain::Date period_first_;
  domain::Date period_last_;
  std::set<std::string> used_usccs_;
  std::set<std::string> used_names_;
  std::set<std::string> used_patents_;
  std::uint64_t contract_counter_ = 0;
  std::uint64_t certificate_counter_ = 0;
  std::uint64_t incident_counter_ = 0;
};

}  // namespace

std::vector<EnterpriseDraft> generate_demo(const DemoSettings& settings, const DemoRequest& request) {
  assert(request.first_year <= request.last_year);
  assert(!request.zones.empty());
  Generator generator(settings, request);
  std::vector<EnterpriseDraft> drafts;
  drafts.reserve(request.enterprises);
  for (std::size_t index = 0; index < request.enterprises; ++index) drafts.push_back(generator.enterprise());
  return drafts;
}

}  // namespace jifen::tools
