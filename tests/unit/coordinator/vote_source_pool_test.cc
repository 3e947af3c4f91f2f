// The coordinator's pool of idle vote sources, without a network (sources
// over parties without channels make no call): a source handed back serves
// the next request of the same parties; requests at once each hold their
// own; at most max_idle wait; another key (parties, addresses, order,
// registration generation) gets a fresh source and makes the idle ones of
// other keys stale; nothing of a request outlives its lease.
#include "services/coordinator/rpc/vote_source_pool.h"

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace concert::coordinator {
namespace {

std::vector<PartyEndpoint> Endpoints(
    const std::vector<std::pair<std::string, std::string>>& parties) {
  std::vector<PartyEndpoint> endpoints;
  for (const auto& [id, address] : parties) {
    PartyEndpoint e;
    e.id = id;
    e.address = address;
    endpoints.push_back(std::move(e));
  }
  return endpoints;
}

std::vector<PartyEndpoint> Forum() {
  return Endpoints({{"A", "127.0.0.1:7001"}, {"B", "127.0.0.1:7002"}});
}

TEST(VoteSourcePoolTest, ASourceHandedBackServesTheNextRequest) {
  VoteSourcePool pool({});
  GrpcVoteSource* first = nullptr;
  {
    VoteSourcePool::Lease lease = pool.Acquire(Forum());
    ASSERT_TRUE(lease);
    EXPECT_FALSE(lease.reused());
    EXPECT_EQ(lease->party_count(), 2);
    EXPECT_EQ(lease->party_id(1), "B");
    first = lease.get();
    EXPECT_EQ(pool.stats().idle, 0);
  }
  EXPECT_EQ(pool.stats().idle, 1);
  VoteSourcePool::Lease again = pool.Acquire(Forum());
  EXPECT_TRUE(again.reused());
  EXPECT_EQ(again.get(), first);
  EXPECT_EQ(&*again, first);
  const VoteSourcePool::Stats stats = pool.stats();
  EXPECT_EQ(stats.created, 1u);
  EXPECT_EQ(stats.reused, 1u);
  EXPECT_EQ(stats.idle, 0);
}

TEST(VoteSourcePoolTest, RequestsAtOnceEachHoldTheirOwnSource) {
  VoteSourcePool pool({});
  {
    VoteSourcePool::Lease a = pool.Acquire(Forum());
    VoteSourcePool::Lease b = pool.Acquire(Forum());
    EXPECT_NE(a.get(), b.get());
    EXPECT_FALSE(b.reused());
  }
  EXPECT_EQ(pool.stats().idle, 2);
  VoteSourcePool::Lease a = pool.Acquire(Forum());
  VoteSourcePool::Lease b = pool.Acquire(Forum());
  VoteSourcePool::Lease c = pool.Acquire(Forum());
  EXPECT_TRUE(a.reused());
  EXPECT_TRUE(b.reused());
  EXPECT_FALSE(c.reused());
  EXPECT_EQ(std::set<GrpcVoteSource*>({a.get(), b.get(), c.get()}).size(), 3u);
}

TEST(VoteSourcePoolTest, AtMostMaxIdleWaitTheOldestHandedBackDropped) {
  VoteSourcePool pool({}, /*max_idle=*/2);
  std::vector<VoteSourcePool::Lease> leases;
  for (int i = 0; i < 4; ++i) leases.push_back(pool.Acquire(Forum()));
  std::vector<GrpcVoteSource*> sources;
  for (const auto& lease : leases) sources.push_back(lease.get());
  leases.clear();  // handed back in order: 0, 1, 2, 3
  VoteSourcePool::Stats stats = pool.stats();
  EXPECT_EQ(stats.idle, 2);
  EXPECT_EQ(stats.dropped, 2u);
  // The newest first.
  VoteSourcePool::Lease x = pool.Acquire(Forum());
  VoteSourcePool::Lease y = pool.Acquire(Forum());
  VoteSourcePool::Lease z = pool.Acquire(Forum());
  EXPECT_EQ(x.get(), sources[3]);
  EXPECT_EQ(y.get(), sources[2]);
  EXPECT_FALSE(z.reused());
}

TEST(VoteSourcePoolTest, NoIdleSourcesKeptAtZero) {
  VoteSourcePool pool({}, /*max_idle=*/0);
  { VoteSourcePool::Lease lease = pool.Acquire(Forum()); }
  EXPECT_EQ(pool.stats().idle, 0);
  VoteSourcePool::Lease lease = pool.Acquire(Forum());
  EXPECT_FALSE(lease.reused());
  EXPECT_EQ(pool.stats().created, 2u);
  EXPECT_EQ(pool.stats().dropped, 1u);
}

TEST(VoteSourcePoolTest, OtherPartiesAddressesOrderOrGenerationGetAFreshOne) {
  const std::vector<std::vector<PartyEndpoint>> others = {
      // A party that moved.
      Endpoints({{"A", "127.0.0.1:7001"}, {"B", "127.0.0.1:7999"}}),
      // The same parties in another order.
      Endpoints({{"B", "127.0.0.1:7002"}, {"A", "127.0.0.1:7001"}}),
      // Another forum.
      Endpoints({{"A", "127.0.0.1:7001"}}),
      // Ids and addresses that would run together without their lengths.
      Endpoints({{"A1", "27.0.0.1:7001"}, {"B", "127.0.0.1:7002"}}),
  };
  for (const auto& other : others) {
    VoteSourcePool pool({});
    { VoteSourcePool::Lease lease = pool.Acquire(Forum()); }
    VoteSourcePool::Lease fresh = pool.Acquire(other);
    EXPECT_FALSE(fresh.reused()) << VoteSourcePool::KeyOf(other, 0);
    EXPECT_EQ(fresh->party_count(), static_cast<int>(other.size()));
  }
  VoteSourcePool pool({});
  { VoteSourcePool::Lease lease = pool.Acquire(Forum(), /*generation=*/1); }
  // A party registered again: maybe another process at the same address.
  EXPECT_FALSE(pool.Acquire(Forum(), /*generation=*/2).reused());
}

TEST(VoteSourcePoolTest, AnotherKeyDropsTheIdleSourcesOfOthers) {
  VoteSourcePool pool({});
  const auto moved =
      Endpoints({{"A", "127.0.0.1:7001"}, {"B", "127.0.0.1:7999"}});
  VoteSourcePool::Lease held = pool.Acquire(Forum());
  {
    VoteSourcePool::Lease a = pool.Acquire(Forum());
    VoteSourcePool::Lease b = pool.Acquire(Forum());
  }
  EXPECT_EQ(pool.stats().idle, 2);
  {
    // B registered elsewhere: the registry's key now.
    VoteSourcePool::Lease lease = pool.Acquire(moved);
    EXPECT_FALSE(lease.reused());
    EXPECT_EQ(pool.stats().idle, 0);
    EXPECT_EQ(pool.stats().dropped, 2u);
  }
  // A request that began before the move hands back a stale source.
  held = VoteSourcePool::Lease();
  EXPECT_EQ(pool.stats().idle, 1);
  EXPECT_EQ(pool.stats().dropped, 3u);
  EXPECT_TRUE(pool.Acquire(moved).reused());
}

TEST(VoteSourcePoolTest, TheRequestsObserverDoesNotOutliveItsLease) {
  VoteSourcePool pool({});
  // What a session's observer captures: objects of its request.
  auto request_state = std::make_shared<int>(7);
  {
    VoteSourcePool::Lease lease = pool.Acquire(Forum());
    lease->SetAnswerObserver(
        [request_state](int, const PartyAnswers&) { ++*request_state; });
    EXPECT_EQ(request_state.use_count(), 2);
  }
  EXPECT_EQ(pool.stats().idle, 1);
  EXPECT_EQ(request_state.use_count(), 1);
}

TEST(VoteSourcePoolTest, AMovedLeaseHandsBackOnce) {
  VoteSourcePool pool({});
  VoteSourcePool::Lease a = pool.Acquire(Forum());
  GrpcVoteSource* source = a.get();
  VoteSourcePool::Lease b(std::move(a));
  EXPECT_EQ(b.get(), source);
  EXPECT_EQ(pool.stats().idle, 0);
  // Moving over a held lease hands the held one back.
  VoteSourcePool::Lease c = pool.Acquire(Forum());
  c = std::move(b);
  EXPECT_EQ(c.get(), source);
  EXPECT_EQ(pool.stats().idle, 1);
  c = VoteSourcePool::Lease();
  EXPECT_EQ(pool.stats().idle, 2);
  EXPECT_EQ(pool.stats().dropped, 0u);
}

TEST(VoteSourcePoolTest, DropIdleEmptiesThePool) {
  VoteSourcePool pool({});
  {
    VoteSourcePool::Lease a = pool.Acquire(Forum());
    VoteSourcePool::Lease b = pool.Acquire(Forum());
  }
  pool.DropIdle();
  EXPECT_EQ(pool.stats().idle, 0);
  EXPECT_EQ(pool.stats().dropped, 2u);
  EXPECT_FALSE(pool.Acquire(Forum()).reused());
}

}  // namespace
}  // namespace concert::coordinator
