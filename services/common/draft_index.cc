#include "services/common/draft_index.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace concert {

absl::StatusOr<DraftIndex> DraftIndex::Build(const v1::CharterDraft& draft) {
  DraftIndex index;
  const int n = draft.proposals_size();
  if (n > kMaxProposals) {
    return absl::InvalidArgumentError(
        absl::StrCat("draft '", draft.id(), "' has ", n, " proposals; at most ",
                     kMaxProposals, " are supported"));
  }
  index.strict_ = draft.stage_order() != v1::CharterDraft::FREE;

  absl::flat_hash_map<std::string, int> stage_ordinal;
  for (int s = 0; s < draft.stages_size(); ++s) {
    stage_ordinal.emplace(draft.stages(s).id(), s);
  }
  index.stage_members_.assign(draft.stages_size(), 0);

  for (int i = 0; i < n; ++i) {
    const auto& p = draft.proposals(i);
    if (!index.index_.emplace(p.id(), i).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("duplicate proposal id '", p.id(), "'"));
    }
    index.ids_.push_back(p.id());
    index.all_ |= Bit(i);
  }
  index.requires_.assign(n, 0);
  index.stage_.assign(n, 0);
  for (int i = 0; i < n; ++i) {
    const auto& p = draft.proposals(i);
    auto stage = stage_ordinal.find(p.stage());
    if (stage == stage_ordinal.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "proposal '", p.id(), "' names unknown stage '", p.stage(), "'"));
    }
    index.stage_[i] = stage->second;
    index.stage_members_[stage->second] |= Bit(i);
    for (const auto& r : p.prerequisites()) {
      const int j = index.Find(r);
      if (j < 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "proposal '", p.id(), "' requires unknown proposal '", r, "'"));
      }
      index.requires_[i] |= Bit(j);
    }
  }
  return index;
}

int DraftIndex::Find(absl::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? -1 : it->second;
}

ProposalSet DraftIndex::Candidates(ProposalSet adopted) const {
  ProposalSet open = all_ & ~adopted;
  if (strict_) {
    // Only the first stage with unadopted proposals is on the table.
    for (ProposalSet members : stage_members_) {
      if (members & open) {
        open &= members;
        break;
      }
    }
  }
  ProposalSet candidates = 0;
  for (ProposalSet rest = open; rest != 0; rest &= rest - 1) {
    const int i = __builtin_ctzll(rest);
    if ((requires_[i] & ~adopted) == 0) candidates |= Bit(i);
  }
  return candidates;
}

std::vector<std::uint64_t> DraftIndex::Shape() const {
  std::vector<std::uint64_t> shape;
  shape.reserve(2 + requires_.size() + stage_members_.size());
  shape.push_back(requires_.size());
  shape.push_back(strict_ ? 1 : 0);
  shape.insert(shape.end(), requires_.begin(), requires_.end());
  // Stage members matter only under STRICT order; listed either way, as two
  // indexes of one shape must agree on everything Candidates reads.
  shape.insert(shape.end(), stage_members_.begin(), stage_members_.end());
  return shape;
}

ProposalSet DraftIndex::SetOf(const std::vector<std::string>& ids) const {
  ProposalSet s = 0;
  for (const auto& id : ids) {
    const int i = Find(id);
    if (i >= 0) s |= Bit(i);
  }
  return s;
}

std::vector<std::string> DraftIndex::IdsOf(ProposalSet s) const {
  std::vector<std::string> out;
  for (; s != 0; s &= s - 1) out.push_back(ids_[__builtin_ctzll(s)]);
  return out;
}

}  // namespace concert
