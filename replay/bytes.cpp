#include "replay/bytes.hpp"

namespace jifen::replay {

void ByteWriter::u32(std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) u8(static_cast<std::uint8_t>(value >> shift));
}

void ByteWriter::u64(std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) u8(static_cast<std::uint8_t>(value >> shift));
}

void ByteWriter::str(std::string_view value) {
  u32(static_cast<std::uint32_t>(value.size()));
  out_.append(value);
}

void ByteWriter::digest(const std::array<std::uint8_t, 32>& value) {
  for (const std::uint8_t byte : value) u8(byte);
}

void ByteReader::need(std::size_t bytes) const {
  if (in_.size() - position_ < bytes) throw CorruptValue("projection value truncated");
}

std::uint8_t ByteReader::u8() {
  need(1);
  return static_cast<std::uint8_t>(in_[position_++]);
}

std::uint32_t ByteReader::u32() {
  need(4);
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<std::uint8_t>(in_[position_++]);
  return value;
}

std::uint64_t ByteReader::u64() {
  need(8);
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<std::uint8_t>(in_[position_++]);
  return value;
}

bool ByteReader::boolean() {
  const std::uint8_t value = u8();
  if (value > 1) throw CorruptValue("projection boolean out of range");
  return value == 1;
}

std::string ByteReader::str() {
  const std::uint32_t size = u32();
  need(size);
  std::string value(in_.substr(position_, size));
  position_ += size;
  return value;
}

std::array<std::uint8_t, 32> ByteReader::digest() {
  need(32);
  std::array<std::uint8_t, 32> value{};
  for (std::uint8_t& byte : value) byte = static_cast<std::uint8_t>(in_[position_++]);
  return value;
}

void ByteReader::expect_done() const {
  if (!done()) throw CorruptValue("projection value has trailing bytes");
}

}  // namespace jifen::replay
