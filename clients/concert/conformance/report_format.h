// How `concert conformance` prints a report: one line per check ("PASS
// describe  party 'ROK', ...", "FAIL table  the digest is not stable: ...")
// and a summary, or one JSON document. Pure: no gRPC, no I/O.
#ifndef CONCERT_CLIENTS_CONCERT_CONFORMANCE_REPORT_FORMAT_H_
#define CONCERT_CLIENTS_CONCERT_CONFORMANCE_REPORT_FORMAT_H_

#include <string>

#include "clients/concert/conformance/check_result.h"
#include "clients/concert/conformance/conformance.h"

namespace concert::conformance {

// "PASS  describe           party 'ROK', ..." (the name padded so that the
// details line up); a skipped check is a PASS whose detail says "skipped".
std::string CheckLine(const CheckResult& check);

// Every check's line, then "all 8 checks passed (1 skipped)" or "2 of 8
// checks failed: table, set-memory". Ends with a newline.
std::string FormatText(const ConformanceReport& report);

// {"address", "party", "passed", "unreachable", "checks": [{"name",
// "passed", "skipped", "detail"}, ...]}, pretty-printed, ending with a
// newline.
std::string FormatJson(const ConformanceReport& report);

}  // namespace concert::conformance

#endif  // CONCERT_CLIENTS_CONCERT_CONFORMANCE_REPORT_FORMAT_H_
