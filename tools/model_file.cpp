#include "tools/model_file.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <variant>

#include <simdjson.h>

#include "domain/scoring_model.hpp"
#include "tools/ctl_support.hpp"

namespace jifen::tools {
namespace {

constexpr std::size_t kModelFileBytesMax = 60 * 1024;  // below the event limit, with room for the envelope

std::optional<std::string> read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> field_lines(const std::vector<domain::FieldError>& errors) {
  std::vector<std::string> lines;
  for (const domain::FieldError& error : errors) lines.push_back(error.field + ": " + error.message);
  return lines;
}

// The event_id, "model:<version>" when the version is a plain identifier short enough (else "model": the decoder
// then names what is wrong with it), and the date, the first day of the first year covered (else `today`), so
// that publishing the same file twice is the same event, answered with the original receipt.
struct ModelHead {
  std::string event_id = "model";
  std::optional<domain::Date> occurred_on;
};

ModelHead head_of(const std::string& text) {
  ModelHead head;
  simdjson::dom::parser parser;
  simdjson::dom::object document;
  if (parser.parse(text).get_object().get(document) != simdjson::SUCCESS) return head;
  std::string_view version;
  if (document["version"].get(version) == simdjson::SUCCESS && !version.empty() && version.size() <= 58 &&
      std::all_of(version.begin(), version.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == ':' || c == '-';
      })) {
    head.event_id = "model:" + std::string(version);
  }
  std::int64_t first_year = 0;
  if (document["years"].at(0).get(first_year) == simdjson::SUCCESS && first_year >= 1900 && first_year <= 9999) {
    head.occurred_on = domain::Date{static_cast<std::int32_t>(first_year), 1, 1};
  }
  return head;
}

}  // namespace

ModelFile load_model_file(const std::filesystem::path& file, const domain::Date& today, domain::EventDecoder& decoder) {
  ModelFile result;
  const std::optional<std::string> text = read_text(file);
  if (!text) {
    result.problems.push_back("cannot read " + file.string());
    return result;
  }
  if (text->size() > kModelFileBytesMax) {
    result.problems.push_back(file.string() + " is " + std::to_string(text->size()) + " bytes; at most " +
                              std::to_string(kModelFileBytesMax) + " are allowed");
    return result;
  }
  const ModelHead head = head_of(*text);
  const std::string json =
      event_json(head.event_id, "scoring_model.published", std::nullopt, head.occurred_on.value_or(today), *text);
  domain::DecodeResult decoded = decoder.decode(json);
  if (auto* error = std::get_if<domain::DecodeError>(&decoded)) {
    result.problems = field_lines(error->errors);
    if (result.problems.empty()) result.problems.push_back(error->detail);
    return result;
  }
  domain::Event event = std::get<domain::Event>(std::move(decoded));
  const auto& data = std::get<domain::ScoringModelPublished>(event.data);
  const domain::ModelParseResult model = domain::parse_scoring_model(data.model_jcs);
  if (const auto* errors = std::get_if<std::vector<domain::FieldError>>(&model)) {
    result.problems = field_lines(*errors);
    return result;
  }
  result.event = std::move(event);
  return result;
}

std::vector<std::filesystem::path> model_files(const std::filesystem::path& models_dir) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(models_dir, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace jifen::tools
