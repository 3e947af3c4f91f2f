// CoordinatorService's admission of a request, before any work: the checks
// of its values every request gets, and the exploration budgets it may ask
// for within the operator's limits. Part of CoordinatorService
// (coordinator_service.h).
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/number_text.h"
#include "services/common/server/grpc_status.h"
#include "services/common/validation.h"
#include "services/coordinator/rpc/coordinator_service.h"

namespace concert::coordinator {

grpc::Status CoordinatorService::CheckRequestValues(
    const google::protobuf::Message& request, const v1::DecisionRule* rule) {
  if (auto s = CheckPeerMessage(request, "the request"); !s.ok())
    return ToGrpc(s);
  if (rule == nullptr) return grpc::Status::OK;
  const std::vector<Problem> problems = ValidateDecisionRule(*rule);
  if (problems.empty()) return grpc::Status::OK;
  return grpc::Status(
      grpc::StatusCode::INVALID_ARGUMENT,
      absl::StrCat("the request's rule: ", ProblemsToString(problems)));
}

namespace {

// INVALID_ARGUMENT when `asked` is above `limit`, naming both and the flag.
absl::Status WithinLimit(absl::string_view what, std::uint64_t asked,
                         std::uint64_t limit, absl::string_view flag) {
  if (asked <= limit) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(what, " ", GroupedCount(absl::StrCat(asked)),
                   " is above this coordinator's limit of ",
                   GroupedCount(absl::StrCat(limit)), " (concert-coordinator ",
                   flag, " raises it)"));
}

}  // namespace

absl::StatusOr<ExploreOptions> CoordinatorService::ExploreOptionsOf(
    const v1::ExploreRequest& request) const {
  const RequestLimits& limits = options_.limits;
  for (const absl::Status& s :
       {WithinLimit("max_states", request.max_states(), limits.max_states,
                    "--limit-states"),
        WithinLimit("max_memory_bytes", request.max_memory_bytes(),
                    limits.max_memory_bytes, "--limit-memory-mib"),
        WithinLimit("samples", request.samples(), limits.max_samples,
                    "--limit-samples")}) {
    if (!s.ok()) return s;
  }
  ExploreOptions options;
  options.strategy = request.strategy();
  // The defaults are within the limits too, whatever the flags say.
  options.max_states = std::min(
      request.max_states() ? request.max_states() : options_.max_states,
      limits.max_states);
  options.max_memory_bytes =
      std::min(request.max_memory_bytes() ? request.max_memory_bytes()
                                          : options_.max_memory_bytes,
               limits.max_memory_bytes);
  if (request.samples() > 0) options.samples = request.samples();
  if (request.seed() > 0) options.seed = request.seed();
  options.include_graph = request.include_graph();
  return options;
}

}  // namespace concert::coordinator
