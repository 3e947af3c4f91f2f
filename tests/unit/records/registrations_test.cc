// The registrations a coordinator keeps: the latest per party, read back by
// a store opened afresh on the same file (a restarted coordinator).
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/records_test.h"

namespace concert::coordinator::testing {
namespace {

TEST_F(RecordStoreTest, RegistrationsOutliveTheStoreAndTheLatestWins) {
  ASSERT_TRUE(store_->SaveRegistration("DPRK", "10.0.0.5:50051").ok());
  ASSERT_TRUE(store_->SaveRegistration("ROK", "10.0.0.6:50051").ok());
  ASSERT_TRUE(store_->SaveRegistration("DPRK", "10.0.0.9:50051").ok());
  store_.reset();

  auto reopened = RecordStore::Open(DbPath());
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  auto kept = (*reopened)->LoadRegistrations();
  ASSERT_TRUE(kept.ok()) << kept.status();
  ASSERT_EQ(kept->size(), 2u);
  EXPECT_EQ((*kept)[0].party_id, "DPRK");
  EXPECT_EQ((*kept)[0].address, "10.0.0.9:50051");
  EXPECT_GT((*kept)[0].registered_at_ms, 0);
  EXPECT_EQ((*kept)[1].party_id, "ROK");
  EXPECT_EQ(RawDb(DbPath()).Int("SELECT count(*) FROM registrations"), 2);
}

TEST_F(RecordStoreTest, ARegistrationNeedsAnIdAndAnAddress) {
  EXPECT_EQ(store_->SaveRegistration("", "a:1").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->SaveRegistration("DPRK", "").code(),
            absl::StatusCode::kInvalidArgument);
  auto kept = store_->LoadRegistrations();
  ASSERT_TRUE(kept.ok());
  EXPECT_TRUE(kept->empty());
}

}  // namespace
}  // namespace concert::coordinator::testing
