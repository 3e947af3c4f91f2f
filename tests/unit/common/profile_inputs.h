// A valid party profile shared by the profile tests: party 'A' of
// tests/support/test_inputs.h's kScenarioText, cut out as a PartySpec of
// its own. Each test breaks one thing.
#ifndef CONCERT_TESTS_UNIT_COMMON_PROFILE_INPUTS_H_
#define CONCERT_TESTS_UNIT_COMMON_PROFILE_INPUTS_H_

#include <string>

#include <gtest/gtest.h>

namespace concert::testing {

// Quoted by line number in the tests: not reformatted.
// clang-format off
inline const char kProfileText[] = R"pb(# proto-message: concert.v1.PartySpec
id: "A"
name: "Party A"
weight: 1
interests {
  positions { dimension: "security" ideal: 5 salience: 1 }
  support_threshold: 0.1
  objection_threshold: 0.1
  rules {
    id: "r1"
    kind: RED_LINE
    covers { tags: "nuclear" moves { dimension: "denuc" direction: UP } }
    condition {
      thresholds { dimension: "security" comparison: AT_LEAST value: 4 }
    }
  }
}
variants {
  name: "v1"
  positions { dimension: "denuc" ideal: 1 salience: 2 }
  remove_rules: "r1"
  support_threshold: 0.5
}
)pb";
// clang-format on

// kProfileText with the first `from` replaced by `to` (a test failure when
// `from` is not in it).
inline std::string ProfileWith(const std::string& from, const std::string& to) {
  std::string text = kProfileText;
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "'" << from << "' not in the profile";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

}  // namespace concert::testing

#endif  // CONCERT_TESTS_UNIT_COMMON_PROFILE_INPUTS_H_
