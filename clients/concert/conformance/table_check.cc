// The table check: the party returns a digest for the tabled draft, and the
// same one when the same draft is tabled again — the coordinator re-tables
// after a party restarts and names the draft by that digest from then on.
#include "absl/strings/str_cat.h"
#include "clients/concert/conformance/checks.h"

namespace concert::conformance {

CheckResult CheckTable(PartyClient& client, const v1::TableRequest& request,
                       std::string* digest) {
  digest->clear();
  v1::TableResponse first;
  grpc::Status status = client.Table(request, &first);
  if (!status.ok()) {
    return Fail(kTable, absl::StrCat("Table of draft '", request.draft().id(),
                                     "': ", StatusText(status)));
  }
  if (first.draft_digest().empty()) {
    return Fail(kTable, absl::StrCat("Table of draft '", request.draft().id(),
                                     "' returned an empty draft_digest"));
  }
  *digest = first.draft_digest();
  v1::TableResponse again;
  status = client.Table(request, &again);
  if (!status.ok()) {
    return Fail(kTable, absl::StrCat("tabling the same draft again: ",
                                     StatusText(status)));
  }
  if (again.draft_digest() != first.draft_digest()) {
    return Fail(kTable,
                absl::StrCat("the digest is not stable: tabling the same "
                             "request twice gave '",
                             first.draft_digest(), "' then '",
                             again.draft_digest(), "'"));
  }
  return Pass(kTable, absl::StrCat("draft '", request.draft().id(),
                                   "' tabled twice, same digest '",
                                   first.draft_digest().substr(0, 12), "...'"));
}

}  // namespace concert::conformance
