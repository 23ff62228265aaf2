// Typed, validated reads of one JSON object's members. See field_reader.hpp.
#include "domain/field_reader.hpp"

#include <algorithm>
#include <cassert>

#include "domain/codec.hpp"

namespace jifen::domain {
namespace {

bool is_identifier_character(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == ':' || c == '-';
}

std::string_view json_type_name(simdjson::dom::element_type type) {
  switch (type) {
    case simdjson::dom::element_type::OBJECT: return "an object";
    case simdjson::dom::element_type::ARRAY: return "an array";
    case simdjson::dom::element_type::STRING: return "a string";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: return "a number";
    case simdjson::dom::element_type::BOOL: return "a boolean";
    case simdjson::dom::element_type::NULL_VALUE: return "null";
  }
  return "a value";
}

std::string wrong_type(std::string_view wanted, simdjson::dom::element value) {
  return "must be " + std::string(wanted) + ", not " + std::string(json_type_name(value.type()));
}

}  // namespace

std::optional<std::string> text_error(std::string_view text, std::size_t bytes_max) {
  if (text.empty()) return "must not be empty";
  if (text.size() > bytes_max) return "must be at most " + std::to_string(bytes_max) + " bytes of UTF-8";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool c0_or_delete = byte < 0x20 || byte == 0x7f;
    // C1 controls U+0080..U+009F are C2 80..C2 9F in UTF-8.
    const bool c1 = byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9f;
    if (c0_or_delete || c1) return "must not contain control characters";
  }
  return std::nullopt;
}

std::optional<std::string> identifier_error(std::string_view text) {
  if (text.empty() || text.size() > kIdentifierBytesMax) {
    return "must be 1 to " + std::to_string(kIdentifierBytesMax) + " characters";
  }
  for (const char c : text) {
    if (!is_identifier_character(c)) return "may hold only A-Z, a-z, 0-9 and . _ : -";
  }
  return std::nullopt;
}

FieldReader::FieldReader(simdjson::dom::object object, std::span<const FieldSpec> fields,
                         std::string_view path_prefix, FieldErrors& errors, CanonicalWriter& writer)
    : fields_(fields), path_prefix_(path_prefix), errors_(errors), writer_(writer) {
  assert(fields.size() <= kObjectFieldsMax);
  for (const simdjson::dom::key_value_pair member : object) {
    const auto index = index_of(member.key);
    if (!index) {
      fail(member.key, "is not a field of this object");
    } else if (values_[*index]) {
      fail(member.key, "appears more than once");
    } else {
      values_[*index] = member.value;
    }
  }
}

std::optional<std::size_t> FieldReader::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name == name) return i;
  }
  return std::nullopt;
}

bool FieldReader::present(std::string_view name) const {
  const auto index = index_of(name);
  assert(index && "a field the reader was not told about");
  return values_[*index].has_value();
}

std::optional<simdjson::dom::element> FieldReader::element(std::string_view name) {
  const auto index = index_of(name);
  assert(index && "a field the reader was not told about");
  if (!values_[*index] && fields_[*index].required) fail(name, "is required");
  return values_[*index];
}

std::optional<std::string_view> FieldReader::string_value(std::string_view name) {
  const auto value = element(name);
  if (!value) return std::nullopt;
  if (value->type() != simdjson::dom::element_type::STRING) {
    fail(name, wrong_type("a string", *value));
    return std::nullopt;
  }
  return value->get_string().value_unsafe();
}

std::optional<std::string> FieldReader::text(std::string_view name) {
  const auto value = string_value(name);
  if (!value) return std::nullopt;
  if (auto error = text_error(*value, kTextBytesMax)) {
    fail(name, std::move(*error));
    return std::nullopt;
  }
  return std::string(*value);
}

std::optional<std::string> FieldReader::reference(std::string_view name) {
  const auto value = string_value(name);
  if (!value) return std::nullopt;
  if (auto error = text_error(*value, kIdentifierBytesMax)) {
    fail(name, std::move(*error));
    return std::nullopt;
  }
  return std::string(*value);
}

std::optional<std::string> FieldReader::identifier(std::string_view name) {
  const auto value = string_value(name);
  if (!value) return std::nullopt;
  if (auto error = identifier_error(*value)) {
    fail(name, std::move(*error));
    return std::nullopt;
  }
  return std::string(*value);
}

std::optional<std::int64_t> FieldReader::integer(std::string_view name, std::int64_t min, std::int64_t max) {
  assert(min <= max && max <= kJsonIntegerMax && min >= -kJsonIntegerMax);
  const auto value = element(name);
  if (!value) return std::nullopt;
  const auto type = value->type();
  if (type == simdjson::dom::element_type::DOUBLE) {
    fail(name, "must be an integer: no fraction, no exponent");
    return std::nullopt;
  }
  if (type != simdjson::dom::element_type::INT64 && type != simdjson::dom::element_type::UINT64) {
    fail(name, wrong_type("an integer", *value));
    return std::nullopt;
  }
  const auto out_of_range = [&] {
    fail(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  };
  if (type == simdjson::dom::element_type::UINT64) return out_of_range();
  const std::int64_t integer = value->get_int64().value_unsafe();
  if (integer < min || integer > max) return out_of_range();
  return integer;
}

std::optional<std::int32_t> FieldReader::year(std::string_view name) {
  const auto value = integer(name, kYearMin, kYearMax);
  if (!value) return std::nullopt;
  return static_cast<std::int32_t>(*value);
}

std::optional<Fen> FieldReader::money(std::string_view name) {
  const auto value = integer(name, 0, kJsonIntegerMax);
  if (!value) return std::nullopt;
  return Fen{*value};
}

std::optional<Date> FieldReader::date(std::string_view name) {
  const auto value = string_value(name);
  if (!value) return std::nullopt;
  auto date = Date::parse(*value);
  if (!date) fail(name, "must be a calendar date YYYY-MM-DD, years 1900 to 9999");
  return date;
}

std::optional<std::string> FieldReader::uscc(std::string_view name) {
  const auto value = string_value(name);
  if (!value) return std::nullopt;
  if (auto error = uscc_error(*value)) {
    fail(name, std::move(*error));
    return std::nullopt;
  }
  return std::string(*value);
}

std::optional<PatentNumber> FieldReader::patent_number(std::string_view name) {
  const auto value = string_value(name);
  if (!value) return std::nullopt;
  PatentParse parse = parse_patent_number(*value);
  if (!parse.number) fail(name, std::move(parse.error));
  return parse.number;
}

std::optional<std::vector<std::string>> FieldReader::identifier_list(std::string_view name,
                                                                     std::size_t count_max) {
  const auto value = element(name);
  if (!value) return std::nullopt;
  if (value->type() != simdjson::dom::element_type::ARRAY) {
    fail(name, wrong_type("an array", *value));
    return std::nullopt;
  }
  const simdjson::dom::array array = value->get_array().value_unsafe();
  if (array.size() > count_max) {
    fail(name, "must hold at most " + std::to_string(count_max) + " items");
    return std::nullopt;
  }
  std::vector<std::string> items;
  items.reserve(array.size());
  bool ok = true;
  for (const simdjson::dom::element item : array) {
    std::optional<std::string> error;
    if (item.type() != simdjson::dom::element_type::STRING) {
      error = wrong_type("a string", item);
    } else {
      const std::string_view text = item.get_string().value_unsafe();
      error = identifier_error(text);
      if (!error && std::find(items.begin(), items.end(), text) != items.end()) error = "appears more than once";
    }
    if (error) {
      fail(std::string(name) + "[" + std::to_string(items.size()) + "]", std::move(*error));
      ok = false;
    }
    items.emplace_back(item.type() == simdjson::dom::element_type::STRING ? item.get_string().value_unsafe() : "");
  }
  if (!ok) return std::nullopt;
  return items;
}

std::optional<std::string> FieldReader::canonical_object(std::string_view name) {
  const auto value = element(name);
  if (!value) return std::nullopt;
  if (value->type() != simdjson::dom::element_type::OBJECT) {
    fail(name, wrong_type("an object", *value));
    return std::nullopt;
  }
  std::string out;
  if (!writer_.write(out, *value, path(name), errors_)) return std::nullopt;
  return out;
}

void FieldReader::fail(std::string_view name, std::string message) { errors_.add(path(name), std::move(message)); }

std::string FieldReader::path(std::string_view name) const {
  std::string out;
  out.reserve(path_prefix_.size() + name.size());
  out.append(path_prefix_).append(name);
  return out;
}

}  // namespace jifen::domain
