#include "tools/json_text.hpp"

#include "domain/codec.hpp"

namespace jifen::tools {

void JsonObject::open_field(std::string_view name) {
  if (body_.size() > 1) body_ += ',';
  domain::append_json_string(body_, name);
  body_ += ':';
}

JsonObject& JsonObject::text(std::string_view name, std::string_view value) {
  open_field(name);
  domain::append_json_string(body_, value);
  return *this;
}

JsonObject& JsonObject::integer(std::string_view name, std::int64_t value) {
  open_field(name);
  body_ += std::to_string(value);
  return *this;
}

JsonObject& JsonObject::date(std::string_view name, const domain::Date& value) {
  return text(name, value.to_string());
}

JsonObject& JsonObject::texts(std::string_view name, const std::vector<std::string>& values) {
  open_field(name);
  body_ += '[';
  for (std::size_t index = 0; index < values.size(); ++index) {
    if (index > 0) body_ += ',';
    domain::append_json_string(body_, values[index]);
  }
  body_ += ']';
  return *this;
}

JsonObject& JsonObject::raw(std::string_view name, std::string_view json) {
  open_field(name);
  body_ += json;
  return *this;
}

}  // namespace jifen::tools
