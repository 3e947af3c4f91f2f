#include "tests/bench/netns_bench_run.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/text_format.h"
#include "tests/bench/bench_forum.h"
#include "tests/bench/netns_bench_forum.h"
#include "tests/bench/netns_bench_report.h"
#include "tests/support/net/hosts.h"

namespace concert::bench {
namespace {

namespace fs = std::filesystem;

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// This binary's path, for `ip netns exec` to run again (/proc/self/exe
// would name env's own there).
std::string SelfPath() {
  std::error_code ec;
  return fs::read_symlink("/proc/self/exe", ec).string();
}

bool WriteText(const google::protobuf::Message& message,
               const std::string& path) {
  std::string text;
  if (!google::protobuf::TextFormat::PrintToString(message, &text))
    return false;
  std::ofstream out(path);
  out << text;
  return static_cast<bool>(out);
}

// A directory of the run's own for the scenario and draft files.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (fs::temp_directory_path() / "concert-netns-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct ForumFiles {
  Forum forum;
  std::string scenario, draft;
};

// What every phase shares.
struct Bench {
  RunOptions options;
  std::string party_binary, relay_binary;
  testing::Hosts* hosts = nullptr;
  const testing::Host* coordinator = nullptr;
  const testing::Host* one_host = nullptr;
  // (party id, its own host), in the scenario's order.
  std::vector<std::pair<std::string, const testing::Host*>> own_hosts;
  std::vector<ForumFiles> forums;
  std::vector<ConfigResult> results;
  bool all_ran = true;
};

// Runs the measurer on `host` over the routes of `parties`, each named
// after its configuration in `names`; one record per route, or one with
// "error".
std::vector<Record> Measure(Bench& bench, const testing::Host& host,
                            const ForumFiles& files,
                            const std::vector<std::string>& names,
                            const HostedParties& parties) {
  const bool rounds = files.forum == Forum::kAgreeable;
  std::vector<std::string> argv = {
      SelfPath(),   "--measure",
      "--scenario", files.scenario,
      "--draft",    files.draft,
      "--repeat",   std::to_string(bench.options.repeat),
      "--rounds",   std::to_string(rounds ? bench.options.rounds : 0)};
  for (std::size_t r = 0; r < names.size(); ++r) {
    argv.push_back("--route");
    argv.push_back(names[r]);
    for (const auto& [id, address] : parties.routes()[r]) {
      argv.push_back("--party");
      argv.push_back(absl::StrCat(id, "=", address));
    }
  }
  auto child = bench.hosts->Start(host, argv, {"CONCERT_LOG=warn"});
  const int code = child->Wait();
  std::vector<Record> records;
  for (auto line : absl::StrSplit(child->stdout_text(), '\n')) {
    if (auto record = Record::Parse(std::string(line))) {
      records.push_back(*record);
    }
  }
  if (records.empty()) {
    Record failed;
    failed.Set("error", absl::StrCat("the measurer printed nothing (exit ",
                                     code, "): ", child->stderr_text()));
    records.push_back(failed);
  }
  return records;
}

// Measures the configurations `configs` (indices into bench.results), each
// a route to the same party processes — straight, then through relays of
// `relay_delays_ms` — interleaved by one measurer per forum.
void RunPhase(Bench& bench, bool loopback,
              const std::vector<double>& relay_delays_ms,
              const std::vector<int>& configs) {
  std::vector<std::string> names;
  for (int c : configs) names.push_back(bench.results[c].name);
  const std::string title = absl::StrJoin(names, ", ");
  for (const ForumFiles& files : bench.forums) {
    const std::string name =
        absl::StrCat(ForumName(files.forum), "-", bench.options.n);
    std::fprintf(stderr, "%s: %s ... ", name.c_str(), title.c_str());
    const auto began = std::chrono::steady_clock::now();
    ForumLayout layout{bench.party_binary, bench.relay_binary, files.scenario,
                       bench.own_hosts,    loopback,           relay_delays_ms};
    if (loopback) {
      for (auto& [id, host] : layout.parties) host = bench.one_host;
    }
    std::vector<Record> records;
    auto parties = HostedParties::Start(*bench.hosts, layout);
    if (parties.ok()) {
      records = Measure(bench, loopback ? *bench.one_host : *bench.coordinator,
                        files, names, **parties);
    } else {
      records.emplace_back().Set("error", parties.status().ToString());
    }
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began)
            .count();
    // The measurer prints one record per route, or one with an error.
    if (records.size() != configs.size() || records[0].Has("error")) {
      bench.all_ran = false;
      const std::string error = records[0].Has("error")
                                    ? records[0].Text("error")
                                    : "the measurer's records do not match";
      std::fprintf(stderr, "FAILED: %s\n", error.c_str());
      Record failed;
      failed.Set("error", error);
      records.assign(configs.size(), failed);
    } else {
      std::fprintf(stderr, "%.1f s\n", s);
    }
    for (std::size_t i = 0; i < configs.size(); ++i) {
      bench.results[configs[i]].cases.emplace_back(name, records[i]);
    }
  }
}

}  // namespace

int RunNetnsBench(const RunOptions& options) {
  const std::string why = testing::Hosts::Unavailable();
  if (!why.empty()) {
    std::cout << "concert_netns_bench: skipped, no hosts here: " << why << "\n";
    return 0;
  }
  Bench bench;
  bench.options = options;
  bench.party_binary = CONCERT_BINARY_DIR "/services/party/concert-party";
  bench.relay_binary =
      CONCERT_BINARY_DIR "/tests/support/net/concert_delay_relay";
  for (const std::string& binary : {bench.party_binary, bench.relay_binary}) {
    if (access(binary.c_str(), X_OK) != 0) {
      std::cerr << "missing " << binary << " (build it first)\n";
      return 1;
    }
  }
  ScratchDir dir;
  for (Forum forum : {Forum::kAgreeable, Forum::kRandom}) {
    const std::string stem = absl::StrCat(dir.path(), "/", ForumName(forum));
    ForumFiles files{forum, stem + ".scenario.textproto",
                     absl::StrCat(stem, "-", options.n, ".draft.textproto")};
    if (!WriteText(MakeScenario(forum), files.scenario) ||
        !WriteText(MakeFreeDraft(forum, options.n), files.draft)) {
      std::cerr << "cannot write the forum's files in " << dir.path() << "\n";
      return 1;
    }
    bench.forums.push_back(files);
  }

  testing::Hosts hosts;
  bench.hosts = &hosts;
  bench.coordinator = &hosts.Add("coordinator");
  // The same six parties in both forums.
  const v1::Scenario scenario = MakeScenario(Forum::kAgreeable);
  for (const v1::PartySpec& party : scenario.parties())
    bench.own_hosts.emplace_back(party.id(), &hosts.Add(party.id()));
  bench.one_host = &hosts.Add("loopback");
  if (!hosts.error().empty()) {
    std::cerr << "cannot build the hosts: " << hosts.error() << "\n";
    return 1;
  }

  // Flushed: the progress lines on stderr follow it.
  std::cout << "load average at start: " << LoadAverage() << std::endl;
  const int d = options.delay_ms;
  const double rtt = 2.0 * d;  // each link adds d: the request's, the reply's
  bench.results = {{"loopback", -1, 0, {}},
                   {"hosts", 0, 0, {}},
                   {"hosts + relay 0 ms", 1, 0, {}}};
  RunPhase(bench, /*loopback=*/true, {}, {0});
  if (d > 0) {
    bench.results.push_back(
        {absl::StrCat("hosts + relay ", d, " ms per link"), 2, rtt, {}});
    RunPhase(bench, false, {0.0, static_cast<double>(d)}, {1, 2, 3});
  } else {
    RunPhase(bench, false, {0.0}, {1, 2});
  }
  // netem on every host's link when the kernel has it, measured last: it
  // cannot be taken off, and it would delay the routes above too.
  std::string no_netem;
  if (d > 0 && hosts.AddLatency(*bench.coordinator, d, &no_netem)) {
    bool all = true;
    for (const auto& [id, host] : bench.own_hosts)
      all = hosts.AddLatency(*host, d, &no_netem) && all;
    if (all) {
      bench.results.push_back(
          {absl::StrCat("hosts + netem ", d, " ms per link"), 1, rtt, {}});
      RunPhase(bench, false, {}, {static_cast<int>(bench.results.size()) - 1});
    } else {
      std::cout << "netem failed on a host (" << no_netem << ")\n";
      bench.all_ran = false;
    }
  } else if (d > 0) {
    std::cout << "no netem (" << no_netem << "): the relays add the latency\n";
  }
  std::cout << "load average at end:   " << LoadAverage() << "\n";

  const NetnsReport report = BuildNetnsReport(bench.results);
  std::cout << "\n"
            << report.table << "\n"
            << "Target (issue 10): an exploration's wall time grows by no "
               "more than its asks x the added round trip.\n"
            << report.passed << " passed, " << report.missed << " missed\n"
            << report.verdicts;
  if (options.verbose) std::cout << "\n" << report.levels;
  std::cout << "\nThe machine may be shared: the load average above says how "
               "busy it was. The figures are indicative; the hosts and relay "
               "rows, measured interleaved over the same processes, compare "
               "better with each other than with the rest.\n";
  return bench.all_ran ? 0 : 1;
}

}  // namespace concert::bench
