// The pieces every validator of services/common shares (validation.cc for
// scenarios and drafts, validation_party.cc for a party wherever it stands):
// paths to the field at fault, names of objects, the Reporter that places a
// problem at its line, the key and dimension checks. Internal to
// concert_common.
#ifndef CONCERT_SERVICES_COMMON_VALIDATION_KIT_H_
#define CONCERT_SERVICES_COMMON_VALIDATION_KIT_H_

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/message.h>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "concert/v1/scenario.pb.h"
#include "services/common/problem.h"
#include "services/common/text_format_loader.h"

namespace concert::validation {

using Path = std::vector<FieldStep>;
using IdSet = absl::flat_hash_set<std::string>;

inline Path Sub(Path path, std::string field, int index = -1) {
  path.push_back(FieldStep{std::move(field), index});
  return path;
}

// "proposal 'x'", or "proposal #3" (1-based) when the id is empty.
inline std::string Named(absl::string_view kind, const std::string& id,
                         int index) {
  if (id.empty()) return absl::StrCat(kind, " #", index + 1);
  return absl::StrCat(kind, " '", id, "'");
}

// Below zero. NaN is not: CheckValues reports every number that is not
// finite, once.
inline bool Negative(double x) { return x < 0 && std::isfinite(x); }

// Collects problems, placing each at the line of the object its path names.
class Reporter {
 public:
  explicit Reporter(const SourceLocations* locations) : locations_(locations) {}

  int Line(const Path& path) const {
    return locations_ == nullptr ? 0 : locations_->Line(path);
  }

  void Add(const Path& path, std::string object, std::string message) {
    Problem problem;
    if (locations_ != nullptr) problem.file = locations_->file();
    problem.line = Line(path);
    problem.object = std::move(object);
    problem.message = std::move(message);
    problems_.push_back(std::move(problem));
  }

  std::vector<Problem> Take() { return std::move(problems_); }

 private:
  const SourceLocations* locations_;
  std::vector<Problem> problems_;
};

// Reports empty and duplicate keys of the repeated field `field` under
// `parent`; `key_of` reads an element's key (its id or name). Returns the
// keys seen.
template <typename Repeated, typename KeyOf>
IdSet CheckKeys(const Repeated& items, KeyOf key_of, absl::string_view kind,
                absl::string_view key_word, const std::string& owner,
                const Path& parent, const std::string& field, Reporter* out) {
  absl::flat_hash_map<std::string, int> first;
  for (int i = 0; i < items.size(); ++i) {
    const std::string& key = key_of(items.Get(i));
    const Path path = Sub(parent, field, i);
    const std::string object = absl::StrCat(owner, Named(kind, key, i));
    if (key.empty()) {
      out->Add(path, object, absl::StrCat("has an empty ", key_word));
      continue;
    }
    auto [it, inserted] = first.try_emplace(key, i);
    if (inserted) continue;
    const int first_line = out->Line(Sub(parent, field, it->second));
    out->Add(path, object,
             first_line > 0
                 ? absl::StrCat("duplicate ", key_word,
                                " (first declared at line ", first_line, ")")
                 : absl::StrCat("duplicate ", key_word));
  }
  IdSet keys;
  for (const auto& [key, index] : first) keys.insert(key);
  return keys;
}

inline const std::string& IdOf(const auto& item) { return item.id(); }
inline const std::string& NameOf(const auto& item) { return item.name(); }

// Reports a reference to a dimension: one that names none always, one the
// scenario does not declare only when the scenario is known (`known` is
// null for a profile checked on its own). `what` names the referring object:
// "position", "threshold", "move"...
inline void CheckDimension(const IdSet* known, const std::string& dimension,
                           const Path& path, const std::string& object,
                           absl::string_view what, Reporter* out) {
  if (dimension.empty()) {
    out->Add(path, object, absl::StrCat(what, " names no dimension"));
  } else if (known != nullptr && !known->contains(dimension)) {
    out->Add(path, object,
             absl::StrCat(what, " on unknown dimension '", dimension, "'"));
  }
}

// The checks of one party (validation_party.cc), shared by scenarios (a party
// under parties[i]) and profiles (the party is the whole message): `root` is
// the party's path in its message, `object` names it. The scenario's
// dimensions and variants may be unknown (null): a profile checked without a
// scenario skips the checks that need them.
// The checks of validation_values.cc (finite numbers, declared enum values,
// strings and lists within limits) on every field of `message`.
void CheckValues(const google::protobuf::Message& message, Reporter* out);

void CheckParty(const v1::PartySpec& party, const Path& root,
                const std::string& object, const IdSet* dimensions,
                const IdSet* variants, Reporter* out);

}  // namespace concert::validation

#endif  // CONCERT_SERVICES_COMMON_VALIDATION_KIT_H_
