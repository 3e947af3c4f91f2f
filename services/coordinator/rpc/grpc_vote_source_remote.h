// The coordinator's view of one party inside GrpcVoteSource: shared by the
// source's files (grpc_vote_source.cc: tabling and single questions;
// grpc_vote_source_stream.cc: batches), private to them.
#ifndef CONCERT_SERVICES_COORDINATOR_RPC_GRPC_VOTE_SOURCE_REMOTE_H_
#define CONCERT_SERVICES_COORDINATOR_RPC_GRPC_VOTE_SOURCE_REMOTE_H_

#include <atomic>
#include <memory>
#include <string>

#include "services/coordinator/rpc/grpc_vote_source.h"

namespace concert::coordinator {

struct GrpcVoteSource::Remote {
  PartyEndpoint endpoint;
  std::unique_ptr<v1::Party::Stub> stub;
  v1::Memory memory = v1::MEMORY_UNSPECIFIED;
  std::string digest;
  bool tabled = false;
  std::string error;
  // The party answered EvaluateStream with UNIMPLEMENTED: it is asked with
  // Evaluate calls from then on.
  std::atomic<bool> no_stream{false};
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RPC_GRPC_VOTE_SOURCE_REMOTE_H_
