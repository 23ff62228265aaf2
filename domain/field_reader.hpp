// Reads one JSON object of an event (the envelope, or `data`) against the list of fields its type allows,
// turning each member into a typed value and each problem into a FieldError at its JSON path.
//
// Unknown and repeated keys are reported when the reader is made; a missing required field, a wrong JSON
// type or a value out of range by the accessor that reads it, which then answers nullopt. Callers check
// cross-field rules only on values that came back, and look at the error list once at the end.
//
// Internal to domain/. A reader lives for one decode, on one thread; it must not outlive the parsed document.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "domain/canonical_json.hpp"
#include "domain/event.hpp"
#include "domain/field_errors.hpp"

namespace jifen::domain {

struct FieldSpec {
  std::string_view name;
  bool required = true;
};

inline constexpr std::size_t kObjectFieldsMax = 8;
inline constexpr std::int32_t kYearMin = 1900;
inline constexpr std::int32_t kYearMax = 9999;

class FieldReader {
 public:
  // REQUIRES: fields.size() <= kObjectFieldsMax. `path_prefix` is "" for the envelope, "data." for data.
  FieldReader(simdjson::dom::object object, std::span<const FieldSpec> fields, std::string_view path_prefix,
              FieldErrors& errors, CanonicalWriter& writer);

  bool present(std::string_view name) const;
  // The member's value; reports a missing required member.
  std::optional<simdjson::dom::element> element(std::string_view name);

  std::optional<std::string> text(std::string_view name);        // 1..kTextBytesMax bytes, no controls
  std::optional<std::string> reference(std::string_view name);   // 1..kIdentifierBytesMax bytes, no controls
  std::optional<std::string> identifier(std::string_view name);  // 1..kIdentifierBytesMax of [A-Za-z0-9._:-]
  std::optional<std::int64_t> integer(std::string_view name, std::int64_t min, std::int64_t max);
  std::optional<std::int32_t> year(std::string_view name);  // kYearMin..kYearMax
  std::optional<Fen> money(std::string_view name);          // 0..kJsonIntegerMax fen
  std::optional<Date> date(std::string_view name);
  std::optional<std::string> uscc(std::string_view name);
  std::optional<PatentNumber> patent_number(std::string_view name);
  std::optional<std::vector<std::string>> identifier_list(std::string_view name, std::size_t count_max);
  std::optional<std::string> canonical_object(std::string_view name);  // JCS of an object member
  template <class Enum>
  std::optional<Enum> enumeration(std::string_view name);

  // Records an error at this object's member `name` (cross-field rules).
  void fail(std::string_view name, std::string message);
  std::string path(std::string_view name) const;

 private:
  std::optional<std::string_view> string_value(std::string_view name);
  std::optional<std::size_t> index_of(std::string_view name) const;

  std::span<const FieldSpec> fields_;
  std::array<std::optional<simdjson::dom::element>, kObjectFieldsMax> values_{};
  std::string_view path_prefix_;
  FieldErrors& errors_;
  CanonicalWriter& writer_;
};

// Checks shared with the envelope and with tests. Each answers nullopt when fine, else the message.
std::optional<std::string> text_error(std::string_view text, std::size_t bytes_max);
std::optional<std::string> identifier_error(std::string_view text);

template <class Enum>
std::optional<Enum> FieldReader::enumeration(std::string_view name) {
  const auto text = string_value(name);
  if (!text) return std::nullopt;
  const auto value = enum_from_string<Enum>(*text);
  if (!value) fail(name, "must be one of: " + std::string(enum_spellings_joined<Enum>()));
  return value;
}

}  // namespace jifen::domain
