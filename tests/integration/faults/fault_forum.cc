#include "tests/integration/faults/fault_forum.h"

#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/common/text_format_loader.h"

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

std::string PartyBinary() { return CONCERT_BINARY_DIR "/services/party/concert-party"; }
std::string CoordinatorBinary() {
  return CONCERT_BINARY_DIR "/services/coordinator/concert-coordinator";
}
std::string ConcertBinary() { return CONCERT_BINARY_DIR "/clients/concert/concert"; }
std::string ShippedScenarioPath() { return CONCERT_SOURCE_DIR "/scenarios/six-party.textproto"; }
std::string ShippedDraftPath(const std::string& name) {
  return std::string(CONCERT_SOURCE_DIR "/scenarios/drafts/") + name + ".textproto";
}

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "concert-faults-XXXXXX").string();
  if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  EXPECT_FALSE(path_.empty()) << "mkdtemp failed";
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::File(const std::string& name) const { return path_ + "/" + name; }

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
  std::vector<std::string> names;
  for (const auto& v : scenario.variants()) names.push_back(v.name());
  return names;
}

bool WriteScenario(const v1::Scenario& scenario, const std::string& path) {
  std::string text;
  if (!google::protobuf::TextFormat::PrintToString(scenario, &text)) return false;
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
  auto party = std::make_unique<ChildProcess>(
      std::vector<std::string>{PartyBinary(), "--scenario", ShippedScenarioPath(), "--party",
                               party_id, "--listen", listen, "--grace-ms", "100"});
  const std::string served = ServedAddress(*party);
  if (served.empty()) return nullptr;
  if (address != nullptr) *address = served;
  return party;
}

CoordinatorProcess CoordinatorProcess::Start(const std::string& scenario_path,
                                             const std::string& db, int deadline_ms,
                                             int retries) {
  CoordinatorProcess c;
  auto process = std::make_unique<ChildProcess>(std::vector<std::string>{
      CoordinatorBinary(), "--listen", "127.0.0.1:0", "--scenario", scenario_path, "--db", db,
      "--deadline-ms", std::to_string(deadline_ms), "--retries", std::to_string(retries)});
  c.address = ServedAddress(*process);
  if (c.address.empty()) return c;
  c.process = std::move(process);
  c.stub = CoordinatorStub(c.address);
  return c;
}

ProcessForum ProcessForum::Start(const TempDir& dir, int deadline_ms, int retries) {
  ProcessForum forum;
  v1::Scenario scenario = SixPartyScenario();
  for (auto& spec : *scenario.mutable_parties()) {
    std::string address;
    auto party = StartPartyProcess(spec.id(), "127.0.0.1:0", &address);
    if (party == nullptr) return forum;
    spec.set_address(address);
    forum.parties.push_back(std::move(party));
  }
  const std::string path = dir.File("forum.textproto");
  if (!WriteScenario(scenario, path)) return forum;
  forum.db = dir.File("records.db");
  forum.coordinator = CoordinatorProcess::Start(path, forum.db, deadline_ms, retries);
  return forum;
}

std::unique_ptr<v1::Coordinator::Stub> CoordinatorStub(const std::string& address) {
  return v1::Coordinator::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

v1::RunSessionRequest SessionRequest(const v1::CharterDraft& draft, const std::string& variant) {
  v1::RunSessionRequest request;
  *request.mutable_draft() = draft;
  request.set_variant(variant);
  return request;
}

namespace {

template <typename Reader>
SessionCall Collect(Reader& reader) {
  SessionCall call;
  v1::SessionEvent event;
  while (reader->Read(&event)) {
    if (event.has_started()) *call.session.mutable_started() = event.started();
    if (event.has_round()) *call.session.add_rounds() = event.round();
    if (event.has_summary()) *call.session.mutable_summary() = event.summary();
  }
  call.status = reader->Finish();
  return call;
}

void SetDeadline(grpc::ClientContext* ctx) {
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
}

}  // namespace

SessionCall RunSession(v1::Coordinator::Stub& stub, const v1::RunSessionRequest& request) {
  grpc::ClientContext ctx;
  SetDeadline(&ctx);
  auto reader = stub.RunSession(&ctx, request);
  return Collect(reader);
}

SessionCall ResumeSession(v1::Coordinator::Stub& stub, const std::string& session_id) {
  grpc::ClientContext ctx;
  SetDeadline(&ctx);
  v1::ResumeSessionRequest request;
  request.set_session_id(session_id);
  auto reader = stub.ResumeSession(&ctx, request);
  return Collect(reader);
}

ExploreCall Explore(v1::Coordinator::Stub& stub, const v1::CharterDraft& draft,
                    const std::string& variant) {
  ExploreCall call;
  grpc::ClientContext ctx;
  SetDeadline(&ctx);
  v1::ExploreRequest request;
  *request.mutable_draft() = draft;
  request.set_variant(variant);
  auto reader = stub.Explore(&ctx, request);
  v1::ExploreEvent event;
  while (reader->Read(&event)) {
    if (event.has_progress()) ++call.progress_events;
    if (event.has_result()) call.result = event.result();
  }
  call.status = reader->Finish();
  return call;
}

v1::Record GetRecord(v1::Coordinator::Stub& stub, const std::string& id) {
  grpc::ClientContext ctx;
  SetDeadline(&ctx);
  v1::GetRecordRequest request;
  request.set_id(id);
  v1::Record record;
  const grpc::Status status = stub.GetRecord(&ctx, request, &record);
  EXPECT_TRUE(status.ok()) << "GetRecord " << id << ": " << status.error_message();
  return record;
}

bool ParseJson(const std::string& json, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  const auto status = google::protobuf::util::JsonStringToMessage(json, message, options);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json.substr(0, 2000);
  return status.ok();
}

v1::CastVote Untimed(v1::CastVote vote) {
  vote.clear_latency_us();
  vote.clear_attempts();
  return vote;
}

bool SameVotes(const google::protobuf::RepeatedPtrField<v1::CastVote>& a,
               const google::protobuf::RepeatedPtrField<v1::CastVote>& b) {
  if (a.size() != b.size()) return false;
  for (int i = 0; i < a.size(); ++i) {
    if (!google::protobuf::util::MessageDifferencer::Equals(Untimed(a[i]), Untimed(b[i]))) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> AnsweredParties(
    const google::protobuf::RepeatedPtrField<v1::CastVote>& votes) {
  std::vector<std::string> parties;
  for (const auto& v : votes) {
    if (!v.absent() && v.vote() != v1::VOTE_UNSPECIFIED) parties.push_back(v.party());
  }
  return parties;
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
