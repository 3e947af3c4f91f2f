// concert_party_bench: what one party's answer to a lattice ask costs, per
// vote, split into its parts — the walk of the lattice order (kept per draft
// shape, services/common/lattice_order.h), the votes (CompiledModel::
// VoteEach, a set's state once for its candidates), and the result's wire
// encoding and decoding (packed varint enums). Each of the synthetic
// forum's six built-in models answers its draft's whole lattice order as
// one range, in process: no transport, so these are the parties' own costs
// inside concert_bench's gRPC rows. Information, not targets.
//
//   concert_party_bench [--quick]     (--quick: N = 8 only, 3 repeats)
#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "concert/v1/party.pb.h"
#include "services/common/lattice_order.h"
#include "services/party/core/interest_model.h"
#include "services/party/rpc/party_service.h"
#include "tests/bench/bench_forum.h"

namespace concert::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

struct Costs {
  double answer = 0;  // AnswerBatch: walk and votes into the result
  double walk = 0;    // the range's runs alone
  double encode = 0;  // the result serialized
  double decode = 0;  // and parsed back
  std::uint64_t votes = 0;
};

// Every party of `forum` answers the whole lattice order of a free
// n-proposal draft `repeats` times; the median repeat's costs.
Costs Measure(Forum forum, int n, int repeats) {
  const v1::Scenario scenario = MakeScenario(forum);
  const v1::CharterDraft draft = MakeFreeDraft(forum, n);
  const std::vector<v1::DimensionValue> x0(scenario.initial_state().begin(),
                                           scenario.initial_state().end());
  std::vector<party::CompiledModel> models;
  for (const v1::PartySpec& p : scenario.parties()) {
    auto model = party::CompiledModel::Compile(p.interests(), draft, x0);
    if (!model.ok()) {
      std::fprintf(stderr, "%s\n", model.status().ToString().c_str());
      std::exit(1);
    }
    models.push_back(*std::move(model));
  }
  const std::uint64_t questions = std::uint64_t(n) << (n - 1);
  v1::EvaluateBatch batch;
  batch.set_set_words(1);
  batch.set_lattice_first(0);
  batch.set_lattice_count(static_cast<std::uint32_t>(questions));

  std::vector<Costs> runs;
  for (int r = 0; r < repeats; ++r) {
    Costs c;
    for (const party::CompiledModel& model : models) {
      v1::EvaluateBatchResult result;
      auto start = Clock::now();
      party::AnswerBatch(&model, batch, &result);
      c.answer += MsSince(start);
      if (!result.error().empty()) {
        std::fprintf(stderr, "%s\n", result.error().c_str());
        std::exit(1);
      }
      start = Clock::now();
      std::uint64_t seen = 0;
      (void)WalkLatticeRange(model.index(), 0, questions,
                             [&](std::uint64_t, ProposalSet, ProposalSet p) {
                               seen +=
                                   static_cast<std::uint64_t>(std::popcount(p));
                             });
      c.walk += MsSince(start);
      start = Clock::now();
      const std::string wire = result.SerializeAsString();
      c.encode += MsSince(start);
      start = Clock::now();
      v1::EvaluateBatchResult back;
      back.ParseFromString(wire);
      c.decode += MsSince(start);
      c.votes += static_cast<std::uint64_t>(back.votes_size());
      if (seen != questions) std::exit(1);
    }
    runs.push_back(c);
  }
  std::sort(runs.begin(), runs.end(),
            [](const Costs& a, const Costs& b) { return a.answer < b.answer; });
  return runs[runs.size() / 2];
}

int Main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int repeats = quick ? 3 : 15;
  std::printf(
      "| forum | N | votes (6 parties) | answer ns/vote | of it the walk "
      "ns/vote | encode ns/vote | decode ns/vote |\n"
      "|---|---|---|---|---|---|---|\n");
  for (const Forum forum : {Forum::kAgreeable, Forum::kRandom}) {
    for (const int n : {8, 12, 16}) {
      if (quick && n > 8) continue;
      const Costs c = Measure(forum, n, repeats);
      const double per = 1e6 / static_cast<double>(c.votes);
      std::printf("| %s | %d | %llu | %.1f | %.1f | %.1f | %.1f |\n",
                  ForumName(forum), n, static_cast<unsigned long long>(c.votes),
                  c.answer * per, c.walk * per, c.encode * per, c.decode * per);
    }
  }
  return 0;
}

}  // namespace
}  // namespace concert::bench

int main(int argc, char** argv) { return concert::bench::Main(argc, argv); }
