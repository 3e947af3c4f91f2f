// Serving a concert::sdk::Party as the gRPC service concert.v1.Party.
//
//   int main(int argc, char** argv) {
//     MyParty party;
//     return concert::sdk::ServeMain(party, argc, argv);
//   }
//
// ServeMain parses the standard flags (--listen, --join, --advertise,
// --grace-ms, --cache-size, --help), serves until SIGINT or SIGTERM, and
// returns the exit code. The SDK keeps the party contract stated in
// concert/v1/party.proto: digests, the tabled-draft cache, status codes,
// EvaluateStream's packed batches, gRPC health and reflection, joining a
// coordinator and staying joined, graceful shutdown.
#ifndef CONCERT_SDK_SERVE_H_
#define CONCERT_SDK_SERVE_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "concert/sdk/party.h"

namespace concert::sdk {

// Exit codes of Serve and ServeMain.
inline constexpr int kExitOk = 0;       // stopped by SIGINT/SIGTERM
inline constexpr int kExitFailure = 1;  // could not serve (address in use)
// Bad flags or configuration: also a description the SDK cannot serve, or a
// coordinator refusing the party at start (as concert-party exits).
inline constexpr int kExitUsage = 2;

// EvaluateStreams an SDK party serves at once unless told otherwise.
inline constexpr int kDefaultLimitStreams = 1024;

struct ServeOptions {
  // gRPC listen address; port 0 picks a free port (logged: "serving on").
  std::string listen = "127.0.0.1:0";
  // A coordinator to register with (empty: none). The party registers once
  // it serves, and again whenever the coordinator comes back.
  std::string join;
  // The address the coordinator dials to reach the party. Empty: the bound
  // address, with a wildcard host (0.0.0.0, [::]) replaced by this machine's
  // host name. Set it behind a proxy or a published container port.
  std::string advertise;
  // How long to wait for the coordinator's first answer before serving on
  // regardless (registration keeps being retried in the background). A
  // refusal within this time (e.g. the scenario has no seat of this id) is
  // an error of Start.
  std::chrono::milliseconds join_wait{10000};
  // On shutdown, how long in-flight calls may finish.
  std::chrono::milliseconds grace{5000};
  // Tabled drafts kept at once; the least recently used is dropped beyond
  // (a question about it then gets FAILED_PRECONDITION and the coordinator
  // tables it again).
  std::size_t cache_capacity = 64;
  // EvaluateStreams served at once (--limit-streams): each holds a thread
  // while it runs; one more is refused with RESOURCE_EXHAUSTED until one
  // ends.
  int limit_streams = kDefaultLimitStreams;
  // Mutual TLS (--tls-cert, --tls-key, --tls-ca): PEM files of the party's
  // certificate (naming the party: URI SAN urn:concert:party:ID), its key,
  // and the forum CA. All three or none. With them the party answers only a
  // peer whose certificate the CA signed and that holds the role
  // coordinator, and `join` dials the coordinator with this certificate.
  std::string tls_cert;
  std::string tls_key;
  std::string tls_ca;
  // Without the TLS files, serve plaintext on `listen` even when it is not
  // loopback (--insecure); otherwise such an address is narrowed to
  // loopback, with a warning.
  bool insecure = false;
};

// A party being served. Destroying it shuts it down.
class RunningParty {
 public:
  // Serves `party` (not owned; it must outlive the RunningParty). Errors:
  // INVALID_ARGUMENT for a description without id or memory, UNAVAILABLE
  // when the address cannot be bound, and with `join` the coordinator's
  // refusal (NOT_FOUND, FAILED_PRECONDITION, ...) as it gave it.
  static absl::StatusOr<std::unique_ptr<RunningParty>> Start(
      const Party& party, const ServeOptions& options);

  ~RunningParty();
  RunningParty(const RunningParty&) = delete;
  RunningParty& operator=(const RunningParty&) = delete;

  // The address bound (with the real port) and the port.
  const std::string& address() const;
  int port() const;
  // The address registered with the coordinator (empty without join).
  const std::string& advertised() const;

  // Registrations the coordinator accepted so far (0 without join).
  int registrations() const;
  // Waits until `n` registrations in all were accepted; false on timeout.
  bool WaitForRegistrations(int n, std::chrono::milliseconds timeout) const;

  // Stops registering, then shuts the server down gracefully: health turns
  // NOT_SERVING, in-flight calls get the grace period. Idempotent.
  void Shutdown();

 private:
  struct Impl;
  explicit RunningParty(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Serves `party` until SIGINT or SIGTERM, then shuts down gracefully.
// Returns kExitOk; or, after printing why, kExitFailure when it could not
// serve and kExitUsage when the party or the coordinator's answer to its
// registration does not allow it to.
int Serve(const Party& party, const ServeOptions& options);

// Parses the standard flags and serves. For flags of the party's own, use
// CommandLine (concert/sdk/command_line.h) and Serve.
int ServeMain(const Party& party, int argc, char** argv);

}  // namespace concert::sdk

#endif  // CONCERT_SDK_SERVE_H_
