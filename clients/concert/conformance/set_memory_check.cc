// The set-memory check: a party that declares MEMORY_SET promises that its
// vote depends on the adopted set only, and the explorer relies on it — it
// asks each set once, by set, and counts every order reaching it. So the
// same set adopted in different (admissible) orders must get the same vote.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/conformance/checks.h"
#include "clients/concert/conformance/problem_list.h"

namespace concert::conformance {
namespace {

// How many sets are asked about, each in two or three orders.
constexpr int kSets = 4;

std::string OrderText(const std::vector<int>& order, const DraftIndex& index) {
  std::vector<std::string> ids;
  ids.reserve(order.size());
  for (int p : order) ids.push_back(index.id(p));
  return absl::StrJoin(ids, ",");
}

}  // namespace

CheckResult CheckSetMemory(PartyClient& client, const DraftIndex& index,
                           const std::string& digest,
                           std::optional<v1::Memory> memory) {
  if (!memory.has_value()) {
    return Skip(kSetMemory,
                "skipped: Describe did not answer, so the memory "
                "the party declares is unknown");
  }
  if (*memory != v1::MEMORY_SET) {
    return Skip(
        kSetMemory,
        absl::StrCat("skipped: the party declares ", v1::Memory_Name(*memory),
                     *memory == v1::MEMORY_UNSPECIFIED
                         ? " (read as MEMORY_HISTORY)"
                         : "",
                     ", so its votes may depend on the order"));
  }
  const std::vector<SetProbe> probes = SetMemoryProbes(index, kSets);
  if (probes.empty()) {
    return Skip(kSetMemory,
                "skipped: the draft admits only one order for every set "
                "tried; table a draft with independent proposals");
  }
  ProblemList problems;
  int asked = 0;
  std::size_t orders = 0;
  NoAnswerStreak streak;
  bool stopped = false;
  for (const SetProbe& probe : probes) {
    if (stopped) break;
    orders += probe.orders.size();
    for (int proposal : probe.proposals) {
      if (stopped) break;
      // The first order's vote is the reference; each other order is held
      // against it.
      int reference = 0;
      for (const std::vector<int>& order : probe.orders) {
        const Question question{order, proposal};
        v1::EvaluateResponse response;
        const grpc::Status status = client.Evaluate(
            EvaluateRequestFor(question, index, digest), &response);
        ++asked;
        if (!status.ok()) {
          problems.Add(absl::StrCat(QuestionText(question, index), ": ",
                                    StatusText(status)));
          if (streak.GiveUp(status)) {
            problems.Add(NoAnswerStreak::kStopped);
            stopped = true;
            break;
          }
          continue;
        }
        streak.GiveUp(status);
        if (reference == 0) {
          reference = response.vote();
        } else if (response.vote() != reference) {
          problems.Add(absl::StrCat(
              "declares MEMORY_SET, but ", index.id(proposal), " after {",
              OrderText(probe.orders.front(), index), "} is ",
              VoteText(reference), " and after the same set in the order {",
              OrderText(order, index), "} ", VoteText(response.vote())));
        }
      }
    }
  }
  if (!problems.empty()) return Fail(kSetMemory, problems.Summary());
  return Pass(kSetMemory,
              absl::StrCat(probes.size(), " sets reached in ", orders,
                           " different orders (", asked,
                           " questions): the same votes in every order"));
}

}  // namespace concert::conformance
