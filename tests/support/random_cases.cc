#include "tests/support/random_cases.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/support/forums.h"

namespace concert::coordinator::testing {

RandomCase MakeRandomCase(std::mt19937& random, std::uint64_t seed) {
  RandomCase c;
  c.seed = seed;
  const int n = 1 + random() % 8;
  const int parties = 1 + random() % 4;
  std::vector<int> stage(n);
  for (int i = 0; i < n; ++i) stage[i] = random() % 3;
  c.draft = MakeDraft(n, random() % 2, stage,
                      testing::RandomPrerequisites(n, 0.2, random));
  const v1::DecisionRule::Kind kinds[] = {v1::DecisionRule::CONSENSUS,
                                          v1::DecisionRule::UNANIMITY,
                                          v1::DecisionRule::CONSENSUS_MINUS_ONE,
                                          v1::DecisionRule::QUALIFIED_MAJORITY};
  c.scenario = MakeScenario(parties, kinds[random() % 4]);
  c.scenario.mutable_rule()->set_threshold(0.6);
  c.scenario.mutable_rule()->set_absent_party(
      random() % 2 ? v1::DecisionRule::BLOCKS : v1::DecisionRule::ABSTAINS);
  for (auto& p : *c.scenario.mutable_parties()) p.set_weight(1 + random() % 3);
  for (auto& p : *c.draft.mutable_proposals()) {
    if (random() % 3 == 0)
      p.add_concerns(absl::StrCat("P", random() % parties));
  }
  if (parties > 1 && random() % 4 == 0) {
    v1::Variant* v = c.scenario.add_variants();
    v->set_name("without-one");
    v->add_absent_parties(absl::StrCat("P", random() % parties));
    c.variant = "without-one";
  }
  return c;
}

FakeVoteSource::VoteFn RandomSetVotes(std::uint64_t seed) {
  return [seed](int party, ProposalSet set, int proposal,
                std::span<const std::uint32_t>) {
    const std::uint64_t r = Mix(seed, party, set, proposal) % 100;
    return r < 65   ? v1::VOTE_SUPPORT
           : r < 85 ? v1::VOTE_ABSTAIN
                    : v1::VOTE_OBJECT;
  };
}

}  // namespace concert::coordinator::testing
