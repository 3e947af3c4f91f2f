#include "services/coordinator/rpc/party_registry.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace concert::coordinator {

PartyRegistry::PartyRegistry(const v1::Scenario& scenario) {
  for (const auto& spec : scenario.parties()) {
    v1::PartyInfo info;
    info.set_id(spec.id());
    info.set_name(spec.name());
    info.set_address(spec.address());
    if (!spec.address().empty()) info.set_source(v1::PARTY_SOURCE_CONFIGURED);
    info.set_weight(spec.weight() > 0 ? spec.weight() : 1.0);
    parties_.push_back(std::move(info));
  }
}

absl::Status PartyRegistry::Register(const std::string& party_id,
                                     const std::string& address,
                                     v1::PartySource source) {
  if (address.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("party '", party_id, "': the address is empty"));
  }
  absl::MutexLock lock(&mu_);
  for (auto& info : parties_) {
    if (info.id() == party_id) {
      info.set_address(address);
      info.set_source(source);
      return absl::OkStatus();
    }
  }
  std::vector<std::string> known;
  for (const auto& info : parties_) known.push_back(info.id());
  return absl::NotFoundError(absl::StrCat("no party '", party_id,
                                          "' in the scenario; its parties are ",
                                          absl::StrJoin(known, ", ")));
}

absl::Status PartyRegistry::CheckKnown(const std::string& party_id) const {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> known;
  for (const auto& info : parties_) {
    if (info.id() == party_id) return absl::OkStatus();
    known.push_back(info.id());
  }
  return absl::NotFoundError(absl::StrCat("no party '", party_id,
                                          "' in the scenario; its parties are ",
                                          absl::StrJoin(known, ", ")));
}

void PartyRegistry::Observe(const std::string& party_id, bool reachable,
                            const std::string& version, v1::Memory memory) {
  absl::MutexLock lock(&mu_);
  for (auto& info : parties_) {
    if (info.id() != party_id) continue;
    info.set_reachable(reachable);
    if (reachable) {
      info.set_version(version);
      info.set_memory(memory);
    }
  }
}

void PartyRegistry::ObserveHealth(const std::string& party_id,
                                  const std::string& health) {
  absl::MutexLock lock(&mu_);
  for (auto& info : parties_) {
    if (info.id() == party_id) info.set_health(health);
  }
}

std::vector<v1::PartyInfo> PartyRegistry::Snapshot() const {
  absl::MutexLock lock(&mu_);
  return parties_;
}

absl::Status PartyRegistry::CheckAddressed(std::uint64_t parties) const {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < parties_.size(); ++i) {
    const bool asked = i < 64 && ((parties >> i) & 1u);
    if (asked && parties_[i].address().empty())
      missing.push_back(parties_[i].id());
  }
  if (missing.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "no address for ", absl::StrJoin(missing, ", "),
      ": give one in the scenario (PartySpec.address) or call RegisterParty"));
}

}  // namespace concert::coordinator
