#include "tests/bench/loopback_forum.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/coordinator/rpc/channel_pool.h"
#include "services/party/core/effective_profile.h"

namespace concert::bench {

absl::StatusOr<std::unique_ptr<LoopbackForum>> LoopbackForum::Start(
    const v1::Scenario& scenario, const v1::CharterDraft* warmup) {
  std::unique_ptr<LoopbackForum> forum(new LoopbackForum());
  for (const v1::PartySpec& spec : scenario.parties()) {
    // As the embedded forum seats them: a variant a party has no change for
    // means its baseline (without this, every variant row of a comparison
    // is an error, and fast).
    party::PartyServiceOptions party_options;
    party_options.scenario_variants = party::ScenarioVariants(scenario);
    auto service = std::make_unique<party::PartyService>(spec, party_options);
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.component = absl::StrCat("party/", spec.id());
    options.grace = std::chrono::milliseconds(200);
    auto server = RunningServer::Start(options, {service.get()});
    if (!server.ok()) return server.status();
    coordinator::PartyEndpoint endpoint;
    endpoint.id = spec.id();
    endpoint.address = (*server)->address();
    endpoint.channel = coordinator::MakePartyChannel(endpoint.address);
    forum->services_.push_back(std::move(service));
    forum->servers_.push_back(*std::move(server));
    forum->endpoints_.push_back(std::move(endpoint));
  }
  const auto deadline =
      std::chrono::system_clock::now() + std::chrono::seconds(10);
  for (const auto& endpoint : forum->endpoints_) {
    if (!endpoint.channel->WaitForConnected(deadline)) {
      return absl::UnavailableError(absl::StrCat(
          "party ", endpoint.id, " at ", endpoint.address, " did not connect"));
    }
  }
  // Warm, as a long-running forum is: one small exploration's worth of calls
  // (Describe, Table, one batch over EvaluateStream) through a vote source
  // starts gRPC's callback threads here and each server's handler threads,
  // its digest and its model compiler there, which the first calls of a
  // fresh process would otherwise pay inside the measurement. The source is
  // kept: the coordinator's pool hands a request a source that has served
  // before, so it has described the parties and holds their streams. The
  // measured draft is another: it is still tabled, compiled and asked about
  // from scratch.
  if (warmup != nullptr) {
    auto source =
        std::make_unique<coordinator::GrpcVoteSource>(forum->endpoints_);
    coordinator::TableContext context;
    context.draft = warmup;
    absl::Status status = source->Table(context);
    if (!status.ok()) return status;
    std::vector<coordinator::Question> questions;
    for (int p = 0; p < warmup->proposals_size(); ++p) {
      questions.push_back(
          coordinator::Question{0, static_cast<std::uint32_t>(p), {}});
    }
    std::vector<coordinator::PartyAnswers> answers;
    status =
        source->Ask(questions, /*details=*/false, ~std::uint64_t{0}, &answers);
    if (!status.ok()) return status;
    for (const auto& a : answers) {
      if (!a.answered) return absl::UnavailableError(a.error);
    }
    forum->warm_source_ = std::move(source);
  }
  return forum;
}

LoopbackForum::~LoopbackForum() {
  // The source's streams first, then the channels, then the servers they
  // point at, then the services the
  // servers call.
  warm_source_.reset();
  endpoints_.clear();
  servers_.clear();
  services_.clear();
}

}  // namespace concert::bench
