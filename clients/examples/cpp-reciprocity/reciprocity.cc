#include "reciprocity.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace reciprocity {
namespace {

using concert::sdk::Answer;
using concert::sdk::Draft;
using concert::sdk::Question;

bool Matches(const Side& side, const concert::v1::Proposal& proposal) {
  for (const std::string& id : side.ids) {
    if (proposal.id() == id) return true;
  }
  for (const std::string& tag : side.tags) {
    const auto& tags = proposal.tags();
    if (std::find(tags.begin(), tags.end(), tag) != tags.end()) return true;
  }
  return false;
}

absl::Status AddToSide(Side* side, const std::string& how,
                       const std::string& value, const std::string& where) {
  if (how == "tag") {
    side->tags.push_back(value);
  } else if (how == "id") {
    side->ids.push_back(value);
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": expected 'tag NAME' or 'id PROPOSAL', got '", how, "'"));
  }
  return absl::OkStatus();
}

// Whose proposals the draft holds, by index.
using Kinds = std::vector<Kind>;

}  // namespace

absl::StatusOr<Config> ParseConfig(const std::string& text,
                                   const std::string& origin) {
  Config config;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++number;
    const std::string where = absl::StrCat(origin, ":", number);
    absl::string_view line = raw.substr(0, raw.find('#'));
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    const std::pair<std::string, std::string> kv =
        absl::StrSplit(line, absl::MaxSplits(' ', 1));
    const std::string& key = kv.first;
    const std::string value(absl::StripAsciiWhitespace(kv.second));
    if (value.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": '", key, "' needs a value"));
    }
    if (key == "id") {
      config.id = value;
    } else if (key == "name") {
      config.name = value;
    } else if (key == "own" || key == "other") {
      const std::pair<std::string, std::string> how =
          absl::StrSplit(value, absl::MaxSplits(' ', 1));
      const std::string what(absl::StripAsciiWhitespace(how.second));
      if (what.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": '", key, " ", how.first, "' needs a name"));
      }
      absl::Status s = AddToSide(key == "own" ? &config.own : &config.other,
                                 how.first, what, where);
      if (!s.ok()) return s;
    } else if (key == "neutral") {
      if (value == "support") {
        config.neutral = concert::v1::VOTE_SUPPORT;
      } else if (value == "abstain") {
        config.neutral = concert::v1::VOTE_ABSTAIN;
      } else if (value == "object") {
        config.neutral = concert::v1::VOTE_OBJECT;
      } else {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": neutral is support, abstain or object, not '", value,
            "'"));
      }
    } else if (key == "variant") {
      config.variants.push_back(value);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": unknown setting '", key, "'"));
    }
  }
  if (config.id.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(origin, ": no 'id' (the party's seat in the scenario)"));
  }
  return config;
}

absl::StatusOr<Config> LoadConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return ParseConfig(text.str(), path);
}

ReciprocityParty::ReciprocityParty(Config config)
    : config_(std::move(config)) {}

concert::sdk::Description ReciprocityParty::Describe() const {
  return {.id = config_.id,
          .name = config_.name.empty() ? config_.id : config_.name,
          .version = "cpp-reciprocity 0.1.0",
          .memory = concert::v1::MEMORY_HISTORY,
          .variants = config_.variants};
}

absl::Status ReciprocityParty::Prepare(Draft& draft) const {
  auto kinds = std::make_shared<Kinds>(draft.size());
  for (int i = 0; i < draft.size(); ++i) {
    const bool own = Matches(config_.own, draft.proposal(i));
    const bool other = Matches(config_.other, draft.proposal(i));
    (*kinds)[i] = own && other ? Kind::kPackage
                  : own        ? Kind::kOwn
                  : other      ? Kind::kOther
                               : Kind::kNeutral;
  }
  draft.Attach<Kinds>(std::move(kinds));
  return absl::OkStatus();
}

Answer ReciprocityParty::Evaluate(const Question& question) const {
  const Draft& draft = question.draft();
  const Kinds& kinds = *draft.Attached<Kinds>();
  const std::string& id = question.proposal().id();
  switch (kinds[question.proposal_index()]) {
    case Kind::kOther: {
      Answer answer =
          Answer::Support(absl::StrCat(id, " is a step of the other side"));
      answer.utility_change = 1;
      return answer;
    }
    case Kind::kPackage:
      return Answer::Support(
          absl::StrCat(id, " moves both sides at once: action for action"));
    case Kind::kNeutral:
      return Answer{
          config_.neutral, absl::StrCat(id, " is no one's concession"), {}, 0};
    case Kind::kOwn:
      break;
  }
  // An own concession: is there a step of the other side, adopted since our
  // own last concession, that it answers? Walk the adoptions in order.
  int credit = -1;    // the other side's step not yet answered, if any
  int last_own = -1;  // our own last concession
  if (question.order_known()) {
    for (const int a : question.adopted()) {
      if (kinds[a] == Kind::kOther) credit = a;
      if (kinds[a] == Kind::kOwn) {
        credit = -1;
        last_own = a;
      }
    }
  } else {
    // Asked by set only (never by a coordinator that read our memory): the
    // best reading of a set is a count — more of their steps than ours.
    int theirs = 0;
    int ours = 0;
    for (const int a : question.adopted()) {
      if (kinds[a] == Kind::kOther) {
        ++theirs;
        credit = a;
      }
      if (kinds[a] == Kind::kOwn) ++ours;
    }
    if (theirs <= ours) credit = -1;
  }
  if (credit >= 0) {
    Answer answer = Answer::Support(absl::StrCat(
        id, " answers ", draft.proposal(credit).id(), ": action for action"));
    answer.utility_change = -1;
    return answer;
  }
  std::vector<std::string> open;
  for (int i = 0; i < draft.size(); ++i) {
    if (kinds[i] == Kind::kOther && !question.IsAdopted(i) &&
        i != question.proposal_index()) {
      open.push_back(draft.proposal(i).id());
    }
  }
  Answer answer = Answer::Object(
      last_own < 0
          ? absl::StrCat("no concession before the other side moves: ", id,
                         " waits for a step in return")
          : absl::StrCat("nothing in return since ",
                         draft.proposal(last_own).id(), ": ", id,
                         " waits for the other side's next step"),
      {open.empty() ? "no step of the other side is left in the draft"
                    : absl::StrCat("adopt one of ", absl::StrJoin(open, ", "),
                                   " first")});
  answer.utility_change = -1;
  return answer;
}

}  // namespace reciprocity
