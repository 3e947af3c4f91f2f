// How `concert records sequences` and `concert records check` read their
// input and print their answers: the order a user types, the best consensus
// sequences of a stored exploration, and the verdict on one order. Pure
// formatting over the wire messages and records/sequences.h's results.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_RECORDS_ANALYSIS_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_RECORDS_ANALYSIS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "concert/v1/charter.pb.h"
#include "concert/v1/explore.pb.h"
#include "services/coordinator/records/sequences.h"

namespace concert::cli {

// Parses an order of adoption typed as "a,b,c" (spaces around ids are
// ignored) into proposal ids: every proposal of `draft`, or the first few
// (a prefix, which the check follows as far as it goes). INVALID_ARGUMENT,
// naming every offending id, for an empty item, ids the draft does not
// know, ids given twice, or no id at all.
// Whether the order is admissible (prerequisites, stage order) is not
// checked here: that is a verdict, not a typing error.
absl::StatusOr<std::vector<std::string>> ParseOrder(
    absl::string_view text, const v1::CharterDraft& draft);

// The answer of `concert records sequences`: a title line naming the record
// and draft, then the sequences numbered from 1, best first, each as its
// ids joined by " → " (wrapped at `width` columns under the first id) and
// its SUPPORT votes. With no sequence: a line saying no order adopts the
// whole draft, and — from `result` — the largest adoptable set and one order
// reaching it when known.
std::string SequencesText(absl::string_view record_id,
                          const v1::CharterDraft& draft,
                          const std::vector<v1::Sequence>& sequences,
                          const v1::Exploration& result, int width = 100);

// The answer of `concert records check`: on consensus, one line with the
// steps and SUPPORT votes; for a prefix whose steps all pass, how many it
// adopts and whether the full charter can still be reached from there;
// otherwise the failing step and its proposal
// (with its title from `draft`), the reason, what it waits on
// (inadmissible steps) or the parties the record names as objecting to it
// (failing steps), and how many steps passed before. Lines end with '\n'.
std::string CheckText(const coordinator::SequenceCheck& check,
                      const v1::CharterDraft& draft, int width = 100);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_RECORDS_ANALYSIS_H_
