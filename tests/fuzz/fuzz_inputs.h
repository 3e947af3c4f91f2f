// What the fuzz targets (tests/fuzz/) and their seed generator share: the
// forum they run in — the six-party scenario of scenarios/ and its drafts,
// loaded once from the source tree — and how a binary input is cut into a
// selector and a message.
#ifndef CONCERT_TESTS_FUZZ_FUZZ_INPUTS_H_
#define CONCERT_TESTS_FUZZ_FUZZ_INPUTS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"

namespace concert::fuzz {

// scenarios/six-party.textproto, loaded (and validated) once; aborts when
// it cannot be: a fuzz run without its forum would find nothing.
const v1::Scenario& DefaultScenario();

// The drafts of scenarios/drafts/, in file name order (loaded once).
const std::vector<v1::CharterDraft>& DefaultDrafts();

// A binary input: its first byte chooses what is done with the rest (a
// serialized concert.v1 message). Empty input: selector 0, no message.
struct Selected {
  std::uint8_t selector = 0;
  std::string message;
};
Selected Select(const std::uint8_t* data, std::size_t size);

// The inverse, for seeds: the selector byte, then the message's bytes.
std::string Seed(std::uint8_t selector, const std::string& message);

}  // namespace concert::fuzz

#endif  // CONCERT_TESTS_FUZZ_FUZZ_INPUTS_H_
