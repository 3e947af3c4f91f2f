#include "concert/sdk/party.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/common/digest.h"

namespace concert::sdk {

std::string Draft::Digest(const v1::TableRequest& request) {
  // The built-in party's digest (party::TableDigest): one name per draft,
  // whichever implementation a replica runs.
  return MessageDigest(request);
}

absl::StatusOr<std::shared_ptr<Draft>> Draft::Make(v1::TableRequest request) {
  const v1::CharterDraft& charter = request.draft();
  if (charter.proposals_size() > kMaxProposals) {
    return absl::InvalidArgumentError(absl::StrCat(
        "draft '", charter.id(), "' has ", charter.proposals_size(),
        " proposals; at most ", kMaxProposals, " are supported"));
  }
  std::shared_ptr<Draft> draft(new Draft());
  for (int i = 0; i < charter.proposals_size(); ++i) {
    const std::string& id = charter.proposals(i).id();
    if (id.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "draft '", charter.id(), "': proposal ", i, " has no id"));
    }
    if (!draft->index_.emplace(id, i).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "draft '", charter.id(), "': proposal id '", id, "' repeats"));
    }
  }
  draft->digest_ = Digest(request);
  draft->request_ = std::move(request);
  return draft;
}

double Draft::InitialValue(std::string_view dimension) const {
  for (const auto& value : request_.initial_state()) {
    if (value.dimension() == dimension) return value.value();
  }
  return 0;
}

int Draft::IndexOf(std::string_view id) const {
  // absl::string_view is not std::string_view in Debian's Abseil.
  const auto it = index_.find(absl::string_view(id.data(), id.size()));
  return it == index_.end() ? -1 : it->second;
}

bool Draft::HasTag(int index, std::string_view tag) const {
  const auto& tags = proposal(index).tags();
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

Question::Question(const Draft& draft, int proposal,
                   std::span<const int> adopted, bool order_known)
    : draft_(&draft),
      proposal_(proposal),
      adopted_(adopted),
      order_known_(order_known) {
  for (const int i : adopted_) set_ |= std::uint64_t{1} << i;
}

Answer Answer::Support(std::string rationale) {
  return Answer{v1::VOTE_SUPPORT, std::move(rationale), {}, 0};
}

Answer Answer::Abstain(std::string rationale) {
  return Answer{v1::VOTE_ABSTAIN, std::move(rationale), {}, 0};
}

Answer Answer::Object(std::string rationale,
                      std::vector<std::string> conditions) {
  return Answer{v1::VOTE_OBJECT, std::move(rationale), std::move(conditions),
                0};
}

absl::Status Party::Prepare(Draft&) const { return absl::OkStatus(); }

v1::Vote Party::Vote(const Question& question) const {
  return Evaluate(question).vote;
}

}  // namespace concert::sdk
