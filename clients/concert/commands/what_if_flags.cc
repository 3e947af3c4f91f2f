#include "clients/concert/commands/what_if_flags.h"

#include <cmath>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace concert::cli {
namespace {

class Builder {
 public:
  explicit Builder(const v1::Scenario& scenario) {
    for (const v1::PartySpec& p : scenario.parties()) parties_.insert(p.id());
    for (const v1::Dimension& d : scenario.dimensions()) {
      dimensions_.insert(d.id());
    }
  }

  // Adds one item ("without P:R", "tolerate P:X" or "set P.f=v"; `verb`
  // given separately for the loose flags).
  absl::Status Add(absl::string_view verb, absl::string_view item,
                   v1::WhatIf* what_if) const {
    item = absl::StripAsciiWhitespace(item);
    if (verb == "without" || verb == "tolerate")
      return AddPair(verb, item, what_if);
    if (verb == "set") return AddSet(item, what_if);
    return Bad(absl::StrCat(verb, " ", item),
               "begins with neither 'without', 'tolerate' nor 'set'");
  }

 private:
  static absl::Status Bad(absl::string_view item, absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("what-if '", item, "': ", why));
  }

  absl::StatusOr<v1::PartyOverlay*> OverlayOf(absl::string_view party,
                                              absl::string_view item,
                                              v1::WhatIf* what_if) const {
    if (!parties_.contains(party)) {
      return Bad(item, absl::StrCat(
                           "no party '", party, "' in the scenario (parties: ",
                           absl::StrJoin(Sorted(parties_), ", "), ")"));
    }
    for (v1::PartyOverlay& o : *what_if->mutable_overlays()) {
      if (o.party() == party) return &o;
    }
    v1::PartyOverlay* o = what_if->add_overlays();
    o->set_party(std::string(party));
    return o;
  }

  absl::Status AddPair(absl::string_view verb, absl::string_view item,
                       v1::WhatIf* what_if) const {
    const std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(item, absl::MaxSplits(':', 1));
    if (parts.first.empty() || parts.second.empty()) {
      return Bad(item, verb == "without" ? "write PARTY:RULE_ID"
                                         : "write PARTY:PROPOSAL_ID");
    }
    absl::StatusOr<v1::PartyOverlay*> o = OverlayOf(parts.first, item, what_if);
    if (!o.ok()) return o.status();
    if (verb == "without") {
      (*o)->add_lift_rules(std::string(parts.second));
    } else {
      (*o)->add_tolerate(std::string(parts.second));
    }
    return absl::OkStatus();
  }

  absl::Status AddSet(absl::string_view item, v1::WhatIf* what_if) const {
    const std::pair<absl::string_view, absl::string_view> assignment =
        absl::StrSplit(item, absl::MaxSplits('=', 1));
    double value = 0;
    if (assignment.second.empty() ||
        !absl::SimpleAtod(assignment.second, &value) || !std::isfinite(value)) {
      return Bad(item,
                 "write PARTY.FIELD=NUMBER or PARTY.DIMENSION.FIELD=NUMBER");
    }
    const std::vector<absl::string_view> path =
        absl::StrSplit(assignment.first, '.');
    absl::StatusOr<v1::PartyOverlay*> o = OverlayOf(path[0], item, what_if);
    if (!o.ok()) return o.status();
    if (path.size() == 2) {
      if (value < 0) return Bad(item, "a threshold is never negative");
      if (path[1] == "support_threshold") {
        (*o)->set_support_threshold(value);
      } else if (path[1] == "objection_threshold") {
        (*o)->set_objection_threshold(value);
      } else {
        return Bad(item,
                   absl::StrCat("'", path[1], "' is neither ",
                                "support_threshold nor objection_threshold"));
      }
      return absl::OkStatus();
    }
    if (path.size() != 3) {
      return Bad(item,
                 "write PARTY.FIELD=NUMBER or PARTY.DIMENSION.FIELD=NUMBER");
    }
    if (!dimensions_.contains(path[1])) {
      return Bad(item,
                 absl::StrCat("no dimension '", path[1],
                              "' in the scenario (dimensions: ",
                              absl::StrJoin(Sorted(dimensions_), ", "), ")"));
    }
    v1::PositionChange* change = nullptr;
    for (v1::PositionChange& c : *(*o)->mutable_positions()) {
      if (c.dimension() == path[1]) change = &c;
    }
    if (change == nullptr) {
      change = (*o)->add_positions();
      change->set_dimension(std::string(path[1]));
    }
    if (path[2] == "ideal") {
      change->set_ideal(value);
    } else if (path[2] == "salience") {
      if (value < 0) return Bad(item, "a salience is never negative");
      change->set_salience(value);
    } else {
      return Bad(item,
                 absl::StrCat("'", path[2], "' is neither ideal nor salience"));
    }
    return absl::OkStatus();
  }

  static std::vector<std::string> Sorted(
      const absl::flat_hash_set<std::string>& set) {
    std::vector<std::string> out(set.begin(), set.end());
    std::sort(out.begin(), out.end());
    return out;
  }

  absl::flat_hash_set<std::string> parties_;
  absl::flat_hash_set<std::string> dimensions_;
};

}  // namespace

absl::StatusOr<std::vector<v1::WhatIf>> ParseWhatIfs(
    const WhatIfFlags& flags, const v1::Scenario& scenario) {
  const Builder builder(scenario);
  std::vector<v1::WhatIf> out;
  for (const std::string& spec : flags.specs) {
    v1::WhatIf& what_if = out.emplace_back();
    std::vector<std::string> names;
    for (absl::string_view item :
         absl::StrSplit(spec, ';', absl::SkipWhitespace())) {
      item = absl::StripAsciiWhitespace(item);
      const std::pair<absl::string_view, absl::string_view> verb =
          absl::StrSplit(item, absl::MaxSplits(' ', 1));
      if (absl::Status s = builder.Add(verb.first, verb.second, &what_if);
          !s.ok()) {
        return s;
      }
      names.emplace_back(item);
    }
    if (names.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("what-if '", spec, "' changes nothing"));
    }
    what_if.set_name(absl::StrJoin(names, "; "));
  }
  v1::WhatIf loose;
  std::vector<std::string> names;
  const std::pair<const char*, const std::vector<std::string>*> groups[] = {
      {"without", &flags.without},
      {"tolerate", &flags.tolerate},
      {"set", &flags.set}};
  for (const auto& [verb, items] : groups) {
    for (const std::string& item : *items) {
      if (absl::Status s = builder.Add(verb, item, &loose); !s.ok()) return s;
      names.push_back(absl::StrCat(verb, " ", item));
    }
  }
  if (!names.empty()) {
    loose.set_name(absl::StrJoin(names, "; "));
    out.push_back(std::move(loose));
  }
  return out;
}

}  // namespace concert::cli
