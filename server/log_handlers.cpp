// The log's audit routes: checkpoints, the verifier key, inclusion and consistency proofs. See log_handlers.hpp.
#include "server/log_handlers.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>

#include "domain/types.hpp"
#include "server/json_render.hpp"
#include "server/problem.hpp"
#include "server/request_fields.hpp"

namespace jifen::server {
namespace {

constexpr std::string_view kNoSigningKey =
    "this ledger has no signing key, so it issues no checkpoints; its operator gives it one with "
    "`jifenctl keys signing --data DIR`";
// An issued checkpoint never changes: it may be cached for a year. The latest one changes with every commit.
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";

Problem bad_parameter(std::string_view parameter, std::string detail) {
  Problem problem{ProblemType::invalid_parameter, std::move(detail)};
  problem.parameter = parameter;
  return problem;
}

// The decimal query parameters named in `names` (string literals: problems keep views of them), each at most
// once; any other parameter is a 400. Absent ones stay nullopt.
template <std::size_t N>
OrProblem<std::array<std::optional<std::uint64_t>, N>> parse_numbers(std::string_view query,
                                                                      const std::array<std::string_view, N>& names) {
  std::array<std::optional<std::uint64_t>, N> values{};
  while (!query.empty()) {
    const std::size_t ampersand = std::min(query.find('&'), query.size());
    const std::string_view pair = query.substr(0, ampersand);
    query.remove_prefix(std::min(ampersand + 1, query.size()));
    if (pair.empty()) continue;
    const std::size_t equals = std::min(pair.find('='), pair.size());
    const std::string_view name = pair.substr(0, equals);
    const std::size_t index = static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
    if (index == N) {
      std::string known;
      for (const std::string_view each : names) known += (known.empty() ? "" : ", ") + std::string(each);
      return bad_parameter("query", "unknown query parameter `" + printable_excerpt(name) + "`; this resource takes " + known);
    }
    if (values[index]) return bad_parameter(names[index], "a query parameter appears twice");
    values[index] = parse_decimal(pair.substr(std::min(equals + 1, pair.size())));
    if (!values[index]) {
      return bad_parameter(names[index], std::string(names[index]) + " must be a decimal integer >= 0");
    }
  }
  return values;
}

template <std::size_t N>
std::optional<Problem> require_all(const std::array<std::optional<std::uint64_t>, N>& values,
                                   const std::array<std::string_view, N>& names) {
  for (std::size_t index = 0; index < N; ++index) {
    if (!values[index]) return bad_parameter(names[index], "the query parameter " + std::string(names[index]) + " is required");
  }
  return std::nullopt;
}

Problem refused(const replay::ProofRefusal& refusal, std::span<const std::string_view> names) {
  std::string_view parameter = "query";
  for (const std::string_view name : names) {
    if (name == refusal.parameter) parameter = name;
  }
  return bad_parameter(parameter, refusal.detail);
}

void append_hashes(std::string& out, const std::vector<domain::Digest>& hashes) {
  out += '[';
  for (std::size_t index = 0; index < hashes.size(); ++index) {
    if (index != 0) out += ',';
    out += '"';
    out += domain::to_base64(hashes[index]);
    out += '"';
  }
  out += ']';
}

Response note_response(std::string body, std::string_view cache_control) {
  Response response = make_response(http::status::ok, kNoteType, std::move(body));
  response.set(http::field::cache_control, cache_control);
  return response;
}

}  // namespace

Response get_log_checkpoint(std::string_view query, HandlerContext& context) {
  static constexpr std::array<std::string_view, 1> kNames = {"tree_size"};
  auto parsed = parse_numbers(query, kNames);
  if (auto* problem = std::get_if<Problem>(&parsed)) return problem_response(*problem);
  const std::optional<std::uint64_t> tree_size = std::get<0>(parsed)[0];
  if (!context.ledger.verifier_key()) return problem_response({ProblemType::not_found, std::string(kNoSigningKey)});
  const std::optional<std::string> note = context.ledger.checkpoint(tree_size);
  if (!note) {
    return problem_response({ProblemType::not_found, tree_size ? "no checkpoint was issued at tree size " + std::to_string(*tree_size)
                                                               : "no checkpoint was issued yet"});
  }
  return note_response(*note, tree_size ? kImmutable : kNoCache);
}

Response get_log_key(HandlerContext& context) {
  const std::optional<std::string> key = context.ledger.verifier_key();
  if (!key) return problem_response({ProblemType::not_found, std::string(kNoSigningKey)});
  return note_response(*key + "\n", kNoCache);
}

Response get_inclusion_proof(std::string_view query, HandlerContext& context) {
  static constexpr std::array<std::string_view, 2> kNames = {"seq", "tree_size"};
  auto parsed = parse_numbers(query, kNames);
  if (auto* problem = std::get_if<Problem>(&parsed)) return problem_response(*problem);
  const auto& values = std::get<0>(parsed);
  if (auto problem = require_all(values, kNames)) return problem_response(*problem);
  auto proof = context.ledger.inclusion_proof(*values[0], *values[1]);
  if (auto* refusal = std::get_if<replay::ProofRefusal>(&proof)) return problem_response(refused(*refusal, kNames));
  const replay::InclusionProof& inclusion = std::get<replay::InclusionProof>(proof);
  std::string body = "{\"seq\":";
  append_unsigned(body, inclusion.seq);
  body += ",\"tree_size\":";
  append_unsigned(body, inclusion.tree_size);
  body += ",\"leaf_hash\":\"" + domain::to_base64(inclusion.leaf_hash) + "\",\"proof\":";
  append_hashes(body, inclusion.hashes);
  body += '}';
  return json_response(http::status::ok, std::move(body));
}

Response get_consistency_proof(std::string_view query, HandlerContext& context) {
  static constexpr std::array<std::string_view, 2> kNames = {"from", "to"};
  auto parsed = parse_numbers(query, kNames);
  if (auto* problem = std::get_if<Problem>(&parsed)) return problem_response(*problem);
  const auto& values = std::get<0>(parsed);
  if (auto problem = require_all(values, kNames)) return problem_response(*problem);
  auto proof = context.ledger.consistency_proof(*values[0], *values[1]);
  if (auto* refusal = std::get_if<replay::ProofRefusal>(&proof)) return problem_response(refused(*refusal, kNames));
  const replay::ConsistencyProof& consistency = std::get<replay::ConsistencyProof>(proof);
  std::string body = "{\"from\":";
  append_unsigned(body, consistency.from);
  body += ",\"to\":";
  append_unsigned(body, consistency.to);
  body += ",\"proof\":";
  append_hashes(body, consistency.hashes);
  body += '}';
  return json_response(http::status::ok, std::move(body));
}

}  // namespace jifen::server
