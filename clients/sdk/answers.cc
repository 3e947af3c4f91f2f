#include "clients/sdk/answers.h"

#include <bit>
#include <cstdint>
#include <exception>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/draft_index.h"
#include "services/common/lattice_order.h"

namespace concert::sdk::internal {
namespace {

void ToProto(Answer answer, v1::EvaluateResponse* response) {
  response->set_vote(answer.vote);
  response->set_utility_change(answer.utility_change);
  response->set_rationale(std::move(answer.rationale));
  response->set_rule(std::move(answer.rule));
  response->set_statement(std::move(answer.statement));
  for (std::string& c : answer.conditions) {
    response->add_conditions(std::move(c));
  }
}

std::string NoVote(int vote) {
  return absl::StrCat("the party gave no vote (", vote,
                      " is not VOTE_SUPPORT, VOTE_ABSTAIN or VOTE_OBJECT)");
}

// Why question `i` of `batch` cannot be asked of a draft of `n` proposals,
// or "" when it can. `offset` is where its slice of `history` starts.
std::string CheckQuestion(const v1::EvaluateBatch& batch, int i, int n,
                          std::size_t offset) {
  const std::uint64_t all = n == Draft::kMaxProposals
                                ? ~std::uint64_t{0}
                                : (std::uint64_t{1} << n) - 1;
  const std::uint64_t set = batch.sets(i);
  const std::uint32_t p = batch.proposals(i);
  if (p >= static_cast<std::uint32_t>(n)) {
    return absl::StrCat("question ", i, ": proposal index ", p,
                        " is out of range (the draft has ", n, " proposals)");
  }
  if ((set & ~all) != 0) {
    return absl::StrCat("question ", i,
                        ": the set names proposals beyond the draft's ", n);
  }
  if ((set >> p) & 1U) {
    return absl::StrCat("question ", i, ": proposal ", p,
                        " is already in its set");
  }
  if (batch.history_lengths_size() == 0) return "";
  std::uint64_t seen = 0;
  for (std::uint32_t k = 0; k < batch.history_lengths(i); ++k) {
    const std::uint32_t a = batch.history(static_cast<int>(offset + k));
    if (a >= static_cast<std::uint32_t>(n) || ((seen >> a) & 1U)) {
      return absl::StrCat("question ", i, ": its history ",
                          a >= static_cast<std::uint32_t>(n)
                              ? "names a proposal out of range"
                              : "repeats a proposal");
    }
    seen |= std::uint64_t{1} << a;
  }
  if (seen != set) {
    return absl::StrCat("question ", i,
                        ": its history does not hold the proposals of its set");
  }
  return "";
}

// Why `batch` cannot be answered about a draft of `n` proposals, or "".
std::string CheckBatch(const v1::EvaluateBatch& batch, int n) {
  if (batch.set_words() != 1) {
    return absl::StrCat("set_words must be 1 (drafts of up to ",
                        Draft::kMaxProposals, " proposals), got ",
                        batch.set_words());
  }
  const int questions = batch.proposals_size();
  if (batch.sets_size() != questions) {
    return absl::StrCat("sets has ", batch.sets_size(), " words for ",
                        questions, " proposals; expected one word each");
  }
  if (batch.history_lengths_size() == 0 && batch.history_size() != 0) {
    return "history is set without history_lengths";
  }
  if (batch.history_lengths_size() != 0) {
    if (batch.history_lengths_size() != questions) {
      return absl::StrCat("history_lengths has ", batch.history_lengths_size(),
                          " entries for ", questions, " questions");
    }
    std::uint64_t total = 0;
    for (const std::uint32_t length : batch.history_lengths()) total += length;
    if (total != static_cast<std::uint64_t>(batch.history_size())) {
      return absl::StrCat("history_lengths add up to ", total,
                          ", but history has ", batch.history_size(),
                          " entries");
    }
  }
  std::size_t offset = 0;
  for (int i = 0; i < questions; ++i) {
    std::string problem = CheckQuestion(batch, i, n, offset);
    if (!problem.empty()) return problem;
    if (batch.history_lengths_size() != 0) offset += batch.history_lengths(i);
  }
  return "";
}

}  // namespace

bool IsVote(int vote) {
  return vote == v1::VOTE_SUPPORT || vote == v1::VOTE_ABSTAIN ||
         vote == v1::VOTE_OBJECT;
}

std::string UnknownDigest(const std::string& digest) {
  return absl::StrCat("unknown draft digest '", digest,
                      "'; table the draft first");
}

absl::StatusOr<v1::EvaluateResponse> AnswerOne(
    const Party& party, const Draft& draft,
    const v1::EvaluateRequest& request) {
  const int proposal = draft.IndexOf(request.proposal());
  if (proposal < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown proposal '", request.proposal(), "'"));
  }
  std::vector<int> adopted;
  adopted.reserve(request.adopted_size());
  std::uint64_t set = 0;
  for (const std::string& id : request.adopted()) {
    const int i = draft.IndexOf(id);
    if (i < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown adopted proposal '", id, "'"));
    }
    if ((set >> i) & 1U) {
      return absl::InvalidArgumentError(
          absl::StrCat("proposal '", id, "' is adopted twice"));
    }
    set |= std::uint64_t{1} << i;
    adopted.push_back(i);
  }
  if ((set >> proposal) & 1U) {
    return absl::InvalidArgumentError(
        absl::StrCat("proposal '", request.proposal(), "' is already adopted"));
  }
  Answer answer;
  try {
    answer = party.Evaluate(Question(draft, proposal, adopted));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("the party failed: ", e.what()));
  }
  if (!IsVote(answer.vote)) return absl::InternalError(NoVote(answer.vote));
  v1::EvaluateResponse response;
  ToProto(std::move(answer), &response);
  return response;
}

void AnswerBatch(const Party& party, const Draft* draft,
                 const v1::EvaluateBatch& batch,
                 v1::EvaluateBatchResult* result) {
  if (draft == nullptr) {
    result->set_error(UnknownDigest(batch.draft_digest()));
    return;
  }
  const bool lattice = batch.lattice_count() > 0;
  if (lattice && (batch.sets_size() > 0 || batch.proposals_size() > 0 ||
                  batch.history_size() > 0)) {
    result->set_error(
        "a lattice range comes without sets, proposals or history");
    return;
  }
  if (std::string problem = lattice ? "" : CheckBatch(batch, draft->size());
      !problem.empty()) {
    result->set_error(std::move(problem));
    return;
  }
  const int questions = lattice ? static_cast<int>(batch.lattice_count())
                                : batch.proposals_size();
  const bool with_history = batch.history_lengths_size() != 0;
  auto* votes = result->mutable_votes();
  votes->Reserve(questions);
  if (batch.details()) result->mutable_details()->Reserve(questions);
  bool failed = false;
  const auto fail = [result, &failed](std::string message) {
    result->clear_votes();
    result->clear_details();
    result->set_error(std::move(message));
    failed = true;
  };
  // Question i, about `proposal` once `adopted` is adopted: false once the
  // party has failed (the batch is then refused).
  const auto answer = [&](int i, int proposal,
                          const std::vector<int>& adopted) {
    const Question question(*draft, proposal, adopted, with_history);
    try {
      if (batch.details()) {
        Answer a = party.Evaluate(question);
        if (!IsVote(a.vote)) {
          fail(absl::StrCat("question ", i, ": ", NoVote(a.vote)));
          return false;
        }
        votes->Add(a.vote);
        ToProto(std::move(a), result->add_details());
      } else {
        const v1::Vote vote = party.Vote(question);
        if (!IsVote(vote)) {
          fail(absl::StrCat("question ", i, ": ", NoVote(vote)));
          return false;
        }
        votes->Add(vote);
      }
    } catch (const std::exception& e) {
      fail(absl::StrCat("question ", i, ": the party failed: ", e.what()));
      return false;
    }
    return true;
  };
  std::vector<int> adopted;
  adopted.reserve(Draft::kMaxProposals);
  const auto members = [&adopted](std::uint64_t set) {
    adopted.clear();
    for (std::uint64_t s = set; s != 0; s &= s - 1) {
      adopted.push_back(std::countr_zero(s));
    }
  };
  if (lattice) {
    // The SDK walks the lattice order for the party (a Table checked the
    // draft, so it indexes).
    absl::StatusOr<DraftIndex> index = DraftIndex::Build(draft->charter());
    if (!index.ok()) {
      fail(std::string(index.status().message()));
      return;
    }
    const absl::Status walked = WalkLatticeRange(
        *index, batch.lattice_first(), batch.lattice_count(),
        [&](std::uint64_t k, std::uint64_t set, std::uint64_t proposals) {
          members(set);
          for (std::uint64_t rest = proposals; rest != 0 && !failed;
               rest &= rest - 1, ++k) {
            answer(static_cast<int>(k), std::countr_zero(rest), adopted);
          }
        });
    if (!walked.ok() && !failed) fail(std::string(walked.message()));
    return;
  }
  int offset = 0;
  for (int i = 0; i < questions; ++i) {
    if (with_history) {
      adopted.clear();
      const int length = static_cast<int>(batch.history_lengths(i));
      for (int k = 0; k < length; ++k) {
        adopted.push_back(static_cast<int>(batch.history(offset + k)));
      }
      offset += length;
    } else {
      members(batch.sets(i));
    }
    if (!answer(i, static_cast<int>(batch.proposals(i)), adopted)) return;
  }
}

}  // namespace concert::sdk::internal
