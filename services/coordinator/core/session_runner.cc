#include "services/coordinator/core/session_runner.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/draft_index.h"
#include "services/common/names.h"
#include "services/coordinator/core/cast_vote.h"
#include "services/coordinator/core/forum_context.h"

namespace concert::coordinator {
namespace {

constexpr std::uint64_t PartyBit(int i) { return std::uint64_t{1} << i; }

// One meeting in progress.
class Meeting {
 public:
  Meeting(const v1::Scenario& scenario, const v1::CharterDraft& draft,
          const SessionOptions& options, VoteSource& source,
          const SessionEventFn& on_event, DraftIndex index, ForumContext forum)
      : scenario_(scenario),
        draft_(draft),
        options_(options),
        source_(source),
        on_event_(on_event),
        index_(std::move(index)),
        forum_(std::move(forum)),
        last_round_(index_.size(), -1) {}

  absl::StatusOr<v1::Session> Run();

 private:
  enum class Result { kAdopted, kDeferred, kSuspended };

  void Start();
  absl::StatusOr<Result> Table(int proposal, int pass);
  v1::CastVote VoteOf(int party, const PartyAnswers& answers,
                      std::uint8_t* vote);
  void Finish(v1::SessionSummary::Outcome outcome, int passes);
  v1::Blocker BlockerOf(int proposal) const;
  void Emit(const v1::SessionEvent& event) const {
    if (on_event_) on_event_(event);
  }

  const v1::Scenario& scenario_;
  const v1::CharterDraft& draft_;
  const SessionOptions& options_;
  VoteSource& source_;
  const SessionEventFn& on_event_;
  const DraftIndex index_;
  const ForumContext forum_;

  v1::Session session_;
  ProposalSet adopted_ = 0;
  std::vector<std::uint32_t> order_;  // adoption order
  std::uint64_t unreachable_ = 0;     // parties found unreachable so far
  std::vector<int> last_round_;       // per proposal: index into rounds, or -1
  // Deferred since the last adoption: not re-tabled until something changes.
  ProposalSet failed_since_adoption_ = 0;
};

absl::StatusOr<v1::Session> Meeting::Run() {
  TableContext context;
  context.draft = &draft_;
  context.variant = options_.variant;
  context.initial_state.assign(scenario_.initial_state().begin(),
                               scenario_.initial_state().end());
  if (absl::Status s = source_.Table(context); !s.ok()) return s;
  Start();

  int pass = 0;
  while (adopted_ != index_.all()) {
    // Nothing left to table: everything open has failed since the last
    // adoption (or nothing is open at all).
    if ((index_.Candidates(adopted_) & ~failed_since_adoption_) == 0) {
      Finish(v1::SessionSummary::DEADLOCK, pass);
      return std::move(session_);
    }
    // A pass either adopts something or leaves every open proposal failed,
    // which ends the session at the check above: at most N+1 passes.
    ++pass;
    for (int i = 0; i < index_.size(); ++i) {
      // Candidates are recomputed as the pass adopts: an adoption may open
      // proposals further down the agenda (or the next stage).
      if (!Contains(index_.Candidates(adopted_), i) ||
          Contains(failed_since_adoption_, i)) {
        continue;
      }
      absl::StatusOr<Result> result = Table(i, pass);
      if (!result.ok()) return result.status();
      if (*result == Result::kSuspended) {
        Finish(v1::SessionSummary::SUSPENDED, pass);
        return std::move(session_);
      }
    }
  }
  Finish(v1::SessionSummary::CONSENSUS, pass);
  return std::move(session_);
}

void Meeting::Start() {
  v1::SessionStarted* started = session_.mutable_started();
  started->set_session_id(options_.session_id);
  started->set_draft_id(draft_.id());
  started->set_draft_title(draft_.title());
  started->set_scenario_id(scenario_.id());
  started->set_variant(options_.variant);
  *started->mutable_rule() = forum_.rule.proto();
  for (int i = 0; i < scenario_.parties_size(); ++i) {
    const v1::PartySpec& spec = scenario_.parties(i);
    const bool absent = (forum_.absent & PartyBit(i)) != 0;
    v1::PartyInfo* info = started->add_parties();
    info->set_id(spec.id());
    info->set_name(spec.name());
    info->set_address(spec.address());
    info->set_weight(spec.weight() == 0 ? 1 : spec.weight());
    info->set_memory(source_.party_memory(i));
    info->set_version(source_.party_version(i));
    // Table just went through; the rounds tell whether each party answers.
    info->set_reachable(!absent);
    info->set_absent(absent);
  }
  started->set_proposals(draft_.proposals_size());

  v1::SessionEvent event;
  *event.mutable_started() = *started;
  Emit(event);
}

absl::StatusOr<Meeting::Result> Meeting::Table(int proposal, int pass) {
  const Question question{adopted_, static_cast<std::uint32_t>(proposal),
                          std::span<const std::uint32_t>(order_),
                          /*round=*/session_.rounds_size() + 1};
  std::vector<PartyAnswers> answers;
  if (absl::Status s = source_.Ask(std::span<const Question>(&question, 1),
                                   /*details=*/true, forum_.present, &answers);
      !s.ok()) {
    return s;
  }
  const int parties = static_cast<int>(forum_.party_ids.size());
  answers.resize(parties);

  const v1::Proposal& p = draft_.proposals(proposal);
  v1::Round* round = session_.add_rounds();
  round->set_number(session_.rounds_size());
  round->set_pass(pass);
  round->set_proposal(p.id());
  round->set_title(p.title());
  round->set_stage(p.stage());

  std::vector<std::uint8_t> votes(parties, v1::VOTE_UNSPECIFIED);
  std::uint64_t unreachable_now = 0;
  for (int i = 0; i < parties; ++i) {
    *round->add_votes() = VoteOf(i, answers[i], &votes[i]);
    if (round->votes(i).absent() && (forum_.absent & PartyBit(i)) == 0) {
      unreachable_now |= PartyBit(i);
    }
  }
  unreachable_ |= unreachable_now;

  const Decision decision =
      forum_.rule.Decide(votes, forum_.scopes[proposal], forum_.party_ids);
  round->set_outcome(decision.passes ? v1::Round::ADOPTED
                                     : v1::Round::DEFERRED);
  absl::flat_hash_set<std::string> seen;
  for (int i : decision.blocking) {
    round->add_blocking_parties(forum_.party_ids[i]);
    for (const auto& condition : round->votes(i).conditions()) {
      if (seen.insert(condition).second) round->add_conditions(condition);
    }
  }
  round->set_explanation(decision.explanation);
  last_round_[proposal] = session_.rounds_size() - 1;

  Result result;
  if (decision.passes) {
    adopted_ |= Bit(proposal);
    order_.push_back(static_cast<std::uint32_t>(proposal));
    failed_since_adoption_ = 0;
    result = Result::kAdopted;
  } else {
    failed_since_adoption_ |= Bit(proposal);
    const bool absent_blocks =
        forum_.rule.proto().absent_party() != v1::DecisionRule::ABSTAINS;
    // The forum could not decide: wait for the party rather than call it a
    // deadlock.
    result = (absent_blocks && unreachable_now != 0) ? Result::kSuspended
                                                     : Result::kDeferred;
  }

  v1::SessionEvent event;
  *event.mutable_round() = *round;
  Emit(event);
  return result;
}

v1::CastVote Meeting::VoteOf(int party, const PartyAnswers& answers,
                             std::uint8_t* vote) {
  v1::CastVote cast;
  cast.set_party(forum_.party_ids[party]);
  *vote = v1::VOTE_UNSPECIFIED;
  if (forum_.absent & PartyBit(party)) {
    cast.set_absent(true);
    cast.set_rationale(
        absl::StrCat("absent under variant '", options_.variant, "'"));
    return cast;
  }
  cast = CastVoteOf(forum_.party_ids[party], answers);
  if (!cast.absent()) *vote = static_cast<std::uint8_t>(cast.vote());
  return cast;
}

void Meeting::Finish(v1::SessionSummary::Outcome outcome, int passes) {
  v1::SessionSummary* summary = session_.mutable_summary();
  summary->set_outcome(outcome);
  for (std::uint32_t i : order_) summary->add_adopted(index_.id(i));
  for (int i = 0; i < index_.size(); ++i) {
    if (!Contains(adopted_, i)) *summary->add_blockers() = BlockerOf(i);
  }
  summary->set_rounds(session_.rounds_size());
  summary->set_passes(passes);
  for (int i = 0; i < static_cast<int>(forum_.party_ids.size()); ++i) {
    if (unreachable_ & PartyBit(i)) {
      summary->add_missing_parties(forum_.party_ids[i]);
    }
  }

  v1::SessionEvent event;
  *event.mutable_summary() = *summary;
  Emit(event);
}

v1::Blocker Meeting::BlockerOf(int proposal) const {
  v1::Blocker blocker;
  blocker.set_proposal(index_.id(proposal));
  if (const int r = last_round_[proposal]; r >= 0) {
    const v1::Round& round = session_.rounds(r);
    for (const auto& party : round.blocking_parties()) {
      blocker.add_parties(party);
      for (const auto& cast : round.votes()) {
        if (cast.party() != party) continue;
        blocker.add_rationales(absl::StrCat(party, ": ",
                                            cast.rationale().empty()
                                                ? VoteName(cast.vote())
                                                : cast.rationale()));
      }
    }
    *blocker.mutable_conditions() = round.conditions();
  }
  for (const auto& id :
       index_.IdsOf(index_.requires_of(proposal) & ~adopted_)) {
    blocker.add_waiting_on(id);
  }
  if (index_.strict()) {
    // Under STRICT order a stage opens only when every earlier one is
    // complete, so a proposal past the first incomplete stage was never
    // on the table.
    for (int s = 0; s < index_.stage_count(); ++s) {
      if ((index_.stage_members(s) & ~adopted_) == 0) continue;
      if (index_.stage_of(proposal) > s) {
        blocker.add_waiting_on(
            absl::StrCat("stage ", draft_.stages(s).id(), " incomplete"));
      }
      break;
    }
  }
  return blocker;
}

}  // namespace

absl::StatusOr<v1::Session> RunSession(const v1::Scenario& scenario,
                                       const v1::CharterDraft& draft,
                                       const SessionOptions& options,
                                       VoteSource& source,
                                       const SessionEventFn& on_event) {
  absl::StatusOr<DraftIndex> index = DraftIndex::Build(draft);
  if (!index.ok()) return index.status();
  absl::StatusOr<ForumContext> forum =
      ResolveForum(scenario, draft, options.variant, options.rule);
  if (!forum.ok()) return forum.status();
  if (absl::Status s = CheckSourceParties(scenario, source); !s.ok()) return s;
  Meeting meeting(scenario, draft, options, source, on_event, *std::move(index),
                  *std::move(forum));
  return meeting.Run();
}

}  // namespace concert::coordinator
