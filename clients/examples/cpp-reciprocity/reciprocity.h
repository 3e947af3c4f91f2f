// A party whose vote depends on the ORDER of past adoptions: it gives up
// something of its own ("own" proposals, e.g. denuclearization steps) only
// in return for a step of the other side ("other" proposals, e.g. security
// assurances or normalization) adopted since its own last concession —
// action for action. Every own concession uses up the other side's last
// step, so two assurances followed by two dismantlement steps do not pass,
// while assurance, dismantlement, normalization, dismantlement does: the
// same set, in another order. Hence MEMORY_HISTORY.
#ifndef CPP_RECIPROCITY_RECIPROCITY_H_
#define CPP_RECIPROCITY_RECIPROCITY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "concert/sdk/party.h"

namespace reciprocity {

// Which proposals count as whose: a proposal matches a side when it has one
// of the side's tags or ids.
struct Side {
  std::vector<std::string> tags;
  std::vector<std::string> ids;
};

struct Config {
  std::string id;
  std::string name;
  // The party's own concessions, and the other side's.
  Side own;
  Side other;
  // The vote on proposals of neither side.
  concert::v1::Vote neutral = concert::v1::VOTE_SUPPORT;
  // Scenario variants served (the party votes alike under each).
  std::vector<std::string> variants;
};

// Reads a config file: one setting per line, '#' starts a comment.
//   id DPRK                     the seat's id (required)
//   name Democratic People's... a human name
//   own tag nuclear             own concessions, by tag ...
//   own id verif_mechanism      ... or by proposal id
//   other tag assurance         the other side's steps, likewise
//   neutral support|abstain|object
//   variant transformation      a variant served (repeatable)
// INVALID_ARGUMENT naming file:line for anything else.
absl::StatusOr<Config> LoadConfig(const std::string& path);
absl::StatusOr<Config> ParseConfig(const std::string& text,
                                   const std::string& origin);

// Whose a proposal is, decided once per draft (Prepare).
enum class Kind { kNeutral, kOwn, kOther, kPackage };

class ReciprocityParty final : public concert::sdk::Party {
 public:
  explicit ReciprocityParty(Config config);

  concert::sdk::Description Describe() const override;
  // Classifies the draft's proposals (Kind per index) and attaches them.
  absl::Status Prepare(concert::sdk::Draft& draft) const override;
  concert::sdk::Answer Evaluate(
      const concert::sdk::Question& question) const override;

 private:
  Config config_;
};

}  // namespace reciprocity

#endif  // CPP_RECIPROCITY_RECIPROCITY_H_
