// The describe check: the party says who it is (the id of its seat), what
// it runs, and what its votes depend on — the coordinator decides from
// `memory` whether explorations may count orders or must sample them.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/concert/conformance/checks.h"
#include "clients/concert/conformance/problem_list.h"

namespace concert::conformance {
namespace {

std::vector<std::string> PartyIds(const v1::Scenario& scenario) {
  std::vector<std::string> ids;
  for (const auto& party : scenario.parties()) ids.push_back(party.id());
  return ids;
}

bool Declares(const v1::Scenario& scenario, const std::string& variant) {
  return std::any_of(scenario.variants().begin(), scenario.variants().end(),
                     [&](const v1::Variant& v) { return v.name() == variant; });
}

}  // namespace

CheckResult CheckDescribe(PartyClient& client, const v1::Scenario& scenario,
                          const std::string& expected_party,
                          std::optional<v1::DescribeResponse>* described) {
  v1::DescribeResponse response;
  const grpc::Status status = client.Describe(&response);
  if (!status.ok()) {
    return Fail(kDescribe, absl::StrCat("Describe: ", StatusText(status)));
  }
  *described = response;

  ProblemList problems;
  const std::string& id = response.party_id();
  const std::vector<std::string> ids = PartyIds(scenario);
  if (id.empty()) {
    problems.Add("party_id is empty (it must be the id of the party's seat)");
  } else if (!expected_party.empty() && id != expected_party) {
    problems.Add(absl::StrCat("party_id is '", id, "', expected '",
                              expected_party, "'"));
  } else if (expected_party.empty() &&
             std::find(ids.begin(), ids.end(), id) == ids.end()) {
    problems.Add(absl::StrCat("party_id '", id,
                              "' is not a party of the scenario (",
                              absl::StrJoin(ids, ", "), ")"));
  }
  if (response.memory() == v1::MEMORY_UNSPECIFIED) {
    problems.Add(
        "memory is MEMORY_UNSPECIFIED, which the coordinator reads as "
        "MEMORY_HISTORY (explorations then sample orders instead of "
        "counting them); set MEMORY_SET or MEMORY_HISTORY");
  } else if (response.memory() != v1::MEMORY_SET &&
             response.memory() != v1::MEMORY_HISTORY) {
    problems.Add(absl::StrCat("memory is ", static_cast<int>(response.memory()),
                              ", not MEMORY_SET or MEMORY_HISTORY"));
  }
  if (response.version().empty()) {
    problems.Add("version is empty (name the implementation and its version)");
  }
  std::vector<std::string> unknown;
  for (const std::string& variant : response.variants()) {
    if (!Declares(scenario, variant)) unknown.push_back(variant);
  }
  if (!unknown.empty()) {
    std::vector<std::string> declared;
    for (const auto& v : scenario.variants()) declared.push_back(v.name());
    problems.Add(absl::StrCat(
        "variants the scenario does not declare: ",
        absl::StrJoin(unknown, ", "), " (it declares: ",
        declared.empty() ? "none" : absl::StrJoin(declared, ", "), ")"));
  }
  if (!problems.empty()) return Fail(kDescribe, problems.Summary());
  return Pass(kDescribe, absl::StrCat("party '", id, "', ",
                                      v1::Memory_Name(response.memory()), ", ",
                                      response.variants_size(), " variant",
                                      response.variants_size() == 1 ? "" : "s",
                                      ", '", response.version(), "'"));
}

}  // namespace concert::conformance
