// Where a command's coordinator is: a remote one named by --coordinator, or
// an embedded forum started for this command (every party and the
// coordinator as real gRPC servers on loopback ports).
#ifndef CONCERT_CLIENTS_CONCERT_FORUM_CONNECTION_H_
#define CONCERT_CLIENTS_CONCERT_FORUM_CONNECTION_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/concert/forum/embedded_forum.h"
#include "clients/concert/forum/forum_flags.h"
#include "concert/v1/coordinator.grpc.pb.h"
#include "concert/v1/scenario.pb.h"

namespace concert::cli {

// Loads the scenario a command works with: the file at `path`, or the
// embedded six-party scenario when `path` is empty. Every problem of the
// file comes back in one INVALID_ARGUMENT status.
absl::StatusOr<v1::Scenario> LoadScenarioOrDefault(const std::string& path);

// INVALID_ARGUMENT (naming the address and an example) unless `address` is
// a server address a user means: HOST:PORT with a port, [IPV6]:PORT, or any
// gRPC target with a scheme (dns:///…, ipv4:…, unix:…). Without the check,
// "localhost" would dial port 443.
absl::Status CheckServerAddress(absl::string_view address);

class ForumConnection;

// A command's forum and the scenario the draft is checked against.
struct OpenedForum {
  std::unique_ptr<ForumConnection> connection;
  v1::Scenario scenario;
};

// With flags.coordinator: that coordinator, and the scenario it reports
// (Coordinator.GetScenario — its own, whatever --scenario says; a note on
// stderr says --scenario is not used). Without: an embedded forum of
// flags.scenario, or of the built-in six-party scenario, recording to
// flags.db. `command` names the command in the note.
absl::StatusOr<OpenedForum> OpenForum(const ForumFlags& flags,
                                      absl::string_view command);

class ForumConnection {
 public:
  // Connects to `coordinator_address` (refused when CheckServerAddress
  // refuses it; UNAVAILABLE in one line naming it when it cannot be
  // resolved or nothing answers there), or — when it is empty — starts an
  // embedded forum for `scenario` that records to the database named by
  // `db_flag` (DefaultDatabasePath's rule: --db, $CONCERT_DB, XDG), for
  // reading only when `read_only_records` (the database must exist then).
  static absl::StatusOr<std::unique_ptr<ForumConnection>> Open(
      const std::string& coordinator_address, const v1::Scenario& scenario,
      const std::string& db_flag = "", bool read_only_records = false);

  v1::Coordinator::Stub& coordinator() { return *stub_; }
  const std::string& address() const { return address_; }
  bool embedded() const { return forum_ != nullptr; }

 private:
  std::unique_ptr<EmbeddedForum> forum_;
  std::string address_;
  std::unique_ptr<v1::Coordinator::Stub> stub_;
};

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_FORUM_CONNECTION_H_
