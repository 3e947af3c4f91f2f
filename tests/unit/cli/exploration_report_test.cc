#include "clients/concert/render/exploration_report.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "clients/concert/render/format_text.h"
#include "clients/concert/render/report_numbers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace concert::cli {
namespace {

// Repeated strings are added as std::string: GCC 12 warns falsely
// (-Wrestrict) on the generated add_x(const char*) once inlined.

using ::testing::HasSubstr;
using ::testing::Not;

// 54 digits: about 3.96e53.
const std::string kHuge =
    "396493887648591258371925634901285647839201756483920175";

v1::CharterDraft Draft() {
  v1::CharterDraft draft;
  draft.set_id("paper-sequence");
  draft.set_title("The paper's sequence");
  for (auto [id, title] : {std::pair{"S1", "Confidence building"},
                           std::pair{"S2", "Verification"}}) {
    v1::Stage* stage = draft.add_stages();
    stage->set_id(id);
    stage->set_title(title);
  }
  for (auto [id, stage, title] :
       {std::tuple{"consult", "S1", "Regular ministerial meetings"},
        std::tuple{"hotline", "S1", "Military hotline"},
        std::tuple{"verif", "S2", "Verification mechanism"},
        std::tuple{"relief", "S2", "Sanctions relief"},
        std::tuple{"treaty", "S2", "Peace treaty"}}) {
    v1::Proposal* p = draft.add_proposals();
    p->set_id(id);
    p->set_stage(stage);
    p->set_title(title);
  }
  return draft;
}

v1::Sequence Sequence(const std::vector<std::string>& ids, int64_t support) {
  v1::Sequence sequence;
  for (const std::string& id : ids) sequence.add_proposals(id);
  sequence.set_support_votes(support);
  return sequence;
}

// A full-charter exploration with huge counts, blockers and veto power.
v1::Exploration Reachable() {
  v1::Exploration x;
  x.set_exploration_id("ex-7");
  x.set_draft_id("paper-sequence");
  x.set_scenario_id("six-party");
  x.set_variant("transformation");
  x.set_strategy(v1::EXPLORE_STRATEGY_LATTICE);
  x.mutable_rule()->set_kind(v1::DecisionRule::UNANIMITY);
  x.set_admissible_sequences(kHuge);
  x.set_consensus_sequences("1000");
  x.set_consensus_share(1000 / 3.96493887648591258e53);
  x.set_full_charter_reachable(true);
  *x.mutable_best_sequence() =
      Sequence({"consult", "hotline", "verif", "relief", "treaty"}, 27);
  x.mutable_largest_adoptable()->set_size(5);
  *x.mutable_largest_adoptable()->mutable_sequence() = x.best_sequence();
  v1::BlockerStat* b = x.add_blockers();
  b->set_proposal(std::string("verif"));
  b->set_failures(4);
  b->set_tabled(6);
  v1::Objection* o = b->add_objections();
  o->set_party(std::string("DPRK"));
  o->set_count(4);
  o->set_rationale(
      std::string("red line: no verification before security_assurance ≥ 4"));
  o = b->add_objections();
  o->set_party(std::string("CHN"));
  o->set_count(1);
  o->set_rationale(std::string("lowers economic_cooperation"));
  for (auto [party, without] :
       {std::pair{"USA", "1000"}, std::pair{"CHN", "1500"},
        std::pair{"DPRK", "2400000"}}) {
    v1::VetoPower* v = x.add_veto_power();
    v->set_party(party);
    v->set_consensus_sequences_without(without);
  }
  x.set_states_explored(11440);
  x.set_questions_asked(2300000);
  x.set_elapsed_ms(1000);
  return x;
}

// The full charter out of reach: three of five adoptable, with dead ends.
v1::Exploration OutOfReach() {
  v1::Exploration x = Reachable();
  x.set_consensus_sequences("0");
  x.set_consensus_share(0);
  x.set_full_charter_reachable(false);
  x.clear_best_sequence();
  x.mutable_largest_adoptable()->set_size(3);
  *x.mutable_largest_adoptable()->mutable_sequence() =
      Sequence({"consult", "hotline", "relief"}, 14);
  for (int i = 0; i < 5; ++i) {
    v1::DeadEnd* d = x.add_dead_ends();
    d->add_adopted(std::string("consult"));
    d->add_adopted(i == 0 ? std::string("hotline") : std::string("relief"));
    d->add_failing(std::string("verif"));
  }
  x.set_dead_end_count(37);
  return x;
}

// `text` with every run of whitespace as one space, to match sentences
// wherever the report wraps them.
std::string Flat(const std::string& text) {
  return absl::StrJoin(
      absl::StrSplit(text, absl::ByAnyChar(" \n"), absl::SkipEmpty()), " ");
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n');
}

TEST(ReportNumbersTest, CountsExactlyAndShort) {
  ASSERT_EQ(kHuge.size(), 54u);
  // Grouped at any length, and exact.
  const std::string grouped = FormatCount(kHuge);
  EXPECT_EQ(absl::StrReplaceAll(grouped, {{",", ""}}), kHuge);
  EXPECT_EQ(grouped.size(), kHuge.size() + (kHuge.size() - 1) / 3);
  EXPECT_EQ(grouped.substr(0, 8), "396,493,");
  EXPECT_EQ(FormatCount("2432902008176640000"), "2,432,902,008,176,640,000");
  EXPECT_EQ(FormatCount(std::uint64_t{819831867758400}), "819,831,867,758,400");
  EXPECT_EQ(ShortScientific(kHuge), "3.96e53");
  EXPECT_EQ(FormatCountWithShort(kHuge), grouped + "  (≈ 3.96e53)");
  EXPECT_EQ(FormatCount("11440"), "11,440");
  EXPECT_EQ(FormatCount("007"), "7");
  EXPECT_EQ(FormatCount("0"), "0");
  EXPECT_EQ(FormatCountWithShort("123456789"), "123,456,789");
  EXPECT_EQ(ShortScientific("999"), "999");
  EXPECT_EQ(ShortScientific("1234"), "1.23e3");
  EXPECT_EQ(ShortScientific("1235"), "1.24e3");
  EXPECT_EQ(ShortScientific("999600"), "1.00e6");
  EXPECT_EQ(ShortScientific("n/a"), "");
}

TEST(ReportNumbersTest, Shares) {
  EXPECT_EQ(FormatShare(0), "0%");
  EXPECT_EQ(FormatShare(1), "100%");
  EXPECT_EQ(FormatShare(0.375), "37.5%");
  EXPECT_EQ(FormatShare(0.05), "5%");
  EXPECT_EQ(FormatShare(0.000012), "0.0012%");
  EXPECT_EQ(FormatShare(0.9999), "99.99%");
  EXPECT_NE(FormatShare(0.99999999), "100%");
  EXPECT_NE(FormatShare(0.0000011), "0%");
  // Significant figures, never scientific, never rounded to an end.
  EXPECT_EQ(FormatShare(0.000337), "0.0337%");
  EXPECT_EQ(FormatShare(0.0000011), "0.00011%");
  EXPECT_EQ(FormatShare(1e-10), "< 0.0001%");
  EXPECT_EQ(FormatShare(4.3e-19), "< 0.0001%");
  EXPECT_EQ(FormatShare(1 - 1e-10), "> 99.9999%");
  EXPECT_EQ(FormatShare(0.99999), "99.999%");
  for (double share : {1e-7, 1e-12, 0.5, 0.999, 1 - 1e-12}) {
    const std::string text = FormatShare(share);
    EXPECT_EQ(text.find('e'), std::string::npos) << text;
    EXPECT_NE(text, "0%");
    EXPECT_NE(text, "100%");
  }
}

TEST(ReportNumbersTest, RatesAndFactors) {
  EXPECT_EQ(FormatRate(950), "950");
  EXPECT_EQ(FormatRate(9500), "9.5k");
  EXPECT_EQ(FormatRate(2.3e6), "2.3M");
  EXPECT_EQ(FormatRate(0), "0");
  EXPECT_EQ(FormatFactor("1500", "1000"), "×1.5");
  EXPECT_EQ(FormatFactor("240000", "1000"), "×240");
  EXPECT_EQ(FormatFactor("3200000000", "1000"), "×3.2e6");
  EXPECT_EQ(FormatFactor("1000", "1000"), "no change");
  EXPECT_EQ(FormatFactor("12", "0"), "from none");
  EXPECT_EQ(FormatFactor(kHuge, "1"), "×3.96e53");
  EXPECT_LT(CompareDecimal("999", "1000"), 0);
  EXPECT_EQ(CompareDecimal("0100", "100"), 0);
}

TEST(ExplorationTextTest, HeaderAndHeadline) {
  const std::string text = ExplorationText(Reachable(), Draft());
  EXPECT_THAT(
      text, HasSubstr("Exploration of paper-sequence — The paper's sequence"));
  EXPECT_THAT(text, HasSubstr("six-party · variant transformation"));
  EXPECT_THAT(text,
              HasSubstr("lattice · 5 proposals in 2 stages · record ex-7"));
  // Grouped, exact, with the short form under it when both do not fit.
  EXPECT_THAT(text, HasSubstr("Admissible sequences  " + FormatCount(kHuge) +
                              "\n                        (≈ 3.96e53)\n"));
  ExplorationReportOptions wide;
  wide.width = 120;
  EXPECT_THAT(ExplorationText(Reachable(), Draft(), wide),
              HasSubstr("Admissible sequences  " + FormatCount(kHuge) +
                        "  (≈ 3.96e53)\n"));
  EXPECT_THAT(text, HasSubstr("Consensus sequences   1,000\n"));
  // A share too small for four decimals says so, in plain notation.
  EXPECT_THAT(text, HasSubstr("Consensus share       < 0.0001%"));
  EXPECT_THAT(text, HasSubstr("Full charter          ✔ reachable"));
}

TEST(ExplorationTextTest, NamesTheRule) {
  // A rule other than the default is named, with the absent-party rule.
  const std::string text = ExplorationText(Reachable(), Draft());
  EXPECT_THAT(text, HasSubstr("  Rule                  unanimity (absent party "
                              "blocks)\n"));
  v1::Exploration qualified = Reachable();
  v1::DecisionRule* rule = qualified.mutable_rule();
  rule->set_kind(v1::DecisionRule::QUALIFIED_MAJORITY);
  rule->set_threshold(0.75);
  rule->set_abstentions(v1::DecisionRule::COUNTED);
  rule->set_absent_party(v1::DecisionRule::ABSTAINS);
  EXPECT_THAT(ExplorationText(qualified, Draft()),
              HasSubstr("qualified majority 3/4 (abstentions counted, absent "
                        "party abstains)"));
  // A record from before the rule was kept does not claim one.
  v1::Exploration old = Reachable();
  old.clear_rule();
  EXPECT_THAT(ExplorationText(old, Draft()),
              HasSubstr("  Rule                  not recorded\n"));
  EXPECT_THAT(ExplorationMarkdown(Reachable(), Draft()),
              HasSubstr("| Rule | unanimity (absent party blocks) |\n"));
}

TEST(ExplorationTextTest, BestSequenceWithStageMarkers) {
  const std::string text = ExplorationText(Reachable(), Draft());
  EXPECT_THAT(text, HasSubstr("Best sequence · 27 support votes"));
  EXPECT_THAT(text, HasSubstr("  S1 · Confidence building\n"
                              "    1  consult  Regular ministerial meetings\n"
                              "    2  hotline  Military hotline\n"
                              "  S2 · Verification\n"
                              "    3  verif    Verification mechanism\n"));
}

TEST(ExplorationTextTest, LargestAdoptableOnlyWhenOutOfReach) {
  const std::string reachable = ExplorationText(Reachable(), Draft());
  EXPECT_THAT(reachable, Not(HasSubstr("Largest adoptable")));
  EXPECT_THAT(reachable, Not(HasSubstr("Never adopted")));

  const std::string text = ExplorationText(OutOfReach(), Draft());
  EXPECT_THAT(
      text,
      HasSubstr("✘ out of reach — at most 3 of 5 proposals can be adopted"));
  EXPECT_THAT(text, HasSubstr("Consensus share       0%"));
  EXPECT_THAT(text, HasSubstr("Best sequence · none"));
  EXPECT_THAT(text, HasSubstr("Largest adoptable set · 3 of 5 proposals"));
  EXPECT_THAT(text, HasSubstr("    3  relief   Sanctions relief"));
  EXPECT_THAT(text, HasSubstr("Never adopted  verif, treaty"));
}

TEST(ExplorationTextTest, DeadEndsCountedAndFirstFewListed) {
  EXPECT_THAT(ExplorationText(Reachable(), Draft()),
              HasSubstr("Dead ends · none"));
  const std::string text = ExplorationText(OutOfReach(), Draft());
  EXPECT_THAT(
      text,
      HasSubstr("Dead ends · 37 sets from which nothing passes; the first 3"));
  EXPECT_THAT(text, HasSubstr("  1.  adopted  consult, hotline\n"
                              "      failing  verif\n"));
  EXPECT_THAT(text, HasSubstr("  3.  adopted"));
  EXPECT_THAT(text, Not(HasSubstr("  4.  adopted")));
}

TEST(ExplorationTextTest, BlockersTable) {
  const std::string text = ExplorationText(Reachable(), Draft());
  EXPECT_THAT(
      text,
      HasSubstr("Proposal                Failed/tabled  Objecting parties"));
  EXPECT_THAT(text, HasSubstr("  verif                   4/6 (66.7%)    DPRK "
                              "×4  red line: no verification before\n"
                              "  Verification mechanism                        "
                              "  security_assurance ≥ 4\n"
                              "                                         CHN  "
                              "×1  lowers economic_cooperation\n"));
}

TEST(ExplorationTextTest, VetoTable) {
  ExplorationReportOptions options;
  options.parties = {"DPRK", "USA", "CHN"};
  const std::string text = ExplorationText(Reachable(), Draft(), options);
  EXPECT_THAT(text, HasSubstr("Parties               DPRK, USA, CHN"));
  // In the forum's order given by the options.
  EXPECT_THAT(text, HasSubstr("  DPRK   ×2.4e3      2,400,000  ◀ most pivotal\n"
                              "  USA    no change   1,000\n"
                              "  CHN    ×1.5        1,500\n"));
  EXPECT_THAT(
      text, HasSubstr("Setting aside the objections of USA changes nothing."));
}

TEST(ExplorationTextTest, EstimateWordingOnlyWhenEstimated) {
  EXPECT_THAT(ExplorationText(Reachable(), Draft()),
              Not(HasSubstr("ESTIMATE")));
  EXPECT_THAT(ExplorationText(Reachable(), Draft()),
              Not(HasSubstr("estimated")));

  v1::Exploration x = Reachable();
  x.set_strategy(v1::EXPLORE_STRATEGY_SAMPLE);
  v1::Estimate* e = x.mutable_estimate();
  e->set_samples(10000);
  e->set_consensus_samples(1230);
  e->set_share(0.123);
  e->set_share_low(0.117);
  e->set_share_high(0.129);
  e->set_consensus_sequences("123");
  e->set_seed(42);
  x.set_consensus_share(0.123);
  x.set_consensus_sequences("123");
  const std::string text = ExplorationText(x, Draft());
  EXPECT_THAT(Flat(text),
              HasSubstr("ESTIMATES — the consensus numbers are estimated from "
                        "10,000 sampled sequences, of which 1,230 reached "
                        "consensus; 95% interval of the share 11.7% – 12.9%; "
                        "seed 42."));
  EXPECT_THAT(text,
              HasSubstr("Consensus share       12.3%  (estimated; 95% interval "
                        "11.7% – 12.9%)\n"));
  EXPECT_THAT(text, HasSubstr("Consensus sequences   ≈ 123  (estimated)\n"));
  EXPECT_THAT(text, HasSubstr("Best sampled sequence"));
  EXPECT_THAT(ExplorationMarkdown(x, Draft()), HasSubstr("> **ESTIMATES** — "));
  EXPECT_THAT(ExplorationMarkdown(Reachable(), Draft()),
              Not(HasSubstr("ESTIMATE")));
}

TEST(ExplorationTextTest, SaysWhichPartiesMadeTheExplorationSample) {
  EXPECT_THAT(ExplorationText(Reachable(), Draft()), Not(HasSubstr("MEMORY")));
  v1::Exploration x = Reachable();
  x.set_strategy(v1::EXPLORE_STRATEGY_SAMPLE);
  x.add_history_parties(std::string("DPRK"));
  x.add_history_parties(std::string("ROK"));
  x.add_memory_unset_parties(std::string("ROK"));
  const std::string text = Flat(ExplorationText(x, Draft()));
  EXPECT_THAT(text, HasSubstr("MEMORY — DPRK says its votes may depend on the "
                              "order of adoption (MEMORY_HISTORY). ROK leaves "
                              "Describe.memory unset, which is read as "
                              "MEMORY_HISTORY"));
  EXPECT_THAT(text, HasSubstr("So the orders were sampled."));
  EXPECT_THAT(ExplorationMarkdown(x, Draft()),
              HasSubstr("> **MEMORY** — DPRK says"));
}

TEST(ExplorationTextTest, FooterWithRate) {
  const std::string text = ExplorationText(Reachable(), Draft());
  EXPECT_THAT(
      text,
      HasSubstr("Explored 11,440 states · 2,300,000 questions · 1,000 ms · "
                "2.3M questions/s\n"));
}

TEST(ExplorationTextTest, ColourOnlyWhenAsked) {
  for (const v1::Exploration& x : {Reachable(), OutOfReach()}) {
    EXPECT_THAT(ExplorationText(x, Draft()), Not(HasSubstr("\x1b")));
    EXPECT_THAT(ExplorationMarkdown(x, Draft()), Not(HasSubstr("\x1b")));
  }
  ExplorationReportOptions options;
  options.color = true;
  EXPECT_THAT(ExplorationText(Reachable(), Draft(), options),
              HasSubstr("\x1b["));
}

TEST(ExplorationTextTest, FitsTheWidth) {
  for (const v1::Exploration& x : {Reachable(), OutOfReach()}) {
    for (int width : {100, 72}) {
      ExplorationReportOptions options;
      options.width = width;
      options.color = true;  // escapes take no columns
      std::ostringstream out;
      WriteExplorationText(out, x, Draft(), options);
      for (const std::string& line : Lines(out.str())) {
        // The 54-digit count is one word and cannot wrap below its length.
        if (absl::StrContains(line, FormatCount(kHuge))) continue;
        EXPECT_LE(DisplayWidth(line), width) << line;
      }
    }
  }
}

TEST(ExplorationMarkdownTest, HeadingsAndTables) {
  ExplorationReportOptions options;
  options.parties = {"USA", "CHN", "DPRK"};
  const std::string md = ExplorationMarkdown(Reachable(), Draft(), options);
  EXPECT_THAT(
      md,
      HasSubstr("## Exploration of The paper's sequence (`paper-sequence`)\n"));
  EXPECT_THAT(md, HasSubstr("| Variant | transformation |\n"));
  EXPECT_THAT(md, HasSubstr("| Admissible sequences | " + FormatCount(kHuge) +
                            "  (≈ 3.96e53) |\n"));
  EXPECT_THAT(md, HasSubstr("| Full charter | ✔ reachable |\n"));
  EXPECT_THAT(md, HasSubstr("### Best sequence (27 support votes)\n"));
  EXPECT_THAT(
      md,
      HasSubstr(
          "| 1 | S1 · Confidence building | `consult` | Regular ministerial "
          "meetings |\n| 2 |  | `hotline` | Military hotline |\n"));
  // Markdown punctuation in rationales is escaped so tables stay intact.
  EXPECT_THAT(
      md,
      HasSubstr("| `verif` Verification mechanism | 4/6 (66.7%) | `DPRK` ×4: "
                "red line: "
                "no verification before security\\_assurance ≥ 4<br>`CHN` ×1: "
                "lowers economic\\_cooperation |\n"));
  EXPECT_THAT(
      md, HasSubstr("| `DPRK` | **×2.4e3** (most pivotal) | 2,400,000 |\n"));
  EXPECT_THAT(md, HasSubstr("| `USA` | no change | 1,000 |\n"));
  EXPECT_THAT(md, Not(HasSubstr("Largest adoptable")));
  EXPECT_THAT(md, HasSubstr("### Run\n\nExplored 11,440 states"));

  const std::string out = ExplorationMarkdown(OutOfReach(), Draft());
  EXPECT_THAT(out, HasSubstr("### Largest adoptable set (3 of 5 proposals)"));
  EXPECT_THAT(out, HasSubstr("Never adopted: `verif`, `treaty`."));
  EXPECT_THAT(out,
              HasSubstr("37 sets from which nothing passes; the first 3."));
  EXPECT_THAT(out, HasSubstr("| 1 | `consult`, `hotline` | `verif` |\n"));
}

TEST(FormatProgressTest, LevelStatesRate) {
  v1::ExploreProgress progress;
  progress.set_level(7);
  progress.set_levels(16);
  progress.set_states(11440);
  progress.set_questions(123456789);
  progress.set_questions_per_second(2.3e6);
  EXPECT_EQ(FormatProgress(progress),
            "level 7/16 · 11,440 states · 2.3M questions/s");

  v1::ExploreProgress early;
  early.set_states(1);
  EXPECT_EQ(FormatProgress(early), "1 state");
}

TEST(FormatProgressTest, NamesThePhaseWithElapsedTimeAndEta) {
  v1::ExploreProgress p;
  p.set_phase("veto power of DPRK");
  p.set_phase_number(2);
  p.set_phases(7);
  p.set_level(5);
  p.set_levels(16);
  p.set_states(11440);
  p.set_elapsed_ms(1200);
  p.set_fraction_done(0.3);
  // 1.2 s for 30%: 2.8 s left, said in whole seconds.
  EXPECT_EQ(FormatProgress(p),
            "phase 2/7 veto power of DPRK · level 5/16 · 11,440 states · "
            "1.2 s elapsed · ETA 3 s");
  // Too early to tell: no ETA yet.
  p.set_elapsed_ms(400);
  EXPECT_THAT(FormatProgress(p), HasSubstr("0.4 s elapsed · ETA —"));
  p.set_elapsed_ms(5000);
  p.set_fraction_done(0.001);
  EXPECT_THAT(FormatProgress(p), HasSubstr("ETA —"));
  p.set_fraction_done(1);
  EXPECT_THAT(FormatProgress(p), HasSubstr("ETA 0 s"));
  // A single phase goes by its name alone.
  p.set_phases(1);
  p.set_phase_number(1);
  p.set_phase("consensus sequences");
  EXPECT_THAT(FormatProgress(p),
              ::testing::StartsWith("consensus sequences · level 5/16"));
}

TEST(ReportNumbersTest, Durations) {
  EXPECT_EQ(FormatDuration(0), "0 s");
  EXPECT_EQ(FormatDuration(400), "0.4 s");
  EXPECT_EQ(FormatDuration(1234), "1.2 s");
  EXPECT_EQ(FormatDuration(45'000), "45 s");
  EXPECT_EQ(FormatDuration(200'000), "3 min 20 s");
  EXPECT_EQ(FormatDuration(7'500'000), "2 h 5 min");
}

}  // namespace
}  // namespace concert::cli
