// fuzz_party_answers: what the coordinator does with a party's answers —
// what it says of itself (Describe), the checks the gRPC source applies to
// each vote (TakeEvaluateResponse for a
// session round's unary answer, TakeBatchResult for a batch off the stream;
// services/coordinator/core/cast_vote.h), then a whole session held with its
// record (RunRecordedSession: the session runner, the decision rules, the
// ledger writing each vote to SQLite as it arrives) and the record read
// back. No network: a vote source hands out the input's answers as the
// gRPC source would have taken them.
//
// Input: a selector byte; a length byte n and n bytes of a serialized
// concert.v1.DescribeResponse; the rest, a serialized EvaluateBatchResult.
//  - The Describe reply is every party's: its memory (any number, declared
//    or not) decides how the session asks, and its version goes into the
//    session's header and record, as GrpcVoteSource passes them on.
//  - The result's `details` are the parties' answers to the session's rounds,
//  in
//    order of asking (party by party within a round), used over again when
//    the session asks more; none: no party answers. Its `votes` answer the
//    batches a session asks, if any.
//  - The selector chooses the draft of scenarios/drafts/ (selector % D) and
//    the variant ((selector / D) % (V + 1): the baseline or one of the
//    scenario's V).
//  - The batch check runs on the message itself, as the answer to a batch
//    of request_id % 64 questions with details when bit 6 of request_id is
//    set.
// A session must end (CONSENSUS, DEADLOCK, SUSPENDED) and be read back
// whatever the parties answered: any other outcome aborts, as a crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "concert/v1/party.pb.h"
#include "services/coordinator/core/cast_vote.h"
#include "services/coordinator/core/recorded_session.h"
#include "services/coordinator/core/vote_source.h"
#include "services/coordinator/records/record_store.h"
#include "tests/fuzz/fuzz_inputs.h"

namespace concert {
namespace {

using coordinator::PartyAnswers;
using coordinator::Question;
using coordinator::VoteDetail;

[[noreturn]] void Fail(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "fuzz_party_answers: %s: %s\n", what.c_str(),
               status.ToString().c_str());
  std::abort();
}

// The parties of the scenario, answering what the input says.
class AnswerSource final : public coordinator::VoteSource {
 public:
  AnswerSource(const v1::Scenario& scenario,
               const v1::DescribeResponse& description,
               const v1::EvaluateBatchResult& answers)
      : description_(description), answers_(answers) {
    for (const auto& p : scenario.parties()) ids_.push_back(p.id());
  }

  void SetAnswerObserver(coordinator::AnswerObserver observer) override {
    observer_ = std::move(observer);
  }
  int party_count() const override { return static_cast<int>(ids_.size()); }
  const std::string& party_id(int i) const override { return ids_[i]; }
  v1::Memory party_memory(int) const override { return description_.memory(); }
  std::string party_version(int) const override {
    return description_.version();
  }
  absl::Status Table(const coordinator::TableContext& context) override {
    if (context.draft == nullptr) return absl::InvalidArgumentError("no draft");
    return absl::OkStatus();
  }

  absl::Status Ask(std::span<const Question> questions, bool details,
                   std::uint64_t ask, std::vector<PartyAnswers>* out) override {
    out->assign(ids_.size(), PartyAnswers{});
    for (int i = 0; i < party_count(); ++i) {
      if (i >= 64 || ((ask >> i) & 1u) == 0) continue;
      PartyAnswers& a = (*out)[i];
      a.attempts = 1;
      if (questions.size() == 1 && details) {
        // A session's round: one unary answer, as GrpcVoteSource takes it.
        if (answers_.details_size() == 0) {
          a.error = absl::StrCat("party ", ids_[i], ": no answer");
          continue;
        }
        const v1::EvaluateResponse& response =
            answers_.details(next_ % answers_.details_size());
        ++next_;
        if (coordinator::TakeEvaluateResponse(ids_[i], response, &a) &&
            observer_) {
          observer_(i, a);
        }
        continue;
      }
      // A batch: the input's votes (and details) as the stream's answer.
      v1::EvaluateBatchResult result = answers_;
      a.votes.resize(questions.size());
      a.details.resize(details ? questions.size() : 0);
      a.error = coordinator::TakeBatchResult(
          absl::StrCat("party ", ids_[i]), 0, questions.size(), details, result,
          a.votes.data(), details ? a.details.data() : nullptr);
      a.answered = a.error.empty();
      if (!a.answered) {
        a.votes.clear();
        a.details.clear();
      }
    }
    return absl::OkStatus();
  }

 private:
  const v1::DescribeResponse& description_;
  const v1::EvaluateBatchResult& answers_;
  std::vector<std::string> ids_;
  coordinator::AnswerObserver observer_;
  int next_ = 0;
};

// One record store for the whole run, in a file of its own removed at exit
// (the store needs a file, not ":memory:"), without fsync, and in memory
// (/dev/shm) where there is one: on disk, a busy machine's writes once
// stalled a commit past the 10 s timeout (the input took 60 ms alone).
std::string StorePath(const std::filesystem::path& dir) {
  return (dir / absl::StrCat("concert-fuzz-answers-", ::getpid(), ".db"))
      .string();
}

coordinator::RecordStore& Store() {
  static std::string path;
  static coordinator::RecordStore* const store = [] {
    coordinator::RecordStoreOptions options;
    options.sqlite.full_sync = false;
    absl::StatusOr<std::unique_ptr<coordinator::RecordStore>> opened =
        absl::UnavailableError("no /dev/shm");
    std::error_code ec;
    if (std::filesystem::is_directory("/dev/shm", ec)) {
      path = StorePath("/dev/shm");
      opened = coordinator::RecordStore::Open(path, options);
    }
    if (!opened.ok()) {
      path = StorePath(std::filesystem::temp_directory_path());
      opened = coordinator::RecordStore::Open(path, options);
    }
    if (!opened.ok()) Fail("cannot open the record store", opened.status());
    std::atexit([] {
      std::error_code ignored;
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::filesystem::remove(path + suffix, ignored);
      }
    });
    return opened->release();
  }();
  return *store;
}

void CheckBatch(const v1::EvaluateBatchResult& message) {
  const std::size_t size = message.request_id() % 64;
  const bool details = ((message.request_id() >> 6) & 1u) != 0;
  v1::EvaluateBatchResult result = message;
  std::vector<std::uint8_t> votes(size);
  std::vector<VoteDetail> detail_out(details ? size : 0);
  (void)coordinator::TakeBatchResult("party P", 0, size, details, result,
                                     votes.data(),
                                     details ? detail_out.data() : nullptr);
}

void FuzzAnswers(const fuzz::Selected& in) {
  if (in.message.empty()) return;
  const std::size_t n = static_cast<std::uint8_t>(in.message[0]);
  if (in.message.size() < 1 + n) return;
  v1::DescribeResponse description;
  v1::EvaluateBatchResult answers;
  if (!description.ParseFromArray(in.message.data() + 1, static_cast<int>(n)) ||
      !answers.ParseFromArray(in.message.data() + 1 + n,
                              static_cast<int>(in.message.size() - 1 - n))) {
    return;
  }
  CheckBatch(answers);

  const v1::Scenario& scenario = fuzz::DefaultScenario();
  const auto& drafts = fuzz::DefaultDrafts();
  const int d = static_cast<int>(drafts.size());
  const v1::CharterDraft& draft = drafts[in.selector % d];
  const int variant = (in.selector / d) % (scenario.variants_size() + 1);

  static int sessions = 0;
  coordinator::SessionOptions options;
  options.session_id = absl::StrCat("fuzz-", ++sessions);
  if (variant > 0) options.variant = scenario.variants(variant - 1).name();
  AnswerSource source(scenario, description, answers);
  coordinator::RecordOptions record;
  record.store = &Store();
  record.coordinator_version = "fuzz_party_answers";
  auto held = coordinator::RunRecordedSession(
      scenario, draft, options, source, record, [](const v1::SessionEvent&) {});
  if (!held.ok()) Fail("the session was not held", held.status());
  auto stored = Store().LoadSession(options.session_id);
  if (!stored.ok()) Fail("the session cannot be read back", stored.status());
}

}  // namespace
}  // namespace concert

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  concert::FuzzAnswers(concert::fuzz::Select(data, size));
  return 0;
}
