// Random small forums for cross-checks: a draft of up to 8 proposals with
// random stages, prerequisites and concerned parties, up to four parties
// under a random decision rule (sometimes one absent under a variant), and
// set-memory votes drawn from a seed — so that two ways of computing one
// answer can be compared on hundreds of cases.
#ifndef CONCERT_TESTS_SUPPORT_RANDOM_CASES_H_
#define CONCERT_TESTS_SUPPORT_RANDOM_CASES_H_

#include <cstdint>
#include <random>
#include <string>

#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"
#include "tests/support/fake_vote_source.h"

namespace concert::coordinator::testing {

struct RandomCase {
  v1::Scenario scenario;
  v1::CharterDraft draft;
  std::string variant;
  std::uint64_t seed = 0;
};

RandomCase MakeRandomCase(std::mt19937& random, std::uint64_t seed);

// Votes that depend only on the set (SET memory), ~65% support, ~20%
// abstain, ~15% objection.
FakeVoteSource::VoteFn RandomSetVotes(std::uint64_t seed);

}  // namespace concert::coordinator::testing

#endif  // CONCERT_TESTS_SUPPORT_RANDOM_CASES_H_
