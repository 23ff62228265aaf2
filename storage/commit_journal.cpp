#include "storage/commit_journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/crc.hpp>
#include <cerrno>

#include "storage/lmdb_internal.hpp"

namespace jifen::storage {
namespace {

// An entry: magic (8) | payload length (u32 BE) | CRC-32 (u32 BE) of everything after it | first_seq (u64 BE)
// | end_seq (u64 BE) | recorded_us (i64 BE) | payload.
constexpr std::string_view kMagic = "JFJRNL01";
constexpr std::size_t kHeaderBytes = CommitJournal::kEntryHeaderBytes;
static_assert(kHeaderBytes == 8 + 4 + 4 + 8 + 8 + 8);
constexpr std::size_t kZeroChunkBytes = std::size_t{1} << 20;
constexpr std::size_t kPageBytes = 4096;

void put_u32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xff));
}
void put_u64(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xff));
}
std::uint64_t get_be(std::string_view bytes, std::size_t offset, std::size_t width) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[offset + i]);
  return value;
}

std::uint32_t crc_of(std::string_view header_tail, std::string_view payload) {
  boost::crc_32_type crc;
  crc.process_bytes(header_tail.data(), header_tail.size());
  crc.process_bytes(payload.data(), payload.size());
  return crc.checksum();
}

bool write_all(int fd, std::string_view bytes, std::size_t offset) {
  while (!bytes.empty()) {
    const ssize_t written = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(written));
    offset += static_cast<std::size_t>(written);
  }
  return true;
}

bool read_all(int fd, std::string& out, std::size_t length, std::size_t offset) {
  out.resize(length);
  std::size_t done = 0;
  while (done < length) {
    const ssize_t got = ::pread(fd, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    done += static_cast<std::size_t>(got);
  }
  return true;
}

// Writes `capacity` bytes of zeros (real blocks, not a hole or unwritten extents: overwriting them later
// changes no metadata) and flushes them.
bool preallocate(int fd, std::size_t capacity) {
  const std::string zeros(kZeroChunkBytes, '\0');
  for (std::size_t offset = 0; offset < capacity; offset += zeros.size()) {
    const std::size_t length = std::min(zeros.size(), capacity - offset);
    if (!write_all(fd, std::string_view(zeros).substr(0, length), offset)) return false;
  }
  return ::fdatasync(fd) == 0;
}

}  // namespace

Result<std::unique_ptr<CommitJournal>> CommitJournal::open(const std::filesystem::path& dir, bool create,
                                                           std::size_t capacity_bytes) {
  const std::filesystem::path path = dir / std::string(kFileName);
  // Two processes may make the file at once: each makes its own under a temporary name and renames it into
  // place, so the name always holds a whole file; whoever then locks a file the name no longer holds tries again.
  for (int attempt = 0; attempt < 3; ++attempt) {
    int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
      if (!create) return Status::not_found;
      const std::filesystem::path partial = dir / (std::string(kFileName) + ".partial." + std::to_string(::getpid()));
      fd = ::open(partial.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (fd < 0) return Status::io_error;
      if (capacity_bytes < kPageBytes + kHeaderBytes || !preallocate(fd, capacity_bytes) ||
          ::rename(partial.c_str(), path.c_str()) != 0 || !detail::sync_path(dir, O_RDONLY | O_DIRECTORY)) {
        ::close(fd);
        ::unlink(partial.c_str());
        return Status::io_error;
      }
    }
    if (fd < 0) return Status::io_error;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(fd);
      return error == EWOULDBLOCK ? Status::busy : Status::io_error;
    }
    struct stat held {};
    struct stat named {};
    if (::fstat(fd, &held) != 0 || held.st_size < static_cast<off_t>(kPageBytes + kHeaderBytes)) {
      ::close(fd);
      return Status::io_error;
    }
    if (::stat(path.c_str(), &named) != 0 || named.st_ino != held.st_ino || named.st_dev != held.st_dev) {
      ::close(fd);  // replaced by another process's file meanwhile
      continue;
    }
    return std::unique_ptr<CommitJournal>(new CommitJournal(fd, static_cast<std::size_t>(held.st_size)));
  }
  return Status::busy;
}

CommitJournal::~CommitJournal() {
  if (fd_ >= 0) ::close(fd_);  // also releases the lock
}

Result<std::vector<JournalEntry>> CommitJournal::entries() const {
  std::vector<JournalEntry> found;
  std::size_t offset = 0;
  std::string header;
  while (offset + kHeaderBytes <= capacity_) {
    if (!read_all(fd_, header, kHeaderBytes, offset)) return Status::io_error;
    if (std::string_view(header).substr(0, kMagic.size()) != kMagic) break;
    const std::size_t length = get_be(header, 8, 4);
    if (length > capacity_ - offset - kHeaderBytes) break;
    JournalEntry entry;
    entry.first_seq = get_be(header, 16, 8);
    entry.end_seq = get_be(header, 24, 8);
    entry.recorded_us = static_cast<std::int64_t>(get_be(header, 32, 8));
    if (!read_all(fd_, entry.payload, length, offset + kHeaderBytes)) return Status::io_error;
    if (crc_of(std::string_view(header).substr(16), entry.payload) != get_be(header, 12, 4)) break;
    if (entry.end_seq < entry.first_seq) break;
    if (!found.empty() && entry.first_seq < found.back().end_seq) break;  // left from before the last reset
    offset += kHeaderBytes + length;
    found.push_back(std::move(entry));
  }
  return found;
}

bool CommitJournal::fits(std::size_t payload_bytes) const {
  return payload_bytes <= capacity_ && offset_ + kHeaderBytes + payload_bytes <= capacity_;
}

Status CommitJournal::append(const JournalEntry& entry) {
  if (!fits(entry.payload.size())) return Status::invalid;
  std::string bytes;
  bytes.reserve(kHeaderBytes + entry.payload.size());
  bytes.append(kMagic);
  put_u32(bytes, static_cast<std::uint32_t>(entry.payload.size()));
  put_u32(bytes, 0);  // the CRC, below
  put_u64(bytes, entry.first_seq);
  put_u64(bytes, entry.end_seq);
  put_u64(bytes, static_cast<std::uint64_t>(entry.recorded_us));
  const std::uint32_t crc = crc_of(std::string_view(bytes).substr(16), entry.payload);
  for (int i = 0; i < 4; ++i) bytes[12 + i] = static_cast<char>((crc >> (24 - 8 * i)) & 0xff);
  bytes.append(entry.payload);
  if (!write_all(fd_, bytes, offset_)) return Status::io_error;
  // Written and on the disk, not flushed from its cache: the commit's fdatasync that follows does that.
  constexpr unsigned kFlags = SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER;
  if (::sync_file_range(fd_, static_cast<off_t>(offset_), static_cast<off_t>(bytes.size()), kFlags) != 0) {
    return Status::io_error;
  }
  offset_ += bytes.size();
  return Status::ok;
}

Status CommitJournal::reset() {
  const std::string zeros(kPageBytes, '\0');
  if (!write_all(fd_, zeros, 0) || ::fdatasync(fd_) != 0) return Status::io_error;
  offset_ = 0;
  return Status::ok;
}

}  // namespace jifen::storage
