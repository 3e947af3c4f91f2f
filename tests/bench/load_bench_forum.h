// The forum concert_load_bench loads: six real concert-party processes (the
// shipped scenario's parties) and one real concert-coordinator process that
// finds them through a scenario file carrying their addresses, as a
// deployment without --join does — over mutual TLS with certificates that
// scripts/dev-ca issues into the run's own directory, or plaintext
// (--insecure) on loopback. Every process is killed when the forum goes,
// and on SIGINT/SIGTERM/SIGHUP of the bench.
#ifndef CONCERT_TESTS_BENCH_LOAD_BENCH_FORUM_H_
#define CONCERT_TESTS_BENCH_LOAD_BENCH_FORUM_H_

#include <future>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "tests/support/net/child_process.h"

namespace concert::bench {

struct LoadForumOptions {
  bool tls = true;
  std::string party_binary;        // concert-party
  std::string coordinator_binary;  // concert-coordinator
  std::string scenario_path;       // the shipped six-party scenario
  std::string dev_ca;              // scripts/dev-ca
  // Where the coordinator's record database goes (a directory made for the
  // run inside it); empty: the run's own temporary directory. A tmpfs
  // (/dev/shm) takes the disk's sync latency out of the records' writes.
  std::string db_parent;
};

// One server process, its output read by a thread of its own while it
// serves (a full stderr pipe would stall it mid-measurement).
struct ServerProcess {
  std::string name;  // "coordinator", or the party id
  std::unique_ptr<testing::ChildProcess> process;
  std::future<void> drained;  // ready once its output ended
};

// What the servers said and how they stopped.
struct StopReport {
  // Per server: "NAME: exit N" (N = 128 + signal when killed), and
  // "(killed after 10 s)" when SIGTERM did not stop it.
  std::vector<std::string> exits;
  // Their log lines at level warning or worse, prefixed with the server's
  // name; `warnings_total` counts them all, `warnings` keeps the first few.
  std::vector<std::string> warnings;
  long warnings_total = 0;
};

class LoadForum {
 public:
  // Issues certificates (with TLS), starts the parties and the
  // coordinator, and waits until each reports SERVING on its health
  // service; an error naming what did not start.
  static absl::StatusOr<std::unique_ptr<LoadForum>> Start(
      const LoadForumOptions& options);
  ~LoadForum();  // Stop(), unless called
  LoadForum(const LoadForum&) = delete;
  LoadForum& operator=(const LoadForum&) = delete;

  const std::string& address() const { return address_; }  // coordinator's
  // What a client of the forum presents: the client certificate of
  // dev-ca (roles run and read) with TLS, else plaintext.
  std::shared_ptr<grpc::ChannelCredentials> ClientCredentials() const;
  // The coordinator first, then the parties in scenario order.
  const std::vector<ServerProcess>& servers() const { return servers_; }

  // SIGTERM to every server, SIGKILL to any still running 10 s later;
  // reaps them all. Once.
  StopReport Stop();

 private:
  LoadForum() = default;
  // Starts `argv` as server `name`, waits for its "serving on" line and
  // its health SERVING; the address it serves on.
  absl::StatusOr<std::string> StartServer(const std::string& name,
                                          const std::vector<std::string>& argv);
  std::vector<std::string> TlsFlags(const std::string& cert_name) const;

  bool tls_ = true;
  std::string dir_;     // the run's own: certificates, scenario, database
  std::string db_dir_;  // with db_parent: the database's own directory
  std::string address_;
  std::vector<ServerProcess> servers_;
  bool stopped_ = false;
};

// Health/Check of `address` as a client with `credentials`: the status's
// name ("SERVING", …) or the call's error.
absl::StatusOr<std::string> CheckHealth(
    const std::string& address,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    int timeout_ms);

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_LOAD_BENCH_FORUM_H_
