// Small valid inputs shared by the common tests; each test breaks one thing.
#ifndef CONCERT_TESTS_SUPPORT_TEST_INPUTS_H_
#define CONCERT_TESTS_SUPPORT_TEST_INPUTS_H_

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/problem.h"
#include "services/common/text_format_loader.h"

namespace concert::testing {

// The texts below are quoted by line number in the tests: not reformatted.
// clang-format off
// A valid scenario touching every kind of reference the validator checks.
inline const char kScenarioText[] = R"pb(# proto-file: concert/v1/scenario.proto
# proto-message: concert.v1.Scenario
id: "mini"
dimensions { id: "security" }
dimensions { id: "denuc" }
initial_state { dimension: "security" value: 1 }
parties {
  id: "A"
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
        adopted: "not_in_any_draft"
      }
    }
  }
  variants {
    name: "v1"
    positions { dimension: "denuc" ideal: 1 salience: 2 }
    rules { id: "r2" kind: CONCESSION covers { proposals: "p9" } }
    remove_rules: "r1"
    support_threshold: 0.5
  }
}
parties {
  id: "B"
  interests {
    positions { dimension: "denuc" ideal: 3 salience: 1 }
    rules { id: "r1" kind: CONCESSION covers { proposals: "p1" } }
  }
}
rule { kind: CONSENSUS }
variants { name: "v1" absent_parties: "B" }
)pb";

// A valid draft over kScenarioText's dimensions and parties.
inline const char kDraftText[] = R"pb(# proto-file: concert/v1/charter.proto
# proto-message: concert.v1.CharterDraft
id: "d"
stage_order: STRICT
stages { id: "S1" }
stages { id: "S2" }
proposals {
  id: "p1"
  stage: "S1"
  effects { dimension: "security" delta: 1 }
  concerns: "A"
}
proposals { id: "p2" stage: "S1" prerequisites: "p1" }
proposals {
  id: "p3"
  stage: "S2"
  prerequisites: "p2"
  effects { dimension: "denuc" delta: 1 }
}
)pb";

// clang-format on

inline v1::Scenario BaseScenario() {
  auto parsed = ParseScenarioFromString(kScenarioText, "scenario");
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() ? *parsed : v1::Scenario();
}

inline v1::CharterDraft BaseDraft() {
  auto parsed = ParseDraftFromString(kDraftText, "draft");
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() ? *parsed : v1::CharterDraft();
}

inline std::vector<std::string> Strings(const std::vector<Problem>& problems) {
  std::vector<std::string> out;
  for (const Problem& p : problems) out.push_back(p.ToString());
  return out;
}

// Exactly one problem, whose text contains `part`.
MATCHER_P(IsOneProblem, part, "") {
  const std::vector<std::string> s = Strings(arg);
  *result_listener << "problems: [" << ProblemsToString(arg) << "]";
  return s.size() == 1 && s[0].find(part) != std::string::npos;
}

}  // namespace concert::testing

#endif  // CONCERT_TESTS_SUPPORT_TEST_INPUTS_H_
