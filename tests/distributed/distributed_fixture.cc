#include "tests/distributed/distributed_fixture.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace concert::testing {

std::string DelayRelayBinary() {
  return CONCERT_BINARY_DIR "/tests/support/net/concert_delay_relay";
}

ChildProcess* DistributedTest::StartSlowParty(const std::string& id,
                                              int back_ms) {
  const Host& host = forum_->host(id);
  const std::string relay_address = absl::StrCat(host.address, ":50052");
  relay_ = forum_->hosts().Start(
      host, {DelayRelayBinary(), "--listen", relay_address, "--to",
             absl::StrCat(host.address, ":", kPartyPort), "--delay-back-ms",
             absl::StrCat(back_ms)});
  if (!relay_->WaitForLine("serving on")) {
    ADD_FAILURE() << "the relay did not start: " << relay_->stderr_text();
    return nullptr;
  }
  PartyLaunch launch;
  launch.advertise = relay_address;
  return forum_->StartParty(id, launch);
}

std::string DistributedTest::EmbeddedSession() {
  const CommandResult embedded =
      EmbeddedConcert(kSessionArgs, dir_.File("embedded.db"));
  EXPECT_EQ(embedded.exit_code, 0) << embedded.err;
  return embedded.out;
}

std::string DistributedTest::SessionIdIn(const std::string& transcript) {
  const auto at = transcript.find("session-");
  if (at == std::string::npos) return "";
  const auto end = transcript.find_first_of("\" \n", at);
  return transcript.substr(at, end - at);
}

v1::SessionRecord DistributedTest::SessionRecordOf(const std::string& id) {
  const CommandResult exported = forum_->Concert({"records", "export", id});
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  v1::Record record;
  const auto status =
      google::protobuf::util::JsonStringToMessage(exported.out, &record);
  EXPECT_TRUE(status.ok()) << status.message();
  return record.session();
}

void DistributedTest::ExpectEveryVote(const v1::SessionRecord& record,
                                      int rounds) {
  ASSERT_EQ(record.session().rounds_size(), rounds);
  for (const v1::Round& round : record.session().rounds()) {
    EXPECT_EQ(round.votes_size(), static_cast<int>(forum_->party_ids().size()))
        << "round " << round.number();
    for (const v1::CastVote& vote : round.votes()) {
      EXPECT_FALSE(vote.absent())
          << vote.party() << " absent in round " << round.number();
    }
  }
}

}  // namespace concert::testing
