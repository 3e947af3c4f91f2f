// A party that answers nonsense — an unknown vote value, a wrong request id,
// an answer to a batch never asked, a stream closed before its answers — is
// at fault, not the coordinator: the coordinator logs the fault against that
// party, treats it as no answer (under BLOCKS a session is SUSPENDED, an
// exploration ends UNAVAILABLE), and lives on, still SERVING and still able
// to hold the next meeting once the party behaves.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/net/grpc_probe.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kDraft[] = "arf-three-stage";
constexpr char kVariant[] = "transformation";

class NonsensePartyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = SixPartyScenario();
    const std::string path = dir_.File("forum.textproto");
    ASSERT_NO_FATAL_FAILURE(ServeInTestParties(&scenario_, &parties_, path));
    coordinator_ = CoordinatorProcess::Start(
        path, dir_.File("records.db"),
        {.misbehaving = "DPRK", .misbehaving_ms = 300});
    ASSERT_NE(coordinator_.process, nullptr);
    draft_ = ShippedDraft(kDraft);
  }

  TestParty& dprk() { return *parties_[5]->party; }

  // The coordinator's log line that blames DPRK, read up to `needle`.
  std::string LogLineWith(const std::string& needle) {
    return coordinator_.process->WaitForLine(needle, std::chrono::seconds(2))
        .value_or("");
  }

  // The coordinator survived: running, SERVING, and able to explore once
  // the party answers sensibly again.
  void ExpectCoordinatorLivesOn() {
    EXPECT_TRUE(coordinator_.process->running());
    const auto health = HealthStatus(coordinator_.address);
    ASSERT_TRUE(health.ok()) << health.status();
    EXPECT_EQ(*health, "SERVING");
    dprk().set_fault(PartyFault::kNone);
    const ExploreCall again = Explore(*coordinator_.stub, draft_, kVariant);
    EXPECT_TRUE(again.status.ok()) << again.status.error_message();
  }

  TempDir dir_;
  v1::Scenario scenario_;
  std::vector<std::unique_ptr<ServedParty>> parties_;
  CoordinatorProcess coordinator_;
  v1::CharterDraft draft_;
};

TEST_F(NonsensePartyTest, UnknownVoteInASessionSuspendsItNamingTheParty) {
  dprk().set_fault(PartyFault::kInvalidVote);
  const SessionCall call =
      RunSession(*coordinator_.stub, SessionRequest(draft_, kVariant));
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_EQ(call.session.summary().outcome(), v1::SessionSummary::SUSPENDED);
  EXPECT_THAT(call.session.summary().missing_parties(), ElementsAre("DPRK"));
  ASSERT_EQ(call.session.rounds_size(), 1);
  const v1::CastVote& vote = call.session.rounds(0).votes(5);
  EXPECT_TRUE(vote.absent());
  EXPECT_EQ(vote.vote(), v1::VOTE_UNSPECIFIED);
  EXPECT_THAT(vote.rationale(), HasSubstr("invalid vote"));
  EXPECT_THAT(LogLineWith("invalid vote"), HasSubstr("party DPRK"));
  // The record holds the same: DPRK absent, the session resumable.
  const v1::Record record =
      GetRecord(*coordinator_.stub, call.session.started().session_id());
  EXPECT_EQ(record.session().status(), v1::RECORD_STATUS_SUSPENDED);
  ExpectCoordinatorLivesOn();
}

struct StreamFault {
  const char* name;
  PartyFault fault;
  // What the coordinator's log says of DPRK.
  const char* logged;
};

// Names the case in test listings.
void PrintTo(const StreamFault& fault, std::ostream* os) { *os << fault.name; }

class NonsenseStreamTest : public NonsensePartyTest,
                           public ::testing::WithParamInterface<StreamFault> {};

TEST_P(NonsenseStreamTest, ExplorationEndsUnavailableNamingTheParty) {
  dprk().set_fault(GetParam().fault);
  const ExploreCall call = Explore(*coordinator_.stub, draft_, kVariant);
  EXPECT_EQ(call.status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << call.status.error_message();
  EXPECT_THAT(call.status.error_message(), HasSubstr("DPRK"));
  EXPECT_THAT(LogLineWith(GetParam().logged), HasSubstr("party DPRK"))
      << coordinator_.process->stderr_text();
  ExpectCoordinatorLivesOn();
}

INSTANTIATE_TEST_SUITE_P(
    Faults, NonsenseStreamTest,
    ::testing::Values(
        StreamFault{"UnknownVote", PartyFault::kInvalidVote, "invalid vote"},
        StreamFault{"WrongRequestId", PartyFault::kWrongRequestId, "not asked"},
        StreamFault{"UnaskedBatch", PartyFault::kUnaskedBatch, "not asked"},
        StreamFault{"EarlyClose", PartyFault::kEarlyClose, "unanswered"},
        // The message says what is wrong: the length, not "not asked".
        StreamFault{"ShortBatch", PartyFault::kShortBatch, "votes for its"}),
    [](const ::testing::TestParamInfo<StreamFault>& info) {
      return info.param.name;
    });

}  // namespace
}  // namespace concert::testing
