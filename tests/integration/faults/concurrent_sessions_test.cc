// Many sessions at once against one coordinator process and the same six
// party processes, recording to one database file: every session completes,
// every one is recorded whole (read back through ListRecords and straight
// from the file), and no write fails for a busy database.
#include <signal.h>

#include <latch>
#include <set>
#include <thread>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/coordinator/records/record_store.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kSessions = 32;

TEST(ConcurrentSessionsTest,
     ThirtyTwoSessionsAtOnceAllCompleteAndAreAllRecorded) {
  TempDir dir;
  ProcessForum forum = ProcessForum::Start(dir);
  ASSERT_NE(forum.coordinator.process, nullptr);
  const v1::RunSessionRequest request =
      SessionRequest(ShippedDraft("arf-three-stage"), "transformation");

  std::vector<SessionCall> calls(kSessions);
  {
    std::latch start(kSessions);
    std::vector<std::thread> clients;
    for (int i = 0; i < kSessions; ++i) {
      clients.emplace_back([&, i] {
        // Each client its own connection, as separate users would have.
        auto stub = CoordinatorStub(forum.coordinator.address);
        start.arrive_and_wait();
        calls[i] = RunSession(*stub, request);
      });
    }
    for (auto& c : clients) c.join();
  }

  // All complete, alike.
  std::set<std::string> ids;
  for (int i = 0; i < kSessions; ++i) {
    ASSERT_TRUE(calls[i].status.ok())
        << "session " << i << ": " << calls[i].status.error_message();
    const v1::SessionSummary& summary = calls[i].session.summary();
    EXPECT_EQ(summary.outcome(), v1::SessionSummary::CONSENSUS)
        << "session " << i;
    EXPECT_THAT(summary.adopted(),
                ElementsAreArray(calls[0].session.summary().adopted()));
    EXPECT_EQ(calls[i].session.rounds_size(), calls[0].session.rounds_size());
    ids.insert(calls[i].session.started().session_id());
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kSessions))
      << "session ids must be unique";

  // All recorded, as the coordinator lists them.
  {
    grpc::ClientContext ctx;
    v1::ListRecordsRequest list;
    list.set_kind(v1::RECORD_KIND_SESSION);
    v1::ListRecordsResponse listed;
    ASSERT_TRUE(forum.coordinator.stub->ListRecords(&ctx, list, &listed).ok());
    std::set<std::string> listed_ids;
    for (const auto& r : listed.records()) {
      listed_ids.insert(r.id());
      EXPECT_EQ(r.status(), v1::RECORD_STATUS_CONSENSUS) << r.id();
    }
    EXPECT_EQ(listed_ids, ids);
  }

  // And as the file holds them, round by round, vote by vote.
  auto store = coordinator::RecordStore::Open(forum.db);
  ASSERT_TRUE(store.ok()) << store.status();
  auto listed = (*store)->List(v1::RECORD_KIND_SESSION, 0);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->size(), static_cast<size_t>(kSessions));
  for (const SessionCall& call : calls) {
    const std::string& id = call.session.started().session_id();
    auto stored = (*store)->LoadSession(id);
    ASSERT_TRUE(stored.ok()) << id << ": " << stored.status();
    EXPECT_EQ(stored->status(), v1::RECORD_STATUS_CONSENSUS) << id;
    EXPECT_TRUE(stored->partial_rounds().empty()) << id;
    ASSERT_EQ(stored->session().rounds_size(), call.session.rounds_size())
        << id;
    for (int r = 0; r < call.session.rounds_size(); ++r) {
      EXPECT_TRUE(MessageDifferencer::Equals(stored->session().rounds(r),
                                             call.session.rounds(r)))
          << id << " round " << r + 1;
    }
  }

  // No write failed on the way (a busy database is logged as such).
  forum.coordinator.process->Signal(SIGTERM);
  EXPECT_EQ(forum.coordinator.process->Wait(), 0);
  const std::string& log = forum.coordinator.process->stderr_text();
  EXPECT_THAT(log, Not(HasSubstr("cannot record")));
  EXPECT_THAT(log, Not(HasSubstr("locked")));
  EXPECT_THAT(log, Not(HasSubstr("busy")));
}

}  // namespace
}  // namespace concert::testing
