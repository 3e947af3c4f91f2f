// GrpcVoteSource: what a party's stream hands back, checked as it arrives
// on gRPC's threads — each result against the batch it answers (its id, its
// length, every vote castable, details when asked for), and the stream's end
// under an ask. A fault ends the party's attempt; the asking thread
// (grpc_vote_source_batch.cc) decides whether to retry.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/printable.h"
#include "services/common/server/logging.h"
#include "services/coordinator/core/cast_vote.h"
#include "services/coordinator/rpc/grpc_vote_source.h"
#include "services/coordinator/rpc/grpc_vote_source_remote.h"

namespace concert::coordinator {

void GrpcVoteSource::OnStreamResult(int i, std::uint64_t generation,
                                    v1::EvaluateBatchResult& result) {
  absl::MutexLock lock(&mu_);
  Remote& r = *parties_[i];
  if (generation != r.stream_generation) return;  // a stream given up
  StreamAsk* s = r.ask;
  const std::uint64_t id = result.request_id();
  if (s == nullptr) {
    // An answer between asks was never asked for: this stream is not to be
    // trusted; the next ask opens another.
    Logger("coordinator")
        ->warn("party {} answered request id {} between asks", r.endpoint.id,
               id);
    r.stream_stale = true;
    return;
  }
  if (s->attempt_over) return;
  const auto end_attempt = [&](std::string fault, bool fatal)
                               ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
                                 s->fault = std::move(fault);
                                 s->fatal = fatal;
                                 s->attempt_over = true;
                                 ++events_;
                               };
  const std::string who = absl::StrCat("party ", r.endpoint.id);
  const auto it = s->in_flight.find(id);
  if (!result.error().empty()) {
    // An unknown digest is mended by tabling again; any other refusal is
    // the party's last word on these questions.
    const bool lost = absl::StrContains(result.error(), "digest");
    s->lost_table = lost;
    end_attempt(absl::StrCat(who, " refused batch ",
                             it != s->in_flight.end() ? it->second : id, ": ",
                             Printable(result.error(), true)),
                /*fatal=*/!lost);
    return;
  }
  if (it == s->in_flight.end()) {
    end_attempt(
        id >= s->end_id
            ? absl::StrCat(who, " answered request id ", id,
                           ", which it was not asked (ids ", s->first_id,
                           " to ", s->end_id - 1, " were sent)")
            : absl::StrCat(who, " answered request id ", id, " twice"),
        /*fatal=*/true);
    return;
  }
  const std::size_t b = it->second;
  const std::size_t lo = s->bounds[b];
  const std::size_t size = s->bounds[b + 1] - lo;
  std::uint8_t* out = s->answers->votes.data() + lo;
  if (std::string fault = TakeBatchResult(
          who, b, size, s->details, result, out,
          s->details ? s->answers->details.data() + lo : nullptr);
      !fault.empty()) {
    end_attempt(std::move(fault), /*fatal=*/true);
    return;
  }
  if (s->progress != nullptr) {
    (*s->progress)(i, lo, std::span<const std::uint8_t>(out, size));
  }
  s->done[b] = 1;
  s->any_answered = true;
  s->in_flight.erase(it);
  if (--s->remaining == 0) {
    s->attempt_over = true;
    ++events_;
  }
}

void GrpcVoteSource::OnStreamDone(int i, std::uint64_t generation,
                                  const grpc::Status& status) {
  absl::MutexLock lock(&mu_);
  Remote& r = *parties_[i];
  if (generation != r.stream_generation) return;
  StreamAsk* s = r.ask;
  if (s == nullptr) {
    r.lost_between_asks = true;
    return;
  }
  if (s->attempt_over) return;
  // The stream ended under an ask: the party closed it early, broke it, or
  // could not be reached. Answered batches stand; the rest are retried.
  s->status = status;
  s->fault =
      status.ok()
          ? absl::StrCat("party ", r.endpoint.id, " closed the stream with ",
                         s->remaining, " batch(es) unanswered")
          : absl::StrCat("party ", r.endpoint.id, ": ", StatusText(status));
  s->attempt_over = true;
  ++events_;
}

}  // namespace concert::coordinator
