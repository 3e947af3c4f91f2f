// A problem found in a scenario or draft file: a syntax error or a validation
// failure, with enough context (file, line, the object at fault) for a user
// to find and fix it without reading the validator.
#ifndef CONCERT_SERVICES_COMMON_PROBLEM_H_
#define CONCERT_SERVICES_COMMON_PROBLEM_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/printable.h"

namespace concert {

struct Problem {
  // File the problem is in; empty when the message was not loaded from one.
  std::string file;
  // 1-based line of the offending object; 0 when unknown.
  int line = 0;
  // 1-based column; set for syntax errors only (0 otherwise).
  int column = 0;
  // The object at fault, e.g. "proposal 'verif_mechanism'"; empty for syntax
  // errors and for problems of a whole file.
  std::string object;
  // What is wrong, e.g. "requires unknown proposal 'foo'".
  std::string message;

  // "file:line:column: message" for syntax errors, otherwise
  // "file:line: object: message"; unknown parts are left out
  // (e.g. "object: message" for a message not loaded from a file).
  std::string ToString() const {
    std::string out;
    if (!file.empty()) {
      absl::StrAppend(&out, file);
      if (line > 0) absl::StrAppend(&out, ":", line);
      if (line > 0 && column > 0) absl::StrAppend(&out, ":", column);
      absl::StrAppend(&out, ": ");
    }
    if (!object.empty()) absl::StrAppend(&out, object, ": ");
    absl::StrAppend(&out, message);
    // A problem may quote what it refuses: an id holding an escape sequence.
    return Printable(out);
  }
};

// The problems, one ToString() per line (no trailing newline).
inline std::string ProblemsToString(const std::vector<Problem>& problems) {
  return absl::StrJoin(problems, "\n", [](std::string* out, const Problem& p) {
    out->append(p.ToString());
  });
}

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_PROBLEM_H_
