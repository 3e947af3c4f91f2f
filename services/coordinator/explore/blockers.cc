#include "services/coordinator/explore/blockers.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "absl/strings/str_cat.h"
#include "concert/v1/party.pb.h"

namespace concert::coordinator {

BlockerTally::BlockerTally(int proposals, int parties)
    : proposals_(proposals),
      parties_(parties),
      tabled_(proposals, 0),
      failures_(proposals, 0),
      objections_(static_cast<std::size_t>(proposals) * parties, 0),
      representatives_(static_cast<std::size_t>(proposals) * parties) {}

void BlockerTally::Add(ProposalSet adopted, int proposal, bool passes,
                       std::span<const std::uint8_t> votes,
                       std::span<const std::uint32_t> history) {
  ++tabled_[proposal];
  if (passes) return;
  ++failures_[proposal];
  for (int i = 0; i < parties_; ++i) {
    if (votes[i] != v1::VOTE_OBJECT) continue;
    const std::size_t k = static_cast<std::size_t>(proposal) * parties_ + i;
    ++objections_[k];
    if (!representatives_[k].set) {
      representatives_[k] = {
          true, adopted,
          std::vector<std::uint32_t>(history.begin(), history.end())};
    }
  }
}

std::vector<v1::BlockerStat> BlockerTally::Finish(ExploreContext& context) {
  // One detailed question per (proposal, objecting party), all asked in
  // one wave: each objecting party is asked every representative question
  // (a few dozen at most) and its rationale read from its own. One round
  // trip in all, not one per party, on the end of every exploration.
  std::vector<std::string> rationale(objections_.size());
  std::vector<Question> questions;
  std::vector<std::size_t> keys;
  std::uint64_t objecting = 0;
  for (int p = 0; p < proposals_; ++p) {
    for (int party = 0; party < parties_; ++party) {
      const std::size_t k = static_cast<std::size_t>(p) * parties_ + party;
      const Representative& r = representatives_[k];
      if (!r.set) continue;
      questions.emplace_back(r.adopted, static_cast<std::uint32_t>(p),
                             std::span<const std::uint32_t>(r.history));
      keys.push_back(k);
      objecting |= std::uint64_t{1} << party;
    }
  }
  std::vector<PartyAnswers> answers;
  const absl::Status status =
      context.AskDetails(objecting, questions, &answers);
  for (std::size_t q = 0; q < keys.size(); ++q) {
    const int party = static_cast<int>(keys[q] % parties_);
    // The counts stand without their rationales; say why they are missing
    // rather than fail a finished exploration.
    if (!status.ok()) {
      rationale[keys[q]] =
          absl::StrCat("(rationale unavailable: ", status.message(), ")");
    } else if (const PartyAnswers& a = answers[party]; !a.answered) {
      rationale[keys[q]] = absl::StrCat(
          "(rationale unavailable: party '", context.party_id(party),
          "' did not answer the rationale request", a.error.empty() ? "" : ": ",
          a.error, ")");
    } else {
      rationale[keys[q]] = a.details[q].rationale;
    }
  }

  std::vector<int> order;
  for (int p = 0; p < proposals_; ++p) {
    if (failures_[p] > 0) order.push_back(p);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return failures_[a] > failures_[b]; });
  std::vector<v1::BlockerStat> out;
  for (int p : order) {
    v1::BlockerStat stat;
    stat.set_proposal(context.index().id(p));
    stat.set_failures(failures_[p]);
    stat.set_tabled(tabled_[p]);
    std::vector<int> parties(parties_);
    std::iota(parties.begin(), parties.end(), 0);
    const std::size_t base = static_cast<std::size_t>(p) * parties_;
    std::stable_sort(parties.begin(), parties.end(), [&](int a, int b) {
      return objections_[base + a] > objections_[base + b];
    });
    for (int i : parties) {
      if (objections_[base + i] == 0) continue;
      v1::Objection* o = stat.add_objections();
      o->set_party(context.party_id(i));
      o->set_count(objections_[base + i]);
      o->set_rationale(rationale[base + i]);
    }
    out.push_back(std::move(stat));
  }
  return out;
}

}  // namespace concert::coordinator
