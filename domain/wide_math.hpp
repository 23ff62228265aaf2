// Integer helpers for the scoring arithmetic: products and sums that may leave 64 bits are taken in 128
// bits and saturate at the int64 bounds, so that no input a client can post makes a score overflow.
// Division truncates toward zero, as C++ `/` does (DOMAIN.md "Precise rules").
//
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <limits>

namespace jifen::domain {

__extension__ using WideInt = __int128;

inline std::int64_t saturate(WideInt value) {
  constexpr WideInt kMax = std::numeric_limits<std::int64_t>::max();
  constexpr WideInt kMin = std::numeric_limits<std::int64_t>::min();
  if (value > kMax) return std::numeric_limits<std::int64_t>::max();
  if (value < kMin) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(value);
}

// a × b / c, truncated toward zero. REQUIRES: c != 0.
inline std::int64_t multiply_divide(std::int64_t a, std::int64_t b, std::int64_t c) {
  return saturate(static_cast<WideInt>(a) * b / c);
}

// a × 10^6 / b: a ratio in ppm; 0 when b is 0.
inline std::int64_t ratio_ppm(std::int64_t a, std::int64_t b) {
  if (b == 0) return 0;
  return multiply_divide(a, 1000000, b);
}

inline std::int64_t add_saturating(std::int64_t a, std::int64_t b) {
  return saturate(static_cast<WideInt>(a) + b);
}

}  // namespace jifen::domain
