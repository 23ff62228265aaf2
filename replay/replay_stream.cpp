// ReplayStream: see replay_stream.hpp.
#include "replay/replay_stream.hpp"

#include <algorithm>
#include <utility>

#include "replay/ledger.hpp"

namespace jifen::replay {

ReplayStream::ReplayStream(const Ledger& ledger, std::uint64_t from_seq, std::uint64_t to_seq)
    : from_seq_(from_seq), to_seq_(to_seq), thread_([this, &ledger] { run(ledger); }) {}

ReplayStream::~ReplayStream() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

bool ReplayStream::next(std::vector<ReplayedRecord>& batch) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return !ready_.empty() || finished_; });
  if (ready_.empty()) {
    if (error_) std::rethrow_exception(error_);
    return false;
  }
  spare_ = std::exchange(batch, std::move(ready_.front()));
  ready_.pop_front();
  lock.unlock();
  changed_.notify_all();
  return true;
}

void ReplayStream::run(const Ledger& ledger) {
  domain::EventDecoder decoder;
  std::vector<ReplayedRecord> batch;
  try {
    for (std::uint64_t next = from_seq_; next < to_seq_;) {
      batch.clear();
      batch.reserve(kBatchRecords);
      const std::uint64_t end = std::min<std::uint64_t>(to_seq_, next + kBatchRecords);
      const std::uint64_t visited =
          ledger.visit_records(next, end, [&batch, &decoder](std::uint64_t seq, std::string_view leaf, std::string_view data) {
            batch.push_back({seq, replay_event(seq, leaf, data, decoder)});
          });
      if (visited == 0) break;  // the log ends here
      next += visited;
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return ready_.size() < kBatchesAhead || stopping_; });
      if (stopping_) return;
      ready_.push_back(std::exchange(batch, std::move(spare_)));  // batch: a taken one, cleared above next time
      lock.unlock();
      changed_.notify_all();
    }
  } catch (...) {
    std::lock_guard lock(mutex_);
    error_ = std::current_exception();
  }
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
  }
  changed_.notify_all();
}

}  // namespace jifen::replay
