// `concert records list|show|export` over comparisons: a database holding
// a finished comparison (one row with its consensus graph), a failed one
// and a session, read by the concert program through its embedded forum
// (--db), so the coordinator's GetRecord and ListRecords serve them.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/coordinator/records/record_store.h"
#include "tests/support/net/child_process.h"
#include "tests/support/net/coordinator_calls.h"
#include "tests/support/net/process_forum.h"
#include "tests/support/records_test.h"

namespace concert::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kDone[] = "comparison-20261127-230726-abef00";
constexpr char kFailed[] = "comparison-20261127-231000-0c1d2e";
constexpr char kSession[] = "session-20261127-220000-123456";

v1::ComparisonRow Row(const std::string& draft, const std::string& variant,
                      bool reachable) {
  v1::ComparisonRow row;
  row.set_draft_id(draft);
  row.set_variant(variant);
  row.mutable_rule()->set_kind(v1::DecisionRule::CONSENSUS);
  v1::Exploration& e = *row.mutable_exploration();
  e.set_draft_id(draft);
  e.set_variant(variant);
  e.set_admissible_sequences("11440");
  e.set_consensus_sequences(reachable ? "4620" : "0");
  e.set_full_charter_reachable(reachable);
  v1::Robustness& r = *row.mutable_robustness();
  r.set_samples(100);
  r.set_reachable(reachable ? 93 : 4);
  r.set_share(reachable ? 0.93 : 0.04);
  return row;
}

class RecordsComparisonCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = coordinator::RecordStore::Open(db_);
    ASSERT_TRUE(store.ok()) << store.status();
    const v1::Scenario scenario = SixPartyScenario();

    coordinator::SessionRecordHeader header;
    header.id = kSession;
    *header.inputs.mutable_scenario() = scenario;
    *header.inputs.mutable_draft() = ShippedDraft("paper-sequence");
    header.started.set_session_id(kSession);
    header.started_at_ms = 1000;
    ASSERT_TRUE((*store)->BeginSession(header).ok());

    v1::ComparisonRecord record;
    record.set_id(kDone);
    *record.mutable_scenario() = scenario;
    v1::CompareRequest& request = *record.mutable_request();
    *request.add_drafts() = ShippedDraft("paper-sequence");
    *request.add_drafts() = ShippedDraft("arf-three-stage");
    request.add_variants("");
    request.add_variants("transformation");
    request.set_samples(100);
    request.set_spread(0.2);
    request.set_seed(42);
    request.set_include_graphs(true);
    record.set_coordinator_version("test-1.0");
    record.set_created_at_ms(3000);
    ASSERT_TRUE((*store)->BeginComparison(record).ok());
    v1::Comparison result;
    result.set_scenario_id(scenario.id());
    result.add_draft_ids("paper-sequence");
    result.add_draft_ids("arf-three-stage");
    *result.add_rows() = Row("paper-sequence", "", true);
    *result.add_rows() = Row("paper-sequence", "transformation", true);
    *result.add_rows() = Row("arf-three-stage", "", false);
    *result.add_rows() = Row("arf-three-stage", "transformation", true);
    *result.mutable_rows(0)->mutable_exploration()->mutable_graph() =
        coordinator::testing::FullLatticeGraph(8);
    result.add_diffs()->set_other_draft("arf-three-stage");
    ASSERT_TRUE((*store)->FinishComparison(kDone, result).ok());

    record.set_id(kFailed);
    record.set_created_at_ms(4000);
    ASSERT_TRUE((*store)->BeginComparison(record).ok());
    ASSERT_TRUE(
        (*store)->FailComparison(kFailed, "party DPRK unreachable").ok());

    auto stored = (*store)->LoadComparison(kDone);
    ASSERT_TRUE(stored.ok()) << stored.status();
    stored_ = *std::move(stored);
  }

  // `concert ARGS... --db DB`, for a terminal wide enough that no cell
  // wraps.
  CommandResult Concert(std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/env", "COLUMNS=400", ConcertBinary()});
    args.push_back("--db");
    args.push_back(db_);
    return RunCommand(args);
  }

  TempDir dir_;
  const std::string db_ = dir_.File("records.db");
  v1::ComparisonRecord stored_;
};

TEST_F(RecordsComparisonCliTest, ListShowsComparisonsAndFiltersByKind) {
  const CommandResult all = Concert({"records", "list"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_THAT(all.out, HasSubstr(kDone));
  EXPECT_THAT(all.out, HasSubstr(kFailed));
  EXPECT_THAT(all.out, HasSubstr(kSession));
  EXPECT_THAT(all.out, HasSubstr("comparison"));
  EXPECT_THAT(all.out, HasSubstr("paper-sequence, arf-three-stage"));
  EXPECT_THAT(all.out, HasSubstr("baseline, transformation"));
  EXPECT_THAT(all.out, HasSubstr("2 drafts x 2 variants x 1 rule; full charter "
                                 "reachable in 3 of 4 rows"));
  EXPECT_THAT(all.out, HasSubstr("failed: party DPRK unreachable"));

  const CommandResult comparisons =
      Concert({"records", "list", "--kind", "comparison"});
  ASSERT_EQ(comparisons.exit_code, 0) << comparisons.err;
  EXPECT_THAT(comparisons.out, HasSubstr(kDone));
  EXPECT_THAT(comparisons.out, HasSubstr(kFailed));
  EXPECT_THAT(comparisons.out, Not(HasSubstr(kSession)));
  // Newest first.
  EXPECT_LT(comparisons.out.find(kFailed), comparisons.out.find(kDone));
}

TEST_F(RecordsComparisonCliTest, ShowPrintsTheHeaderAndOneLinePerRow) {
  const CommandResult show = Concert({"records", "show", kDone});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_THAT(show.out, HasSubstr(std::string("Comparison record ") + kDone));
  EXPECT_THAT(show.out, HasSubstr("COMPLETE"));
  EXPECT_THAT(show.out, HasSubstr("paper-sequence, arf-three-stage"));
  EXPECT_THAT(show.out, HasSubstr("100 samples, spread 0.2, seed 42"));
  EXPECT_THAT(show.out, HasSubstr("4,620 of 11,440"));
  EXPECT_THAT(show.out, HasSubstr("out of reach"));
  EXPECT_THAT(show.out, HasSubstr("93%"));

  const CommandResult failed = Concert({"records", "show", kFailed});
  ASSERT_EQ(failed.exit_code, 0) << failed.err;
  EXPECT_THAT(failed.out, HasSubstr("FAILED"));
  EXPECT_THAT(failed.out, HasSubstr("party DPRK unreachable"));
  EXPECT_THAT(failed.out, HasSubstr("No result: the comparison failed."));

  // The JSON of `show` leaves the graphs out, as GetRecord does unless asked.
  const CommandResult json =
      Concert({"records", "show", kDone, "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  v1::Record record;
  ASSERT_TRUE(ParseJson(json.out, &record)) << json.out.substr(0, 200);
  ASSERT_TRUE(record.has_comparison());
  EXPECT_EQ(record.comparison().result().rows_size(), 4);
  EXPECT_FALSE(record.comparison().result().rows(0).exploration().has_graph());

  const CommandResult unknown =
      Concert({"records", "show", "comparison-nosuch"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("comparison-nosuch"));
  // A comparison has no graph of its own to read sequences from.
  const CommandResult sequences = Concert({"records", "sequences", kDone});
  EXPECT_EQ(sequences.exit_code, 2);
  EXPECT_THAT(sequences.err, HasSubstr("is a comparison"));
}

TEST_F(RecordsComparisonCliTest, ExportIsTheWholeRecordWithGraphs) {
  const CommandResult exported = Concert({"records", "export", kDone});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  v1::Record record;
  ASSERT_TRUE(ParseJson(exported.out, &record));
  ASSERT_TRUE(record.has_comparison());
  EXPECT_TRUE(MessageDifferencer::Equals(record.comparison(), stored_));
  EXPECT_EQ(
      record.comparison().result().rows(0).exploration().graph().nodes_size(),
      256);
  EXPECT_EQ(record.comparison().request().drafts_size(), 2);
}

}  // namespace
}  // namespace concert::testing
