#include "clients/concert/forum/records_client.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/common/server/grpc_status.h"

namespace concert::cli {

absl::StatusOr<std::unique_ptr<ForumConnection>> OpenRecordsForum(
    const ForumFlags& flags, bool read_only) {
  if (!flags.coordinator.empty()) {
    return ForumConnection::Open(flags.coordinator, v1::Scenario(), flags.db);
  }
  auto scenario = LoadScenarioOrDefault("");
  if (!scenario.ok()) return scenario.status();
  return ForumConnection::Open("", *scenario, flags.db, read_only);
}

absl::StatusOr<v1::Record> FetchRecord(ForumConnection& forum,
                                       const std::string& id,
                                       bool include_graph) {
  v1::GetRecordRequest request;
  request.set_id(id);
  request.set_include_graph(include_graph);
  v1::Record record;
  grpc::ClientContext context;
  const grpc::Status status =
      forum.coordinator().GetRecord(&context, request, &record);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    return absl::NotFoundError("no record " + id);
  }
  if (!status.ok()) return FromGrpc(status);
  if (record.record_case() == v1::Record::RECORD_NOT_SET) {
    return absl::InternalError("the coordinator sent an empty record for " +
                               id);
  }
  return record;
}

const v1::RecordInputs& InputsOf(const v1::Record& record) {
  switch (record.record_case()) {
    case v1::Record::kSession:
      return record.session().inputs();
    case v1::Record::kExploration:
      return record.exploration().inputs();
    default:
      return v1::RecordInputs::default_instance();
  }
}

const v1::Scenario& ScenarioOf(const v1::Record& record) {
  return record.has_comparison() ? record.comparison().scenario()
                                 : InputsOf(record).scenario();
}

namespace {

// Whether two scenarios are the same forum. The addresses of the parties
// are left out: an embedded forum records the loopback ports it happened to
// get, and starts its parties on new ones anyway.
bool SameParties(const v1::Scenario& a, const v1::Scenario& b) {
  v1::Scenario a_copy = a, b_copy = b;
  for (auto& party : *a_copy.mutable_parties()) party.clear_address();
  for (auto& party : *b_copy.mutable_parties()) party.clear_address();
  return google::protobuf::util::MessageDifferencer::Equals(a_copy, b_copy);
}

}  // namespace

absl::StatusOr<ForumForRecord> OpenForumForRecord(const ForumFlags& flags,
                                                  const std::string& id,
                                                  bool include_graph) {
  ForumForRecord out;
  auto connection = OpenRecordsForum(flags);
  if (!connection.ok()) return connection.status();
  auto record = FetchRecord(**connection, id, include_graph);
  if (!record.ok()) return record.status();
  out.record = *std::move(record);
  out.connection = *std::move(connection);
  if (!flags.coordinator.empty()) return out;

  const v1::Scenario& scenario = ScenarioOf(out.record);
  if (!flags.scenario.empty()) {
    // The record keeps no addresses; the user's file says where the
    // parties of their own serve, and they take their seats again.
    auto given = LoadScenarioOrDefault(flags.scenario);
    if (!given.ok()) return given.status();
    if (!SameParties(*given, scenario)) {
      return absl::InvalidArgumentError(absl::StrCat(
          flags.scenario, ": not the forum record ", id,
          " was held with (its parties or their models differ); give the "
          "scenario file the session was run on, or none to seat the "
          "recorded parties"));
    }
    out.connection.reset();
    auto seated = ForumConnection::Open("", *given, flags.db);
    if (!seated.ok()) return seated.status();
    out.connection = *std::move(seated);
    return out;
  }
  auto builtin = LoadScenarioOrDefault("");
  if (builtin.ok() && SameParties(*builtin, scenario)) return out;
  // Close the reading forum (and its hold on the database) before the
  // forum of the record's own parties opens it.
  out.connection.reset();
  auto reproducing = ForumConnection::Open("", scenario, flags.db);
  if (!reproducing.ok()) return reproducing.status();
  out.connection = *std::move(reproducing);
  return out;
}

}  // namespace concert::cli
