// The scenario runner: every seeds/scenarios/*.jsonl is played through a real Ledger in a temporary
// directory, and every expectation in it is checked against the derived reads (replay/derived_reads.hpp,
// the same JSON jifend answers) at the point of the file where it stands.
//
// A scenario is one JSON object per line:
//   {"scenario": NAME, "covers": [...]}              the first line: what the scenario is about
//   {"comment": TEXT}                                 the working of the expected values, for a person
//   {"event": {...}, "as"?: ROLE, "refused"?: OUTCOME}
//       appends the event (event_id defaults to "line-N"); ROLE admin, bureau or enterprise (default: admin
//       for admin types, the enterprise itself where it may post the type, else bureau); with "refused" the
//       ledger must refuse it with that outcome (conflict, invalid, forbidden) and append nothing
//   {"publish_model": FILE, "version"?: V, "years"?: [FROM, TO], "replace"?: {MEMBER: VALUE}, "refused"?: OUTCOME}
//       appends seeds/models/FILE as scoring_model.published, with the version, years and top-level model
//       members given here in place of the file's
//   {"expect": "score" | "policies", "enterprise": USCC, "year": Y, ...fields}
//   {"expect": "ranking", "year": Y, "stage"?: S, "zone"?: Z, "chain"?: C, "limit"?: N, ...fields}
//   {"expect": "zones" | "chains", "year": Y, ...fields}
//   {"expect": "unscored", "enterprise": USCC, "year": Y, "miss": "no_annual_report" | "not_registered" | "no_model"}
//   any expectation may name "as_of": N, the tree size whose state it describes (else: the log as it stands)
// Every expectation is checked twice: where it stands, against the live projections, and once the whole file
// has run, against the state of the log at that point (as_of its tree size, answered from a fresh ledger by
// folding the log's first records; and as_of_time the recorded_at of its last record).
// Fields are compared with the answer's JSON as a subset: objects by key; an array of objects that have "id"
// may be written as an object keyed by id ("indicators", "items"); other arrays element by element, with the
// same length.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <simdjson.h>

#include "domain/codec.hpp"
#include "domain/leaf.hpp"
#include "domain/score_json.hpp"
#include "replay/derived_reads.hpp"
#include "replay/ledger.hpp"
#include "replay/scoring.hpp"
#include "support/temp_dir.hpp"

namespace jifen::test {
namespace {

namespace fs = std::filesystem;
using simdjson::dom::element;
using simdjson::dom::element_type;

const fs::path kScenariosDir = fs::path(JIFEN_SOURCE_DIR) / "seeds" / "scenarios";
const fs::path kModelsDir = fs::path(JIFEN_SOURCE_DIR) / "seeds" / "models";
constexpr std::size_t kScenariosMin = 12;
// The third pass: a snapshot every 3 records, a full one every 12 and deltas over it between.
constexpr std::uint64_t kSnapshotIntervalEvents = 12;
constexpr std::uint64_t kSnapshotDeltaEvents = 3;

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string text_of(element value) { return simdjson::minify(value); }

std::string string_member(element object, std::string_view key) {
  std::string_view value;
  if (object[key].get(value)) return {};
  return std::string(value);
}

bool has_member(element object, std::string_view key) { return !object[key].error(); }

// The members of an object element and the items of an array element, held in locals: a range-for over
// `get_object().value_unsafe()` would iterate a reference into a temporary that is gone by the first lap.
simdjson::dom::object members_of(element object) {
  simdjson::dom::object members;
  BOOST_TEST_REQUIRE(!object.get(members), "expected a JSON object");
  return members;
}
simdjson::dom::array items_of(element array) {
  simdjson::dom::array items;
  BOOST_TEST_REQUIRE(!array.get(items), "expected a JSON array");
  return items;
}

// Compares `expected` with `actual` as a subset; each difference is a failure naming the JSON path.
void expect_subset(element expected, element actual, const std::string& path, const std::string& where) {
  if (expected.type() == element_type::OBJECT && actual.type() == element_type::ARRAY) {
    for (const auto member : members_of(expected)) {
      bool found = false;
      for (const element item : items_of(actual)) {
        std::string_view id;
        if (item.type() != element_type::OBJECT || item["id"].get(id) || id != member.key) continue;
        expect_subset(member.value, item, path + "." + std::string(member.key), where);
        found = true;
      }
      BOOST_TEST(found, where << ": " << path << " has no item with id " << member.key);
    }
    return;
  }
  if (expected.type() == element_type::OBJECT && actual.type() == element_type::OBJECT) {
    for (const auto member : members_of(expected)) {
      element value;
      if (actual[member.key].get(value)) {
        BOOST_ERROR(where << ": the answer has no " << path << "." << member.key);
        continue;
      }
      expect_subset(member.value, value, path + "." + std::string(member.key), where);
    }
    return;
  }
  if (expected.type() == element_type::ARRAY && actual.type() == element_type::ARRAY) {
    const auto want = expected.get_array().value_unsafe();
    const auto got = actual.get_array().value_unsafe();
    BOOST_TEST(want.size() == got.size(), where << ": " << path << " has " << got.size() << " items, expected "
                                                << want.size() << ": " << text_of(actual));
    for (std::size_t i = 0; i < std::min(want.size(), got.size()); ++i) {
      expect_subset(want.at(i).value_unsafe(), got.at(i).value_unsafe(), path + "[" + std::to_string(i) + "]", where);
    }
    return;
  }
  BOOST_TEST(text_of(expected) == text_of(actual),
             where << ": " << path << " is " << text_of(actual) << ", expected " << text_of(expected));
}

class ScenarioRunner {
 public:
  explicit ScenarioRunner(const fs::path& file) : file_(file) { open(true); }

  void open(bool create, std::uint64_t snapshot_interval_events = 0, std::uint64_t snapshot_delta_events = 0) {
    ledger_.reset();
    replay::LedgerOptions options;
    options.data_dir = dir_.path();
    options.create = create;
    options.snapshot_interval_events = snapshot_interval_events;
    options.snapshot_delta_events = snapshot_delta_events;
    options.durable = false;
    options.map_size_bytes = std::size_t{1} << 30;
    options.clock = [this] { return now_us_ += 1000000; };
    ledger_ = replay::Ledger::open(options);
  }

  void run() {
    std::istringstream lines(read_file(file_));
    std::string line;
    while (std::getline(lines, line)) {
      ++line_number_;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      simdjson::dom::parser parser;
      element object;
      BOOST_TEST_REQUIRE(!parser.parse(line).get(object), where() << ": the line is not JSON");
      BOOST_TEST_REQUIRE((object.type() == element_type::OBJECT), where() << ": the line is not an object");
      step(object);
    }
    BOOST_TEST(expectations_ > 0u, file_.filename().string() << " checks nothing");
    recheck_as_of();
    recheck_from_snapshots();
  }

 private:
  std::string where() const {
    return file_.filename().string() + ":" + std::to_string(line_number_) + (point_ ? point_label_ : "");
  }

  // The expectations again, each at the tree size it was written at, from a fresh ledger (no cached boards).
  void recheck_as_of() {
    open(false);
    for (const Written& written : written_) {
      line_number_ = written.line_number;
      simdjson::dom::parser parser;
      element object = parser.parse(written.line).value();
      point_ = replay::ReadPoint{written.tree_size, std::nullopt};
      point_label_ = " (as_of " + std::to_string(written.tree_size) + ")";
      check(object);
      const std::optional<replay::Record> last = written.tree_size > 0 ? ledger_->event(written.tree_size - 1) : std::nullopt;
      if (!last) continue;
      point_ = replay::ReadPoint{std::nullopt, domain::decode_leaf(last->leaf).value().recorded_at};
      point_label_ = " (as_of_time " + *point_->as_of_time + ")";
      check(object);
    }
    point_.reset();
  }

  // The expectations once more, each from a fresh ledger that keeps a snapshot every kSnapshotDeltaEvents
  // records, so that each answer folds from the nearest snapshot below it (a decoded one, full or a delta over
  // its base, with its derived retraction index), across every kind of fact, step and retraction the scenarios
  // hold.
  void recheck_from_snapshots() {
    open(false, kSnapshotIntervalEvents, kSnapshotDeltaEvents);
    BOOST_TEST(ledger_->update_snapshots() == ledger_->tree_size() / kSnapshotDeltaEvents);
    for (const Written& written : written_) {
      open(false, kSnapshotIntervalEvents, kSnapshotDeltaEvents);
      line_number_ = written.line_number;
      simdjson::dom::parser parser;
      element object = parser.parse(written.line).value();
      point_ = replay::ReadPoint{written.tree_size, std::nullopt};
      point_label_ = " (as_of " + std::to_string(written.tree_size) + ", from a snapshot)";
      check(object);
    }
    point_.reset();
    BOOST_TEST(ledger_->update_snapshots() == 0u, "a snapshot failed its checks and was erased");
  }

  void step(element object) {
    if (has_member(object, "scenario") || has_member(object, "comment")) return;
    if (has_member(object, "event")) return append(object["event"].value_unsafe(), object);
    if (has_member(object, "publish_model")) return append_model(object);
    if (has_member(object, "expect")) return check(object);
    BOOST_ERROR(where() << ": unknown line " << text_of(object));
  }

  replay::Actor actor_for(const domain::Event& event, element line) const {
    std::string role = string_member(line, "as");
    if (role.empty()) {
      if (domain::role_may_post(domain::Role::admin, event.type)) {
        role = "admin";
      } else if (event.enterprise && domain::role_may_post(domain::Role::enterprise, event.type)) {
        role = "enterprise";
      } else {
        role = "bureau";
      }
    }
    if (role == "admin") return {"admin", domain::Role::admin, std::nullopt};
    if (role == "bureau") return {"key-bureau", domain::Role::bureau, std::nullopt};
    return {"key-" + event.enterprise.value_or(""), domain::Role::enterprise, event.enterprise};
  }

  void append_json(const std::string& json, element line) {
    domain::DecodeResult decoded = decoder_.decode(json);
    if (const auto* error = std::get_if<domain::DecodeError>(&decoded)) {
      std::string fields;
      for (const auto& field : error->errors) fields += " " + field.field + ": " + field.message;
      BOOST_FAIL(where() << ": the event does not decode: " << error->detail << fields);
    }
    domain::Event event = std::get<domain::Event>(std::move(decoded));
    replay::Submission submission;
    submission.actor = actor_for(event, line);
    submission.events.push_back(std::move(event));
    const std::uint64_t size_before = ledger_->tree_size();
    const replay::SubmitResult result = ledger_->submit_and_wait(std::move(submission));
    const std::string refused = string_member(line, "refused");
    if (refused.empty()) {
      BOOST_TEST_REQUIRE(result.ok(), where() << ": refused (" << replay::to_string(result.outcome) << "): " << result.detail);
      check_live_boards(size_before);
    } else {
      BOOST_TEST(std::string(replay::to_string(result.outcome)) == refused, where() << ": " << result.detail);
      BOOST_TEST(ledger_->tree_size() == size_before, where() << ": a refused event was appended");
      ++expectations_;
    }
  }

  // Every board as the ledger's cache gives it after this event (advanced from the board it cached after the
  // previous one, when the event names an enterprise) equals the board built whole from the same state.
  // The cache keeps one board of the current state per year and model: the one at the previous tree size (cached
  // by the previous call) is gone.
  void check_live_boards(std::uint64_t previous_size) {
    for (const std::int32_t year : {2021, 2022, 2023}) {
      const std::shared_ptr<const replay::YearBoard> cached = ledger_->score_cache().boards(*ledger_, std::nullopt, year, false).first;
      std::string whole;
      ledger_->read_projection([&](const replay::ProjectionState& state) { whole = board_text(replay::build_year_board(state, year)); });
      BOOST_TEST(board_text(*cached) == whole, where() << ": the cached board of " << year << " differs from one built whole");
      const std::string model = cached->model ? cached->model->version + " " + cached->model->model_jcs : "";
      if (const auto last = last_board_models_.find(year); last != last_board_models_.end() && last->second == model) {
        BOOST_TEST(!ledger_->score_cache().boards(*ledger_, previous_size, year, false, true).first,
                   where() << ": the board of " << year << " at " << previous_size << " is still cached");
      }
      last_board_models_[year] = model;
    }
  }

  static std::string board_text(const replay::YearBoard& board) {
    std::string text = std::to_string(board.tree_size) + " unreported:";
    for (const std::string& uscc : board.unreported) text += " " + uscc;
    for (const auto& [id, name] : board.zone_names) text += " zone " + id + "=" + name;
    for (const auto& [id, name] : board.chain_names) text += " chain " + id + "=" + name;
    if (!board.model) return text + " no model";
    for (const std::size_t index : board.city_order) text += " " + std::to_string(index);
    for (const replay::BoardEntry& entry : board.entries) {
      text += "\n" + entry.facts->name + " " + entry.facts->zone;
      for (const std::string& chain : entry.facts->chains) text += " " + chain;
      text += " " + domain::render_score_json(domain::score_with_seqs(board, entry), board.year, board.tree_size, *board.model);
    }
    return text;
  }

  void append(element event, element line) {
    std::string json = text_of(event);
    if (!has_member(event, "event_id")) json = R"({"event_id":"line-)" + std::to_string(line_number_) + "\"," + json.substr(1);
    append_json(json, line);
  }

  // seeds/models/FILE with the line's version, years and replaced members.
  void append_model(element line) {
    simdjson::dom::parser parser;
    element file;
    const std::string name = string_member(line, "publish_model");
    BOOST_TEST_REQUIRE(!parser.load((kModelsDir / name).string()).get(file), where() << ": cannot read " << name);
    std::string version = has_member(line, "version") ? string_member(line, "version") : string_member(file, "version");
    const std::string years = text_of(has_member(line, "years") ? line["years"].value_unsafe() : file["years"].value_unsafe());
    std::string model = "{";
    element replace;
    const bool replacing = !line["replace"].get(replace);
    simdjson::dom::object model_members;
    BOOST_TEST_REQUIRE(!file["model"].get(model_members), where() << ": " << name << " has no \"model\" object");
    for (const auto member : model_members) {
      element value = member.value;
      if (replacing && has_member(replace, member.key)) value = replace[member.key].value_unsafe();
      if (model.size() > 1) model += ',';
      model += "\"" + std::string(member.key) + "\":" + text_of(value);
    }
    if (replacing) {
      simdjson::dom::object replaced_members;
      BOOST_TEST_REQUIRE(!replace.get(replaced_members), where() << ": \"replace\" is not an object");
      for (const auto member : replaced_members) {
        if (model_members.at_key(member.key).error() != simdjson::SUCCESS) model += ",\"" + std::string(member.key) + "\":" + text_of(member.value);
      }
    }
    model += "}";
    const std::string json = R"({"event_id":"line-)" + std::to_string(line_number_) +
                             R"(","type":"scoring_model.published","occurred_on":"2020-01-01","data":{"version":")" +
                             version + R"(","years":)" + years + R"(,"model":)" + model + "}}";
    append_json(json, line);
  }

  replay::DerivedAnswer answer(element line) const {
    const std::string kind = string_member(line, "expect");
    const std::string uscc = string_member(line, "enterprise");
    std::int64_t year = 0;
    BOOST_TEST_REQUIRE(!line["year"].get(year), where() << ": an expectation names its year");
    const auto y = static_cast<std::int32_t>(year);
    replay::ReadPoint point = point_.value_or(replay::ReadPoint{});
    std::uint64_t as_of = 0;
    if (!line["as_of"].get(as_of)) point.as_of = as_of;
    if (kind == "score" || kind == "unscored") return replay::score_json(*ledger_, uscc, y, point);
    if (kind == "policies") return replay::policies_json(*ledger_, uscc, y, point);
    if (kind == "zones") return replay::area_ranking_json(*ledger_, y, replay::AreaKind::zone, point);
    if (kind == "chains") return replay::area_ranking_json(*ledger_, y, replay::AreaKind::chain, point);
    BOOST_TEST_REQUIRE(kind == "ranking", where() << ": unknown expectation " << kind);
    domain::RankingFilter filter;
    if (has_member(line, "stage")) filter.stage = domain::stage_from_string(string_member(line, "stage"));
    if (has_member(line, "zone")) filter.zone = string_member(line, "zone");
    if (has_member(line, "chain")) filter.chain = string_member(line, "chain");
    std::int64_t limit = 0;
    if (!line["limit"].get(limit)) filter.limit = static_cast<std::size_t>(limit);
    return replay::enterprise_ranking_json(*ledger_, y, filter, point);
  }

  void check(element line) {
    ++expectations_;
    if (!point_ && !has_member(line, "as_of")) written_.push_back(Written{text_of(line), ledger_->tree_size(), line_number_});
    const replay::DerivedAnswer got = answer(line);
    if (string_member(line, "expect") == "unscored") {
      BOOST_TEST_REQUIRE(got.miss.has_value(), where() << ": expected no score, got " << got.json.value_or(""));
      BOOST_TEST(std::string(replay::to_string(*got.miss)) == string_member(line, "miss"), where() << ": " << got.detail);
      return;
    }
    BOOST_TEST_REQUIRE(got.json.has_value(), where() << ": no answer: " << got.detail);
    simdjson::dom::parser parser;
    element actual;
    BOOST_TEST_REQUIRE(!parser.parse(*got.json).get(actual), where() << ": the answer is not JSON");
    for (const auto member : members_of(line)) {
      const bool ranking_filter = string_member(line, "expect") == "ranking" &&
                                  (member.key == "stage" || member.key == "zone" || member.key == "chain" ||
                                   member.key == "limit");
      if (member.key == "expect" || member.key == "as_of" || ranking_filter) continue;
      element value;
      if (actual[member.key].get(value)) {
        BOOST_ERROR(where() << ": the answer has no " << member.key << ": " << *got.json);
        continue;
      }
      expect_subset(member.value, value, std::string(member.key), where());
    }
  }

  fs::path file_;
  TempDir dir_{"jifen-scenario"};
  std::int64_t now_us_ = 1609459200000000;  // 2021-01-01T00:00:00Z, one second later each event
  std::unique_ptr<replay::Ledger> ledger_;
  domain::EventDecoder decoder_;
  std::size_t line_number_ = 0;
  std::size_t expectations_ = 0;
  std::map<std::int32_t, std::string> last_board_models_;  // check_live_boards: the model of each year's last board
  struct Written {
    std::string line;
    std::uint64_t tree_size = 0;
    std::size_t line_number = 0;
  };
  std::vector<Written> written_;          // every expectation, with the tree size it was checked at
  std::optional<replay::ReadPoint> point_;  // while rechecking: the point asked for
  std::string point_label_;
};

std::vector<fs::path> scenario_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kScenariosDir)) {
    if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

BOOST_AUTO_TEST_SUITE(scenarios)

BOOST_AUTO_TEST_CASE(every_scenario_file_holds) {
  const std::vector<fs::path> files = scenario_files();
  BOOST_TEST(files.size() >= kScenariosMin);
  for (const fs::path& file : files) {
    BOOST_TEST_CONTEXT("scenario " << file.filename().string()) {
      ScenarioRunner runner(file);
      runner.run();
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace jifen::test
