#include "tests/distributed/comparable_json.h"

#include <set>

#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"

namespace concert::testing {
namespace {

using ::google::protobuf::Value;

// The fields that name, time or place one run rather than describe its
// result (a party's address is where this deployment reached it).
const std::set<std::string>& RunSpecific() {
  static const auto* keys = new std::set<std::string>{
      "session_id", "exploration_id", "comparison_id",        "elapsed_ms",
      "latency_us", "attempts",       "questions_per_second", "address"};
  return *keys;
}

void Strip(Value* value) {
  if (value->has_struct_value()) {
    auto* fields = value->mutable_struct_value()->mutable_fields();
    for (const std::string& key : RunSpecific()) fields->erase(key);
    for (auto& [key, field] : *fields) Strip(&field);
  } else if (value->has_list_value()) {
    for (Value& item : *value->mutable_list_value()->mutable_values()) {
      Strip(&item);
    }
  }
}

}  // namespace

std::string JsonDifference(const std::string& a, const std::string& b) {
  Value parsed[2];
  const std::string* texts[2] = {&a, &b};
  for (int i = 0; i < 2; ++i) {
    const auto status =
        google::protobuf::util::JsonStringToMessage(*texts[i], &parsed[i]);
    if (!status.ok()) {
      return std::string(i == 0 ? "first" : "second") +
             " is not JSON: " + std::string(status.message());
    }
    Strip(&parsed[i]);
  }
  std::string report;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&report);
  differencer.Compare(parsed[0], parsed[1]);
  return report;
}

}  // namespace concert::testing
