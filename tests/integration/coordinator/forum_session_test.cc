// A whole forum over real gRPC: every party and the coordinator as servers on
// loopback ports, a session streamed to a client — and the same session run
// in-process, which must agree vote for vote.
#include "absl/strings/match.h"
#include "clients/concert/forum/embedded_forum.h"
#include "gtest/gtest.h"
#include "services/common/valid_files.h"
#include "services/coordinator/core/in_process_vote_source.h"
#include "services/coordinator/core/session_runner.h"
#include "tests/support/net/forum_fixture.h"

namespace concert::testing {
namespace {

TEST(ForumSessionTest, SmallForumReachesConsensusAfterDeferral) {
  auto forum = cli::EmbeddedForum::Start(SmallScenario());
  ASSERT_TRUE(forum.ok()) << forum.status();
  auto stub = CoordinatorStub((*forum)->coordinator_address());
  v1::RunSessionRequest request;
  *request.mutable_draft() = SmallDraft();
  const SessionCall call = RunSession(*stub, request);
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  const v1::Session& s = call.session;
  EXPECT_EQ(s.summary().outcome(), v1::SessionSummary::CONSENSUS);
  // aid deferred (C objects), talks adopted, aid re-tabled and adopted,
  // charter.
  ASSERT_EQ(s.rounds_size(), 4);
  EXPECT_EQ(s.rounds(0).proposal(), "aid");
  EXPECT_EQ(s.rounds(0).outcome(), v1::Round::DEFERRED);
  EXPECT_EQ(s.rounds(0).blocking_parties(0), "C");
  EXPECT_EQ(s.rounds(0).votes(2).vote(), v1::VOTE_OBJECT);
  EXPECT_FALSE(s.rounds(0).votes(2).rationale().empty());
  EXPECT_EQ(s.summary().adopted(0), "talks");
  EXPECT_EQ(call.events, 1 + s.rounds_size() + 1);
  // The header names each party's implementation, from its Describe.
  ASSERT_GT(s.started().parties_size(), 0);
  for (const auto& party : s.started().parties()) {
    EXPECT_TRUE(absl::StartsWith(party.version(), "concert-party "))
        << party.id() << ": '" << party.version() << "'";
  }
  for (const auto& vote : s.rounds(1).votes()) {
    EXPECT_EQ(vote.attempts(), 1);
    EXPECT_GT(vote.latency_us(), 0);
  }
}

// The shipped scenario and a shipped draft give the same session over gRPC
// as in-process: the network path changes nothing but latency.
TEST(ForumSessionTest, SixPartySessionMatchesInProcessRun) {
  auto scenario =
      LoadValidScenario(CONCERT_SOURCE_DIR "/scenarios/six-party.textproto");
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  auto draft = LoadValidDraft(CONCERT_SOURCE_DIR
                              "/scenarios/drafts/arf-three-stage.textproto",
                              *scenario);
  ASSERT_TRUE(draft.ok()) << draft.status();

  auto forum = cli::EmbeddedForum::Start(*scenario);
  ASSERT_TRUE(forum.ok()) << forum.status();
  auto stub = CoordinatorStub((*forum)->coordinator_address());
  v1::RunSessionRequest request;
  *request.mutable_draft() = *draft;
  const SessionCall remote = RunSession(*stub, request);
  ASSERT_TRUE(remote.status.ok()) << remote.status.error_message();
  EXPECT_EQ(remote.session.started().parties_size(), 6);

  coordinator::InProcessVoteSource source(*scenario);
  auto local = coordinator::RunSession(*scenario, *draft, {}, source,
                                       [](const auto&) {});
  ASSERT_TRUE(local.ok()) << local.status();
  EXPECT_EQ(remote.session.summary().outcome(), local->summary().outcome());
  ASSERT_EQ(remote.session.rounds_size(), local->rounds_size());
  for (int r = 0; r < local->rounds_size(); ++r) {
    const auto& a = remote.session.rounds(r);
    const auto& b = local->rounds(r);
    EXPECT_EQ(a.proposal(), b.proposal()) << "round " << r + 1;
    EXPECT_EQ(a.outcome(), b.outcome()) << "round " << r + 1;
    ASSERT_EQ(a.votes_size(), b.votes_size());
    for (int v = 0; v < a.votes_size(); ++v) {
      EXPECT_EQ(a.votes(v).vote(), b.votes(v).vote());
      EXPECT_EQ(a.votes(v).rationale(), b.votes(v).rationale());
      EXPECT_DOUBLE_EQ(a.votes(v).utility_change(),
                       b.votes(v).utility_change());
    }
  }
}

}  // namespace
}  // namespace concert::testing
