#include "clients/concert/conformance/conformance.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/conformance/checks.h"
#include "clients/concert/conformance/party_client.h"
#include "clients/concert/conformance/questions.h"
#include "services/common/draft_index.h"

namespace concert::conformance {

bool ConformanceReport::passed() const {
  return std::all_of(checks.begin(), checks.end(),
                     [](const CheckResult& c) { return c.passed; });
}

std::vector<std::string> ConformanceReport::failed() const {
  std::vector<std::string> names;
  for (const CheckResult& c : checks) {
    if (!c.passed) names.push_back(c.name);
  }
  return names;
}

absl::StatusOr<ConformanceReport> RunConformance(
    const v1::Scenario& scenario, const v1::CharterDraft& draft,
    const ConformanceOptions& options) {
  if (!options.expected_party.empty()) {
    std::vector<std::string> ids;
    for (const auto& p : scenario.parties()) ids.push_back(p.id());
    if (std::find(ids.begin(), ids.end(), options.expected_party) ==
        ids.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the scenario has no party '", options.expected_party,
                       "'; its parties are: ", absl::StrJoin(ids, ", ")));
    }
  }
  absl::StatusOr<DraftIndex> index = DraftIndex::Build(draft);
  if (!index.ok()) return index.status();

  ConformanceReport report;
  report.address = options.address;
  PartyClient client(options.address, options.deadline);
  auto& checks = report.checks;

  checks.push_back(CheckHealth(client));
  std::optional<v1::DescribeResponse> described;
  checks.push_back(
      CheckDescribe(client, scenario, options.expected_party, &described));
  if (described) report.party = described->party_id();
  if (client.answered_calls() == 0) {
    report.unreachable = true;
    const std::string why =
        absl::StrCat("not run: nothing answered at ", options.address,
                     " (see health and describe)");
    for (const char* name : {kTable, kEvaluate, kEvaluateStream, kSetMemory,
                             kLatticeRange, kInvalidQuestions}) {
      checks.push_back(Fail(name, why));
    }
    return report;
  }

  std::string digest;
  checks.push_back(CheckTable(
      client, BaselineTableRequest(scenario, draft), described,
      UnservedVariant(scenario, described.value_or(v1::DescribeResponse())),
      &digest));
  std::optional<v1::Memory> memory;
  if (described) memory = described->memory();
  if (digest.empty()) {
    // Every later check names the draft by its digest.
    const std::string why = "not run: no digest (the table check failed)";
    for (const char* name : {kEvaluate, kEvaluateStream}) {
      checks.push_back(Fail(name, why));
    }
    checks.push_back(memory == v1::MEMORY_SET
                         ? Fail(kSetMemory, why)
                         : CheckSetMemory(client, *index, digest, memory));
    // Failed where it would have asked, skipped (with its note) where not.
    checks.push_back(described && described->answers_lattice() &&
                             memory == v1::MEMORY_SET
                         ? Fail(kLatticeRange, why)
                         : CheckLatticeRange(client, *index, digest, described,
                                             StreamSupport::kFaulty));
    checks.push_back(Fail(kInvalidQuestions, why));
    return report;
  }

  const std::vector<Question> questions = ConformanceQuestions(*index);
  std::vector<int> votes;
  checks.push_back(CheckEvaluate(client, *index, digest, questions, &votes));
  StreamSupport support = StreamSupport::kFaulty;
  // Parties whose votes may depend on the order get it, as the coordinator
  // sends it to them.
  const bool with_history = memory != v1::MEMORY_SET;
  checks.push_back(CheckEvaluateStream(client, *index, digest, questions, votes,
                                       with_history, &support));
  checks.push_back(CheckSetMemory(client, *index, digest, memory));
  checks.push_back(
      CheckLatticeRange(client, *index, digest, described, support));
  checks.push_back(CheckInvalidQuestions(client, *index, digest, support));
  return report;
}

}  // namespace concert::conformance
