// The handlers of the derived reads (DESIGN.md "HTTP API v1", shapes in "Derived reads"; replay/derived_reads.hpp
// computes them):
//
//   GET /v1/enterprises/{uscc}/score?year=Y       owner (enterprise key of that USCC) or auditor
//   GET /v1/enterprises/{uscc}/policies?year=Y    owner or auditor
//   GET /v1/rankings/enterprises?year=Y[&stage=&zone=&chain=&limit=]   public
//   GET /v1/rankings/zones?year=Y · /v1/rankings/chains?year=Y          public
//
// Every one also takes as_of=N (a tree size, at most the log's) or as_of_time=<RFC 3339> (not both) and answers
// for the state when the log held that many records; every answer names the tree_size it used. Misses are 404
// problems naming what is missing (the annual report of FY Y-1, the enterprise, a model for the year). Unknown
// or repeated parameters and bad values (an as_of beyond the log among them) are 400 naming the parameter.
//
// Same thread contract as handlers.hpp.
#pragma once

#include <string_view>

#include "server/handlers.hpp"

namespace jifen::server {

inline constexpr std::size_t kRankingLimitDefault = 100;
inline constexpr std::size_t kRankingLimitMax = 10000;

Dispatch get_enterprise_score(const Request& request, std::string_view uscc, std::string_view query,
                              HandlerContext& context);
Dispatch get_enterprise_policies(const Request& request, std::string_view uscc, std::string_view query,
                                 HandlerContext& context);
Dispatch get_enterprise_ranking(std::string_view query, HandlerContext& context);
Dispatch get_zone_ranking(std::string_view query, HandlerContext& context);
Dispatch get_chain_ranking(std::string_view query, HandlerContext& context);

}  // namespace jifen::server
