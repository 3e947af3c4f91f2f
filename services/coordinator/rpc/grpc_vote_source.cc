#include "services/coordinator/rpc/grpc_vote_source.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/digest.h"
#include "services/common/server/logging.h"
#include "services/common/validation.h"
#include "services/coordinator/core/cast_vote.h"
#include "services/coordinator/rpc/grpc_vote_source_remote.h"

namespace concert::coordinator {

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

GrpcVoteSource::~GrpcVoteSource() {
  // Close the streams first: their last callbacks reach into this source.
  for (auto& r : parties_) r->stream.reset();
}

const std::string& GrpcVoteSource::party_id(int i) const {
  return parties_[i]->endpoint.id;
}

v1::Memory GrpcVoteSource::party_memory(int i) const {
  // As declared: callers read anything but SET as HISTORY, and say so.
  return parties_[i]->memory;
}

std::string GrpcVoteSource::party_version(int i) const {
  // Described in the wave of the first Table (and kept across requests).
  const auto& description = parties_[i]->description;
  return description.has_value() ? description->version() : "";
}

const std::string& GrpcVoteSource::table_error(int i) const {
  return parties_[i]->error;
}

absl::Status GrpcVoteSource::Table(const TableContext& context) {
  if (context.draft == nullptr) {
    return absl::InvalidArgumentError("Table: no draft");
  }
  const int n = party_count();
  // Each party is handed only the overlay naming it; an overlay naming no
  // party is the caller's error, as for the in-process source.
  absl::StatusOr<std::vector<const v1::PartyOverlay*>> overlays =
      OverlayOfEachParty(context, *this);
  if (!overlays.ok()) return overlays.status();
  const std::vector<const v1::PartyOverlay*>& overlay_of = *overlays;
  auto index = DraftIndex::Build(*context.draft);
  if (!index.ok()) return index.status();
  owned_index_ = std::make_unique<DraftIndex>(*std::move(index));
  index_ = owned_index_.get();

  v1::TableRequest common;
  *common.mutable_draft() = *context.draft;
  common.set_variant(context.variant);
  for (const auto& v : context.initial_state) *common.add_initial_state() = v;
  // Unset unless given: an unperturbed draft keeps the digest it always had.
  if (context.perturbation.ByteSizeLong() > 0) {
    *common.mutable_perturbation() = context.perturbation;
  }
  for (int i = 0; i < n; ++i) {
    Remote& r = *parties_[i];
    r.table = common;
    if (overlay_of[i] != nullptr) *r.table.mutable_overlay() = *overlay_of[i];
  }

  // A party described before (by this source, and not failed since) is
  // tabled lazily: the draft rides with its next question, named by the
  // digest computed here, and the party tables it then — no round trip of
  // its own. A comparison re-tables once per sample, so this halves a
  // sample's round trips. A party the source has not described yet (or
  // that failed since, and may be another process now) is tabled now, and
  // described in the same wave: one round trip, not two — what it says of
  // itself (its memory, its variants) decides how it is asked.
  {
    absl::MutexLock lock(&mu_);
    for (auto& r : parties_) {
      if (r->lost_between_asks) r->Forget();
      r->lost_between_asks = false;
    }
  }
  std::vector<int> targets;
  for (int i = 0; i < n; ++i) {
    Remote& r = *parties_[i];
    if (r.description.has_value()) {
      r.digest = MessageDigest(r.table);
      r.tabled = true;
      r.error.clear();
      // The next batch carries the draft even if this stream carried it
      // before: the party may have dropped it from its cache since.
      r.stream_digests.erase(r.digest);
    } else {
      targets.push_back(i);
    }
  }
  const std::size_t eager = targets.size();
  for (std::size_t k = 0; k < eager; ++k) targets.push_back(n + targets[k]);
  std::vector<v1::DescribeRequest> describe_requests(n);
  std::vector<v1::DescribeResponse> descriptions(n);
  std::vector<v1::TableResponse> receipts(n);
  const FanOutResult wave = FanOut(
      targets, options_.retry,
      [&](int t, grpc::ClientContext* ctx,
          std::function<void(grpc::Status)> done) {
        const int i = t % n;
        if (parties_[i]->stub == nullptr) {
          done(grpc::Status(grpc::StatusCode::NOT_FOUND, "no address"));
          return;
        }
        if (t < n) {
          parties_[i]->stub->async()->Table(ctx, &parties_[i]->table,
                                            &receipts[i], std::move(done));
        } else {
          parties_[i]->stub->async()->Describe(
              ctx, &describe_requests[i], &descriptions[i], std::move(done));
        }
      },
      [this, n](int t, const grpc::Status&) {
        Revive(t % n);
        return true;
      },
      [this, n](int t) { return deadlines_[t % n]; });
  for (std::size_t k = eager; k < targets.size(); ++k) {
    const int i = targets[k] - n;
    if (!wave.status[k].ok()) continue;
    if (absl::Status s = CheckPeerMessage(
            descriptions[i],
            absl::StrCat("party ", parties_[i]->endpoint.id, "'s description"));
        !s.ok()) {
      Logger("coordinator")->warn("{}", std::string(s.message()));
      continue;  // as though it had not answered: no variants, no memory
    }
    parties_[i]->description = descriptions[i];
  }

  // A party that cannot serve the variant would only ever refuse the draft:
  // the session cannot be held, and saying so beats calling the party
  // unreachable.
  if (!context.variant.empty()) {
    std::vector<std::string> unserved;
    for (int i = 0; i < n; ++i) {
      if (!parties_[i]->description.has_value()) continue;
      if (std::string why =
              UnservedVariant(parties_[i]->endpoint.id,
                              *parties_[i]->description, context.variant);
          !why.empty()) {
        unserved.push_back(std::move(why));
      }
    }
    if (!unserved.empty()) {
      return absl::FailedPreconditionError(absl::StrJoin(unserved, "; "));
    }
  }

  for (std::size_t k = 0; k < eager; ++k) {
    const int i = targets[k];
    Remote& r = *parties_[i];
    r.tabled = wave.status[k].ok();
    if (r.tabled) {
      r.digest = receipts[i].draft_digest();
      r.error.clear();
    } else {
      r.Forget();
      r.error =
          absl::StrCat("party ", r.endpoint.id, " at ", r.endpoint.address,
                       " did not take the draft: ", StatusText(wave.status[k]));
      Logger("coordinator")->warn("{}", r.error);
    }
  }
  int reachable = 0;
  std::string errors;
  for (int i = 0; i < n; ++i) {
    Remote& r = *parties_[i];
    r.memory = r.description.has_value() ? r.description->memory()
                                         : v1::MEMORY_UNSPECIFIED;
    if (r.tabled) {
      ++reachable;
    } else {
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
  const grpc::Status status = r.stub->Table(&ctx, r.table, &receipt);
  if (!status.ok()) {
    // Why, in the words Table uses: a party tabled lazily that cannot take
    // the draft says so only here, and "unknown digest" would mislead.
    r.error = absl::StrCat("party ", r.endpoint.id, " at ", r.endpoint.address,
                           " did not take the draft: ", StatusText(status));
    return IsRetryable(status);
  }
  r.digest = receipt.draft_digest();
  r.tabled = true;
  Logger("coordinator")
      ->info("re-tabled the draft with party {}", r.endpoint.id);
  return true;
}

absl::Status GrpcVoteSource::Ask(std::span<const Question> questions,
                                 bool details, std::uint64_t ask,
                                 std::vector<PartyAnswers>* out) {
  return AskQuestions(questions, details, /*lattice=*/false,
                      /*progress=*/nullptr, ask, out);
}

absl::Status GrpcVoteSource::AskLattice(const LatticePrefix& questions,
                                        std::uint64_t ask,
                                        std::vector<PartyAnswers>* out,
                                        const LatticeProgress& progress) {
  return AskQuestions(questions, /*details=*/false, /*lattice=*/true,
                      progress ? &progress : nullptr, ask, out);
}

absl::Status GrpcVoteSource::AskQuestions(const LatticePrefix& questions,
                                          bool details, bool lattice,
                                          const LatticeProgress* progress,
                                          std::uint64_t ask,
                                          std::vector<PartyAnswers>* out) {
  if (index_ == nullptr)
    return absl::FailedPreconditionError("no draft tabled");
  for (const Question& q :
       lattice ? std::span<const Question>() : questions.list()) {
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
  if (questions.size() == 0) return absl::OkStatus();
  if (questions.size() == 1 && details) {
    AskUnary(questions.list()[0], ask, out);
    return absl::OkStatus();
  }
  std::vector<int> parties;
  for (int i = 0; i < party_count(); ++i) {
    if (asked(i) && parties_[i]->tabled) parties.push_back(i);
  }
  AskStreams(questions, details, lattice, progress, parties, out);
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
    *requests[i].mutable_table() = parties_[i]->table;
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
  return TakeEvaluateResponse(party_id(i), r, a);
}

}  // namespace concert::coordinator
