#include "replay/bytes.hpp"

namespace jifen::replay {

namespace {

// `value`'s `Bytes` low bytes, most significant first, appended in one go.
template <std::size_t Bytes, class Unsigned>
void append_big_endian(std::string& out, Unsigned value) {
  char bytes[Bytes];
  for (std::size_t i = 0; i < Bytes; ++i) bytes[i] = static_cast<char>(value >> (8 * (Bytes - 1 - i)));
  out.append(bytes, Bytes);
}

}  // namespace

void ByteWriter::u32(std::uint32_t value) { append_big_endian<4>(out_, value); }

void ByteWriter::u64(std::uint64_t value) { append_big_endian<8>(out_, value); }

void ByteWriter::str(std::string_view value) {
  u32(static_cast<std::uint32_t>(value.size()));
  out_.append(value);
}

void ByteWriter::digest(const std::array<std::uint8_t, 32>& value) {
  out_.append(reinterpret_cast<const char*>(value.data()), value.size());
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
