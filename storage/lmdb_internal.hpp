// Private to storage/: the glue between LMDB's C API and the types of lmdb.hpp. Only storage/*.cpp include
// this header (and through it <lmdb.h>).
//
// Thread contract: free functions without state; safe from any thread.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include <lmdb.h>

#include "storage/lmdb.hpp"

// An assertion that stays on in release builds: a broken invariant or precondition ends the process, because
// continuing could write a wrong ledger. Never reachable from user input.
#define JIFEN_STORAGE_ASSERT(condition)                                                   \
  do {                                                                                    \
    if (!(condition)) {                                                                   \
      ::jifen::storage::detail::assertion_failed(#condition, __FILE__, __LINE__);       \
    }                                                                                     \
  } while (false)

namespace jifen::storage::detail {

[[noreturn]] void assertion_failed(const char* condition, const char* file, int line);

// fsync of a file or directory (`flags`: O_RDONLY, with O_DIRECTORY for a directory); false when it cannot be
// opened or synced.
bool sync_path(const std::filesystem::path& path, int flags);

// pwrite of all of `bytes` at `offset`, and pread of `length` bytes at `offset` into `out`, going on after short
// transfers and EINTR; false on an error or at the end of the file.
bool write_all(int fd, std::string_view bytes, std::size_t offset);
bool read_all(int fd, std::string& out, std::size_t length, std::size_t offset);

// The Status for an LMDB (or errno) result code.
Status status_from_mdb(int mdb_result);

// Throws StorageError(status) naming the operation, the database and LMDB's description of `mdb_result`.
[[noreturn]] void throw_mdb_error(int mdb_result, std::string_view operation, Db db);
[[noreturn]] void throw_mdb_error(int mdb_result, std::string_view operation);

// Throws StorageError(Status::corrupted) naming the database, the key and what is wrong with the value.
[[noreturn]] void throw_corrupted(Db db, std::string_view key, std::string_view problem);

// A key rendered for a message: printable ASCII as is, other bytes as \xNN.
std::string printable_key(std::string_view key);

inline MDB_val to_mdb(std::string_view bytes) {
  // LMDB takes non-const pointers but does not write through them for keys and put values.
  return MDB_val{bytes.size(), const_cast<char*>(bytes.data())};
}

inline std::string_view from_mdb(const MDB_val& value) {
  return std::string_view(static_cast<const char*>(value.mv_data), value.mv_size);
}

}  // namespace jifen::storage::detail
