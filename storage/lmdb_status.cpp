// Names, status mapping, errors and the big-endian key encoding shared by every store.

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "storage/lmdb_internal.hpp"

namespace jifen::storage {

std::string_view to_string(Status status) {
  switch (status) {
    case Status::ok: return "ok";
    case Status::not_found: return "not_found";
    case Status::key_exists: return "key_exists";
    case Status::map_full: return "map_full";
    case Status::readers_full: return "readers_full";
    case Status::read_only: return "read_only";
    case Status::io_error: return "io_error";
    case Status::corrupted: return "corrupted";
    case Status::invalid: return "invalid";
    case Status::busy: return "busy";
  }
  return "unknown";
}

std::string_view to_string(Db db) {
  // These names are the LMDB database names on disk: never rename one.
  switch (db) {
    case Db::log: return "log";
    case Db::merkle: return "merkle";
    case Db::by_enterprise: return "by_enterprise";
    case Db::idempotency: return "idempotency";
    case Db::keys: return "keys";
    case Db::meta: return "meta";
    case Db::projection_a: return "projection_a";
    case Db::projection_b: return "projection_b";
    case Db::checkpoints: return "checkpoints";
  }
  return "unknown";
}

void throw_exception_from_error(Status status, const boost::source_location& location) {
  std::string message = "storage: ";
  message += to_string(status);
  message += " at ";
  message += location.file_name();
  message += ':';
  message += std::to_string(location.line());
  message += " (";
  message += location.function_name();
  message += ')';
  throw StorageError(status, message);
}

void require_ok(Status status, std::string_view what) {
  if (status != Status::ok) throw StorageError(status, std::string(what) + ": " + std::string(to_string(status)));
}

std::string encode_u64(std::uint64_t value) {
  std::string bytes(8, '\0');
  for (std::size_t i = 0; i < 8; ++i) {
    bytes[7 - i] = static_cast<char>(static_cast<std::uint8_t>(value >> (8 * i)));
  }
  return bytes;
}

std::uint64_t decode_u64(std::string_view bytes) {
  JIFEN_STORAGE_ASSERT(bytes.size() == 8);
  std::uint64_t value = 0;
  for (const char byte : bytes) {
    value = (value << 8) | static_cast<std::uint8_t>(byte);
  }
  return value;
}

namespace detail {

void assertion_failed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "jifen storage: assertion failed: %s at %s:%d\n", condition, file, line);
  std::fflush(stderr);
  std::abort();
}

Status status_from_mdb(int mdb_result) {
  switch (mdb_result) {
    case MDB_SUCCESS: return Status::ok;
    case MDB_NOTFOUND: return Status::not_found;
    case MDB_KEYEXIST: return Status::key_exists;
    case MDB_MAP_FULL: return Status::map_full;
    case MDB_READERS_FULL: return Status::readers_full;
    case EACCES:
    case EROFS: return Status::read_only;
    case EIO:
    case ENOSPC:
    case MDB_PANIC:  // an earlier write failed inside LMDB: the state on disk is unknown
      return Status::io_error;
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_VERSION_MISMATCH:
    case MDB_INVALID: return Status::corrupted;
    default: return Status::invalid;
  }
}

void throw_mdb_error(int mdb_result, std::string_view operation, Db db) {
  std::string message(operation);
  message += " in database '";
  message += to_string(db);
  message += '\'';
  throw_mdb_error(mdb_result, message);
}

void throw_mdb_error(int mdb_result, std::string_view operation) {
  std::string message = "storage: ";
  message += operation;
  message += ": ";
  message += mdb_strerror(mdb_result);
  message += " (";
  message += to_string(status_from_mdb(mdb_result));
  message += ')';
  throw StorageError(status_from_mdb(mdb_result), message);
}

void throw_corrupted(Db db, std::string_view key, std::string_view problem) {
  std::string message = "storage: corrupted value in database '";
  message += to_string(db);
  message += "' under key \"";
  message += printable_key(key);
  message += "\": ";
  message += problem;
  throw StorageError(Status::corrupted, message);
}

std::string printable_key(std::string_view key) {
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(key.size());
  for (const char character : key) {
    const auto byte = static_cast<std::uint8_t>(character);
    if (byte >= 0x20 && byte < 0x7f && byte != '\\' && byte != '"') {
      text += character;
    } else {
      text += "\\x";
      text += kHexDigits[byte >> 4];
      text += kHexDigits[byte & 0x0f];
    }
  }
  return text;
}

}  // namespace detail
}  // namespace jifen::storage
