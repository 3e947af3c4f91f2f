// Idle GrpcVoteSources kept between the coordinator's requests, so that a
// request does not re-describe every party and re-open every stream: a
// source that has served keeps its parties' descriptions and one open
// EvaluateStream per party, and the next request with the same parties
// takes it over. A source is never shared: GrpcVoteSource is not safe for
// concurrent use, so concurrent requests each hold their own (one made
// fresh when no idle one fits).
//
// A source is reused only for the same parties at the same addresses in the
// same order, registered in the same generation (the caller's count of
// accepted registrations): a party that re-registered may be another
// process, even at its old address, and gets described again by a fresh
// source. Keys other than the latest one asked for are stale (the registry
// changed): their idle sources are dropped, and so are sources of a stale
// key handed back later.
//
// The price: each idle source keeps one stream open to each party, and a
// party server built on gRPC's synchronous API (an SDK party) holds a
// handler thread for each such stream. max_idle bounds that. Party servers
// end idle streams when they stop (IdleStreams, BatchStreams); DropIdle()
// ends them from this side first, as the embedded forum does before it
// stops its parties.
#ifndef CONCERT_SERVICES_COORDINATOR_RPC_VOTE_SOURCE_POOL_H_
#define CONCERT_SERVICES_COORDINATOR_RPC_VOTE_SOURCE_POOL_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "services/coordinator/rpc/grpc_vote_source.h"

namespace concert::coordinator {

class VoteSourcePool {
 public:
  // Holds one source for one request and hands it back to its pool when
  // destroyed (or moved over). Movable, not copyable.
  class Lease {
   public:
    Lease() = default;
    ~Lease() { Release(); }
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    GrpcVoteSource& operator*() const { return *source_; }
    GrpcVoteSource* operator->() const { return source_.get(); }
    GrpcVoteSource* get() const { return source_.get(); }
    explicit operator bool() const { return source_ != nullptr; }
    // Whether the source had served an earlier request.
    bool reused() const { return reused_; }

   private:
    friend class VoteSourcePool;
    Lease(VoteSourcePool* pool, std::string key,
          std::unique_ptr<GrpcVoteSource> source, bool reused);
    void Release();

    VoteSourcePool* pool_ = nullptr;
    std::string key_;
    std::unique_ptr<GrpcVoteSource> source_;
    bool reused_ = false;
  };

  // `max_idle` idle sources at most (the oldest handed back is dropped
  // first); 0 keeps none: a fresh source per request.
  explicit VoteSourcePool(GrpcVoteSourceOptions options, int max_idle = 4);
  // Destroys the idle sources (their streams end). Every lease must have
  // been handed back: a lease refers to its pool.
  ~VoteSourcePool();
  VoteSourcePool(const VoteSourcePool&) = delete;
  VoteSourcePool& operator=(const VoteSourcePool&) = delete;

  // A source over `endpoints` (in the order given): an idle one of the same
  // key when there is one, else a fresh one. Drops the idle sources of
  // other keys. Thread-safe.
  Lease Acquire(std::vector<PartyEndpoint> endpoints,
                std::uint64_t generation = 0);

  // Destroys every idle source now, ending its streams: before the parties'
  // servers stop, so they do not wait out their grace for them.
  void DropIdle();

  // What the pool did, for tests and logs.
  struct Stats {
    std::uint64_t created = 0;  // fresh sources made
    std::uint64_t reused = 0;   // leases of an idle source
    std::uint64_t dropped = 0;  // idle or handed-back sources destroyed
    int idle = 0;               // idle now
  };
  Stats stats() const;

  // The key of a source over `endpoints`: generation, then each party's id
  // and address, in order.
  static std::string KeyOf(const std::vector<PartyEndpoint>& endpoints,
                           std::uint64_t generation);

 private:
  struct Idle {
    std::string key;
    std::unique_ptr<GrpcVoteSource> source;
  };

  // Takes a source back from a lease: idle again, or dropped.
  void Return(std::string key, std::unique_ptr<GrpcVoteSource> source);

  const GrpcVoteSourceOptions options_;
  const int max_idle_;
  mutable absl::Mutex mu_;
  // Oldest first.
  std::deque<Idle> idle_ ABSL_GUARDED_BY(mu_);
  // The key last asked for: the registry as it is now.
  std::string current_key_ ABSL_GUARDED_BY(mu_);
  Stats stats_ ABSL_GUARDED_BY(mu_);
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RPC_VOTE_SOURCE_POOL_H_
