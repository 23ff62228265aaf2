// The derived reads over HTTP: query parsing, authorization, and the answers of replay/derived_reads.hpp.
// See score_handlers.hpp.
#include "server/score_handlers.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>

#include <boost/url/parse_query.hpp>

#include "domain/identifiers.hpp"
#include "domain/scoring_model.hpp"
#include "replay/derived_reads.hpp"
#include "server/handler_support.hpp"

namespace jifen::server {
namespace {

constexpr std::int32_t kYearMin = 1900;
constexpr std::int32_t kYearMax = 9999;

struct DerivedQuery {
  std::optional<std::int32_t> year;
  std::optional<std::uint64_t> as_of;
  std::optional<std::string> as_of_time;
  domain::RankingFilter filter;
};

Problem bad_parameter(std::string_view parameter, std::string detail) {
  Problem problem{ProblemType::invalid_parameter, std::move(detail)};
  problem.parameter = parameter;
  problem.errors.push_back({std::string(parameter), problem.detail});
  return problem;
}

// Every parameter name this family of resources knows, as literals (problems keep views of them).
constexpr std::array<std::string_view, 7> kParameters = {"year", "as_of", "as_of_time", "stage", "zone", "chain", "limit"};

std::optional<std::string_view> known_name(std::string_view name, std::span<const std::string_view> allowed) {
  const auto found = std::find(allowed.begin(), allowed.end(), name);
  if (found == allowed.end()) return std::nullopt;
  return *found;
}

std::optional<Problem> set_value(DerivedQuery& query, std::string_view name, const std::string& value) {
  if (name == "year") {
    const std::optional<std::uint64_t> year = parse_decimal(value);
    if (!year || *year < kYearMin || *year > kYearMax) {
      return bad_parameter(name, "year must be a year from 1900 to 9999, not `" + printable_excerpt(value) + "`");
    }
    query.year = static_cast<std::int32_t>(*year);
  } else if (name == "as_of") {
    query.as_of = parse_decimal(value);
    if (!query.as_of) {
      return bad_parameter(name, "as_of must be a tree size, a decimal integer >= 0, not `" + printable_excerpt(value) + "`");
    }
  } else if (name == "as_of_time") {
    query.as_of_time = value;
  } else if (name == "stage") {
    query.filter.stage = domain::stage_from_string(value);
    if (!query.filter.stage) return bad_parameter(name, "stage must be startup, growth or mature");
  } else if (name == "zone" || name == "chain") {
    (name == "zone" ? query.filter.zone : query.filter.chain) = value;
  } else if (name == "limit") {
    const std::optional<std::uint64_t> limit = parse_decimal(value);
    if (!limit || *limit < 1 || *limit > kRankingLimitMax) {
      return bad_parameter(name, "limit must be from 1 to " + std::to_string(kRankingLimitMax));
    }
    query.filter.limit = static_cast<std::size_t>(*limit);
  }
  return std::nullopt;
}

OrProblem<DerivedQuery> parse_query(std::string_view encoded, std::span<const std::string_view> allowed) {
  DerivedQuery query;
  query.filter.limit = kRankingLimitDefault;
  // Boost.URL 1.81 reads the last value of a query view up to the end of the underlying buffer (the rest of the
  // request target, or beyond): parse a copy that ends where the query ends.
  const std::string text(encoded);
  const auto params = boost::urls::parse_query(text);
  if (!params) return bad_parameter("query", "the query is not validly percent-encoded");
  std::array<bool, kParameters.size()> seen{};
  for (const auto& param : *params) {
    const std::string name = param.key.decode();
    const std::optional<std::string_view> known = known_name(name, allowed);
    if (!known) return bad_parameter("query", "unknown query parameter `" + printable_excerpt(name) + "`");
    const auto slot = static_cast<std::size_t>(std::find(kParameters.begin(), kParameters.end(), *known) - kParameters.begin());
    if (seen[slot]) return bad_parameter(*known, "the query parameter " + std::string(*known) + " appears twice");
    seen[slot] = true;
    if (auto problem = set_value(query, *known, param.has_value ? param.value.decode() : std::string())) return *problem;
  }
  if (!query.year) return bad_parameter("year", "the query parameter year is required");
  if (query.as_of && query.as_of_time) return bad_parameter("as_of_time", "give as_of or as_of_time, not both");
  return query;
}

replay::ReadPoint point_of(const DerivedQuery& query, const HandlerContext& context) {
  return replay::ReadPoint{query.as_of, query.as_of_time, context.cached_only};
}

Dispatch answer(replay::DerivedAnswer&& derived, const DerivedQuery& query) {
  if (derived.uncached) return DeferredRead{};
  if (derived.json) return json_response(http::status::ok, std::move(*derived.json));
  if (derived.miss == replay::ScoreMiss::invalid_point) {
    return problem_response(bad_parameter(query.as_of_time ? "as_of_time" : "as_of", derived.detail));
  }
  return problem_response({ProblemType::not_found, derived.detail});
}

// The enterprise's own key or an auditor's; a 400, 401 or 403 Problem otherwise.
std::optional<Problem> authorize_enterprise_read(const Request& request, std::string_view uscc, const replay::Ledger& ledger) {
  if (std::optional<std::string> error = domain::uscc_error(uscc)) return bad_parameter("uscc", "uscc: " + *error);
  auto authenticated = authenticate(request, ledger);
  if (auto* problem = std::get_if<Problem>(&authenticated)) return *problem;
  const replay::KeyInfo& key = std::get<replay::KeyInfo>(authenticated);
  const bool owner = key.role == domain::Role::enterprise && key.enterprise && *key.enterprise == uscc;
  if (key.role != domain::Role::auditor && !owner) {
    return forbidden("an enterprise's score and policy list are read by that enterprise's key or an auditor");
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 3> kEnterpriseParameters = {"year", "as_of", "as_of_time"};
constexpr std::array<std::string_view, 7> kRankingParameters = kParameters;

template <class Compute>
Dispatch enterprise_read(const Request& request, std::string_view uscc, std::string_view query_text,
                         HandlerContext& context, Compute compute) {
  if (auto problem = authorize_enterprise_read(request, uscc, context.ledger)) return problem_response(*problem);
  auto parsed = parse_query(query_text, kEnterpriseParameters);
  if (auto* problem = std::get_if<Problem>(&parsed)) return problem_response(*problem);
  const DerivedQuery& query = std::get<DerivedQuery>(parsed);
  return answer(compute(*query.year, point_of(query, context)), query);
}

template <class Compute>
Dispatch public_read(std::string_view query_text, std::span<const std::string_view> allowed, Compute compute) {
  auto parsed = parse_query(query_text, allowed);
  if (auto* problem = std::get_if<Problem>(&parsed)) return problem_response(*problem);
  const DerivedQuery& query = std::get<DerivedQuery>(parsed);
  return answer(compute(query), query);
}

}  // namespace

Dispatch get_enterprise_score(const Request& request, std::string_view uscc, std::string_view query,
                              HandlerContext& context) {
  return enterprise_read(request, uscc, query, context,
                         [&](std::int32_t year, const replay::ReadPoint& point) {
                           return replay::score_json(context.ledger, uscc, year, point);
                         });
}

Dispatch get_enterprise_policies(const Request& request, std::string_view uscc, std::string_view query,
                                 HandlerContext& context) {
  return enterprise_read(request, uscc, query, context,
                         [&](std::int32_t year, const replay::ReadPoint& point) {
                           return replay::policies_json(context.ledger, uscc, year, point);
                         });
}

Dispatch get_enterprise_ranking(std::string_view query, HandlerContext& context) {
  return public_read(query, kRankingParameters, [&](const DerivedQuery& parsed) {
    return replay::enterprise_ranking_json(context.ledger, *parsed.year, parsed.filter, point_of(parsed, context));
  });
}

Dispatch get_zone_ranking(std::string_view query, HandlerContext& context) {
  return public_read(query, kEnterpriseParameters, [&](const DerivedQuery& parsed) {
    return replay::area_ranking_json(context.ledger, *parsed.year, replay::AreaKind::zone, point_of(parsed, context));
  });
}

Dispatch get_chain_ranking(std::string_view query, HandlerContext& context) {
  return public_read(query, kEnterpriseParameters, [&](const DerivedQuery& parsed) {
    return replay::area_ranking_json(context.ledger, *parsed.year, replay::AreaKind::chain, point_of(parsed, context));
  });
}

}  // namespace jifen::server
