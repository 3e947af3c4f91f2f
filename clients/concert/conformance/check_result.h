// The outcome of one conformance check: its name, whether the party passed,
// whether the check did not apply (a skipped check passes: there was nothing
// to hold against the party), and a one-line detail — on a failure, what was
// wrong, specifically enough to find it in the party's code.
#ifndef CONCERT_CLIENTS_CONCERT_CONFORMANCE_CHECK_RESULT_H_
#define CONCERT_CLIENTS_CONCERT_CONFORMANCE_CHECK_RESULT_H_

#include <string>
#include <utility>

namespace concert::conformance {

struct CheckResult {
  std::string name;
  bool passed = false;
  bool skipped = false;
  std::string detail;
};

inline CheckResult Pass(std::string name, std::string detail) {
  return CheckResult{std::move(name), true, false, std::move(detail)};
}
inline CheckResult Fail(std::string name, std::string detail) {
  return CheckResult{std::move(name), false, false, std::move(detail)};
}
inline CheckResult Skip(std::string name, std::string why) {
  return CheckResult{std::move(name), true, true, std::move(why)};
}

}  // namespace concert::conformance

#endif  // CONCERT_CLIENTS_CONCERT_CONFORMANCE_CHECK_RESULT_H_
