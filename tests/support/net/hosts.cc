#include "tests/support/net/hosts.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace concert::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kSubnet[] = "10.231.0.";
constexpr char kNetnsFiles[] = "/etc/netns";

bool Alive(pid_t pid) { return kill(pid, 0) == 0 || errno != ESRCH; }

// The creator's pid in a name of ours ("cc1234i0-DPRK", "ccb1234i0",
// "cc1234i0v3"); 0 when the name is not one of ours.
pid_t OwnerOf(absl::string_view name) {
  if (!absl::ConsumePrefix(&name, "cc")) return 0;
  absl::ConsumePrefix(&name, "b");
  std::size_t digits = 0;
  while (digits < name.size() && std::isdigit(name[digits])) ++digits;
  int pid = 0;
  if (digits == 0 || !absl::SimpleAtoi(name.substr(0, digits), &pid)) return 0;
  return pid;
}

// Kills every process inside namespace `netns`, then deletes it.
void DeleteNamespace(const std::string& ip, const std::string& netns) {
  const CommandResult pids = RunCommand({ip, "netns", "pids", netns});
  for (absl::string_view line : absl::StrSplit(pids.out, '\n')) {
    int pid = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(line), &pid) && pid > 0)
      kill(pid, SIGKILL);
  }
  RunCommand({ip, "netns", "delete", netns});
  std::error_code ignored;
  fs::remove_all(fs::path(kNetnsFiles) / netns, ignored);
}

// Deletes the namespaces and bridges of runs whose process is gone.
void SweepStale(const std::string& ip) {
  const CommandResult netns = RunCommand({ip, "netns", "list"});
  for (absl::string_view line : absl::StrSplit(netns.out, '\n')) {
    const std::string name(line.substr(0, line.find(' ')));
    const pid_t owner = OwnerOf(name);
    if (owner > 0 && !Alive(owner)) DeleteNamespace(ip, name);
  }
  const CommandResult links = RunCommand({ip, "-o", "link", "show"});
  for (absl::string_view line : absl::StrSplit(links.out, '\n')) {
    // "7: ccb1234i0: <BROADCAST,..." (a veth's end: "cc1234i0v3@if2:")
    std::vector<absl::string_view> fields = absl::StrSplit(line, ' ');
    if (fields.size() < 2) continue;
    std::string name(fields[1]);
    name = name.substr(0, name.find_first_of("@:"));
    const pid_t owner = OwnerOf(name);
    if (owner > 0 && !Alive(owner)) RunCommand({ip, "link", "delete", name});
  }
}

}  // namespace

std::string SystemTool(const std::string& name) {
  for (const char* dir : {"/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/"}) {
    const std::string path = dir + name;
    if (access(path.c_str(), X_OK) == 0) return path;
  }
  return "";
}

std::string Hosts::Unavailable() {
  if (geteuid() != 0) return "not root: network namespaces need root";
  const std::string ip = SystemTool("ip");
  if (ip.empty()) return "no ip(8) (Debian's iproute2)";
  const std::string probe = absl::StrCat("cc", getpid(), "-probe");
  const CommandResult add = RunCommand({ip, "netns", "add", probe});
  if (add.exit_code != 0) {
    return absl::StrCat("network namespaces unavailable: ip netns add said ",
                        absl::StripAsciiWhitespace(add.err));
  }
  RunCommand({ip, "netns", "delete", probe});
  return "";
}

Hosts::Hosts() {
  // Each instance names its own: a test deleting its namespaces does not
  // wait for their links to go, so the next test of the same process must
  // not reuse the names.
  static std::atomic<int> instances{0};
  const int instance = instances++;
  prefix_ = absl::StrCat("cc", getpid(), "i", instance);
  bridge_ = absl::StrCat("ccb", getpid(), "i", instance);
  const std::string ip = SystemTool("ip");
  if (ip.empty()) {
    error_ = "no ip(8)";
    return;
  }
  SweepStale(ip);
  Ip({"link", "add", bridge_, "type", "bridge"}) &&
      Ip({"link", "set", bridge_, "up"});
}

Hosts::~Hosts() {
  const std::string ip = SystemTool("ip");
  if (ip.empty()) return;
  for (const Host& host : hosts_) DeleteNamespace(ip, host.netns);
  RunCommand({ip, "link", "delete", bridge_});
}

bool Hosts::Ip(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {SystemTool("ip")};
  argv.insert(argv.end(), args.begin(), args.end());
  const CommandResult r = RunCommand(argv);
  if (r.exit_code == 0) return true;
  if (error_.empty()) {
    error_ = absl::StrCat(absl::StrJoin(argv, " "), ": ",
                          absl::StripAsciiWhitespace(r.err));
  }
  return false;
}

const Host& Hosts::Add(const std::string& name) {
  const int n = static_cast<int>(hosts_.size()) + 1;
  Host& host = hosts_.emplace_back();
  host.name = name;
  host.netns = absl::StrCat(prefix_, "-", name);
  host.address = absl::StrCat(kSubnet, n);
  host.link = absl::StrCat(prefix_, "v", n);
  Ip({"netns", "add", host.netns}) &&
      Ip({"link", "add", host.link, "type", "veth", "peer", "name", "eth0",
          "netns", host.netns}) &&
      Ip({"link", "set", host.link, "master", bridge_}) &&
      Ip({"link", "set", host.link, "up"}) &&
      Ip({"-n", host.netns, "addr", "add", host.address + "/24", "dev",
          "eth0"}) &&
      Ip({"-n", host.netns, "link", "set", "eth0", "up"}) &&
      Ip({"-n", host.netns, "link", "set", "lo", "up"});
  return host;
}

std::unique_ptr<ChildProcess> Hosts::Start(
    const Host& host, const std::vector<std::string>& argv,
    const std::vector<std::string>& env) {
  // ip execs env, which execs the program: the child's pid is the
  // program's, so signals sent to it reach the program itself.
  std::vector<std::string> full = {SystemTool("ip"), "netns", "exec",
                                   host.netns, "/usr/bin/env"};
  full.insert(full.end(), env.begin(), env.end());
  full.insert(full.end(), argv.begin(), argv.end());
  return std::make_unique<ChildProcess>(full);
}

CommandResult Hosts::Run(const Host& host, const std::vector<std::string>& argv,
                         const std::vector<std::string>& env) {
  std::unique_ptr<ChildProcess> child = Start(host, argv, env);
  CommandResult result;
  result.exit_code = child->Wait();
  result.out = child->stdout_text();
  result.err = child->stderr_text();
  return result;
}

bool Hosts::SetHostsFile(
    const Host& host,
    const std::vector<std::pair<std::string, std::string>>& entries) {
  const fs::path dir = fs::path(kNetnsFiles) / host.netns;
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::ofstream out(dir / "hosts");
  out << "127.0.0.1 localhost\n";
  for (const auto& [address, name] : entries) {
    out << address << ' ' << name << '\n';
  }
  return static_cast<bool>(out);
}

bool Hosts::SetLink(const Host& host, bool up) {
  return Ip({"link", "set", host.link, up ? "up" : "down"});
}

bool Hosts::AddLatency(const Host& host, int ms, std::string* why) {
  const std::string tc = SystemTool("tc");
  if (tc.empty()) {
    *why = "no tc(8)";
    return false;
  }
  const CommandResult r =
      RunCommand({tc, "-n", host.netns, "qdisc", "add", "dev", "eth0", "root",
                  "netem", "delay", absl::StrCat(ms, "ms")});
  if (r.exit_code == 0) return true;
  *why = absl::StrCat("tc netem: ", absl::StripAsciiWhitespace(r.err));
  return false;
}

}  // namespace concert::testing
