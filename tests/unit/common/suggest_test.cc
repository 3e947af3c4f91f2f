#include "services/common/suggest.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace concert {
namespace {

const std::vector<std::string> kCommands = {
    "run",    "explore", "compare", "check",   "parties",
    "health", "records", "resume",  "profile", "conformance"};

TEST(EditDistanceTest, CountsInsertsDeletesSubstitutionsAndSwaps) {
  EXPECT_EQ(EditDistance("run", "run"), 0);
  EXPECT_EQ(EditDistance("rnu", "run"), 1);  // a swap of neighbours
  EXPECT_EQ(EditDistance("varient", "variant"), 1);
  EXPECT_EQ(EditDistance("explor", "explore"), 1);
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
}

TEST(EditDistanceTest, IgnoresCaseAndTellsNoHyphenFromUnderscore) {
  EXPECT_EQ(EditDistance("RUN", "run"), 0);
  EXPECT_EQ(EditDistance("no_color", "no-color"), 0);
}

TEST(EditDistanceTest, ToPartLeavesTheRestOfTheNameFree) {
  EXPECT_EQ(EditDistanceToPart("requires", "prerequisites"), 2);
  EXPECT_EQ(EditDistanceToPart("stage", "stage_order"), 0);
  EXPECT_GT(EditDistance("requires", "prerequisites"), 2);
}

TEST(NearestTest, SuggestsTheCloseName) {
  EXPECT_EQ(Nearest("rnu", kCommands), "run");
  EXPECT_EQ(Nearest("helth", kCommands), "health");
  EXPECT_EQ(Nearest("recrods", kCommands), "records");
  EXPECT_EQ(Nearest("--varient", {"--variant", "--rule", "--scenario"}),
            "--variant");
  EXPECT_EQ(Nearest("requires", {"id", "stage", "prerequisites", "effects"}),
            "prerequisites");
  EXPECT_EQ(Nearest("CONSENSSU", {"CONSENSUS", "UNANIMITY"}), "CONSENSUS");
}

TEST(NearestTest, StaysQuietWhenNothingIsClose) {
  EXPECT_EQ(Nearest("xyz", kCommands), "");
  EXPECT_EQ(Nearest("deploy", kCommands), "");
  EXPECT_EQ(Nearest("--bogus", {"--variant", "--rule", "--scenario"}), "");
  // A short word inside a long name is no evidence.
  EXPECT_EQ(Nearest("id", {"prerequisites"}), "");
  EXPECT_EQ(Nearest("anything", {}), "");
}

TEST(NearestTest, NeverSuggestsTheWordItself) {
  EXPECT_EQ(Nearest("run", kCommands), "");
}

TEST(NearestTest, PrefersTheNearerThenTheEarlier) {
  EXPECT_EQ(Nearest("rule", {"rules", "rule2", "ruler"}), "rules");
  EXPECT_EQ(Nearest("abcd", {"abce", "abcf"}), "abce");
}

TEST(DidYouMeanTest, PhrasesTheSuggestion) {
  EXPECT_EQ(DidYouMean("rnu", kCommands), "; did you mean 'run'?");
  EXPECT_EQ(DidYouMean("xyz", kCommands), "");
}

}  // namespace
}  // namespace concert
