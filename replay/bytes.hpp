// A small deterministic binary encoding for projection values: fixed-width big-endian integers and
// length-prefixed strings. The same state always encodes to the same bytes, which is what lets a rebuilt
// projection be compared with the live one byte for byte.
//
// Thread contract: a ByteWriter or ByteReader belongs to one thread.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace jifen::replay {

class ByteWriter {
 public:
  // Room for a typical projection value up front: one allocation instead of a string doubling its way up.
  static constexpr std::size_t kInitialBytes = 128;
  ByteWriter() { out_.reserve(kInitialBytes); }
  void u8(std::uint8_t value) { out_.push_back(static_cast<char>(value)); }
  void u32(std::uint32_t value);
  void u64(std::uint64_t value);
  void i64(std::int64_t value) { u64(static_cast<std::uint64_t>(value)); }
  void i32(std::int32_t value) { u32(static_cast<std::uint32_t>(value)); }
  void boolean(bool value) { u8(value ? 1 : 0); }
  void str(std::string_view value);
  void digest(const std::array<std::uint8_t, 32>& value);  // the 32 bytes as they are, no length
  const std::string& bytes() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Thrown when a stored value does not decode: the projection is corrupt (or of another format version).
class CorruptValue : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  std::uint8_t u8();
  std::uint32_t u32();
  std::uint64_t u64();
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
  bool boolean();
  std::string str();
  std::array<std::uint8_t, 32> digest();
  bool done() const { return position_ == in_.size(); }
  // REQUIRES: the whole value was read. Trailing bytes mean a format mismatch.
  void expect_done() const;

 private:
  void need(std::size_t bytes) const;
  std::string_view in_;
  std::size_t position_ = 0;
};

}  // namespace jifen::replay
