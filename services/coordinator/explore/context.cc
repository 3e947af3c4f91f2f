#include "services/coordinator/explore/context.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <system_error>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "concert/v1/party.pb.h"

namespace concert::coordinator {

Tally TallyOf(std::span<const std::uint8_t> votes) {
  Tally t;
  for (std::uint8_t v : votes) {
    if (v == v1::VOTE_SUPPORT) ++t.support;
    if (v == v1::VOTE_ABSTAIN) ++t.abstain;
    if (v == v1::VOTE_OBJECT) ++t.object;
  }
  return t;
}

ExploreContext::ExploreContext(const DraftIndex& index,
                               const DecisionRule& rule, VoteSource& source,
                               std::vector<std::string> party_ids,
                               std::vector<ProposalScope> scopes,
                               std::uint64_t present, std::uint64_t history,
                               const ExploreOptions& options,
                               const ProgressFn& progress)
    : index_(index),
      rule_(rule),
      source_(source),
      party_ids_(std::move(party_ids)),
      scopes_(std::move(scopes)),
      present_(present),
      history_(history & present),
      options_(options),
      progress_(progress),
      start_(std::chrono::steady_clock::now()),
      last_report_(start_) {}

// `thread` runs the source's Ask into `*answers` and `status`; nothing else
// touches them until it is joined.
struct ExploreContext::PendingAsk {
  std::span<const Question> questions;
  std::vector<PartyAnswers>* answers = nullptr;
  std::uint64_t ask = 0;
  absl::Status status;
  std::thread thread;
};

ExploreContext::~ExploreContext() { AbandonAsk(); }

std::uint64_t ExploreContext::BeginAsk(std::span<const Question> questions,
                                       std::vector<PartyAnswers>* answers,
                                       std::uint64_t parties_mask) const {
  answers->assign(parties(), PartyAnswers{});
  // No party to ask (all absent): every vote reads 0 and the rule decides.
  return questions.empty() ? 0 : present_ & parties_mask;
}

absl::Status ExploreContext::EndAsk(const absl::Status& status,
                                    std::span<const Question> questions,
                                    std::uint64_t ask,
                                    std::vector<PartyAnswers>* answers) {
  if (!status.ok()) {
    return absl::Status(status.code(),
                        absl::StrCat("asking the parties at ", Where(), ": ",
                                     status.message()));
  }
  answers->resize(parties());
  for (int i = 0; i < parties(); ++i) {
    if (!((ask >> i) & 1u)) continue;
    const PartyAnswers& a = (*answers)[i];
    if (!a.answered) {
      return absl::UnavailableError(
          absl::StrCat("party '", party_ids_[i], "' did not answer at ",
                       Where(), a.error.empty() ? "" : ": ", a.error));
    }
    if (a.votes.size() != questions.size()) {
      return absl::UnavailableError(
          absl::StrCat("party '", party_ids_[i], "' answered ", a.votes.size(),
                       " of ", questions.size(), " questions at ", Where()));
    }
  }
  questions_ += questions.size() * std::popcount(ask);
  return absl::OkStatus();
}

absl::Status ExploreContext::Ask(std::span<const Question> questions,
                                 std::vector<PartyAnswers>* answers,
                                 std::uint64_t parties_mask) {
  const std::uint64_t ask = BeginAsk(questions, answers, parties_mask);
  if (ask == 0) return absl::OkStatus();
  return EndAsk(source_.Ask(questions, /*details=*/false, ask, answers),
                questions, ask, answers);
}

void ExploreContext::StartAsk(std::span<const Question> questions,
                              std::vector<PartyAnswers>* answers,
                              std::uint64_t parties_mask) {
  AbandonAsk();  // a caller that broke the one-at-a-time rule
  pending_ = std::make_unique<PendingAsk>();
  PendingAsk& pending = *pending_;
  pending.questions = questions;
  pending.answers = answers;
  pending.ask = BeginAsk(questions, answers, parties_mask);
  if (pending.ask == 0) return;  // nobody to ask: nothing to wait for
  const auto ask = [&source = source_, &pending] {
    pending.status = source.Ask(pending.questions, /*details=*/false,
                                pending.ask, pending.answers);
  };
  try {
    pending.thread = std::thread(ask);
  } catch (const std::system_error&) {
    ask();  // out of threads: ask here, without the overlap, but right
  }
}

absl::Status ExploreContext::FinishAsk() {
  if (!pending_) {
    return absl::InternalError("FinishAsk without an ask started");
  }
  PendingAsk& pending = *pending_;
  if (pending.thread.joinable()) pending.thread.join();
  // Nobody asked: status is OK and EndAsk counts nothing.
  absl::Status status =
      EndAsk(pending.status, pending.questions, pending.ask, pending.answers);
  pending_.reset();
  return status;
}

void ExploreContext::AbandonAsk() {
  if (!pending_) return;
  if (pending_->thread.joinable()) pending_->thread.join();
  pending_.reset();
}

absl::Status ExploreContext::AskDetails(std::uint64_t parties_mask,
                                        std::span<const Question> questions,
                                        std::vector<PartyAnswers>* answers) {
  answers->assign(parties(), PartyAnswers{});
  const std::uint64_t ask = present_ & parties_mask;
  if (questions.empty() || ask == 0) return absl::OkStatus();
  absl::Status status = source_.Ask(questions, /*details=*/true, ask, answers);
  if (!status.ok()) return status;
  answers->resize(parties());
  for (int i = 0; i < parties(); ++i) {
    PartyAnswers& a = (*answers)[i];
    if (!((ask >> i) & 1u) || !a.answered) continue;
    if (a.details.size() != questions.size()) {
      a.answered = false;
      a.error = absl::StrCat("answered ", a.details.size(), " of ",
                             questions.size(), " rationale requests");
    }
  }
  return absl::OkStatus();
}

bool ExploreContext::Passes(std::span<const std::uint8_t> votes, int proposal,
                            int set_aside) const {
  if (set_aside < 0 || votes[set_aside] != v1::VOTE_OBJECT) {
    return rule_.Passes(votes, scopes_[proposal]);
  }
  std::array<std::uint8_t, 64> copy;
  const std::size_t n = std::min<std::size_t>(votes.size(), copy.size());
  std::copy_n(votes.begin(), n, copy.begin());
  copy[set_aside] = v1::VOTE_ABSTAIN;
  return rule_.Passes(std::span<const std::uint8_t>(copy.data(), n),
                      scopes_[proposal]);
}

std::int64_t ExploreContext::elapsed_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now() - start_)
      .count();
}

std::string ExploreContext::Where() const {
  // The phase only where there are several: enumeration's walks of each
  // party's world each start again at level 0.
  const bool named = phases_ > 1 && !phase_.empty();
  return absl::StrCat(named ? phase_ : "", named ? ", " : "", "level ", level_,
                      " of ", index_.size(), " (", states_,
                      " states explored, ", questions_, " questions asked)");
}

void ExploreContext::BeginPhase(std::string name, int number, int phases) {
  phase_ = std::move(name);
  phase_number_ = number;
  phases_ = phases;
  phase_done_ = 0;
}

void ExploreContext::set_phase_done(double share) {
  phase_done_ = std::clamp(share, 0.0, 1.0);
}

void ExploreContext::set_levels_done(int level, double level_share) {
  const int n = index_.size();
  // Level k of an n-proposal lattice holds at most n choose k sets; the
  // whole lattice 2^n. Doubles: n <= 64 keeps every term well in range.
  double below = 0;
  double choose = 1;  // n choose k
  for (int k = 0; k < level && k <= n; ++k) {
    below += choose;
    choose = choose * (n - k) / (k + 1);
  }
  const double at = level <= n ? choose : 0;
  set_phase_done((below + std::clamp(level_share, 0.0, 1.0) * at) /
                 std::ldexp(1.0, n));
}

double ExploreContext::FractionDone() const {
  const double fraction =
      phases_ > 0 ? (std::max(phase_number_ - 1, 0) + phase_done_) / phases_
                  : phase_done_;
  return std::clamp(fraction, 0.0, 1.0);
}

v1::ExploreProgress ExploreContext::ProgressNow() {
  const auto now = std::chrono::steady_clock::now();
  const double seconds =
      std::chrono::duration<double>(now - last_report_).count();
  v1::ExploreProgress p;
  p.set_level(level_);
  p.set_levels(index_.size());
  p.set_states(states_);
  p.set_questions(questions_);
  p.set_questions_per_second(
      seconds > 0 ? (questions_ - questions_at_last_report_) / seconds : 0);
  p.set_phase(phase_);
  p.set_phase_number(phase_number_);
  p.set_phases(phases_);
  p.set_elapsed_ms(elapsed_ms());
  // An estimate that a later phase revises down is still reported as what
  // was reported before: a progress line that goes backwards misleads more
  // than one that pauses.
  fraction_reported_ = std::max(fraction_reported_, FractionDone());
  p.set_fraction_done(fraction_reported_);
  last_report_ = now;
  questions_at_last_report_ = questions_;
  return p;
}

absl::Status ExploreContext::Report() {
  if (!progress_) return absl::OkStatus();
  if (!progress_(ProgressNow())) {
    return absl::CancelledError(
        absl::StrCat("exploration cancelled at ", Where()));
  }
  return absl::OkStatus();
}

void ExploreContext::ReportDone() {
  if (!progress_) return;
  if (phases_ > 0) phase_number_ = phases_;
  phase_done_ = 1;
  (void)progress_(ProgressNow());
}

absl::Status ExploreContext::CheckBudget(std::uint64_t states,
                                         std::uint64_t bytes,
                                         absl::string_view what) const {
  if (states <= options_.max_states && bytes <= options_.max_memory_bytes) {
    return absl::OkStatus();
  }
  const bool by_states = states > options_.max_states;
  return absl::ResourceExhaustedError(absl::StrCat(
      "the budget would be exceeded by ", what, " (", level_, " of ",
      index_.size(), " proposals adopted): ",
      by_states
          ? absl::StrCat(states, " states > max_states ", options_.max_states)
          : absl::StrCat("~", bytes >> 20, " MiB > max_memory ",
                         options_.max_memory_bytes >> 20, " MiB"),
      " (", states_, " states explored, ", questions_,
      " questions asked so far); sample orders instead for an estimate "
      "(concert explore --strategy sample --samples N), or raise the budget "
      "(--max-states, --max-memory-mib)"));
}

}  // namespace concert::coordinator
