// The Coordinator's record RPCs: reading records back and resuming a
// session from its record. Part of CoordinatorService (coordinator_service.h).
#include "absl/strings/str_cat.h"
#include "services/common/server/grpc_status.h"
#include "services/common/server/logging.h"
#include "services/coordinator/rpc/coordinator_service.h"
#include "services/coordinator/records/types.h"

namespace concert::coordinator {
namespace {

grpc::Status NoStore() {
  return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                      "this coordinator keeps no records (start it with --db FILE)");
}

void ToProto(const StoredSession& in, v1::SessionRecord* out) {
  out->set_id(in.id);
  *out->mutable_scenario() = in.scenario;
  out->set_scenario_sha256(in.scenario_sha256);
  *out->mutable_draft() = in.draft;
  out->set_draft_sha256(in.draft_sha256);
  out->set_variant(in.variant);
  *out->mutable_rule() = in.rule;
  out->set_status(std::string(SessionStatusName(in.status)));
  out->set_coordinator_version(in.coordinator_version);
  out->set_started_at_ms(in.started_at_ms);
  out->set_ended_at_ms(in.ended_at_ms.value_or(0));
  *out->mutable_session() = in.session;
  for (const PartialRound& partial : in.partial_rounds) {
    v1::PartialRound* p = out->add_partial_rounds();
    p->set_number(partial.number);
    p->set_proposal(partial.proposal);
    for (const auto& vote : partial.votes) *p->add_votes() = vote;
  }
}

void ToProto(StoredExploration in, bool include_graph, v1::ExplorationRecord* out) {
  out->set_id(in.id);
  *out->mutable_scenario() = std::move(in.scenario);
  out->set_scenario_sha256(in.scenario_sha256);
  *out->mutable_draft() = std::move(in.draft);
  out->set_draft_sha256(in.draft_sha256);
  out->set_variant(in.variant);
  *out->mutable_rule() = in.rule;
  out->set_strategy(in.strategy);
  out->set_coordinator_version(in.coordinator_version);
  out->set_created_at_ms(in.created_at_ms);
  out->set_status(std::string(ExplorationStatusName(in.status)));
  if (!include_graph) in.result.clear_graph();
  *out->mutable_result() = std::move(in.result);
  out->set_graph_blob_bytes(in.graph_blob_bytes);
}

}  // namespace

grpc::Status CoordinatorService::GetRecord(grpc::ServerContext*,
                                           const v1::GetRecordRequest* request,
                                           v1::Record* response) {
  if (options_.store == nullptr) return NoStore();
  const std::string& id = request->id();
  if (id.empty()) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "the record id is empty");
  if (id.rfind("exploration-", 0) == 0) {
    auto stored = options_.store->LoadExploration(id);
    if (!stored.ok()) return ToGrpc(stored.status());
    ToProto(*std::move(stored), request->include_graph(), response->mutable_exploration());
    return grpc::Status::OK;
  }
  auto stored = options_.store->LoadSession(id);
  if (stored.ok()) {
    ToProto(*stored, response->mutable_session());
    return grpc::Status::OK;
  }
  if (stored.status().code() != absl::StatusCode::kNotFound) return ToGrpc(stored.status());
  // Not a session: an exploration named without the usual prefix?
  auto exploration = options_.store->LoadExploration(id);
  if (!exploration.ok()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, absl::StrCat("no record '", id, "'"));
  }
  ToProto(*std::move(exploration), request->include_graph(), response->mutable_exploration());
  return grpc::Status::OK;
}

grpc::Status CoordinatorService::ListRecords(grpc::ServerContext*,
                                             const v1::ListRecordsRequest* request,
                                             v1::ListRecordsResponse* response) {
  if (options_.store == nullptr) return NoStore();
  RecordKind kind = RecordKind::kAny;
  if (!request->kind().empty()) {
    auto parsed = ParseRecordKind(request->kind());
    if (!parsed.ok()) return ToGrpc(parsed.status());
    kind = *parsed;
  }
  auto records = options_.store->List(kind, request->limit());
  if (!records.ok()) return ToGrpc(records.status());
  for (const RecordSummary& r : *records) {
    v1::RecordSummary* out = response->add_records();
    out->set_id(r.id);
    out->set_kind(std::string(RecordKindName(r.kind)));
    out->set_created_at_ms(r.created_at_ms);
    out->set_status(r.status);
    out->set_draft_id(r.draft_id);
    out->set_scenario_id(r.scenario_id);
    out->set_variant(r.variant);
    out->set_outcome(r.outcome);
  }
  return grpc::Status::OK;
}

grpc::Status CoordinatorService::ResumeSession(grpc::ServerContext* context,
                                               const v1::ResumeSessionRequest* request,
                                               grpc::ServerWriter<v1::SessionEvent>* writer) {
  if (options_.store == nullptr) return NoStore();
  auto stored = options_.store->LoadSession(request->session_id());
  if (!stored.ok()) return ToGrpc(stored.status());
  if (stored->status != SessionStatus::kSuspended &&
      stored->status != SessionStatus::kInterrupted) {
    return grpc::Status(
        grpc::StatusCode::FAILED_PRECONDITION,
        absl::StrCat("session ", stored->id, " is ", SessionStatusName(stored->status),
                     "; only SUSPENDED or INTERRUPTED sessions can be resumed",
                     stored->status == SessionStatus::kRunning
                         ? " (a coordinator that died mid-session marks it INTERRUPTED "
                           "when it restarts on the same database)"
                         : ""));
  }
  // The parties answer by id: the record's forum must be this coordinator's.
  if (stored->scenario.parties_size() != scenario_.parties_size()) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        "the session was held in another forum than this coordinator's");
  }
  for (int i = 0; i < scenario_.parties_size(); ++i) {
    if (stored->scenario.parties(i).id() != scenario_.parties(i).id()) {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                          "the session was held in another forum than this coordinator's");
    }
  }
  if (auto s = CheckRequest(stored->draft, stored->variant); !s.ok()) return s;
  std::map<int, std::vector<v1::CastVote>> recorded;
  for (const v1::Round& round : stored->session.rounds()) {
    recorded[round.number()].assign(round.votes().begin(), round.votes().end());
  }
  for (const PartialRound& partial : stored->partial_rounds) {
    recorded[partial.number] = partial.votes;
  }
  if (auto s = options_.store->ResumeSession(stored->id); !s.ok()) return ToGrpc(s);
  return HoldSession(context, stored->id, stored->draft, stored->variant, stored->rule,
                     /*resumed=*/true, std::move(recorded), writer);
}

}  // namespace concert::coordinator
