#include "tests/bench/load_bench_proc.h"

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace concert::bench {

std::optional<ProcessSample> SampleProcess(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  if (!in) return std::nullopt;
  ProcessSample sample;
  bool rss = false, threads = false;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    // "VmRSS:     12345 kB", "Threads:  17"
    if (key == "VmRSS:") rss = static_cast<bool>(fields >> sample.rss_kib);
    if (key == "Threads:")
      threads = static_cast<bool>(fields >> sample.threads);
  }
  // A zombie has Threads but no VmRSS: not a running server.
  if (!rss || !threads) return std::nullopt;
  // "PID (comm) S ppid ...": utime and stime are the 12th and 13th fields
  // after the command's closing parenthesis (the command may hold spaces).
  std::ifstream stat_file("/proc/" + std::to_string(pid) + "/stat");
  const std::string stat((std::istreambuf_iterator<char>(stat_file)),
                         std::istreambuf_iterator<char>());
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close + 1));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 0; i < 11 && fields >> field; ++i) {
  }
  if (!(fields >> utime >> stime)) return std::nullopt;
  sample.cpu_s = static_cast<double>(utime + stime) /
                 static_cast<double>(sysconf(_SC_CLK_TCK));
  return sample;
}

double GrowthPercent(long before, long after) {
  if (before == 0) return 0;
  return 100.0 * static_cast<double>(after - before) /
         static_cast<double>(before);
}

}  // namespace concert::bench
