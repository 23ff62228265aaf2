// A small, fully specified pseudo-random generator for the demo data: xoshiro256** seeded by splitmix64.
//
// Every helper here is integer arithmetic defined by this file alone, so that one --seed gives the same
// demo data on every platform and library version (std:: distributions do not promise that).
// Not for secrets: keys use OpenSSL's RAND_bytes. One generator belongs to one thread.
#pragma once

#include <cassert>
#include <cstdint>
#include <span>

namespace jifen::tools {

__extension__ using Uint128 = unsigned __int128;  // GCC and Clang; __extension__ keeps -Wpedantic quiet

class Random {
 public:
  explicit Random(std::uint64_t seed) {
    std::uint64_t mix = seed;
    for (auto& word : state_) word = splitmix64(mix);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
    const std::uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = rotate_left(state_[3], 45);
    return result;
  }

  // Uniform in [0, bound). REQUIRES: bound > 0. Lemire's multiply-shift with rejection: unbiased.
  std::uint64_t below(std::uint64_t bound) {
    assert(bound > 0);
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
      const Uint128 product = static_cast<Uint128>(next()) * bound;
      if (static_cast<std::uint64_t>(product) >= threshold) {
        return static_cast<std::uint64_t>(product >> 64);
      }
    }
  }

  // Uniform in [low, high], both inclusive. REQUIRES: low <= high.
  std::int64_t between(std::int64_t low, std::int64_t high) {
    assert(low <= high);
    const auto span = static_cast<std::uint64_t>(high - low) + 1;
    return low + static_cast<std::int64_t>(below(span));
  }

  // True with probability ppm / 10^6.
  bool chance(std::int64_t ppm) { return static_cast<std::int64_t>(below(1'000'000)) < ppm; }

  // An index drawn with probability proportional to its weight. REQUIRES: some weight > 0.
  std::size_t pick(std::span<const std::int64_t> weights) {
    std::int64_t total = 0;
    for (const std::int64_t weight : weights) total += weight;
    assert(total > 0);
    std::int64_t ticket = between(0, total - 1);
    for (std::size_t index = 0; index < weights.size(); ++index) {
      if (ticket < weights[index]) return index;
      ticket -= weights[index];
    }
    return weights.size() - 1;
  }

 private:
  static std::uint64_t rotate_left(std::uint64_t value, int bits) {
    return (value << bits) | (value >> (64 - bits));
  }
  static std::uint64_t splitmix64(std::uint64_t& state) {
    state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t mixed = state;
    mixed = (mixed ^ (mixed >> 30)) * 0xbf58476d1ce4e5b9ULL;
    mixed = (mixed ^ (mixed >> 27)) * 0x94d049bb133111ebULL;
    return mixed ^ (mixed >> 31);
  }

  std::uint64_t state_[4] = {};
};

}  // namespace jifen::tools
