#include "storage/commit_journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <initializer_list>

#include "storage/lmdb_internal.hpp"

namespace jifen::storage {
namespace {

using detail::read_all;
using detail::write_all;

// A checkpoint slot: magic (8) | pages length (u32 BE) | CRC-32 (u32 BE) of everything after it | generation
// (u64 BE) | txnid (u64 BE) | tree_size (u64 BE) | the meta pages.
// An entry: magic (8) | payload length (u32 BE) | CRC-32 (u32 BE) of everything after it | generation (u64 BE) |
// txnid (u64 BE) | first_seq (u64 BE) | end_seq (u64 BE) | recorded_us (i64 BE) | payload.
constexpr std::string_view kSlotMagic = "JFJCKP02";
constexpr std::string_view kMagic = "JFJRNL02";
constexpr std::string_view kFirstLayoutMagic = "JFJRNL01";  // entries from the top, no checkpoints
constexpr std::size_t kSlotHeaderBytes = 8 + 4 + 4 + 8 + 8 + 8;
constexpr std::size_t kHeaderBytes = CommitJournal::kEntryHeaderBytes;
static_assert(kHeaderBytes == 8 + 4 + 4 + 8 + 8 + 8 + 8 + 8);
constexpr std::size_t kZeroChunkBytes = std::size_t{1} << 20;
constexpr std::size_t kPageBytes = 4096;
constexpr std::size_t kLeastCapacity = CommitJournal::kEntriesOffset + kPageBytes;  // the slots and a page of entries

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

// CRC-32 (ISO-HDLC, zlib's), which zlib computes several bytes a step: about ten times the speed of a byte-wise
// table, and a group's entry is checksummed on the writer's commit path. zlib's length argument is 32-bit, so
// longer views go in pieces (an entry is at most half the journal, but a view's size is not bounded here).
std::uint32_t crc_update(uLong crc, std::string_view bytes) {
  constexpr std::size_t kPieceBytes = std::size_t{1} << 30;
  for (std::size_t offset = 0; offset < bytes.size(); offset += kPieceBytes) {
    const std::size_t length = std::min(kPieceBytes, bytes.size() - offset);
    crc = ::crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + offset), static_cast<uInt>(length));
  }
  return static_cast<std::uint32_t>(crc);
}

std::uint32_t crc_of(std::string_view header_tail, std::string_view payload) {
  return crc_update(crc_update(::crc32(0, nullptr, 0), header_tail), payload);
}

// An entry or a checkpoint slot as written: magic | payload length (u32) | CRC-32 (u32) of the fields and the
// payload | the fields (u64 each) | payload.
std::string framed(std::string_view magic, std::initializer_list<std::uint64_t> fields, std::string_view payload) {
  std::string bytes;
  bytes.reserve(magic.size() + 8 + 8 * fields.size() + payload.size());
  bytes.append(magic);
  put_u32(bytes, static_cast<std::uint32_t>(payload.size()));
  put_u32(bytes, 0);  // the CRC, below
  for (const std::uint64_t field : fields) put_u64(bytes, field);
  const std::uint32_t crc = crc_of(std::string_view(bytes).substr(16), payload);
  for (int i = 0; i < 4; ++i) bytes[12 + i] = static_cast<char>((crc >> (24 - 8 * i)) & 0xff);
  bytes.append(payload);
  return bytes;
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
      if (capacity_bytes < kLeastCapacity || !preallocate(fd, capacity_bytes) ||
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
    if (::fstat(fd, &held) != 0 || held.st_size < static_cast<off_t>(kLeastCapacity)) {
      ::close(fd);
      return Status::io_error;
    }
    if (::stat(path.c_str(), &named) != 0 || named.st_ino != held.st_ino || named.st_dev != held.st_dev) {
      ::close(fd);  // replaced by another process's file meanwhile
      continue;
    }
    std::string top;
    if (!read_all(fd, top, kFirstLayoutMagic.size(), 0)) {
      ::close(fd);
      return Status::io_error;
    }
    if (top == kFirstLayoutMagic) {  // an older jifen's journal, left by a crash: its entries must not be lost
      ::close(fd);
      return Status::corrupted;
    }
    std::unique_ptr<CommitJournal> journal(new CommitJournal(fd, static_cast<std::size_t>(held.st_size)));
    auto newest = journal->newest_slot();
    if (!newest) return newest.error();
    if (*newest) journal->generation_ = journal->append_generation_ = (*newest)->generation;
    return journal;
  }
  return Status::busy;
}

Result<bool> CommitJournal::left_unrecovered(const std::filesystem::path& dir) {
  const int fd = ::open((dir / std::string(kFileName)).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? Result<bool>(false) : Result<bool>(Status::io_error);
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) return false;  // held: a jifend works from it
    return Status::io_error;
  }
  struct stat held {};
  if (::fstat(fd, &held) != 0 || held.st_size < static_cast<off_t>(kLeastCapacity)) {
    ::close(fd);
    return false;  // not a journal of this layout: a read-write open says what it is
  }
  CommitJournal journal(fd, static_cast<std::size_t>(held.st_size));  // closes fd, and with it the lock
  auto newest = journal.checkpoint();
  if (!newest) return newest.error();
  return newest->has_value();
}

CommitJournal::~CommitJournal() {
  if (fd_ >= 0) ::close(fd_);  // also releases the lock
}

Result<std::optional<JournalCheckpoint>> CommitJournal::checkpoint() const {
  auto newest = newest_slot();
  if (!newest) return newest.error();
  if (*newest && (*newest)->meta_pages.empty()) return std::optional<JournalCheckpoint>{};  // cleared
  return newest;
}

Result<std::optional<JournalCheckpoint>> CommitJournal::newest_slot() const {
  std::optional<JournalCheckpoint> newest;
  std::string header;
  for (std::size_t slot = 0; slot < 2; ++slot) {
    const std::size_t offset = slot * kSlotBytes;
    if (!read_all(fd_, header, kSlotHeaderBytes, offset)) return Status::io_error;
    if (std::string_view(header).substr(0, kSlotMagic.size()) != kSlotMagic) continue;
    const std::size_t length = get_be(header, 8, 4);
    if (length > kSlotBytes - kSlotHeaderBytes) continue;
    JournalCheckpoint found;
    found.generation = get_be(header, 16, 8);
    found.txnid = get_be(header, 24, 8);
    found.tree_size = get_be(header, 32, 8);
    if (!read_all(fd_, found.meta_pages, length, offset + kSlotHeaderBytes)) return Status::io_error;
    if (crc_of(std::string_view(header).substr(16), found.meta_pages) != get_be(header, 12, 4)) continue;  // torn
    if (!newest || found.generation > newest->generation) newest = std::move(found);
  }
  return newest;
}

std::size_t CommitJournal::region_start(std::uint64_t generation) const {
  return kEntriesOffset + static_cast<std::size_t>(generation % 2) * region_bytes();
}

Result<std::vector<JournalEntry>> CommitJournal::entries() const {
  std::vector<JournalEntry> found;
  auto newest = newest_slot();
  if (!newest) return newest.error();
  if (!*newest || (*newest)->meta_pages.empty()) return found;  // none, or cleared
  std::string header;
  // The newest checkpoint's generation, then the next one's if a checkpoint after it was begun (the entries
  // since its read transaction, written while the data file was being flushed for it).
  for (const std::uint64_t generation : {(*newest)->generation, (*newest)->generation + 1}) {
    std::size_t offset = region_start(generation);
    const std::size_t end = offset + region_bytes();
    while (offset + kHeaderBytes <= end) {
      if (!read_all(fd_, header, kHeaderBytes, offset)) return Status::io_error;
      if (std::string_view(header).substr(0, kMagic.size()) != kMagic) break;
      const std::size_t length = get_be(header, 8, 4);
      if (length > end - offset - kHeaderBytes) break;
      if (get_be(header, 16, 8) != generation) break;  // left from an earlier generation
      JournalEntry entry;
      entry.txnid = get_be(header, 24, 8);
      entry.first_seq = get_be(header, 32, 8);
      entry.end_seq = get_be(header, 40, 8);
      entry.recorded_us = static_cast<std::int64_t>(get_be(header, 48, 8));
      if (!read_all(fd_, entry.payload, length, offset + kHeaderBytes)) return Status::io_error;
      if (crc_of(std::string_view(header).substr(16), entry.payload) != get_be(header, 12, 4)) break;
      if (entry.end_seq < entry.first_seq) break;
      if (!found.empty() && entry.first_seq < found.back().end_seq) break;
      offset += kHeaderBytes + length;
      found.push_back(std::move(entry));
    }
  }
  return found;
}

bool CommitJournal::fits(std::size_t payload_bytes) const {
  return payload_bytes <= region_bytes() &&
         offset_ + kHeaderBytes + payload_bytes <= region_start(append_generation_) + region_bytes();
}

Status CommitJournal::append(const JournalEntry& entry) {
  if (!appendable_ || !fits(entry.payload.size())) return Status::invalid;
  const std::string bytes = framed(kMagic,
                                   {append_generation_, entry.txnid, entry.first_seq, entry.end_seq,
                                    static_cast<std::uint64_t>(entry.recorded_us)},
                                   entry.payload);
  // Over preallocated, written blocks: the flush carries the entry and no metadata.
  if (!write_all(fd_, bytes, offset_) || ::fdatasync(fd_) != 0) return Status::io_error;
  offset_ += bytes.size();
  return Status::ok;
}

Status CommitJournal::begin_checkpoint() {
  if (checkpoint_begun()) return Status::invalid;
  // The region of two generations back: the newest checkpoint no longer needs what it holds.
  append_generation_ = generation_ + 1;
  offset_ = region_start(append_generation_);
  appendable_ = true;
  return Status::ok;
}

Status CommitJournal::write_checkpoint(std::uint64_t txnid, std::uint64_t tree_size, std::string_view meta_pages) {
  if (!checkpoint_begun() || meta_pages.size() > kSlotBytes - kSlotHeaderBytes) return Status::invalid;
  const std::uint64_t generation = append_generation_;
  const std::string bytes = framed(kSlotMagic, {generation, txnid, tree_size}, meta_pages);
  // The slot the newest checkpoint is not in: a torn write leaves that one whole.
  if (!write_all(fd_, bytes, (generation % 2) * kSlotBytes) || ::fdatasync(fd_) != 0) return Status::io_error;
  generation_ = generation;
  return Status::ok;
}

Status CommitJournal::clear() {
  // A checkpoint without meta pages: nothing to restore, no entry read. Generations go on, so that no entry
  // written before it comes back after a later checkpoint.
  if (!checkpoint_begun()) {
    const Status begun = begin_checkpoint();
    if (begun != Status::ok) return begun;
  }
  const Status written = write_checkpoint(0, 0, {});
  appendable_ = false;
  return written;
}

}  // namespace jifen::storage
