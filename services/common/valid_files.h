// Loading a scenario or draft that the caller is about to use: syntax errors
// and every validation problem come back in one INVALID_ARGUMENT status (one
// problem per line, each with file and line), so a main or a command can
// print them and stop.
#ifndef CONCERT_SERVICES_COMMON_VALID_FILES_H_
#define CONCERT_SERVICES_COMMON_VALID_FILES_H_

#include <string>

#include "absl/status/statusor.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"

namespace concert {

// Loads and validates a scenario file.
absl::StatusOr<v1::Scenario> LoadValidScenario(const std::string& path);

// Loads and validates a draft file, cross-checked against `scenario`.
absl::StatusOr<v1::CharterDraft> LoadValidDraft(const std::string& path,
                                                const v1::Scenario& scenario);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_VALID_FILES_H_
