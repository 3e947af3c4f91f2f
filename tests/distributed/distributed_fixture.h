// What the multi-host tests share: a forum over hosts per test (skipped,
// saying why, where namespaces cannot be made), a party slowed by a delay
// relay so that a session lasts long enough to be cut mid-way, and the
// record of a session read back as the coordinator keeps it.
#ifndef CONCERT_TESTS_DISTRIBUTED_DISTRIBUTED_FIXTURE_H_
#define CONCERT_TESTS_DISTRIBUTED_DISTRIBUTED_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "concert/v1/records.pb.h"
#include "gtest/gtest.h"
#include "tests/distributed/hosted_forum.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {

// The delay relay (tests/support/net/delay_relay.cc).
std::string DelayRelayBinary();

// The session the tests hold: the paper's sequence under transformation, a
// consensus in 20 rounds.
inline const std::vector<std::string> kSessionArgs = {
    "run",       ShippedDraftPath("paper-sequence"),
    "--variant", "transformation",
    "--format",  "json"};

class DistributedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string why = HostedForum::Unavailable(); !why.empty()) {
      GTEST_SKIP() << "no hosts for the multi-host tests: " << why;
    }
    forum_ = std::make_unique<HostedForum>(dir_.path(), ExtraHosts());
    ASSERT_EQ(forum_->error(), "") << "building the hosts failed";
  }

  // Hosts beyond the coordinator's, the client's and one per party.
  virtual std::vector<std::string> ExtraHosts() const { return {}; }

  // Starts party `id` behind a delay relay on its host that holds each of
  // its answers `back_ms`: the party advertises the relay, so every call
  // the coordinator makes to it waits that much longer.
  ChildProcess* StartSlowParty(const std::string& id, int back_ms);

  // The same session held by the embedded forum on this machine (its JSON).
  std::string EmbeddedSession();

  // The session's id from the first line of a JSON or text transcript.
  static std::string SessionIdIn(const std::string& transcript);

  // The coordinator's record of `id` (`concert records export` on the
  // client host); test failure when it cannot be read.
  v1::SessionRecord SessionRecordOf(const std::string& id);

  // Checks that `record` holds `rounds` rounds, each with a vote from every
  // party, none absent.
  void ExpectEveryVote(const v1::SessionRecord& record, int rounds);

  TempDir dir_;
  std::unique_ptr<HostedForum> forum_;
  std::unique_ptr<ChildProcess> relay_;
};

}  // namespace concert::testing

#endif  // CONCERT_TESTS_DISTRIBUTED_DISTRIBUTED_FIXTURE_H_
