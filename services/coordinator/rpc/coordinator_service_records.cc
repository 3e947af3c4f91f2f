// The Coordinator's record RPCs: reading records back. Part of
// CoordinatorService (coordinator_service.h); the store returns the wire's
// own record messages, so these only pick and trim.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/server/grpc_status.h"
#include "services/coordinator/rpc/coordinator_access.h"
#include "services/coordinator/rpc/coordinator_service.h"

namespace concert::coordinator {

grpc::Status CoordinatorService::NoStore() {
  return grpc::Status(
      grpc::StatusCode::FAILED_PRECONDITION,
      "this coordinator keeps no records (start it with --db FILE)");
}

grpc::Status CoordinatorService::GetRecord(grpc::ServerContext* context,
                                           const v1::GetRecordRequest* request,
                                           v1::Record* response) {
  if (auto s = Authorize(*context, CoordinatorCall::kGetRecord, enforce());
      !s.ok()) {
    return s;
  }
  if (auto s = CheckRequestValues(*request); !s.ok()) return s;
  grpc::Status status = ReadRecord(request, response);
  // The parties' interest models are theirs: shown only to a reader
  // allowed them (a plaintext coordinator's local users are).
  if (status.ok() && !MayReadPrivateModels(*context, enforce()))
    HidePrivateModels(response);
  return status;
}

grpc::Status CoordinatorService::ReadRecord(const v1::GetRecordRequest* request,
                                            v1::Record* response) {
  if (options_.store == nullptr) return NoStore();
  const std::string& id = request->id();
  if (id.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "the record id is empty");
  }
  const auto exploration = [&]() -> grpc::Status {
    absl::StatusOr<ExplorationRecord> stored =
        options_.store->LoadExploration(id);
    if (!stored.ok()) return ToGrpc(stored.status());
    if (!request->include_graph()) stored->mutable_result()->clear_graph();
    *response->mutable_exploration() = *std::move(stored);
    return grpc::Status::OK;
  };
  // A comparison's rows hold explorations, whose graphs follow the same
  // request flag.
  const auto comparison = [&]() -> grpc::Status {
    absl::StatusOr<ComparisonRecord> stored =
        options_.store->LoadComparison(id);
    if (!stored.ok()) return ToGrpc(stored.status());
    if (!request->include_graph() && stored->has_result()) {
      for (v1::ComparisonRow& row : *stored->mutable_result()->mutable_rows())
        row.mutable_exploration()->clear_graph();
    }
    *response->mutable_comparison() = *std::move(stored);
    return grpc::Status::OK;
  };
  if (absl::StartsWith(id, "exploration-")) return exploration();
  if (absl::StartsWith(id, "comparison-")) return comparison();
  absl::StatusOr<StoredSession> stored = options_.store->LoadSession(id);
  if (stored.ok()) {
    *response->mutable_session() = *std::move(stored);
    return grpc::Status::OK;
  }
  if (stored.status().code() != absl::StatusCode::kNotFound)
    return ToGrpc(stored.status());
  // Not a session: a record of another kind named without the usual prefix?
  if (exploration().ok() || comparison().ok()) return grpc::Status::OK;
  return grpc::Status(grpc::StatusCode::NOT_FOUND,
                      absl::StrCat("no record '", id, "'"));
}

grpc::Status CoordinatorService::ListRecords(
    grpc::ServerContext* context, const v1::ListRecordsRequest* request,
    v1::ListRecordsResponse* response) {
  if (auto s = Authorize(*context, CoordinatorCall::kListRecords, enforce());
      !s.ok()) {
    return s;
  }
  if (auto s = CheckRequestValues(*request); !s.ok()) return s;
  if (options_.store == nullptr) return NoStore();
  if (!v1::RecordKind_IsValid(request->kind())) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("unknown record kind ", request->kind()));
  }
  absl::StatusOr<std::vector<RecordSummary>> records =
      options_.store->List(request->kind(), request->limit());
  if (!records.ok()) return ToGrpc(records.status());
  for (RecordSummary& r : *records) *response->add_records() = std::move(r);
  return grpc::Status::OK;
}

}  // namespace concert::coordinator
