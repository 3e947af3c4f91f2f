// How the checks talk to the party under test: one channel, and every call
// with a deadline, so that a party that hangs fails the check that asked it
// instead of hanging the command. The calls fail fast (no wait_for_ready):
// a party that is not there is reported at once.
#ifndef CONCERT_CLIENTS_CONCERT_CONFORMANCE_PARTY_CLIENT_H_
#define CONCERT_CLIENTS_CONCERT_CONFORMANCE_PARTY_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "concert/v1/party.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace concert::conformance {

// What came back on one EvaluateStream call.
struct StreamExchange {
  // Every result the party wrote, in arrival order.
  std::vector<v1::EvaluateBatchResult> results;
  // How the call ended.
  grpc::Status status;
  // From the first write to the end of the call.
  std::chrono::milliseconds elapsed{0};
};

class PartyClient {
 public:
  PartyClient(const std::string& address, std::chrono::milliseconds deadline);

  std::chrono::milliseconds deadline() const { return deadline_; }
  // How many calls so far got an answer of any kind from the party (a
  // status other than UNAVAILABLE or DEADLINE_EXCEEDED).
  int answered_calls() const { return answered_calls_; }

  grpc::Status Health(grpc::health::v1::HealthCheckResponse* response);
  grpc::Status Describe(v1::DescribeResponse* response);
  grpc::Status Table(const v1::TableRequest& request,
                     v1::TableResponse* response);
  grpc::Status Evaluate(const v1::EvaluateRequest& request,
                        v1::EvaluateResponse* response);
  // Writes every batch at once, closes the client's side, and reads results
  // until the party ends the stream or the deadline (one for the whole call)
  // passes.
  StreamExchange EvaluateStream(const std::vector<v1::EvaluateBatch>& batches);

 private:
  void SetDeadline(grpc::ClientContext* context) const;
  // Counts `status` when the party answered it; returns it.
  grpc::Status Note(grpc::Status status);

  std::chrono::milliseconds deadline_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Party::Stub> party_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
  int answered_calls_ = 0;
};

// "DEADLINE_EXCEEDED: Deadline Exceeded", or "OK".
std::string StatusText(const grpc::Status& status);

// Whether `status` says the party was not there to answer (the address
// refused, or nothing came back in time).
bool NoAnswer(const grpc::Status& status);

// Counts the calls in a row that got no answer, so that a check asking many
// questions stops after two of them instead of waiting out the deadline of
// every question of a party that hangs.
class NoAnswerStreak {
 public:
  // Notes how one call ended; true when the check should stop asking.
  bool GiveUp(const grpc::Status& status) {
    streak_ = NoAnswer(status) ? streak_ + 1 : 0;
    return streak_ >= kLimit;
  }
  // What the check says when it stops.
  static constexpr char kStopped[] =
      "stopped asking after 2 calls in a row got no answer";

 private:
  static constexpr int kLimit = 2;
  int streak_ = 0;
};

}  // namespace concert::conformance

#endif  // CONCERT_CLIENTS_CONCERT_CONFORMANCE_PARTY_CLIENT_H_
