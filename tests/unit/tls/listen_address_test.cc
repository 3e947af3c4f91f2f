#include "services/common/tls/listen_address.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/common/tls/serving.h"

namespace concert::tls {
namespace {

using ::testing::HasSubstr;

TEST(ListenAddressTest, LoopbackAddressesAreKept) {
  for (const char* listen :
       {"127.0.0.1:7000", "127.0.0.2:0", "[::1]:7000", "localhost:7000",
        "unix:/tmp/concert.sock", "ipv4:127.0.0.1:7000"}) {
    EXPECT_TRUE(IsLoopbackListen(listen)) << listen;
    EXPECT_EQ(NarrowToLoopback(listen), listen);
  }
}

TEST(ListenAddressTest, OtherHostsAreNarrowedKeepingThePort) {
  EXPECT_EQ(NarrowToLoopback("0.0.0.0:7000"), "127.0.0.1:7000");
  EXPECT_EQ(NarrowToLoopback("10.1.2.3:0"), "127.0.0.1:0");
  EXPECT_EQ(NarrowToLoopback("coordinator:7000"), "127.0.0.1:7000");
  EXPECT_EQ(NarrowToLoopback("[::]:50051"), "[::1]:50051");
  EXPECT_EQ(NarrowToLoopback("[2001:db8::1]:7000"), "[::1]:7000");
}

TEST(ListenAddressTest, PlaintextIsNarrowedUnlessInsecure) {
  const ServingSecurity narrowed =
      PlanServing("0.0.0.0:7000", std::nullopt, false, "concert-party");
  EXPECT_EQ(narrowed.listen, "127.0.0.1:7000");
  EXPECT_FALSE(narrowed.tls);
  EXPECT_THAT(narrowed.warning, HasSubstr("concert-party"));
  EXPECT_THAT(narrowed.warning, HasSubstr("--tls-cert"));
  EXPECT_THAT(narrowed.warning, HasSubstr("--insecure"));

  const ServingSecurity insecure =
      PlanServing("0.0.0.0:7000", std::nullopt, true, "concert-party");
  EXPECT_EQ(insecure.listen, "0.0.0.0:7000");
  EXPECT_EQ(insecure.warning, "");

  const ServingSecurity local =
      PlanServing("127.0.0.1:0", std::nullopt, false, "concert-party");
  EXPECT_EQ(local.listen, "127.0.0.1:0");
  EXPECT_EQ(local.warning, "");
}

}  // namespace
}  // namespace concert::tls
