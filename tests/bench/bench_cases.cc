#include "tests/bench/bench_cases.h"

#include "absl/strings/str_cat.h"
#include "tests/bench/explore_case.h"
#include "tests/bench/vote_round.h"

namespace concert::bench {
namespace {

CaseSpec Explore(Source source, Forum forum, int n, bool quick,
                 const std::string& strategy = "lattice") {
  CaseSpec spec;
  spec.name =
      absl::StrCat(strategy, "-", source == Source::kGrpc ? "grpc" : "inproc",
                   "-", ForumName(forum), "-", n);
  spec.kind = CaseKind::kExplore;
  spec.forum = forum;
  spec.source = source;
  spec.strategy = strategy;
  spec.n = n;
  spec.quick = quick;
  return spec;
}

CaseSpec Strict(Source source, bool quick) {
  CaseSpec spec;
  spec.name = absl::StrCat(
      "strict40-", source == Source::kGrpc ? "grpc" : "inproc", "-agreeable");
  spec.kind = CaseKind::kExplore;
  spec.forum = Forum::kAgreeable;
  spec.source = source;
  spec.stages = 4;
  spec.per_stage = 10;
  spec.n = 40;
  spec.quick = quick;
  return spec;
}

}  // namespace

const char* SourceName(Source source) {
  return source == Source::kGrpc ? "grpc" : "in-process";
}

std::vector<CaseSpec> AllCases() {
  std::vector<CaseSpec> cases;
  CaseSpec round;
  round.name = "round";
  round.kind = CaseKind::kVoteRound;
  round.forum = Forum::kAgreeable;
  round.n = 16;
  round.quick = true;
  cases.push_back(round);

  for (Forum forum : {Forum::kAgreeable, Forum::kRandom}) {
    for (int n : {8, 12, 16, 20}) {
      const bool quick = n <= 12;
      cases.push_back(Explore(Source::kGrpc, forum, n, quick));
      cases.push_back(Explore(Source::kInProcess, forum, n, quick));
    }
  }
  // Enumeration against the lattice. In the agreeable forum no party ever
  // objects, so the lattice skips its veto-power re-walk; enumeration would
  // still walk every order once more per party (7 N! leaves, past its
  // default max_sequences at N = 10), so it runs without veto power: both
  // rows measure the walk alone.
  for (int n : {9, 10}) {
    cases.push_back(Explore(Source::kInProcess, Forum::kAgreeable, n, n == 9));
    CaseSpec spec =
        Explore(Source::kInProcess, Forum::kAgreeable, n, n == 9, "enumerate");
    spec.veto_power = false;
    cases.push_back(spec);
  }
  // The random forum without the veto-power re-walk: what that phase costs.
  for (int n : {16, 20}) {
    for (Source source : {Source::kGrpc, Source::kInProcess}) {
      CaseSpec spec = Explore(source, Forum::kRandom, n, false);
      spec.name += "-noveto";
      spec.veto_power = false;
      cases.push_back(spec);
    }
  }
  cases.push_back(Strict(Source::kGrpc, true));
  cases.push_back(Strict(Source::kInProcess, false));
  return cases;
}

Record RunCase(const CaseSpec& spec, const RunFlags& flags) {
  Record record = spec.kind == CaseKind::kVoteRound
                      ? RunVoteRound(spec, flags.quick ? 300 : 2000)
                      : RunExploreCase(spec, flags.verbose, flags.warm);
  record.Set("case", spec.name);
  return record;
}

}  // namespace concert::bench
