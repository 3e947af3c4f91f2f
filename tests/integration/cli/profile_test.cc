// `concert profile export` as a user runs it: the profile it writes, what
// `concert check` says of it, and a `concert-party --profile` process serving
// it under every variant of the scenario it was cut from.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/grpcpp.h>

#include "concert/v1/party.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/text_format_loader.h"
#include "tests/support/net/child_process.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::StartsWith;

CommandResult Export(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {ConcertBinary(), "profile", "export"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

// The exported text parsed as a PartySpec (a test failure when it is not).
v1::PartySpec ParseProfile(const std::string& text) {
  auto parsed = ParseWithLocations<v1::PartySpec>(text, "exported");
  EXPECT_TRUE(parsed.ok()) << parsed.status() << "\n" << text;
  return parsed.ok() ? parsed->message : v1::PartySpec();
}

const v1::PartySpec& PartyOf(const v1::Scenario& scenario,
                             const std::string& id) {
  for (const v1::PartySpec& party : scenario.parties()) {
    if (party.id() == id) return party;
  }
  ADD_FAILURE() << "no party " << id;
  return v1::PartySpec::default_instance();
}

std::vector<std::string> VariantEntries(const v1::PartySpec& profile) {
  std::vector<std::string> names;
  for (const v1::PartyVariant& v : profile.variants())
    names.push_back(v.name());
  return names;
}

TEST(ProfileExportTest, ProfileOfTheDefaultScenario) {
  const v1::Scenario scenario = SixPartyScenario();
  const CommandResult result = Export({"--party", "DPRK"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out,
              StartsWith("# proto-message: concert.v1.PartySpec\n"));
  EXPECT_EQ(KindFromHeader(result.out), FileKind::kProfile);
  // Which scenario it came from: id and file.
  EXPECT_THAT(result.out,
              HasSubstr("of scenario 'six-party' "
                        "(<embedded>/scenarios/six-party.textproto)"));

  const v1::PartySpec profile = ParseProfile(result.out);
  const v1::PartySpec& original = PartyOf(scenario, "DPRK");
  EXPECT_TRUE(profile.address().empty());
  // One entry per scenario variant, in the scenario's order: the party's
  // own where it has one, else empty (the baseline).
  EXPECT_THAT(VariantEntries(profile),
              ElementsAreArray(VariantNames(scenario)));
  for (const v1::PartyVariant& entry : profile.variants()) {
    bool own = false;
    for (const v1::PartyVariant& v : original.variants()) {
      if (v.name() != entry.name()) continue;
      own = true;
      EXPECT_TRUE(MessageDifferencer::Equals(entry, v)) << entry.name();
    }
    if (!own) {
      v1::PartyVariant empty;
      empty.set_name(entry.name());
      EXPECT_TRUE(MessageDifferencer::Equals(entry, empty)) << entry.name();
    }
  }
  // Everything else is the scenario's party as it is.
  v1::PartySpec rest = profile;
  rest.clear_variants();
  v1::PartySpec expected = original;
  expected.clear_variants();
  expected.clear_address();
  EXPECT_TRUE(MessageDifferencer::Equals(rest, expected));
}

TEST(ProfileExportTest, AddressIsLeftOut) {
  TempDir dir;
  v1::Scenario scenario = SixPartyScenario();
  scenario.mutable_parties(0)->set_address("usa.example:50051");
  const std::string path = dir.File("addressed.textproto");
  ASSERT_TRUE(WriteScenario(scenario, path));
  const CommandResult result =
      Export({"--party", scenario.parties(0).id(), "--scenario", path});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("(" + path + ")"));
  EXPECT_TRUE(ParseProfile(result.out).address().empty());
  EXPECT_THAT(result.out, ::testing::Not(HasSubstr("usa.example")));
}

TEST(ProfileExportTest, UnknownPartyNamesTheScenariosParties) {
  const CommandResult result = Export({"--party", "EU"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(result.out.empty()) << result.out;
  EXPECT_THAT(result.err, HasSubstr("no party 'EU'"));
  EXPECT_THAT(result.err, HasSubstr("USA, CHN, RUS, JPN, ROK, DPRK"));
}

TEST(ProfileExportTest, PartyIsRequiredAndHelpHasAnExample) {
  EXPECT_EQ(Export({}).exit_code, 2);
  const CommandResult help = Export({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("concert profile export --party DPRK"));
}

TEST(ProfileExportTest, OutReplacesAFileWhole) {
  TempDir dir;
  const std::string path = dir.File("usa.textproto");
  std::ofstream(path) << "old contents\n";
  const CommandResult result = Export({"--party", "USA", "--out", path});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out.empty());
  auto text = ReadTextFile(path);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(ParseProfile(*text).id(), "USA");
  // No temporary file left beside it.
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    names.push_back(entry.path().filename().string());
  EXPECT_THAT(names, ElementsAre("usa.textproto"));

  const CommandResult nowhere =
      Export({"--party", "USA", "--out", dir.File("no/such/dir/usa")});
  EXPECT_EQ(nowhere.exit_code, 2);
  EXPECT_THAT(nowhere.err, HasSubstr("cannot write"));
}

TEST(ProfileExportTest, EveryExportedProfilePassesCheck) {
  TempDir dir;
  const v1::Scenario scenario = SixPartyScenario();
  std::vector<std::string> argv = {ConcertBinary(), "check", "--scenario",
                                   ShippedScenarioPath()};
  for (const v1::PartySpec& party : scenario.parties()) {
    const std::string path = dir.File(party.id() + ".textproto");
    const CommandResult result = Export({"--party", party.id(), "--scenario",
                                         ShippedScenarioPath(), "--out", path});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    argv.push_back(path);
  }
  const CommandResult check = RunCommand(argv);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_THAT(check.out,
              HasSubstr(dir.File("DPRK.textproto") + ": ok (profile)"));
  EXPECT_THAT(check.out, HasSubstr("profiles cross-checked against"));
}

// What the exported profile is for: a party process that serves every
// variant of the scenario from its profile alone.
TEST(ProfileExportTest, PartyServesEveryVariantFromTheProfile) {
  TempDir dir;
  const v1::Scenario scenario = SixPartyScenario();
  // China has no variant of its own in the scenario: every entry is empty.
  const std::string path = dir.File("chn.textproto");
  const CommandResult exported = Export({"--party", "CHN", "--out", path});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  ASSERT_TRUE(PartyOf(scenario, "CHN").variants().empty());

  // A short grace: gRPC's shutdown waits it out while a client connection
  // (this test's channel) is open.
  ChildProcess party({PartyBinary(), "--profile", path, "--listen",
                      "127.0.0.1:0", "--grace-ms", "100"});
  const auto line = party.WaitForLine("serving on");
  ASSERT_TRUE(line.has_value()) << party.stderr_text();
  auto stub = v1::Party::NewStub(grpc::CreateChannel(
      AddressFromLogLine(*line), grpc::InsecureChannelCredentials()));

  grpc::ClientContext describe_context;
  describe_context.set_deadline(std::chrono::system_clock::now() +
                                std::chrono::seconds(20));
  v1::DescribeResponse described;
  const grpc::Status describe =
      stub->Describe(&describe_context, v1::DescribeRequest(), &described);
  ASSERT_TRUE(describe.ok()) << describe.error_message();
  EXPECT_EQ(described.party_id(), "CHN");
  EXPECT_THAT(std::vector<std::string>(described.variants().begin(),
                                       described.variants().end()),
              IsSupersetOf(VariantNames(scenario)));

  for (const std::string& variant : VariantNames(scenario)) {
    v1::TableRequest request;
    *request.mutable_draft() = ShippedDraft("arf-three-stage");
    request.set_variant(variant);
    *request.mutable_initial_state() = scenario.initial_state();
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    v1::TableResponse tabled;
    const grpc::Status status = stub->Table(&context, request, &tabled);
    EXPECT_TRUE(status.ok()) << variant << ": " << status.error_message();
    EXPECT_FALSE(tabled.draft_digest().empty()) << variant;
  }

  party.Signal(SIGTERM);
  EXPECT_EQ(party.Wait(), 0) << party.stderr_text();
}

}  // namespace
}  // namespace concert::testing
