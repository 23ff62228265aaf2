#include "tools/submit_pipeline.hpp"

#include <cassert>

#include "tools/ctl_support.hpp"

namespace jifen::tools {

SubmitPipeline::SubmitPipeline(replay::Ledger& ledger, std::size_t in_flight_events_max)
    : ledger_(ledger), in_flight_events_max_(in_flight_events_max) {
  assert(in_flight_events_max_ > 0);
}

SubmitPipeline::~SubmitPipeline() { wait_all(); }

bool SubmitPipeline::submit(replay::Submission submission, std::string label) {
  const std::size_t events = submission.events.size();
  assert(events > 0);
  {
    std::unique_lock lock(mutex_);
    // A submission larger than the window goes alone.
    changed_.wait(lock, [&] {
      return failure_ || in_flight_events_ == 0 || in_flight_events_ + events <= in_flight_events_max_;
    });
    if (failure_) return false;
    in_flight_events_ += events;
    ++in_flight_submissions_;
  }
  // The callback may run at once on this thread (a refusal): no lock is held here.
  ledger_.submit(std::move(submission), [this, events, label = std::move(label)](replay::SubmitResult result) {
    completed(events, label, result);
  });
  return true;
}

void SubmitPipeline::completed(std::size_t events, const std::string& label, const replay::SubmitResult& result) {
  std::lock_guard lock(mutex_);
  assert(in_flight_events_ >= events && in_flight_submissions_ > 0);
  in_flight_events_ -= events;
  --in_flight_submissions_;
  if (result.outcome == replay::SubmitOutcome::created) {
    created_events_ += result.receipts.size();
  } else if (result.outcome == replay::SubmitOutcome::replayed) {
    replayed_events_ += result.receipts.size();
  } else if (!failure_) {
    failure_ = label + ": " + describe(result);
  }
  changed_.notify_all();
}

void SubmitPipeline::wait_all() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return in_flight_submissions_ == 0; });
}

std::uint64_t SubmitPipeline::created_events() const {
  std::lock_guard lock(mutex_);
  return created_events_;
}

std::uint64_t SubmitPipeline::replayed_events() const {
  std::lock_guard lock(mutex_);
  return replayed_events_;
}

std::optional<std::string> SubmitPipeline::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

}  // namespace jifen::tools
