// The coordinator's RPCs called the way a client calls them, each with a
// generous deadline, and the comparisons the tests make of their results.
#ifndef CONCERT_TESTS_SUPPORT_NET_COORDINATOR_CALLS_H_
#define CONCERT_TESTS_SUPPORT_NET_COORDINATOR_CALLS_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "concert/v1/coordinator.grpc.pb.h"
#include "concert/v1/records.pb.h"
#include "concert/v1/session.pb.h"
#include "google/protobuf/message.h"

namespace concert::testing {

// A stub for the coordinator at `address`.
std::unique_ptr<v1::Coordinator::Stub> CoordinatorStub(
    const std::string& address);

// A session or exploration as a client saw it.
struct SessionCall {
  grpc::Status status;
  v1::Session session;  // the events received, in one message
  int events = 0;
};
struct ExploreCall {
  grpc::Status status;
  v1::Exploration result;
  int progress_events = 0;
};

v1::RunSessionRequest SessionRequest(const v1::CharterDraft& draft,
                                     const std::string& variant);
SessionCall RunSession(v1::Coordinator::Stub& stub,
                       const v1::RunSessionRequest& request);
SessionCall ResumeSession(v1::Coordinator::Stub& stub,
                          const std::string& session_id);
ExploreCall Explore(v1::Coordinator::Stub& stub, const v1::CharterDraft& draft,
                    const std::string& variant);
ExploreCall Explore(v1::Coordinator::Stub& stub,
                    const v1::ExploreRequest& request);
// GetRecord, or the status as a test failure and an empty record.
v1::Record GetRecord(v1::Coordinator::Stub& stub, const std::string& id);

// Parses protobuf JSON into `message` (unknown fields ignored).
bool ParseJson(const std::string& json, google::protobuf::Message* message);

// A vote without its timing (latency, attempts), for comparing runs.
v1::CastVote Untimed(v1::CastVote vote);
// Whether two rounds' votes say the same, timing aside.
bool SameVotes(const google::protobuf::RepeatedPtrField<v1::CastVote>& a,
               const google::protobuf::RepeatedPtrField<v1::CastVote>& b);

// The party ids of a round's votes that carry an answer (not absent).
std::vector<std::string> AnsweredParties(
    const google::protobuf::RepeatedPtrField<v1::CastVote>& votes);

}  // namespace concert::testing

#endif  // CONCERT_TESTS_SUPPORT_NET_COORDINATOR_CALLS_H_
