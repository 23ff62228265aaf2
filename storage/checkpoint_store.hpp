// The checkpoint store: the signed checkpoints the log has issued, by tree size (docs/STORAGE.md
// "checkpoints"). Storage moves the note's bytes only; what a note says and who signed it is replay's.
//
// Thread contract: stateless; every call takes the transaction it works in.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "storage/lmdb.hpp"

namespace jifen::storage::checkpoint_store {

struct Entry {
  std::uint64_t tree_size = 0;
  std::string_view note;  // valid while the transaction is, and for a write transaction until its next put
};

// Stores the checkpoint of `tree_size`. key_exists when one is stored for that size already (it stays: an
// issued checkpoint is never replaced). REQUIRES: !note.empty().
Status put(WriteTxn& txn, std::uint64_t tree_size, std::string_view note);
std::optional<std::string_view> get(const ReadTxn& txn, std::uint64_t tree_size);
// The checkpoint of the largest tree size stored, if any.
std::optional<Entry> latest(const ReadTxn& txn);
// The checkpoint of the smallest stored tree size >= `tree_size`, if any.
std::optional<Entry> first_at_or_above(const ReadTxn& txn, std::uint64_t tree_size);
std::uint64_t count(const ReadTxn& txn);

}  // namespace jifen::storage::checkpoint_store
