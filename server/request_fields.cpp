#include "server/request_fields.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <limits>
#include <string>

namespace jifen::server {
namespace {

constexpr std::size_t kDecimalDigitsMax = 20;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

char lower(char character) {
  return (character >= 'A' && character <= 'Z') ? static_cast<char>(character - 'A' + 'a') : character;
}

bool equals_ignoring_case(std::string_view left, std::string_view right) {
  if (left.size() != right.size()) return false;
  for (std::size_t i = 0; i < left.size(); ++i) {
    if (lower(left[i]) != lower(right[i])) return false;
  }
  return true;
}

Problem bad_parameter(std::string_view parameter, std::string detail) {
  Problem problem{ProblemType::invalid_parameter, std::move(detail)};
  problem.parameter = parameter;
  return problem;
}

Problem bad_if_match(std::string_view value) {
  return bad_parameter("If-Match", "If-Match must be one quoted stream version such as \"3\", not `" +
                                       printable_excerpt(value) + "`");
}

// One `name=value` of the paging query into `page`; a Problem when it is not acceptable.
std::optional<Problem> apply_page_parameter(std::string_view name, std::string_view value, Page& page,
                                            const ServerOptions& options) {
  const std::optional<std::uint64_t> number = parse_decimal(value);
  if (name == "from") {
    if (!number) return bad_parameter("from", "from must be a sequence number (a decimal integer >= 0)");
    page.from = *number;
    return std::nullopt;
  }
  assert(name == "limit");
  if (!number || *number == 0 || *number > options.page_events_max) {
    return bad_parameter("limit", "limit must be an integer from 1 to page_events_max = " +
                                      std::to_string(options.page_events_max));
  }
  page.limit = static_cast<std::size_t>(*number);
  return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> parse_decimal(std::string_view text) {
  if (text.empty() || text.size() > kDecimalDigitsMax) return std::nullopt;
  std::uint64_t value = 0;
  for (const char character : text) {
    if (character < '0' || character > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(character - '0');
    if (value > (UINT64_MAX - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

Credential read_credential(const Request& request) {
  const auto fields = request.equal_range(http::field::authorization);
  if (fields.first == fields.second) return {};
  if (std::next(fields.first) != fields.second) return {CredentialKind::malformed, {}};
  const std::string_view value = trim(fields.first->value());
  constexpr std::string_view kScheme = "bearer";
  if (value.size() <= kScheme.size() || !equals_ignoring_case(value.substr(0, kScheme.size()), kScheme) ||
      (value[kScheme.size()] != ' ' && value[kScheme.size()] != '\t')) {
    return {CredentialKind::malformed, {}};
  }
  const std::string_view token = trim(value.substr(kScheme.size()));
  if (token.empty() || token.find_first_of(" \t,") != std::string_view::npos) {
    return {CredentialKind::malformed, {}};
  }
  return {CredentialKind::bearer, token};
}

OrProblem<std::optional<std::uint64_t>> read_if_match(const Request& request) {
  const auto fields = request.equal_range(http::field::if_match);
  if (fields.first == fields.second) return std::optional<std::uint64_t>{};
  if (std::next(fields.first) != fields.second) {
    return bad_parameter("If-Match", "If-Match must appear at most once");
  }
  const std::string_view raw = fields.first->value();
  std::string_view value = trim(raw);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  const std::optional<std::uint64_t> version = parse_decimal(value);
  if (!version) return bad_if_match(raw);
  return std::optional<std::uint64_t>{*version};
}

bool content_type_is(const Request& request, std::string_view expected) {
  const auto found = request.find(http::field::content_type);
  if (found == request.end()) return false;
  const std::string_view value = found->value();
  const std::size_t semicolon = std::min(value.find(';'), value.size());
  if (!equals_ignoring_case(trim(value.substr(0, semicolon)), expected)) return false;
  std::string_view rest = value.substr(semicolon);  // "" or ";param;param"
  while (!rest.empty()) {
    rest.remove_prefix(1);
    const std::size_t next = std::min(rest.find(';'), rest.size());
    const std::string_view parameter = trim(rest.substr(0, next));
    rest = rest.substr(next);
    if (parameter.empty()) continue;
    const std::size_t equals = parameter.find('=');
    if (equals == std::string_view::npos || !equals_ignoring_case(trim(parameter.substr(0, equals)), "charset")) {
      return false;
    }
    std::string_view charset = trim(parameter.substr(equals + 1));
    if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') {
      charset = charset.substr(1, charset.size() - 2);
    }
    if (!equals_ignoring_case(charset, "utf-8")) return false;
  }
  return true;
}

OrProblem<Page> parse_page_query(std::string_view encoded_query, const ServerOptions& options) {
  // Split by hand: Boost 1.81's parse_query reads the query with strlen (it needs a NUL after it). Names and
  // values are compared percent-encoded: a value of digits never needs escapes.
  Page page{0, options.page_events_default};
  bool seen_from = false;
  bool seen_limit = false;
  while (!encoded_query.empty()) {
    const std::size_t ampersand = std::min(encoded_query.find('&'), encoded_query.size());
    const std::string_view pair = encoded_query.substr(0, ampersand);
    encoded_query.remove_prefix(std::min(ampersand + 1, encoded_query.size()));
    if (pair.empty()) continue;  // "a=1&&b=2", a trailing '&'
    const std::size_t equals = std::min(pair.find('='), pair.size());
    const std::string_view name = pair.substr(0, equals);
    const std::string_view value = pair.substr(std::min(equals + 1, pair.size()));
    if (name != "from" && name != "limit") {
      return bad_parameter("query", "unknown query parameter `" + printable_excerpt(name) +
                                        "`; this resource takes from and limit");
    }
    bool& seen = name == "from" ? seen_from : seen_limit;
    if (seen) return bad_parameter(name == "from" ? "from" : "limit", "a query parameter appears twice");
    seen = true;
    if (auto problem = apply_page_parameter(name, value, page, options)) return std::move(*problem);
  }
  return page;
}

OrProblem<std::uint64_t> parse_stream_start(const Request& request, std::string_view encoded_query) {
  std::uint64_t from = 0;
  bool seen_from = false;
  while (!encoded_query.empty()) {  // split by hand, as parse_page_query does
    const std::size_t ampersand = std::min(encoded_query.find('&'), encoded_query.size());
    const std::string_view pair = encoded_query.substr(0, ampersand);
    encoded_query.remove_prefix(std::min(ampersand + 1, encoded_query.size()));
    if (pair.empty()) continue;
    const std::size_t equals = std::min(pair.find('='), pair.size());
    const std::string_view name = pair.substr(0, equals);
    if (name != "from") {
      return bad_parameter("query", "unknown query parameter `" + printable_excerpt(name) +
                                        "`; this resource takes from");
    }
    if (seen_from) return bad_parameter("from", "a query parameter appears twice");
    seen_from = true;
    const std::optional<std::uint64_t> number = parse_decimal(pair.substr(std::min(equals + 1, pair.size())));
    if (!number) return bad_parameter("from", "from must be a sequence number (a decimal integer >= 0)");
    from = *number;
  }
  const auto fields = request.equal_range("Last-Event-ID");
  if (fields.first == fields.second) return from;
  if (std::next(fields.first) != fields.second) {
    return bad_parameter("Last-Event-ID", "Last-Event-ID must appear at most once");
  }
  const std::optional<std::uint64_t> last = parse_decimal(trim(fields.first->value()));
  if (!last || *last == std::numeric_limits<std::uint64_t>::max()) {
    return bad_parameter("Last-Event-ID", "Last-Event-ID must be the seq of the last event received, not `" +
                                              printable_excerpt(fields.first->value()) + "`");
  }
  return *last + 1;
}

}  // namespace jifen::server
