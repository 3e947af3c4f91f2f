// The table check: the party returns a digest for the tabled draft, and the
// same one when the same draft is tabled again — the coordinator re-tables
// after a party restarts and names the draft by that digest from then on.
// And it keeps its word on variants: tabled under a variant it does not list
// in Describe, it refuses with INVALID_ARGUMENT — unless Describe set
// baseline_for_other_variants, when it takes the draft (under its baseline).
// The coordinator decides from Describe which variants to table with a
// party, so a party that says one thing and does another misleads it.
#include "absl/strings/str_cat.h"
#include "clients/concert/conformance/checks.h"
#include "clients/concert/conformance/problem_list.h"

namespace concert::conformance {
namespace {

// What is wrong with how the party takes `request`, tabled under a variant
// it does not list (empty: nothing).
std::string JudgeUnservedVariant(PartyClient& client,
                                 const v1::TableRequest& request,
                                 bool baseline_for_other_variants) {
  const std::string what = absl::StrCat(
      "Table under variant '", request.variant(), "', which Describe ");
  v1::TableResponse response;
  const grpc::Status status = client.Table(request, &response);
  if (baseline_for_other_variants) {
    if (!status.ok()) {
      return absl::StrCat(what,
                          "does not list but takes as the baseline "
                          "(baseline_for_other_variants is set): ",
                          StatusText(status), " instead of a digest");
    }
    if (response.draft_digest().empty()) {
      return absl::StrCat(what,
                          "does not list but takes as the baseline: an "
                          "empty draft_digest");
    }
    return "";
  }
  if (status.ok()) {
    return absl::StrCat(
        what,
        "does not list (and baseline_for_other_variants is not set): "
        "answered a digest instead of INVALID_ARGUMENT (list the variant in "
        "Describe.variants, set baseline_for_other_variants, or refuse it)");
  }
  if (status.error_code() != grpc::StatusCode::INVALID_ARGUMENT) {
    return absl::StrCat(what, "does not list: ", StatusText(status),
                        ", expected INVALID_ARGUMENT");
  }
  return "";
}

}  // namespace

CheckResult CheckTable(PartyClient& client, const v1::TableRequest& request,
                       const std::optional<v1::DescribeResponse>& described,
                       const std::string& unserved_variant,
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

  ProblemList problems;
  v1::TableResponse again;
  status = client.Table(request, &again);
  if (!status.ok()) {
    problems.Add(
        absl::StrCat("tabling the same draft again: ", StatusText(status)));
  } else if (again.draft_digest() != first.draft_digest()) {
    problems.Add(absl::StrCat(
        "the digest is not stable: tabling the same request twice gave '",
        first.draft_digest(), "' then '", again.draft_digest(), "'"));
  }

  std::string variant_note;
  if (!described.has_value()) {
    variant_note =
        "; variants not checked (Describe did not answer, so the variants "
        "the party serves are unknown)";
  } else {
    v1::TableRequest unserved = request;
    unserved.set_variant(unserved_variant);
    std::string wrong = JudgeUnservedVariant(
        client, unserved, described->baseline_for_other_variants());
    if (!wrong.empty()) problems.Add(std::move(wrong));
    variant_note = described->baseline_for_other_variants()
                       ? absl::StrCat("; variant '", unserved_variant,
                                      "' taken as the baseline")
                       : absl::StrCat("; variant '", unserved_variant,
                                      "' refused (INVALID_ARGUMENT)");
  }

  if (!problems.empty()) return Fail(kTable, problems.Summary());
  return Pass(kTable, absl::StrCat("draft '", request.draft().id(),
                                   "' tabled twice, same digest '",
                                   first.draft_digest().substr(0, 12), "...'",
                                   variant_note));
}

}  // namespace concert::conformance
