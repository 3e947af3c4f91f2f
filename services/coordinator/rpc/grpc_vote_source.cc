#include "services/coordinator/rpc/grpc_vote_source.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/server/logging.h"
#include "services/coordinator/core/cast_vote.h"

namespace concert::coordinator {

struct GrpcVoteSource::Remote {
  PartyEndpoint endpoint;
  std::unique_ptr<v1::Party::Stub> stub;
  v1::Memory memory = v1::MEMORY_UNSPECIFIED;
  std::string digest;
  bool tabled = false;
  std::string error;
  // The party answered EvaluateStream with UNIMPLEMENTED: it is asked with
  // Evaluate calls from then on.
  std::atomic<bool> no_stream{false};
};

namespace {

// What is wrong with `result` as the answer to a batch of `size` questions
// (one of `batches`, those in `done` answered already), in words the
// party's author can act on; empty when nothing is.
std::string WrongBatchAnswer(const v1::EvaluateBatchResult& result,
                             std::size_t batches, const std::vector<char>& done,
                             std::size_t size, bool details) {
  const std::uint64_t b = result.request_id();
  if (b >= batches) {
    return absl::StrCat("answered request id ", b,
                        ", which it was not asked (ids 0 to ", batches - 1,
                        " were sent)");
  }
  if (done[b]) return absl::StrCat("answered request id ", b, " twice");
  if (static_cast<std::size_t>(result.votes_size()) != size) {
    return absl::StrCat("answered batch ", b, " with ", result.votes_size(),
                        " votes for its ", size,
                        " questions (one vote per question, in order)");
  }
  if (details && static_cast<std::size_t>(result.details_size()) != size) {
    return absl::StrCat("answered batch ", b, " with ", result.details_size(),
                        " details for its ", size,
                        " questions (details were asked for: one per "
                        "question)");
  }
  return "";
}

}  // namespace

std::chrono::milliseconds DeadlineFor(const GrpcVoteSourceOptions& options,
                                      const std::string& party_id) {
  for (const auto& [id, deadline] : options.party_deadline) {
    if (id == party_id) return deadline;
  }
  return options.retry.deadline;
}

std::string UnservedVariant(const std::string& party_id,
                            const v1::DescribeResponse& description,
                            const std::string& variant) {
  if (variant.empty() || description.baseline_for_other_variants()) return "";
  const auto& served = description.variants();
  if (std::find(served.begin(), served.end(), variant) != served.end()) {
    return "";
  }
  return absl::StrCat(
      party_id, " has no model for variant '", variant, "' (it serves ",
      served.empty()
          ? "the baseline only"
          : absl::StrCat("the baseline and ", absl::StrJoin(served, ", ")),
      ")");
}

std::string StatusText(const grpc::Status& status) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  const int code = static_cast<int>(status.error_code());
  const char* name = code >= 0 && code < 17 ? kNames[code] : "UNKNOWN";
  if (status.error_message().empty()) return name;
  return absl::StrCat(name, ": ", status.error_message());
}

GrpcVoteSource::GrpcVoteSource(std::vector<PartyEndpoint> parties,
                               GrpcVoteSourceOptions options)
    : options_(std::move(options)),
      deadline_of_([this](int i) { return deadlines_[i]; }) {
  for (auto& endpoint : parties) {
    deadlines_.push_back(DeadlineFor(options_, endpoint.id));
    auto remote = std::make_unique<Remote>();
    // A party without an address (e.g. absent under every variant in use)
    // has no stub; Table reports it unreachable.
    if (endpoint.channel != nullptr)
      remote->stub = v1::Party::NewStub(endpoint.channel);
    remote->endpoint = std::move(endpoint);
    parties_.push_back(std::move(remote));
  }
}

GrpcVoteSource::~GrpcVoteSource() = default;

const std::string& GrpcVoteSource::party_id(int i) const {
  return parties_[i]->endpoint.id;
}

v1::Memory GrpcVoteSource::party_memory(int i) const {
  // As declared: callers read anything but SET as HISTORY, and say so.
  return parties_[i]->memory;
}

const std::string& GrpcVoteSource::table_error(int i) const {
  return parties_[i]->error;
}

absl::Status GrpcVoteSource::Table(const TableContext& context) {
  table_request_.Clear();
  *table_request_.mutable_draft() = *context.draft;
  table_request_.set_variant(context.variant);
  for (const auto& v : context.initial_state)
    *table_request_.add_initial_state() = v;
  auto index = DraftIndex::Build(*context.draft);
  if (!index.ok()) return index.status();
  owned_index_ = std::make_unique<DraftIndex>(*std::move(index));
  index_ = owned_index_.get();

  const int n = party_count();
  std::vector<int> all(n);
  for (int i = 0; i < n; ++i) all[i] = i;

  const auto revive = [this](int i, const grpc::Status&) {
    Revive(i);
    return true;
  };
  // Describe (the memory kind decides how questions are asked) and Table go
  // out together: two waves in parallel cost one round trip, not two.
  std::vector<v1::DescribeRequest> describe_requests(n);
  std::vector<v1::DescribeResponse> descriptions(n);
  FanOutResult described;
  std::thread describing([&] {
    described = FanOut(
        all, options_.retry,
        [&](int i, grpc::ClientContext* ctx,
            std::function<void(grpc::Status)> done) {
          if (parties_[i]->stub == nullptr) {
            done(grpc::Status(grpc::StatusCode::NOT_FOUND, "no address"));
            return;
          }
          parties_[i]->stub->async()->Describe(
              ctx, &describe_requests[i], &descriptions[i], std::move(done));
        },
        revive, deadline_of_);
  });
  std::vector<v1::TableResponse> receipts(n);
  const FanOutResult tabled = FanOut(
      all, options_.retry,
      [&](int i, grpc::ClientContext* ctx,
          std::function<void(grpc::Status)> done) {
        if (parties_[i]->stub == nullptr) {
          done(grpc::Status(grpc::StatusCode::NOT_FOUND, "no address"));
          return;
        }
        parties_[i]->stub->async()->Table(ctx, &table_request_, &receipts[i],
                                          std::move(done));
      },
      revive, deadline_of_);
  describing.join();

  // A party that cannot serve the variant would only ever refuse the draft:
  // the session cannot be held, and saying so beats calling the party
  // unreachable.
  if (!context.variant.empty()) {
    std::vector<std::string> unserved;
    for (int i = 0; i < n; ++i) {
      if (!described.status[i].ok()) continue;
      if (std::string why = UnservedVariant(parties_[i]->endpoint.id,
                                            descriptions[i], context.variant);
          !why.empty()) {
        unserved.push_back(std::move(why));
      }
    }
    if (!unserved.empty()) {
      return absl::FailedPreconditionError(absl::StrJoin(unserved, "; "));
    }
  }

  int reachable = 0;
  std::string errors;
  for (int i = 0; i < n; ++i) {
    Remote& r = *parties_[i];
    r.tabled = tabled.status[i].ok();
    r.memory = described.status[i].ok() ? descriptions[i].memory()
                                        : v1::MEMORY_UNSPECIFIED;
    if (r.tabled) {
      r.digest = receipts[i].draft_digest();
      r.error.clear();
      ++reachable;
    } else {
      r.error = absl::StrCat(
          "party ", r.endpoint.id, " at ", r.endpoint.address,
          " did not take the draft: ", StatusText(tabled.status[i]));
      Logger("coordinator")->warn("{}", r.error);
      absl::StrAppend(&errors, errors.empty() ? "" : "; ", r.error);
    }
  }
  if (reachable == 0 && n > 0) return absl::UnavailableError(errors);
  return absl::OkStatus();
}

void GrpcVoteSource::Revive(int i) {
  if (parties_[i]->endpoint.channel != nullptr) {
    grpc::experimental::ChannelResetConnectionBackoff(
        parties_[i]->endpoint.channel.get());
  }
}

bool GrpcVoteSource::Retable(int i) {
  Remote& r = *parties_[i];
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + deadlines_[i]);
  v1::TableResponse receipt;
  const grpc::Status status = r.stub->Table(&ctx, table_request_, &receipt);
  if (!status.ok()) return IsRetryable(status);
  r.digest = receipt.draft_digest();
  r.tabled = true;
  Logger("coordinator")
      ->info("re-tabled the draft with party {}", r.endpoint.id);
  return true;
}

absl::Status GrpcVoteSource::Ask(std::span<const Question> questions,
                                 bool details, std::uint64_t ask,
                                 std::vector<PartyAnswers>* out) {
  if (index_ == nullptr)
    return absl::FailedPreconditionError("no draft tabled");
  for (const Question& q : questions) {
    if (q.proposal >= static_cast<std::uint32_t>(index_->size())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "question names proposal ", q.proposal, " of ", index_->size()));
    }
  }
  out->assign(party_count(), PartyAnswers{});
  const auto asked = [ask](int i) { return i < 64 && ((ask >> i) & 1u); };
  for (int i = 0; i < party_count(); ++i) {
    if (asked(i) && !parties_[i]->tabled) (*out)[i].error = parties_[i]->error;
  }
  if (questions.empty()) return absl::OkStatus();
  if (questions.size() == 1 && details) {
    AskUnary(questions[0], ask, out);
    return absl::OkStatus();
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < party_count(); ++i) {
    if (!asked(i) || !parties_[i]->tabled) continue;
    threads.emplace_back([this, i, questions, details, out] {
      AskStream(i, questions, details, &(*out)[i]);
    });
  }
  for (auto& t : threads) t.join();
  return absl::OkStatus();
}

void GrpcVoteSource::AskUnary(const Question& question, std::uint64_t ask,
                              std::vector<PartyAnswers>* out) {
  std::vector<int> targets;
  for (int i = 0; i < party_count(); ++i) {
    if (i < 64 && ((ask >> i) & 1u) && parties_[i]->tabled)
      targets.push_back(i);
  }
  // The adopted ids in order of adoption when known, else in draft order.
  std::vector<std::string> adopted;
  if (!question.history.empty()) {
    for (std::uint32_t p : question.history) adopted.push_back(index_->id(p));
  } else {
    adopted = index_->IdsOf(question.adopted);
  }
  std::vector<v1::EvaluateRequest> requests(party_count());
  std::vector<v1::EvaluateResponse> responses(party_count());
  const auto began = std::chrono::steady_clock::now();
  for (int i : targets) {
    requests[i].set_draft_digest(parties_[i]->digest);
    // The draft rides along: behind a balanced address, the replica that
    // answers may not be the one that took Table (a few KB per call).
    *requests[i].mutable_table() = table_request_;
    for (const auto& id : adopted) requests[i].add_adopted(id);
    requests[i].set_proposal(index_->id(question.proposal));
  }
  const FanOutResult result = FanOut(
      targets, options_.retry,
      [&](int i, grpc::ClientContext* ctx,
          std::function<void(grpc::Status)> done) {
        parties_[i]->stub->async()->Evaluate(
            ctx, &requests[i], &responses[i],
            [this, i, &responses, began,
             done = std::move(done)](grpc::Status status) {
              // Report a good answer the moment it lands, so a ledger can make
              // it durable even if another party keeps the round waiting.
              if (observer_ && status.ok()) {
                PartyAnswers a;
                if (TakeAnswer(i, status, responses[i], &a)) {
                  a.latency_us =
                      std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - began)
                          .count();
                  observer_(i, a);
                }
              }
              done(std::move(status));
            });
      },
      [&](int i, const grpc::Status& status) {
        Revive(i);
        if (status.error_code() != grpc::StatusCode::FAILED_PRECONDITION)
          return true;
        if (!Retable(i)) return false;
        requests[i].set_draft_digest(parties_[i]->digest);
        return true;
      },
      deadline_of_);
  for (size_t k = 0; k < targets.size(); ++k) {
    const int i = targets[k];
    PartyAnswers& a = (*out)[i];
    TakeAnswer(i, result.status[k], responses[i], &a);
    a.attempts = result.attempts[k];
    a.latency_us = result.latency_us[k];
    if (!a.answered)
      Logger("coordinator")
          ->warn("{} after {} attempt(s)", a.error, a.attempts);
  }
}

bool GrpcVoteSource::TakeAnswer(int i, const grpc::Status& status,
                                const v1::EvaluateResponse& r,
                                PartyAnswers* a) {
  a->answered = false;
  if (!status.ok()) {
    a->error = absl::StrCat("party ", party_id(i), ": ", StatusText(status));
    return false;
  }
  if (!IsCastableVote(r.vote())) {
    a->error =
        absl::StrCat("party ", party_id(i), " answered an invalid vote (",
                     static_cast<int>(r.vote()), ")");
    return false;
  }
  a->answered = true;
  a->error.clear();
  a->votes.assign(1, static_cast<std::uint8_t>(r.vote()));
  VoteDetail d;
  d.utility_change = r.utility_change();
  d.rationale = r.rationale();
  d.conditions.assign(r.conditions().begin(), r.conditions().end());
  a->details.clear();
  a->details.push_back(std::move(d));
  return true;
}

// One party's share of a batch ask: the questions go out in columnar
// EvaluateBatch messages on one EvaluateStream while the answers are read
// back concurrently (writing everything before reading could stall both ends
// on flow control). Batches already answered are kept across retries, so a
// party that drops the stream is never asked the same question twice.
void GrpcVoteSource::AskEach(int i, std::span<const Question> questions,
                             bool details, PartyAnswers* answers) {
  Remote& r = *parties_[i];
  const auto began = std::chrono::steady_clock::now();
  answers->votes.assign(questions.size(), v1::VOTE_UNSPECIFIED);
  if (details) answers->details.assign(questions.size(), VoteDetail{});
  answers->answered = true;
  for (std::size_t q = 0; q < questions.size(); ++q) {
    const Question& question = questions[q];
    v1::EvaluateRequest request;
    request.set_draft_digest(r.digest);
    *request.mutable_table() = table_request_;
    if (!question.history.empty()) {
      for (std::uint32_t p : question.history) {
        request.add_adopted(index_->id(p));
      }
    } else {
      for (const auto& id : index_->IdsOf(question.adopted)) {
        request.add_adopted(id);
      }
    }
    request.set_proposal(index_->id(question.proposal));
    v1::EvaluateResponse response;
    const FanOutResult result = FanOut(
        {i}, options_.retry,
        [&](int, grpc::ClientContext* ctx,
            std::function<void(grpc::Status)> done) {
          r.stub->async()->Evaluate(ctx, &request, &response, std::move(done));
        },
        [&](int, const grpc::Status& status) {
          Revive(i);
          if (status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
            return true;
          }
          if (!Retable(i)) return false;
          request.set_draft_digest(r.digest);
          return true;
        },
        deadline_of_);
    answers->attempts = std::max(answers->attempts, result.attempts[0]);
    PartyAnswers one;
    if (!TakeAnswer(i, result.status[0], response, &one)) {
      answers->answered = false;
      answers->error = one.error;
      answers->votes.clear();
      answers->details.clear();
      break;
    }
    answers->votes[q] = one.votes[0];
    if (details) answers->details[q] = std::move(one.details[0]);
  }
  answers->latency_us = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - began)
                            .count();
}

void GrpcVoteSource::AskStream(int i, std::span<const Question> questions,
                               bool details, PartyAnswers* answers) {
  Remote& r = *parties_[i];
  if (r.no_stream) {
    AskEach(i, questions, details, answers);
    return;
  }
  const size_t n = questions.size();
  const size_t per_batch =
      static_cast<size_t>(std::max(1, options_.batch_questions));
  const size_t batches = (n + per_batch - 1) / per_batch;
  const bool with_history = party_memory(i) != v1::MEMORY_SET;
  answers->votes.assign(n, v1::VOTE_UNSPECIFIED);
  if (details) answers->details.assign(n, VoteDetail{});
  std::vector<char> done(batches, 0);
  size_t remaining = batches;
  const auto began = std::chrono::steady_clock::now();
  auto backoff = options_.retry.backoff;
  std::string fault;

  for (int attempt = 0; attempt <= options_.retry.retries && remaining > 0;
       ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(backoff);  // backoff before asking again
      backoff *= 2;
      Revive(i);
    }
    ++answers->attempts;
    grpc::ClientContext ctx;
    // As for unary calls: fail fast first, wait for the party on a retry.
    if (attempt > 0) ctx.set_wait_for_ready(true);
    // A stream carries many questions: allow 10 µs per question on top of
    // the per-call deadline.
    ctx.set_deadline(std::chrono::system_clock::now() + deadlines_[i] +
                     std::chrono::microseconds(10 * n));
    auto stream = r.stub->EvaluateStream(&ctx);
    const std::string digest = r.digest;
    // The writer works from its own list: `done` changes under the reader.
    std::vector<size_t> todo;
    for (size_t b = 0; b < batches; ++b) {
      if (!done[b]) todo.push_back(b);
    }
    // A stream stays with one replica: its first batch carries the draft for
    // a replica that never saw Table.
    const size_t first = todo.empty() ? 0 : todo.front();
    auto write_all = [&] {
      v1::EvaluateBatch batch;
      for (size_t b : todo) {
        const size_t lo = b * per_batch, hi = std::min(n, lo + per_batch);
        batch.Clear();
        batch.set_request_id(b);
        batch.set_draft_digest(digest);
        batch.set_set_words(1);
        batch.set_details(details);
        if (b == first) *batch.mutable_table() = table_request_;
        auto* sets = batch.mutable_sets();
        auto* proposals = batch.mutable_proposals();
        sets->Resize(static_cast<int>(hi - lo), 0);
        proposals->Resize(static_cast<int>(hi - lo), 0);
        for (size_t q = lo; q < hi; ++q) {
          sets->Set(static_cast<int>(q - lo), questions[q].adopted);
          proposals->Set(static_cast<int>(q - lo), questions[q].proposal);
          if (with_history) {
            batch.add_history_lengths(
                static_cast<std::uint32_t>(questions[q].history.size()));
            for (std::uint32_t p : questions[q].history) batch.add_history(p);
          }
        }
        if (!stream->Write(batch)) break;  // the stream broke; Finish says why
      }
      stream->WritesDone();
    };
    // One batch cannot stall on flow control (the party reads it whole
    // before it answers), so it is written inline; several are written by a
    // second thread while this one reads the answers.
    std::thread writer;
    if (todo.size() == 1) {
      write_all();
    } else {
      writer = std::thread(write_all);
    }

    v1::EvaluateBatchResult result;
    bool lost_table = false;
    while (stream->Read(&result)) {
      const std::uint64_t b = result.request_id();
      const size_t lo = b * per_batch;
      const size_t size = b < batches ? std::min(n, lo + per_batch) - lo : 0;
      if (!result.error().empty()) {
        lost_table = result.error().find("digest") != std::string::npos;
        fault = absl::StrCat("party ", r.endpoint.id, " refused batch ", b,
                             ": ", result.error());
        break;
      }
      if (std::string wrong =
              WrongBatchAnswer(result, batches, done, size, details);
          !wrong.empty()) {
        fault = absl::StrCat("party ", r.endpoint.id, " ", wrong);
        break;
      }
      bool valid = true;
      for (size_t k = 0; k < size; ++k) {
        const int vote = result.votes(static_cast<int>(k));
        if (!IsCastableVote(vote)) valid = false;
        answers->votes[lo + k] = static_cast<std::uint8_t>(vote);
      }
      if (!valid) {
        fault =
            absl::StrCat("party ", r.endpoint.id, " answered an invalid vote");
        break;
      }
      if (details) {
        for (size_t k = 0; k < size; ++k) {
          const auto& d = result.details(static_cast<int>(k));
          VoteDetail& out = answers->details[lo + k];
          out.utility_change = d.utility_change();
          out.rationale = d.rationale();
          out.conditions.assign(d.conditions().begin(), d.conditions().end());
        }
      }
      done[b] = 1;
      --remaining;
    }
    // A fault: stop the writer's stream. (A stream the party merely closed
    // early ends by itself, and Finish() tells how.)
    if (!fault.empty()) ctx.TryCancel();
    if (writer.joinable()) writer.join();
    const grpc::Status status = stream->Finish();
    if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED &&
        remaining == batches) {
      // A party may implement only the unary call: correct, just slower.
      if (!r.no_stream.exchange(true)) {
        Logger("coordinator")
            ->warn(
                "party {} does not implement EvaluateStream; asking it with "
                "Evaluate calls, one question at a time (correct, slower)",
                r.endpoint.id);
      }
      AskEach(i, questions, details, answers);
      return;
    }
    if (remaining == 0) break;
    if (!fault.empty() && !lost_table) break;  // nonsense is not retried
    if (lost_table) {
      if (!Retable(i)) break;
      fault.clear();
      continue;
    }
    if (!status.ok()) {
      fault = absl::StrCat("party ", r.endpoint.id, ": ", StatusText(status));
      if (!IsRetryable(status)) break;
    } else {
      fault = absl::StrCat("party ", r.endpoint.id, " closed the stream with ",
                           remaining, " batch(es) unanswered");
    }
  }
  answers->latency_us = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - began)
                            .count();
  if (remaining == 0) {
    answers->answered = true;
    return;
  }
  answers->answered = false;
  answers->error =
      fault.empty() ? absl::StrCat("party ", r.endpoint.id, " did not answer")
                    : fault;
  answers->votes.clear();
  answers->details.clear();
  Logger("coordinator")
      ->warn("{} after {} attempt(s)", answers->error, answers->attempts);
}

}  // namespace concert::coordinator
