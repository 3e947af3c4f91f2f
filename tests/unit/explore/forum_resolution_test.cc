// Sessions and explorations resolve their forum in one place
// (core/forum_context.h): the same bad input gets the same error code from
// both, and neither asks a party anything before it is resolved.
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/coordinator/core/session_runner.h"
#include "services/coordinator/explore/explorer.h"
#include "tests/support/fake_vote_source.h"

namespace concert::coordinator {
namespace {

using testing::FakeVoteSource;
using testing::MakeDraft;
using testing::MakeScenario;

struct Case {
  const char* name;
  // Breaks the scenario, or the variant asked for, or the source.
  void (*spoil)(v1::Scenario& scenario, std::string& variant);
  int source_parties;
  absl::StatusCode code;
};

const Case kCases[] = {
    {"unknown variant", [](v1::Scenario&, std::string& v) { v = "nowhere"; }, 3,
     absl::StatusCode::kInvalidArgument},
    {"variant naming an unknown absent party",
     [](v1::Scenario& s, std::string& v) {
       v1::Variant* variant = s.add_variants();
       variant->set_name("ghost");
       variant->add_absent_parties("P9");
       v = "ghost";
     },
     3, absl::StatusCode::kInvalidArgument},
    {"a source of other parties", [](v1::Scenario&, std::string&) {}, 2,
     absl::StatusCode::kFailedPrecondition},
    {"more than 64 parties",
     [](v1::Scenario& s, std::string&) {
       for (int i = 3; i < 65; ++i)
         s.add_parties()->set_id(absl::StrCat("Q", i));
     },
     3, absl::StatusCode::kInvalidArgument},
};

TEST(ForumResolutionTest, SessionsAndExplorationsAnswerBadInputAlike) {
  for (const Case& c : kCases) {
    v1::Scenario scenario = MakeScenario(3);
    std::string variant;
    c.spoil(scenario, variant);
    const v1::CharterDraft draft = MakeDraft(3);

    FakeVoteSource session_source(c.source_parties);
    SessionOptions options;
    options.variant = variant;
    auto session =
        RunSession(scenario, draft, options, session_source, nullptr);
    EXPECT_EQ(session.status().code(), c.code)
        << c.name << ": " << session.status();
    EXPECT_EQ(session_source.table_calls(), 0) << c.name;

    FakeVoteSource explore_source(c.source_parties);
    auto exploration =
        Explore({&scenario, &draft, variant, {}}, {}, explore_source);
    EXPECT_EQ(exploration.status().code(), c.code)
        << c.name << ": " << exploration.status();
    EXPECT_EQ(explore_source.table_calls(), 0) << c.name;
    EXPECT_EQ(session.status().message(), exploration.status().message())
        << c.name;
  }
}

TEST(ForumResolutionTest, TheRuleOverrideAppliesToExplorationsAsToSessions) {
  const v1::Scenario scenario = MakeScenario(2);  // consensus
  const v1::CharterDraft draft = MakeDraft(2);
  FakeVoteSource source(2);
  source.SetVotes(
      [](int party, ProposalSet, int, std::span<const std::uint32_t>) {
        return party == 1 ? v1::VOTE_ABSTAIN : v1::VOTE_SUPPORT;
      });
  auto consensus = Explore({&scenario, &draft, "", {}}, {}, source);
  ASSERT_TRUE(consensus.ok()) << consensus.status();
  EXPECT_EQ(consensus->consensus_sequences(), "2");
  v1::DecisionRule unanimity;
  unanimity.set_kind(v1::DecisionRule::UNANIMITY);
  FakeVoteSource again(2);
  again.SetVotes(
      [](int party, ProposalSet, int, std::span<const std::uint32_t>) {
        return party == 1 ? v1::VOTE_ABSTAIN : v1::VOTE_SUPPORT;
      });
  auto unanimous = Explore({&scenario, &draft, "", unanimity}, {}, again);
  ASSERT_TRUE(unanimous.ok()) << unanimous.status();
  EXPECT_EQ(unanimous->consensus_sequences(), "0");
}

}  // namespace
}  // namespace concert::coordinator
