#include "clients/concert/forum/embedded_forum.h"

#include "absl/strings/str_cat.h"
#include "services/party/core/effective_profile.h"
#include "services/party/rpc/party_service.h"

namespace concert::cli {

absl::StatusOr<std::unique_ptr<EmbeddedForum>> EmbeddedForum::Start(
    const v1::Scenario& scenario, const EmbeddedForumOptions& options) {
  std::unique_ptr<EmbeddedForum> forum(new EmbeddedForum());
  v1::Scenario addressed = scenario;
  // Variants the scenario declares but a party does not change mean "the
  // baseline" to that party.
  party::PartyServiceOptions party_options;
  party_options.scenario_variants = party::ScenarioVariants(scenario);
  for (auto& spec : *addressed.mutable_parties()) {
    // A party with an address serves somewhere already (a party of the
    // user's own, another process): it is dialed, never replaced by a
    // built-in party.
    if (!spec.address().empty()) {
      forum->addresses_.push_back(spec.address());
      forum->party_servers_.push_back(nullptr);
      continue;
    }
    if (!spec.has_interests()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "party '", spec.id(),
          "' has neither an interest model nor an address: give it "
          "`interests { ... }` to run it built in, or `address: "
          "\"host:port\"` where it serves"));
    }
    auto service = std::make_unique<party::PartyService>(spec, party_options);
    ServerOptions server_options;
    server_options.listen = absl::StrCat(options.host, ":0");
    server_options.component = absl::StrCat("party/", spec.id());
    server_options.grace = options.grace;
    auto server = RunningServer::Start(server_options, {service.get()});
    if (!server.ok()) return server.status();
    spec.set_address((*server)->address());
    forum->addresses_.push_back(spec.address());
    forum->party_services_.push_back(std::move(service));
    forum->party_servers_.push_back(*std::move(server));
  }
  coordinator::CoordinatorOptions coordinator_options = options.coordinator;
  if (!options.db_path.empty() && coordinator_options.store == nullptr) {
    coordinator::RecordStoreOptions store_options;
    store_options.sqlite.read_only = options.read_only_records;
    auto store = coordinator::RecordStore::Open(options.db_path, store_options);
    if (!store.ok()) return store.status();
    coordinator_options.store = std::move(*store);
  }
  forum->coordinator_ = std::make_unique<coordinator::CoordinatorService>(
      std::move(addressed), coordinator_options);
  ServerOptions server_options;
  server_options.listen = absl::StrCat(options.host, ":0");
  server_options.component = "coordinator";
  server_options.grace = options.grace;
  auto server =
      RunningServer::Start(server_options, {forum->coordinator_.get()});
  if (!server.ok()) return server.status();
  forum->coordinator_server_ = *std::move(server);
  return forum;
}

EmbeddedForum::~EmbeddedForum() {
  // The coordinator first: its in-flight sessions still need the parties.
  if (coordinator_server_) coordinator_server_->Shutdown();
  // The coordinator keeps idle vote sources with a stream open to each
  // party: end them, or each party's shutdown waits out its grace.
  if (coordinator_) coordinator_->DropIdleVoteSources();
  for (auto& server : party_servers_) {
    if (server) server->Shutdown();
  }
}

void EmbeddedForum::StopParty(int i) {
  if (party_servers_[i]) party_servers_[i]->Shutdown();
}

}  // namespace concert::cli
