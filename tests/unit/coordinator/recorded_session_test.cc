// Sessions held with their record (core/recorded_session.h) and the ledger
// beneath them (core/ledger_vote_source.h), over a scripted vote source and
// a real SQLite file in a temporary directory: what is recorded, in which
// order, what is handed on, and how a stopped session is resumed.
#include "services/coordinator/core/recorded_session.h"

#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/coordinator/core/cast_vote.h"
#include "services/coordinator/core/ledger_vote_source.h"
#include "services/coordinator/core/scripted_vote_source.h"
#include "tests/support/parse.h"
#include "tests/support/records_test.h"

namespace concert::coordinator {
namespace {

using ::concert::coordinator::testing::RawDb;
using ::concert::testing::Parse;
using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Three parties; CHN objects to p2 until p1 is adopted, so the chair defers
// p2, adopts p1 and p3, and tables p2 again in a second pass: four rounds.
v1::Scenario Forum() {
  return Parse<v1::Scenario>(R"pb(
    id: "tiny"
    parties { id: "USA" address: "10.0.0.1:7001" }
    parties { id: "CHN" address: "10.0.0.2:7001" }
    parties { id: "DPRK" address: "10.0.0.3:7001" }
    rule { kind: CONSENSUS }
    variants { name: "dprk_out" absent_parties: "DPRK" }
  )pb");
}

v1::CharterDraft Draft() {
  return Parse<v1::CharterDraft>(R"pb(
    id: "d"
    stage_order: FREE
    stages { id: "S1" }
    proposals { id: "p2" stage: "S1" }
    proposals { id: "p1" stage: "S1" }
    proposals { id: "p3" stage: "S1" }
  )pb");
}

constexpr int kCHN = 1, kDPRK = 2;
constexpr int p2 = 0, p1 = 1;

ScriptedVoteSource Source() {
  ScriptedVoteSource source({"USA", "CHN", "DPRK"});
  source.SetAnswers(kCHN, [](int, ProposalSet adopted, int proposal) {
    ScriptedAnswer a;
    if (proposal == p2 && !Contains(adopted, p1)) {
      a.vote = v1::VOTE_OBJECT;
      a.rationale = "p1 first";
      a.conditions = {"adopt p1"};
    }
    return a;
  });
  return source;
}

SessionOptions Options(const std::string& id) {
  SessionOptions options;
  options.session_id = id;
  return options;
}

class RecordedSessionTest : public testing::RecordStoreTest {
 protected:
  RecordOptions Records() { return {store_.get(), "test-coordinator 1"}; }
};

TEST_F(RecordedSessionTest, RecordsEveryEventBeforeHandingItOn) {
  ScriptedVoteSource source = Source();
  std::vector<std::string> seen;
  auto held = RunRecordedSession(
      Forum(), Draft(), Options("s1"), source, Records(),
      [&](const v1::SessionEvent& event) {
        // Whatever is handed on is already in the file.
        auto stored = store_->LoadSession("s1");
        ASSERT_TRUE(stored.ok()) << stored.status();
        if (event.has_started()) {
          seen.push_back("started");
          EXPECT_EQ(stored->status(), v1::RECORD_STATUS_RUNNING);
        } else if (event.has_round()) {
          seen.push_back(event.round().proposal());
          ASSERT_GE(stored->session().rounds_size(), event.round().number());
          EXPECT_TRUE(MessageDifferencer::Equals(
              stored->session().rounds(event.round().number() - 1),
              event.round()));
        } else {
          seen.push_back("summary");
          EXPECT_EQ(stored->status(), v1::RECORD_STATUS_CONSENSUS);
        }
      });
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_THAT(seen, ElementsAre("started", "p2", "p1", "p3", "p2", "summary"));
  EXPECT_EQ(held->live_votes, 4 * 3);
  EXPECT_EQ(held->replayed_votes, 0);

  auto stored = store_->LoadSession("s1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_TRUE(MessageDifferencer::Equals(stored->session(), held->session));
  EXPECT_EQ(stored->coordinator_version(), "test-coordinator 1");
  // Where the parties listened is not part of the forum's record.
  for (const auto& party : stored->inputs().scenario().parties()) {
    EXPECT_EQ(party.address(), "") << party.id();
  }
  EXPECT_EQ(stored->inputs().rule().kind(), v1::DecisionRule::CONSENSUS);
  EXPECT_EQ(stored->inputs().scenario_sha256().size(), 64u);
}

TEST_F(RecordedSessionTest, WithoutAStoreTheSessionIsTheSame) {
  ScriptedVoteSource recorded = Source();
  ScriptedVoteSource unrecorded = Source();
  auto with = RunRecordedSession(Forum(), Draft(), Options("s1"), recorded,
                                 Records(), nullptr);
  auto without = RunRecordedSession(Forum(), Draft(), Options("s1"), unrecorded,
                                    {}, nullptr);
  ASSERT_TRUE(with.ok()) << with.status();
  ASSERT_TRUE(without.ok()) << without.status();
  EXPECT_TRUE(MessageDifferencer::Equals(with->session, without->session));
}

TEST_F(RecordedSessionTest, AnIdTakenTwiceIsNotOverwritten) {
  ScriptedVoteSource first = Source();
  ASSERT_TRUE(RunRecordedSession(Forum(), Draft(), Options("s1"), first,
                                 Records(), nullptr)
                  .ok());
  ScriptedVoteSource second = Source();
  auto again = RunRecordedSession(Forum(), Draft(), Options("s1"), second,
                                  Records(), nullptr);
  ASSERT_EQ(again.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(again.status().message(),
              HasSubstr("session s1 could not be recorded"));
  EXPECT_THAT(again.status().message(), HasSubstr("already recorded"));
}

TEST_F(RecordedSessionTest, ASuspendedSessionResumesReplayingItsVotes) {
  // DPRK is unreachable from the start: the first round suspends.
  ScriptedVoteSource down = Source();
  down.SetUnreachable(kDPRK, true);
  auto suspended = RunRecordedSession(Forum(), Draft(), Options("s1"), down,
                                      Records(), nullptr);
  ASSERT_TRUE(suspended.ok()) << suspended.status();
  ASSERT_EQ(suspended->session.summary().outcome(),
            v1::SessionSummary::SUSPENDED);

  auto resumable = LoadResumableSession(*store_, "s1", Forum());
  ASSERT_TRUE(resumable.ok()) << resumable.status();
  ASSERT_EQ(resumable->recorded.size(), 1u);
  EXPECT_EQ(resumable->inputs.draft().id(), "d");

  ScriptedVoteSource back = Source();
  auto resumed = ResumeRecordedSession(Forum(), *std::move(resumable), back,
                                       *store_, "test-coordinator 2", nullptr);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->session.summary().outcome(),
            v1::SessionSummary::CONSENSUS);
  // Round 1's two answers came from the record; only DPRK was asked again.
  EXPECT_EQ(resumed->replayed_votes, 2);
  EXPECT_EQ(back.questions_asked(0), 3);
  EXPECT_EQ(back.questions_asked(kDPRK), 4);
  // The votes say which they are: round 1's USA and CHN read back from the
  // record, everything else asked live.
  const v1::Session& session = resumed->session;
  ASSERT_EQ(session.rounds_size(), 4);
  for (const v1::Round& round : session.rounds()) {
    for (const v1::CastVote& vote : round.votes()) {
      const bool from_record = round.number() == 1 && vote.party() != "DPRK";
      EXPECT_EQ(vote.replayed(), from_record)
          << "round " << round.number() << " " << vote.party();
    }
  }
  auto stored = store_->LoadSession("s1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->status(), v1::RECORD_STATUS_CONSENSUS);
  EXPECT_EQ(stored->session().rounds_size(), 4);
}

TEST_F(RecordedSessionTest, OnlyStoppedSessionsOfThisForumResume) {
  ScriptedVoteSource source = Source();
  ASSERT_TRUE(RunRecordedSession(Forum(), Draft(), Options("done"), source,
                                 Records(), nullptr)
                  .ok());
  auto done = LoadResumableSession(*store_, "done", Forum());
  EXPECT_EQ(done.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(done.status().message(), HasSubstr("CONSENSUS"));
  EXPECT_EQ(LoadResumableSession(*store_, "missing", Forum()).status().code(),
            absl::StatusCode::kNotFound);

  ASSERT_TRUE(store_->BeginSession(testing::MakeHeader("elsewhere")).ok());
  ASSERT_TRUE(store_->MarkInterrupted("elsewhere").ok());
  auto elsewhere = LoadResumableSession(*store_, "elsewhere", Forum());
  EXPECT_EQ(elsewhere.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(elsewhere.status().message(), HasSubstr("another forum"));
}

TEST_F(RecordedSessionTest, AKilledProcesssRunningSessionIsTakenOverByResume) {
  // The process holding session "k" is killed in round 3 (while asking p3):
  // nobody marks the session, which stays RUNNING with rounds 1 and 2.
  constexpr int kKilled = 9;
  const int p3 = 2;
  store_.reset();
  ASSERT_EQ(testing::RunInProcessThatDies([&] {
              auto store = RecordStore::Open(DbPath());
              if (!store.ok()) return false;
              ScriptedVoteSource source = Source();
              source.SetAnswers(0, [](int, ProposalSet, int proposal) {
                if (proposal == p3) _exit(kKilled);
                return ScriptedAnswer{};
              });
              RecordOptions records{store->get(), "killed-coordinator 1"};
              return RunRecordedSession(Forum(), Draft(), Options("k"), source,
                                        records, nullptr)
                  .ok();
            }),
            kKilled);
  auto reopened = RecordStore::Open(DbPath());
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  store_ = *std::move(reopened);
  auto left = store_->LoadSession("k");
  ASSERT_TRUE(left.ok()) << left.status();
  ASSERT_EQ(left->status(), v1::RECORD_STATUS_RUNNING);
  ASSERT_EQ(left->session().rounds_size(), 2);

  auto resumable = LoadResumableSession(*store_, "k", Forum());
  ASSERT_TRUE(resumable.ok()) << resumable.status();
  ScriptedVoteSource back = Source();
  auto resumed = ResumeRecordedSession(Forum(), *std::move(resumable), back,
                                       *store_, "test-coordinator 2", nullptr);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->session.summary().outcome(),
            v1::SessionSummary::CONSENSUS);
  EXPECT_EQ(resumed->session.rounds_size(), 4);
  EXPECT_GE(resumed->replayed_votes, 6);  // rounds 1 and 2, never re-asked
  auto stored = store_->LoadSession("k");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->status(), v1::RECORD_STATUS_CONSENSUS);
}

TEST_F(RecordedSessionTest, ASessionALiveProcessRunsIsNotResumedUnderIt) {
  const SessionRecordHeader header = testing::MakeHeader("busy");
  ASSERT_TRUE(store_->BeginSession(header).ok());
  const v1::Scenario& forum = header.inputs.scenario();
  auto resumable = LoadResumableSession(*store_, "busy", forum);
  // Loaded (its forum matches), but not taken over: this very process runs
  // it, and is alive.
  ASSERT_TRUE(resumable.ok()) << resumable.status();
  std::vector<std::string> ids;
  for (const v1::PartySpec& p : forum.parties()) ids.push_back(p.id());
  ScriptedVoteSource source(ids);
  auto resumed = ResumeRecordedSession(forum, *std::move(resumable), source,
                                       *store_, "test-coordinator 2", nullptr);
  EXPECT_EQ(resumed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(resumed.status().message(),
              HasSubstr("is RUNNING in process " + std::to_string(getpid())));
  EXPECT_EQ(source.questions_asked(0), 0);
}

TEST_F(RecordedSessionTest, CheckDraftForForumNamesEveryProblem) {
  v1::CharterDraft draft = Draft();
  draft.mutable_proposals(0)->add_prerequisites("nowhere");
  draft.mutable_proposals(1)->add_concerns("XYZ");
  auto checked = CheckDraftForForum(Forum(), draft, "");
  ASSERT_EQ(checked.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(checked.status().message(), HasSubstr("2 problem(s)"));
  auto forum = CheckDraftForForum(Forum(), Draft(), "dprk_out");
  ASSERT_TRUE(forum.ok()) << forum.status();
  EXPECT_EQ(forum->present, 0b011u);
}

// A source whose parties answer one raw vote value each.
class RawVoteSource : public ScriptedVoteSource {
 public:
  RawVoteSource() : ScriptedVoteSource({"USA", "CHN", "DPRK"}) {}
  absl::Status Ask(std::span<const Question> questions, bool details,
                   std::uint64_t ask, std::vector<PartyAnswers>* out) override {
    asked_rounds.push_back(questions[0].round);
    out->assign(party_count(), PartyAnswers{});
    for (int i = 0; i < party_count(); ++i) {
      if (!((ask >> i) & 1u)) continue;
      (*out)[i].answered = true;
      (*out)[i].votes = {i == kDPRK ? std::uint8_t{7}
                                    : std::uint8_t{v1::VOTE_SUPPORT}};
      if (details) (*out)[i].details.resize(1);
    }
    return absl::OkStatus();
  }
  std::vector<int> asked_rounds;
};

TEST_F(RecordedSessionTest,
       ANonsenseVoteIsAbsentInTheTranscriptAndTheRecordAlike) {
  RawVoteSource source;
  std::vector<v1::CastVote> heard;
  auto held = RunRecordedSession(Forum(), Draft(), Options("s1"), source,
                                 Records(), [&](const v1::SessionEvent& event) {
                                   if (event.has_round())
                                     heard.push_back(event.round().votes(2));
                                 });
  ASSERT_TRUE(held.ok()) << held.status();
  ASSERT_FALSE(heard.empty());
  EXPECT_TRUE(heard[0].absent());
  EXPECT_EQ(heard[0].vote(), v1::VOTE_UNSPECIFIED);
  EXPECT_THAT(heard[0].rationale(), HasSubstr("invalid vote 7"));
  auto stored = store_->LoadSession("s1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_TRUE(MessageDifferencer::Equals(stored->session().rounds(0).votes(2),
                                         heard[0]));
  RawDb raw(DbPath());
  EXPECT_EQ(
      raw.Text(
          "SELECT vote FROM votes WHERE round_number = 1 AND party = 'DPRK'"),
      "VOTE_UNSPECIFIED");
}

TEST_F(RecordedSessionTest,
       TheLedgerFilesAnswersUnderTheRoundTheQuestionNames) {
  ASSERT_TRUE(store_->BeginSession(testing::MakeHeader("s1")).ok());
  ScriptedVoteSource live({"P0", "P1"});
  LedgerVoteSource ledger(live, store_.get(), "s1");
  const v1::CharterDraft draft = testing::MakeDraft(4);
  TableContext table;
  table.draft = &draft;
  ASSERT_TRUE(ledger.Table(table).ok());
  std::vector<PartyAnswers> answers;
  // Rounds 4 and then 2: numbered by the question, not by the call.
  for (int round : {4, 2}) {
    const Question q{0, static_cast<std::uint32_t>(round - 1), {}, round};
    ASSERT_TRUE(
        ledger.Ask(std::span<const Question>(&q, 1), true, 0b11, &answers)
            .ok());
  }
  // A batch (an exploration's questions) is no ledger entry.
  const Question batch[2] = {{0, 0, {}, 0}, {0, 1, {}, 0}};
  ASSERT_TRUE(ledger.Ask(batch, false, 0b11, &answers).ok());
  RawDb raw(DbPath());
  EXPECT_THAT(
      raw.Column(
          "SELECT round_number || ':' || proposal || ':' || party FROM votes "
          "ORDER BY round_number, party"),
      ElementsAre("2:p1:P0", "2:p1:P1", "4:p3:P0", "4:p3:P1"));
  EXPECT_EQ(ledger.live_votes(), 4);
  EXPECT_TRUE(ledger.record_status().ok());
}

TEST_F(RecordedSessionTest, TheLedgerReplaysOnlyAnsweredVotes) {
  ScriptedVoteSource live({"P0", "P1", "P2"});
  std::map<int, std::vector<v1::CastVote>> recorded;
  recorded[1] = {testing::MakeVote("P0", v1::VOTE_OBJECT),
                 testing::MakeVote("P1", v1::VOTE_UNSPECIFIED)};
  recorded[1][1].set_absent(true);
  LedgerVoteSource ledger(live, nullptr, "s1", recorded);
  std::vector<PartyAnswers> answers;
  const Question q{0, 0, {}, 1};
  ASSERT_TRUE(
      ledger.Ask(std::span<const Question>(&q, 1), true, 0b111, &answers).ok());
  EXPECT_EQ(answers[0].votes[0], v1::VOTE_OBJECT);
  EXPECT_EQ(answers[1].votes[0], v1::VOTE_SUPPORT);
  EXPECT_TRUE(answers[0].replayed);
  EXPECT_FALSE(answers[1].replayed);
  EXPECT_TRUE(CastVoteOf("P0", answers[0]).replayed());
  EXPECT_FALSE(CastVoteOf("P1", answers[1]).replayed());
  EXPECT_EQ(ledger.replayed_votes(), 1);
  EXPECT_EQ(ledger.live_votes(), 2);
  EXPECT_EQ(live.questions_asked(0), 0);
  EXPECT_EQ(live.questions_asked(1), 1);
}

TEST(CastVoteTest, OneConversionForEveryAnswer) {
  PartyAnswers none;
  none.error = "connection refused";
  none.attempts = 3;
  v1::CastVote cast = CastVoteOf("USA", none);
  EXPECT_TRUE(cast.absent());
  EXPECT_EQ(cast.rationale(), "unreachable: connection refused");
  EXPECT_EQ(cast.attempts(), 3);

  PartyAnswers two;
  two.answered = true;
  two.votes = {v1::VOTE_SUPPORT, v1::VOTE_SUPPORT};
  EXPECT_TRUE(CastVoteOf("USA", two).absent());

  for (int bad : {0, 4, 255}) {
    PartyAnswers answer;
    answer.answered = true;
    answer.votes = {static_cast<std::uint8_t>(bad)};
    const v1::CastVote c = CastVoteOf("USA", answer);
    EXPECT_TRUE(c.absent()) << bad;
    EXPECT_EQ(c.vote(), v1::VOTE_UNSPECIFIED) << bad;
  }

  PartyAnswers good;
  good.answered = true;
  good.votes = {v1::VOTE_ABSTAIN};
  good.details.push_back({-0.5, "meh", {"adopt p1"}, "", "as we read it"});
  cast = CastVoteOf("CHN", good);
  EXPECT_FALSE(cast.absent());
  EXPECT_EQ(cast.vote(), v1::VOTE_ABSTAIN);
  EXPECT_EQ(cast.utility_change(), -0.5);
  EXPECT_EQ(cast.rationale(), "meh");
  EXPECT_THAT(cast.conditions(), ElementsAre("adopt p1"));
  EXPECT_EQ(cast.statement(), "as we read it");
}

}  // namespace
}  // namespace concert::coordinator
