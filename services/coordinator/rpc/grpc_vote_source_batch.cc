// GrpcVoteSource: many questions at once — packed batches over each party's
// long-lived EvaluateStream (checked as they are answered:
// grpc_vote_source_results.cc), with deadlines and retries per party, and
// the fallback to Evaluate calls for a party that does not implement the
// stream.
//
// One thread (the caller's) drives every party's share: it queues the
// batches (the first batch of every party before the second of any, so that
// all parties start at once), then sleeps until an attempt ends — answered
// in full, a fault, the stream gone — or a deadline or backoff passes. The
// answers are checked and stored by the streams' callbacks as they arrive.
#include <algorithm>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/server/logging.h"
#include "services/coordinator/rpc/fan_out.h"
#include "services/coordinator/rpc/grpc_vote_source.h"
#include "services/coordinator/rpc/grpc_vote_source_remote.h"

namespace concert::coordinator {

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t MicrosSince(Clock::time_point began) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() -
                                                               began)
      .count();
}

}  // namespace

void GrpcVoteSource::AskEach(int i, std::span<const Question> questions,
                             bool details, PartyAnswers* answers) {
  Remote& r = *parties_[i];
  const auto began = Clock::now();
  answers->votes.assign(questions.size(), v1::VOTE_UNSPECIFIED);
  if (details) answers->details.assign(questions.size(), VoteDetail{});
  answers->answered = true;
  for (std::size_t q = 0; q < questions.size(); ++q) {
    const Question& question = questions[q];
    v1::EvaluateRequest request;
    request.set_draft_digest(r.digest);
    *request.mutable_table() = r.table;
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
  answers->latency_us = MicrosSince(began);
}

std::vector<std::size_t> BatchBounds(std::size_t questions,
                                     std::size_t per_batch, bool ramp) {
  std::vector<std::size_t> bounds = {0};
  // A ramp starts small and doubles: the first answers land early, and a
  // caller using them as they land (a lattice ask's progress) starts soon.
  std::size_t size = ramp ? std::min(per_batch, kFirstRampBatch) : per_batch;
  while (bounds.back() < questions) {
    bounds.push_back(std::min(questions, bounds.back() + size));
    size = std::min(per_batch, size * 2);
  }
  if (bounds.size() == 1) bounds.push_back(0);  // no questions: one empty
  return bounds;
}

void GrpcVoteSource::AskStreams(const LatticePrefix& questions, bool details,
                                bool lattice, const LatticeProgress* progress,
                                const std::vector<int>& parties,
                                std::vector<PartyAnswers>* out) {
  const auto began = Clock::now();
  const std::size_t n = questions.size();
  const std::vector<std::size_t> bounds = BatchBounds(
      n, static_cast<std::size_t>(std::max(1, options_.batch_questions)),
      /*ramp=*/progress != nullptr);
  const std::size_t batches = bounds.size() - 1;

  std::vector<std::thread> fallbacks;
  const auto fall_back = [&](int i) {
    PartyAnswers* answers = &(*out)[i];
    fallbacks.emplace_back([this, i, &questions, details, answers] {
      AskEach(i, questions.list(), details, answers);
    });
  };
  // Stable addresses: the streams' callbacks reach them through Remote::ask.
  std::vector<StreamAsk> asks;
  asks.reserve(parties.size());
  for (int i : parties) {
    if (parties_[i]->no_stream) {
      fall_back(i);
      continue;
    }
    StreamAsk& s = asks.emplace_back();
    s.party = i;
    s.questions = &questions;
    s.details = details;
    s.with_history = party_memory(i) != v1::MEMORY_SET;
    const Remote& r = *parties_[i];
    s.lattice = lattice && !details && !s.with_history &&
                n <= kMaxLatticeQuestions && r.description.has_value() &&
                r.description->answers_lattice();
    s.bounds = bounds;
    s.progress = progress;
    s.answers = &(*out)[i];
    s.began = began;
    s.backoff = options_.retry.backoff;
    s.done.assign(batches, 0);
    s.remaining = batches;
    s.answers->votes.assign(n, v1::VOTE_UNSPECIFIED);
    if (details) s.answers->details.assign(n, VoteDetail{});
  }
  for (StreamAsk& s : asks) StartAttempt(s);
  // Round-robin: every party has its first batch before any its second.
  for (std::size_t b = 0; b < batches; ++b) {
    for (StreamAsk& s : asks) SendBatch(s, b);
  }

  for (;;) {
    // Work for outside the lock: streams to end, parties to retry or ask
    // one question at a time.
    std::vector<StreamAsk*> cancel, retry, each;
    bool waiting = false;
    Clock::time_point wake = Clock::time_point::max();
    {
      absl::MutexLock lock(&mu_);
      const auto now = Clock::now();
      for (StreamAsk& s : asks) {
        const Remote& r = *parties_[s.party];
        if (s.state == StreamAsk::State::kAsking && !s.attempt_over &&
            now >= s.deadline) {
          s.status = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                  "Deadline Exceeded");
          s.fault =
              absl::StrCat("party ", r.endpoint.id, ": ", StatusText(s.status));
          s.attempt_over = true;
          cancel.push_back(&s);
        }
        if (s.state == StreamAsk::State::kAsking && s.attempt_over) {
          // Nonsense (fatal) is not retried; anything else short of every
          // batch answered may be, with a real backoff before asking an
          // unresponsive party again.
          const bool short_of_answers = s.remaining > 0 && !s.fatal;
          if (short_of_answers &&
              s.status.error_code() == grpc::StatusCode::UNIMPLEMENTED &&
              !s.any_answered) {
            s.state = StreamAsk::State::kFallback;
            each.push_back(&s);
          } else if (short_of_answers && s.attempt <= options_.retry.retries &&
                     (s.lost_table || s.status.ok() || IsRetryable(s.status))) {
            s.state = StreamAsk::State::kBackoff;
            s.retry_at = now + s.backoff;
            s.backoff *= 2;
          } else {
            s.state = StreamAsk::State::kFinished;
            // A party that talked nonsense is not left computing answers
            // no one reads.
            if (s.fatal) cancel.push_back(&s);
          }
        }
        if (s.state == StreamAsk::State::kBackoff && now >= s.retry_at) {
          s.state = StreamAsk::State::kAsking;
          retry.push_back(&s);
        }
        if (s.state == StreamAsk::State::kAsking && !s.attempt_over) {
          waiting = true;
          wake = std::min(wake, s.deadline);
        } else if (s.state == StreamAsk::State::kBackoff) {
          waiting = true;
          wake = std::min(wake, s.retry_at);
        }
      }
      if (cancel.empty() && retry.empty() && each.empty()) {
        if (!waiting) break;
        // Woken once when every party asking is answered, or as soon as one
        // needs the loop (a fault to retry, cancel or fall back from) — not
        // once per party answered: each wake-up is a thread hand-off, and a
        // small ask is mostly hand-offs.
        const std::uint64_t seen = events_;
        const auto changed = [this, seen, &asks]()
                                 ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
                                   if (events_ == seen) return false;
                                   bool all_over = true;
                                   for (const StreamAsk& s : asks) {
                                     if (s.state != StreamAsk::State::kAsking) {
                                       continue;
                                     }
                                     if (!s.attempt_over) {
                                       all_over = false;
                                     } else if (s.remaining > 0) {
                                       return true;
                                     }
                                   }
                                   return all_over;
                                 };
        mu_.AwaitWithTimeout(
            absl::Condition(&changed),
            absl::FromChrono(std::max(Clock::duration::zero(), wake - now)));
        continue;
      }
    }
    for (StreamAsk* s : cancel) {
      if (parties_[s->party]->stream != nullptr) {
        parties_[s->party]->stream->Cancel();
      }
    }
    for (StreamAsk* s : each) {
      Remote& r = *parties_[s->party];
      // A party may implement only the unary call: correct, just slower.
      if (!r.no_stream.exchange(true)) {
        Logger("coordinator")
            ->warn(
                "party {} does not implement EvaluateStream; asking it with "
                "Evaluate calls, one question at a time (correct, slower)",
                r.endpoint.id);
      }
      fall_back(s->party);
    }
    for (StreamAsk* s : retry) {
      Remote& r = *parties_[s->party];
      Revive(s->party);
      r.Forget();
      if (s->lost_table && !Retable(s->party)) {
        absl::MutexLock lock(&mu_);
        s->fault = r.error;
        s->state = StreamAsk::State::kFinished;
        continue;
      }
      StartAttempt(*s);
      for (std::size_t b = 0; b < s->batch_count(); ++b) {
        if (!s->done[b]) SendBatch(*s, b);
      }
    }
  }

  {
    absl::MutexLock lock(&mu_);
    for (StreamAsk& s : asks) parties_[s.party]->ask = nullptr;
  }
  for (StreamAsk& s : asks) {
    // A party asked one question at a time is its own thread's to fill.
    if (s.state == StreamAsk::State::kFallback) continue;
    PartyAnswers& a = *s.answers;
    a.latency_us = MicrosSince(began);
    if (s.remaining == 0) {
      a.answered = true;
      continue;
    }
    a.answered = false;
    a.error = s.fault.empty()
                  ? absl::StrCat("party ", parties_[s.party]->endpoint.id,
                                 " did not answer")
                  : s.fault;
    a.votes.clear();
    a.details.clear();
    Logger("coordinator")->warn("{} after {} attempt(s)", a.error, a.attempts);
  }
  for (auto& t : fallbacks) t.join();
  if (progress == nullptr) return;
  // Parties asked one question at a time tell their answers at the end.
  for (int i : parties) {
    const PartyAnswers& a = (*out)[i];
    const bool streamed =
        std::any_of(asks.begin(), asks.end(), [i](const StreamAsk& s) {
          return s.party == i && s.state != StreamAsk::State::kFallback;
        });
    if (!streamed && a.answered && a.votes.size() == n)
      (*progress)(i, 0, a.votes);
  }
}

void GrpcVoteSource::StartAttempt(StreamAsk& s) {
  Remote& r = *parties_[s.party];
  const bool retry = s.attempt > 0;
  ++s.attempt;
  ++s.answers->attempts;
  std::size_t left = 0;
  for (std::size_t b = 0; b < s.batch_count(); ++b) {
    if (!s.done[b]) left += s.bounds[b + 1] - s.bounds[b];
  }
  {
    absl::MutexLock lock(&mu_);
    r.ask = &s;
    s.attempt_over = false;
    s.status = grpc::Status::OK;
    s.fault.clear();
    s.fatal = false;
    s.lost_table = false;
    s.in_flight.clear();
    // As for unary calls, plus 10 µs per question: a stream carries many.
    s.deadline = Clock::now() + deadlines_[s.party] +
                 std::chrono::microseconds(10 * left);
  }
  // A retry always starts a fresh stream; so does a party whose stream
  // ended since its last ask (it restarted, or a fault ended it).
  OpenStream(s.party, /*fresh=*/retry);
  absl::MutexLock lock(&mu_);
  s.first_id = s.end_id = r.stream->next_request_id();
}

void GrpcVoteSource::OpenStream(int i, bool fresh) {
  Remote& r = *parties_[i];
  std::unique_ptr<EvaluateStreamCall> old;
  std::uint64_t generation = 0;
  {
    absl::MutexLock lock(&mu_);
    if (!fresh && !r.stream_stale && r.stream != nullptr &&
        !r.stream->ended()) {
      return;
    }
    old = std::move(r.stream);
    generation = ++r.stream_generation;
    r.stream_stale = false;
  }
  old.reset();  // ends it (outside mu_: its last callback takes mu_)
  r.stream = std::make_unique<EvaluateStreamCall>(
      r.stub.get(), /*wait_for_ready=*/fresh,
      [this, i, generation](v1::EvaluateBatchResult& result) {
        OnStreamResult(i, generation, result);
      },
      [this, i, generation](const grpc::Status& status) {
        OnStreamDone(i, generation, status);
      });
  r.stream_digests.clear();
}

void GrpcVoteSource::SendBatch(StreamAsk& s, std::size_t b) {
  Remote& r = *parties_[s.party];
  const std::size_t lo = s.bounds[b];
  const std::size_t hi = s.bounds[b + 1];
  auto batch = std::make_unique<v1::EvaluateBatch>();
  const std::uint64_t id = r.stream->TakeRequestId();
  batch->set_request_id(id);
  batch->set_draft_digest(r.digest);
  batch->set_set_words(1);
  batch->set_details(s.details);
  // The first batch of a digest this stream has not carried brings the
  // draft along: a replica behind a balanced address may never have seen
  // Table, and a stream stays with one replica.
  if (r.stream_digests.insert(r.digest).second) {
    *batch->mutable_table() = r.table;
  }
  const int count = static_cast<int>(hi - lo);
  if (s.lattice) {
    // The party walks the lattice order itself: the range is the question.
    batch->set_lattice_first(lo);
    batch->set_lattice_count(static_cast<std::uint32_t>(count));
  } else {
    FillQuestions(s, lo, hi, batch.get());
  }
  {
    absl::MutexLock lock(&mu_);
    if (s.attempt_over) return;  // the stream ended already
    s.in_flight.emplace(id, b);
    s.end_id = id + 1;
  }
  // False when the stream has ended: its OnDone says how.
  r.stream->Write(std::move(batch));
}

void GrpcVoteSource::FillQuestions(const StreamAsk& s, std::size_t lo,
                                   std::size_t hi, v1::EvaluateBatch* batch) {
  const int count = static_cast<int>(hi - lo);
  // Listed here, for a party sent each question: a lattice ask's list is
  // made on first use (LatticePrefix).
  const std::span<const Question> questions = s.questions->list();
  batch->mutable_sets()->Resize(count, 0);
  batch->mutable_proposals()->Resize(count, 0);
  std::uint64_t* sets = batch->mutable_sets()->mutable_data();
  std::uint32_t* proposals = batch->mutable_proposals()->mutable_data();
  for (std::size_t q = lo; q < hi; ++q) {
    sets[q - lo] = questions[q].adopted;
    proposals[q - lo] = questions[q].proposal;
    if (s.with_history) {
      batch->add_history_lengths(
          static_cast<std::uint32_t>(questions[q].history.size()));
      for (std::uint32_t p : questions[q].history) batch->add_history(p);
    }
  }
}

}  // namespace concert::coordinator
