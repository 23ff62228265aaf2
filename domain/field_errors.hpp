// The list of field errors one decode collects: at most one error per field (the first found), and at
// most field_errors_max in all, so that a hostile document cannot make the answer grow without bound.
//
// Internal to domain/ (codec, field reader, canonical writer). One decode, one thread.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "domain/codec.hpp"

namespace jifen::domain {

inline constexpr std::size_t kFieldErrorsMax = 32;

class FieldErrors {
 public:
  // Records `message` for `field` unless that field already has an error or the list is full.
  void add(std::string field, std::string message) {
    if (errors_.size() >= kFieldErrorsMax) return;
    for (const FieldError& error : errors_) {
      if (error.field == field) return;
    }
    errors_.push_back(FieldError{std::move(field), std::move(message)});
  }
  bool empty() const { return errors_.empty(); }
  std::size_t size() const { return errors_.size(); }
  void clear() { errors_.clear(); }
  std::vector<FieldError> take() {
    std::vector<FieldError> out;
    out.swap(errors_);
    return out;
  }

 private:
  std::vector<FieldError> errors_;
};

}  // namespace jifen::domain
