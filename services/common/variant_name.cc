#include "services/common/variant_name.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/suggest.h"

namespace concert {

bool IsBaselineVariant(absl::string_view name) {
  return name.empty() || name == kBaselineVariant;
}

std::string CanonicalVariant(absl::string_view name) {
  return IsBaselineVariant(name) ? "" : std::string(name);
}

std::string UnknownVariantMessage(absl::string_view name,
                                  const std::vector<std::string>& known) {
  std::vector<std::string> valid = {kBaselineVariant};
  for (const std::string& v : known) {
    if (!IsBaselineVariant(v)) valid.push_back(v);
  }
  return absl::StrCat("unknown variant '", name, "'", DidYouMean(name, valid),
                      "; valid variants: ", absl::StrJoin(valid, ", "));
}

absl::StatusOr<const v1::Variant*> FindScenarioVariant(
    const v1::Scenario& scenario, absl::string_view name) {
  if (IsBaselineVariant(name)) return nullptr;
  std::vector<std::string> known;
  for (const v1::Variant& v : scenario.variants()) {
    if (v.name() == name) return &v;
    known.push_back(v.name());
  }
  return absl::InvalidArgumentError(absl::StrCat(
      UnknownVariantMessage(name, known), " (scenario '", scenario.id(), "')"));
}

}  // namespace concert
