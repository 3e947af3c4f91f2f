// Progress of a comparison, phase by phase: done/total, elapsed and an
// estimate of the rest, reported no more often than an interval (the last
// item of a phase always). Internal to compare.cc.
#ifndef CONCERT_SERVICES_COORDINATOR_COMPARE_PROGRESS_H_
#define CONCERT_SERVICES_COORDINATOR_COMPARE_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>

#include "services/coordinator/compare/compare.h"

namespace concert::coordinator {

class CompareProgress {
 public:
  CompareProgress(const CompareProgressFn& report, std::int64_t interval_ms);

  // Starts a phase of `total` items.
  void Begin(const std::string& phase, std::uint64_t total);
  // `done` items of the phase are done; working on `item`. False when the
  // callback asked to cancel.
  bool Update(std::uint64_t done, const std::string& item);

 private:
  using Clock = std::chrono::steady_clock;

  const CompareProgressFn& report_;
  std::chrono::milliseconds interval_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point phase_start_ = start_;
  Clock::time_point last_ = start_;
  std::string phase_;
  std::uint64_t total_ = 0;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_COMPARE_PROGRESS_H_
