// Digests of messages: the one way concert names a message by its content,
// shared by the record store (scenario and draft digests), the built-in
// party and the SDK (the digest of a tabled draft, which must be the same
// whichever implementation a replica runs).
#ifndef CONCERT_SERVICES_COMMON_DIGEST_H_
#define CONCERT_SERVICES_COMMON_DIGEST_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message_lite.h"

namespace concert {

// Lower-case hex SHA-256 of `bytes` (64 characters), computed with OpenSSL.
std::string Sha256Hex(absl::string_view bytes);

// The message's wire bytes with deterministic serialization (map entries
// sorted), so equal messages give equal bytes and equal digests.
std::string SerializeDeterministic(
    const google::protobuf::MessageLite& message);

// Sha256Hex(SerializeDeterministic(message)).
std::string MessageDigest(const google::protobuf::MessageLite& message);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_DIGEST_H_
