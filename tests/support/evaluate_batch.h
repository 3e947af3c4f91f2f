// An EvaluateStream batch by set and proposal, as the party tests send
// them: question i asks proposals[i] after the adopted set sets[i] (one
// word a set).
#ifndef CONCERT_TESTS_SUPPORT_EVALUATE_BATCH_H_
#define CONCERT_TESTS_SUPPORT_EVALUATE_BATCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "concert/v1/party.pb.h"

namespace concert::testing {

inline v1::EvaluateBatch MakeBatch(std::uint64_t id, const std::string& digest,
                                   const std::vector<std::uint64_t>& sets,
                                   const std::vector<std::uint32_t>& proposals,
                                   bool details = false) {
  v1::EvaluateBatch batch;
  batch.set_request_id(id);
  batch.set_draft_digest(digest);
  batch.set_set_words(1);
  for (std::uint64_t s : sets) batch.add_sets(s);
  for (std::uint32_t p : proposals) batch.add_proposals(p);
  batch.set_details(details);
  return batch;
}

}  // namespace concert::testing

#endif  // CONCERT_TESTS_SUPPORT_EVALUATE_BATCH_H_
