// A batch's votes are copied and checked in one pass (CopyCastableVotes):
// only SUPPORT, ABSTAIN and OBJECT pass, whatever else a party sends —
// UNSPECIFIED, an enum number the proto does not declare, a negative.
#include "services/coordinator/core/cast_vote.h"

#include <cstdint>
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

}  // namespace
}  // namespace concert::coordinator
