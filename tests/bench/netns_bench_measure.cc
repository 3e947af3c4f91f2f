#include "tests/bench/netns_bench_measure.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/common/text_format_loader.h"
#include "services/coordinator/explore/explorer.h"
#include "services/coordinator/rpc/channel_pool.h"
#include "services/coordinator/rpc/grpc_vote_source.h"
#include "tests/bench/timed_vote_source.h"

namespace concert::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

// The value at quantile q of `samples` (nearest rank, as vote_round.cc).
double Quantile(std::vector<double> samples, double q) {
  std::sort(samples.begin(), samples.end());
  const auto rank =
      static_cast<std::size_t>(q * static_cast<double>(samples.size()));
  return samples[std::min(rank, samples.size() - 1)];
}

// The draft under an id of its own (a party that tabled the same draft
// before would answer from its cache and skip compiling it), cut to its
// first `n` proposals.
v1::CharterDraft Renamed(const v1::CharterDraft& draft, int n,
                         const std::string& suffix) {
  v1::CharterDraft copy = draft;
  copy.mutable_proposals()->DeleteSubrange(n, copy.proposals_size() - n);
  copy.set_id(absl::StrCat(draft.id(), suffix));
  return copy;
}

struct RouteState {
  std::unique_ptr<coordinator::GrpcVoteSource> source;
  std::vector<double> round_us, stream_us;
  struct Run {
    double wall_ms = 0;
    std::vector<double> level_ms;
    Record figures;
  };
  std::vector<Run> runs;
};

// Session rounds on every route, interleaved: a question with details goes
// out as unary Evaluate calls (what a session round costs), the same
// question without details over the source's open streams (what each ask
// of an exploration costs at least).
absl::Status MeasureRounds(const v1::CharterDraft& draft, int rounds,
                           std::vector<RouteState>& routes) {
  const v1::CharterDraft round_draft =
      Renamed(draft, draft.proposals_size(), "-round");
  coordinator::TableContext table;
  table.draft = &round_draft;
  for (RouteState& route : routes) {
    if (absl::Status s = route.source->Table(table); !s.ok()) return s;
  }
  // Half the draft adopted, the next proposal tabled (as vote_round.cc).
  const int half = draft.proposals_size() / 2;
  coordinator::Question question;
  question.adopted = (ProposalSet{1} << half) - 1;
  question.proposal = static_cast<std::uint32_t>(half);
  std::vector<coordinator::PartyAnswers> answers;
  const auto timed = [&](coordinator::GrpcVoteSource& source,
                         bool details) -> double {
    const std::uint64_t everyone =
        (std::uint64_t{1} << source.party_count()) - 1;
    const auto began = Clock::now();
    const absl::Status s =
        source.Ask({&question, 1}, details, everyone, &answers);
    const double us = MsSince(began) * 1000;
    if (!s.ok()) return -1;
    for (const auto& a : answers) {
      if (!a.answered) return -1;
    }
    return us;
  };
  const int warmup = std::max(20, rounds / 10);
  for (int r = 0; r < warmup + rounds; ++r) {
    for (RouteState& route : routes) {
      const double round = timed(*route.source, /*details=*/true);
      const double stream = timed(*route.source, /*details=*/false);
      if (round < 0 || stream < 0) {
        return absl::UnavailableError(absl::StrCat("round ", r, " failed"));
      }
      if (r < warmup) continue;
      route.round_us.push_back(round);
      route.stream_us.push_back(stream);
    }
  }
  return absl::OkStatus();
}

// One exploration of `draft` through `inner`, timed end to end.
absl::StatusOr<RouteState::Run> ExploreOnce(const v1::Scenario& scenario,
                                            const v1::CharterDraft& draft,
                                            coordinator::VoteSource& inner) {
  TimedVoteSource source(inner);
  RouteState::Run run;
  int levels = 0;
  auto last = Clock::now();
  const coordinator::ProgressFn progress = [&](const v1::ExploreProgress& p) {
    // Reported after each level is asked (the full set asks nothing).
    levels = std::max(levels, p.level() + 1);
    run.level_ms.push_back(MsSince(last));
    last = Clock::now();
    return true;
  };
  coordinator::ExploreInput input;
  input.scenario = &scenario;
  input.draft = &draft;
  const coordinator::ExploreOptions options;  // the product's defaults
  const auto began = Clock::now();
  last = began;
  auto result = coordinator::Explore(input, options, source, progress);
  run.wall_ms = MsSince(began);
  if (!result.ok()) return result.status();
  run.figures.Set("asks", static_cast<double>(source.times().ask_calls));
  run.figures.Set("levels", levels);
  run.figures.Set("questions", static_cast<double>(result->questions_asked()));
  run.figures.Set("states", static_cast<double>(result->states_explored()));
  run.figures.Set("table_ms", source.times().table_ms);
  run.figures.Set("ask_ms", source.times().ask_ms);
  run.figures.Set("consensus", result->consensus_sequences());
  return run;
}

// What one route measured, as its record.
Record Summarize(const std::string& name, int n, RouteState& route) {
  Record record;
  record.Set("route", name);
  record.Set("n", n);
  if (!route.round_us.empty()) {
    record.Set("rounds", static_cast<double>(route.round_us.size()));
    record.Set("round_p50_us", Quantile(route.round_us, 0.5));
    record.Set("round_p90_us", Quantile(route.round_us, 0.9));
    record.Set("stream_p50_us", Quantile(route.stream_us, 0.5));
    record.Set("stream_p90_us", Quantile(route.stream_us, 0.9));
  }
  // Each level's median over the runs: steadier than the median run's.
  std::vector<std::string> level_ms;
  for (std::size_t k = 0; k < route.runs[0].level_ms.size(); ++k) {
    std::vector<double> times;
    for (const auto& run : route.runs) {
      if (k < run.level_ms.size()) times.push_back(run.level_ms[k]);
    }
    level_ms.push_back(absl::StrFormat("%.3f", Quantile(times, 0.5)));
  }
  record.Set("level_ms", absl::StrJoin(level_ms, ","));
  std::sort(route.runs.begin(), route.runs.end(),
            [](const auto& a, const auto& b) { return a.wall_ms < b.wall_ms; });
  const RouteState::Run& median = route.runs[route.runs.size() / 2];
  for (const char* key : {"asks", "levels", "questions", "states", "table_ms",
                          "ask_ms", "consensus"}) {
    record.Set(key, median.figures.Text(key));
  }
  record.Set("wall_ms", median.wall_ms);
  record.Set("wall_min_ms", route.runs.front().wall_ms);
  record.Set("wall_max_ms", route.runs.back().wall_ms);
  return record;
}

std::vector<Record> Failed(const std::string& what,
                           const absl::Status& status) {
  Record record;
  record.Set("error", absl::StrCat(what, ": ", status.ToString()));
  return {record};
}

}  // namespace

std::vector<Record> RunMeasure(const MeasureSpec& spec) {
  auto scenario = LoadScenario(spec.scenario_path);
  if (!scenario.ok()) return Failed("scenario", scenario.status());
  auto draft = LoadDraft(spec.draft_path);
  if (!draft.ok()) return Failed("draft", draft.status());
  const int n = draft->proposals_size();
  if (spec.routes.empty() || spec.repeat < 1) {
    return Failed("spec", absl::InvalidArgumentError("no route or no run"));
  }

  std::vector<RouteState> routes(spec.routes.size());
  for (std::size_t r = 0; r < routes.size(); ++r) {
    // Channels connected before anything is timed, as a running
    // coordinator holds them.
    std::vector<coordinator::PartyEndpoint> endpoints;
    const auto deadline =
        std::chrono::system_clock::now() + std::chrono::seconds(10);
    for (const auto& [id, address] : spec.routes[r].parties) {
      coordinator::PartyEndpoint endpoint{
          id, address, coordinator::MakePartyChannel(address)};
      if (!endpoint.channel->WaitForConnected(deadline)) {
        return Failed("connect", absl::UnavailableError(absl::StrCat(
                                     id, " at ", address, " did not connect")));
      }
      endpoints.push_back(std::move(endpoint));
    }
    routes[r].source =
        std::make_unique<coordinator::GrpcVoteSource>(std::move(endpoints));
    // Warm, as a running forum is (see loopback_forum.cc): explorations of
    // two small drafts have described the parties, opened the streams and
    // run the code paths. One of the measured draft under another id then
    // leaves the parties the same state for every measured run, whichever
    // route comes first: a party keeps a small draft's lattice order per
    // draft shape (services/common/lattice_order.h), which only the first
    // exploration of a shape would walk. Each measured draft is still
    // tabled, compiled and asked about from scratch.
    for (int size : {std::min(n, 2), std::min(n, 8), n}) {
      const v1::CharterDraft warm =
          Renamed(*draft, size,
                  absl::StrCat("-warm-up-", size, "-", spec.routes[r].name));
      auto warmed = ExploreOnce(*scenario, warm, *routes[r].source);
      if (!warmed.ok()) return Failed("warm-up", warmed.status());
    }
  }

  if (spec.rounds > 0) {
    const absl::Status s = MeasureRounds(*draft, spec.rounds, routes);
    if (!s.ok()) return Failed("rounds", s);
  }
  // Run k starts with route k (mod routes), so that no route always goes
  // first.
  for (int k = 0; k < spec.repeat; ++k) {
    for (std::size_t i = 0; i < routes.size(); ++i) {
      const std::size_t r = (static_cast<std::size_t>(k) + i) % routes.size();
      const v1::CharterDraft measured = Renamed(
          *draft, n, absl::StrCat("-run-", k, "-", spec.routes[r].name));
      auto run = ExploreOnce(*scenario, measured, *routes[r].source);
      if (!run.ok()) {
        return Failed(
            absl::StrCat("exploration ", k, " via ", spec.routes[r].name),
            run.status());
      }
      routes[r].runs.push_back(*std::move(run));
    }
  }
  std::vector<Record> records;
  for (std::size_t r = 0; r < routes.size(); ++r)
    records.push_back(Summarize(spec.routes[r].name, n, routes[r]));
  return records;
}

}  // namespace concert::bench
