// `concert explore`: every admissible order of a draft, analysed over the
// forum's parties, as a report, JSON or Markdown, with the consensus graph.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "absl/strings/match.h"
#include "clients/concert/commands.h"
#include "clients/concert/exploration_report.h"
#include "clients/concert/format_json.h"
#include "clients/concert/forum_connection.h"
#include "clients/concert/replay.h"
#include "clients/concert/rule_flags.h"
#include "clients/concert/transcript.h"
#include "services/common/grpc_status.h"
#include "services/common/valid_files.h"
#include "services/coordinator/explorer_graphviz.h"

namespace concert::cli {
namespace {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "concert explore: %s\n", std::string(status.message()).c_str());
  return ExitCodeForStatus(status);
}

v1::ExploreRequest::Strategy StrategyOf(const std::string& name) {
  if (name == "lattice") return v1::ExploreRequest::LATTICE;
  if (name == "enumerate") return v1::ExploreRequest::ENUMERATE;
  if (name == "sample") return v1::ExploreRequest::SAMPLE;
  return v1::ExploreRequest::STRATEGY_UNSPECIFIED;
}

// Writes the consensus graph as DOT, or as SVG through Graphviz.
absl::Status WriteGraph(const std::string& path, const v1::Exploration& exploration,
                        const v1::CharterDraft& draft) {
  auto dot = coordinator::ConsensusGraphDot(exploration, draft);
  if (!dot.ok()) return dot.status();
  std::string content = *dot;
  if (absl::EndsWith(path, ".svg")) {
    auto svg = coordinator::RenderSvg(*dot);
    if (!svg.ok()) return svg.status();
    content = *std::move(svg);
  }
  std::ofstream out(path, std::ios::binary);
  out << content;
  out.close();
  if (!out) return absl::UnavailableError("cannot write " + path);
  return absl::OkStatus();
}

}  // namespace

int ExploreCommand(const ExploreFlags& flags) {
  if (!flags.replay.empty()) return ReplayExploration(flags);
  if (!flags.graph.empty() && !absl::EndsWith(flags.graph, ".dot") &&
      !absl::EndsWith(flags.graph, ".svg")) {
    return Fail(absl::InvalidArgumentError("--graph must name a .dot or .svg file"));
  }
  auto scenario = LoadScenarioOrDefault(flags.forum.scenario);
  if (!scenario.ok()) return Fail(scenario.status());
  auto draft = LoadValidDraft(flags.draft, *scenario);
  if (!draft.ok()) return Fail(draft.status());
  auto rule = RuleFromFlags(*scenario, flags.rule.rule, flags.rule.threshold, flags.rule.absent);
  if (!rule.ok()) return Fail(rule.status());
  auto connection = ForumConnection::Open(flags.forum.coordinator, *scenario, flags.forum.db);
  if (!connection.ok()) return Fail(connection.status());

  v1::ExploreRequest request;
  *request.mutable_draft() = *draft;
  request.set_variant(flags.forum.variant);
  if (flags.rule.any()) *request.mutable_rule() = *rule;
  request.set_strategy(StrategyOf(flags.strategy));
  request.set_max_states(flags.max_states);
  request.set_max_memory_bytes(flags.max_memory_mib << 20);
  request.set_samples(flags.samples);
  request.set_seed(flags.seed);
  request.set_include_graph(!flags.graph.empty());

  grpc::ClientContext context;
  auto reader = (*connection)->coordinator().Explore(&context, request);
  const bool terminal = isatty(STDERR_FILENO);
  v1::Exploration result;
  bool have_result = false;
  v1::ExploreEvent event;
  while (reader->Read(&event)) {
    if (event.has_progress() && flags.progress) {
      // On a terminal the line rewrites itself; in a log each update is a line.
      std::fprintf(stderr, terminal ? "\r\033[K%s" : "%s\n",
                   FormatProgress(event.progress()).c_str());
      std::fflush(stderr);
    }
    if (event.has_result()) {
      result = event.result();
      have_result = true;
    }
  }
  if (flags.progress && terminal) std::fputs("\r\033[K", stderr);
  const grpc::Status status = reader->Finish();
  if (!status.ok()) return Fail(FromGrpc(status));
  if (!have_result) return Fail(absl::InternalError("the coordinator sent no result"));

  if (!flags.graph.empty()) {
    if (auto s = WriteGraph(flags.graph, result, *draft); !s.ok()) return Fail(s);
    result.clear_graph();  // drawn; not repeated in the report
  }
  if (flags.format == "json") {
    auto json = ToJson(result);
    if (!json.ok()) return Fail(json.status());
    std::cout << *json;
  } else if (flags.format == "markdown") {
    std::cout << ExplorationMarkdown(result, *draft);
  } else {
    ExplorationReportOptions options;
    options.color = flags.color;
    WriteExplorationText(std::cout, result, *draft, options);
  }
  if (!flags.graph.empty()) std::fprintf(stderr, "consensus graph written to %s\n", flags.graph.c_str());
  return 0;
}

}  // namespace concert::cli
