#include "services/coordinator/core/in_process_vote_source.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/party/core/effective_profile.h"
#include "services/party/core/tabled_model.h"

namespace concert::coordinator {

InProcessVoteSource::InProcessVoteSource(v1::Scenario scenario)
    : InProcessVoteSource(std::move(scenario), Options{}) {}

InProcessVoteSource::InProcessVoteSource(v1::Scenario scenario, Options options)
    : scenario_(std::move(scenario)), options_(options) {}

absl::Status InProcessVoteSource::Table(const TableContext& context) {
  if (context.draft == nullptr) {
    return absl::InvalidArgumentError("Table: no draft");
  }
  // Variants the scenario declares: a party without a profile change for
  // one keeps its baseline under it.
  const std::vector<std::string> scenario_variants =
      party::ScenarioVariants(scenario_);
  // Each party is handed only the overlay naming it, as a party server is
  // in its TableRequest; an overlay naming no party is the caller's error,
  // and leaves nothing tabled.
  const int n = party_count();
  models_.assign(n, std::nullopt);
  errors_.assign(n, "");
  proposals_ = -1;
  absl::StatusOr<std::vector<const v1::PartyOverlay*>> overlays =
      OverlayOfEachParty(context, *this);
  if (!overlays.ok()) return overlays.status();
  const std::vector<const v1::PartyOverlay*>& overlay_of = *overlays;
  const v1::PartyOverlay no_overlay;

  absl::Status first_error;
  int compiled = 0;
  for (int i = 0; i < n; ++i) {
    const v1::PartySpec& spec = scenario_.parties(i);
    absl::StatusOr<v1::InterestModel> model =
        party::EffectiveModel(spec, context.variant, scenario_variants);
    const v1::PartyOverlay& overlay =
        overlay_of[i] != nullptr ? *overlay_of[i] : no_overlay;
    absl::StatusOr<party::CompiledModel> built =
        model.ok() ? party::CompileTabled(*model, spec.id(), *context.draft,
                                          context.initial_state, overlay,
                                          context.perturbation)
                   : absl::StatusOr<party::CompiledModel>(model.status());
    if (!built.ok()) {
      errors_[i] = absl::StrCat(spec.id(), ": ", built.status().message());
      if (first_error.ok()) {
        first_error = absl::Status(built.status().code(), errors_[i]);
      }
      continue;
    }
    models_[i].emplace(*std::move(built));
    ++compiled;
  }
  if (compiled == 0 && n > 0) {
    proposals_ = -1;  // nothing tabled: Ask fails until a Table succeeds
    return first_error;
  }
  proposals_ = context.draft->proposals_size();
  return absl::OkStatus();
}

absl::Status InProcessVoteSource::Ask(std::span<const Question> questions,
                                      bool details, std::uint64_t ask,
                                      std::vector<PartyAnswers>* out) {
  if (proposals_ < 0) {
    return absl::FailedPreconditionError("Ask before a draft was tabled");
  }
  for (const auto& q : questions) {
    if (static_cast<int>(q.proposal) >= proposals_) {
      return absl::InvalidArgumentError(absl::StrCat(
          "Ask: proposal index ", q.proposal, " outside the tabled draft"));
    }
  }
  const auto start = std::chrono::steady_clock::now();
  const int n = party_count();
  out->assign(n, PartyAnswers{});
  std::vector<int> parties;  // asked and able to answer
  for (int i = 0; i < n && i < 64; ++i) {
    if (((ask >> i) & 1u) == 0) continue;
    PartyAnswers& answers = (*out)[i];
    answers.attempts = 1;
    if (!models_[i].has_value()) {
      answers.error = errors_[i];
      continue;
    }
    answers.answered = true;
    answers.votes.resize(questions.size());
    if (details) answers.details.resize(questions.size());
    parties.push_back(i);
  }

  const std::size_t q = questions.size();
  const std::int64_t work =
      static_cast<std::int64_t>(q) * static_cast<std::int64_t>(parties.size());
  const int threads = std::max(1, options_.threads);
  if (threads == 1 || work < options_.parallel_min_work ||
      q < static_cast<std::size_t>(threads)) {
    AnswerRange(questions, 0, q, details, parties, out);
  } else {
    // Split by question ranges: every thread writes disjoint slots of every
    // party's answers, and the load stays even whatever the party count.
    std::vector<std::jthread> helpers;
    const std::size_t chunk = (q + threads - 1) / threads;
    for (int t = 1; t < threads; ++t) {
      const std::size_t begin = std::min(q, chunk * t);
      const std::size_t end = std::min(q, begin + chunk);
      helpers.emplace_back(
          [this, questions, begin, end, details, &parties, out] {
            AnswerRange(questions, begin, end, details, parties, out);
          });
    }
    AnswerRange(questions, 0, std::min(q, chunk), details, parties, out);
  }  // helpers join here

  const std::int64_t latency_us =
      std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::steady_clock::now() - start)
          .count();
  for (int i : parties) (*out)[i].latency_us = latency_us;
  return absl::OkStatus();
}

void InProcessVoteSource::AnswerRange(std::span<const Question> questions,
                                      std::size_t begin, std::size_t end,
                                      bool details,
                                      std::span<const int> parties,
                                      std::vector<PartyAnswers>* out) const {
  for (int i : parties) {
    const party::CompiledModel& model = *models_[i];
    PartyAnswers& answers = (*out)[i];
    if (!details) {
      std::uint8_t* votes = answers.votes.data();
      model.VoteRuns(
          begin, end, [&](std::size_t k) { return questions[k].adopted; },
          [&](std::size_t k) { return questions[k].proposal; },
          [votes](std::size_t k, v1::Vote vote) {
            votes[k] = static_cast<std::uint8_t>(vote);
          });
      continue;
    }
    for (std::size_t j = begin; j < end; ++j) {
      party::Evaluation e = model.Evaluate(
          questions[j].adopted, static_cast<int>(questions[j].proposal));
      answers.votes[j] = static_cast<std::uint8_t>(e.vote);
      answers.details[j] = VoteDetail{
          e.utility_change, std::move(e.rationale), std::move(e.conditions),
          std::move(e.rule), std::move(e.statement)};
    }
  }
}

}  // namespace concert::coordinator
