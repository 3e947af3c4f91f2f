#include "services/coordinator/rpc/coordinator_service.h"

#include <chrono>
#include <set>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "services/common/number_text.h"
#include "services/common/server/grpc_status.h"
#include "services/common/server/logging.h"
#include "services/common/tls/peer.h"
#include "services/common/validation.h"
#include "services/common/variant_name.h"
#include "services/coordinator/core/forum_context.h"
#include "services/coordinator/core/public_scenario.h"
#include "services/coordinator/core/recorded_session.h"
#include "services/coordinator/explore/recorded_exploration.h"
#include "services/coordinator/records/path.h"
#include "services/coordinator/rpc/coordinator_access.h"

namespace concert::coordinator {

CoordinatorService::CoordinatorService(v1::Scenario scenario,
                                       CoordinatorOptions options)
    : scenario_(std::move(scenario)),
      options_(std::move(options)),
      running_(options_.max_running, "sessions, explorations and comparisons",
               "concert-coordinator --limit-sessions"),
      registry_(scenario_),
      channels_(options_.tls),
      vote_sources_(options_.vote, options_.idle_vote_sources) {
  if (options_.keep_registrations && options_.store != nullptr) {
    RestoreRegistrations();
  }
}

void CoordinatorService::RestoreRegistrations() {
  auto log = Logger("coordinator");
  absl::StatusOr<std::vector<Registration>> kept =
      options_.store->LoadRegistrations();
  if (!kept.ok()) {
    log->warn("cannot read the kept registrations: {}",
              kept.status().ToString());
    return;
  }
  for (const Registration& r : *kept) {
    // A database may be shared with coordinators of other scenarios: only
    // this scenario's seats are taken.
    if (!registry_.CheckKnown(r.party_id).ok()) continue;
    if (registry_.Register(r.party_id, r.address).ok()) {
      log->info("party {} at {} (registered before the restart)", r.party_id,
                r.address);
    }
  }
}

grpc::Status CoordinatorService::DescribeAt(const std::string& party_id,
                                            const std::string& address,
                                            v1::DescribeResponse* description) {
  auto stub = v1::Party::NewStub(channels_.Get(address, party_id));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() +
                   DeadlineFor(options_.vote, party_id));
  grpc::Status status =
      stub->Describe(&ctx, v1::DescribeRequest(), description);
  if (enforce()) {
    // The channel's handshake refused a certificate that does not name the
    // party; gRPC reports only that the connection failed, so say why.
    if (const std::string refusal = channels_.Refusal(address, party_id);
        !status.ok() && !refusal.empty()) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          absl::StrCat("the party at ", address, " ", refusal));
    }
    // The handshake checked the certificate already; checked again on the
    // answer itself, so that an answer is never taken on the channel's word.
    if (status.ok() && !tls::IdentityOf(ctx).Names(party_id)) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          absl::StrCat("the party at ", address, " presented ",
                                       tls::IdentityOf(ctx).ToString(),
                                       ", not party ", party_id));
    }
  }
  if (status.ok()) {
    // What it says of itself is shown to users (`concert parties`) and
    // kept: checked as any peer's message.
    if (absl::Status s = CheckPeerMessage(
            *description, absl::StrCat("the description from ", address));
        !s.ok()) {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                          std::string(s.message()));
    }
  }
  if (status.ok() && description->party_id() != party_id) {
    return grpc::Status(
        grpc::StatusCode::FAILED_PRECONDITION,
        absl::StrCat("the service at ", address, " is party '",
                     description->party_id(), "', not '", party_id, "'"));
  }
  return status;
}

std::string CoordinatorService::HealthAt(const std::string& party_id,
                                         const std::string& address) {
  auto stub =
      grpc::health::v1::Health::NewStub(channels_.Get(address, party_id));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() +
                   DeadlineFor(options_.vote, party_id));
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status =
      stub->Check(&ctx, grpc::health::v1::HealthCheckRequest(), &response);
  if (!status.ok()) return "";
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
      response.status());
}

grpc::Status CoordinatorService::Probe(const v1::PartyInfo& party,
                                       v1::PartyInfo* updated) {
  *updated = party;
  if (party.address().empty()) {
    registry_.Observe(party.id(), false, "", v1::MEMORY_UNSPECIFIED);
    updated->set_reachable(false);
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "no address");
  }
  v1::DescribeResponse description;
  grpc::Status status = DescribeAt(party.id(), party.address(), &description);
  registry_.Observe(party.id(), status.ok(), description.version(),
                    description.memory());
  const std::string health = HealthAt(party.id(), party.address());
  registry_.ObserveHealth(party.id(), health);
  updated->set_health(health);
  updated->set_reachable(status.ok());
  if (status.ok()) {
    updated->set_version(description.version());
    updated->set_memory(description.memory());
  }
  return status;
}

grpc::Status CoordinatorService::RegisterParty(
    grpc::ServerContext* context, const v1::RegisterPartyRequest* request,
    v1::RegisterPartyResponse* response) {
  if (auto s = CheckRequestValues(*request); !s.ok()) return s;
  const std::string& id = request->party_id();
  if (id.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "party_id is empty");
  }
  // Before anything else is looked at, so a caller without the right learns
  // nothing of the registry or of the address (no probing by error text).
  if (auto s = AuthorizeRegistration(*context, id, enforce()); !s.ok()) {
    return s;
  }
  if (request->address().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("party '", id, "': the address is empty"));
  }
  if (auto s = registry_.CheckKnown(id); !s.ok()) return ToGrpc(s);
  // The seat changes hands only when the service at the new address proves
  // it is the party: a refused registration leaves the registry as it was,
  // so no other model can vote in the party's seat.
  v1::DescribeResponse description;
  const grpc::Status proof = DescribeAt(id, request->address(), &description);
  // Whatever the outcome, the pool keeps channels only to the addresses
  // parties sit at now: none to a refused address, none to one a party left.
  absl::Cleanup forget_unseated = [this] { ForgetUnseatedChannels(); };
  auto log = Logger("coordinator");
  if (!proof.ok()) {
    log->warn("registration of party {} at {} refused: {}", id,
              request->address(), StatusText(proof));
    // A service that answered as another party, or whose certificate names
    // another party, keeps its code; anything else is an outage.
    const bool refused =
        proof.error_code() == grpc::StatusCode::FAILED_PRECONDITION ||
        proof.error_code() == grpc::StatusCode::UNAUTHENTICATED;
    return grpc::Status(
        refused ? proof.error_code() : grpc::StatusCode::UNAVAILABLE,
        absl::StrCat("party ", id, " not registered at ", request->address(),
                     " (the registry is unchanged): ",
                     refused ? proof.error_message()
                             : absl::StrCat("nothing answered Describe there: ",
                                            StatusText(proof))));
  }
  // Kept before it is taken: a registration the coordinator would forget
  // on restart is refused (UNAVAILABLE: the party tries again), not
  // half-accepted.
  if (options_.keep_registrations && options_.store != nullptr) {
    if (auto s = options_.store->SaveRegistration(id, request->address());
        !s.ok()) {
      log->error("cannot keep the registration of {}: {}", id, s.ToString());
      return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          absl::StrCat("party ", id,
                                       " not registered: the coordinator could "
                                       "not keep the registration (",
                                       s.message(), ")"));
    }
  }
  if (auto s = registry_.Register(id, request->address()); !s.ok()) {
    return ToGrpc(s);
  }
  registrations_.fetch_add(1);
  registry_.Observe(id, true, description.version(), description.memory());
  for (const auto& party : registry_.Snapshot()) {
    if (party.id() == id) *response->mutable_party() = party;
  }
  log->info("party {} registered at {}", id, request->address());
  return grpc::Status::OK;
}

void CoordinatorService::ForgetUnseatedChannels() {
  std::set<std::pair<std::string, std::string>> seated;
  for (const auto& party : registry_.Snapshot()) {
    if (!party.address().empty()) seated.emplace(party.address(), party.id());
  }
  channels_.KeepOnly(seated);
}

grpc::Status CoordinatorService::GetScenario(grpc::ServerContext* context,
                                             const v1::GetScenarioRequest*,
                                             v1::Scenario* response) {
  if (auto s = Authorize(*context, CoordinatorCall::kGetScenario, enforce());
      !s.ok()) {
    return s;
  }
  *response = PublicScenario(scenario_);
  return grpc::Status::OK;
}

grpc::Status CoordinatorService::ListParties(
    grpc::ServerContext* context, const v1::ListPartiesRequest*,
    v1::ListPartiesResponse* response) {
  if (auto s = Authorize(*context, CoordinatorCall::kListParties, enforce());
      !s.ok()) {
    return s;
  }
  for (const auto& party : registry_.Snapshot()) {
    Probe(party, response->add_parties());
  }
  return grpc::Status::OK;
}

grpc::Status CoordinatorService::CheckRequest(
    const v1::CharterDraft& draft, const std::string& variant) const {
  absl::StatusOr<ForumContext> forum =
      CheckDraftForForum(scenario_, draft, variant);
  if (!forum.ok()) return ToGrpc(forum.status());
  return ToGrpc(registry_.CheckAddressed(forum->present));
}

VoteSourcePool::Lease CoordinatorService::MakeVoteSource() {
  // A registration accepted after this read makes the key stale: the
  // source goes when handed back, and the next request gets a fresh one.
  const std::uint64_t generation = registrations_.load();
  std::vector<PartyEndpoint> endpoints;
  for (const auto& party : registry_.Snapshot()) {
    PartyEndpoint endpoint;
    endpoint.id = party.id();
    endpoint.address = party.address();
    if (!party.address().empty())
      endpoint.channel = channels_.Get(party.address(), party.id());
    endpoints.push_back(std::move(endpoint));
  }
  return vote_sources_.Acquire(std::move(endpoints), generation);
}

namespace {

// Streams a session's events to the client as the core hands them on. A
// client that went away does not stop the meeting — its record still
// matters — later events are simply not sent.
class SessionStream {
 public:
  SessionStream(grpc::ServerContext* context,
                grpc::ServerWriter<v1::SessionEvent>* writer)
      : context_(context), writer_(writer) {}
  SessionEventFn Sink() {
    return [this](const v1::SessionEvent& event) {
      if (gone_ || context_->IsCancelled()) {
        gone_ = true;
        return;
      }
      if (!writer_->Write(event)) gone_ = true;
    };
  }

 private:
  grpc::ServerContext* context_;
  grpc::ServerWriter<v1::SessionEvent>* writer_;
  bool gone_ = false;
};

// The log line and status of a session that ended (or failed).
grpc::Status Finish(const std::string& id,
                    const absl::StatusOr<RecordedSession>& session) {
  auto log = Logger("coordinator");
  if (!session.ok()) {
    // The client reports the failure it is sent; logged at info, as an
    // exploration's or a comparison's, an embedded forum (which shows
    // warnings) does not print it a second time.
    log->info("session {} ended: {}", id, session.status().ToString());
    return ToGrpc(session.status());
  }
  log->info(
      "session {} ended {} after {} rounds ({} votes replayed from the record)",
      id,
      v1::SessionSummary::Outcome_Name(session->session.summary().outcome()),
      session->session.summary().rounds(), session->replayed_votes);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status CoordinatorService::RunSession(
    grpc::ServerContext* context, const v1::RunSessionRequest* request,
    grpc::ServerWriter<v1::SessionEvent>* writer) {
  if (auto s = Authorize(*context, CoordinatorCall::kRunSession, enforce());
      !s.ok())
    return s;
  absl::StatusOr<ConcurrencyLimit::Slot> slot = running_.Acquire();
  if (!slot.ok()) return ToGrpc(slot.status());
  if (auto s = CheckRequestValues(*request, &request->rule()); !s.ok())
    return s;
  if (auto s = CheckRequest(request->draft(), request->variant()); !s.ok())
    return s;
  SessionOptions options;
  options.session_id = NewRecordId("session");
  // "baseline" travels on as "": the form parties and records know, whoever
  // the client.
  options.variant = CanonicalVariant(request->variant());
  options.rule = request->rule();
  Logger("coordinator")
      ->info("session {} on draft '{}' started", options.session_id,
             request->draft().id());
  auto live = MakeVoteSource();
  SessionStream stream(context, writer);
  return Finish(options.session_id,
                RunRecordedSession(scenario_, request->draft(), options, *live,
                                   Records(), stream.Sink()));
}

grpc::Status CoordinatorService::ResumeSession(
    grpc::ServerContext* context, const v1::ResumeSessionRequest* request,
    grpc::ServerWriter<v1::SessionEvent>* writer) {
  if (auto s = Authorize(*context, CoordinatorCall::kResumeSession, enforce());
      !s.ok())
    return s;
  absl::StatusOr<ConcurrencyLimit::Slot> slot = running_.Acquire();
  if (!slot.ok()) return ToGrpc(slot.status());
  if (auto s = CheckRequestValues(*request); !s.ok()) return s;
  if (options_.store == nullptr) return NoStore();
  absl::StatusOr<ResumableSession> session =
      LoadResumableSession(*options_.store, request->session_id(), scenario_);
  if (!session.ok()) return ToGrpc(session.status());
  if (auto s = CheckRequest(session->inputs.draft(), session->inputs.variant());
      !s.ok()) {
    return s;
  }
  const std::string id = session->id;
  Logger("coordinator")
      ->info("session {} on draft '{}' resumed", id,
             session->inputs.draft().id());
  auto live = MakeVoteSource();
  SessionStream stream(context, writer);
  return Finish(id, ResumeRecordedSession(scenario_, *std::move(session), *live,
                                          *options_.store, options_.version,
                                          stream.Sink()));
}

grpc::Status CoordinatorService::Explore(
    grpc::ServerContext* context, const v1::ExploreRequest* request,
    grpc::ServerWriter<v1::ExploreEvent>* writer) {
  if (auto s = Authorize(*context, CoordinatorCall::kExplore, enforce());
      !s.ok())
    return s;
  absl::StatusOr<ConcurrencyLimit::Slot> slot = running_.Acquire();
  if (!slot.ok()) return ToGrpc(slot.status());
  if (auto s = CheckRequestValues(*request, &request->rule()); !s.ok())
    return s;
  if (auto s = CheckRequest(request->draft(), request->variant()); !s.ok())
    return s;
  absl::StatusOr<ExploreOptions> explore_options = ExploreOptionsOf(*request);
  if (!explore_options.ok()) return ToGrpc(explore_options.status());
  ExploreInput input;
  input.scenario = &scenario_;
  input.draft = &request->draft();
  input.variant = CanonicalVariant(request->variant());
  input.rule = request->rule();
  const std::string id = NewRecordId("exploration");
  auto log = Logger("coordinator");
  log->info("exploration {} of draft '{}' started", id, request->draft().id());
  auto source = MakeVoteSource();
  absl::StatusOr<v1::Exploration> result =
      RunRecordedExploration(id, input, *explore_options, *source, Records(),
                             [&](const v1::ExploreProgress& progress) {
                               v1::ExploreEvent event;
                               *event.mutable_progress() = progress;
                               // Progress is best effort; a client that left
                               // cancels the work.
                               writer->Write(event);
                               return !context->IsCancelled();
                             });
  if (!result.ok()) {
    // Over budget or cancelled is an answer, not a fault of the coordinator.
    log->info("exploration {} ended: {}", id, result.status().ToString());
    return ToGrpc(result.status());
  }
  log->info(
      "exploration {}: {} of {} sequences reach consensus ({} states, {} ms)",
      id, result->consensus_sequences(), result->admissible_sequences(),
      result->states_explored(), result->elapsed_ms());
  // A lattice over the client's node budget is not shipped: it could not be
  // drawn legibly, and a 2^20-state one is megabytes (the record keeps it).
  const std::uint32_t max_nodes =
      request->graph_max_nodes() > 0 ? request->graph_max_nodes() : 2000;
  if (static_cast<std::uint32_t>(result->graph().nodes_size()) > max_nodes) {
    result->clear_graph();
  }
  v1::ExploreEvent event;
  *event.mutable_result() = *std::move(result);
  writer->Write(event);
  return grpc::Status::OK;
}

}  // namespace concert::coordinator
