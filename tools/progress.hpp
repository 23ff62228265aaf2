// A progress bar on stderr for long runs (rebuild, verify, export), drawn only when stderr is a terminal so
// that logs and pipes stay clean. Its operator() matches replay::Progress.
//
// One bar belongs to one thread at a time; redraws at most once per percent.
#pragma once

#include <cstdint>
#include <string>

namespace jifen::tools {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void operator()(std::uint64_t done, std::uint64_t total);
  // Ends the bar's line (called by the destructor too).
  void finish();

 private:
  std::string label_;
  bool enabled_ = false;
  bool drawn_ = false;
  std::int64_t last_percent_ = -1;
};

}  // namespace jifen::tools
