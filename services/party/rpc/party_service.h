// concert.v1.Party over the built-in interest model: a thin adapter that
// turns requests into calls of the core (effective_profile, interest_model)
// and the core's statuses into gRPC codes.
#ifndef CONCERT_SERVICES_PARTY_RPC_PARTY_SERVICE_H_
#define CONCERT_SERVICES_PARTY_RPC_PARTY_SERVICE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "concert/v1/party.grpc.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/server/idle_streams.h"
#include "services/common/server/server_limits.h"
#include "services/party/rpc/batch_stream.h"
#include "services/party/rpc/draft_cache.h"

namespace concert::party {

struct PartyServiceOptions {
  // Tabled drafts kept at once; the least recently used is dropped beyond.
  std::size_t cache_capacity = 64;
  // Variants the scenario declares; the party keeps its baseline under those
  // it has no profile change for (see EffectiveModel).
  std::vector<std::string> scenario_variants;
  // Whether any other variant is served with the baseline model too (a
  // party loaded from a profile, which does not know the scenario's
  // variants: a missing entry means the baseline, as in the scenario).
  bool baseline_for_other_variants = false;
  // Whether every call must come from a peer whose certificate (signed by
  // the forum CA: the server's mutual TLS checked that) holds the role
  // `coordinator`; others get PERMISSION_DENIED. Set when serving TLS.
  bool require_coordinator = false;
  // EvaluateStreams served at once (--limit-streams); one more is refused
  // with RESOURCE_EXHAUSTED until one ends.
  int max_streams = kDefaultMaxPartyStreams;
};

// Checks that the party's profile compiles under the baseline and each of its
// variants, so that a broken profile fails at start-up rather than at the
// first Table. INVALID_ARGUMENT naming the variant and the fault.
absl::Status CheckProfile(const v1::PartySpec& party);

class PartyService final
    : public v1::Party::WithCallbackMethod_EvaluateStream<v1::Party::Service>,
      public DrainableService {
 public:
  explicit PartyService(v1::PartySpec party, PartyServiceOptions options = {});

  // Id, name, version, SET memory and the variants the party knows.
  grpc::Status Describe(grpc::ServerContext* context,
                        const v1::DescribeRequest* request,
                        v1::DescribeResponse* response) override;

  // Compiles the draft under the variant, the request's overlay and
  // perturbation (in that order; see tabled_model.h) and keeps it by digest.
  // An unknown variant, a draft that cannot be indexed, an overlay naming
  // another party or what the model lacks, or a negative spread is
  // INVALID_ARGUMENT. Tabling the same request again answers the same digest
  // without recompiling; the digest covers the whole request, so another
  // seed, spread or overlay is another digest.
  grpc::Status Table(grpc::ServerContext* context,
                     const v1::TableRequest* request,
                     v1::TableResponse* response) override;

  // One explained vote. FAILED_PRECONDITION for a digest not tabled (or
  // dropped from the cache); INVALID_ARGUMENT for an unknown proposal or
  // adopted id, an id adopted twice, or a proposal already adopted.
  grpc::Status Evaluate(grpc::ServerContext* context,
                        const v1::EvaluateRequest* request,
                        v1::EvaluateResponse* response) override;

  // Columnar batches, each answered in order on the same stream. A malformed
  // batch (unknown digest, set_words other than 1, sizes that disagree, an
  // index out of range, a proposal already in its set) is answered with
  // `error` set and no votes; the stream goes on.
  // Served by gRPC's callback API (batch_stream.h).
  grpc::ServerBidiReactor<v1::EvaluateBatch, v1::EvaluateBatchResult>*
  EvaluateStream(grpc::CallbackServerContext* context) override;
  // Ends the streams waiting for their next batch (server shutdown).
  void Drain() override { streams_.Drain(); }

  // The tabled drafts (for tests and diagnostics).
  const DraftCache& cache() const { return cache_; }

  // The compiled draft a batch names (see BatchStreams::ModelFor), as a
  // stream answers it: public for the fuzz target, which answers batches as
  // a stream does, without one (tests/fuzz/fuzz_party_questions.cc).
  std::shared_ptr<const CompiledModel> ModelFor(const v1::EvaluateBatch& batch);

 private:
  // The compiled draft for `request`, from the cache or compiled and cached
  // now; its digest in `digest`. INVALID_ARGUMENT for an unknown variant or a
  // draft that does not compile.
  absl::StatusOr<std::shared_ptr<const CompiledModel>> Tabled(
      const v1::TableRequest& request, std::string* digest);
  const v1::PartySpec party_;
  const PartyServiceOptions options_;
  DraftCache cache_;
  // The EvaluateStream calls open.
  BatchStreams streams_;
};

// Answers one batch into `result` (whose request_id the caller sets) with
// `model`, or sets `result->error` when the batch is malformed. `model` may be
// null: the batch's digest is then unknown. Exposed for tests and benchmarks.
void AnswerBatch(const CompiledModel* model, const v1::EvaluateBatch& batch,
                 v1::EvaluateBatchResult* result);

}  // namespace concert::party

#endif  // CONCERT_SERVICES_PARTY_RPC_PARTY_SERVICE_H_
