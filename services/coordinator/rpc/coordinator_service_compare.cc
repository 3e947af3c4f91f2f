// Coordinator.Compare: the request checked against the forum, the comparison
// run by the core (compare/recorded_comparison.h) over the registered
// parties, its progress streamed, its result recorded and sent last.
#include <algorithm>
#include <string>

#include "absl/strings/str_join.h"
#include "services/common/server/grpc_status.h"
#include "services/common/server/logging.h"
#include "services/coordinator/compare/recorded_comparison.h"
#include "services/coordinator/compare/request.h"
#include "services/coordinator/records/path.h"
#include "services/coordinator/rpc/coordinator_access.h"
#include "services/coordinator/rpc/coordinator_service.h"

namespace concert::coordinator {

grpc::Status CoordinatorService::Compare(
    grpc::ServerContext* context, const v1::CompareRequest* request,
    grpc::ServerWriter<v1::CompareEvent>* writer) {
  if (auto s = Authorize(*context, CoordinatorCall::kCompare, enforce());
      !s.ok()) {
    return s;
  }
  absl::StatusOr<ConcurrencyLimit::Slot> slot = running_.Acquire();
  if (!slot.ok()) return ToGrpc(slot.status());
  if (auto s = CheckRequestValues(*request); !s.ok()) return s;
  CompareLimits limits;
  limits.max_samples = options_.limits.max_samples;
  if (auto s = ValidateCompareRequest(scenario_, *request, limits); !s.ok()) {
    return ToGrpc(s);
  }
  // Every party present under a compared variant must be reachable.
  for (const v1::CharterDraft& draft : request->drafts()) {
    for (const std::string& variant : VariantsOf(*request)) {
      if (auto s = CheckRequest(draft, variant); !s.ok()) return s;
    }
  }
  CompareOptions options;
  options.explore.max_states =
      std::min(options_.max_states, options_.limits.max_states);
  options.explore.max_memory_bytes =
      std::min(options_.max_memory_bytes, options_.limits.max_memory_bytes);
  const std::string id = NewRecordId("comparison");
  auto log = Logger("coordinator");
  log->info("comparison {} of {} draft(s) started", id, request->drafts_size());
  auto source = MakeVoteSource();
  absl::StatusOr<v1::Comparison> result = RunRecordedComparison(
      id, scenario_, *request, options, *source, Records(),
      [&](const v1::CompareProgress& progress) {
        v1::CompareEvent event;
        *event.mutable_progress() = progress;
        // Progress is best effort; a client that left cancels the work.
        writer->Write(event);
        return !context->IsCancelled();
      });
  if (!result.ok()) {
    log->info("comparison {} ended: {}", id, result.status().ToString());
    return ToGrpc(result.status());
  }
  log->info("comparison {}: {} rows ({} ms)", id, result->rows_size(),
            result->elapsed_ms());
  v1::CompareEvent event;
  *event.mutable_result() = *std::move(result);
  writer->Write(event);
  return grpc::Status::OK;
}

}  // namespace concert::coordinator
