// The derived reads as JSON. See derived_reads.hpp.
#include "replay/derived_reads.hpp"

#include "domain/instant.hpp"
#include "domain/score_json.hpp"

namespace jifen::replay {
namespace {

DerivedAnswer missed(ScoreMiss miss, std::string detail) {
  return DerivedAnswer{std::nullopt, miss, false, std::move(detail)};
}

DerivedAnswer uncached() { return DerivedAnswer{std::nullopt, std::nullopt, true, {}}; }

DerivedAnswer answered(std::string json) { return DerivedAnswer{std::move(json), std::nullopt, false, {}}; }

DerivedAnswer miss_of(const ScoreLookup& lookup, std::string_view uscc, std::int32_t year) {
  const std::string y = std::to_string(year);
  const std::string at = " at tree size " + std::to_string(lookup.board->tree_size);
  switch (*lookup.miss) {
    case ScoreMiss::no_model: return missed(ScoreMiss::no_model, "no published scoring model covers year " + y + at);
    case ScoreMiss::not_registered:
      return missed(ScoreMiss::not_registered, "no enterprise " + std::string(uscc) + " is registered" + at);
    case ScoreMiss::no_annual_report:
      return missed(ScoreMiss::no_annual_report, "enterprise " + std::string(uscc) + " has no annual report for fiscal year " +
                                                     std::to_string(year - 1) + at + ", so it is not scored for " + y);
    case ScoreMiss::invalid_point: break;
  }
  return missed(*lookup.miss, "not scored");
}

// The tree size a point names (nullopt: the current state), or the miss that refuses it.
std::variant<std::optional<std::uint64_t>, DerivedAnswer> resolve(const Ledger& ledger, const ReadPoint& point) {
  if (point.as_of_time) {
    const std::optional<std::int64_t> instant = domain::parse_instant_us(*point.as_of_time);
    if (!instant) {
      return missed(ScoreMiss::invalid_point, "as_of_time must be an RFC 3339 date-time such as 2021-12-31T16:00:00Z");
    }
    return std::optional<std::uint64_t>(tree_size_at_time(ledger, *instant));
  }
  if (point.as_of) {
    const std::uint64_t size = ledger.tree_size();
    if (*point.as_of > size) {
      return missed(ScoreMiss::invalid_point, "as_of " + std::to_string(*point.as_of) + " is beyond the log's tree size " +
                                                  std::to_string(size));
    }
  }
  return point.as_of;
}

template <class Answer>
DerivedAnswer at_point(const Ledger& ledger, const ReadPoint& point, Answer answer) {
  auto resolved = resolve(ledger, point);
  if (auto* refusal = std::get_if<DerivedAnswer>(&resolved)) return std::move(*refusal);
  return answer(std::get<std::optional<std::uint64_t>>(resolved));
}

// The answer kept for `what` from `board`; else, unless the point is cached_only, render() kept.
template <class Render>
DerivedAnswer rendered(ScoreCache& cache, const YearBoard& board, std::string_view what, const ReadPoint& point,
                       Render render) {
  if (std::optional<std::string> kept = cache.kept_answer(board, what)) return answered(std::move(*kept));
  if (point.cached_only) return uncached();
  return answered(cache.keep_answer(board, what, render()));
}

DerivedAnswer no_model(const YearBoard& board) {
  return missed(ScoreMiss::no_model, "no published scoring model covers year " + std::to_string(board.year) +
                                         " at tree size " + std::to_string(board.tree_size));
}

}  // namespace

std::string_view to_string(ScoreMiss miss) {
  switch (miss) {
    case ScoreMiss::no_model: return "no_model";
    case ScoreMiss::not_registered: return "not_registered";
    case ScoreMiss::no_annual_report: return "no_annual_report";
    case ScoreMiss::invalid_point: return "invalid_point";
  }
  return "unknown";
}

DerivedAnswer score_json(const Ledger& ledger, std::string_view uscc, std::int32_t year, const ReadPoint& point) {
  return at_point(ledger, point, [&](std::optional<std::uint64_t> as_of) {
    ScoreCache& cache = ledger.score_cache();
    const ScoreLookup lookup = cache.score(ledger, as_of, uscc, year, point.cached_only);
    if (!lookup.board) return uncached();
    if (lookup.miss) return miss_of(lookup, uscc, year);
    return rendered(cache, *lookup.board, "score " + std::string(uscc), point, [&] {
      return domain::render_score_json(domain::score_with_seqs(*lookup.board, *lookup.entry), year,
                                       lookup.board->tree_size, *lookup.board->model);
    });
  });
}

DerivedAnswer policies_json(const Ledger& ledger, std::string_view uscc, std::int32_t year, const ReadPoint& point) {
  return at_point(ledger, point, [&](std::optional<std::uint64_t> as_of) {
    ScoreCache& cache = ledger.score_cache();
    const ScoreLookup lookup = cache.score(ledger, as_of, uscc, year, point.cached_only);
    if (!lookup.board) return uncached();
    if (lookup.miss) return miss_of(lookup, uscc, year);
    return rendered(cache, *lookup.board, "policies " + std::string(uscc), point, [&] {
      const domain::PublishedModel& model = *lookup.board->model;
      const auto items = domain::policy_list(model.model, lookup.board->inputs_of(*lookup.entry), lookup.entry->score);
      return domain::render_policies_json(uscc, year, lookup.board->tree_size, model, items);
    });
  });
}

DerivedAnswer enterprise_ranking_json(const Ledger& ledger, std::int32_t year, const domain::RankingFilter& filter,
                                      const ReadPoint& point) {
  return at_point(ledger, point, [&](std::optional<std::uint64_t> as_of) {
    ScoreCache& cache = ledger.score_cache();
    const auto board = cache.boards(ledger, as_of, year, false, point.cached_only).first;
    if (!board) return uncached();
    if (!board->model) return no_model(*board);
    // The filter's parts, each one's length first: no two filters give the same text.
    std::string what = "enterprises " + std::to_string(filter.limit);
    for (const std::optional<std::string_view> part :
         {filter.stage ? std::optional(domain::to_string(*filter.stage)) : std::nullopt,
          filter.zone ? std::optional<std::string_view>(*filter.zone) : std::nullopt,
          filter.chain ? std::optional<std::string_view>(*filter.chain) : std::nullopt}) {
      what += part ? " " + std::to_string(part->size()) + ":" + std::string(*part) : std::string(" -");
    }
    return rendered(cache, *board, what, point, [&] { return domain::render_enterprise_ranking_json(*board, filter); });
  });
}

DerivedAnswer area_ranking_json(const Ledger& ledger, std::int32_t year, AreaKind kind, const ReadPoint& point) {
  return at_point(ledger, point, [&](std::optional<std::uint64_t> as_of) {
    ScoreCache& cache = ledger.score_cache();
    const auto [board, last_year] = cache.boards(ledger, as_of, year, true, point.cached_only);
    if (!board) return uncached();
    if (!board->model) return no_model(*board);
    return rendered(cache, *board, kind == AreaKind::zone ? "zones" : "chains", point, [&] {
      return domain::render_area_ranking_json(*board, domain::rank_areas(*board, *last_year, kind), kind);
    });
  });
}

}  // namespace jifen::replay
