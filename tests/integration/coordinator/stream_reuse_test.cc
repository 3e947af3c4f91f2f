// GrpcVoteSource keeps one EvaluateStream per party for its whole life:
// explorations, the levels of each and re-tables (other perturbations,
// overlays, drafts) all go over the stream opened first; a party that
// restarts gets a new one. Each party is tabled with the context's
// perturbation and only its own overlay, and names the rule that decided a
// vote — over the stream and over unary calls alike, as the in-process
// source answers.
#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/draft_index.h"
#include "services/common/server/server.h"
#include "services/common/valid_files.h"
#include "services/coordinator/core/in_process_vote_source.h"
#include "services/coordinator/explore/explorer.h"
#include "services/coordinator/explore/question_table.h"
#include "services/coordinator/rpc/channel_pool.h"
#include "services/coordinator/rpc/grpc_vote_source.h"
#include "services/party/rpc/party_service.h"
#include "tests/integration/coordinator/served_parties.h"
#include "tests/support/net/process_forum.h"
#include "tests/support/net/test_party.h"

namespace concert::testing {
namespace {

using coordinator::GrpcVoteSource;
using coordinator::PartyAnswers;
using coordinator::PartyEndpoint;
using coordinator::Question;
using coordinator::TableContext;

constexpr std::uint64_t kEveryParty = ~std::uint64_t{0};

// Every admissible question of `draft`.
std::vector<Question> EveryQuestion(const v1::CharterDraft& draft) {
  auto index = DraftIndex::Build(draft);
  EXPECT_TRUE(index.ok()) << index.status();
  if (!index.ok()) return {};
  auto table = coordinator::QuestionTable::Build(*index, 1'000'000);
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? table->questions() : std::vector<Question>{};
}

// A perturbation and two overlays, each naming its party: DPRK objects
// only on its red lines, USA never supports.
TableContext Study(const v1::Scenario& scenario, const v1::CharterDraft& draft,
                   std::uint64_t seed) {
  TableContext context;
  context.draft = &draft;
  context.variant = "transformation";
  context.initial_state.assign(scenario.initial_state().begin(),
                               scenario.initial_state().end());
  context.perturbation.set_seed(seed);
  context.perturbation.set_spread(0.5);
  v1::PartyOverlay dprk;
  dprk.set_party("DPRK");
  dprk.set_objection_threshold(1000);
  v1::PartyOverlay usa;
  usa.set_party("USA");
  usa.set_support_threshold(1000);
  context.overlays = {dprk, usa};
  return context;
}

class StreamReuseTest : public ServedPartiesTest {
 protected:
  absl::StatusOr<v1::Exploration> ExploreWith(
      coordinator::VoteSource& source, const std::string& variant,
      std::uint64_t ask_ahead =
          coordinator::ExploreOptions{}.ask_ahead_max_questions) {
    coordinator::ExploreInput input;
    input.scenario = &scenario_;
    input.draft = &draft_;
    input.variant = variant;
    coordinator::ExploreOptions options;
    options.ask_ahead_max_questions = ask_ahead;
    return coordinator::Explore(input, options, source);
  }

  void ExpectOneStreamEach() {
    for (int i = 0; i < scenario_.parties_size(); ++i) {
      EXPECT_EQ(parties_[i]->party->stream_calls(), 1)
          << scenario_.parties(i).id();
    }
  }
};

TEST_F(StreamReuseTest, ExplorationsLevelsAndReTablesShareOneStreamPerParty) {
  GrpcVoteSource source(Endpoints());
  auto ahead = ExploreWith(source, "transformation");
  ASSERT_TRUE(ahead.ok()) << ahead.status();
  // Level by level, with the veto-power re-walks: many asks, one stream.
  auto live = ExploreWith(source, "transformation", /*ask_ahead=*/0);
  ASSERT_TRUE(live.ok()) << live.status();
  EXPECT_EQ(live->consensus_sequences(), ahead->consensus_sequences());
  EXPECT_EQ(live->states_explored(), ahead->states_explored());
  // Another variant, another draft, studies with perturbations and
  // overlays: re-tables over the same streams.
  ASSERT_TRUE(ExploreWith(source, "").ok());
  const v1::CharterDraft other = ShippedDraft("bloc-3plus3");
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const TableContext study =
        Study(scenario_, seed % 2 ? draft_ : other, seed);
    ASSERT_TRUE(source.Table(study).ok());
    const std::vector<Question> questions = EveryQuestion(*study.draft);
    std::vector<PartyAnswers> answers;
    ASSERT_TRUE(source.Ask(questions, false, kEveryParty, &answers).ok());
    for (int i = 0; i < scenario_.parties_size(); ++i) {
      EXPECT_TRUE(answers[i].answered) << answers[i].error;
    }
  }
  ExpectOneStreamEach();
}

TEST_F(StreamReuseTest, EachPartyIsTabledWithThePerturbationAndItsOwnOverlay) {
  GrpcVoteSource remote(Endpoints());
  coordinator::InProcessVoteSource local(scenario_);
  const std::vector<Question> questions = EveryQuestion(draft_);
  ASSERT_FALSE(questions.empty());
  std::vector<PartyAnswers> plain;
  {
    TableContext baseline = Study(scenario_, draft_, 0);
    baseline.perturbation.Clear();
    baseline.overlays.clear();
    ASSERT_TRUE(local.Table(baseline).ok());
    ASSERT_TRUE(local.Ask(questions, false, kEveryParty, &plain).ok());
  }
  for (std::uint64_t seed : {11, 12}) {
    const TableContext study = Study(scenario_, draft_, seed);
    ASSERT_TRUE(remote.Table(study).ok());
    ASSERT_TRUE(local.Table(study).ok());
    std::vector<PartyAnswers> got, want;
    ASSERT_TRUE(remote.Ask(questions, false, kEveryParty, &got).ok());
    ASSERT_TRUE(local.Ask(questions, false, kEveryParty, &want).ok());
    int changed = 0;
    bool others_support = false;
    for (int i = 0; i < scenario_.parties_size(); ++i) {
      const std::string& id = scenario_.parties(i).id();
      ASSERT_TRUE(got[i].answered) << got[i].error;
      ASSERT_TRUE(want[i].answered) << want[i].error;
      EXPECT_EQ(got[i].votes, want[i].votes) << id << " seed " << seed;
      if (got[i].votes != plain[i].votes) ++changed;
      // USA's overlay reached USA, and only USA.
      const bool supports = std::find(got[i].votes.begin(), got[i].votes.end(),
                                      v1::VOTE_SUPPORT) != got[i].votes.end();
      if (id == "USA") {
        EXPECT_FALSE(supports);
      } else {
        others_support = others_support || supports;
      }
    }
    EXPECT_TRUE(others_support);
    EXPECT_GT(changed, 2) << "the study changed too few parties' votes";

    // Details, over the stream (several questions) and over unary calls
    // (one), name the deciding rule as the party's model does.
    const std::vector<Question> few(questions.begin(), questions.begin() + 40);
    for (std::size_t count : {few.size(), std::size_t{1}}) {
      const std::span<const Question> asked(few.data(), count);
      ASSERT_TRUE(remote.Ask(asked, true, kEveryParty, &got).ok());
      ASSERT_TRUE(local.Ask(asked, true, kEveryParty, &want).ok());
      for (int i = 0; i < scenario_.parties_size(); ++i) {
        ASSERT_TRUE(got[i].answered) << got[i].error;
        ASSERT_EQ(got[i].details.size(), count);
        ASSERT_EQ(want[i].details.size(), count);
        for (std::size_t k = 0; k < count; ++k) {
          EXPECT_EQ(got[i].details[k].rule, want[i].details[k].rule);
          EXPECT_EQ(got[i].details[k].rationale, want[i].details[k].rationale);
          EXPECT_DOUBLE_EQ(got[i].details[k].utility_change,
                           want[i].details[k].utility_change);
        }
      }
    }
  }
  ExpectOneStreamEach();
}

// Once a source has described and tabled its parties, a re-table costs no
// round trip: the draft rides with the next batch, under the digest the
// parties compute themselves, and the answers are those of a party tabled
// the ordinary way.
TEST_F(StreamReuseTest, ReTablesOfDescribedPartiesCostNoCallOfTheirOwn) {
  GrpcVoteSource remote(Endpoints());
  coordinator::InProcessVoteSource local(scenario_);
  const std::vector<Question> questions = EveryQuestion(draft_);
  std::vector<PartyAnswers> got, want;
  TableContext first = Study(scenario_, draft_, 0);
  first.perturbation.Clear();
  ASSERT_TRUE(remote.Table(first).ok());
  ASSERT_TRUE(remote.Ask(questions, false, kEveryParty, &got).ok());
  for (const auto& p : parties_) {
    EXPECT_EQ(p->party->describe_calls(), 1);
    EXPECT_EQ(p->party->table_calls(), 1);
  }
  const v1::CharterDraft other = ShippedDraft("bloc-3plus3");
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    // Other perturbations, and another draft (another variant) between.
    TableContext study = Study(scenario_, seed == 3 ? other : draft_, seed);
    if (seed == 3) study.variant.clear();
    const std::vector<Question> asked = EveryQuestion(*study.draft);
    ASSERT_TRUE(remote.Table(study).ok());
    ASSERT_TRUE(local.Table(study).ok());
    ASSERT_TRUE(remote.Ask(asked, false, kEveryParty, &got).ok());
    ASSERT_TRUE(local.Ask(asked, false, kEveryParty, &want).ok());
    for (int i = 0; i < scenario_.parties_size(); ++i) {
      ASSERT_TRUE(got[i].answered) << got[i].error;
      EXPECT_EQ(got[i].votes, want[i].votes)
          << scenario_.parties(i).id() << " seed " << seed;
    }
    // Details over unary calls carry the draft too.
    ASSERT_TRUE(remote.Ask({asked.data(), 1}, true, kEveryParty, &got).ok());
    ASSERT_TRUE(local.Ask({asked.data(), 1}, true, kEveryParty, &want).ok());
    for (int i = 0; i < scenario_.parties_size(); ++i) {
      ASSERT_TRUE(got[i].answered) << got[i].error;
      EXPECT_EQ(got[i].details[0].rationale, want[i].details[0].rationale);
    }
  }
  for (int i = 0; i < scenario_.parties_size(); ++i) {
    EXPECT_EQ(parties_[i]->party->describe_calls(), 1);
    EXPECT_EQ(parties_[i]->party->table_calls(), 1)
        << scenario_.parties(i).id() << " was tabled by a call of its own";
  }
  ExpectOneStreamEach();
}

// A draft a party cannot take, tabled lazily, is refused at the ask — with
// the party's reason, as an eager Table would have reported it — and the
// next draft it can take is answered again.
TEST_F(StreamReuseTest, ALazyTableThePartyRefusesSaysWhyAtTheAsk) {
  GrpcVoteSource source(Endpoints());
  ASSERT_TRUE(ExploreWith(source, "transformation").ok());
  TableContext study = Study(scenario_, draft_, 1);
  study.overlays[0].add_lift_rules("no_such_rule");
  ASSERT_TRUE(source.Table(study).ok());
  const std::vector<Question> questions = EveryQuestion(draft_);
  std::vector<PartyAnswers> got;
  ASSERT_TRUE(source.Ask(questions, false, kEveryParty, &got).ok());
  for (int i = 0; i < scenario_.parties_size(); ++i) {
    const std::string& id = scenario_.parties(i).id();
    if (id != "DPRK") {
      EXPECT_TRUE(got[i].answered) << id << ": " << got[i].error;
      continue;
    }
    EXPECT_FALSE(got[i].answered);
    EXPECT_THAT(got[i].error, ::testing::HasSubstr("did not take the draft"));
    EXPECT_THAT(got[i].error, ::testing::HasSubstr("no_such_rule"));
  }
  auto again = ExploreWith(source, "transformation");
  EXPECT_TRUE(again.ok()) << again.status();
}

TEST_F(StreamReuseTest, AnOverlayNamingNoPartyIsRefused) {
  GrpcVoteSource source(Endpoints());
  TableContext study = Study(scenario_, draft_, 1);
  study.overlays[0].set_party("NOBODY");
  EXPECT_EQ(source.Table(study).code(), absl::StatusCode::kInvalidArgument);
  study.overlays[0].set_party("USA");
  EXPECT_EQ(source.Table(study).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StreamReuseTest, APartyThatRestartsGetsANewStream) {
  std::vector<PartyEndpoint> endpoints = Endpoints();
  const std::shared_ptr<grpc::Channel> dprk = endpoints[5].channel;
  GrpcVoteSource source(std::move(endpoints));
  auto before = ExploreWith(source, "transformation");
  ASSERT_TRUE(before.ok()) << before.status();
  const int port = parties_[5]->port();
  parties_[5]->Stop();
  parties_[5] =
      ServedParty::Start(scenario_.parties(5), VariantNames(scenario_),
                         absl::StrCat("127.0.0.1:", port));
  ASSERT_NE(parties_[5]->server, nullptr);
  // Reconnected before the next request, as after a restart long ago: a
  // new stream would just work, and only the old one's end tells.
  ASSERT_TRUE(dprk->WaitForConnected(std::chrono::system_clock::now() +
                                     std::chrono::seconds(10)));

  auto after = ExploreWith(source, "transformation");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->consensus_sequences(), before->consensus_sequences());
  // The process at DPRK's address is another: it is described again (once
  // its old stream's end is seen — at the latest by the ask that follows).
  auto again = ExploreWith(source, "transformation");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(parties_[5]->party->describe_calls(), 1);
  ExpectOneStreamEach();
}

// A party that dies mid-ask and is back within the retries is asked on a
// new stream only what its first life did not answer; the others are not
// asked again.
TEST_F(StreamReuseTest, BatchesAnsweredBeforeAPartyRestartsAreNotAskedAgain) {
  coordinator::GrpcVoteSourceOptions options;
  options.batch_questions = 16;
  options.retry.retries = 2;
  // Long enough for DPRK to come back while a retry waits for it.
  options.party_deadline = {{"DPRK", std::chrono::milliseconds(20000)}};
  GrpcVoteSource source(Endpoints(), options);
  coordinator::InProcessVoteSource local(scenario_);
  const TableContext context = Study(scenario_, draft_, 3);
  ASSERT_TRUE(source.Table(context).ok());
  ASSERT_TRUE(local.Table(context).ok());
  const std::vector<Question> questions = EveryQuestion(draft_);
  constexpr int kHeldBatch = 4;
  ASSERT_GT(questions.size(), std::size_t{16} * kHeldBatch);
  for (auto& p : parties_) p->party->ResetCounts();

  parties_[5]->party->HoldBatchesFrom(kHeldBatch);
  std::vector<PartyAnswers> got;
  absl::Status asked;
  std::thread asking(
      [&] { asked = source.Ask(questions, false, kEveryParty, &got); });
  ASSERT_TRUE(parties_[5]->party->WaitUntilHolding());
  const int port = parties_[5]->port();
  parties_[5]->Stop();
  parties_[5] =
      ServedParty::Start(scenario_.parties(5), VariantNames(scenario_),
                         absl::StrCat("127.0.0.1:", port));
  ASSERT_NE(parties_[5]->server, nullptr);
  asking.join();
  ASSERT_TRUE(asked.ok()) << asked;

  std::vector<PartyAnswers> want;
  ASSERT_TRUE(local.Ask(questions, false, kEveryParty, &want).ok());
  for (int i = 0; i < scenario_.parties_size(); ++i) {
    ASSERT_TRUE(got[i].answered) << got[i].error;
    EXPECT_EQ(got[i].votes, want[i].votes) << scenario_.parties(i).id();
  }
  EXPECT_GT(got[5].attempts, 1);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(parties_[i]->party->stream_questions(),
              static_cast<long>(questions.size()))
        << scenario_.parties(i).id();
  }
  // The batches before the held one were answered by the first life.
  const long restarted = parties_[5]->party->stream_questions();
  EXPECT_GE(restarted,
            static_cast<long>(questions.size() - 16 * (kHeldBatch - 1)));
  EXPECT_LT(restarted, static_cast<long>(questions.size()));
  EXPECT_EQ(parties_[5]->party->stream_calls(), 1);
}

// Replicas behind one balanced address: the stream stays with one replica,
// which may never have seen a re-table, so the first batch of every new
// digest carries the draft.
TEST(StreamReplicasTest, ReTablesReachTheStreamsReplica) {
  const v1::Scenario scenario = SixPartyScenario();
  std::vector<std::unique_ptr<party::PartyService>> services;
  std::vector<std::unique_ptr<RunningServer>> servers;
  std::vector<PartyEndpoint> endpoints;
  for (const v1::PartySpec& spec : scenario.parties()) {
    std::vector<int> ports;
    for (int replica = 0; replica < 2; ++replica) {
      party::PartyServiceOptions options;
      options.scenario_variants = VariantNames(scenario);
      services.push_back(std::make_unique<party::PartyService>(spec, options));
      auto server = RunningServer::Start({}, {services.back().get()});
      ASSERT_TRUE(server.ok()) << server.status();
      ports.push_back((*server)->port());
      servers.push_back(*std::move(server));
    }
    PartyEndpoint e;
    e.id = spec.id();
    e.address =
        absl::StrCat("ipv4:127.0.0.1:", ports[0], ",127.0.0.1:", ports[1]);
    e.channel = coordinator::MakePartyChannel(e.address);
    endpoints.push_back(std::move(e));
  }
  GrpcVoteSource remote(std::move(endpoints));
  coordinator::InProcessVoteSource local(scenario);
  const v1::CharterDraft draft = ShippedDraft("arf-three-stage");
  const std::vector<Question> questions = EveryQuestion(draft);
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    const TableContext study = Study(scenario, draft, seed);
    const absl::Status tabled = remote.Table(study);
    ASSERT_TRUE(tabled.ok()) << tabled;
    ASSERT_TRUE(local.Table(study).ok());
    std::vector<PartyAnswers> got, want;
    ASSERT_TRUE(remote.Ask(questions, false, kEveryParty, &got).ok());
    ASSERT_TRUE(local.Ask(questions, false, kEveryParty, &want).ok());
    for (int i = 0; i < scenario.parties_size(); ++i) {
      ASSERT_TRUE(got[i].answered) << got[i].error;
      EXPECT_EQ(got[i].attempts, 1) << scenario.parties(i).id();
      EXPECT_EQ(got[i].votes, want[i].votes) << scenario.parties(i).id();
    }
  }
}

}  // namespace
}  // namespace concert::testing
