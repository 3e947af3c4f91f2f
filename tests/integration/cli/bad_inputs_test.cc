// The bad-input corpus (tests/data/bad/): scenarios, drafts and profiles
// broken in one place each, every file naming the exact problem lines it
// must produce ("# expect: {file}:LINE: ..."). Each is refused the same way
// everywhere it can enter: `concert check`, `concert run` and `concert
// explore`, the coordinator and party programs reading it at start, and —
// for drafts, which also arrive over the wire — a real coordinator and a
// real party sent it directly, bypassing every client-side check.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "clients/concert/forum/embedded_forum.h"
#include "concert/v1/party.grpc.pb.h"
#include "services/common/text_format_loader.h"
#include "tests/support/net/child_process.h"
#include "tests/support/net/coordinator_calls.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kBin = CONCERT_BINARY_DIR;
const std::string kSrc = CONCERT_SOURCE_DIR;
const std::string kCorpus = kSrc + "/tests/data/bad";

struct BadFile {
  std::string name;  // file name without the directory
  std::string path;
  std::string kind;  // "draft", "scenario" or "profile", from the name
  std::vector<std::string> expected;  // the problem lines, path filled in
};

// gtest names a case by its file, not by the struct's bytes.
void PrintTo(const BadFile& file, std::ostream* out) { *out << file.name; }

std::vector<BadFile> Corpus() {
  std::vector<BadFile> files;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus)) {
    if (entry.path().extension() != ".textproto") continue;
    BadFile file;
    file.name = entry.path().filename().string();
    file.path = entry.path().string();
    file.kind = file.name.substr(0, file.name.find('-'));
    std::ifstream in(file.path);
    std::string line;
    while (std::getline(in, line)) {
      if (!absl::StartsWith(line, "# expect: ")) continue;
      file.expected.push_back(
          absl::StrReplaceAll(line.substr(10), {{"{file}", file.path}}));
    }
    files.push_back(std::move(file));
  }
  std::sort(files.begin(), files.end(),
            [](const BadFile& a, const BadFile& b) { return a.name < b.name; });
  return files;
}

// The problem lines of `output`: those that start with the file's path and
// a line number.
std::vector<std::string> ProblemLines(const std::string& output,
                                      const std::string& path) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    if (absl::StartsWith(line, path + ":") && line.size() > path.size() + 1 &&
        absl::ascii_isdigit(line[path.size() + 1])) {
      lines.emplace_back(line);
    }
  }
  return lines;
}

// An expected line without its "file:line: " prefix: what a server, which
// never saw the file, says of the same problem.
std::string WithoutPlace(const std::string& line, const std::string& path) {
  std::string rest = line.substr(path.size() + 1);
  return rest.substr(rest.find(": ") + 2);
}

class BadInputsTest : public ::testing::TestWithParam<BadFile> {
 protected:
  void SetUp() override {
    ASSERT_FALSE(GetParam().expected.empty())
        << GetParam().name << " names no expected problem (# expect: ...)";
  }
  // Every expected line appears in `output`.
  void ExpectAllIn(const std::string& output) {
    for (const std::string& line : GetParam().expected)
      EXPECT_THAT(output, HasSubstr(line));
  }
  TempDir dir_;
};

TEST_P(BadInputsTest, CheckPrintsExactlyTheExpectedProblems) {
  const BadFile& f = GetParam();
  const CommandResult r = RunCommand({ConcertBinary(), "check", f.path});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(ProblemLines(r.out + r.err, f.path), f.expected) << r.out << r.err;
  // Whatever the file holds, the terminal gets no escape sequence.
  EXPECT_EQ((r.out + r.err).find('\x1b'), std::string::npos);
  EXPECT_EQ((r.out + r.err).find('\x07'), std::string::npos);
}

TEST_P(BadInputsTest, TheCommandsThatUseTheFileRefuseItBeforeAnyWork) {
  const BadFile& f = GetParam();
  const std::string db = dir_.File("records.db");
  std::vector<std::vector<std::string>> commands;
  if (f.kind == "draft") {
    commands = {{ConcertBinary(), "run", f.path, "--db", db},
                {ConcertBinary(), "explore", f.path, "--db", db}};
  } else if (f.kind == "scenario") {
    const std::string draft = ShippedDraftPath("paper-sequence");
    commands = {
        {ConcertBinary(), "run", draft, "--scenario", f.path, "--db", db},
        {CoordinatorBinary(), "--scenario", f.path, "--listen", "127.0.0.1:0",
         "--db", db},
        {PartyBinary(), "--scenario", f.path, "--party", "B", "--listen",
         "127.0.0.1:0"}};
  } else {
    commands = {
        {PartyBinary(), "--profile", f.path, "--listen", "127.0.0.1:0"}};
  }
  for (const auto& command : commands) {
    SCOPED_TRACE(absl::StrJoin(command, " "));
    const CommandResult r = RunCommand(command);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    ExpectAllIn(r.out + r.err);
    EXPECT_EQ((r.out + r.err).find('\x1b'), std::string::npos);
  }
  // Nothing was recorded: a refused input starts no session.
  const CommandResult list =
      RunCommand({ConcertBinary(), "records", "list", "--db", db});
  EXPECT_THAT(list.out + list.err, Not(HasSubstr("RUNNING")));
  EXPECT_THAT(list.out + list.err, Not(HasSubstr("session-")));
}

// The servers check what reaches them over the wire: a client of their own
// (any language, any bug) gets the same problems, without the file's lines.
class BadDraftsOnTheWireTest : public BadInputsTest {
 protected:
  static void SetUpTestSuite() {
    auto forum = cli::EmbeddedForum::Start(SixPartyScenario());
    ASSERT_TRUE(forum.ok()) << forum.status();
    forum_ = forum->release();
  }
  static void TearDownTestSuite() {
    delete forum_;
    forum_ = nullptr;
  }
  v1::CharterDraft RawDraft() {
    // Parsed, never validated: what a careless client would send.
    absl::StatusOr<Loaded<v1::CharterDraft>> loaded =
        LoadWithLocations<v1::CharterDraft>(GetParam().path);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? loaded->message : v1::CharterDraft();
  }
  static cli::EmbeddedForum* forum_;
};
cli::EmbeddedForum* BadDraftsOnTheWireTest::forum_ = nullptr;

// Invalid UTF-8 in a string field never reaches a handler: Protobuf refuses
// to parse the request (INTERNAL, before any code of concert runs).
bool RefusedByProtobuf(const BadFile& f) {
  return absl::StrContains(f.name, "invalid-utf8");
}

TEST_P(BadDraftsOnTheWireTest, TheCoordinatorRefusesTheDraft) {
  const BadFile& f = GetParam();
  auto stub = CoordinatorStub(forum_->coordinator_address());
  const v1::CharterDraft draft = RawDraft();
  if (RefusedByProtobuf(f)) {
    EXPECT_FALSE(RunSession(*stub, SessionRequest(draft, "")).status.ok());
    return;
  }
  const SessionCall session = RunSession(*stub, SessionRequest(draft, ""));
  EXPECT_EQ(session.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const ExploreCall exploration = Explore(*stub, draft, "");
  EXPECT_EQ(exploration.status.error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  for (const std::string& line : f.expected) {
    EXPECT_THAT(session.status.error_message(),
                HasSubstr(WithoutPlace(line, f.path)));
    EXPECT_THAT(exploration.status.error_message(),
                HasSubstr(WithoutPlace(line, f.path)));
  }
}

// A party checks the draft on its own (it knows no scenario: references to
// the scenario's dimensions and parties are the coordinator's to check).
TEST_P(BadDraftsOnTheWireTest, APartyRefusesToTableTheDraft) {
  const BadFile& f = GetParam();
  if (absl::StrContains(f.name, "unknown-dimension") ||
      absl::StrContains(f.name, "unknown-concern")) {
    GTEST_SKIP() << "a cross-check against the scenario";
  }
  auto channel = grpc::CreateChannel(forum_->party_addresses()[0],
                                     grpc::InsecureChannelCredentials());
  auto party = v1::Party::NewStub(channel);
  v1::TableRequest request;
  *request.mutable_draft() = RawDraft();
  v1::TableResponse receipt;
  grpc::ClientContext context;
  const grpc::Status status = party->Table(&context, request, &receipt);
  if (RefusedByProtobuf(f)) {
    EXPECT_FALSE(status.ok());
    return;
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  for (const std::string& line : f.expected)
    EXPECT_THAT(status.error_message(), HasSubstr(WithoutPlace(line, f.path)));
}

std::string NameOf(const ::testing::TestParamInfo<BadFile>& info) {
  std::string name = info.param.name.substr(0, info.param.name.find('.'));
  absl::StrReplaceAll({{"-", "_"}}, &name);
  return name;
}

std::vector<BadFile> Drafts() {
  std::vector<BadFile> drafts;
  for (BadFile& f : Corpus())
    if (f.kind == "draft") drafts.push_back(std::move(f));
  return drafts;
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInputsTest, ::testing::ValuesIn(Corpus()),
                         NameOf);
INSTANTIATE_TEST_SUITE_P(Corpus, BadDraftsOnTheWireTest,
                         ::testing::ValuesIn(Drafts()), NameOf);

}  // namespace
}  // namespace concert::testing
