// GrpcVoteSource: many questions at once — packed batches over one
// EvaluateStream per party, checked answer by answer, and the fallback to
// Evaluate calls for a party that does not implement the stream.
#include <algorithm>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/common/server/logging.h"
#include "services/coordinator/core/cast_vote.h"
#include "services/coordinator/rpc/fan_out.h"
#include "services/coordinator/rpc/grpc_vote_source.h"
#include "services/coordinator/rpc/grpc_vote_source_remote.h"

namespace concert::coordinator {

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

// One party's share of a batch ask: the questions go out in columnar
// EvaluateBatch messages on one EvaluateStream while the answers are read
// back concurrently (writing everything before reading could stall both ends
// on flow control). Batches already answered are kept across retries, so a
// party that drops the stream is never asked the same question twice.
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
