#include "services/coordinator/core/public_scenario.h"

namespace concert::coordinator {

v1::Scenario PublicScenario(v1::Scenario scenario) {
  for (v1::PartySpec& party : *scenario.mutable_parties()) {
    party.clear_interests();
    party.clear_variants();
    party.clear_address();
  }
  return scenario;
}

}  // namespace concert::coordinator
