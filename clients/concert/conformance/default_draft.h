// The draft `concert conformance` tables when none is given: a shipped draft
// compiled into the binary (as the default scenario is), so that the command
// works from any directory with no files.
#ifndef CONCERT_CLIENTS_CONCERT_CONFORMANCE_DEFAULT_DRAFT_H_
#define CONCERT_CLIENTS_CONCERT_CONFORMANCE_DEFAULT_DRAFT_H_

#include <string>

#include "absl/status/statusor.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/scenario.pb.h"

namespace concert::conformance {

// The text of scenarios/drafts/paper-sequence.textproto as it was at build
// time: twenty proposals in five strict stages with prerequisites, so the
// checks can ask about prefixes, orders and every stage.
const char* DefaultDraftText();

// The name used for it in messages.
inline constexpr const char* kDefaultDraftName =
    "<embedded>/scenarios/drafts/paper-sequence.textproto";

// The draft at `path`, or the embedded one when `path` is empty, validated
// on its own and against `scenario`. Every problem comes back in one
// INVALID_ARGUMENT status.
absl::StatusOr<v1::CharterDraft> LoadDraftOrDefault(
    const std::string& path, const v1::Scenario& scenario);

}  // namespace concert::conformance

#endif  // CONCERT_CLIENTS_CONCERT_CONFORMANCE_DEFAULT_DRAFT_H_
