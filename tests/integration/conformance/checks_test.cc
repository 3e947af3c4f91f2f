// The conformance checks against real party servers on loopback ports: the
// built-in party (every party of the shipped scenario) passes every check,
// and an in-test party broken one way fails exactly the checks that catch
// that fault — no other — with a detail that names what is wrong. A party
// that hangs fails the check that asked it, within the deadline.
#include "clients/concert/conformance/checks.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "clients/concert/conformance/conformance.h"
#include "clients/concert/conformance/default_draft.h"
#include "services/common/draft_index.h"
#include "services/common/lattice_order.h"
#include "services/common/server/server.h"
#include "services/party/rpc/party_service.h"
#include "tests/support/net/process_forum.h"
#include "tests/support/net/test_party.h"

namespace concert::testing {
namespace {

using ::concert::conformance::CheckResult;
using ::concert::conformance::ConformanceOptions;
using ::concert::conformance::ConformanceReport;
using ::concert::conformance::RunConformance;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

// Generous for a healthy party on a loaded machine: a check fails on a
// deadline only in the tests about hanging parties, which set their own.
constexpr auto kHealthyDeadline = std::chrono::seconds(30);

const std::vector<std::string> kAllChecks = {
    "health",          "describe",   "table",         "evaluate",
    "evaluate-stream", "set-memory", "lattice-range", "invalid-questions"};

std::vector<std::string> Names(const ConformanceReport& report) {
  std::vector<std::string> names;
  for (const CheckResult& c : report.checks) names.push_back(c.name);
  return names;
}

const CheckResult& Find(const ConformanceReport& report,
                        const std::string& name) {
  for (const CheckResult& c : report.checks) {
    if (c.name == name) return c;
  }
  static const CheckResult kMissing{"(missing)", false, false, "no such check"};
  ADD_FAILURE() << "no check " << name;
  return kMissing;
}

// Every line of the report, for failure messages.
std::string Dump(const ConformanceReport& report) {
  std::string out;
  for (const CheckResult& c : report.checks) {
    out += (c.passed ? "PASS " : "FAIL ") + c.name + ": " + c.detail + "\n";
  }
  return out;
}

class ConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = SixPartyScenario();
    auto draft = conformance::LoadDraftOrDefault("", scenario_);
    ASSERT_TRUE(draft.ok()) << draft.status();
    draft_ = *std::move(draft);
  }

  const v1::PartySpec& Spec(const std::string& id) {
    for (const auto& p : scenario_.parties()) {
      if (p.id() == id) return p;
    }
    ADD_FAILURE() << "no party " << id;
    return scenario_.parties(0);
  }

  // A TestParty for ROK, steered by the test.
  TestParty& ServeRok() {
    rok_ = ServedParty::Start(Spec("ROK"), VariantNames(scenario_));
    EXPECT_NE(rok_->server, nullptr);
    return *rok_->party;
  }

  ConformanceReport Run(const std::string& address,
                        const std::string& party = "ROK",
                        std::chrono::milliseconds deadline = kHealthyDeadline) {
    ConformanceOptions options;
    options.address = address;
    options.expected_party = party;
    options.deadline = deadline;
    auto report = RunConformance(scenario_, draft_, options);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *std::move(report) : ConformanceReport();
  }

  v1::Scenario scenario_;
  v1::CharterDraft draft_;
  std::unique_ptr<ServedParty> rok_;
};

TEST_F(ConformanceTest, EveryBuiltInPartyPassesEveryCheck) {
  for (const v1::PartySpec& spec : scenario_.parties()) {
    SCOPED_TRACE(spec.id());
    // The product's party service, served as concert-party serves it.
    party::PartyServiceOptions options;
    options.scenario_variants = VariantNames(scenario_);
    party::PartyService service(spec, options);
    auto server = RunningServer::Start({}, {&service});
    ASSERT_TRUE(server.ok()) << server.status();
    const ConformanceReport report = Run((*server)->address(), spec.id());
    EXPECT_EQ(Names(report), kAllChecks);
    EXPECT_THAT(report.failed(), IsEmpty()) << Dump(report);
    EXPECT_TRUE(report.passed());
    EXPECT_FALSE(report.unreachable);
    EXPECT_EQ(report.party, spec.id());
    // Nothing was skipped: the built-in party declares MEMORY_SET and
    // implements the stream, so every check asked it something.
    for (const CheckResult& c : report.checks) {
      EXPECT_FALSE(c.skipped) << c.name << ": " << c.detail;
    }
    EXPECT_THAT(Find(report, "describe").detail,
                HasSubstr("party '" + spec.id() + "', MEMORY_SET"));
    EXPECT_THAT(Find(report, "evaluate-stream").detail,
                Not(HasSubstr("not implemented")));
    // It walks the lattice order, and refuses a range past its end.
    EXPECT_THAT(Find(report, "lattice-range").detail,
                HasSubstr("past the end, refused with `error`"));
    // It serves only the variants it lists: another is refused.
    EXPECT_THAT(Find(report, "table").detail,
                HasSubstr("variant 'conformance-no-such-variant' refused "
                          "(INVALID_ARGUMENT)"));
    (*server)->Shutdown();
  }
}

TEST_F(ConformanceTest, WithoutAnExpectedIdAnyPartyOfTheScenarioPasses) {
  ServeRok();
  const ConformanceReport report = Run(rok_->address(), /*party=*/"");
  EXPECT_THAT(report.failed(), IsEmpty()) << Dump(report);
}

// One broken party: the checks that must fail, and what the first of them
// must say.
struct Broken {
  const char* name;
  PartyFault fault;
  std::vector<std::string> failing;
  const char* says;
};

void PrintTo(const Broken& broken, std::ostream* os) { *os << broken.name; }

class BrokenPartyTest : public ConformanceTest,
                        public ::testing::WithParamInterface<Broken> {};

TEST_P(BrokenPartyTest, FailsExactlyTheChecksThatCatchIt) {
  ServeRok().set_fault(GetParam().fault);
  const ConformanceReport report = Run(rok_->address());
  EXPECT_EQ(Names(report), kAllChecks);
  EXPECT_EQ(report.failed(), GetParam().failing) << Dump(report);
  EXPECT_FALSE(report.passed());
  EXPECT_FALSE(report.unreachable);
  EXPECT_THAT(Find(report, GetParam().failing.front()).detail,
              HasSubstr(GetParam().says))
      << Dump(report);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, BrokenPartyTest,
    ::testing::Values(
        Broken{"InvalidVote",
               PartyFault::kInvalidVote,
               {"evaluate", "evaluate-stream"},
               "vote 7 (not SUPPORT, ABSTAIN or OBJECT)"},
        Broken{"WrongRequestId",
               PartyFault::kWrongRequestId,
               {"evaluate-stream"},
               "which was never sent"},
        Broken{"UnaskedBatch",
               PartyFault::kUnaskedBatch,
               {"evaluate-stream"},
               "which was never sent"},
        Broken{"EarlyClose",
               PartyFault::kEarlyClose,
               {"evaluate-stream"},
               "closed the stream with 4 of 4 batches unanswered"},
        Broken{"ShortBatch",
               PartyFault::kShortBatch,
               {"evaluate-stream"},
               "votes for its"},
        Broken{"AnyVariant",
               PartyFault::kAnyVariant,
               {"table"},
               "Table under variant 'conformance-no-such-variant', which "
               "Describe does not list (and baseline_for_other_variants is not "
               "set): answered a digest instead of INVALID_ARGUMENT"},
        Broken{"ClaimsAnyVariant",
               PartyFault::kClaimsAnyVariant,
               {"table"},
               "takes as the baseline (baseline_for_other_variants is set): "
               "INVALID_ARGUMENT"},
        Broken{"UnstableDigest",
               PartyFault::kUnstableDigest,
               {"table"},
               "the digest is not stable"},
        Broken{"OrderDependent",
               PartyFault::kOrderDependent,
               {"set-memory"},
               "declares MEMORY_SET, but"},
        Broken{"UnsetMemory",
               PartyFault::kUnsetMemory,
               {"describe"},
               "reads as MEMORY_HISTORY"},
        Broken{"WrongPartyId",
               PartyFault::kWrongPartyId,
               {"describe"},
               "party_id is 'NOT-ROK', expected 'ROK'"},
        // A range past the lattice's end is a question it cannot take too.
        Broken{"MadeUpVote",
               PartyFault::kMadeUpVote,
               {"lattice-range", "invalid-questions"},
               "past the lattice's"},
        Broken{"WrongLatticeOrder",
               PartyFault::kWrongLatticeOrder,
               {"lattice-range"},
               "range ["}),
    [](const ::testing::TestParamInfo<Broken>& info) {
      return info.param.name;
    });

TEST_F(ConformanceTest, APartyTakingOtherVariantsAsItsBaselinePasses) {
  // As concert-party serves a profile cut from a scenario: Describe sets
  // baseline_for_other_variants, and Table takes any variant.
  party::PartyServiceOptions options;
  options.scenario_variants = VariantNames(scenario_);
  options.baseline_for_other_variants = true;
  party::PartyService service(Spec("ROK"), options);
  auto server = RunningServer::Start({}, {&service});
  ASSERT_TRUE(server.ok()) << server.status();
  const ConformanceReport report = Run((*server)->address());
  EXPECT_THAT(report.failed(), IsEmpty()) << Dump(report);
  EXPECT_THAT(Find(report, "table").detail,
              HasSubstr("variant 'conformance-no-such-variant' taken as the "
                        "baseline"));
  (*server)->Shutdown();
}

TEST_F(ConformanceTest, UnsetMemoryIsReadAsHistory) {
  ServeRok().set_fault(PartyFault::kUnsetMemory);
  const ConformanceReport report = Run(rok_->address());
  const CheckResult& memory = Find(report, "set-memory");
  EXPECT_TRUE(memory.passed);
  EXPECT_TRUE(memory.skipped);
  EXPECT_THAT(memory.detail, HasSubstr("read as MEMORY_HISTORY"));
}

TEST_F(ConformanceTest, OrderDependentVotesAreNamedWithBothOrders) {
  ServeRok().set_fault(PartyFault::kOrderDependent);
  const ConformanceReport report = Run(rok_->address());
  EXPECT_THAT(Find(report, "set-memory").detail,
              HasSubstr("and after the same set in the order {"));
}

TEST_F(ConformanceTest, MadeUpVotesOnTheStreamAreCaughtToo) {
  ServeRok().set_fault(PartyFault::kMadeUpVote);
  const ConformanceReport report = Run(rok_->address());
  const std::string& detail = Find(report, "invalid-questions").detail;
  // Three unary cases and five stream cases, the first three shown.
  EXPECT_THAT(detail, HasSubstr("(and 5 more)"));
  EXPECT_THAT(detail,
              HasSubstr("answered SUPPORT instead of FAILED_PRECONDITION"));
}

// The questions of the default draft's lattice order, all of which the
// lattice-range check asks (the shipped drafts have at most a few hundred).
std::uint64_t LatticeQuestions(const v1::CharterDraft& draft) {
  auto index = DraftIndex::Build(draft);
  EXPECT_TRUE(index.ok()) << index.status();
  if (!index.ok()) return 0;
  return WalkLattice(*index, kMaxLatticeWalk, [](const LatticeQuestion&) {});
}

TEST_F(ConformanceTest, APartyWalkingTheLatticeOffByOneIsNamedByRange) {
  const std::uint64_t total = LatticeQuestions(draft_);
  ASSERT_GT(total, 2u);
  ASSERT_LT(total, 300u);
  ServeRok().set_fault(PartyFault::kWrongLatticeOrder);
  const ConformanceReport report = Run(rok_->address());
  EXPECT_EQ(report.failed(), std::vector<std::string>{"lattice-range"})
      << Dump(report);
  // The last range, shifted by one, ends past the lattice: refused.
  EXPECT_THAT(
      Find(report, "lattice-range").detail,
      HasSubstr(absl::StrCat("range [", total / 2, ", ", total, ") refused: ")))
      << Dump(report);
}

TEST_F(ConformanceTest, TheLatticeRangeCheckCoversASmallLatticeWhole) {
  const std::uint64_t total = LatticeQuestions(draft_);
  TestParty& party = ServeRok();
  const ConformanceReport report = Run(rok_->address());
  EXPECT_THAT(report.failed(), IsEmpty()) << Dump(report);
  EXPECT_THAT(Find(report, "lattice-range").detail,
              HasSubstr(absl::StrCat("questions [0, ", total, ") of ", total,
                                     " in lattice order, as 3 ranges")));
  // Three ranges, the one past the end and the one after it.
  EXPECT_EQ(party.lattice_questions(), static_cast<long>(total + 1 + total));
}

TEST_F(ConformanceTest, APartyNotAnsweringRangesSkipsTheLatticeCheck) {
  ServeRok().set_answers_lattice(false);
  const ConformanceReport report = Run(rok_->address());
  EXPECT_THAT(report.failed(), IsEmpty()) << Dump(report);
  const CheckResult& lattice = Find(report, "lattice-range");
  EXPECT_TRUE(lattice.skipped);
  EXPECT_THAT(lattice.detail, HasSubstr("does not set answers_lattice"));
  EXPECT_EQ(rok_->party->lattice_questions(), 0);
}

TEST_F(ConformanceTest, ALatticePartyWithoutSetMemorySkipsTheLatticeCheck) {
  // answers_lattice stays set, but Describe leaves memory unset.
  ServeRok().set_fault(PartyFault::kUnsetMemory);
  const ConformanceReport report = Run(rok_->address());
  const CheckResult& lattice = Find(report, "lattice-range");
  EXPECT_TRUE(lattice.passed);
  EXPECT_TRUE(lattice.skipped);
  EXPECT_THAT(lattice.detail, HasSubstr("only to MEMORY_SET parties"));
}

TEST_F(ConformanceTest, AStreamlessPartyPassesWithANote) {
  ServeRok().set_fault(PartyFault::kNoStream);
  const ConformanceReport report = Run(rok_->address());
  EXPECT_THAT(report.failed(), IsEmpty()) << Dump(report);
  EXPECT_EQ(Find(report, "evaluate-stream").detail,
            "not implemented: the coordinator falls back to Evaluate "
            "(slower)");
  EXPECT_THAT(Find(report, "invalid-questions").detail,
              HasSubstr("EvaluateStream is not implemented"));
}

TEST_F(ConformanceTest, AHangingEvaluateFailsThatCheckWithinTheDeadline) {
  TestParty& party = ServeRok();
  party.HoldEvaluate(1);  // the evaluate check's first question
  const ConformanceReport report =
      Run(rok_->address(), "ROK", std::chrono::milliseconds(1000));
  EXPECT_EQ(report.failed(), std::vector<std::string>{"evaluate"})
      << Dump(report);
  EXPECT_THAT(Find(report, "evaluate").detail, StartsWith("1 of "));
  EXPECT_THAT(Find(report, "evaluate").detail,
              HasSubstr("consult_channel after {}: DEADLINE_EXCEEDED"));
}

TEST_F(ConformanceTest, AHangingStreamFailsThatCheckWithinTheDeadline) {
  TestParty& party = ServeRok();
  party.HoldStreamsFrom(1);
  const ConformanceReport report =
      Run(rok_->address(), "ROK", std::chrono::milliseconds(1000));
  EXPECT_EQ(report.failed(), std::vector<std::string>{"evaluate-stream"})
      << Dump(report);
  EXPECT_THAT(Find(report, "evaluate-stream").detail,
              HasSubstr("the stream ended with DEADLINE_EXCEEDED"));
  EXPECT_THAT(Find(report, "invalid-questions").detail,
              HasSubstr("stream cases not asked (evaluate-stream failed)"));
}

TEST_F(ConformanceTest, NobodyThereIsUnreachable) {
  ServeRok();
  const std::string address = rok_->address();
  rok_->Stop();
  const ConformanceReport report = Run(address);
  EXPECT_TRUE(report.unreachable);
  EXPECT_EQ(report.failed(), kAllChecks) << Dump(report);
  EXPECT_THAT(Find(report, "health").detail, HasSubstr("UNAVAILABLE"));
  EXPECT_THAT(Find(report, "table").detail, HasSubstr("nothing answered"));
}

TEST_F(ConformanceTest, AnExpectedPartyTheScenarioLacksIsAnInputError) {
  ConformanceOptions options;
  options.address = "127.0.0.1:1";
  options.expected_party = "NOPE";
  auto report = RunConformance(scenario_, draft_, options);
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(report.status().message(), HasSubstr("no party 'NOPE'"));
}

}  // namespace
}  // namespace concert::testing
