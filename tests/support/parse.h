// Messages from inline textproto, for any test.
#ifndef CONCERT_TESTS_SUPPORT_PARSE_H_
#define CONCERT_TESTS_SUPPORT_PARSE_H_

#include <string>

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

namespace concert::testing {

// Parses `text` as a T; fails the test on a syntax error.
template <typename T>
T Parse(const std::string& text) {
  T message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message))
      << text;
  return message;
}

}  // namespace concert::testing

#endif  // CONCERT_TESTS_SUPPORT_PARSE_H_
