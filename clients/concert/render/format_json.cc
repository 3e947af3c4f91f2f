#include "clients/concert/render/format_json.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace concert::cli {

absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  // Every field, false and zero included: a reader sees "replayed": false
  // and "blocked": 0 rather than having to know the defaults.
  options.always_print_primitive_fields = true;
  std::string json;
  auto status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    // protobuf 3.21 has its own Status type; carry the text over.
    return absl::InternalError(
        absl::StrCat("cannot print ", message.GetTypeName(),
                     " as JSON: ", std::string(status.message())));
  }
  if (json.empty() || json.back() != '\n') json.push_back('\n');
  return json;
}

absl::Status FromJson(absl::string_view json,
                      google::protobuf::Message* message) {
  message->Clear();
  google::protobuf::util::JsonParseOptions options;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message,
      options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid JSON for ", message->GetTypeName(), ": ",
                     std::string(status.message())));
  }
  return absl::OkStatus();
}

void AppendEvent(const v1::SessionEvent& event, v1::Session* session) {
  switch (event.event_case()) {
    case v1::SessionEvent::kStarted:
      *session->mutable_started() = event.started();
      break;
    case v1::SessionEvent::kRound:
      *session->add_rounds() = event.round();
      break;
    case v1::SessionEvent::kSummary:
      *session->mutable_summary() = event.summary();
      break;
    case v1::SessionEvent::EVENT_NOT_SET:
      break;
  }
}

}  // namespace concert::cli
