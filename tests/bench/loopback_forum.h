// The parties of a scenario, each a real concert.v1.Party gRPC server on a
// loopback port of this process (real sockets, real RPCs: the path of the
// embedded forum), with one connected channel per party as the coordinator
// would hold them.
#ifndef CONCERT_TESTS_BENCH_LOOPBACK_FORUM_H_
#define CONCERT_TESTS_BENCH_LOOPBACK_FORUM_H_

#include <memory>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/server/server.h"
#include "services/coordinator/rpc/grpc_vote_source.h"
#include "services/party/rpc/party_service.h"

namespace concert::bench {

class LoopbackForum {
 public:
  // Starts one party server per party of `scenario` on 127.0.0.1:0 and
  // connects a channel to each (waiting until it is READY, so that no
  // measurement pays for connection setup). With `warmup` (a draft other
  // than the one measured), then tables it and asks one batch about it
  // through a vote source, so that no measurement pays for the first calls
  // of the process either; the source is kept (TakeWarmSource). UNAVAILABLE
  // when a server cannot start or a channel does not connect within 10 s.
  static absl::StatusOr<std::unique_ptr<LoopbackForum>> Start(
      const v1::Scenario& scenario, const v1::CharterDraft* warmup = nullptr);

  ~LoopbackForum();
  LoopbackForum(const LoopbackForum&) = delete;
  LoopbackForum& operator=(const LoopbackForum&) = delete;

  // The parties in scenario order, with their connected channels.
  const std::vector<coordinator::PartyEndpoint>& endpoints() const {
    return endpoints_;
  }

  // The source that asked the warm-up (null without one, or once taken):
  // it has described the parties and holds a stream to each, as a source
  // from the coordinator's pool does when a request starts.
  std::unique_ptr<coordinator::GrpcVoteSource> TakeWarmSource() {
    return std::move(warm_source_);
  }

 private:
  LoopbackForum() = default;

  std::vector<std::unique_ptr<party::PartyService>> services_;
  std::vector<std::unique_ptr<RunningServer>> servers_;
  std::vector<coordinator::PartyEndpoint> endpoints_;
  std::unique_ptr<coordinator::GrpcVoteSource> warm_source_;
};

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_LOOPBACK_FORUM_H_
