// Compilation of an interest model against a draft, and the fast vote. The
// explained vote (Evaluate) lives in evaluation.cc.
#include "services/party/core/interest_model.h"

#include <cmath>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace concert::party {
namespace {

constexpr double kTolerance = CompiledModel::kTolerance;

// The net move of `dimension` by `proposal` (effects on one dimension add up).
double NetMove(const v1::Proposal& proposal, const std::string& dimension) {
  double delta = 0;
  for (const auto& effect : proposal.effects()) {
    if (effect.dimension() == dimension) delta += effect.delta();
  }
  return delta;
}

bool Moves(const v1::Proposal& proposal, const v1::DimensionMove& move) {
  const double delta = NetMove(proposal, move.dimension());
  const double at_least = std::fabs(move.at_least());
  if (move.direction() == v1::DimensionMove::UP) {
    return delta > 0 && (at_least == 0 || delta >= at_least - kTolerance);
  }
  return delta < 0 && (at_least == 0 || -delta >= at_least - kTolerance);
}

bool Covers(const v1::Coverage& coverage, const v1::Proposal& proposal) {
  for (const auto& id : coverage.proposals()) {
    if (id == proposal.id()) return true;
  }
  for (const auto& tag : coverage.tags()) {
    for (const auto& own : proposal.tags()) {
      if (tag == own) return true;
    }
  }
  for (const auto& move : coverage.moves()) {
    if (Moves(proposal, move)) return true;
  }
  return false;
}

absl::Status CheckRule(const v1::PartyRule& rule) {
  if (rule.id().empty()) {
    return absl::InvalidArgumentError("a rule has no id");
  }
  if (rule.kind() != v1::PartyRule::RED_LINE &&
      rule.kind() != v1::PartyRule::CONCESSION &&
      rule.kind() != v1::PartyRule::STATEMENT) {
    return absl::InvalidArgumentError(
        absl::StrCat("rule '", rule.id(),
                     "' has no kind (RED_LINE, CONCESSION or STATEMENT)"));
  }
  for (const auto& t : rule.condition().thresholds()) {
    if (t.dimension().empty() || (t.comparison() != v1::Threshold::AT_LEAST &&
                                  t.comparison() != v1::Threshold::AT_MOST)) {
      return absl::InvalidArgumentError(
          absl::StrCat("rule '", rule.id(),
                       "' has a threshold without dimension or comparison"));
    }
  }
  for (const auto& m : rule.covers().moves()) {
    if (m.dimension().empty() || (m.direction() != v1::DimensionMove::UP &&
                                  m.direction() != v1::DimensionMove::DOWN)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "rule '", rule.id(), "' has a move without dimension or direction"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CompiledModel> CompiledModel::Compile(
    const v1::InterestModel& model, const v1::CharterDraft& draft,
    const google::protobuf::RepeatedPtrField<v1::DimensionValue>& initial_state,
    absl::Span<const std::string> tolerated) {
  std::vector<v1::DimensionValue> values(initial_state.begin(),
                                         initial_state.end());
  return Compile(model, draft, absl::MakeConstSpan(values), tolerated);
}

absl::StatusOr<CompiledModel> CompiledModel::Compile(
    const v1::InterestModel& model, const v1::CharterDraft& draft,
    absl::Span<const v1::DimensionValue> initial_state,
    absl::Span<const std::string> tolerated) {
  CompiledModel out;
  absl::StatusOr<DraftIndex> index = DraftIndex::Build(draft);
  if (!index.ok()) return index.status();
  out.index_ = *std::move(index);
  for (const std::string& id : tolerated) {
    const int p = out.index_.Find(id);
    if (p < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("tolerates unknown proposal '", id, "' (not in draft '",
                       draft.id(), "')"));
    }
    out.tolerated_ |= Bit(p);
  }

  // Tracked dimensions: positioned ones carry utility; threshold-only ones
  // are tracked (with salience 0) so that conditions can read them.
  absl::flat_hash_map<std::string, int> dim;
  for (const auto& position : model.positions()) {
    if (position.salience() < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("negative salience ", position.salience(), " on '",
                       position.dimension(), "'"));
    }
    if (!dim.emplace(position.dimension(), out.dimensions_.size()).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "dimension '", position.dimension(), "' is positioned twice"));
    }
    out.dimensions_.push_back(position.dimension());
    out.ideal_.push_back(position.ideal());
    out.salience_.push_back(position.salience());
  }
  absl::flat_hash_set<std::string> rule_ids;
  for (const auto& rule : model.rules()) {
    if (absl::Status s = CheckRule(rule); !s.ok()) return s;
    if (!rule_ids.insert(rule.id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("two rules have the id '", rule.id(), "'"));
    }
    for (const auto& t : rule.condition().thresholds()) {
      if (dim.emplace(t.dimension(), out.dimensions_.size()).second) {
        out.dimensions_.push_back(t.dimension());
        out.ideal_.push_back(0);
        out.salience_.push_back(0);
      }
    }
  }
  const int dims = static_cast<int>(out.dimensions_.size());

  out.initial_.assign(dims, 0.0);
  for (const auto& value : initial_state) {
    auto it = dim.find(value.dimension());
    if (it != dim.end()) out.initial_[it->second] = value.value();
  }

  const int n = out.index_.size();
  out.column_.assign(static_cast<size_t>(dims) * n, 0.0);
  out.movers_.assign(dims, 0);
  for (int p = 0; p < n; ++p) {
    for (const auto& effect : draft.proposals(p).effects()) {
      auto it = dim.find(effect.dimension());
      if (it != dim.end()) out.column_[it->second * n + p] += effect.delta();
    }
  }
  out.move_offsets_.assign(n + 1, 0);
  for (int p = 0; p < n; ++p) {
    out.move_offsets_[p] = static_cast<int>(out.moves_.size());
    for (int d = 0; d < dims; ++d) {
      const double delta = out.column_[d * n + p];
      if (delta == 0) continue;
      out.moves_.push_back({d, delta});
      out.movers_[d] |= Bit(p);
    }
  }
  out.move_offsets_[n] = static_cast<int>(out.moves_.size());

  out.support_threshold_ = model.support_threshold();
  out.objection_threshold_ = model.objection_threshold();

  for (const auto& source : model.rules()) {
    Rule rule;
    rule.red_line = source.kind() == v1::PartyRule::RED_LINE;
    rule.statement = source.kind() == v1::PartyRule::STATEMENT;
    for (int p = 0; p < n; ++p) {
      if (Covers(source.covers(), draft.proposals(p))) rule.covers |= Bit(p);
    }
    const v1::Condition& condition = source.condition();
    rule.never_holds =
        condition.thresholds().empty() && condition.adopted().empty();
    for (const auto& id : condition.adopted()) {
      const int p = out.index_.Find(id);
      // A proposal outside the draft can never be adopted under it.
      if (p < 0)
        rule.never_holds = true;
      else
        rule.needs |= Bit(p);
    }
    rule.threshold_begin = static_cast<int>(out.thresholds_.size());
    for (const auto& t : condition.thresholds()) {
      out.thresholds_.push_back({dim.at(t.dimension()),
                                 t.comparison() == v1::Threshold::AT_LEAST,
                                 t.value()});
    }
    rule.threshold_end = static_cast<int>(out.thresholds_.size());
    out.rules_.push_back(rule);
    out.source_rules_.push_back(source);
  }

  // Per proposal, the rules covering it, in rule order.
  out.rule_offsets_.assign(n + 1, 0);
  for (int p = 0; p < n; ++p) {
    out.rule_offsets_[p] = static_cast<int>(out.rule_ids_.size());
    for (int r = 0; r < static_cast<int>(out.rules_.size()); ++r) {
      if (out.rules_[r].statement) continue;  // never part of a vote
      if (Contains(out.rules_[r].covers, p)) out.rule_ids_.push_back(r);
    }
  }
  out.rule_offsets_[n] = static_cast<int>(out.rule_ids_.size());

  // Per proposal, the dimensions its vote reads.
  out.read_offsets_.assign(n + 1, 0);
  std::vector<bool> read(dims);
  for (int p = 0; p < n; ++p) {
    read.assign(dims, false);
    for (int m = out.move_offsets_[p]; m < out.move_offsets_[p + 1]; ++m) {
      read[out.moves_[m].dimension] = true;
    }
    for (int r : out.RulesOf(p)) {
      const Rule& rule = out.rules_[r];
      for (int t = rule.threshold_begin; t < rule.threshold_end; ++t) {
        read[out.thresholds_[t].dimension] = true;
      }
    }
    out.read_offsets_[p] = static_cast<int>(out.reads_.size());
    std::uint64_t mask = 0;
    for (int d = 0; d < dims; ++d) {
      if (!read[d]) continue;
      out.reads_.push_back(d);
      if (d < 64) mask |= std::uint64_t{1} << d;
    }
    out.read_masks_.push_back(mask);
  }
  out.read_offsets_[n] = static_cast<int>(out.reads_.size());
  return out;
}

double CompiledModel::ValueOf(int dimension, ProposalSet adopted) const {
  const int n = index_.size();
  const double* column = column_.data() + static_cast<size_t>(dimension) * n;
  double x = initial_[dimension];
  for (ProposalSet rest = adopted & movers_[dimension]; rest != 0;
       rest &= rest - 1) {
    x += column[__builtin_ctzll(rest)];
  }
  return x;
}

void CompiledModel::StateInto(ProposalSet adopted, double* x) const {
  for (size_t d = 0; d < dimensions_.size(); ++d) x[d] = ValueOf(d, adopted);
}

void CompiledModel::ReadStateInto(ProposalSet adopted, int proposal,
                                  double* x) const {
  for (int i = read_offsets_[proposal]; i < read_offsets_[proposal + 1]; ++i) {
    x[reads_[i]] = ValueOf(reads_[i], adopted);
  }
}

std::vector<double> CompiledModel::State(ProposalSet adopted) const {
  std::vector<double> x(dimensions_.size());
  StateInto(adopted, x.data());
  return x;
}

double CompiledModel::UtilityChange(const double* x, int proposal,
                                    double* contributions) const {
  double du = 0;
  for (int m = move_offsets_[proposal]; m < move_offsets_[proposal + 1]; ++m) {
    const int d = moves_[m].dimension;
    // u(x+e) - u(x), dimension by dimension: s * (|x - i| - |x + e - i|).
    const double c =
        salience_[d] * (std::fabs(x[d] - ideal_[d]) -
                        std::fabs(x[d] + moves_[m].delta - ideal_[d]));
    if (contributions != nullptr) contributions[d] = c;
    du += c;
  }
  return du;
}

v1::Vote CompiledModel::UtilityVote(double du) const {
  if (du >= support_threshold_ - kTolerance) return v1::VOTE_SUPPORT;
  if (du < -objection_threshold_ - kTolerance) return v1::VOTE_OBJECT;
  return v1::VOTE_ABSTAIN;
}

bool CompiledModel::Holds(const Rule& rule, const double* x,
                          ProposalSet adopted) const {
  if (rule.never_holds || (rule.needs & ~adopted) != 0) return false;
  for (int t = rule.threshold_begin; t < rule.threshold_end; ++t) {
    const Threshold& threshold = thresholds_[t];
    const double v = x[threshold.dimension];
    if (threshold.at_least ? v < threshold.value - kTolerance
                           : v > threshold.value + kTolerance) {
      return false;
    }
  }
  return true;
}

namespace {

// A state buffer: on the stack for up to kStackDimensions tracked
// dimensions, on the heap beyond (a scenario that large pays for it).
class StateBuffer {
 public:
  explicit StateBuffer(std::size_t dimensions) {
    if (dimensions > kStackDimensions) {
      heap_ = std::make_unique<double[]>(dimensions);
      x_ = heap_.get();
    }
  }
  double* get() { return x_; }

 private:
  static constexpr std::size_t kStackDimensions = 32;
  double stack_[kStackDimensions];
  std::unique_ptr<double[]> heap_;
  double* x_ = stack_;
};

}  // namespace

v1::Vote CompiledModel::Vote(ProposalSet adopted, int proposal) const {
  // Only the dimensions the vote reads are filled (and read).
  StateBuffer x(dimensions_.size());
  ReadStateInto(adopted, proposal, x.get());
  return VoteIn(x.get(), adopted, proposal);
}

// Up to here VoteEach fills the state row by row (see there); beyond, only
// the dimensions its proposals read, one pass over the set each.
constexpr std::size_t kRowWiseDimensions = 32;

// Flattened: VoteIn inlined into the loop over candidates is ~1 ns of ~9
// a vote (tests/bench: a party's answer to a lattice range).
__attribute__((flatten)) int CompiledModel::VoteEach(ProposalSet adopted,
                                                     ProposalSet proposals,
                                                     v1::Vote* out) const {
  // The state once for all of them: each dimension any of them reads, with
  // the same sums Vote makes, so the votes are Vote's exactly.
  StateBuffer x(dimensions_.size());
  if (dimensions_.size() <= kRowWiseDimensions) {
    // Row by row: the initial state, then each adopted proposal's moves in
    // increasing proposal index. Each dimension gets ValueOf's additions in
    // ValueOf's order (its movers, by index), so the numbers are the same
    // to the bit, at the cost of the adopted proposals' moves once rather
    // than a pass over the set for each dimension read.
    double* xs = x.get();
    std::copy(initial_.begin(), initial_.end(), xs);
    for (ProposalSet rest = adopted & index_.all(); rest != 0;
         rest &= rest - 1) {
      const int p = __builtin_ctzll(rest);
      for (int m = move_offsets_[p]; m < move_offsets_[p + 1]; ++m) {
        xs[moves_[m].dimension] += moves_[m].delta;
      }
    }
  } else if (dimensions_.size() <= 64) {
    std::uint64_t read = 0;
    for (ProposalSet rest = proposals; rest != 0; rest &= rest - 1) {
      read |= read_masks_[__builtin_ctzll(rest)];
    }
    for (; read != 0; read &= read - 1) {
      const int d = __builtin_ctzll(read);
      x.get()[d] = ValueOf(d, adopted);
    }
  } else {
    StateInto(adopted, x.get());
  }
  int count = 0;
  for (ProposalSet rest = proposals; rest != 0; rest &= rest - 1) {
    out[count++] = VoteIn(x.get(), adopted, __builtin_ctzll(rest));
  }
  return count;
}

v1::Vote CompiledModel::VoteIn(const double* x, ProposalSet adopted,
                               int proposal) const {
  v1::Vote vote = UtilityVote(UtilityChange(x, proposal, nullptr));
  for (int r : RulesOf(proposal)) {
    const Rule& rule = rules_[r];
    if (rule.red_line) {
      if (!Holds(rule, x, adopted)) vote = v1::VOTE_OBJECT;
    } else if (vote == v1::VOTE_OBJECT && Holds(rule, x, adopted)) {
      vote = v1::VOTE_ABSTAIN;
    }
  }
  if (vote == v1::VOTE_OBJECT && Contains(tolerated_, proposal)) {
    vote = v1::VOTE_ABSTAIN;
  }
  return vote;
}

void ToProto(const Evaluation& evaluation, v1::EvaluateResponse* out) {
  out->set_vote(evaluation.vote);
  out->set_utility_change(evaluation.utility_change);
  out->set_rationale(evaluation.rationale);
  out->set_rule(evaluation.rule);
  out->set_statement(evaluation.statement);
  out->clear_conditions();
  for (const auto& condition : evaluation.conditions)
    out->add_conditions(condition);
}

}  // namespace concert::party
