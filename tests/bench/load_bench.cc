// concert_load_bench: many concurrent clients against a forum of real
// processes (issue 13, "Load"). One concert-coordinator and six
// concert-party processes on loopback; N client threads, each with a
// channel of its own, loop RunSession on a shipped draft and every k-th
// iteration a small Explore, for a fixed time; once over mutual TLS and
// once plaintext. Prints throughput, round latency, errors by status code,
// and the servers' memory and threads at the start and end (target:
// growth under 10%), and TLS's cost. A harness, not a test: it exits 1
// only when a call failed (or the forum did not start), never on a target.
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/text_format_loader.h"
#include "tests/bench/load_bench_clients.h"
#include "tests/bench/load_bench_forum.h"
#include "tests/bench/load_bench_report.h"

namespace concert::bench {
namespace {

constexpr char kUsage[] =
    "usage: concert_load_bench [--seconds N] [--clients N] "
    "[--tls on|off|both] [--explore-every K] [--session-draft NAME] "
    "[--explore-draft NAME] [--db-dir DIR] [--warmup-seconds N] [--quick]\n"
    "  defaults: 60 s after 15 s of warm-up, 64 clients, both modes, k = 4,\n"
    "  session draft joint-statement-2005, explore draft bloc-3plus3\n"
    "  (scenarios/drafts/NAME.textproto); --quick: 3 s after 1 s, 4 clients;\n"
    "  --db-dir: where the coordinator's records go (default: the run's\n"
    "  temporary directory; /dev/shm takes the disk's syncs out)\n";

struct Flags {
  LoadOptions load;
  std::string tls = "both";
  std::string session_draft = "joint-statement-2005";
  std::string explore_draft = "bloc-3plus3";
  std::string db_dir;
};

bool ParseInt(const char* text, int min, int* value) {
  return absl::SimpleAtoi(text, value) && *value >= min;
}

// False (with the usage printed) on a bad command line.
bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (flag == "--quick") {
      flags->load.seconds = 3;
      flags->load.warmup_seconds = 1;
      flags->load.clients = 4;
      continue;
    }
    const auto parse = [&]() -> bool {
      if (value == nullptr) return false;
      if (flag == "--seconds") return ParseInt(value, 1, &flags->load.seconds);
      if (flag == "--clients") return ParseInt(value, 1, &flags->load.clients);
      if (flag == "--warmup-seconds")
        return ParseInt(value, 0, &flags->load.warmup_seconds);
      if (flag == "--explore-every")
        return ParseInt(value, 1, &flags->load.explore_every);
      if (flag == "--tls") {
        flags->tls = value;
        return flags->tls == "on" || flags->tls == "off" ||
               flags->tls == "both";
      }
      std::string* text = flag == "--session-draft"   ? &flags->session_draft
                          : flag == "--explore-draft" ? &flags->explore_draft
                          : flag == "--db-dir"        ? &flags->db_dir
                                                      : nullptr;
      if (text == nullptr) return false;
      *text = value;
      return true;
    };
    const bool ok = parse();
    if (!ok) {
      std::cerr << "concert_load_bench: bad argument " << flag << "\n"
                << kUsage;
      return false;
    }
    ++i;
  }
  return true;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return absl::StrCat(one, " ", five, " ", fifteen);
}

std::string DraftPath(const std::string& name) {
  return absl::StrCat(CONCERT_SOURCE_DIR, "/scenarios/drafts/", name,
                      ".textproto");
}

int Main(int argc, char** argv) {
  Flags flags;
  if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 ||
                   std::strcmp(argv[1], "-h") == 0)) {
    std::cout << kUsage;
    return 0;
  }
  if (!ParseFlags(argc, argv, &flags)) return 2;
  for (auto [name, draft] :
       {std::pair{flags.session_draft, &flags.load.session_draft},
        std::pair{flags.explore_draft, &flags.load.explore_draft}}) {
    auto loaded = LoadDraft(DraftPath(name));
    if (!loaded.ok()) {
      std::cerr << "concert_load_bench: " << loaded.status() << "\n";
      return 2;
    }
    *draft = *loaded;
  }
  // At info a server logs its start and stop, nothing per call.
  setenv("CONCERT_LOG", "info", 1);

  LoadForumOptions forum_options;
  forum_options.party_binary =
      CONCERT_BINARY_DIR "/services/party/concert-party";
  forum_options.coordinator_binary =
      CONCERT_BINARY_DIR "/services/coordinator/concert-coordinator";
  forum_options.scenario_path =
      CONCERT_SOURCE_DIR "/scenarios/six-party.textproto";
  forum_options.dev_ca = CONCERT_SOURCE_DIR "/scripts/dev-ca";
  forum_options.db_parent = flags.db_dir;

  std::vector<ModeRun> runs;
  std::vector<bool> modes;
  if (flags.tls != "off") modes.push_back(true);
  if (flags.tls != "on") modes.push_back(false);
  for (bool tls : modes) {
    forum_options.tls = tls;
    ModeRun run;
    run.mode = tls ? "tls" : "plaintext";
    run.loadavg_before = LoadAverage();
    std::cerr << "concert_load_bench: " << run.mode << ": starting the forum\n";
    auto forum = LoadForum::Start(forum_options);
    if (!forum.ok()) {
      std::cerr << "concert_load_bench: " << run.mode << ": "
                << forum.status().message() << "\n";
      return 1;
    }
    ServerPids pids;
    for (const auto& server : (*forum)->servers()) {
      pids.emplace_back(server.name, server.process->pid());
      run.servers.push_back(server.name);
    }
    std::cerr << "concert_load_bench: " << run.mode << ": "
              << flags.load.clients << " clients for " << flags.load.seconds
              << " s against " << (*forum)->address() << "\n";
    run.load = RunLoad(flags.load, (*forum)->address(),
                       (*forum)->ClientCredentials(), pids);
    run.stop = (*forum)->Stop();
    run.loadavg_after = LoadAverage();
    runs.push_back(std::move(run));
  }

  const std::string mix = absl::StrCat(
      "after ", flags.load.warmup_seconds,
      " s of unmeasured warm-up, each client loops RunSession(",
      flags.session_draft, ", baseline variant); after every ",
      flags.load.explore_every, "th session (offset per client) also Explore(",
      flags.explore_draft, ", lattice, max_states ",
      flags.load.explore_max_states, ", max_memory ",
      flags.load.explore_max_memory_bytes >> 20,
      " MiB, no graph); the coordinator's defaults otherwise (deadline "
      "2000 ms, 2 retries, 4 idle vote sources); records in ",
      flags.db_dir.empty()
          ? "the run's temporary directory (" +
                std::filesystem::temp_directory_path().string() + ")"
          : flags.db_dir);
  PrintReport(std::cout, flags.load, mix, runs);
  long errors = 0;
  for (const ModeRun& run : runs) errors += run.load.error_total();
  return errors == 0 ? 0 : 1;
}

}  // namespace
}  // namespace concert::bench

int main(int argc, char** argv) { return concert::bench::Main(argc, argv); }
