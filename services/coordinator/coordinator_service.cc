#include "services/coordinator/coordinator_service.h"

#include <atomic>
#include <chrono>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/grpc_status.h"
#include "services/common/logging.h"
#include "services/common/problem.h"
#include "services/common/validation.h"
#include "services/coordinator/explorer.h"
#include "services/coordinator/forum_context.h"
#include "services/coordinator/session_runner.h"

namespace concert::coordinator {
namespace {

// A record id that sorts by time and does not collide across concurrent
// sessions of one coordinator.
std::string NewRecordId(const char* kind) {
  static std::atomic<std::uint32_t> counter{0};
  static absl::BitGen gen;
  static std::mutex gen_mu;
  std::uint32_t salt;
  {
    std::lock_guard lock(gen_mu);
    salt = absl::Uniform<std::uint32_t>(gen, 0, 0xffff);
  }
  return absl::StrFormat("%s-%s-%04x%02x", kind,
                         absl::FormatTime("%Y%m%d-%H%M%S", absl::Now(), absl::UTCTimeZone()),
                         salt, counter.fetch_add(1) & 0xff);
}

}  // namespace

CoordinatorService::CoordinatorService(v1::Scenario scenario, CoordinatorOptions options)
    : scenario_(std::move(scenario)), options_(options), registry_(scenario_) {}

grpc::Status CoordinatorService::Probe(const v1::PartyInfo& party, v1::PartyInfo* updated) {
  *updated = party;
  if (party.address().empty()) {
    registry_.Observe(party.id(), false, "", v1::MEMORY_UNSPECIFIED);
    updated->set_reachable(false);
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "no address");
  }
  auto stub = v1::Party::NewStub(channels_.Get(party.address()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + options_.vote.retry.deadline);
  v1::DescribeResponse description;
  const grpc::Status status = stub->Describe(&ctx, v1::DescribeRequest(), &description);
  if (status.ok() && description.party_id() != party.id()) {
    registry_.Observe(party.id(), false, "", v1::MEMORY_UNSPECIFIED);
    updated->set_reachable(false);
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        absl::StrCat("the service at ", party.address(), " is party '",
                                     description.party_id(), "', not '", party.id(), "'"));
  }
  registry_.Observe(party.id(), status.ok(), description.version(), description.memory());
  updated->set_reachable(status.ok());
  if (status.ok()) {
    updated->set_version(description.version());
    updated->set_memory(description.memory());
  }
  return status;
}

grpc::Status CoordinatorService::RegisterParty(grpc::ServerContext*,
                                               const v1::RegisterPartyRequest* request,
                                               v1::RegisterPartyResponse* response) {
  if (request->party_id().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "party_id is empty");
  }
  if (auto s = registry_.Register(request->party_id(), request->address()); !s.ok()) {
    return ToGrpc(s);
  }
  for (const auto& party : registry_.Snapshot()) {
    if (party.id() != request->party_id()) continue;
    const grpc::Status status = Probe(party, response->mutable_party());
    Logger("coordinator")->info("party {} registered at {} ({})", party.id(),
                                party.address(), status.ok() ? "reachable" : "unreachable");
    if (!status.ok()) {
      return grpc::Status(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION
                              ? grpc::StatusCode::FAILED_PRECONDITION
                              : grpc::StatusCode::UNAVAILABLE,
                          absl::StrCat("party ", party.id(), " registered at ",
                                       party.address(), " but did not answer Describe: ",
                                       StatusText(status)));
    }
  }
  return grpc::Status::OK;
}

grpc::Status CoordinatorService::ListParties(grpc::ServerContext*,
                                             const v1::ListPartiesRequest*,
                                             v1::ListPartiesResponse* response) {
  for (const auto& party : registry_.Snapshot()) {
    Probe(party, response->add_parties());
  }
  return grpc::Status::OK;
}

grpc::Status CoordinatorService::CheckRequest(const v1::CharterDraft& draft,
                                              const std::string& variant) const {
  std::vector<Problem> problems = ValidateDraft(draft);
  for (auto& p : ValidateDraftAgainstScenario(draft, scenario_)) {
    problems.push_back(std::move(p));
  }
  if (!problems.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("the draft has ", problems.size(), " problem(s):\n",
                                     ProblemsToString(problems)));
  }
  auto forum = ResolveForum(scenario_, draft, variant, v1::DecisionRule());
  if (!forum.ok()) return ToGrpc(forum.status());
  std::vector<std::string> missing;
  for (const auto& party : registry_.Snapshot()) {
    bool absent = false;
    for (size_t i = 0; i < forum->party_ids.size(); ++i) {
      if (forum->party_ids[i] == party.id()) absent = (forum->absent >> i) & 1u;
    }
    if (!absent && party.address().empty()) missing.push_back(party.id());
  }
  if (!missing.empty()) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        absl::StrCat("no address for ", absl::StrJoin(missing, ", "),
                                     ": give one in the scenario or call RegisterParty"));
  }
  return grpc::Status::OK;
}

std::unique_ptr<GrpcVoteSource> CoordinatorService::MakeVoteSource() {
  std::vector<PartyEndpoint> endpoints;
  for (const auto& party : registry_.Snapshot()) {
    PartyEndpoint endpoint;
    endpoint.id = party.id();
    endpoint.address = party.address();
    if (!party.address().empty()) endpoint.channel = channels_.Get(party.address());
    endpoints.push_back(std::move(endpoint));
  }
  return std::make_unique<GrpcVoteSource>(std::move(endpoints), options_.vote);
}

grpc::Status CoordinatorService::RunSession(grpc::ServerContext* context,
                                            const v1::RunSessionRequest* request,
                                            grpc::ServerWriter<v1::SessionEvent>* writer) {
  if (auto s = CheckRequest(request->draft(), request->variant()); !s.ok()) return s;
  SessionOptions options;
  options.variant = request->variant();
  options.rule = request->rule();
  options.session_id = NewRecordId("session");
  auto source = MakeVoteSource();
  auto log = Logger("coordinator");
  log->info("session {} on draft '{}' started", options.session_id, request->draft().id());
  bool client_gone = false;
  auto session = coordinator::RunSession(
      scenario_, request->draft(), options, *source,
      [&](const v1::SessionEvent& event) {
        // A client that went away does not stop the meeting: its record
        // still matters. Later events are simply not sent.
        if (client_gone || context->IsCancelled()) {
          client_gone = true;
          return;
        }
        if (!writer->Write(event)) client_gone = true;
      });
  if (!session.ok()) {
    log->error("session {} failed: {}", options.session_id, session.status().ToString());
    return ToGrpc(session.status());
  }
  log->info("session {} ended {} after {} rounds", options.session_id,
            v1::SessionSummary::Outcome_Name(session->summary().outcome()),
            session->summary().rounds());
  return grpc::Status::OK;
}

grpc::Status CoordinatorService::Explore(grpc::ServerContext* context,
                                         const v1::ExploreRequest* request,
                                         grpc::ServerWriter<v1::ExploreEvent>* writer) {
  if (auto s = CheckRequest(request->draft(), request->variant()); !s.ok()) return s;
  ExploreOptions options;
  switch (request->strategy()) {
    case v1::ExploreRequest::LATTICE: options.strategy = ExploreOptions::Strategy::kLattice; break;
    case v1::ExploreRequest::ENUMERATE: options.strategy = ExploreOptions::Strategy::kEnumerate; break;
    case v1::ExploreRequest::SAMPLE: options.strategy = ExploreOptions::Strategy::kSample; break;
    default: options.strategy = ExploreOptions::Strategy::kAuto; break;
  }
  options.max_states = request->max_states() ? request->max_states() : options_.max_states;
  options.max_memory_bytes =
      request->max_memory_bytes() ? request->max_memory_bytes() : options_.max_memory_bytes;
  if (request->samples() > 0) options.samples = request->samples();
  if (request->seed() > 0) options.seed = request->seed();
  options.include_graph = request->include_graph();

  // The rule override travels in the scenario the explorer reads.
  v1::Scenario scenario = scenario_;
  if (request->rule().kind() != v1::DecisionRule::KIND_UNSPECIFIED) {
    *scenario.mutable_rule() = request->rule();
  }
  ExploreInput input;
  input.scenario = &scenario;
  input.draft = &request->draft();
  input.variant = request->variant();
  auto source = MakeVoteSource();
  const std::string id = NewRecordId("exploration");
  auto log = Logger("coordinator");
  log->info("exploration {} of draft '{}' started", id, request->draft().id());
  auto result = coordinator::Explore(input, options, *source,
      [&](const v1::ExploreProgress& progress) {
        v1::ExploreEvent event;
        *event.mutable_progress() = progress;
        // Progress is best effort; a client that left cancels the work.
        writer->Write(event);
        return !context->IsCancelled();
      });
  if (!result.ok()) {
    // Over budget or cancelled is an answer, not a fault of the coordinator.
    log->info("exploration {} ended: {}", id, result.status().ToString());
    return ToGrpc(result.status());
  }
  result->set_exploration_id(id);
  log->info("exploration {}: {} of {} sequences reach consensus ({} states, {} ms)", id,
            result->consensus_sequences(), result->admissible_sequences(),
            result->states_explored(), result->elapsed_ms());
  v1::ExploreEvent event;
  *event.mutable_result() = *std::move(result);
  writer->Write(event);
  return grpc::Status::OK;
}

}  // namespace concert::coordinator
