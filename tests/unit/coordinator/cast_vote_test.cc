// A batch's votes are copied and checked in one pass (CopyCastableVotes):
// only SUPPORT, ABSTAIN and OBJECT pass, whatever else a party sends —
// UNSPECIFIED, an enum number the proto does not declare, a negative.
// A party's answers are taken whole or not at all (TakeEvaluateResponse,
// TakeBatchResult): a utility change that is not a finite number makes the
// answer invalid (a NaN once reached the record and failed the session).
#include "services/coordinator/core/cast_vote.h"

#include <cstdint>
#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace concert::coordinator {
namespace {

TEST(CastVoteTest, CopyCastableVotesCopiesAndAcceptsOnlyCastableOnes) {
  const std::vector<int> good = {v1::VOTE_SUPPORT, v1::VOTE_ABSTAIN,
                                 v1::VOTE_OBJECT, v1::VOTE_SUPPORT};
  std::vector<std::uint8_t> out(good.size());
  EXPECT_TRUE(CopyCastableVotes(good, out.data()));
  EXPECT_EQ(out, (std::vector<std::uint8_t>{1, 2, 3, 1}));
  EXPECT_TRUE(CopyCastableVotes({}, out.data()));

  for (const int bad : {0, 4, 42, -1, -3, 256 + 1, 1 << 30}) {
    // Anywhere in a long batch (the loop is vectorized in blocks).
    for (const std::size_t at : {std::size_t{0}, std::size_t{37}}) {
      std::vector<int> votes(64, v1::VOTE_ABSTAIN);
      votes[at] = bad;
      std::vector<std::uint8_t> copy(votes.size());
      EXPECT_FALSE(CopyCastableVotes(votes, copy.data()))
          << bad << " at " << at;
      EXPECT_EQ(IsCastableVote(bad), false) << bad;
    }
  }
}

TEST(CastVoteTest, TakeEvaluateResponseRefusesNonFiniteUtilityChanges) {
  v1::EvaluateResponse response;
  response.set_vote(v1::VOTE_SUPPORT);
  response.set_utility_change(0.5);
  response.set_rationale("why");
  PartyAnswers answers;
  ASSERT_TRUE(TakeEvaluateResponse("A", response, &answers));
  EXPECT_EQ(answers.votes, (std::vector<std::uint8_t>{v1::VOTE_SUPPORT}));
  ASSERT_EQ(answers.details.size(), 1u);
  EXPECT_EQ(answers.details[0].rationale, "why");

  for (const double bad : {std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity()}) {
    response.set_utility_change(bad);
    EXPECT_FALSE(TakeEvaluateResponse("A", response, &answers)) << bad;
    EXPECT_FALSE(answers.answered);
    EXPECT_NE(answers.error.find("party A answered a utility change"),
              std::string::npos)
        << answers.error;
  }
}

TEST(CastVoteTest, TakeBatchResultChecksSizesVotesAndUtilityChanges) {
  v1::EvaluateBatchResult result;
  for (int k = 0; k < 3; ++k) {
    result.add_votes(v1::VOTE_OBJECT);
    result.add_details()->set_utility_change(-1.0 * k);
  }
  std::vector<std::uint8_t> votes(3);
  std::vector<VoteDetail> details(3);
  EXPECT_EQ(TakeBatchResult("party A", 0, 3, true, result, votes.data(),
                            details.data()),
            "");
  EXPECT_EQ(details[2].utility_change, -2.0);
  EXPECT_NE(
      TakeBatchResult("party A", 4, 2, false, result, votes.data(), nullptr)
          .find("batch 4 with 3 votes for its 2 questions"),
      std::string::npos);
  result.mutable_details(1)->set_utility_change(
      std::numeric_limits<double>::quiet_NaN());
  EXPECT_NE(TakeBatchResult("party A", 0, 3, true, result, votes.data(),
                            details.data())
                .find("is nan"),
            std::string::npos);
  // Without details asked for, the details are not read.
  EXPECT_EQ(
      TakeBatchResult("party A", 0, 3, false, result, votes.data(), nullptr),
      "");
}

}  // namespace
}  // namespace concert::coordinator
