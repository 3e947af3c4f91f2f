#include "tests/support/net/process_forum.h"

#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "services/common/text_format_loader.h"
#include "services/party/core/effective_profile.h"

namespace concert::testing {
namespace {

// Every program a test starts inherits CONCERT_DB: whatever it records goes
// to a directory of the test binary's own, never to the user's database.
class IsolatedDatabase : public ::testing::Environment {
 public:
  void SetUp() override {
    dir_ = std::make_unique<TempDir>();
    setenv("CONCERT_DB", dir_->File("default.db").c_str(), 1);
  }
  void TearDown() override { dir_.reset(); }

 private:
  std::unique_ptr<TempDir> dir_;
};
[[maybe_unused]] const auto* const kIsolated =
    ::testing::AddGlobalTestEnvironment(new IsolatedDatabase);

}  // namespace

std::string PartyBinary() {
  return CONCERT_BINARY_DIR "/services/party/concert-party";
}
std::string CoordinatorBinary() {
  return CONCERT_BINARY_DIR "/services/coordinator/concert-coordinator";
}
std::string ConcertBinary() {
  return CONCERT_BINARY_DIR "/clients/concert/concert";
}
std::string ShippedScenarioPath() {
  return CONCERT_SOURCE_DIR "/scenarios/six-party.textproto";
}
std::string ShippedDraftPath(const std::string& name) {
  return std::string(CONCERT_SOURCE_DIR "/scenarios/drafts/") + name +
         ".textproto";
}

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "concert-faults-XXXXXX")
          .string();
  if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  EXPECT_FALSE(path_.empty()) << "mkdtemp failed";
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::File(const std::string& name) const {
  return path_ + "/" + name;
}

v1::Scenario SixPartyScenario() {
  auto scenario = LoadScenario(ShippedScenarioPath());
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  return scenario.ok() ? *scenario : v1::Scenario();
}

v1::CharterDraft ShippedDraft(const std::string& name) {
  auto draft = LoadDraft(ShippedDraftPath(name));
  EXPECT_TRUE(draft.ok()) << draft.status();
  return draft.ok() ? *draft : v1::CharterDraft();
}

std::vector<std::string> VariantNames(const v1::Scenario& scenario) {
  return party::ScenarioVariants(scenario);
}

bool WriteScenario(const v1::Scenario& scenario, const std::string& path) {
  std::string text;
  if (!google::protobuf::TextFormat::PrintToString(scenario, &text))
    return false;
  std::ofstream out(path);
  out << "# proto-message: concert.v1.Scenario\n" << text;
  return static_cast<bool>(out);
}

std::string ServedAddress(ChildProcess& process) {
  auto line = process.WaitForLine("serving on");
  EXPECT_TRUE(line.has_value()) << process.stderr_text();
  return line ? AddressFromLogLine(*line) : "";
}

std::unique_ptr<ChildProcess> StartPartyProcess(const std::string& party_id,
                                                const std::string& listen,
                                                std::string* address) {
  auto party = std::make_unique<ChildProcess>(std::vector<std::string>{
      PartyBinary(), "--scenario", ShippedScenarioPath(), "--party", party_id,
      "--listen", listen, "--grace-ms", "100"});
  const std::string served = ServedAddress(*party);
  if (served.empty()) return nullptr;
  if (address != nullptr) *address = served;
  return party;
}

CoordinatorProcess CoordinatorProcess::Start(const std::string& scenario_path,
                                             const std::string& db,
                                             const Deadlines& deadlines,
                                             const std::string& listen) {
  CoordinatorProcess c;
  std::vector<std::string> argv = {CoordinatorBinary(),
                                   "--listen",
                                   listen,
                                   "--scenario",
                                   scenario_path,
                                   "--db",
                                   db,
                                   "--deadline-ms",
                                   std::to_string(deadlines.healthy_ms),
                                   "--retries",
                                   std::to_string(deadlines.retries)};
  if (!deadlines.misbehaving.empty()) {
    argv.push_back("--party-deadline-ms");
    argv.push_back(
        absl::StrCat(deadlines.misbehaving, "=", deadlines.misbehaving_ms));
  }
  auto process = std::make_unique<ChildProcess>(std::move(argv));
  c.address = ServedAddress(*process);
  if (c.address.empty()) return c;
  c.process = std::move(process);
  c.stub = CoordinatorStub(c.address);
  return c;
}

ProcessForum ProcessForum::Start(const TempDir& dir,
                                 const Deadlines& deadlines) {
  ProcessForum forum;
  v1::Scenario scenario = SixPartyScenario();
  for (auto& spec : *scenario.mutable_parties()) {
    std::string address;
    auto party = StartPartyProcess(spec.id(), "127.0.0.1:0", &address);
    if (party == nullptr) return forum;
    spec.set_address(address);
    forum.parties.push_back(std::move(party));
    forum.addresses.push_back(address);
  }
  const std::string path = dir.File("forum.textproto");
  if (!WriteScenario(scenario, path)) return forum;
  forum.db = dir.File("records.db");
  forum.coordinator = CoordinatorProcess::Start(path, forum.db, deadlines);
  return forum;
}

void ServeInTestParties(v1::Scenario* scenario,
                        std::vector<std::unique_ptr<ServedParty>>* parties,
                        const std::string& path) {
  const std::vector<std::string> variants = VariantNames(*scenario);
  for (auto& spec : *scenario->mutable_parties()) {
    parties->push_back(ServedParty::Start(spec, variants));
    ASSERT_NE(parties->back()->server, nullptr) << spec.id();
    spec.set_address(parties->back()->address());
  }
  ASSERT_EQ(scenario->parties(5).id(), "DPRK");
  ASSERT_TRUE(WriteScenario(*scenario, path)) << path;
}

}  // namespace concert::testing
