#include "services/coordinator/rpc/vote_source_pool.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace concert::coordinator {

VoteSourcePool::Lease::Lease(VoteSourcePool* pool, std::string key,
                             std::unique_ptr<GrpcVoteSource> source,
                             bool reused)
    : pool_(pool),
      key_(std::move(key)),
      source_(std::move(source)),
      reused_(reused) {}

VoteSourcePool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      key_(std::move(other.key_)),
      source_(std::move(other.source_)),
      reused_(other.reused_) {}

VoteSourcePool::Lease& VoteSourcePool::Lease::operator=(
    Lease&& other) noexcept {
  if (this != &other) {
    Release();
    pool_ = std::exchange(other.pool_, nullptr);
    key_ = std::move(other.key_);
    source_ = std::move(other.source_);
    reused_ = other.reused_;
  }
  return *this;
}

void VoteSourcePool::Lease::Release() {
  if (pool_ != nullptr && source_ != nullptr) {
    pool_->Return(std::move(key_), std::move(source_));
  }
  pool_ = nullptr;
  source_.reset();
}

VoteSourcePool::VoteSourcePool(GrpcVoteSourceOptions options, int max_idle)
    : options_(std::move(options)), max_idle_(max_idle < 0 ? 0 : max_idle) {}

VoteSourcePool::~VoteSourcePool() { DropIdle(); }

std::string VoteSourcePool::KeyOf(const std::vector<PartyEndpoint>& endpoints,
                                  std::uint64_t generation) {
  // Lengths first: no id or address can pass for another's.
  std::string key = absl::StrCat(generation, ";");
  for (const PartyEndpoint& e : endpoints) {
    absl::StrAppend(&key, e.id.size(), ":", e.id, e.address.size(), ":",
                    e.address);
  }
  return key;
}

VoteSourcePool::Lease VoteSourcePool::Acquire(
    std::vector<PartyEndpoint> endpoints, std::uint64_t generation) {
  std::string key = KeyOf(endpoints, generation);
  // Destroyed after the lock is let go: a source's destructor waits for
  // its streams to end.
  std::vector<std::unique_ptr<GrpcVoteSource>> stale;
  std::unique_ptr<GrpcVoteSource> source;
  {
    absl::MutexLock lock(&mu_);
    current_key_ = key;
    std::deque<Idle> kept;
    for (Idle& idle : idle_) {
      if (idle.key != key) {
        stale.push_back(std::move(idle.source));
      } else {
        kept.push_back(std::move(idle));
      }
    }
    idle_ = std::move(kept);
    // The newest: its streams were in use last.
    if (!idle_.empty()) {
      source = std::move(idle_.back().source);
      idle_.pop_back();
      ++stats_.reused;
    } else {
      ++stats_.created;
    }
    stats_.dropped += stale.size();
    stats_.idle = static_cast<int>(idle_.size());
  }
  const bool reused = source != nullptr;
  if (!reused) {
    source = std::make_unique<GrpcVoteSource>(std::move(endpoints), options_);
  }
  return Lease(this, std::move(key), std::move(source), reused);
}

void VoteSourcePool::Return(std::string key,
                            std::unique_ptr<GrpcVoteSource> source) {
  // Nothing of the request that used it may outlive it: a session's
  // observer captures the request's own objects.
  source->SetAnswerObserver({});
  std::vector<std::unique_ptr<GrpcVoteSource>> dropped;
  {
    absl::MutexLock lock(&mu_);
    if (max_idle_ == 0 || key != current_key_) {
      dropped.push_back(std::move(source));
    } else {
      idle_.push_back({std::move(key), std::move(source)});
      while (static_cast<int>(idle_.size()) > max_idle_) {
        dropped.push_back(std::move(idle_.front().source));
        idle_.pop_front();
      }
    }
    stats_.dropped += dropped.size();
    stats_.idle = static_cast<int>(idle_.size());
  }
}

void VoteSourcePool::DropIdle() {
  std::deque<Idle> dropped;
  {
    absl::MutexLock lock(&mu_);
    dropped.swap(idle_);
    stats_.dropped += dropped.size();
    stats_.idle = 0;
  }
}

VoteSourcePool::Stats VoteSourcePool::stats() const {
  absl::MutexLock lock(&mu_);
  return stats_;
}

}  // namespace concert::coordinator
