// What a user who slips sees (issue 12): every program refuses a mistyped
// command, flag or field with exit code 2 and names the one meant; an
// address without a port, an unreachable coordinator and a file given in
// the wrong place each fail in one line saying what to check; "baseline"
// names the scenario without a variant; every program says its version;
// the health service answers for each service by name. The real binaries,
// run as a user runs them.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/text_format_loader.h"
#include "services/coordinator/records/record_store.h"
#include "tests/support/net/child_process.h"

namespace concert::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kBin = CONCERT_BINARY_DIR;
const std::string kSrc = CONCERT_SOURCE_DIR;
const std::string kParty = kBin + "/services/party/concert-party";
const std::string kCoordinator =
    kBin + "/services/coordinator/concert-coordinator";
const std::string kConcert = kBin + "/clients/concert/concert";
const std::string kReciprocity =
    kBin + "/clients/examples/cpp-reciprocity/cpp-reciprocity";
const std::string kScenario = kSrc + "/scenarios/six-party.textproto";
const std::string kDraft = kSrc + "/scenarios/drafts/paper-sequence.textproto";

std::string TempDir() {
  auto dir = std::filesystem::temp_directory_path() /
             absl::StrCat("concert-errors-", getpid());
  std::filesystem::create_directories(dir);
  return dir.string();
}

// Every program started here records to a database of its own.
class IsolatedDatabase : public ::testing::Environment {
 public:
  void SetUp() override {
    const std::string db = TempDir() + "/records.db";
    setenv("CONCERT_DB", db.c_str(), 1);
    unsetenv("CONCERT_COORDINATOR");
    unsetenv("CONCERT_SCENARIO");
  }
  void TearDown() override { std::filesystem::remove_all(TempDir()); }
};
const auto* const kIsolated =
    ::testing::AddGlobalTestEnvironment(new IsolatedDatabase);

// The non-empty lines of `text`.
std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST(UsageErrorsTest, AMistypedCommandExitsTwoNamingTheOneMeant) {
  const CommandResult r = RunCommand({kConcert, "rnu"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("did you mean 'run'?"));
}

TEST(UsageErrorsTest, AMistypedFlagNamesTheFlagMeant) {
  const CommandResult r =
      RunCommand({kConcert, "run", kDraft, "--varient", "transformation"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("did you mean '--variant'?"));
}

TEST(UsageErrorsTest, EveryServerExitsTwoOnABadFlag) {
  for (const std::string& program : {kCoordinator, kParty, kReciprocity}) {
    SCOPED_TRACE(program);
    const CommandResult r = RunCommand({program, "--bogus"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_THAT(r.err, HasSubstr("--bogus"));
  }
  const CommandResult near = RunCommand({kCoordinator, "--scenaro", "x"});
  EXPECT_EQ(near.exit_code, 2) << near.err;
  EXPECT_THAT(near.err, HasSubstr("did you mean '--scenario'?"));
}

TEST(UsageErrorsTest, EveryProgramSaysItsVersion) {
  for (const std::string& program :
       {kConcert, kCoordinator, kParty, kReciprocity}) {
    SCOPED_TRACE(program);
    const CommandResult r = RunCommand({program, "--version"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, ContainsRegex("[0-9]+\\.[0-9]+\\.[0-9]+"));
  }
}

TEST(FileErrorsTest, AMistypedFieldNamesFileLineAndTheFieldMeant) {
  const std::string path = TempDir() + "/requires.textproto";
  std::ofstream(path) << "id: \"d\"\n"
                         "stages { id: \"S1\" }\n"
                         "proposals {\n"
                         "  id: \"a\"\n"
                         "  stage: \"S1\"\n"
                         "  requires: \"b\"\n"
                         "}\n";
  const CommandResult r = RunCommand({kConcert, "run", path});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("requires.textproto:6:"));
  EXPECT_THAT(r.err, HasSubstr("did you mean 'prerequisites'?"));
}

TEST(FileErrorsTest, AScenarioWhereADraftBelongsSaysSo) {
  const CommandResult r = RunCommand({kConcert, "run", kScenario});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("is a scenario"));
  EXPECT_THAT(r.err, HasSubstr("--scenario"));
  EXPECT_EQ(Lines(r.err).size(), 1U) << r.err;

  const CommandResult reverse =
      RunCommand({kConcert, "run", kDraft, "--scenario", kDraft});
  EXPECT_EQ(reverse.exit_code, 2) << reverse.err;
  EXPECT_THAT(reverse.err, HasSubstr("is a charter draft, not a scenario"));
}

TEST(CoordinatorAddressTest, AnAddressWithoutAPortIsRefusedInOneLine) {
  const CommandResult r =
      RunCommand({kConcert, "run", kDraft, "--coordinator", "localhost"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("HOST:PORT"));
  EXPECT_EQ(Lines(r.err).size(), 1U) << r.err;

  const CommandResult health = RunCommand({kConcert, "health", "localhost"});
  EXPECT_EQ(health.exit_code, 2) << health.err;
  EXPECT_THAT(health.err, HasSubstr("'localhost' has no port"));
}

TEST(CoordinatorAddressTest, AnUnreachableOneFailsInOneLineNamingIt) {
  const CommandResult r =
      RunCommand({kConcert, "run", kDraft, "--coordinator", "127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_THAT(r.err, HasSubstr("127.0.0.1:1"));
  EXPECT_THAT(r.err, Not(HasSubstr("failed to connect to all addresses")));
  EXPECT_EQ(Lines(r.err).size(), 1U) << r.err;

  const CommandResult unknown = RunCommand(
      {kConcert, "parties", "--coordinator", "no-such-host.invalid:7000"});
  EXPECT_EQ(unknown.exit_code, 4) << unknown.err;
  EXPECT_THAT(unknown.err, HasSubstr("no-such-host.invalid"));
  EXPECT_EQ(Lines(unknown.err).size(), 1U) << unknown.err;
}

TEST(VariantTest, BaselineIsTheScenarioWithoutAVariant) {
  const CommandResult plain =
      RunCommand({kConcert, "run", kDraft, "--format", "json"});
  const CommandResult named = RunCommand(
      {kConcert, "run", kDraft, "--variant", "baseline", "--format", "json"});
  EXPECT_EQ(named.exit_code, plain.exit_code) << named.err;
  EXPECT_EQ(named.exit_code, 3) << named.err;  // the paper's deadlock
  EXPECT_THAT(named.out, HasSubstr("\"outcome\": \"DEADLOCK\""));

  const CommandResult unknown =
      RunCommand({kConcert, "run", kDraft, "--variant", "transformaton"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_THAT(unknown.err, HasSubstr("did you mean 'transformation'?"));
  EXPECT_THAT(unknown.err, HasSubstr("valid variants: baseline, "));
}

TEST(ResumeTest, ARefusedResumePrintsOneLine) {
  const CommandResult missing =
      RunCommand({kConcert, "resume", "session-nosuch"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_EQ(Lines(missing.err).size(), 1U) << missing.err;

  // A session this (live) test process runs: the forum's record store
  // refuses to take it over, inside the embedded coordinator, which once
  // logged the refusal as well as the client reporting it.
  auto store = coordinator::RecordStore::Open(std::getenv("CONCERT_DB"));
  ASSERT_TRUE(store.ok()) << store.status();
  auto scenario = LoadScenario(kScenario);
  auto draft = LoadDraft(kDraft);
  ASSERT_TRUE(scenario.ok() && draft.ok());
  coordinator::SessionRecordHeader header;
  header.id = "session-20261130-000000-live01";
  *header.inputs.mutable_scenario() = *scenario;
  *header.inputs.mutable_draft() = *draft;
  header.started.set_session_id(header.id);
  ASSERT_TRUE((*store)->BeginSession(header).ok());
  const CommandResult live = RunCommand({kConcert, "resume", header.id});
  EXPECT_EQ(live.exit_code, 2) << live.err;
  EXPECT_THAT(live.err, HasSubstr(header.id));
  EXPECT_EQ(Lines(live.err).size(), 1U) << live.err;
}

// A party and a coordinator on port 0, asked by service name.
TEST(HealthTest, EveryServerAnswersForItsServicesByName) {
  ChildProcess party({kParty, "--scenario", kScenario, "--party", "DPRK",
                      "--listen", "127.0.0.1:0"});
  auto party_line = party.WaitForLine("serving on");
  ASSERT_TRUE(party_line.has_value()) << party.stderr_text();
  const std::string party_address = AddressFromLogLine(*party_line);
  ChildProcess coordinator(
      {kCoordinator, "--scenario", kScenario, "--listen", "127.0.0.1:0"});
  auto coordinator_line = coordinator.WaitForLine("serving on");
  ASSERT_TRUE(coordinator_line.has_value()) << coordinator.stderr_text();
  const std::string coordinator_address = AddressFromLogLine(*coordinator_line);

  for (const auto& [address, service] :
       std::vector<std::pair<std::string, std::string>>{
           {party_address, ""},
           {party_address, "concert.v1.Party"},
           {coordinator_address, ""},
           {coordinator_address, "concert.v1.Coordinator"}}) {
    SCOPED_TRACE(absl::StrCat(address, " ", service));
    const CommandResult r =
        RunCommand({kConcert, "health", address, "--service", service});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("SERVING"));
  }
  const CommandResult wrong =
      RunCommand({kConcert, "health", party_address, "--service",
                  "concert.v1.Coordinator"});
  EXPECT_EQ(wrong.exit_code, 2) << wrong.out << wrong.err;
  EXPECT_THAT(wrong.out, HasSubstr("this server serves: concert.v1.Party"));
}

}  // namespace
}  // namespace concert::testing
