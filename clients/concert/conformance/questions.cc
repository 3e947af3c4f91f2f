#include "clients/concert/conformance/questions.h"

#include <algorithm>
#include <bit>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace concert::conformance {
namespace {

// At most this many questions after each prefix, or after each probed set.
constexpr int kProposalsPerSet = 3;

// The lowest `limit` proposals of `set`.
std::vector<int> FirstOf(ProposalSet set, int limit) {
  std::vector<int> out;
  for (; set != 0 && static_cast<int>(out.size()) < limit; set &= set - 1) {
    out.push_back(std::countr_zero(set));
  }
  return out;
}

ProposalSet SetOf(const std::vector<int>& proposals) {
  ProposalSet set = 0;
  for (int p : proposals) set |= Bit(p);
  return set;
}

}  // namespace

std::string QuestionText(const Question& question, const DraftIndex& index) {
  std::vector<std::string> adopted;
  adopted.reserve(question.adopted.size());
  for (int p : question.adopted) adopted.push_back(index.id(p));
  return absl::StrCat(index.id(question.proposal), " after {",
                      absl::StrJoin(adopted, ","), "}");
}

ProposalSet AdoptedSet(const Question& question) {
  return SetOf(question.adopted);
}

std::optional<std::vector<int>> OrderWithin(const DraftIndex& index,
                                            ProposalSet target, Pick pick,
                                            std::uint32_t seed) {
  std::mt19937 random(seed);
  std::vector<int> order;
  ProposalSet adopted = 0;
  while (adopted != target) {
    const ProposalSet open = index.Candidates(adopted) & target & ~adopted;
    if (open == 0) return std::nullopt;
    int chosen = std::countr_zero(open);
    if (pick == Pick::kHighest) {
      chosen = 63 - std::countl_zero(open);
    } else if (pick == Pick::kShuffled) {
      std::vector<int> choices = FirstOf(open, kMaxProposals);
      chosen = choices[std::uniform_int_distribution<std::size_t>(
          0, choices.size() - 1)(random)];
    }
    order.push_back(chosen);
    adopted |= Bit(chosen);
  }
  return order;
}

std::vector<Question> ConformanceQuestions(const DraftIndex& index) {
  const int n = index.size();
  std::vector<Question> questions;
  questions.reserve(n);
  for (int p = 0; p < n; ++p) questions.push_back(Question{{}, p});
  const auto walk = OrderWithin(index, index.all(), Pick::kLowest);
  if (!walk) return questions;
  std::vector<int> lengths = {1, 2, n / 4, n / 2, 3 * n / 4, n - 1};
  std::sort(lengths.begin(), lengths.end());
  lengths.erase(std::unique(lengths.begin(), lengths.end()), lengths.end());
  for (int k : lengths) {
    if (k < 1 || k >= n) continue;
    const std::vector<int> prefix(walk->begin(), walk->begin() + k);
    for (int p : FirstOf(index.Candidates(SetOf(prefix)), kProposalsPerSet)) {
      questions.push_back(Question{prefix, p});
    }
  }
  return questions;
}

std::vector<SetProbe> SetMemoryProbes(const DraftIndex& index, int max_sets) {
  const int n = index.size();
  const auto walk = OrderWithin(index, index.all(), Pick::kLowest);
  if (!walk || max_sets <= 0) return {};
  std::vector<SetProbe> found;
  for (int k = 2; k < n; ++k) {
    SetProbe probe;
    probe.set = SetOf(std::vector<int>(walk->begin(), walk->begin() + k));
    for (auto pick : {Pick::kLowest, Pick::kHighest, Pick::kShuffled}) {
      auto order = OrderWithin(index, probe.set, pick, /*seed=*/k);
      if (order && std::find(probe.orders.begin(), probe.orders.end(),
                             *order) == probe.orders.end()) {
        probe.orders.push_back(*std::move(order));
      }
    }
    probe.proposals = FirstOf(index.Candidates(probe.set), kProposalsPerSet);
    if (probe.orders.size() >= 2 && !probe.proposals.empty()) {
      found.push_back(std::move(probe));
    }
  }
  // Spread the sets over the draft: early, middle and late stages.
  if (static_cast<int>(found.size()) <= max_sets) return found;
  std::vector<SetProbe> spread;
  for (int i = 0; i < max_sets; ++i) {
    const std::size_t at =
        max_sets == 1
            ? 0
            : i * (found.size() - 1) / static_cast<std::size_t>(max_sets - 1);
    spread.push_back(found[at]);
  }
  return spread;
}

v1::TableRequest BaselineTableRequest(const v1::Scenario& scenario,
                                      const v1::CharterDraft& draft) {
  v1::TableRequest request;
  *request.mutable_draft() = draft;
  *request.mutable_initial_state() = scenario.initial_state();
  return request;
}

std::string UnservedVariant(const v1::Scenario& scenario,
                            const v1::DescribeResponse& described) {
  const auto taken = [&](const std::string& name) {
    return std::any_of(
               scenario.variants().begin(), scenario.variants().end(),
               [&](const v1::Variant& v) { return v.name() == name; }) ||
           std::find(described.variants().begin(), described.variants().end(),
                     name) != described.variants().end();
  };
  std::string name = "conformance-no-such-variant";
  for (int n = 2; taken(name); ++n) {
    name = absl::StrCat("conformance-no-such-variant-", n);
  }
  return name;
}

v1::EvaluateRequest EvaluateRequestFor(const Question& question,
                                       const DraftIndex& index,
                                       const std::string& digest) {
  v1::EvaluateRequest request;
  request.set_draft_digest(digest);
  for (int p : question.adopted) request.add_adopted(index.id(p));
  request.set_proposal(index.id(question.proposal));
  return request;
}

v1::EvaluateBatch BatchFor(const std::vector<Question>& questions,
                           std::uint64_t request_id, const std::string& digest,
                           bool details, bool with_history) {
  v1::EvaluateBatch batch;
  batch.set_request_id(request_id);
  batch.set_draft_digest(digest);
  batch.set_set_words(1);
  batch.set_details(details);
  for (const Question& question : questions) {
    batch.add_sets(AdoptedSet(question));
    batch.add_proposals(static_cast<std::uint32_t>(question.proposal));
    if (with_history) {
      batch.add_history_lengths(
          static_cast<std::uint32_t>(question.adopted.size()));
      for (int p : question.adopted) {
        batch.add_history(static_cast<std::uint32_t>(p));
      }
    }
  }
  return batch;
}

}  // namespace concert::conformance
