// The record commands' pure parts: the listing table, the show headers, the
// replay comparison, and the order `records check` reads and the answers it
// and `records sequences` print.
#include "clients/concert/render/records_format.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "clients/concert/render/records_analysis.h"
#include "clients/concert/render/records_compare.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/names.h"

namespace concert::cli {
namespace {

// Repeated strings are added as std::string: GCC 12 warns falsely
// (-Wrestrict) on the generated add_x(const char*) once inlined.

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::int64_t kNov27 = 1795820846123;  // 2026-11-27T23:07:26.123Z
const std::string kSha =
    "1a2b3c4d5e6f77889900aabbccddeeff00112233445566778899aabbccddeeff";

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

v1::RecordSummary Summary(const std::string& id, const std::string& kind,
                          const std::string& status, const std::string& variant,
                          const std::string& outcome) {
  v1::RecordSummary s;
  s.set_id(id);
  s.set_kind(*ParseRecordKind(kind));
  s.set_created_at_ms(kNov27);
  s.set_status(*ParseRecordStatus(status));
  s.set_draft_id("paper-sequence");
  s.set_scenario_id("six-party");
  s.set_variant(variant);
  s.set_outcome(outcome);
  s.add_rules()->set_kind(v1::DecisionRule::CONSENSUS);
  return s;
}

// A three-proposal draft in one FREE stage: A, then B; C requires A.
v1::CharterDraft Draft() {
  v1::CharterDraft draft;
  draft.set_id("tiny");
  draft.set_stage_order(v1::CharterDraft::FREE);
  draft.add_stages()->set_id("S1");
  for (const char* id : {"A", "B", "C"}) {
    v1::Proposal* p = draft.add_proposals();
    p->set_id(std::string(id));
    p->set_stage(std::string("S1"));
    p->set_title(std::string("Title of ") + id);
  }
  draft.mutable_proposals(2)->add_prerequisites(std::string("A"));
  return draft;
}

void AddAll(google::protobuf::RepeatedPtrField<std::string>* out,
            const std::vector<std::string>& ids) {
  for (const std::string& id : ids) out->Add()->assign(id);
}

TEST(FormatUtcTest, SecondsInUtcAndDashForNever) {
  EXPECT_EQ(FormatUtc(kNov27), "2026-11-27 23:07:26");
  EXPECT_EQ(FormatUtc(0), "-");
  EXPECT_EQ(FormatUtc(-5), "-");
}

TEST(ShortDigestTest, TwelveHexDigits) {
  EXPECT_EQ(ShortDigest(kSha), "1a2b3c4d5e6f");
  EXPECT_EQ(ShortDigest("abc"), "abc");
}

TEST(RecordsTableTest, EmptyListingSaysSo) {
  google::protobuf::RepeatedPtrField<v1::RecordSummary> none;
  EXPECT_EQ(RecordsTable(none), "No records.\n");
}

TEST(RecordsTableTest, AlignedColumnsNewestFirstAsGiven) {
  google::protobuf::RepeatedPtrField<v1::RecordSummary> records;
  *records.Add() =
      Summary("exploration-20261127-231502-0c1d2e", "exploration", "COMPLETE",
              "transformation", "full charter reachable, 56 of 1,234 orders");
  *records.Add() = Summary("session-20261127-230726-abef00", "session",
                           "DEADLOCK", "", "deadlock: 2 proposals blocked");
  const std::vector<std::string> lines = Lines(RecordsTable(records));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_TRUE(absl::StartsWith(lines[0], "ID"));
  EXPECT_THAT(lines[0], HasSubstr("CREATED (UTC)"));
  EXPECT_THAT(lines[1], HasSubstr("exploration-20261127-231502-0c1d2e"));
  EXPECT_THAT(lines[2], HasSubstr("session-20261127-230726-abef00"));
  // An empty variant is the baseline; the time is UTC.
  EXPECT_THAT(lines[2], HasSubstr("baseline"));
  EXPECT_THAT(lines[2], HasSubstr("2026-11-27 23:07:26"));
  // Every column starts at the same offset on every line.
  for (const char* column :
       {"KIND", "CREATED", "STATUS", "DRAFT", "VARIANT", "RULE", "OUTCOME"}) {
    const std::size_t at = lines[0].find(column);
    ASSERT_NE(at, std::string::npos) << column;
    EXPECT_NE(lines[1][at], ' ') << column;
    EXPECT_EQ(lines[1][at - 1], ' ') << column;
    EXPECT_NE(lines[2][at], ' ') << column;
  }
  EXPECT_TRUE(absl::EndsWith(lines[1], "56 of 1,234 orders"));
  for (const std::string& line : lines) EXPECT_NE(line.back(), ' ');
}

v1::SessionRecord SessionRecordFixture() {
  v1::SessionRecord record;
  record.set_id("session-20261127-230726-abef00");
  record.mutable_inputs()->mutable_scenario()->set_id("six-party");
  record.mutable_inputs()->set_scenario_sha256(kSha);
  record.mutable_inputs()->mutable_draft()->set_id("paper-sequence");
  record.mutable_inputs()->set_draft_sha256("ffee" + kSha.substr(4));
  record.mutable_inputs()->set_variant("transformation");
  record.mutable_inputs()->mutable_rule()->set_kind(
      v1::DecisionRule::CONSENSUS);
  record.set_status(v1::RECORD_STATUS_CONSENSUS);
  record.set_coordinator_version("concert-coordinator 0.1.0");
  record.set_started_at_ms(kNov27);
  record.set_ended_at_ms(kNov27 + 1500);
  return record;
}

TEST(SessionRecordHeaderTest, NamesWhatWasRunAgainstWhatAndWhen) {
  const std::string header = SessionRecordHeader(SessionRecordFixture());
  EXPECT_THAT(header,
              HasSubstr("Session record session-20261127-230726-abef00"));
  EXPECT_THAT(header, HasSubstr("CONSENSUS"));
  EXPECT_THAT(header, HasSubstr("2026-11-27 23:07:26 UTC"));
  EXPECT_THAT(header, HasSubstr("2026-11-27 23:07:27 UTC (after 1.5 s)"));
  EXPECT_THAT(header, HasSubstr("six-party (sha256 1a2b3c4d5e6f)"));
  EXPECT_THAT(header, HasSubstr("paper-sequence (sha256 ffee3c4d5e6f)"));
  EXPECT_THAT(header, Not(HasSubstr(kSha)));
  EXPECT_THAT(header, HasSubstr("transformation"));
  EXPECT_THAT(header, HasSubstr("consensus"));
  EXPECT_THAT(header, HasSubstr("concert-coordinator 0.1.0"));
  EXPECT_TRUE(absl::EndsWith(header, "\n\n"));
}

TEST(SessionRecordHeaderTest, UnfinishedSessionAndBaseline) {
  v1::SessionRecord record = SessionRecordFixture();
  record.set_status(v1::RECORD_STATUS_INTERRUPTED);
  record.set_ended_at_ms(0);
  record.mutable_inputs()->clear_variant();
  const std::string header = SessionRecordHeader(record);
  EXPECT_THAT(header, HasSubstr("INTERRUPTED"));
  EXPECT_THAT(header, HasSubstr("not ended"));
  EXPECT_THAT(header, HasSubstr("baseline"));
}

TEST(PartialRoundsTextTest, ListsVotesOfRoundsWithoutOutcome) {
  v1::SessionRecord record = SessionRecordFixture();
  EXPECT_EQ(PartialRoundsText(record), "");
  v1::PartialRound* round = record.add_partial_rounds();
  round->set_number(7);
  round->set_proposal("verif_mechanism");
  v1::CastVote* usa = round->add_votes();
  usa->set_party("USA");
  usa->set_vote(v1::VOTE_SUPPORT);
  v1::CastVote* dprk = round->add_votes();
  dprk->set_party("DPRK");
  dprk->set_vote(v1::VOTE_OBJECT);
  const std::string text = PartialRoundsText(record);
  EXPECT_THAT(text, HasSubstr("outcome never recorded"));
  EXPECT_THAT(text,
              HasSubstr("Round 7 · verif_mechanism: USA support, DPRK object"));
}

TEST(ExplorationRecordHeaderTest, NamesStrategyAndStoredGraph) {
  v1::ExplorationRecord record;
  record.set_id("exploration-20261127-231502-0c1d2e");
  record.mutable_inputs()->mutable_scenario()->set_id("six-party");
  record.mutable_inputs()->set_scenario_sha256(kSha);
  record.mutable_inputs()->mutable_draft()->set_id("arf-three-stage");
  record.set_strategy(v1::EXPLORE_STRATEGY_LATTICE);
  record.set_status(v1::RECORD_STATUS_COMPLETE);
  record.set_created_at_ms(kNov27);
  record.set_graph_blob_bytes(12595);
  const std::string header = ExplorationRecordHeader(record);
  EXPECT_THAT(
      header,
      HasSubstr("Exploration record exploration-20261127-231502-0c1d2e"));
  EXPECT_THAT(header, HasSubstr("COMPLETE"));
  EXPECT_THAT(header, HasSubstr("lattice"));
  EXPECT_THAT(header, HasSubstr("arf-three-stage"));
  EXPECT_THAT(header, HasSubstr("12.3 KiB stored"));
  EXPECT_THAT(header, HasSubstr("baseline"));
  record.set_graph_blob_bytes(0);
  EXPECT_THAT(ExplorationRecordHeader(record), HasSubstr("none stored"));
}

v1::Session Replayed(v1::SessionSummary::Outcome outcome,
                     const std::vector<std::string>& ids) {
  v1::Session session;
  session.mutable_summary()->set_outcome(outcome);
  AddAll(session.mutable_summary()->mutable_adopted(), ids);
  return session;
}

TEST(CompareSessionReplayTest, SameOutcomeSameOrderMatches) {
  v1::SessionRecord record = SessionRecordFixture();
  *record.mutable_session() =
      Replayed(v1::SessionSummary::CONSENSUS, {"A", "B", "C"});
  const ReplayVerdict verdict = CompareSessionReplay(
      record, Replayed(v1::SessionSummary::CONSENSUS, {"A", "B", "C"}));
  EXPECT_TRUE(verdict.matches);
  EXPECT_THAT(
      verdict.line,
      HasSubstr("Replay matches record session-20261127-230726-abef00"));
  EXPECT_THAT(verdict.line,
              HasSubstr("the same 3 proposals adopted in the same order"));
}

TEST(CompareSessionReplayTest, DifferentOrderDiffersAndSaysWhere) {
  v1::SessionRecord record = SessionRecordFixture();
  *record.mutable_session() =
      Replayed(v1::SessionSummary::CONSENSUS, {"A", "B", "C"});
  const ReplayVerdict verdict = CompareSessionReplay(
      record, Replayed(v1::SessionSummary::CONSENSUS, {"A", "C", "B"}));
  EXPECT_FALSE(verdict.matches);
  EXPECT_THAT(verdict.line, HasSubstr("Replay differs"));
  EXPECT_THAT(verdict.line,
              HasSubstr("adopted order differs at step 2: C (recorded B)"));
  EXPECT_THAT(verdict.line, Not(HasSubstr("outcome")));
}

TEST(CompareSessionReplayTest, DifferentOutcomeAndShorterOrder) {
  v1::SessionRecord record = SessionRecordFixture();
  *record.mutable_session() =
      Replayed(v1::SessionSummary::CONSENSUS, {"A", "B", "C"});
  const ReplayVerdict verdict = CompareSessionReplay(
      record, Replayed(v1::SessionSummary::DEADLOCK, {"A"}));
  EXPECT_FALSE(verdict.matches);
  EXPECT_THAT(verdict.line, HasSubstr("outcome DEADLOCK (recorded CONSENSUS)"));
  EXPECT_THAT(verdict.line,
              HasSubstr("stops after 1 proposals (recorded 3; next B)"));
}

TEST(CompareSessionReplayTest, DeadlockWithNothingAdoptedMatchesItsRecord) {
  v1::SessionRecord record = SessionRecordFixture();
  *record.mutable_session() = Replayed(v1::SessionSummary::DEADLOCK, {});
  const ReplayVerdict verdict =
      CompareSessionReplay(record, Replayed(v1::SessionSummary::DEADLOCK, {}));
  EXPECT_TRUE(verdict.matches);
  EXPECT_THAT(verdict.line,
              HasSubstr("DEADLOCK, nothing adopted, as recorded"));
}

TEST(CompareSessionReplayTest, UnfinishedRecordDiffersFromAnEndedReplay) {
  v1::SessionRecord record = SessionRecordFixture();
  AddAll(record.mutable_session()->mutable_summary()->mutable_adopted(), {"A"});
  const ReplayVerdict verdict = CompareSessionReplay(
      record, Replayed(v1::SessionSummary::CONSENSUS, {"A", "B", "C"}));
  EXPECT_FALSE(verdict.matches);
  EXPECT_THAT(verdict.line, HasSubstr("(recorded no outcome)"));
  EXPECT_THAT(verdict.line,
              HasSubstr("goes on past the recorded 1 proposals (step 2: B)"));
}

v1::Exploration Explored(const std::string& admissible,
                         const std::string& consensus, bool reachable,
                         const std::vector<std::string>& best) {
  v1::Exploration e;
  e.set_admissible_sequences(admissible);
  e.set_consensus_sequences(consensus);
  e.set_full_charter_reachable(reachable);
  AddAll(e.mutable_best_sequence()->mutable_proposals(), best);
  return e;
}

v1::ExplorationRecord ExplorationRecordOf(const v1::Exploration& result) {
  v1::ExplorationRecord record;
  record.set_id("exploration-1");
  *record.mutable_result() = result;
  return record;
}

TEST(CompareExplorationReplayTest, SameNumbersAndBestSequenceMatch) {
  const auto record =
      ExplorationRecordOf(Explored("1234", "56", true, {"A", "B", "C"}));
  // Timings and other analyses may differ; counts compare as numbers.
  v1::Exploration replay = Explored("01234", "56", true, {"A", "B", "C"});
  replay.set_elapsed_ms(999);
  const ReplayVerdict verdict = CompareExplorationReplay(record, replay);
  EXPECT_TRUE(verdict.matches) << verdict.line;
  EXPECT_THAT(verdict.line,
              HasSubstr("1,234 admissible and 56 consensus sequences"));
  EXPECT_THAT(verdict.line,
              HasSubstr("full charter reachable, the same best sequence"));
}

TEST(CompareExplorationReplayTest, EveryDifferenceIsNamed) {
  const auto record =
      ExplorationRecordOf(Explored("1234", "56", true, {"A", "B", "C"}));
  const ReplayVerdict verdict =
      CompareExplorationReplay(record, Explored("1234", "0", false, {}));
  EXPECT_FALSE(verdict.matches);
  EXPECT_THAT(verdict.line, HasSubstr("consensus sequences 0 (recorded 56)"));
  EXPECT_THAT(verdict.line,
              HasSubstr("full charter not reachable (recorded reachable)"));
  EXPECT_THAT(verdict.line, HasSubstr("best sequence stops after 0 proposals"));
  EXPECT_THAT(verdict.line, Not(HasSubstr("admissible")));
}

TEST(CompareExplorationReplayTest, BestSequenceOrderMatters) {
  const auto record =
      ExplorationRecordOf(Explored("6", "2", true, {"A", "B", "C"}));
  const ReplayVerdict verdict = CompareExplorationReplay(
      record, Explored("6", "2", true, {"A", "C", "B"}));
  EXPECT_FALSE(verdict.matches);
  EXPECT_THAT(verdict.line,
              HasSubstr("best sequence differs at step 2: C (recorded B)"));
}

TEST(ParseOrderTest, AcceptsAPermutationWithSpaces) {
  auto order = ParseOrder(" B, A ,C", Draft());
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_THAT(*order, ElementsAre("B", "A", "C"));
}

TEST(ParseOrderTest, NamesUnknownAndRepeatedIds) {
  auto order = ParseOrder("A,A,Z", Draft());
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(order.status().message());
  EXPECT_THAT(message, HasSubstr("not proposals of draft tiny: Z"));
  EXPECT_THAT(message, HasSubstr("given twice: A"));
  EXPECT_THAT(message, HasSubstr("or the first few"));
}

TEST(ParseOrderTest, AcceptsAPrefix) {
  auto order = ParseOrder("A, C", Draft());
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_THAT(*order, ElementsAre("A", "C"));
}

TEST(ParseOrderTest, EmptyItemsAndEmptyTextAreErrors) {
  auto doubled = ParseOrder("A,,B,C", Draft());
  ASSERT_FALSE(doubled.ok());
  EXPECT_THAT(std::string(doubled.status().message()),
              HasSubstr("1 empty item"));
  EXPECT_FALSE(ParseOrder("", Draft()).ok());
}

TEST(SequencesTextTest, NumberedBestFirstWithSupport) {
  std::vector<v1::Sequence> sequences(2);
  AddAll(sequences[0].mutable_proposals(), {"A", "C", "B"});
  sequences[0].set_support_votes(14);
  AddAll(sequences[1].mutable_proposals(), {"A", "B", "C"});
  sequences[1].set_support_votes(12);
  const std::string text =
      SequencesText("exploration-1", Draft(), sequences, v1::Exploration());
  EXPECT_THAT(text, HasSubstr("The 2 best consensus sequences of draft tiny"));
  EXPECT_THAT(text, HasSubstr("1. A → C → B"));
  EXPECT_THAT(text, HasSubstr("2. A → B → C"));
  EXPECT_THAT(text, HasSubstr("support votes: 14"));
  EXPECT_LT(text.find("1. A"), text.find("2. A"));
}

TEST(SequencesTextTest, NoSequenceShowsTheLargestAdoptableSet) {
  v1::Exploration result;
  result.mutable_largest_adoptable()->set_size(2);
  AddAll(result.mutable_largest_adoptable()
             ->mutable_sequence()
             ->mutable_proposals(),
         {"A", "C"});
  const std::string text = SequencesText("exploration-1", Draft(), {}, result);
  EXPECT_THAT(
      text,
      HasSubstr(
          "No order of adoption reaches consensus on the whole draft tiny"));
  EXPECT_THAT(text, HasSubstr("largest adoptable set holds 2 of 3"));
  EXPECT_THAT(text, HasSubstr("A → C"));
}

// The graph of Draft(): A passes first, then B and C (C needs A); B from
// the empty set fails (DPRK and CHN object to it in the exploration).
v1::Exploration ExploredTiny() {
  v1::Exploration result;
  v1::ConsensusGraph* graph = result.mutable_graph();
  for (std::uint64_t set : {0b000, 0b001, 0b011, 0b101, 0b111})
    graph->add_nodes(set);
  auto edge = [graph](std::uint32_t from, std::uint32_t to,
                      std::uint32_t proposal, std::uint32_t support) {
    v1::GraphEdge* e = graph->add_edges();
    e->set_source(from);
    e->set_target(to);
    e->set_proposal(proposal);
    e->set_support(support);
  };
  edge(0, 1, 0, 6);  // A
  edge(1, 2, 1, 5);  // A → B
  edge(1, 3, 2, 4);  // A → C
  edge(2, 4, 2, 3);  // A B → C
  edge(3, 4, 1, 6);  // A C → B
  v1::BlockerStat* blocker = result.add_blockers();
  blocker->set_proposal("B");
  blocker->add_objections()->set_party(std::string("DPRK"));
  blocker->add_objections()->set_party(std::string("CHN"));
  return result;
}

TEST(CheckTextTest, ConsensusOrder) {
  auto check =
      coordinator::CheckSequence(ExploredTiny(), Draft(), {"A", "C", "B"});
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(CheckText(*check, Draft()),
            "✔ This order reaches consensus: all 3 steps pass, with 16 SUPPORT "
            "votes.\n");
}

TEST(CheckTextTest, APrefixSaysWhetherTheCharterCanStillBeReached) {
  auto check = coordinator::CheckSequence(ExploredTiny(), Draft(), {"A", "C"});
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(CheckText(*check, Draft()),
            "✔ Every step passes: 2 of 3 proposals adopted (10 SUPPORT "
            "votes). From there the full charter can\n  still be "
            "reached.\n");
}

TEST(CheckTextTest, FailingStepNamesTheObjectingParties) {
  auto order = ParseOrder("B,A,C", Draft());
  ASSERT_TRUE(order.ok());
  auto check = coordinator::CheckSequence(ExploredTiny(), Draft(), *order);
  ASSERT_TRUE(check.ok()) << check.status();
  ASSERT_FALSE(check->consensus());
  const std::string text = CheckText(*check, Draft());
  EXPECT_THAT(
      text,
      HasSubstr(
          "✘ Fails at step 1: B — Title of B does not pass the decision rule"));
  EXPECT_THAT(text, HasSubstr("Objecting to it in the exploration: DPRK, CHN"));
  EXPECT_THAT(text, HasSubstr("0 steps passed before it"));
}

TEST(CheckTextTest, InadmissibleStepSaysWhatItWaitsOn) {
  auto check =
      coordinator::CheckSequence(ExploredTiny(), Draft(), {"C", "A", "B"});
  ASSERT_TRUE(check.ok()) << check.status();
  const std::string text = CheckText(*check, Draft());
  EXPECT_THAT(
      text,
      HasSubstr("✘ Fails at step 1: C — Title of C cannot be tabled yet"));
  EXPECT_THAT(text, HasSubstr("Waiting on: A"));
}

}  // namespace
}  // namespace concert::cli
