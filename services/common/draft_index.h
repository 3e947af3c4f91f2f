// An index over a charter draft: proposal ids to positions, prerequisites and
// stage membership as bitsets. Sessions, exploration and parties all ask the
// same question — which proposals may be tabled after a set is adopted — and
// this is the one place that answers it.
#ifndef CONCERT_SERVICES_COMMON_DRAFT_INDEX_H_
#define CONCERT_SERVICES_COMMON_DRAFT_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/charter.pb.h"
#include "services/common/limits.h"

namespace concert {

// A set of proposals of one draft: bit i stands for the draft's i-th proposal.
// kMaxProposals (services/common/limits.h) is the design's limit: a set is
// one machine word.
using ProposalSet = std::uint64_t;

inline constexpr ProposalSet Bit(int i) { return ProposalSet{1} << i; }
inline constexpr bool Contains(ProposalSet s, int i) { return (s >> i) & 1u; }

class DraftIndex {
 public:
  // Builds the index. Fails with INVALID_ARGUMENT when the draft has more than
  // kMaxProposals proposals, a duplicate proposal id, or a reference to an
  // unknown proposal or stage (run validation first for a full report).
  static absl::StatusOr<DraftIndex> Build(const v1::CharterDraft& draft);

  int size() const { return static_cast<int>(ids_.size()); }
  const std::string& id(int i) const { return ids_[i]; }
  // Position of a proposal id, or -1.
  int Find(absl::string_view id) const;
  // Prerequisites of proposal i as a set.
  ProposalSet requires_of(int i) const { return requires_[i]; }
  // Stage ordinal (0-based, the draft's stage order) of proposal i.
  int stage_of(int i) const { return stage_[i]; }
  int stage_count() const { return static_cast<int>(stage_members_.size()); }
  ProposalSet stage_members(int s) const { return stage_members_[s]; }
  bool strict() const { return strict_; }
  // Every proposal.
  ProposalSet all() const { return all_; }

  // Proposals that may be tabled once `adopted` is adopted: not yet adopted,
  // prerequisites all adopted, and — under STRICT stage order — in the first
  // stage that still has unadopted proposals.
  ProposalSet Candidates(ProposalSet adopted) const;

  // Everything Candidates depends on, as words: equal shapes give equal
  // candidates for every set, so they key what is derived from the lattice
  // order alone (services/common/shape_cache.h).
  std::vector<std::uint64_t> Shape() const;

  // The set named by a list of ids (unknown ids are ignored).
  ProposalSet SetOf(const std::vector<std::string>& ids) const;
  // Ids of a set, in draft order.
  std::vector<std::string> IdsOf(ProposalSet s) const;

 private:
  std::vector<std::string> ids_;
  absl::flat_hash_map<std::string, int> index_;
  std::vector<ProposalSet> requires_;
  std::vector<int> stage_;
  std::vector<ProposalSet> stage_members_;
  ProposalSet all_ = 0;
  bool strict_ = true;
};

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_DRAFT_INDEX_H_
