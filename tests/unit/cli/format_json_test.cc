#include "clients/concert/render/format_json.h"

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace concert::cli {
namespace {

// Repeated strings are added as std::string: GCC 12 warns falsely
// (-Wrestrict) on the generated add_x(const char*) once inlined.

v1::Session SmallSession() {
  v1::Session session;
  v1::SessionStarted* started = session.mutable_started();
  started->set_session_id("s-1");
  started->set_draft_id("d");
  started->set_scenario_id("two-party");
  started->mutable_rule()->set_kind(v1::DecisionRule::QUALIFIED_MAJORITY);
  started->mutable_rule()->set_threshold(0.75);
  started->add_parties()->set_id("A");
  started->add_parties()->set_id("B");
  v1::Round* round = session.add_rounds();
  round->set_number(1);
  round->set_pass(1);
  round->set_proposal("p1");
  round->set_outcome(v1::Round::DEFERRED);
  v1::CastVote* vote = round->add_votes();
  vote->set_party("B");
  vote->set_vote(v1::VOTE_OBJECT);
  vote->set_utility_change(-1.25);
  vote->set_rationale("red line");
  vote->mutable_conditions()->Add(std::string("x ≥ 4"));
  round->mutable_blocking_parties()->Add(std::string("B"));
  v1::SessionSummary* summary = session.mutable_summary();
  summary->set_outcome(v1::SessionSummary::DEADLOCK);
  v1::Blocker* blocker = summary->add_blockers();
  blocker->set_proposal("p1");
  blocker->mutable_parties()->Add(std::string("B"));
  blocker->mutable_waiting_on()->Add(std::string("p0"));
  return session;
}

TEST(ToJsonTest, RoundTripsASession) {
  v1::Session session = SmallSession();
  auto json = ToJson(session);
  ASSERT_TRUE(json.ok()) << json.status();
  // Proto field names and enum names, pretty-printed.
  EXPECT_NE(json->find("\"blocking_parties\""), std::string::npos);
  EXPECT_NE(json->find("\"DEADLOCK\""), std::string::npos);
  EXPECT_NE(json->find('\n'), json->size() - 1);
  EXPECT_EQ(json->back(), '\n');

  v1::Session back;
  ASSERT_TRUE(FromJson(*json, &back).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(session, back))
      << back.DebugString();
}

TEST(ToJsonTest, PrintsFalseAndZeroFields) {
  // A reader sees every field, not only those away from their defaults: a
  // vote asked live says "replayed": false, a party without a version says
  // so, and a zero count is 0, not missing.
  auto json = ToJson(SmallSession());
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_NE(json->find("\"replayed\": false"), std::string::npos) << *json;
  EXPECT_NE(json->find("\"absent\": false"), std::string::npos);
  EXPECT_NE(json->find("\"attempts\": 0"), std::string::npos);
  EXPECT_NE(json->find("\"version\": \"\""), std::string::npos);
  EXPECT_NE(json->find("\"rounds\": 0"), std::string::npos);
  // 64-bit integers are strings in protobuf's mapping: exact at any size.
  EXPECT_NE(json->find("\"latency_us\": \"0\""), std::string::npos);
}

TEST(FromJsonTest, RejectsMalformedInput) {
  v1::Session session;
  absl::Status status = FromJson("{\"rounds\": 3", &session);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  status = FromJson("{\"no_such_field\": 1}", &session);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
}

TEST(AppendEventTest, BuildsTheSessionFromItsStream) {
  v1::Session session = SmallSession();
  v1::Session built;
  v1::SessionEvent event;
  *event.mutable_started() = session.started();
  AppendEvent(event, &built);
  for (const v1::Round& round : session.rounds()) {
    *event.mutable_round() = round;
    AppendEvent(event, &built);
  }
  *event.mutable_summary() = session.summary();
  AppendEvent(event, &built);
  AppendEvent(v1::SessionEvent(), &built);  // Empty events are ignored.
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(session, built));
}

}  // namespace
}  // namespace concert::cli
