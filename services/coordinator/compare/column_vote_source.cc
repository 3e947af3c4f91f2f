#include "services/coordinator/compare/column_vote_source.h"

#include <utility>

namespace concert::coordinator {

ColumnVoteSource::ColumnVoteSource(VoteSource& live, const QuestionTable* table,
                                   const std::vector<VoteColumn>& columns,
                                   std::vector<v1::PartyOverlay> overlays)
    : live_(live),
      table_(table),
      columns_(columns),
      overlays_(std::move(overlays)) {}

absl::Status ColumnVoteSource::Table(const TableContext& context) {
  context_ = context;
  context_.overlays.insert(context_.overlays.end(), overlays_.begin(),
                           overlays_.end());
  live_tabled_ = false;
  return absl::OkStatus();
}

absl::Status ColumnVoteSource::TableLive() {
  if (live_tabled_) return absl::OkStatus();
  if (absl::Status s = live_.Table(context_); !s.ok()) return s;
  live_tabled_ = true;
  return absl::OkStatus();
}

absl::Status ColumnVoteSource::Ask(std::span<const Question> questions,
                                   bool details, std::uint64_t ask,
                                   std::vector<PartyAnswers>* out) {
  // Where each question sits in the table; a miss (or a party without a
  // column, or details) sends the whole ask to the live parties.
  std::vector<std::uint64_t> positions;
  bool from_columns = !details && table_ != nullptr;
  for (int i = 0; from_columns && i < party_count(); ++i) {
    if (((ask >> i) & 1u) && columns_.size() > static_cast<std::size_t>(i) &&
        columns_[i].size() != table_->size()) {
      from_columns = false;
    }
  }
  if (from_columns) {
    positions.reserve(questions.size());
    for (const Question& q : questions) {
      const std::uint32_t set = table_->Find(q.adopted);
      const std::uint64_t at = set == QuestionTable::kNone
                                   ? QuestionTable::kNoQuestion
                                   : table_->QuestionOf(set, q.proposal);
      if (at == QuestionTable::kNoQuestion) {
        from_columns = false;
        break;
      }
      positions.push_back(at);
    }
  }
  if (!from_columns) {
    if (absl::Status s = TableLive(); !s.ok()) return s;
    live_questions_ += questions.size();
    return live_.Ask(questions, details, ask, out);
  }
  out->assign(party_count(), PartyAnswers{});
  for (int i = 0; i < party_count(); ++i) {
    if (((ask >> i) & 1u) == 0) continue;
    PartyAnswers& a = (*out)[i];
    if (static_cast<std::size_t>(i) >= columns_.size() || columns_[i].empty()) {
      a.error = "not asked";
      continue;
    }
    a.answered = true;
    a.attempts = 1;
    a.votes.reserve(positions.size());
    for (std::uint64_t at : positions) a.votes.push_back(columns_[i][at]);
  }
  return absl::OkStatus();
}

}  // namespace concert::coordinator
