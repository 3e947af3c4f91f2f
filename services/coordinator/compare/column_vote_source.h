// A vote source that answers from votes already in columns (vote_columns.h)
// and reaches the live parties only for what the columns cannot answer: the
// rationales an exploration asks for its blockers, and questions outside
// the table. One fetch of a forum's votes then serves an exploration under
// every decision rule of a comparison.
#ifndef CONCERT_SERVICES_COORDINATOR_COMPARE_COLUMN_VOTE_SOURCE_H_
#define CONCERT_SERVICES_COORDINATOR_COMPARE_COLUMN_VOTE_SOURCE_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/coordinator/compare/vote_columns.h"
#include "services/coordinator/core/vote_source.h"
#include "services/coordinator/explore/question_table.h"

namespace concert::coordinator {

class ColumnVoteSource : public VoteSource {
 public:
  // `live` speaks for the same parties, in the same order; `columns[i]` holds
  // party i's votes on every question of `table` (empty: the party is not
  // answered from columns; a null table: no party is). `overlays` are added
  // to every context the live parties are tabled with, so that rationales
  // come from the models the columns were asked of. All references must
  // outlive the source.
  ColumnVoteSource(VoteSource& live, const QuestionTable* table,
                   const std::vector<VoteColumn>& columns,
                   std::vector<v1::PartyOverlay> overlays = {});

  int party_count() const override { return live_.party_count(); }
  const std::string& party_id(int i) const override {
    return live_.party_id(i);
  }
  v1::Memory party_memory(int i) const override {
    return live_.party_memory(i);
  }

  // Remembers the context; the live parties are tabled only when they must
  // be asked (a detailed question, or one outside the table).
  absl::Status Table(const TableContext& context) override;

  absl::Status Ask(std::span<const Question> questions, bool details,
                   std::uint64_t ask, std::vector<PartyAnswers>* out) override;

  // Questions answered from the live parties (for tests and the bench).
  std::uint64_t live_questions() const { return live_questions_; }

 private:
  absl::Status TableLive();

  VoteSource& live_;
  const QuestionTable* table_;
  const std::vector<VoteColumn>& columns_;
  std::vector<v1::PartyOverlay> overlays_;
  TableContext context_;
  bool live_tabled_ = false;
  std::uint64_t live_questions_ = 0;
};

}  // namespace concert::coordinator

#endif  // CONCERT_SERVICES_COORDINATOR_COMPARE_COLUMN_VOTE_SOURCE_H_
