#include "tests/fuzz/fuzz_inputs.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <google/protobuf/stubs/logging.h>

#include "services/common/valid_files.h"

namespace concert::fuzz {
namespace {

[[noreturn]] void Die(const absl::Status& status) {
  std::fprintf(stderr, "fuzz inputs: %s\n",
               std::string(status.message()).c_str());
  std::abort();
}

// Quiet, before anything runs: protobuf logs every string field with
// invalid UTF-8 it parses, and the services log every request they refuse
// — millions of lines in a fuzz run, and most of its time.
const bool kQuiet = [] {
  google::protobuf::SetLogHandler(nullptr);
  ::setenv("CONCERT_LOG", "off", /*overwrite=*/0);
  return true;
}();

}  // namespace

const v1::Scenario& DefaultScenario() {
  static const v1::Scenario* const scenario = [] {
    auto loaded =
        LoadValidScenario(CONCERT_SOURCE_DIR "/scenarios/six-party.textproto");
    if (!loaded.ok()) Die(loaded.status());
    return new v1::Scenario(*std::move(loaded));
  }();
  return *scenario;
}

const std::vector<v1::CharterDraft>& DefaultDrafts() {
  static const std::vector<v1::CharterDraft>* const drafts = [] {
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(
             CONCERT_SOURCE_DIR "/scenarios/drafts")) {
      if (entry.path().extension() == ".textproto") {
        paths.push_back(entry.path());
      }
    }
    std::sort(paths.begin(), paths.end());
    auto* out = new std::vector<v1::CharterDraft>;
    for (const auto& path : paths) {
      auto draft = LoadValidDraft(path.string(), DefaultScenario());
      if (!draft.ok()) Die(draft.status());
      out->push_back(*std::move(draft));
    }
    return out;
  }();
  return *drafts;
}

Selected Select(const std::uint8_t* data, std::size_t size) {
  Selected out;
  if (size == 0) return out;
  out.selector = data[0];
  out.message.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  return out;
}

std::string Seed(std::uint8_t selector, const std::string& message) {
  std::string out(1, static_cast<char>(selector));
  out += message;
  return out;
}

}  // namespace concert::fuzz
