#include "services/coordinator/compare/progress.h"

namespace concert::coordinator {

CompareProgress::CompareProgress(const CompareProgressFn& report,
                                 std::int64_t interval_ms)
    : report_(report), interval_(interval_ms) {}

void CompareProgress::Begin(const std::string& phase, std::uint64_t total) {
  phase_ = phase;
  total_ = total;
  phase_start_ = Clock::now();
  last_ = Clock::time_point{};
  Update(0, "");
}

bool CompareProgress::Update(std::uint64_t done, const std::string& item) {
  if (!report_) return true;
  const Clock::time_point now = Clock::now();
  if (done < total_ && done > 0 && now - last_ < interval_) return true;
  last_ = now;
  const auto ms = [](Clock::duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  v1::CompareProgress p;
  p.set_phase(phase_);
  p.set_done(done);
  p.set_total(total_);
  p.set_elapsed_ms(ms(now - start_));
  if (done > 0 && done < total_) {
    const double per_item = static_cast<double>(ms(now - phase_start_)) / done;
    p.set_eta_ms(static_cast<std::int64_t>(per_item * (total_ - done)));
  }
  p.set_item(item);
  return report_(p);
}

}  // namespace concert::coordinator
