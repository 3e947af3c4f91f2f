// fuzz_textproto: the textproto loader and the validation behind `concert
// check`, the CLI and both servers. The input is a .textproto; it is parsed
// as each of the three kinds of file (scenario, charter draft, party
// profile), with locations as a file would be, and whatever parses is
// validated — a draft against the default scenario too, a profile with and
// without it — and its problems printed as a user would see them. Kind
// detection (DetectKindFromString) runs on every input.
#include <cstddef>
#include <cstdint>
#include <string>

#include "services/common/problem.h"
#include "services/common/text_format_loader.h"
#include "services/common/validation.h"
#include "tests/fuzz/fuzz_inputs.h"

namespace concert {
namespace {

// Problems are only formatted (the formatting reads every field a problem
// names); what matters is that nothing crashes, leaks or hangs.
void Consume(const std::vector<Problem>& problems) {
  const std::string text = ProblemsToString(problems);
  (void)text;
}

void FuzzText(const std::string& text) {
  const v1::Scenario& scenario = fuzz::DefaultScenario();
  (void)DetectKindFromString(text);
  if (auto loaded = ParseWithLocations<v1::Scenario>(text, "input.textproto");
      loaded.ok()) {
    Consume(ValidateScenario(loaded->message, &loaded->locations));
  }
  if (auto loaded =
          ParseWithLocations<v1::CharterDraft>(text, "input.textproto");
      loaded.ok()) {
    Consume(ValidateDraft(loaded->message, &loaded->locations));
    Consume(ValidateDraftAgainstScenario(loaded->message, scenario,
                                         &loaded->locations));
  }
  if (auto loaded = ParseWithLocations<v1::PartySpec>(text, "input.textproto");
      loaded.ok()) {
    Consume(ValidateProfile(loaded->message, nullptr, &loaded->locations));
    Consume(ValidateProfile(loaded->message, &scenario, &loaded->locations));
  }
}

}  // namespace
}  // namespace concert

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  concert::FuzzText(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
