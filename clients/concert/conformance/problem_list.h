// What a check found wrong, kept short enough for one line: the first few
// problems in full, then how many more there were.
#ifndef CONCERT_CLIENTS_CONCERT_CONFORMANCE_PROBLEM_LIST_H_
#define CONCERT_CLIENTS_CONCERT_CONFORMANCE_PROBLEM_LIST_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace concert::conformance {

class ProblemList {
 public:
  void Add(std::string problem) {
    if (shown_.size() < kShown) shown_.push_back(std::move(problem));
    ++count_;
  }
  bool empty() const { return count_ == 0; }
  int count() const { return count_; }
  // "first; second; third (and 4 more)".
  std::string Summary() const {
    std::string out = absl::StrJoin(shown_, "; ");
    if (count_ > static_cast<int>(shown_.size())) {
      absl::StrAppend(&out, " (and ", count_ - static_cast<int>(shown_.size()),
                      " more)");
    }
    return out;
  }

 private:
  static constexpr std::size_t kShown = 3;
  std::vector<std::string> shown_;
  int count_ = 0;
};

}  // namespace concert::conformance

#endif  // CONCERT_CLIENTS_CONCERT_CONFORMANCE_PROBLEM_LIST_H_
