// The `concert records` commands and replays against a coordinator process
// that recorded a session and an exploration: list, show, export (JSON that
// parses back into a v1::Record equal to the coordinator's), sequences and
// check (from the stored consensus graph, no party asked), and
// `concert run --replay` / `concert explore --replay` confirming the record.
#include <algorithm>

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;

class RecordsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    forum_ = ProcessForum::Start(dir_);
    ASSERT_NE(forum_.coordinator.process, nullptr);
    address_ = forum_.coordinator.address;
    const v1::CharterDraft draft = ShippedDraft("arf-three-stage");
    session_ = RunSession(*forum_.coordinator.stub,
                          SessionRequest(draft, "transformation"));
    ASSERT_TRUE(session_.status.ok()) << session_.status.error_message();
    ASSERT_EQ(session_.session.summary().outcome(),
              v1::SessionSummary::CONSENSUS);
    session_id_ = session_.session.started().session_id();
    exploration_ = Explore(*forum_.coordinator.stub, draft, "transformation");
    ASSERT_TRUE(exploration_.status.ok())
        << exploration_.status.error_message();
    exploration_id_ = exploration_.result.exploration_id();
    ASSERT_FALSE(exploration_id_.empty());
  }

  // `concert ARGS... --coordinator ADDRESS`
  CommandResult Concert(std::vector<std::string> args) {
    args.insert(args.begin(), ConcertBinary());
    args.push_back("--coordinator");
    args.push_back(address_);
    return RunCommand(args);
  }

  TempDir dir_;
  ProcessForum forum_;
  std::string address_;
  SessionCall session_;
  std::string session_id_;
  ExploreCall exploration_;
  std::string exploration_id_;
};

TEST_F(RecordsCliTest, ListAndShowNameBothRecords) {
  const CommandResult list = Concert({"records", "list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr(session_id_));
  EXPECT_THAT(list.out, HasSubstr(exploration_id_));
  EXPECT_THAT(list.out, HasSubstr("CONSENSUS"));
  EXPECT_THAT(list.out, HasSubstr("COMPLETE"));

  const CommandResult show = Concert({"records", "show", session_id_});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_THAT(show.out, HasSubstr(session_id_));
  EXPECT_THAT(show.out, HasSubstr("CONSENSUS"));
  EXPECT_THAT(show.out, HasSubstr("Round 1"));
  const CommandResult shown = Concert({"records", "show", exploration_id_});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr(exploration_id_));

  const CommandResult unknown = Concert({"records", "show", "session-nosuch"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("session-nosuch"));
}

TEST_F(RecordsCliTest, ExportIsJsonOfTheWholeRecord) {
  for (const std::string& id : {session_id_, exploration_id_}) {
    const CommandResult exported = Concert({"records", "export", id});
    EXPECT_EQ(exported.exit_code, 0) << exported.err;
    v1::Record record;
    ASSERT_TRUE(ParseJson(exported.out, &record)) << id;
    // The same record the coordinator serves, graph included.
    grpc::ClientContext ctx;
    v1::GetRecordRequest request;
    request.set_id(id);
    request.set_include_graph(true);
    v1::Record served;
    ASSERT_TRUE(
        forum_.coordinator.stub->GetRecord(&ctx, request, &served).ok());
    EXPECT_TRUE(MessageDifferencer::Equals(record, served)) << id;
  }
  v1::Record exploration;
  ASSERT_TRUE(ParseJson(Concert({"records", "export", exploration_id_}).out,
                        &exploration));
  EXPECT_GT(exploration.exploration().result().graph().edges_size(), 0);
  EXPECT_EQ(exploration.exploration().result().consensus_sequences(),
            exploration_.result.consensus_sequences());
}

TEST_F(RecordsCliTest, SequencesAndCheckAnswerFromTheStoredGraph) {
  const auto& best = exploration_.result.best_sequence().proposals();
  ASSERT_GT(best.size(), 0);
  const CommandResult sequences =
      Concert({"records", "sequences", exploration_id_});
  EXPECT_EQ(sequences.exit_code, 0) << sequences.err;
  EXPECT_THAT(sequences.out, HasSubstr(best[0]));
  // A session has no graph to read sequences from.
  EXPECT_EQ(Concert({"records", "sequences", session_id_}).exit_code, 2);

  // The best sequence passes every step.
  const CommandResult good =
      Concert({"records", "check", exploration_id_, absl::StrJoin(best, ",")});
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;

  // The session's order with its first deferred proposal adopted where it
  // was first tabled fails there, blocked by the party that blocked it.
  const v1::Session& s = session_.session;
  std::vector<std::string> order;
  std::string deferred, blocker;
  int step = 0;
  for (const v1::Round& round : s.rounds()) {
    if (round.outcome() == v1::Round::ADOPTED) {
      order.push_back(round.proposal());
      continue;
    }
    deferred = round.proposal();
    blocker = round.blocking_parties(0);
    order.push_back(deferred);
    step = static_cast<int>(order.size());
    break;
  }
  ASSERT_FALSE(deferred.empty()) << "the session deferred nothing";
  for (const std::string& id : s.summary().adopted()) {
    if (std::find(order.begin(), order.end(), id) == order.end())
      order.push_back(id);
  }
  const CommandResult bad =
      Concert({"records", "check", exploration_id_, absl::StrJoin(order, ",")});
  EXPECT_EQ(bad.exit_code, 3) << bad.out << bad.err;
  EXPECT_THAT(bad.out, HasSubstr("step " + std::to_string(step)));
  EXPECT_THAT(bad.out, HasSubstr(deferred));
  EXPECT_THAT(bad.out, HasSubstr(blocker));

  // A prefix of the best sequence passes and can still be completed.
  const CommandResult prefix =
      Concert({"records", "check", exploration_id_, best[0]});
  EXPECT_EQ(prefix.exit_code, 0) << prefix.out << prefix.err;
  EXPECT_THAT(prefix.out, HasSubstr("Every step passes: 1 of"));
  EXPECT_THAT(prefix.out, HasSubstr("still be reached"));
  // Ids the draft does not have are bad input.
  EXPECT_EQ(Concert({"records", "check", exploration_id_, "no_such_proposal"})
                .exit_code,
            2);
}

TEST_F(RecordsCliTest, ReplaysSayTheOutcomeMatchesTheRecord) {
  const CommandResult run = Concert({"run", "--replay", session_id_});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("matches"));
  EXPECT_THAT(run.out, HasSubstr(session_id_));

  const CommandResult explore =
      Concert({"explore", "--replay", exploration_id_});
  EXPECT_EQ(explore.exit_code, 0) << explore.out << explore.err;
  EXPECT_THAT(explore.out, HasSubstr("matches"));
}

}  // namespace
}  // namespace concert::testing
