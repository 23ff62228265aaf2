// Builds JSON object text field by field, for the events the tools make (seeds, demo data) before they are
// decoded by domain::EventDecoder like any posted event. Strings are escaped by the domain codec's writer.
//
// A value type; one builder belongs to one thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/types.hpp"

namespace jifen::tools {

class JsonObject {
 public:
  JsonObject& text(std::string_view name, std::string_view value);
  JsonObject& integer(std::string_view name, std::int64_t value);
  JsonObject& date(std::string_view name, const domain::Date& value);
  JsonObject& texts(std::string_view name, const std::vector<std::string>& values);
  // `json` must already be a JSON value (an object built by another JsonObject, say).
  JsonObject& raw(std::string_view name, std::string_view json);

  // The object's text: "{...}". The builder can go on after this.
  std::string str() const { return body_ + "}"; }

 private:
  void open_field(std::string_view name);

  std::string body_ = "{";
};

}  // namespace jifen::tools
