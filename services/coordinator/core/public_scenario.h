// What a client may see of the forum's scenario: enough to check a draft
// (dimensions, parties, variants, the rule) and nothing private. A party's
// interest model and its per-variant profiles are its own — the coordinator
// holds them only to start built-in parties — and where a party listens is
// the deployment's business.
#ifndef CONCERT_SERVICES_COORDINATOR_CORE_PUBLIC_SCENARIO_H_
#define CONCERT_SERVICES_COORDINATOR_CORE_PUBLIC_SCENARIO_H_

#include "concert/v1/scenario.pb.h"

namespace concert::coordinator {

// `scenario` without the parties' interests, per-variant profiles and
// addresses; everything else as it is.
v1::Scenario PublicScenario(v1::Scenario scenario);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_CORE_PUBLIC_SCENARIO_H_
