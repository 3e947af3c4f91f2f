// One row of a comparison table from an exploration: its headline (top
// blocker, pivotal party) and the party x proposal heat map of objections.
#ifndef CONCERT_SERVICES_COORDINATOR_COMPARE_ROW_H_
#define CONCERT_SERVICES_COORDINATOR_COMPARE_ROW_H_

#include <string>
#include <vector>

#include "concert/v1/compare.pb.h"
#include "concert/v1/explore.pb.h"
#include "services/coordinator/compare/vote_columns.h"
#include "services/coordinator/core/forum_context.h"
#include "services/coordinator/explore/question_table.h"

namespace concert::coordinator {

// Fills the row's headline from `exploration` (which it moves in): the
// proposal that fails most often and the parties behind it, and the party
// whose objections cost the most consensus sequences (none when setting any
// party's objections aside changes nothing).
void FillHeadline(v1::Exploration exploration, v1::ComparisonRow* row);

// The heat map over the sets the exploration reached (its graph's nodes,
// which must be present): for every proposal tabled there, how many times
// each party objected. `columns` hold the votes on `table`'s questions.
v1::ObjectionHeat HeatOf(const v1::Exploration& exploration,
                         const v1::CharterDraft& draft,
                         const std::vector<std::string>& parties,
                         const QuestionTable& table,
                         const std::vector<VoteColumn>& columns);

// Whether decimal count a is larger than b (both without leading zeros).
bool DecimalGreater(const std::string& a, const std::string& b);

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_COMPARE_ROW_H_
