// Asking ahead changes how the parties are asked, never what an
// exploration finds: every shipped draft under every variant of the shipped
// scenario explores to the same Exploration with and without it (elapsed
// time aside), and with it the walk asks the parties once.
#include <string>
#include <vector>

#include <google/protobuf/util/message_differencer.h>

#include "gtest/gtest.h"
#include "services/common/valid_files.h"
#include "services/coordinator/core/in_process_vote_source.h"
#include "services/coordinator/explore/explorer.h"
#include "tests/support/forwarding_vote_source.h"

namespace concert::coordinator {
namespace {

// Counts the asks that reach the parties (without details: the walk's).
class CountingSource : public testing::ForwardingVoteSource {
 public:
  explicit CountingSource(VoteSource& inner) : ForwardingVoteSource(inner) {}
  absl::Status Ask(std::span<const Question> questions, bool details,
                   std::uint64_t ask, std::vector<PartyAnswers>* out) override {
    if (!details) ++walk_asks_;
    return inner().Ask(questions, details, ask, out);
  }
  absl::Status AskLattice(const LatticePrefix& questions, std::uint64_t ask,
                          std::vector<PartyAnswers>* out,
                          const LatticeProgress& progress) override {
    ++walk_asks_;
    ++lattice_asks_;
    return inner().AskLattice(questions, ask, out, progress);
  }
  // Asks without details, and of those the asks of the lattice order.
  int walk_asks() const { return walk_asks_; }
  int lattice_asks() const { return lattice_asks_; }

 private:
  int walk_asks_ = 0;
  int lattice_asks_ = 0;
};

const std::vector<std::string> kDrafts = {
    "action-for-action-2007", "arf-three-stage", "bloc-3plus3",
    "denuclearization-first", "paper-sequence"};

TEST(AskAheadTest, EveryShippedDraftUnderEveryVariantExploresTheSame) {
  auto scenario =
      LoadValidScenario(CONCERT_SOURCE_DIR "/scenarios/six-party.textproto");
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  std::vector<std::string> variants = {""};
  for (const auto& v : scenario->variants()) variants.push_back(v.name());
  ASSERT_GT(variants.size(), 1u);

  int live_asks = 0;
  int explorations = 0;
  for (const std::string& name : kDrafts) {
    auto draft = LoadValidDraft(
        CONCERT_SOURCE_DIR "/scenarios/drafts/" + name + ".textproto",
        *scenario);
    ASSERT_TRUE(draft.ok()) << draft.status();
    for (const std::string& variant : variants) {
      SCOPED_TRACE(name + " under '" + variant + "'");
      ExploreInput input;
      input.scenario = &*scenario;
      input.draft = &*draft;
      input.variant = variant;
      ExploreOptions options;
      options.strategy = v1::EXPLORE_STRATEGY_LATTICE;
      options.include_graph = true;

      InProcessVoteSource ahead_parties(*scenario);
      CountingSource ahead_source(ahead_parties);
      auto ahead = Explore(input, options, ahead_source);

      options.ask_ahead_max_questions = 0;
      InProcessVoteSource live_parties(*scenario);
      CountingSource live_source(live_parties);
      auto live = Explore(input, options, live_source);

      ASSERT_EQ(ahead.ok(), live.ok())
          << ahead.status() << " / " << live.status();
      if (!ahead.ok()) {
        EXPECT_EQ(ahead.status(), live.status());
        continue;
      }
      // The shipped drafts are small: asked in one ask, not one per level
      // (a walk that stops at its first level asks once either way).
      EXPECT_EQ(ahead_source.walk_asks(), 1);
      // The one ask is of the lattice order, which a party may walk itself.
      EXPECT_EQ(ahead_source.lattice_asks(), 1);
      EXPECT_EQ(live_source.lattice_asks(), 0);
      EXPECT_GE(live_source.walk_asks(), 1);
      live_asks += live_source.walk_asks();
      ++explorations;
      ahead->clear_elapsed_ms();
      live->clear_elapsed_ms();
      std::string diff;
      google::protobuf::util::MessageDifferencer differencer;
      differencer.ReportDifferencesToString(&diff);
      EXPECT_TRUE(differencer.Compare(*ahead, *live)) << diff;
    }
  }
  EXPECT_GT(explorations, 0);
  EXPECT_GT(live_asks, 2 * explorations);
}

}  // namespace
}  // namespace concert::coordinator
