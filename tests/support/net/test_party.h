// A party the fault tests can steer: the built-in interest model
// (party::PartyService) behind hooks that count what the coordinator asks,
// hold a chosen call until the test lets it go, and answer nonsense on
// demand. Served on a loopback port by ServedParty, like any party.
#ifndef CONCERT_TESTS_SUPPORT_NET_TEST_PARTY_H_
#define CONCERT_TESTS_SUPPORT_NET_TEST_PARTY_H_

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "concert/v1/party.grpc.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/server/server.h"
#include "services/party/rpc/party_service.h"

namespace concert::testing {

// How a TestParty misbehaves.
enum class PartyFault {
  kNone,
  // Every vote (Evaluate and EvaluateStream) is the unknown enum value 7.
  kInvalidVote,
  // Each batch is answered under a request id other than its own.
  kWrongRequestId,
  // Before answering a batch, the party answers one it was never asked.
  kUnaskedBatch,
  // The party reads the first batch and ends the stream (status OK) without
  // answering it.
  kEarlyClose,
  // Each batch is answered with one vote fewer than it has questions.
  kShortBatch,
  // EvaluateStream is UNIMPLEMENTED, as for a party that only answers
  // Evaluate.
  kNoStream,
  // Table answers a fresh digest on every call ("DIGEST~N"); later calls
  // naming any of them are answered as for the real digest.
  kUnstableDigest,
  // Describe claims MEMORY_SET, but Evaluate turns its vote around (SUPPORT
  // becomes OBJECT, any other vote SUPPORT) when the first two adopted
  // proposals came in the opposite of their draft order.
  kOrderDependent,
  // Describe leaves `memory` unset (MEMORY_UNSPECIFIED).
  kUnsetMemory,
  // Describe answers the party id "NOT-" + its own.
  kWrongPartyId,
  // Table takes a variant the party does not serve, tabling its baseline
  // instead, although Describe lists the variants and does not set
  // baseline_for_other_variants.
  kAnyVariant,
  // Describe sets baseline_for_other_variants, but Table still refuses any
  // variant the party does not list (INVALID_ARGUMENT).
  kClaimsAnyVariant,
  // A question the party cannot take (unknown digest, proposal or adopted
  // id; a malformed batch) is answered with VOTE_SUPPORT instead of being
  // refused.
  kMadeUpVote,
  // A lattice range [first, first + count) is answered as the range from
  // first + 1: a party that walks the lattice order one question off.
  kWrongLatticeOrder,
};

// "a,b,c>p": one Evaluate question as asked (adopted ids as sent, proposal).
std::string QuestionKey(const v1::EvaluateRequest& request);

class TestParty final : public v1::Party::Service {
 public:
  // `scenario_variants` are the scenario's variant names (the party keeps
  // its baseline under those its profile does not change).
  TestParty(const v1::PartySpec& spec,
            std::vector<std::string> scenario_variants);

  grpc::Status Describe(grpc::ServerContext* context,
                        const v1::DescribeRequest* request,
                        v1::DescribeResponse* response) override;
  grpc::Status Table(grpc::ServerContext* context,
                     const v1::TableRequest* request,
                     v1::TableResponse* response) override;
  grpc::Status Evaluate(grpc::ServerContext* context,
                        const v1::EvaluateRequest* request,
                        v1::EvaluateResponse* response) override;
  grpc::Status EvaluateStream(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::EvaluateBatchResult, v1::EvaluateBatch>*
          stream) override;

  // Holds the `nth` Evaluate call from now (1: the next one) until Release()
  // or until its caller cancels; then answers it normally.
  void HoldEvaluate(int nth);
  // Holds the `nth` EvaluateStream call from now and every later one until
  // Release() or until the caller cancels (a party that hangs, then dies).
  void HoldStreamsFrom(int nth);
  // The same for the `nth` batch received from now on any stream, and every
  // later one: the coordinator keeps one stream per party, so a party that
  // hangs mid-exploration hangs on a batch.
  void HoldBatchesFrom(int nth);
  // Blocks until a held call has arrived; false after `timeout`.
  bool WaitUntilHolding(
      std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Lets every held call go, and holds nothing more.
  void Release();

  void set_fault(PartyFault fault);
  // Whether Describe says answers_lattice (as the built-in party does);
  // unset, the coordinator sends it every question, as to a party that
  // does not walk the lattice order.
  void set_answers_lattice(bool on);
  bool answers_lattice() const;

  // What the party was asked since the last ResetCounts().
  int describe_calls() const;
  int table_calls() const;
  int evaluate_calls() const;
  std::vector<std::string> evaluate_questions() const;  // in arrival order
  int stream_calls() const;
  int stream_batches() const;     // batches received
  long stream_questions() const;  // questions received in batches
  // Of those, the questions received as lattice ranges.
  long lattice_questions() const;
  void ResetCounts();

 private:
  // Waits (mu_ held through `lock`) until released or cancelled.
  void Hold(std::unique_lock<std::mutex>& lock, grpc::ServerContext* context);
  std::shared_ptr<const party::CompiledModel> Model(const std::string& digest);
  PartyFault fault() const;

  const std::string id_;
  party::PartyService inner_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  PartyFault fault_ = PartyFault::kNone;
  // Gates, as absolute call numbers (0: none).
  long hold_evaluate_at_ = 0;
  long hold_streams_from_ = 0;
  long hold_batches_from_ = 0;
  bool holding_ = false;
  bool released_ = false;
  // Lifetime call numbers, for the gates.
  long evaluate_seen_ = 0;
  long streams_seen_ = 0;
  long batches_seen_ = 0;
  // Counts since ResetCounts().
  int describe_calls_ = 0;
  int table_calls_ = 0;
  int evaluate_calls_ = 0;
  std::vector<std::string> questions_;
  int stream_calls_ = 0;
  int stream_batches_ = 0;
  long stream_questions_ = 0;
  long lattice_questions_ = 0;
  bool answers_lattice_ = true;
  // Digests handed out under kUnstableDigest.
  long tabled_ = 0;
};

// A TestParty served over gRPC, as a party process would be.
struct ServedParty {
  // Serves a fresh TestParty for `spec` on `listen` (port 0 picks one); a
  // failed start leaves `server` null.
  static std::unique_ptr<ServedParty> Start(
      const v1::PartySpec& spec, const std::vector<std::string>& variants,
      const std::string& listen = "127.0.0.1:0");
  ~ServedParty();
  // Stops serving, as a party that dies: held calls are cancelled (after a
  // short grace) and the port closes. Idempotent.
  void Stop();

  std::string address() const { return server ? server->address() : ""; }
  int port() const { return server ? server->port() : 0; }

  std::unique_ptr<TestParty> party;
  std::unique_ptr<RunningServer> server;
};

}  // namespace concert::testing

#endif  // CONCERT_TESTS_SUPPORT_NET_TEST_PARTY_H_
