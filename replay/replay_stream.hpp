// ReplayStream: the records of a range of the log, decoded for replay on a thread of its own while the caller
// applies them. Rebuild (Ledger::rebuild) and the as_of fold from seq 0 spend about as long decoding each record
// (its leaf, its JSON data) as applying it; on two cores the two halves overlap. A fold resumed from a snapshot
// does not use it: there applying bounds the work, and the hand-over cost more than it saved
// (docs/PERFORMANCE.md).
//
// Thread contract: one consumer thread calls next(); the stream owns its decoding thread, which reads the log
// through Ledger::visit_records (a read transaction per batch) and touches nothing else. The destructor stops
// and joins it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "replay/record.hpp"

namespace jifen::replay {

class Ledger;

struct ReplayedRecord {
  std::uint64_t seq = 0;
  ReplayedEvent replayed;
};

class ReplayStream {
 public:
  static constexpr std::size_t kBatchRecords = 1024;
  static constexpr std::size_t kBatchesAhead = 4;  // decoded and not yet taken: bounds the memory held

  // Starts decoding the records from `from_seq` up to `to_seq` (exclusive). `ledger` outlives the stream.
  ReplayStream(const Ledger& ledger, std::uint64_t from_seq, std::uint64_t to_seq);
  ~ReplayStream();
  ReplayStream(const ReplayStream&) = delete;
  ReplayStream& operator=(const ReplayStream&) = delete;

  // Replaces `batch` with the next records, in seq order without gaps. False when the range has been handed
  // out whole, or the log ended before its end (the caller sees that from the last seq it got). Rethrows
  // what decoding threw (a record that does not decode: std::runtime_error naming its seq).
  bool next(std::vector<ReplayedRecord>& batch);

 private:
  void run(const Ledger& ledger);

  const std::uint64_t from_seq_;
  const std::uint64_t to_seq_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<ReplayedRecord>> ready_;  // guarded by mutex_
  std::vector<ReplayedRecord> spare_;              // a taken batch handed back for its capacity; guarded
  bool finished_ = false;                          // guarded: the thread has pushed its last batch
  bool stopping_ = false;                          // guarded: the destructor runs
  std::exception_ptr error_;                       // guarded
  std::thread thread_;                             // last: started once the members above exist
};

}  // namespace jifen::replay
