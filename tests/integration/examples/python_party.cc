#include "tests/integration/examples/python_party.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>

namespace concert::testing {
namespace {

const char kPython[] = "/usr/bin/python3";
const std::string kScript =
    CONCERT_SOURCE_DIR "/clients/examples/python-party/party.py";

std::string ModelPath() {
  static std::atomic<int> next{0};
  const auto dir = std::filesystem::temp_directory_path() /
                   ("concert-python-party-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return (dir / ("model-" + std::to_string(next++) + ".json")).string();
}

}  // namespace

std::string PythonPartyUnavailable() {
  static const std::string reason = [] {
    if (access(kPython, X_OK) != 0) {
      return std::string(kPython) + " is not installed";
    }
    const CommandResult probe = RunCommand({kPython, "-c", "import grpc"});
    if (probe.exit_code != 0) {
      return std::string(kPython) +
             " has no grpc module (Debian package python3-grpcio): " +
             probe.err;
    }
    return std::string();
  }();
  return reason;
}

PythonParty::PythonParty(const std::string& model_json,
                         const std::vector<std::string>& extra)
    : model_path_(ModelPath()) {
  std::ofstream(model_path_) << model_json;
  std::vector<std::string> argv = {kPython,    kScript,
                                   "--model",  model_path_,
                                   "--stubs",  CONCERT_PYTHON_PARTY_STUBS,
                                   "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  process_ = std::make_unique<ChildProcess>(argv);
  if (auto line = process_->WaitForLine("serving on")) {
    address_ = AddressFromLogLine(*line);
  }
}

PythonParty::~PythonParty() {
  process_.reset();  // SIGKILLs a party still running
  std::filesystem::remove(model_path_);
}

std::optional<Answered> PythonParty::Stop(int* exit_code) {
  process_->Signal(SIGTERM);
  *exit_code = process_->Wait();
  static const std::regex kStopped(
      R"(stopped: (\d+) tables, (\d+) evaluations, (\d+) batches \((\d+) questions\))");
  std::smatch m;
  const std::string log = process_->stderr_text();
  if (!std::regex_search(log, m, kStopped)) return std::nullopt;
  return Answered{std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]),
                  std::stoi(m[4])};
}

}  // namespace concert::testing
