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

  // Small drafts also report the cost of one more sample of a robustness
  // study on the same source (streams open, a new perturbation tabled).
  constexpr int kSamples = 20;
  for (Forum forum : {Forum::kAgreeable, Forum::kRandom}) {
    for (int n : {8, 12, 16, 20}) {
      const bool quick = n <= 12;
      for (Source source : {Source::kGrpc, Source::kInProcess}) {
        CaseSpec spec = Explore(source, forum, n, quick);
        if (n <= 12) spec.samples = kSamples;
        cases.push_back(spec);
      }
    }
  }
  // Where asking ahead stops paying (ExploreOptions::ask_ahead_max_questions,
  // 32768 by default): N = 12 (24 576 admissible questions) without it, and
  // N = 14 (114 688) with it forced, beside N = 14 as the product runs it.
  for (Forum forum : {Forum::kAgreeable, Forum::kRandom}) {
    CaseSpec live = Explore(Source::kGrpc, forum, 12, false);
    live.name += "-noahead";
    live.ask_ahead = 0;
    live.samples = kSamples;
    cases.push_back(live);
    cases.push_back(Explore(Source::kGrpc, forum, 14, false));
    CaseSpec ahead = Explore(Source::kGrpc, forum, 14, false);
    ahead.name += "-ahead";
    ahead.ask_ahead = std::int64_t{1} << 20;
    cases.push_back(ahead);
    cases.push_back(Explore(Source::kInProcess, forum, 14, false));
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
