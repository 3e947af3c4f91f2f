// `concert run` on the embedded forum killed in the middle of its session:
// no coordinator outlives it to mark the session INTERRUPTED, so the record
// stays RUNNING, naming the process that owned it. While that process
// lives, `concert resume` refuses the session (someone holds it); once it
// is dead, `concert resume` takes the session over and finishes it with the
// outcome of an uninterrupted run, asking the same party servers (given
// again with --scenario) only the rounds the record does not hold.
//
// The six parties are in-test servers that the embedded forum dials (the
// scenario gives their addresses); DPRK keeps one round waiting, so the
// kill lands mid-session at a known point, with no sleep.
#include <signal.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/coordinator/records/record_store.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

constexpr int kHeldRound = 5;
constexpr char kVariant[] = "transformation";

class EmbeddedRunKilledTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = SixPartyScenario();
    scenario_path_ = dir_.File("forum.textproto");
    ASSERT_NO_FATAL_FAILURE(
        ServeInTestParties(&scenario_, &parties_, scenario_path_));
    db_ = dir_.File("records.db");
  }

  void TearDown() override {
    for (auto& p : parties_) p->party->Release();
  }

  TestParty& dprk() { return *parties_[5]->party; }

  // `concert ARGS... --db DB` on the embedded forum.
  std::vector<std::string> Concert(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {ConcertBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--db", db_});
    return argv;
  }

  v1::SessionRecord Stored(const std::string& id) {
    auto store = coordinator::RecordStore::Open(db_);
    EXPECT_TRUE(store.ok()) << store.status();
    auto stored = (*store)->LoadSession(id);
    EXPECT_TRUE(stored.ok()) << stored.status();
    return stored.ok() ? *stored : v1::SessionRecord();
  }

  TempDir dir_;
  v1::Scenario scenario_;
  std::vector<std::unique_ptr<ServedParty>> parties_;
  std::string scenario_path_;
  std::string db_;
};

TEST_F(EmbeddedRunKilledTest, ResumeRefusesALiveOwnerAndTakesOverADeadOne) {
  const std::vector<std::string> run = {
      "run",        ShippedDraftPath("paper-sequence"),
      "--scenario", scenario_path_,
      "--variant",  kVariant,
      "--format",   "json"};
  // The reference: the same session, uninterrupted.
  const CommandResult reference = RunCommand(Concert(run));
  ASSERT_EQ(reference.exit_code, 0) << reference.err;
  for (auto& p : parties_) p->party->ResetCounts();

  dprk().HoldEvaluate(kHeldRound);
  std::vector<std::string> text = run;
  text.resize(text.size() - 2);  // the text transcript, streamed
  ChildProcess owner(Concert(text));
  const auto header = owner.WaitForOutputLine("concert session ");
  ASSERT_TRUE(header.has_value()) << owner.stderr_text();
  const std::string id = header->substr(header->find("session-"));
  ASSERT_TRUE(dprk().WaitUntilHolding())
      << "DPRK was never asked round " << kHeldRound;

  // Its owner lives: the session is not anyone else's to resume.
  const CommandResult refused = RunCommand(Concert({"resume", id}));
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("is RUNNING in process"));
  EXPECT_EQ(Stored(id).status(), v1::RECORD_STATUS_RUNNING);

  owner.Signal(SIGKILL);
  EXPECT_EQ(owner.Wait(), 128 + SIGKILL);
  dprk().Release();
  const v1::SessionRecord left = Stored(id);
  EXPECT_EQ(left.status(), v1::RECORD_STATUS_RUNNING);
  EXPECT_EQ(left.session().rounds_size(), kHeldRound - 1);

  // Another forum's file cannot seat it: the record names its parties.
  v1::Scenario other = scenario_;
  other.mutable_parties(5)
      ->mutable_interests()
      ->mutable_positions(0)
      ->set_ideal(-3);
  const std::string other_path = dir_.File("other.textproto");
  ASSERT_TRUE(WriteScenario(other, other_path));
  const CommandResult mismatched =
      RunCommand(Concert({"resume", id, "--scenario", other_path}));
  EXPECT_EQ(mismatched.exit_code, 2);
  EXPECT_THAT(mismatched.err, HasSubstr("not the forum record " + id));

  // Its owner is dead: resume takes it over and finishes it, seating the
  // same party servers again (the record keeps no addresses; the file does).
  const CommandResult resumed = RunCommand(Concert(
      {"resume", id, "--scenario", scenario_path_, "--format", "json"}));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const v1::SessionRecord finished = Stored(id);
  EXPECT_EQ(finished.status(), v1::RECORD_STATUS_CONSENSUS);
  EXPECT_EQ(finished.session().rounds_size(), 20);
  // The rounds decided before the kill were replayed from the record, not
  // asked again: DPRK was asked rounds 1 to 5 before, 5 to 20 after.
  EXPECT_EQ(dprk().evaluate_calls(), kHeldRound + (20 - (kHeldRound - 1)));
  // The outcome of the uninterrupted run.
  const auto summary = [](const std::string& json) {
    return json.substr(json.find("\"summary\""));
  };
  EXPECT_EQ(summary(resumed.out), summary(reference.out));
}

TEST_F(EmbeddedRunKilledTest, ACoordinatorAlreadyRunningTakesOverADeadOwner) {
  // A coordinator serving the same database while an embedded `concert
  // run` holds a session: it started before the session, so it never saw
  // it unfinished at start-up; its ResumeSession must tell the dead owner.
  CoordinatorProcess coordinator =
      CoordinatorProcess::Start(scenario_path_, db_);
  ASSERT_NE(coordinator.process, nullptr);

  dprk().HoldEvaluate(kHeldRound);
  ChildProcess owner(
      Concert({"run", ShippedDraftPath("paper-sequence"), "--scenario",
               scenario_path_, "--variant", kVariant}));
  const auto header = owner.WaitForOutputLine("concert session ");
  ASSERT_TRUE(header.has_value()) << owner.stderr_text();
  const std::string id = header->substr(header->find("session-"));
  ASSERT_TRUE(dprk().WaitUntilHolding());

  const std::vector<std::string> resume = {
      ConcertBinary(), "resume", id, "--coordinator", coordinator.address};
  const CommandResult refused = RunCommand(resume);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("is RUNNING in process"));

  owner.Signal(SIGKILL);
  EXPECT_EQ(owner.Wait(), 128 + SIGKILL);
  dprk().Release();
  const CommandResult resumed = RunCommand(resume);
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(Stored(id).status(), v1::RECORD_STATUS_CONSENSUS);
  EXPECT_EQ(Stored(id).session().rounds_size(), 20);
}

}  // namespace
}  // namespace concert::testing
