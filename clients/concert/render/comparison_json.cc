// The JSON of a comparison (comparison_report.h). Unlike ToJson
// (format_json.h), fields at their default are printed: a comparison is read
// side by side, and `"full_charter_reachable": false` or a robustness share
// of 0 must be there to be read, not inferred from an absence.
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/concert/render/comparison_report.h"
#include "google/protobuf/util/json_util.h"

namespace concert::cli {

absl::StatusOr<std::string> ComparisonJson(const v1::Comparison& comparison) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  const auto status =
      google::protobuf::util::MessageToJsonString(comparison, &json, options);
  if (!status.ok()) {
    // protobuf 3.21 has its own Status type; carry the text over.
    return absl::InternalError(
        absl::StrCat("cannot print the comparison as JSON: ",
                     std::string(status.message())));
  }
  if (json.empty() || json.back() != '\n') json.push_back('\n');
  return json;
}

}  // namespace concert::cli
