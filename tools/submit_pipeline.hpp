// Keeps many Submissions in flight through Ledger::submit (so that the writer can group them into few
// commits) while bounding how many events are queued, and tallies the outcomes.
//
// Submissions enter the ledger's queue in the order submit() is called, from one thread; the ledger's
// callbacks arrive on its writer thread. wait_all() blocks until every callback has run.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "replay/ledger.hpp"

namespace jifen::tools {

class SubmitPipeline {
 public:
  // `in_flight_events_max` stays below the ledger's queue_events_max so that it never answers `overloaded`.
  SubmitPipeline(replay::Ledger& ledger, std::size_t in_flight_events_max);
  ~SubmitPipeline();  // waits for what is in flight
  SubmitPipeline(const SubmitPipeline&) = delete;
  SubmitPipeline& operator=(const SubmitPipeline&) = delete;

  // Blocks while the window is full. `label` names the submission in a failure message.
  // Returns false (and submits nothing) once some submission has failed.
  bool submit(replay::Submission submission, std::string label);
  void wait_all();

  std::uint64_t created_events() const;
  std::uint64_t replayed_events() const;
  // The first failure: "label: outcome: detail".
  std::optional<std::string> failure() const;

 private:
  void completed(std::size_t events, const std::string& label, const replay::SubmitResult& result);

  replay::Ledger& ledger_;
  const std::size_t in_flight_events_max_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t in_flight_events_ = 0;
  std::size_t in_flight_submissions_ = 0;
  std::uint64_t created_events_ = 0;
  std::uint64_t replayed_events_ = 0;
  std::optional<std::string> failure_;
};

}  // namespace jifen::tools
