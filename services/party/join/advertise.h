// The address a party advertises to the coordinator when none is given: the
// one it listens on, with the port actually bound, and a wildcard host
// (0.0.0.0, [::], empty) replaced by this machine's host name — what a
// container's peers on the same network resolve.
#ifndef CONCERT_SERVICES_PARTY_JOIN_ADVERTISE_H_
#define CONCERT_SERVICES_PARTY_JOIN_ADVERTISE_H_

#include <string>

namespace concert::party {

// `listen` as given to the server ("0.0.0.0:0", "127.0.0.1:7001",
// "[::]:50051"), `port` the port it bound.
std::string AdvertisedAddress(const std::string& listen, int port);

}  // namespace concert::party

#endif  // CONCERT_SERVICES_PARTY_JOIN_ADVERTISE_H_
