#include "tests/bench/load_bench_forum.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <utility>

#include <sys/wait.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/text_format.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "services/common/text_format_loader.h"
#include "services/common/tls/credentials.h"
#include "services/common/tls/tls_files.h"

namespace concert::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The children a signal must not leave behind: pids in fixed slots that a
// handler may read (atomics, no allocation).
std::array<std::atomic<pid_t>, 16> g_children{};

// The directories a run made (certificates, scenario, records), removed by
// the handler too: fixed buffers, written before any child starts.
std::array<std::array<char, 4096>, 2> g_dirs{};

void KillChildrenAndDie(int signo) {
  for (auto& slot : g_children) {
    const pid_t pid = slot.load();
    if (pid > 0) kill(pid, SIGKILL);
  }
  // fork, execv and waitpid are async-signal-safe; std::filesystem is not.
  for (const auto& dir : g_dirs) {
    if (dir[0] == '\0') continue;
    const pid_t rm = fork();
    if (rm == 0) {
      const char* argv[] = {"/bin/rm", "-rf", dir.data(), nullptr};
      execv(argv[0], const_cast<char* const*>(argv));
      _exit(127);
    }
    if (rm > 0) waitpid(rm, nullptr, 0);
  }
  signal(signo, SIG_DFL);
  raise(signo);
}

// Keeps `dir` for the handler (slot 0: the run's, 1: the records'); an
// empty one clears the slot.
void TrackDir(int slot, const std::string& dir) {
  auto& buffer = g_dirs[slot];
  buffer.fill('\0');
  if (dir.size() < buffer.size()) dir.copy(buffer.data(), dir.size());
}

void Track(pid_t pid) {
  static std::atomic<bool> installed{false};
  if (!installed.exchange(true)) {
    for (int signo : {SIGINT, SIGTERM, SIGHUP})
      signal(signo, KillChildrenAndDie);
  }
  for (auto& slot : g_children) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, pid)) return;
  }
}

void Untrack(pid_t pid) {
  for (auto& slot : g_children) {
    pid_t expected = pid;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

// A log line's level: the second field of
// "2026-12-01T05:08:33.123 warning [name] text".
bool IsWarningOrWorse(const std::string& line) {
  std::vector<std::string> fields =
      absl::StrSplit(line, absl::MaxSplits(' ', 2));
  if (fields.size() < 2) return false;
  return absl::StrContains(fields[1], "warn") ||
         absl::StrContains(fields[1], "error") ||
         absl::StrContains(fields[1], "critical");
}

// Waits (Health/Watch, no polling) until `address` reports SERVING.
absl::Status WaitServing(
    const std::string& address,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, credentials));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  context.set_wait_for_ready(true);
  grpc::health::v1::HealthCheckRequest request;
  auto reader = stub->Watch(&context, request);
  grpc::health::v1::HealthCheckResponse response;
  while (reader->Read(&response)) {
    if (response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      context.TryCancel();
      reader->Finish();
      return absl::OkStatus();
    }
  }
  const grpc::Status status = reader->Finish();
  return absl::UnavailableError(absl::StrCat(
      "health of ", address, " never SERVING: ", status.error_message()));
}

}  // namespace

absl::StatusOr<std::string> CheckHealth(
    const std::string& address,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    int timeout_ms) {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, credentials));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(timeout_ms));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrCat("code ", status.error_code(),
                                               ": ", status.error_message()));
  }
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
      response.status());
}

std::vector<std::string> LoadForum::TlsFlags(
    const std::string& cert_name) const {
  if (!tls_) return {"--insecure"};
  const std::string tls = dir_ + "/tls/";
  return {"--tls-cert", tls + cert_name + ".pem",
          "--tls-key",  tls + cert_name + ".key",
          "--tls-ca",   tls + "ca.pem"};
}

std::shared_ptr<grpc::ChannelCredentials> LoadForum::ClientCredentials() const {
  if (!tls_) return grpc::InsecureChannelCredentials();
  tls::TlsFlags flags;
  flags.cert = dir_ + "/tls/client.pem";
  flags.key = dir_ + "/tls/client.key";
  flags.ca = dir_ + "/tls/ca.pem";
  auto material = tls::LoadTls(flags);
  // Issued by Start(): a failure here is a broken run, and the calls
  // made with plaintext credentials will say so as errors.
  if (!material.ok() || !material->has_value())
    return grpc::InsecureChannelCredentials();
  return tls::ChannelCredentials(*material);
}

absl::StatusOr<std::string> LoadForum::StartServer(
    const std::string& name, const std::vector<std::string>& argv) {
  ServerProcess server;
  server.name = name;
  server.process = std::make_unique<testing::ChildProcess>(argv);
  testing::ChildProcess* child = server.process.get();
  if (!child->running()) {
    return absl::UnavailableError(
        absl::StrCat(name, ": could not start ", argv[0]));
  }
  Track(child->pid());
  const auto line = child->WaitForLine("serving on");
  const std::string address =
      line ? testing::AddressFromLogLine(*line) : std::string();
  if (address.empty()) {
    servers_.push_back(std::move(server));
    return absl::UnavailableError(
        absl::StrCat(name, " did not serve: ", child->stderr_text()));
  }
  // From here on a thread of its own reads its output until it ends.
  server.drained = std::async(std::launch::async, [child] {
    child->WaitForLine("\x1f never logged \x1f", std::chrono::hours(24));
  });
  servers_.push_back(std::move(server));
  if (absl::Status serving = WaitServing(address, ClientCredentials());
      !serving.ok()) {
    return absl::UnavailableError(absl::StrCat(name, ": ", serving.message()));
  }
  return address;
}

absl::StatusOr<std::unique_ptr<LoadForum>> LoadForum::Start(
    const LoadForumOptions& options) {
  std::unique_ptr<LoadForum> forum(new LoadForum());
  forum->tls_ = options.tls;
  std::string pattern =
      (fs::temp_directory_path() / "concert-load-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr)
    return absl::InternalError("mkdtemp failed");
  forum->dir_ = pattern;
  TrackDir(0, forum->dir_);

  if (options.tls) {
    testing::CommandResult issued =
        testing::RunCommand({options.dev_ca, "--out", forum->dir_ + "/tls",
                             "--scenario", options.scenario_path});
    if (issued.exit_code != 0) {
      return absl::InternalError(
          absl::StrCat("scripts/dev-ca failed: ", issued.err));
    }
  }
  std::string db_dir = forum->dir_;
  if (!options.db_parent.empty()) {
    std::string db_pattern =
        (fs::path(options.db_parent) / "concert-load-bench-db-XXXXXX").string();
    if (mkdtemp(db_pattern.data()) == nullptr)
      return absl::InternalError("mkdtemp in " + options.db_parent + " failed");
    forum->db_dir_ = db_dir = db_pattern;
    TrackDir(1, forum->db_dir_);
  }
  auto scenario = LoadScenario(options.scenario_path);
  if (!scenario.ok()) return scenario.status();
  for (auto& spec : *scenario->mutable_parties()) {
    auto address = forum->StartServer(spec.id(), [&] {
      std::vector<std::string> argv = {options.party_binary,
                                       "--scenario",
                                       options.scenario_path,
                                       "--party",
                                       spec.id(),
                                       "--listen",
                                       "127.0.0.1:0",
                                       "--grace-ms",
                                       "100"};
      for (auto& flag : forum->TlsFlags(absl::AsciiStrToLower(spec.id())))
        argv.push_back(flag);
      return argv;
    }());
    if (!address.ok()) return address.status();
    spec.set_address(*address);
  }
  // The coordinator knows its parties from the scenario's addresses.
  const std::string scenario_file = forum->dir_ + "/forum.textproto";
  {
    std::string text;
    google::protobuf::TextFormat::PrintToString(*scenario, &text);
    std::ofstream out(scenario_file);
    out << "# proto-message: concert.v1.Scenario\n" << text;
    if (!out) return absl::InternalError("cannot write " + scenario_file);
  }
  std::vector<std::string> argv = {options.coordinator_binary,
                                   "--scenario",
                                   scenario_file,
                                   "--listen",
                                   "127.0.0.1:0",
                                   "--db",
                                   db_dir + "/records.db"};
  for (auto& flag : forum->TlsFlags("coordinator")) argv.push_back(flag);
  auto address = forum->StartServer("coordinator", argv);
  if (!address.ok()) return address.status();
  forum->address_ = *address;
  // The coordinator first, as servers() promises.
  std::rotate(forum->servers_.begin(), forum->servers_.end() - 1,
              forum->servers_.end());
  return forum;
}

StopReport LoadForum::Stop() {
  StopReport report;
  if (stopped_) return report;
  stopped_ = true;
  for (auto& server : servers_) server.process->Signal(SIGTERM);
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  for (auto& server : servers_) {
    testing::ChildProcess& child = *server.process;
    std::string note;
    // One that never served has no reader: nothing would stop it.
    if (!server.drained.valid()) child.Signal(SIGKILL);
    if (server.drained.valid() &&
        server.drained.wait_until(deadline) != std::future_status::ready) {
      child.Signal(SIGKILL);
      note = " (killed after 10 s)";
    }
    if (server.drained.valid()) server.drained.wait();
    const pid_t pid = child.pid();
    const int code = child.Wait();
    Untrack(pid);
    report.exits.push_back(absl::StrCat(server.name, ": exit ", code, note));
    for (absl::string_view line : absl::StrSplit(child.stderr_text(), '\n')) {
      if (!IsWarningOrWorse(std::string(line))) continue;
      if (++report.warnings_total <= 12)
        report.warnings.push_back(absl::StrCat(server.name, ": ", line));
    }
  }
  std::error_code ignored;
  if (!dir_.empty()) fs::remove_all(dir_, ignored);
  if (!db_dir_.empty()) fs::remove_all(db_dir_, ignored);
  TrackDir(0, "");
  TrackDir(1, "");
  return report;
}

LoadForum::~LoadForum() {
  Stop();
  // ChildProcess's destructor SIGKILLs whatever still runs.
}

}  // namespace concert::bench
