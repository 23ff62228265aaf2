#include "tools/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <utility>

namespace jifen::tools {
namespace {

constexpr std::uint64_t kBarWidthCharacters = 40;

}  // namespace

ProgressBar::ProgressBar(std::string label) : label_(std::move(label)), enabled_(isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::operator()(std::uint64_t done, std::uint64_t total) {
  if (!enabled_) return;
  const std::uint64_t clamped = total == 0 ? 0 : (done > total ? total : done);
  const auto percent = static_cast<std::int64_t>(total == 0 ? 100 : clamped * 100 / total);
  if (percent == last_percent_) return;
  last_percent_ = percent;
  const std::uint64_t filled = total == 0 ? kBarWidthCharacters : clamped * kBarWidthCharacters / total;
  std::string bar(kBarWidthCharacters, ' ');
  for (std::uint64_t index = 0; index < filled; ++index) bar[index] = '#';
  std::fprintf(stderr, "\r%s [%s] %3lld%% %llu/%llu", label_.c_str(), bar.c_str(), static_cast<long long>(percent),
               static_cast<unsigned long long>(clamped), static_cast<unsigned long long>(total));
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (!drawn_) return;
  std::fputc('\n', stderr);
  std::fflush(stderr);
  drawn_ = false;
  last_percent_ = -1;
}

}  // namespace jifen::tools
