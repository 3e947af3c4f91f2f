#include "services/coordinator/core/scripted_vote_source.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace concert::coordinator {

ScriptedVoteSource::ScriptedVoteSource(std::vector<std::string> party_ids) {
  parties_.reserve(party_ids.size());
  for (auto& id : party_ids) {
    Party party;
    party.id = std::move(id);
    parties_.push_back(std::move(party));
  }
  for (int i = 0; i < party_count(); ++i) {
    SetVotes(i, [](int, ProposalSet, int) { return v1::VOTE_SUPPORT; });
  }
}

ScriptedVoteSource ScriptedVoteSource::ForScenario(
    const v1::Scenario& scenario) {
  std::vector<std::string> ids;
  for (const auto& party : scenario.parties()) ids.push_back(party.id());
  return ScriptedVoteSource(std::move(ids));
}

int ScriptedVoteSource::Find(absl::string_view id) const {
  for (int i = 0; i < party_count(); ++i) {
    if (parties_[i].id == id) return i;
  }
  return -1;
}

void ScriptedVoteSource::SetVotes(int party, VoteFn votes) {
  parties_[party].answers = [votes = std::move(votes)](
                                int p, ProposalSet adopted, int proposal) {
    ScriptedAnswer answer;
    answer.vote = votes(p, adopted, proposal);
    return answer;
  };
}

void ScriptedVoteSource::SetAnswers(int party, AnswerFn answers) {
  parties_[party].answers = std::move(answers);
}

void ScriptedVoteSource::SetUnreachable(int party, bool unreachable) {
  parties_[party].unreachable = unreachable;
}

void ScriptedVoteSource::SetMemory(int party, v1::Memory memory) {
  parties_[party].memory = memory;
}

std::int64_t ScriptedVoteSource::questions_asked(int party) const {
  return parties_[party].questions;
}

absl::Status ScriptedVoteSource::Table(const TableContext& context) {
  if (context.draft == nullptr) {
    return absl::InvalidArgumentError("Table: no draft");
  }
  ++table_calls_;
  tabled_variant_ = context.variant;
  tabled_proposals_ = context.draft->proposals_size();
  bool any_reachable = false;
  for (const auto& party : parties_) any_reachable |= !party.unreachable;
  if (!any_reachable && !parties_.empty()) {
    return absl::UnavailableError("Table: no party could be reached");
  }
  return absl::OkStatus();
}

absl::Status ScriptedVoteSource::Ask(std::span<const Question> questions,
                                     bool details, std::uint64_t ask,
                                     std::vector<PartyAnswers>* out) {
  if (tabled_proposals_.has_value()) {
    for (const auto& q : questions) {
      if (static_cast<int>(q.proposal) >= *tabled_proposals_) {
        return absl::InvalidArgumentError(absl::StrCat(
            "Ask: proposal index ", q.proposal, " outside the tabled draft"));
      }
    }
  }
  ++ask_calls_;
  out->assign(parties_.size(), PartyAnswers{});
  for (int i = 0; i < party_count() && i < 64; ++i) {
    if (((ask >> i) & 1u) == 0) continue;
    Party& party = parties_[i];
    PartyAnswers& answers = (*out)[i];
    answers.attempts = 1;
    if (party.unreachable) {
      answers.error = absl::StrCat(party.id, " unreachable (scripted)");
      continue;
    }
    answers.answered = true;
    answers.votes.reserve(questions.size());
    if (details) answers.details.reserve(questions.size());
    for (const auto& q : questions) {
      ScriptedAnswer a =
          party.answers(i, q.adopted, static_cast<int>(q.proposal));
      answers.votes.push_back(static_cast<std::uint8_t>(a.vote));
      if (details) {
        answers.details.push_back(VoteDetail{a.utility_change,
                                             std::move(a.rationale),
                                             std::move(a.conditions),
                                             std::move(a.rule),
                                             {}});
      }
    }
    party.questions += static_cast<std::int64_t>(questions.size());
  }
  return absl::OkStatus();
}

}  // namespace concert::coordinator
