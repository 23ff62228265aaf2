// RFC 8785 (JCS) canonical JSON of a parsed simdjson value, restricted to the integer-only JSON of events:
// object members sorted by the UTF-16 code units of their keys, no whitespace, strings escaped as
// append_json_string does, numbers as plain decimal integers.
//
// While writing it checks what JCS cannot express for jifen (a repeated key, a number that is not an
// integer, an integer beyond ±kJsonIntegerMax) and reports each as a FieldError at its JSON path.
//
// Internal to domain/. A CanonicalWriter keeps scratch space between calls; one thread at a time.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "domain/field_errors.hpp"

namespace jifen::domain {

// JCS member order: true iff key `a` sorts before key `b` by UTF-16 code units.
// REQUIRES: both are valid UTF-8.
bool jcs_key_less(std::string_view a, std::string_view b);

class CanonicalWriter {
 public:
  // Appends the JCS of `value` to `out`; reports problems under `path` ("data", "data.model"). Answers
  // false when it found any: then what it appended is not canonical and must be discarded.
  bool write(std::string& out, simdjson::dom::element value, std::string_view path, FieldErrors& errors);

 private:
  void write_value(simdjson::dom::element value);
  void write_object(simdjson::dom::object object);
  void write_array(simdjson::dom::array array);
  void write_integer(simdjson::dom::element value);
  void report(std::string message);

  using Member = std::pair<std::string_view, simdjson::dom::element>;
  std::vector<Member> members_;  // a stack: each open object sorts its members in its own slice
  std::string path_;             // the JSON path of the value being written
  std::string* out_ = nullptr;
  FieldErrors* errors_ = nullptr;
  bool clean_ = true;
};

}  // namespace jifen::domain
