#include "services/coordinator/compare/concession_moves.h"

#include <algorithm>
#include <map>
#include <span>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace concert::coordinator {
namespace {

constexpr std::uint8_t kObject = v1::VOTE_OBJECT;

// Per party: the failing questions it objects to, when the parties vote
// as `columns` say.
std::vector<std::vector<Question>> FailingObjections(
    const ConcessionInput& in, std::span<const std::uint8_t* const> columns) {
  const QuestionTable& table = *in.table;
  const ForumContext& forum = *in.forum;
  std::vector<std::vector<Question>> out(columns.size());
  std::vector<std::uint8_t> votes(columns.size());
  for (std::uint64_t q = 0; q < table.size(); ++q) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      votes[i] = columns[i] == nullptr ? 0 : columns[i][q];
    }
    const Question& question = table.questions()[q];
    if (forum.rule.Passes(votes, forum.scopes[question.proposal])) continue;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (votes[i] == kObject && out[i].size() < in.max_detailed_questions) {
        out[i].push_back(question);
      }
    }
  }
  return out;
}

struct Tally {
  v1::ConcessionMove move;
  int party = 0;
  std::uint64_t count = 0;
};

// (party, rule or "", conceded proposal or -1) -> tally; ordered, so that
// ties fall in party and rule order.
using Tallies = std::map<std::tuple<int, std::string, int>, Tally>;

// Rounds of discovery: lifting a red line may reveal an objection the
// party's utility makes on its own, which only a further move concedes.
constexpr int kMaxRounds = 4;

// Asks each party for the details of its objections (the source tabled as
// the caller wants) and tallies the moves they name.
absl::Status TallyMoves(const ConcessionInput& in,
                        const std::vector<std::vector<Question>>& objections,
                        Tallies* tallies) {
  VoteSource& source = *in.source;
  for (int i = 0; i < source.party_count(); ++i) {
    if (objections[i].empty()) continue;
    std::vector<PartyAnswers> answers;
    if (absl::Status s = source.Ask(objections[i], /*details=*/true,
                                    std::uint64_t{1} << i, &answers);
        !s.ok()) {
      return s;
    }
    const PartyAnswers& a = answers[i];
    if (!a.answered || a.details.size() != objections[i].size()) {
      return absl::UnavailableError(
          absl::StrCat(source.party_id(i), " did not explain its objections: ",
                       a.error.empty() ? "no details" : a.error));
    }
    for (std::size_t k = 0; k < a.details.size(); ++k) {
      if (a.votes[k] != kObject) continue;
      const VoteDetail& d = a.details[k];
      const int proposal = static_cast<int>(objections[i][k].proposal);
      const auto key = d.rule.empty()
                           ? std::make_tuple(i, std::string(), proposal)
                           : std::make_tuple(i, d.rule, -1);
      Tally& t = (*tallies)[key];
      if (t.count++ == 0) {
        t.party = i;
        t.move.set_party(source.party_id(i));
        if (d.rule.empty()) {
          t.move.set_tolerate(in.context.draft->proposals(proposal).id());
        } else {
          t.move.set_lift_rule(d.rule);
        }
        t.move.set_condition(absl::StrJoin(d.conditions, " and "));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ConcessionMoves> CollectMoves(const ConcessionInput& in) {
  VoteSource& source = *in.source;
  const std::uint64_t absent = in.forum->absent;
  std::vector<const std::uint8_t*> columns =
      ColumnPointers(*in.baseline, absent);
  std::vector<VoteColumn> conceded;
  TableContext context = in.context;
  Tallies tallies;
  for (int round = 0; round < kMaxRounds; ++round) {
    const std::vector<std::vector<Question>> objections =
        FailingObjections(in, columns);
    if (absl::Status s = source.Table(context); !s.ok()) return s;
    const std::size_t known = tallies.size();
    if (absl::Status s = TallyMoves(in, objections, &tallies); !s.ok()) {
      return s;
    }
    if (tallies.size() == known) break;
    // Concede everything found so far, and look again.
    google::protobuf::RepeatedPtrField<v1::ConcessionMove> all;
    std::uint64_t conceding = 0;
    for (const auto& [key, t] : tallies) {
      *all.Add() = t.move;
      conceding |= std::uint64_t{1} << t.party;
    }
    context.overlays = OverlaysOf(all);
    if (absl::Status s =
            FetchColumns(source, context, *in.table, conceding, &conceded);
        !s.ok()) {
      return s;
    }
    for (int i = 0; i < source.party_count(); ++i) {
      if ((conceding >> i) & 1u) columns[i] = conceded[i].data();
    }
    if (ReachOf(*in.table, *in.forum, columns).full) break;
  }
  std::vector<Tally> ranked;
  ranked.reserve(tallies.size());
  for (auto& [key, tally] : tallies) ranked.push_back(std::move(tally));
  std::stable_sort(
      ranked.begin(), ranked.end(),
      [](const Tally& a, const Tally& b) { return a.count > b.count; });
  ConcessionMoves out;
  out.of_party.assign(source.party_count(), 0);
  for (Tally& t : ranked) {
    if (static_cast<int>(out.moves.size()) == kMaxMoves) {
      ++out.dropped;
      continue;
    }
    out.of_party[t.party] |= std::uint64_t{1} << out.moves.size();
    out.party.push_back(t.party);
    out.moves.push_back(std::move(t.move));
  }
  return out;
}

}  // namespace concert::coordinator
