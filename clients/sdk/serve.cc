#include "concert/sdk/serve.h"

#include <cstdio>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "clients/sdk/party_service.h"
#include "services/common/server/logging.h"
#include "services/common/server/server.h"
#include "services/common/server/server_limits.h"
#include "services/common/tls/credentials.h"
#include "services/common/tls/serving.h"
#include "services/common/tls/tls_files.h"
#include "services/party/join/advertise.h"
#include "services/party/join/joiner.h"

namespace concert::sdk {

// The public header cannot include the project's: the same default, kept
// in step here.
static_assert(kDefaultLimitStreams == kDefaultMaxPartyStreams);

struct RunningParty::Impl {
  std::unique_ptr<internal::PartyService> service;
  std::unique_ptr<RunningServer> server;
  // Declared after the server: destroyed first, so the party stops
  // registering before it stops answering.
  std::unique_ptr<party::Joiner> joiner;
  std::string advertised;
};

RunningParty::RunningParty(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

RunningParty::~RunningParty() { Shutdown(); }

absl::StatusOr<std::unique_ptr<RunningParty>> RunningParty::Start(
    const Party& party, const ServeOptions& options) {
  Description description = party.Describe();
  if (absl::Status s = internal::CheckDescription(description); !s.ok()) {
    return s;
  }
  const std::string component = absl::StrCat("party/", description.id);
  tls::TlsFlags tls_flags;
  tls_flags.cert = options.tls_cert;
  tls_flags.key = options.tls_key;
  tls_flags.ca = options.tls_ca;
  tls_flags.insecure = options.insecure;
  auto tls = tls::LoadTls(tls_flags);
  // A configuration error, as a bad flag is (Serve exits kExitUsage).
  if (!tls.ok()) return tls.status();
  const tls::ServingSecurity security =
      tls::PlanServing(options.listen, *tls, options.insecure, component);
  if (!security.warning.empty())
    Logger(component)->warn("{}", security.warning);
  auto impl = std::make_unique<Impl>();
  impl->service = std::make_unique<internal::PartyService>(
      party, std::move(description), options.cache_capacity,
      /*require_coordinator=*/tls->has_value(), options.limit_streams);
  ServerOptions server_options;
  server_options.listen = security.listen;
  server_options.credentials = security.credentials;
  server_options.component = component;
  server_options.grace = options.grace;
  // A stream holds a thread: the rest serve the short calls.
  server_options.max_threads = options.limit_streams + 128;
  auto server = RunningServer::Start(server_options, {impl->service.get()});
  if (!server.ok()) return server.status();
  impl->server = *std::move(server);

  if (!options.join.empty()) {
    party::JoinOptions join;
    join.coordinator = options.join;
    join.party_id = impl->service->description().id;
    // By default the bound address, a wildcard host (0.0.0.0) made this
    // machine's name, as concert-party advertises.
    join.advertise =
        options.advertise.empty()
            ? party::AdvertisedAddress(security.listen, impl->server->port())
            : options.advertise;
    join.credentials = tls::ChannelCredentials(*tls);
    if (absl::Status s = party::CheckJoinOptions(join); !s.ok()) return s;
    impl->advertised = join.advertise;
    impl->joiner = std::make_unique<party::Joiner>(std::move(join));
    const absl::Status first =
        impl->joiner->WaitForFirst(absl::FromChrono(options.join_wait));
    if (absl::IsDeadlineExceeded(first)) {
      // Not a refusal: the coordinator is not up yet. Serve, and let the
      // joiner register once it is.
      Logger(component)->warn("{}", std::string(first.message()));
    } else if (!first.ok()) {
      return absl::Status(
          first.code(),
          absl::StrCat("the coordinator at ", options.join, " refused party ",
                       impl->service->description().id, ": ", first.message()));
    }
  }
  return std::unique_ptr<RunningParty>(new RunningParty(std::move(impl)));
}

const std::string& RunningParty::address() const {
  return impl_->server->address();
}

int RunningParty::port() const { return impl_->server->port(); }

const std::string& RunningParty::advertised() const {
  return impl_->advertised;
}

int RunningParty::registrations() const {
  return impl_->joiner == nullptr ? 0 : impl_->joiner->accepted();
}

bool RunningParty::WaitForRegistrations(
    int n, std::chrono::milliseconds timeout) const {
  if (impl_->joiner == nullptr) return n <= 0;
  return impl_->joiner->WaitForAccepted(n, absl::FromChrono(timeout));
}

void RunningParty::Shutdown() {
  if (impl_ == nullptr) return;
  impl_->joiner.reset();
  if (impl_->server != nullptr) impl_->server->Shutdown();
}

int Serve(const Party& party, const ServeOptions& options) {
  auto running = RunningParty::Start(party, options);
  if (!running.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(running.status().message()).c_str());
    // Not serving is a failure; anything else (a description the SDK
    // cannot serve, a coordinator refusing the party) is the party's
    // configuration, as concert-party counts it.
    return absl::IsUnavailable(running.status()) ? kExitFailure : kExitUsage;
  }
  const int signo = WaitForTerminationSignal();
  Logger("server")->info("signal {} received, shutting down {}", signo,
                         (*running)->address());
  (*running)->Shutdown();
  return kExitOk;
}

}  // namespace concert::sdk
