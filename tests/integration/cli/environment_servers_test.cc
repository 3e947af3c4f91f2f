// concert-coordinator and concert-party configured the twelve-factor way:
// every flag from its CONCERT_* variable (CLI11's envname), a flag on the
// command line winning, a bad value refused with exit 2 naming the variable.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cli/environment_run.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

// An address no interface of this machine has (TEST-NET-3): nothing can
// serve there, so a server that serves did not take it.
constexpr char kUnusableListen[] = "203.0.113.1:7000";

class EnvironmentServersTest : public ::testing::Test {
 protected:
  // Six in-test parties, their addresses written into the coordinator's
  // scenario.
  void SetUp() override {
    scenario_ = SixPartyScenario();
    scenario_path_ = dir_.File("forum.textproto");
    ASSERT_NO_FATAL_FAILURE(
        ServeInTestParties(&scenario_, &parties_, scenario_path_));
  }

  TempDir dir_;
  v1::Scenario scenario_;
  std::string scenario_path_;
  std::vector<std::unique_ptr<ServedParty>> parties_;
};

TEST_F(EnvironmentServersTest, TheCoordinatorServesFromTheEnvironmentAlone) {
  const std::string db = dir_.File("from-env.db");
  // The list variable holds two deadlines, comma-separated.
  auto coordinator = StartWithEnvironment(
      {"CONCERT_LISTEN=127.0.0.1:0", "CONCERT_SCENARIO=" + scenario_path_,
       "CONCERT_DB=" + db, "CONCERT_DEADLINE_MS=30000", "CONCERT_RETRIES=1",
       "CONCERT_PARTY_DEADLINE_MS=DPRK=30000,ROK=30000"},
      {CoordinatorBinary()});
  const std::string address = ServedAddress(*coordinator);
  ASSERT_FALSE(address.empty()) << coordinator->stderr_text();
  auto stub = CoordinatorStub(address);
  const SessionCall call =
      RunSession(*stub, SessionRequest(ShippedDraft("arf-three-stage"), ""));
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  EXPECT_TRUE(call.session.summary().missing_parties().empty());
  EXPECT_TRUE(std::filesystem::exists(db)) << "CONCERT_DB was not used";
}

TEST_F(EnvironmentServersTest, TheCoordinatorsListenFlagWinsOverItsVariable) {
  // --insecure: without TLS a non-loopback address would be narrowed to
  // loopback, and served.
  const std::vector<std::string> environment = {
      std::string("CONCERT_LISTEN=") + kUnusableListen,
      "CONCERT_SCENARIO=" + scenario_path_,
      "CONCERT_DB=" + dir_.File("records.db"), "CONCERT_INSECURE=1"};
  // The variable alone: nothing can serve there.
  auto refused = StartWithEnvironment(environment, {CoordinatorBinary()});
  EXPECT_EQ(refused->Wait(), 1);
  EXPECT_THAT(refused->stderr_text(), HasSubstr(kUnusableListen));

  auto coordinator = StartWithEnvironment(
      environment, {CoordinatorBinary(), "--listen", "127.0.0.1:0"});
  const std::string address = ServedAddress(*coordinator);
  ASSERT_FALSE(address.empty()) << coordinator->stderr_text();
  EXPECT_THAT(address, HasSubstr("127.0.0.1:"));
}

TEST_F(EnvironmentServersTest, TheCoordinatorRefusesABadVariableByName) {
  const std::string scenario = "CONCERT_SCENARIO=" + scenario_path_;
  auto retries = StartWithEnvironment({scenario, "CONCERT_RETRIES=-1"},
                                      {CoordinatorBinary()});
  EXPECT_EQ(retries->Wait(), 2);
  EXPECT_THAT(retries->stderr_text(), HasSubstr("--retries"));
  EXPECT_THAT(retries->stderr_text(), HasSubstr("CONCERT_RETRIES=-1"));

  auto states = StartWithEnvironment({scenario, "CONCERT_MAX_STATES=many"},
                                     {CoordinatorBinary()});
  EXPECT_EQ(states->Wait(), 2);
  EXPECT_THAT(states->stderr_text(), HasSubstr("CONCERT_MAX_STATES=many"));

  // Split at the comma: the second entry is the one refused.
  auto deadlines = StartWithEnvironment(
      {scenario, "CONCERT_PARTY_DEADLINE_MS=DPRK=500,NOPE=7"},
      {CoordinatorBinary()});
  EXPECT_EQ(deadlines->Wait(), 2);
  EXPECT_THAT(deadlines->stderr_text(), HasSubstr("no party 'NOPE'"));
}

TEST(EnvironmentPartyTest, APartyServesFromTheEnvironmentAlone) {
  auto party = StartWithEnvironment(
      {"CONCERT_LISTEN=127.0.0.1:0",
       "CONCERT_SCENARIO=" + ShippedScenarioPath(), "CONCERT_PARTY=DPRK",
       "CONCERT_CACHE_SIZE=8", "CONCERT_GRACE_MS=100"},
      {PartyBinary()});
  const std::string address = ServedAddress(*party);
  ASSERT_FALSE(address.empty()) << party->stderr_text();
  const CommandResult health = RunCommand({ConcertBinary(), "health", address});
  EXPECT_EQ(health.exit_code, 0) << health.err;
  EXPECT_THAT(health.out, HasSubstr("SERVING"));
}

TEST(EnvironmentPartyTest, APartysListenFlagWinsOverItsVariable) {
  const std::vector<std::string> environment = {
      std::string("CONCERT_LISTEN=") + kUnusableListen,
      "CONCERT_SCENARIO=" + ShippedScenarioPath(), "CONCERT_PARTY=ROK",
      "CONCERT_GRACE_MS=100",
      // Else the address is narrowed to loopback, and served.
      "CONCERT_INSECURE=1"};
  auto refused = StartWithEnvironment(environment, {PartyBinary()});
  EXPECT_EQ(refused->Wait(), 1);
  EXPECT_THAT(refused->stderr_text(), HasSubstr(kUnusableListen));

  auto party = StartWithEnvironment(environment,
                                    {PartyBinary(), "--listen=127.0.0.1:0"});
  const std::string address = ServedAddress(*party);
  ASSERT_FALSE(address.empty()) << party->stderr_text();
  EXPECT_THAT(address, HasSubstr("127.0.0.1:"));
}

TEST(EnvironmentPartyTest, APartyRefusesABadVariableByName) {
  const std::string scenario = "CONCERT_SCENARIO=" + ShippedScenarioPath();
  auto cache = StartWithEnvironment(
      {scenario, "CONCERT_PARTY=DPRK", "CONCERT_CACHE_SIZE=0"},
      {PartyBinary()});
  EXPECT_EQ(cache->Wait(), 2);
  EXPECT_THAT(cache->stderr_text(), HasSubstr("--cache-size"));
  EXPECT_THAT(cache->stderr_text(), HasSubstr("CONCERT_CACHE_SIZE=0"));

  auto missing = StartWithEnvironment(
      {"CONCERT_SCENARIO=/nonexistent/forum.textproto", "CONCERT_PARTY=DPRK"},
      {PartyBinary()});
  EXPECT_EQ(missing->Wait(), 2);
  EXPECT_THAT(missing->stderr_text(), HasSubstr("/nonexistent/forum"));
  EXPECT_THAT(missing->stderr_text(), HasSubstr("CONCERT_SCENARIO="));
}

TEST(EnvironmentPartyTest, TheModelSourcesStillExcludeEachOther) {
  // A scenario from the environment and a profile on the command line: two
  // sources of the model, refused as the two flags would be.
  auto both = StartWithEnvironment(
      {"CONCERT_SCENARIO=" + ShippedScenarioPath(), "CONCERT_PARTY=DPRK"},
      {PartyBinary(), "--profile", ShippedScenarioPath()});
  EXPECT_EQ(both->Wait(), 2);
  EXPECT_THAT(both->stderr_text(), HasSubstr("excludes"));
  EXPECT_THAT(both->stderr_text(), HasSubstr("CONCERT_SCENARIO="));

  // A scenario without a party.
  auto no_party = StartWithEnvironment(
      {"CONCERT_SCENARIO=" + ShippedScenarioPath()}, {PartyBinary()});
  EXPECT_EQ(no_party->Wait(), 2);
  EXPECT_THAT(no_party->stderr_text(), HasSubstr("--scenario needs --party"));
  EXPECT_THAT(no_party->stderr_text(), HasSubstr("CONCERT_SCENARIO="));

  // A party without a scenario.
  auto no_scenario =
      StartWithEnvironment({"CONCERT_PARTY=DPRK"}, {PartyBinary()});
  EXPECT_EQ(no_scenario->Wait(), 2);
  EXPECT_THAT(no_scenario->stderr_text(), HasSubstr("CONCERT_PARTY=DPRK"));
}

TEST_F(EnvironmentServersTest, APartyJoinsItsCoordinatorFromCONCERT_JOIN) {
  // DPRK's seat has no address: only its own registration can fill it.
  for (auto& spec : *scenario_.mutable_parties()) {
    if (spec.id() == "DPRK") spec.clear_address();
  }
  ASSERT_TRUE(WriteScenario(scenario_, scenario_path_));
  CoordinatorProcess coordinator =
      CoordinatorProcess::Start(scenario_path_, dir_.File("records.db"));
  ASSERT_NE(coordinator.process, nullptr);

  auto party = StartWithEnvironment(
      {"CONCERT_LISTEN=127.0.0.1:0",
       "CONCERT_SCENARIO=" + ShippedScenarioPath(), "CONCERT_PARTY=DPRK",
       "CONCERT_GRACE_MS=100", "CONCERT_JOIN=" + coordinator.address},
      {PartyBinary()});
  const std::string address = ServedAddress(*party);
  ASSERT_FALSE(address.empty()) << party->stderr_text();
  ASSERT_TRUE(party->WaitForLine("joined the coordinator").has_value())
      << party->stderr_text();

  grpc::ClientContext ctx;
  v1::ListPartiesResponse response;
  ASSERT_TRUE(
      coordinator.stub->ListParties(&ctx, v1::ListPartiesRequest(), &response)
          .ok());
  std::optional<v1::PartyInfo> dprk;
  for (const auto& p : response.parties()) {
    if (p.id() == "DPRK") dprk = p;
  }
  ASSERT_TRUE(dprk.has_value());
  EXPECT_EQ(dprk->address(), address);
  EXPECT_EQ(dprk->source(), v1::PARTY_SOURCE_REGISTERED);
}

}  // namespace
}  // namespace concert::testing
