#include "tests/bench/vote_round.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/strings/str_cat.h"
#include "concert/v1/party.grpc.pb.h"
#include "services/coordinator/rpc/grpc_vote_source.h"
#include "tests/bench/loopback_forum.h"

namespace concert::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Counts completions down; Wait returns once all have arrived. Notifying
// under the lock keeps the waiter from destroying the counter while the
// last callback still holds it.
class Countdown {
 public:
  explicit Countdown(int n) : left_(n) {}
  void Done(bool ok) {
    std::lock_guard lock(mu_);
    ok_ = ok_ && ok;
    if (--left_ == 0) cv_.notify_all();
  }
  bool Wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return left_ == 0; });
    return ok_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int left_;
  bool ok_ = true;
};

// One 6-way fan-out of a unary call through the callback API: `start(i,
// ctx, done)` begins party i's call. Returns the call's wall time in µs, or
// -1 when a call failed.
double TimeFanOut(
    int parties,
    const std::function<void(int, grpc::ClientContext*,
                             std::function<void(grpc::Status)>)>& start) {
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts(parties);
  for (auto& ctx : contexts) ctx = std::make_unique<grpc::ClientContext>();
  Countdown countdown(parties);
  const auto began = Clock::now();
  for (int i = 0; i < parties; ++i) {
    start(i, contexts[i].get(),
          [&countdown](grpc::Status status) { countdown.Done(status.ok()); });
  }
  const bool ok = countdown.Wait();
  const double us =
      std::chrono::duration<double, std::micro>(Clock::now() - began).count();
  return ok ? us : -1;
}

// One EvaluateStream call carrying one batch, driven by the callback API (no
// thread of its own): the least the batch path can cost per party.
class OneBatchStream : public grpc::ClientBidiReactor<v1::EvaluateBatch,
                                                      v1::EvaluateBatchResult> {
 public:
  OneBatchStream(v1::Party::Stub* stub, const v1::EvaluateBatch& batch,
                 Countdown* countdown)
      : batch_(batch), countdown_(countdown) {
    stub->async()->EvaluateStream(&context_, this);
    StartWriteLast(&batch_, grpc::WriteOptions());
    StartRead(&result_);
    StartCall();
  }
  void OnReadDone(bool ok) override {
    read_ok_ = ok && result_.error().empty() && result_.votes_size() == 1;
  }
  void OnDone(const grpc::Status& status) override {
    countdown_->Done(status.ok() && read_ok_);  // the last use of this object
  }

 private:
  grpc::ClientContext context_;
  v1::EvaluateBatch batch_;
  v1::EvaluateBatchResult result_;
  Countdown* countdown_;
  bool read_ok_ = false;
};

void Summarize(const std::string& prefix, std::vector<double> samples,
               Record* out) {
  std::sort(samples.begin(), samples.end());
  const auto at = [&](double q) {
    // Nearest rank.
    std::size_t rank =
        static_cast<std::size_t>(q * static_cast<double>(samples.size()));
    return samples[std::min(rank, samples.size() - 1)];
  };
  double sum = 0;
  for (double s : samples) sum += s;
  out->Set(prefix + "_p50_us", at(0.50));
  out->Set(prefix + "_p90_us", at(0.90));
  out->Set(prefix + "_p99_us", at(0.99));
  out->Set(prefix + "_mean_us", sum / static_cast<double>(samples.size()));
}

}  // namespace

Record RunVoteRound(const CaseSpec& spec, int rounds) {
  Record record;
  const v1::Scenario scenario = MakeScenario(spec.forum);
  const v1::CharterDraft draft = MakeFreeDraft(spec.forum, spec.n);
  auto forum = LoopbackForum::Start(scenario);
  if (!forum.ok()) {
    record.Set("error", std::string((forum.status().message())));
    return record;
  }
  const auto& endpoints = (*forum)->endpoints();
  const int parties = static_cast<int>(endpoints.size());

  coordinator::GrpcVoteSource source(endpoints);
  coordinator::TableContext table;
  table.draft = &draft;
  if (absl::Status s = source.Table(table); !s.ok()) {
    record.Set("error", absl::StrCat("table: ", s.message()));
    return record;
  }

  // The round's question: half the draft adopted, the next proposal tabled.
  const int half = spec.n / 2;
  coordinator::Question question;
  question.adopted = (ProposalSet{1} << half) - 1;
  question.proposal = static_cast<std::uint32_t>(half);
  const std::uint64_t everyone = (std::uint64_t{1} << parties) - 1;

  // Stubs of the same channels for the floor and the raw Evaluate fan-out;
  // the raw requests carry the digest each party gave for the same table.
  std::vector<std::unique_ptr<v1::Party::Stub>> stubs;
  std::vector<v1::EvaluateRequest> evaluate(parties);
  v1::TableRequest table_request;
  *table_request.mutable_draft() = draft;
  for (int i = 0; i < parties; ++i) {
    stubs.push_back(v1::Party::NewStub(endpoints[i].channel));
    grpc::ClientContext ctx;
    v1::TableResponse receipt;
    const grpc::Status s = stubs[i]->Table(&ctx, table_request, &receipt);
    if (!s.ok()) {
      record.Set("error", absl::StrCat("table with ", endpoints[i].id, ": ",
                                       s.error_message()));
      return record;
    }
    evaluate[i].set_draft_digest(receipt.draft_digest());
    for (int p = 0; p < half; ++p)
      evaluate[i].add_adopted(draft.proposals(p).id());
    evaluate[i].set_proposal(draft.proposals(half).id());
  }
  std::vector<v1::DescribeRequest> describe_requests(parties);
  std::vector<v1::DescribeResponse> describe_responses(parties);
  std::vector<v1::EvaluateResponse> evaluate_responses(parties);

  const auto floor = [&] {
    return TimeFanOut(parties, [&](int i, grpc::ClientContext* ctx, auto done) {
      stubs[i]->async()->Describe(ctx, &describe_requests[i],
                                  &describe_responses[i], std::move(done));
    });
  };
  const auto raw = [&] {
    return TimeFanOut(parties, [&](int i, grpc::ClientContext* ctx, auto done) {
      stubs[i]->async()->Evaluate(ctx, &evaluate[i], &evaluate_responses[i],
                                  std::move(done));
    });
  };
  std::vector<coordinator::PartyAnswers> answers;
  const auto round = [&]() -> double {
    const auto began = Clock::now();
    const absl::Status s =
        source.Ask({&question, 1}, /*details=*/true, everyone, &answers);
    const double us =
        std::chrono::duration<double, std::micro>(Clock::now() - began).count();
    if (!s.ok()) return -1;
    for (const auto& a : answers) {
      if (!a.answered || a.details.size() != 1) return -1;
    }
    return us;
  };

  // The same question without details takes the exploration's path
  // (EvaluateStream): its cost for one question is the fixed cost that every
  // Ask of the lattice walk pays once per level (or chunk).
  const auto stream = [&]() -> double {
    const auto began = Clock::now();
    const absl::Status s =
        source.Ask({&question, 1}, /*details=*/false, everyone, &answers);
    const double us =
        std::chrono::duration<double, std::micro>(Clock::now() - began).count();
    if (!s.ok()) return -1;
    for (const auto& a : answers) {
      if (!a.answered || a.votes.size() != 1) return -1;
    }
    return us;
  };

  std::vector<v1::EvaluateBatch> batches(parties);
  for (int i = 0; i < parties; ++i) {
    batches[i].set_request_id(0);
    batches[i].set_draft_digest(evaluate[i].draft_digest());
    batches[i].set_set_words(1);
    batches[i].add_sets(question.adopted);
    batches[i].add_proposals(question.proposal);
  }
  const auto stream_floor = [&]() -> double {
    std::vector<std::unique_ptr<OneBatchStream>> streams(parties);
    Countdown countdown(parties);
    const auto began = Clock::now();
    for (int i = 0; i < parties; ++i) {
      streams[i] = std::make_unique<OneBatchStream>(stubs[i].get(), batches[i],
                                                    &countdown);
    }
    const bool ok = countdown.Wait();
    const double us =
        std::chrono::duration<double, std::micro>(Clock::now() - began).count();
    return ok ? us : -1;
  };

  const int warmup = std::max(50, rounds / 10);
  const int stream_every = 4;  // the stream path is slow; sample it less
  std::vector<double> floor_us, raw_us, round_us, stream_us, stream_floor_us;
  for (int r = 0; r < warmup + rounds; ++r) {
    // Rotate the order so that none of the three always follows another.
    double f = 0, w = 0, v = 0;
    switch (r % 3) {
      case 0:
        f = floor();
        w = raw();
        v = round();
        break;
      case 1:
        w = raw();
        v = round();
        f = floor();
        break;
      default:
        v = round();
        f = floor();
        w = raw();
        break;
    }
    const double t = r % stream_every == 0 ? stream() : 0;
    const double b = r % stream_every == 0 ? stream_floor() : 0;
    if (f < 0 || w < 0 || v < 0 || t < 0 || b < 0) {
      record.Set("error", absl::StrCat("a call failed in round ", r));
      return record;
    }
    if (r < warmup) continue;
    floor_us.push_back(f);
    raw_us.push_back(w);
    round_us.push_back(v);
    if (r % stream_every == 0) {
      stream_us.push_back(t);
      stream_floor_us.push_back(b);
    }
  }
  record.Set("rounds", rounds);
  Summarize("floor", std::move(floor_us), &record);
  Summarize("raw", std::move(raw_us), &record);
  Summarize("round", std::move(round_us), &record);
  Summarize("stream", std::move(stream_us), &record);
  Summarize("stream_floor", std::move(stream_floor_us), &record);
  record.Set("wall_ms", record.Number("round_p50_us") / 1000.0);
  return record;
}

}  // namespace concert::bench
