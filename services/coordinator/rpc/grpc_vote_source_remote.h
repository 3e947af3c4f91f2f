// The coordinator's view of one party inside GrpcVoteSource, and one party's
// share of a batch ask: shared by the source's files (grpc_vote_source.cc:
// tabling and single questions; grpc_vote_source_batch.cc: batches over the
// stream; grpc_vote_source_stream.cc: the stream itself), private to them.
#ifndef CONCERT_SERVICES_COORDINATOR_RPC_GRPC_VOTE_SOURCE_REMOTE_H_
#define CONCERT_SERVICES_COORDINATOR_RPC_GRPC_VOTE_SOURCE_REMOTE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "services/coordinator/rpc/grpc_vote_source.h"
#include "services/coordinator/rpc/grpc_vote_source_stream.h"

namespace concert::coordinator {

struct GrpcVoteSource::Remote {
  PartyEndpoint endpoint;
  std::unique_ptr<v1::Party::Stub> stub;
  // What the party said of itself. Kept across Table calls (a party does
  // not change what it is while it runs); dropped when the party is seen to
  // fail, since the process that comes back may be another.
  std::optional<v1::DescribeResponse> description;
  v1::Memory memory = v1::MEMORY_UNSPECIFIED;
  // The draft as this party is tabled with it (with its own overlay), and
  // the digest it returned.
  v1::TableRequest table;
  std::string digest;
  bool tabled = false;
  std::string error;
  // The party answered EvaluateStream with UNIMPLEMENTED: it is asked with
  // Evaluate calls from then on.
  std::atomic<bool> no_stream{false};

  // The open stream (null until the first batch ask, and after it ended),
  // replaced only by the asking thread, outside mu_ (its destructor waits
  // for its last callback, which takes mu_).
  std::unique_ptr<EvaluateStreamCall> stream;
  // Digests whose TableRequest this stream has carried: the first batch of
  // any other carries it (a replica behind a balanced address may never
  // have seen Table).
  absl::flat_hash_set<std::string> stream_digests;
  // Under the source's mu_: which stream the callbacks may speak for (a
  // stream given up still calls back until it ends), and the ask in flight.
  std::uint64_t stream_generation = 0;
  StreamAsk* ask = nullptr;
  // The stream said something no ask asked for: replace it.
  bool stream_stale = false;
  // The stream ended while no ask was running (the party stopped or
  // restarted between requests): the next Table describes the party again.
  bool lost_between_asks = false;

  // Forgets what the party said of itself (and that it lacked the stream):
  // what answers at this address next may be another process.
  void Forget() {
    description.reset();
    no_stream = false;
  }
};

// One party's share of one batch ask: the questions in batches, which are
// answered, and the attempt in flight. Fields below `attempt_over` are
// shared with the stream's callbacks, under the source's mu_.
struct GrpcVoteSource::StreamAsk {
  int party = 0;
  // Valid while the ask runs.
  const LatticePrefix* questions = nullptr;
  bool details = false;
  bool with_history = false;
  // The questions are the lattice order's first ones and the party walks
  // that order: its batches are ranges of it.
  bool lattice = false;
  // Batch b holds questions [bounds[b], bounds[b + 1]).
  std::vector<std::size_t> bounds;
  std::size_t batch_count() const { return bounds.size() - 1; }
  // Told each batch's votes as it lands (a lattice ask's progress), or null.
  const LatticeProgress* progress = nullptr;
  PartyAnswers* answers = nullptr;
  std::chrono::steady_clock::time_point began;

  enum class State { kAsking, kBackoff, kFallback, kFinished };
  State state = State::kAsking;
  int attempt = 0;  // attempts started
  std::chrono::milliseconds backoff{0};
  std::chrono::steady_clock::time_point retry_at;
  std::chrono::steady_clock::time_point deadline;
  // Ids this attempt sent on the stream: [first_id, end_id).
  std::uint64_t first_id = 0;
  std::uint64_t end_id = 0;

  // The attempt ended (answered in full, or not: see below).
  bool attempt_over = false;
  // Batches answered (kept across attempts: no question is asked twice).
  std::vector<char> done;
  std::size_t remaining = 0;
  // Request id -> batch, for the batches of this attempt not answered yet.
  absl::flat_hash_map<std::uint64_t, std::size_t> in_flight;
  // Why the attempt ended short: the stream's status, or a fault of the
  // party in words its author can act on.
  grpc::Status status;
  std::string fault;
  // A fault that retrying cannot mend (nonsense answers).
  bool fatal = false;
  // The party did not know the digest: table again, then retry.
  bool lost_table = false;
  // Some batch of this ask was answered over a stream.
  bool any_answered = false;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RPC_GRPC_VOTE_SOURCE_REMOTE_H_
