// concert.v1.Party over a concert::sdk::Party: the gRPC adapter that keeps
// the contract of party.proto so that the party's own class does not have to.
#ifndef CONCERT_CLIENTS_SDK_PARTY_SERVICE_H_
#define CONCERT_CLIENTS_SDK_PARTY_SERVICE_H_

#include <cstddef>
#include <memory>

#include <grpcpp/grpcpp.h>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "clients/sdk/draft_store.h"
#include "concert/sdk/party.h"
#include "concert/sdk/version.h"
#include "concert/v1/party.grpc.pb.h"
#include "services/common/server/concurrency_limit.h"
#include "services/common/server/idle_streams.h"
#include "services/common/server/server_limits.h"

namespace concert::sdk::internal {

// The version Describe reports when the party gives none.
inline constexpr char kSdkVersion[] = "concert-sdk " CONCERT_SDK_VERSION;

// INVALID_ARGUMENT when `description` cannot be served: no id, or no memory.
absl::Status CheckDescription(const Description& description);

// OK, or INVALID_ARGUMENT (one line) for a study `request` asks that the
// party cannot take: a perturbation with a negative or non-finite size
// (party::CheckPerturbation, which names the field), an overlay naming
// another party, or any overlay when the party does not apply overlays
// (Description::applies_overlays).
absl::Status CheckStudies(const Description& description,
                          const v1::TableRequest& request);

class PartyService final : public v1::Party::Service, public DrainableService {
 public:
  // `party` is not owned. `description` is what party.Describe() gave and
  // passed CheckDescription.
  // `require_coordinator`: every call must come from a peer whose
  // certificate holds the role coordinator (set when serving mutual TLS);
  // others get PERMISSION_DENIED.
  // At most `max_streams` EvaluateStreams are served at once; one more is
  // refused (RESOURCE_EXHAUSTED naming --limit-streams).
  PartyService(const Party& party, Description description,
               std::size_t cache_capacity, bool require_coordinator = false,
               int max_streams = kDefaultMaxPartyStreams);

  grpc::Status Describe(grpc::ServerContext* context,
                        const v1::DescribeRequest* request,
                        v1::DescribeResponse* response) override;
  // The digest of the request; the party's Prepare runs once per digest
  // while the draft is kept. INVALID_ARGUMENT for a variant the party does
  // not declare, a study it cannot take (CheckStudies), a draft that cannot
  // be indexed, or a draft Prepare refuses.
  grpc::Status Table(grpc::ServerContext* context,
                     const v1::TableRequest* request,
                     v1::TableResponse* response) override;
  // FAILED_PRECONDITION for a digest not kept, unless the request carries
  // `table`; then as AnswerOne.
  grpc::Status Evaluate(grpc::ServerContext* context,
                        const v1::EvaluateRequest* request,
                        v1::EvaluateResponse* response) override;
  // One result per batch, in arrival order; see AnswerBatch.
  grpc::Status EvaluateStream(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::EvaluateBatchResult, v1::EvaluateBatch>*
          stream) override;
  // Ends the streams waiting for their next batch (server shutdown).
  void Drain() override { idle_.Drain(); }

  const Description& description() const { return description_; }

 private:
  // The draft `request` tables, kept or prepared now.
  absl::StatusOr<std::shared_ptr<const Draft>> Tabled(
      const v1::TableRequest& request);

  // PERMISSION_DENIED unless the caller may ask `method` (see the
  // constructor).
  grpc::Status Admit(const grpc::ServerContext& context,
                     const char* method) const;

  const Party& party_;
  const Description description_;
  const bool require_coordinator_;
  DraftStore drafts_;
  // Held while a draft is prepared, so that Prepare runs once per digest
  // even when replicas' Table calls and `table`-carrying questions race.
  absl::Mutex preparing_;
  // EvaluateStream calls waiting for their next batch.
  IdleStreams idle_;
  // Held by every EvaluateStream while it runs (each holds a thread).
  ConcurrencyLimit streams_;
};

}  // namespace concert::sdk::internal

#endif  // CONCERT_CLIENTS_SDK_PARTY_SERVICE_H_
