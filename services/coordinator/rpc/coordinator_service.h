// The Coordinator service's gRPC adapter, shaped as gRPC's own examples are:
// each method turns a request into a call of the cores (recorded sessions
// and explorations, the record store) over a GrpcVoteSource to the
// registered parties, and the core's answer into a response or a stream.
// The sources are leased from a pool (vote_source_pool.h): a request takes
// over the described parties and open streams of one that served before.
// What is recorded, when, and what may be resumed is the cores' policy
// (core/recorded_session.h, explore/recorded_exploration.h), not this
// class's.
#ifndef CONCERT_SERVICES_COORDINATOR_RPC_COORDINATOR_SERVICE_H_
#define CONCERT_SERVICES_COORDINATOR_RPC_COORDINATOR_SERVICE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "concert/v1/coordinator.grpc.pb.h"
#include "services/common/server/concurrency_limit.h"
#include "services/common/server/server_limits.h"
#include "services/common/tls/tls_files.h"
#include "services/common/version/version.h"
#include "services/coordinator/core/recorded_session.h"
#include "services/coordinator/explore/explorer.h"
#include "services/coordinator/records/record_store.h"
#include "services/coordinator/rpc/channel_pool.h"
#include "services/coordinator/rpc/grpc_vote_source.h"
#include "services/coordinator/rpc/party_registry.h"
#include "services/coordinator/rpc/vote_source_pool.h"

namespace concert::coordinator {

// Limits an operator sets on what one request may ask for
// (concert-coordinator --limit-states, --limit-memory-mib, --limit-samples).
struct RequestLimits {
  std::uint64_t max_states = 50'000'000;
  std::uint64_t max_memory_bytes = std::uint64_t{4} << 30;
  std::uint64_t max_samples = 1'000'000;
};

struct CoordinatorOptions {
  // How parties are called.
  GrpcVoteSourceOptions vote;
  // Defaults for explorations that leave their budget at 0.
  std::uint64_t max_states = 4'000'000;
  std::uint64_t max_memory_bytes = std::uint64_t{1} << 30;
  // The most any one request may ask for, whatever it says: a request
  // above is refused (INVALID_ARGUMENT naming the limit and the flag that
  // raises it), so no client can make the coordinator walk or hold more.
  RequestLimits limits;
  // Sessions (new and resumed), explorations and comparisons run at once
  // (--limit-sessions); one more is refused with RESOURCE_EXHAUSTED.
  int max_running = kDefaultMaxRunningCalls;
  // Where sessions and explorations are recorded; null keeps no records.
  std::shared_ptr<RecordStore> store;
  // Recorded with every session and exploration.
  std::string version = absl::StrCat("concert-coordinator ", ProjectVersion());
  // Whether accepted registrations are kept in `store` and read back when
  // the coordinator starts, so that a restart forgets no party. A
  // standalone coordinator does; an embedded forum, whose parties start and
  // stop with it, must not (it would seat stale addresses).
  bool keep_registrations = false;
  // Vote sources kept idle between requests, each with its parties
  // described and one stream open to each (a handler thread on each
  // synchronous party server); 0 makes a fresh source per request.
  int idle_vote_sources = 4;
  // The coordinator's TLS material, when it serves mutual TLS: callers are
  // then held to their certificates' roles (coordinator_access.h), and
  // parties are dialled with mutual TLS, each channel refusing a party whose
  // certificate does not name it. Without: plaintext, everything allowed.
  std::optional<tls::TlsMaterial> tls;
};

class CoordinatorService final : public v1::Coordinator::Service {
 public:
  // `scenario` must be valid (the caller validates files before serving).
  CoordinatorService(v1::Scenario scenario, CoordinatorOptions options = {});

  grpc::Status RegisterParty(grpc::ServerContext* context,
                             const v1::RegisterPartyRequest* request,
                             v1::RegisterPartyResponse* response) override;
  grpc::Status GetScenario(grpc::ServerContext* context,
                           const v1::GetScenarioRequest* request,
                           v1::Scenario* response) override;
  grpc::Status ListParties(grpc::ServerContext* context,
                           const v1::ListPartiesRequest* request,
                           v1::ListPartiesResponse* response) override;
  grpc::Status RunSession(
      grpc::ServerContext* context, const v1::RunSessionRequest* request,
      grpc::ServerWriter<v1::SessionEvent>* writer) override;
  grpc::Status Explore(grpc::ServerContext* context,
                       const v1::ExploreRequest* request,
                       grpc::ServerWriter<v1::ExploreEvent>* writer) override;
  // coordinator_service_compare.cc
  grpc::Status Compare(grpc::ServerContext* context,
                       const v1::CompareRequest* request,
                       grpc::ServerWriter<v1::CompareEvent>* writer) override;

  grpc::Status GetRecord(grpc::ServerContext* context,
                         const v1::GetRecordRequest* request,
                         v1::Record* response) override;
  grpc::Status ListRecords(grpc::ServerContext* context,
                           const v1::ListRecordsRequest* request,
                           v1::ListRecordsResponse* response) override;
  grpc::Status ResumeSession(
      grpc::ServerContext* context, const v1::ResumeSessionRequest* request,
      grpc::ServerWriter<v1::SessionEvent>* writer) override;

  const v1::Scenario& scenario() const { return scenario_; }

  // Channels to parties held for reuse (for tests: after any registration,
  // only those to addresses parties sit at).
  std::size_t channels_held() { return channels_.size(); }

  // Ends the streams of the idle vote sources now. Call it once the
  // coordinator's server has stopped and before the parties' servers stop:
  // a party server waits out its grace for an open stream.
  void DropIdleVoteSources() { vote_sources_.DropIdle(); }

 private:
  // The checks every request gets first (CheckPeerMessage: finite numbers,
  // declared enum values, strings within limits), and those of a rule in
  // place of the scenario's when `rule` is given: INVALID_ARGUMENT listing
  // the problems.
  static grpc::Status CheckRequestValues(
      const google::protobuf::Message& request,
      const v1::DecisionRule* rule = nullptr);
  // Checks a draft and variant against the scenario (the core's check), then
  // that every party present has an address: INVALID_ARGUMENT with every
  // problem of the draft, FAILED_PRECONDITION naming the parties without.
  grpc::Status CheckRequest(const v1::CharterDraft& draft,
                            const std::string& variant) const;
  // A vote source over the registered parties, in scenario order, for one
  // request: handed back to the pool when the lease is destroyed.
  VoteSourcePool::Lease MakeVoteSource();
  // Where records go.
  RecordOptions Records() const {
    return {options_.store.get(), options_.version};
  }
  // The explorer's options for a request, the coordinator's defaults
  // filling what it leaves at 0.
  absl::StatusOr<ExploreOptions> ExploreOptionsOf(
      const v1::ExploreRequest& request) const;
  // GetRecord's work, whoever asks (coordinator_service_records.cc).
  grpc::Status ReadRecord(const v1::GetRecordRequest* request,
                          v1::Record* response);
  // FAILED_PRECONDITION for the record RPCs of a coordinator without a store.
  static grpc::Status NoStore();
  // Drops the pooled channels to addresses no party sits at now.
  void ForgetUnseatedChannels();
  // Seats the registrations kept in the store (keep_registrations).
  void RestoreRegistrations();
  // Describes one party and asks its health service, and records what it
  // said; the status of the Describe call.
  grpc::Status Probe(const v1::PartyInfo& party, v1::PartyInfo* updated);
  // The health status name of the server at `address` ("SERVING", ...);
  // empty when it does not answer the health check.
  std::string HealthAt(const std::string& party_id, const std::string& address);
  // Calls Describe at `address`: FAILED_PRECONDITION when the service there
  // is another party than `party_id`, else the call's status.
  grpc::Status DescribeAt(const std::string& party_id,
                          const std::string& address,
                          v1::DescribeResponse* description);

  // Whether callers are held to their roles (options_.tls is set).
  bool enforce() const { return options_.tls.has_value(); }

  v1::Scenario scenario_;
  CoordinatorOptions options_;
  // Taken by every session, exploration and comparison while it runs.
  ConcurrencyLimit running_;
  PartyRegistry registry_;
  // Accepted registrations: a party that registered again may be another
  // process, so the pool's sources of before are not reused.
  std::atomic<std::uint64_t> registrations_{0};
  ChannelPool channels_;
  // After channels_, so destroyed first: the sources' streams end while
  // everything they reach is still there.
  VoteSourcePool vote_sources_;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RPC_COORDINATOR_SERVICE_H_
