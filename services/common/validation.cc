#include "services/common/validation.h"

#include <cmath>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/common/draft_index.h"
#include "services/common/prerequisite_graph.h"
#include "services/common/validation_kit.h"
#include "services/common/variant_name.h"

namespace concert {

namespace validation {
namespace {

// A qualified majority's threshold is a share of the weight: in (0, 1]. A
// threshold that is not a number at all is CheckValues' to report.
void CheckRule(const v1::DecisionRule& rule, const Path& path, Reporter* out) {
  if (rule.kind() != v1::DecisionRule::QUALIFIED_MAJORITY) return;
  const double threshold = rule.threshold();
  if (threshold == 0) {
    out->Add(path, "decision rule",
             "QUALIFIED_MAJORITY needs a threshold in (0, 1]");
  } else if (std::isfinite(threshold) && !(threshold > 0 && threshold <= 1)) {
    out->Add(Sub(path, "threshold"), "decision rule",
             absl::StrCat("threshold ", threshold, " is outside (0, 1]"));
  }
}

class ScenarioChecker {
 public:
  ScenarioChecker(const v1::Scenario& scenario, Reporter* out)
      : scenario_(scenario), out_(out) {}

  void Run() {
    const std::string self = scenario_.id().empty()
                                 ? "scenario"
                                 : Named("scenario", scenario_.id(), 0);
    if (scenario_.dimensions().empty())
      out_->Add({}, self, "declares no dimensions");
    if (scenario_.parties().empty()) out_->Add({}, self, "declares no parties");

    dimensions_ = CheckKeys(scenario_.dimensions(), IdOf<v1::Dimension>,
                            "dimension", "id", "", {}, "dimensions", out_);
    parties_ = CheckKeys(scenario_.parties(), IdOf<v1::PartySpec>, "party",
                         "id", "", {}, "parties", out_);
    variants_ = CheckKeys(scenario_.variants(), NameOf<v1::Variant>, "variant",
                          "name", "", {}, "variants", out_);

    CheckInitialState();
    for (int i = 0; i < scenario_.parties_size(); ++i) {
      const v1::PartySpec& party = scenario_.parties(i);
      CheckParty(party, {{"parties", i}}, Named("party", party.id(), i),
                 &dimensions_, &variants_, out_);
    }
    CheckDecisionRule();
    for (int i = 0; i < scenario_.variants_size(); ++i) CheckVariant(i);
  }

 private:
  void CheckInitialState() {
    IdSet set;
    for (int i = 0; i < scenario_.initial_state_size(); ++i) {
      const v1::DimensionValue& value = scenario_.initial_state(i);
      const Path path = {{"initial_state", i}};
      CheckDimension(&dimensions_, value.dimension(), path, "initial state",
                     "initial value", out_);
      if (!value.dimension().empty() && !set.insert(value.dimension()).second) {
        out_->Add(
            path, "initial state",
            absl::StrCat("sets dimension '", value.dimension(), "' twice"));
      }
    }
  }

  void CheckDecisionRule() { CheckRule(scenario_.rule(), {{"rule"}}, out_); }

  void CheckVariant(int index) {
    const v1::Variant& variant = scenario_.variants(index);
    const Path path = {{"variants", index}};
    if (variant.name() == kBaselineVariant) {
      out_->Add(Sub(path, "name"), Named("variant", variant.name(), index),
                kBaselineVariantNameTaken);
    }
    for (int i = 0; i < variant.absent_parties_size(); ++i) {
      if (parties_.contains(variant.absent_parties(i))) continue;
      out_->Add(Sub(path, "absent_parties", i),
                Named("variant", variant.name(), index),
                absl::StrCat("absent party '", variant.absent_parties(i),
                             "' is not a party of the scenario"));
    }
  }

  const v1::Scenario& scenario_;
  Reporter* out_;
  IdSet dimensions_;
  IdSet parties_;
  IdSet variants_;
};

class DraftChecker {
 public:
  DraftChecker(const v1::CharterDraft& draft, Reporter* out)
      : draft_(draft), out_(out) {}

  void Run() {
    const std::string self =
        draft_.id().empty() ? "draft" : Named("draft", draft_.id(), 0);
    if (draft_.stages().empty()) out_->Add({}, self, "declares no stages");
    if (draft_.proposals().empty())
      out_->Add({}, self, "declares no proposals");

    CheckKeys(draft_.stages(), IdOf<v1::Stage>, "stage", "id", "", {}, "stages",
              out_);
    CheckKeys(draft_.proposals(), IdOf<v1::Proposal>, "proposal", "id", "", {},
              "proposals", out_);
    // First occurrences win, as in DraftIndex and PrerequisiteGraph.
    for (int s = 0; s < draft_.stages_size(); ++s) {
      stage_ordinal_.try_emplace(draft_.stages(s).id(), s);
    }
    for (int p = 0; p < draft_.proposals_size(); ++p) {
      proposal_index_.try_emplace(draft_.proposals(p).id(), p);
    }

    for (int p = 0; p < draft_.proposals_size(); ++p) CheckProposal(p);
    CheckCycles();
  }

 private:
  bool strict() const { return draft_.stage_order() != v1::CharterDraft::FREE; }

  void CheckProposal(int index) {
    const v1::Proposal& proposal = draft_.proposals(index);
    const Path path = {{"proposals", index}};
    const std::string object = Named("proposal", proposal.id(), index);
    auto stage = stage_ordinal_.find(proposal.stage());
    if (proposal.stage().empty()) {
      out_->Add(path, object, "names no stage");
    } else if (stage == stage_ordinal_.end()) {
      out_->Add(Sub(path, "stage"), object,
                absl::StrCat("in unknown stage '", proposal.stage(), "'"));
    }
    for (int i = 0; i < proposal.prerequisites_size(); ++i) {
      const std::string& required = proposal.prerequisites(i);
      const Path at = Sub(path, "prerequisites", i);
      auto other = proposal_index_.find(required);
      if (other == proposal_index_.end()) {
        out_->Add(at, object,
                  absl::StrCat("requires unknown proposal '", required, "'"));
        continue;
      }
      if (!strict() || stage == stage_ordinal_.end()) continue;
      const std::string& required_stage =
          draft_.proposals(other->second).stage();
      auto later = stage_ordinal_.find(required_stage);
      if (later != stage_ordinal_.end() && later->second > stage->second) {
        out_->Add(at, object,
                  absl::StrCat("requires '", required, "' of later stage '",
                               required_stage, "' (stage order is STRICT)"));
      }
    }
    CheckProcedure(proposal, path, object);
  }

  // A procedure names whom it concerns: a violation measure the state it
  // answers, a directed conciliation the two states in dispute.
  void CheckProcedure(const v1::Proposal& proposal, const Path& path,
                      const std::string& object) {
    const int concerns = proposal.concerns_size();
    switch (proposal.procedure()) {
      case v1::Proposal::PROCEDURE_UNSPECIFIED:
      case v1::Proposal::SILENCE:
        break;
      case v1::Proposal::VIOLATION_MEASURE:
        if (concerns == 0) {
          out_->Add(Sub(path, "procedure"), object,
                    "is a VIOLATION_MEASURE but names no state in `concerns` "
                    "(the state whose violations it answers)");
        }
        break;
      case v1::Proposal::DIRECTED_CONCILIATION:
        if (concerns != 2) {
          out_->Add(
              Sub(path, "procedure"), object,
              absl::StrCat("is a DIRECTED_CONCILIATION but names ", concerns,
                           " parties in `concerns`; it directs exactly "
                           "two states in dispute"));
        }
        break;
      default:  // an undeclared number: CheckValues reports it
        break;
    }
    absl::flat_hash_set<std::string> deciding;
    for (int i = 0; i < proposal.decided_by_size(); ++i) {
      if (!deciding.insert(proposal.decided_by(i)).second) {
        out_->Add(Sub(path, "decided_by", i), object,
                  absl::StrCat("names party '", proposal.decided_by(i),
                               "' twice in decided_by"));
      }
    }
  }

  void CheckCycles() {
    const PrerequisiteGraph graph(draft_);
    for (const std::vector<std::string>& cycle : graph.FindCycles()) {
      const int first = graph.Find(cycle.front());
      out_->Add({{"proposals", first}}, Named("proposal", cycle.front(), first),
                absl::StrCat("prerequisite cycle ", FormatCycle(cycle)));
    }
  }

  const v1::CharterDraft& draft_;
  Reporter* out_;
  absl::flat_hash_map<std::string, int> stage_ordinal_;
  absl::flat_hash_map<std::string, int> proposal_index_;
};

}  // namespace
}  // namespace validation

using validation::DraftChecker;
using validation::IdSet;
using validation::Named;
using validation::Path;
using validation::Reporter;
using validation::ScenarioChecker;
using validation::Sub;

std::vector<Problem> ValidateScenario(const v1::Scenario& scenario,
                                      const SourceLocations* locations) {
  Reporter out(locations);
  validation::CheckValues(scenario, &out);
  ScenarioChecker(scenario, &out).Run();
  return out.Take();
}

std::vector<Problem> ValidateDecisionRule(const v1::DecisionRule& rule) {
  Reporter out(nullptr);
  validation::CheckValues(rule, &out);
  validation::CheckRule(rule, {}, &out);
  return out.Take();
}

std::vector<Problem> ValidateDraft(const v1::CharterDraft& draft,
                                   const SourceLocations* locations) {
  Reporter out(locations);
  validation::CheckValues(draft, &out);
  DraftChecker(draft, &out).Run();
  return out.Take();
}

std::vector<Problem> ValidateDraftStructure(const v1::CharterDraft& draft) {
  Reporter out(nullptr);
  DraftChecker(draft, &out).Run();
  return out.Take();
}

std::vector<Problem> ValidateDraftAgainstScenario(
    const v1::CharterDraft& draft, const v1::Scenario& scenario,
    const SourceLocations* draft_locations) {
  IdSet dimensions;
  for (const v1::Dimension& d : scenario.dimensions())
    dimensions.insert(d.id());
  IdSet parties;
  for (const v1::PartySpec& p : scenario.parties()) parties.insert(p.id());
  const std::string which =
      scenario.id().empty() ? "the scenario"
                            : absl::StrCat("scenario '", scenario.id(), "'");

  Reporter out(draft_locations);
  for (int i = 0; i < draft.proposals_size(); ++i) {
    const v1::Proposal& proposal = draft.proposals(i);
    const Path path = {{"proposals", i}};
    const std::string object = Named("proposal", proposal.id(), i);
    for (int j = 0; j < proposal.effects_size(); ++j) {
      const std::string& dimension = proposal.effects(j).dimension();
      if (dimensions.contains(dimension)) continue;
      out.Add(Sub(path, "effects", j), object,
              absl::StrCat("effect on dimension '", dimension, "', which ",
                           which, " does not declare"));
    }
    for (int j = 0; j < proposal.concerns_size(); ++j) {
      const std::string& party = proposal.concerns(j);
      if (parties.contains(party)) continue;
      out.Add(Sub(path, "concerns", j), object,
              absl::StrCat("concerns party '", party, "', which ", which,
                           " does not declare"));
    }
    for (int j = 0; j < proposal.decided_by_size(); ++j) {
      const std::string& party = proposal.decided_by(j);
      if (parties.contains(party)) continue;
      out.Add(Sub(path, "decided_by", j), object,
              absl::StrCat("is decided by party '", party, "', which ", which,
                           " does not declare"));
    }
  }
  return out.Take();
}

}  // namespace concert
