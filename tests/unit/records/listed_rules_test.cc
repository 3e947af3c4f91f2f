// The decision rules a listing names (RecordSummary.rules, issue 12): a
// session's and an exploration's rule in force, a comparison's rules (or
// its scenario's when it named none), and none for a record kept before the
// rule was — so `concert records list` can show a dash, not a guess.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "services/coordinator/records/record_store.h"
#include "tests/support/forums.h"
#include "tests/support/records_test.h"

namespace concert::coordinator {
namespace {

using testing::RawDb;
using testing::RecordStoreTest;

v1::DecisionRule Rule(v1::DecisionRule::Kind kind) {
  v1::DecisionRule rule;
  rule.set_kind(kind);
  return rule;
}

ComparisonRecord Comparison(const std::string& id, std::int64_t created_at_ms,
                            const std::vector<v1::DecisionRule>& rules) {
  ComparisonRecord record;
  record.set_id(id);
  *record.mutable_scenario() =
      testing::MakeScenario(6, v1::DecisionRule::UNANIMITY);
  *record.mutable_request()->add_drafts() = testing::MakeDraft(4);
  for (const v1::DecisionRule& rule : rules) {
    *record.mutable_request()->add_rules() = rule;
  }
  record.set_created_at_ms(created_at_ms);
  return record;
}

std::vector<v1::DecisionRule::Kind> Kinds(const RecordSummary& r) {
  std::vector<v1::DecisionRule::Kind> kinds;
  for (const v1::DecisionRule& rule : r.rules()) kinds.push_back(rule.kind());
  return kinds;
}

TEST_F(RecordStoreTest, ListingNamesEachRecordsRules) {
  SessionRecordHeader session = testing::MakeHeader("session-a", 1000);
  v1::DecisionRule qualified = Rule(v1::DecisionRule::QUALIFIED_MAJORITY);
  qualified.set_threshold(0.75);
  qualified.set_absent_party(v1::DecisionRule::ABSTAINS);
  *session.inputs.mutable_rule() = qualified;
  ASSERT_TRUE(store_->BeginSession(session).ok());

  ExplorationRecord exploration;
  exploration.set_id("exploration-b");
  *exploration.mutable_inputs()->mutable_scenario() = testing::MakeScenario(6);
  *exploration.mutable_inputs()->mutable_draft() = testing::MakeDraft(4);
  *exploration.mutable_inputs()->mutable_rule() =
      Rule(v1::DecisionRule::CONSENSUS_MINUS_ONE);
  exploration.set_status(v1::RECORD_STATUS_RUNNING);
  exploration.set_created_at_ms(2000);
  ASSERT_TRUE(store_->SaveExploration(exploration).ok());

  ASSERT_TRUE(
      store_
          ->BeginComparison(Comparison("comparison-c", 3000,
                                       {Rule(v1::DecisionRule::CONSENSUS),
                                        Rule(v1::DecisionRule::UNANIMITY)}))
          .ok());
  // No rules in the request: the scenario's (unanimity) was compared.
  ASSERT_TRUE(
      store_->BeginComparison(Comparison("comparison-d", 4000, {})).ok());

  auto listed = store_->List(v1::RECORD_KIND_UNSPECIFIED, 0);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 4u);
  const RecordSummary& d = (*listed)[0];
  const RecordSummary& c = (*listed)[1];
  const RecordSummary& b = (*listed)[2];
  const RecordSummary& a = (*listed)[3];
  EXPECT_EQ(a.id(), "session-a");
  ASSERT_EQ(a.rules_size(), 1);
  EXPECT_EQ(a.rules(0).kind(), v1::DecisionRule::QUALIFIED_MAJORITY);
  EXPECT_EQ(a.rules(0).threshold(), 0.75);
  EXPECT_EQ(a.rules(0).absent_party(), v1::DecisionRule::ABSTAINS);
  EXPECT_EQ(Kinds(b), std::vector<v1::DecisionRule::Kind>{
                          v1::DecisionRule::CONSENSUS_MINUS_ONE});
  EXPECT_EQ(Kinds(c),
            (std::vector<v1::DecisionRule::Kind>{v1::DecisionRule::CONSENSUS,
                                                 v1::DecisionRule::UNANIMITY}));
  EXPECT_EQ(Kinds(d),
            std::vector<v1::DecisionRule::Kind>{v1::DecisionRule::UNANIMITY});
}

TEST_F(RecordStoreTest, ARecordWithoutItsRuleListsNone) {
  ASSERT_TRUE(
      store_->BeginSession(testing::MakeHeader("session-old", 1000)).ok());
  ASSERT_TRUE(
      store_->BeginSession(testing::MakeHeader("session-bad", 2000)).ok());
  {
    // As an old record keeps it: empty; and a blob that does not parse.
    RawDb db(DbPath());
    db.Exec("UPDATE sessions SET rule = X'' WHERE id = 'session-old'");
    db.Exec("UPDATE sessions SET rule = X'ffff' WHERE id = 'session-bad'");
  }
  auto listed = store_->List(v1::RECORD_KIND_SESSION, 0);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id(), "session-bad");
  EXPECT_EQ((*listed)[0].rules_size(), 0);
  EXPECT_EQ((*listed)[1].id(), "session-old");
  EXPECT_EQ((*listed)[1].rules_size(), 0);
}

}  // namespace
}  // namespace concert::coordinator
