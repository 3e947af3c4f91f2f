#include "services/coordinator/compare/request.h"

#include <cmath>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "services/common/digest.h"
#include "services/common/variant_name.h"
#include "services/coordinator/core/public_scenario.h"
#include "services/coordinator/core/recorded_session.h"
#include "services/party/core/perturbation.h"

namespace concert::coordinator {
namespace {

absl::Status Invalid(const std::string& message) {
  return absl::InvalidArgumentError(message);
}

absl::Status CheckDrafts(const v1::Scenario& scenario,
                         const v1::CompareRequest& request,
                         const CompareLimits& limits) {
  if (request.drafts().empty()) return Invalid("no drafts to compare");
  if (request.drafts_size() > limits.max_drafts) {
    return Invalid(absl::StrCat(request.drafts_size(), " drafts: at most ",
                                limits.max_drafts, " per comparison"));
  }
  absl::flat_hash_set<std::string> ids;
  for (int i = 0; i < request.drafts_size(); ++i) {
    const v1::CharterDraft& draft = request.drafts(i);
    const std::string name =
        absl::StrCat("draft ", i + 1, " '", draft.id(), "'");
    if (!ids.insert(draft.id()).second) {
      return Invalid(absl::StrCat(name, ": another draft has the same id"));
    }
    absl::StatusOr<ForumContext> forum =
        CheckDraftForForum(scenario, draft, "");
    if (!forum.ok()) {
      return Invalid(absl::StrCat(name, ": ", forum.status().message()));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckVariantsAndRules(const v1::Scenario& scenario,
                                   const v1::CompareRequest& request) {
  absl::flat_hash_set<std::string> seen;
  for (const std::string& v : request.variants()) {
    if (auto found = FindScenarioVariant(scenario, v); !found.ok()) {
      return found.status();
    }
    if (!seen.insert(CanonicalVariant(v)).second) {
      return Invalid(absl::StrCat("variant '", v, "' is listed twice"));
    }
  }
  for (const v1::DecisionRule& rule : request.rules()) {
    if (!v1::DecisionRule::Kind_IsValid(rule.kind())) {
      return Invalid(
          absl::StrCat("decision rule kind ", rule.kind(), " is not one"));
    }
    if (rule.kind() == v1::DecisionRule::QUALIFIED_MAJORITY &&
        rule.threshold() != 0 &&
        !(rule.threshold() > 0 && rule.threshold() <= 1)) {
      return Invalid(absl::StrCat("qualified-majority threshold ",
                                  rule.threshold(), " is outside (0, 1]"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckStudy(const v1::CompareRequest& request,
                        const CompareLimits& limits) {
  if (!std::isfinite(request.spread()) || request.spread() < 0) {
    return Invalid(absl::StrCat("spread ", request.spread(),
                                " must be a finite number >= 0"));
  }
  if (request.has_perturbation()) {
    if (absl::Status s = party::CheckPerturbation(request.perturbation());
        !s.ok()) {
      return s;
    }
  }
  if (request.samples() > limits.max_samples) {
    return Invalid(absl::StrCat(request.samples(), " samples: at most ",
                                limits.max_samples));
  }
  const v1::Shard& shard = request.shard();
  if (shard.count() > 1 &&
      (shard.index() < 1 || shard.index() > shard.count())) {
    return Invalid(absl::StrCat("shard ", shard.index(), "/", shard.count(),
                                ": the index must be 1..", shard.count()));
  }
  if (request.concession_exact_size() > limits.max_concession_exact_size) {
    return Invalid(absl::StrCat("concession exact size ",
                                request.concession_exact_size(), ": at most ",
                                limits.max_concession_exact_size));
  }
  if (request.concession_budget() > limits.max_concession_budget) {
    return Invalid(absl::StrCat("concession budget ",
                                request.concession_budget(), ": at most ",
                                limits.max_concession_budget));
  }
  return absl::OkStatus();
}

absl::Status CheckWhatIfs(const v1::Scenario& scenario,
                          const v1::CompareRequest& request,
                          const CompareLimits& limits) {
  if (request.what_ifs_size() > limits.max_what_ifs) {
    return Invalid(absl::StrCat(request.what_ifs_size(), " what-ifs: at most ",
                                limits.max_what_ifs));
  }
  absl::flat_hash_set<std::string> parties;
  for (const v1::PartySpec& p : scenario.parties()) parties.insert(p.id());
  absl::flat_hash_set<std::string> names;
  for (const v1::WhatIf& w : request.what_ifs()) {
    if (w.name().empty()) return Invalid("a what-if has no name");
    if (!names.insert(w.name()).second) {
      return Invalid(absl::StrCat("what-if '", w.name(), "' is given twice"));
    }
    absl::flat_hash_set<std::string> changed;
    for (const v1::PartyOverlay& o : w.overlays()) {
      if (!parties.contains(o.party())) {
        return Invalid(absl::StrCat("what-if '", w.name(), "': party '",
                                    o.party(), "' is not in the scenario"));
      }
      if (!changed.insert(o.party()).second) {
        return Invalid(absl::StrCat("what-if '", w.name(), "' changes ",
                                    o.party(), " twice: give one overlay"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateCompareRequest(const v1::Scenario& scenario,
                                    const v1::CompareRequest& request,
                                    const CompareLimits& limits) {
  if (absl::Status s = CheckDrafts(scenario, request, limits); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckVariantsAndRules(scenario, request); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckStudy(request, limits); !s.ok()) return s;
  return CheckWhatIfs(scenario, request, limits);
}

std::string StudyDigest(const v1::Scenario& scenario,
                        const v1::CompareRequest& request) {
  v1::CompareRequest study = request;
  study.clear_shard();
  study.clear_include_graphs();
  // A request without a template keeps the bytes (and so the digest) it
  // had before templates existed: its recorded shards still merge.
  if (study.has_perturbation()) {
    *study.mutable_perturbation() = StudyPerturbation(request);
  }
  return Sha256Hex(
      absl::StrCat(SerializeDeterministic(PublicScenario(scenario)), "\n",
                   SerializeDeterministic(study)));
}

v1::Perturbation StudyPerturbation(const v1::CompareRequest& request) {
  v1::Perturbation perturbation;
  if (request.has_perturbation()) {
    perturbation = request.perturbation();
  } else {
    perturbation.set_spread(request.spread());
  }
  perturbation.clear_seed();
  return perturbation;
}

std::vector<std::string> VariantsOf(const v1::CompareRequest& request) {
  if (request.variants().empty()) return {""};
  // "baseline" travels on as "": the form parties and records know.
  std::vector<std::string> variants;
  for (const std::string& v : request.variants()) {
    variants.push_back(CanonicalVariant(v));
  }
  return variants;
}

std::vector<v1::DecisionRule> RulesOf(const v1::Scenario& scenario,
                                      const v1::CompareRequest& request) {
  if (request.rules().empty()) return {scenario.rule()};
  return {request.rules().begin(), request.rules().end()};
}

}  // namespace concert::coordinator
