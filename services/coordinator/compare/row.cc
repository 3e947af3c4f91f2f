#include "services/coordinator/compare/row.h"

#include <utility>

namespace concert::coordinator {

bool DecimalGreater(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() > b.size();
  return a > b;
}

void FillHeadline(v1::Exploration exploration, v1::ComparisonRow* row) {
  if (!exploration.blockers().empty()) {
    const v1::BlockerStat& top = exploration.blockers(0);
    row->set_top_blocker(top.proposal());
    for (const v1::Objection& o : top.objections()) {
      row->add_top_blocker_parties(o.party());
    }
  }
  const std::string& base = exploration.consensus_sequences();
  const v1::VetoPower* pivotal = nullptr;
  for (const v1::VetoPower& v : exploration.veto_power()) {
    const std::string& best =
        pivotal == nullptr ? base : pivotal->consensus_sequences_without();
    if (DecimalGreater(v.consensus_sequences_without(), best)) pivotal = &v;
  }
  if (pivotal != nullptr) {
    row->set_pivotal_party(pivotal->party());
    row->set_pivotal_sequences_without(pivotal->consensus_sequences_without());
  }
  *row->mutable_exploration() = std::move(exploration);
}

v1::ObjectionHeat HeatOf(const v1::Exploration& exploration,
                         const v1::CharterDraft& draft,
                         const std::vector<std::string>& parties,
                         const QuestionTable& table,
                         const std::vector<VoteColumn>& columns) {
  v1::ObjectionHeat heat;
  const int n = draft.proposals_size();
  for (const std::string& p : parties) heat.add_parties(p);
  for (const v1::Proposal& p : draft.proposals()) heat.add_proposals(p.id());
  heat.mutable_tabled()->Resize(n, 0);
  heat.mutable_objections()->Resize(static_cast<int>(parties.size()) * n, 0);
  for (ProposalSet node : exploration.graph().nodes()) {
    const std::uint32_t set = table.Find(node);
    if (set == QuestionTable::kNone) continue;
    for (std::uint64_t q = table.first_question(set);
         q < table.first_question(set + 1); ++q) {
      const int p = static_cast<int>(table.questions()[q].proposal);
      heat.set_tabled(p, heat.tabled(p) + 1);
      for (std::size_t i = 0; i < parties.size(); ++i) {
        if (i < columns.size() && !columns[i].empty() &&
            columns[i][q] == v1::VOTE_OBJECT) {
          const int at = static_cast<int>(i) * n + p;
          heat.set_objections(at, heat.objections(at) + 1);
        }
      }
    }
  }
  return heat;
}

}  // namespace concert::coordinator
