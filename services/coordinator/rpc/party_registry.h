// Where each party of the coordinator's scenario can be reached. Addresses
// come from the scenario's PartySpec.address (configured) and from
// RegisterParty calls (registered, also those a restarted coordinator reads
// back from its database); the latest registration wins.
#ifndef CONCERT_SERVICES_COORDINATOR_RPC_PARTY_REGISTRY_H_
#define CONCERT_SERVICES_COORDINATOR_RPC_PARTY_REGISTRY_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "concert/v1/scenario.pb.h"
#include "concert/v1/session.pb.h"

namespace concert::coordinator {

class PartyRegistry {
 public:
  explicit PartyRegistry(const v1::Scenario& scenario);

  // Sets the address of a party of the scenario. NOT_FOUND for an id the
  // scenario does not name; INVALID_ARGUMENT for an empty address.
  absl::Status Register(const std::string& party_id, const std::string& address,
                        v1::PartySource source = v1::PARTY_SOURCE_REGISTERED);
  // NOT_FOUND naming the scenario's parties when `party_id` is not one.
  absl::Status CheckKnown(const std::string& party_id) const;
  // Records what a Describe call returned (or that the party was unreachable).
  void Observe(const std::string& party_id, bool reachable,
               const std::string& version, v1::Memory memory);
  // Records the party server's health status name (empty: no answer).
  void ObserveHealth(const std::string& party_id, const std::string& health);

  // The parties in scenario order, with addresses and last-known state.
  std::vector<v1::PartyInfo> Snapshot() const;
  // FAILED_PRECONDITION naming every party of `parties` (a mask over
  // scenario order; default all) without an address.
  absl::Status CheckAddressed(std::uint64_t parties = ~std::uint64_t{0}) const;

 private:
  mutable absl::Mutex mu_;
  std::vector<v1::PartyInfo> parties_ ABSL_GUARDED_BY(mu_);
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_RPC_PARTY_REGISTRY_H_
