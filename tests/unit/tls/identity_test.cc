#include "services/common/tls/identity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace concert::tls {
namespace {

TEST(IdentityTest, APartyUriNamesThePartyAndRolesAreRead) {
  const PeerIdentity id =
      IdentityFromSans({"urn:concert:party:DPRK", "urn:concert:role:run"},
                       {"dprk", "localhost"});
  EXPECT_TRUE(id.Names("DPRK"));
  EXPECT_FALSE(id.Names("USA"));
  EXPECT_FALSE(id.Names("dprk"));  // ids are case-sensitive
  EXPECT_TRUE(id.Has(Role::kRun));
  EXPECT_FALSE(id.Has(Role::kRead));
  EXPECT_FALSE(id.Has(Role::kCoordinator));
}

TEST(IdentityTest, ADnsNameStandsForAPartyOnlyWithoutAPartyUri) {
  EXPECT_TRUE(IdentityFromSans({}, {"dprk"}).Names("DPRK"));
  // A certificate that names USA by URI does not speak for DPRK by DNS.
  EXPECT_FALSE(
      IdentityFromSans({"urn:concert:party:USA"}, {"dprk"}).Names("DPRK"));
}

TEST(IdentityTest, AdminHoldsEveryRoleAndReadPrivateHoldsRead) {
  const PeerIdentity admin = IdentityFromSans({"urn:concert:role:admin"}, {});
  for (Role role : {Role::kCoordinator, Role::kRun, Role::kRead,
                    Role::kReadPrivate, Role::kRegister}) {
    EXPECT_TRUE(admin.Has(role)) << RoleName(role);
  }
  const PeerIdentity reader =
      IdentityFromSans({"urn:concert:role:read-private"}, {});
  EXPECT_TRUE(reader.Has(Role::kRead));
  EXPECT_FALSE(reader.Has(Role::kRun));
}

TEST(IdentityTest, NothingIsHeldWithoutACertificate) {
  PeerIdentity none;
  none.roles.insert("admin");
  none.parties.insert("DPRK");
  EXPECT_FALSE(none.Has(Role::kRun));
  EXPECT_FALSE(none.Names("DPRK"));
  EXPECT_EQ(none.ToString(), "no certificate");
}

TEST(IdentityTest, UnknownRolesGrantNothingAndAreShown) {
  const PeerIdentity id = IdentityFromSans({"urn:concert:role:superuser"}, {});
  EXPECT_FALSE(id.Has(Role::kAdmin));
  EXPECT_EQ(id.ToString(), "roles superuser");
  EXPECT_FALSE(RoleNamed("superuser").has_value());
  EXPECT_EQ(RoleNamed("read-private"), Role::kReadPrivate);
}

}  // namespace
}  // namespace concert::tls
