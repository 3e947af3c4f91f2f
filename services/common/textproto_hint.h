// The hint a text-format parse error leaves out: the parser says a message
// "has no field named" a word, or that a value is an "Unknown enumeration
// value", but not which name was meant. One place for scenario, draft and
// profile files alike.
#ifndef CONCERT_SERVICES_COMMON_TEXTPROTO_HINT_H_
#define CONCERT_SERVICES_COMMON_TEXTPROTO_HINT_H_

#include <string>

#include <google/protobuf/descriptor.h>

#include "absl/strings/string_view.h"

namespace concert {

// For protobuf's error `message` while parsing a message of type `root`:
// for an unknown field, "; did you mean 'prerequisites'?" naming the nearest
// field of that message (suggest.h), else its fields when they are few; for
// an unknown enum value, the nearest value of the field's enum, else its
// values. "" for any other error.
std::string TextprotoHint(absl::string_view message,
                          const google::protobuf::Descriptor& root);

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_TEXTPROTO_HINT_H_
