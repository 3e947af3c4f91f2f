#include "services/coordinator/rpc/coordinator_service.h"

#include <atomic>
#include <chrono>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/server/grpc_status.h"
#include "services/common/server/logging.h"
#include "services/common/problem.h"
#include "services/common/validation.h"
#include "services/coordinator/explore/explorer.h"
#include "services/coordinator/core/forum_context.h"
#include "services/coordinator/core/ledger_vote_source.h"
#include "services/coordinator/records/path.h"
#include "services/coordinator/core/session_runner.h"

namespace concert::coordinator {

namespace {

// The scenario as recorded: where parties happen to listen (loopback ports of
// an embedded forum change every run) is not part of the forum, and would
// make the digests of one scenario differ from record to record.
v1::Scenario WithoutAddresses(v1::Scenario scenario) {
  for (auto& party : *scenario.mutable_parties()) party.clear_address();
  return scenario;
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
  return HoldSession(context, NewRecordId("session"), request->draft(), request->variant(),
                     request->rule(), /*resumed=*/false, {}, writer);
}

grpc::Status CoordinatorService::HoldSession(
    grpc::ServerContext* context, const std::string& session_id,
    const v1::CharterDraft& draft, const std::string& variant, const v1::DecisionRule& rule,
    bool resumed, std::map<int, std::vector<v1::CastVote>> recorded,
    grpc::ServerWriter<v1::SessionEvent>* writer) {
  SessionOptions options;
  options.variant = variant;
  options.rule = rule;
  options.session_id = session_id;
  auto live = MakeVoteSource();
  RecordStore* store = options_.store.get();
  LedgerVoteSource source(*live, store, session_id, std::move(recorded));
  auto log = Logger("coordinator");
  log->info("session {} on draft '{}' {}", session_id, draft.id(),
            resumed ? "resumed" : "started");
  bool client_gone = false;
  absl::Status store_status;
  auto session = coordinator::RunSession(
      scenario_, draft, options, source, [&](const v1::SessionEvent& event) {
        // The record first: nothing reaches the client that is not durable.
        if (store != nullptr && store_status.ok()) {
          if (event.has_started() && !resumed) {
            SessionRecordHeader header;
            header.id = session_id;
            header.scenario = WithoutAddresses(scenario_);
            header.draft = draft;
            header.variant = variant;
            header.rule = event.started().rule();
            header.coordinator_version = options_.version;
            header.started = event.started();
            store_status = store->BeginSession(header);
          } else if (event.has_round()) {
            store_status = store->RecordRound(session_id, event.round());
          } else if (event.has_summary()) {
            store_status = store->EndSession(session_id, event.summary());
          }
          if (!store_status.ok()) {
            log->error("session {}: cannot record: {}", session_id, store_status.ToString());
          }
        }
        // A client that went away does not stop the meeting: its record
        // still matters. Later events are simply not sent.
        if (client_gone || context->IsCancelled()) {
          client_gone = true;
          return;
        }
        if (!writer->Write(event)) client_gone = true;
      });
  if (!session.ok()) {
    log->error("session {} failed: {}", session_id, session.status().ToString());
    return ToGrpc(session.status());
  }
  if (!store_status.ok()) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        absl::StrCat("the session ran but could not be recorded: ",
                                     store_status.message()));
  }
  log->info("session {} ended {} after {} rounds ({} votes replayed from the record)",
            session_id, v1::SessionSummary::Outcome_Name(session->summary().outcome()),
            session->summary().rounds(), source.replayed_votes());
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
  // A recorded exploration keeps its consensus graph, so the record alone
  // answers which orders reach consensus.
  options.include_graph = request->include_graph() || options_.store != nullptr;

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
  // The record exists from the start (RUNNING), so an exploration cut short
  // by a crash leaves a trace that the next coordinator marks INTERRUPTED.
  const auto record = [&](ExplorationStatus status, v1::Exploration result) {
    if (options_.store == nullptr) return absl::OkStatus();
    ExplorationRecord r;
    r.id = id;
    r.scenario = WithoutAddresses(scenario);
    r.draft = request->draft();
    r.variant = request->variant();
    r.rule = scenario.rule();
    r.coordinator_version = options_.version;
    r.status = status;
    r.result = std::move(result);
    if (r.result.strategy().empty()) {
      r.strategy = request->strategy() == v1::ExploreRequest::ENUMERATE ? "enumerate"
                   : request->strategy() == v1::ExploreRequest::SAMPLE ? "sample"
                                                                       : "lattice";
    }
    absl::Status s = options_.store->SaveExploration(std::move(r));
    if (!s.ok()) log->error("exploration {}: cannot record: {}", id, s.ToString());
    return s;
  };
  if (auto s = record(ExplorationStatus::kRunning, {}); !s.ok()) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        absl::StrCat("cannot record the exploration: ", s.message()));
  }
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
    (void)record(ExplorationStatus::kFailed, {});
    return ToGrpc(result.status());
  }
  result->set_exploration_id(id);
  if (options_.store != nullptr) {
    v1::Exploration stored = *result;
    if (!request->include_graph()) result->clear_graph();
    if (auto s = record(ExplorationStatus::kComplete, std::move(stored)); !s.ok()) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          absl::StrCat("the exploration ran but could not be recorded: ",
                                       s.message()));
    }
  }
  log->info("exploration {}: {} of {} sequences reach consensus ({} states, {} ms)", id,
            result->consensus_sequences(), result->admissible_sequences(),
            result->states_explored(), result->elapsed_ms());
  v1::ExploreEvent event;
  *event.mutable_result() = *std::move(result);
  writer->Write(event);
  return grpc::Status::OK;
}

}  // namespace concert::coordinator
