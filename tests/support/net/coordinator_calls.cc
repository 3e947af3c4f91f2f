#include "tests/support/net/coordinator_calls.h"

#include <chrono>

#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace concert::testing {

std::unique_ptr<v1::Coordinator::Stub> CoordinatorStub(
    const std::string& address) {
  return v1::Coordinator::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

v1::RunSessionRequest SessionRequest(const v1::CharterDraft& draft,
                                     const std::string& variant) {
  v1::RunSessionRequest request;
  *request.mutable_draft() = draft;
  request.set_variant(variant);
  return request;
}

namespace {

template <typename Reader>
SessionCall Collect(Reader& reader) {
  SessionCall call;
  v1::SessionEvent event;
  while (reader->Read(&event)) {
    ++call.events;
    if (event.has_started()) *call.session.mutable_started() = event.started();
    if (event.has_round()) *call.session.add_rounds() = event.round();
    if (event.has_summary()) *call.session.mutable_summary() = event.summary();
  }
  call.status = reader->Finish();
  return call;
}

// Generous: the client here is healthy, and a loaded machine (or a
// sanitizer build) must not make it give up on a healthy forum.
void SetDeadline(grpc::ClientContext* ctx) {
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(300));
}

}  // namespace

SessionCall RunSession(v1::Coordinator::Stub& stub,
                       const v1::RunSessionRequest& request) {
  grpc::ClientContext ctx;
  SetDeadline(&ctx);
  auto reader = stub.RunSession(&ctx, request);
  return Collect(reader);
}

SessionCall ResumeSession(v1::Coordinator::Stub& stub,
                          const std::string& session_id) {
  grpc::ClientContext ctx;
  SetDeadline(&ctx);
  v1::ResumeSessionRequest request;
  request.set_session_id(session_id);
  auto reader = stub.ResumeSession(&ctx, request);
  return Collect(reader);
}

ExploreCall Explore(v1::Coordinator::Stub& stub, const v1::CharterDraft& draft,
                    const std::string& variant) {
  v1::ExploreRequest request;
  *request.mutable_draft() = draft;
  request.set_variant(variant);
  return Explore(stub, request);
}

ExploreCall Explore(v1::Coordinator::Stub& stub,
                    const v1::ExploreRequest& request) {
  ExploreCall call;
  grpc::ClientContext ctx;
  SetDeadline(&ctx);
  auto reader = stub.Explore(&ctx, request);
  v1::ExploreEvent event;
  while (reader->Read(&event)) {
    if (event.has_progress()) ++call.progress_events;
    if (event.has_result()) call.result = event.result();
  }
  call.status = reader->Finish();
  return call;
}

v1::Record GetRecord(v1::Coordinator::Stub& stub, const std::string& id) {
  grpc::ClientContext ctx;
  SetDeadline(&ctx);
  v1::GetRecordRequest request;
  request.set_id(id);
  v1::Record record;
  const grpc::Status status = stub.GetRecord(&ctx, request, &record);
  EXPECT_TRUE(status.ok()) << "GetRecord " << id << ": "
                           << status.error_message();
  return record;
}

bool ParseJson(const std::string& json, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  const auto status =
      google::protobuf::util::JsonStringToMessage(json, message, options);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json.substr(0, 2000);
  return status.ok();
}

v1::CastVote Untimed(v1::CastVote vote) {
  vote.clear_latency_us();
  vote.clear_attempts();
  return vote;
}

bool SameVotes(const google::protobuf::RepeatedPtrField<v1::CastVote>& a,
               const google::protobuf::RepeatedPtrField<v1::CastVote>& b) {
  if (a.size() != b.size()) return false;
  for (int i = 0; i < a.size(); ++i) {
    if (!google::protobuf::util::MessageDifferencer::Equals(Untimed(a[i]),
                                                            Untimed(b[i]))) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> AnsweredParties(
    const google::protobuf::RepeatedPtrField<v1::CastVote>& votes) {
  std::vector<std::string> parties;
  for (const auto& v : votes) {
    if (!v.absent() && v.vote() != v1::VOTE_UNSPECIFIED)
      parties.push_back(v.party());
  }
  return parties;
}

}  // namespace concert::testing
