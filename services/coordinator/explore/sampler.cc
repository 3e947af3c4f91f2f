#include "services/coordinator/explore/sampler.h"

#include <algorithm>
#include <array>
#include <bit>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "services/coordinator/explore/blockers.h"
#include "services/coordinator/explore/result.h"

namespace concert::coordinator {
namespace {

// admissible * k / n, rounded to the nearest integer.
Count Scale(const Count& admissible, std::uint64_t k, std::uint64_t n) {
  if (n == 0) return 0;
  return (admissible * k * 2 + n) / (Count(n) * 2);
}

// One sampled order and how it fared.
struct Sample {
  std::vector<std::uint32_t> order;
  ProposalSet set = 0;              // adopted so far
  bool alive = true;                // every step so far passed
  std::uint64_t alive_without = 0;  // bit w: passed with w's objections aside
  std::size_t passed = 0;           // steps passed before the first failure
  std::int64_t support = 0;         // SUPPORT votes along those steps
};

// Whether `a` is a better pick than `b`: longer passing prefix, then more
// support, then the smaller prefix in proposal order.
bool Better(const Sample& a, const Sample& b) {
  if (a.passed != b.passed) return a.passed > b.passed;
  if (a.support != b.support) return a.support > b.support;
  return std::lexicographical_compare(
      a.order.begin(), a.order.begin() + a.passed, b.order.begin(),
      b.order.begin() + b.passed);
}

std::vector<int> Prefix(const Sample& s) {
  return std::vector<int>(s.order.begin(), s.order.begin() + s.passed);
}

}  // namespace

std::vector<std::uint32_t> SampleOrder(const DraftIndex& index,
                                       const SequenceCounter& counter,
                                       std::mt19937_64& random) {
  std::vector<std::uint32_t> order;
  if (counter.admissible() == 0) return order;
  std::array<double, kMaxProposals> weight{};
  std::array<int, kMaxProposals> proposal{};
  for (ProposalSet set = 0; set != index.all();) {
    int n = 0;
    double total = 0;
    for (ProposalSet c = index.Candidates(set); c != 0; c &= c - 1) {
      proposal[n] = std::countr_zero(c);
      weight[n] = counter.StepWeight(set, proposal[n]);
      total += weight[n++];
    }
    // Completions(set) > 0 along a sampled order, so some weight is.
    double r = std::uniform_real_distribution<double>(0, total)(random);
    int pick = 0;
    while (pick < n - 1 && (weight[pick] == 0 || r >= weight[pick])) {
      r -= weight[pick++];
    }
    while (weight[pick] == 0 && pick > 0) --pick;  // rounding at the end
    order.push_back(proposal[pick]);
    set |= Bit(proposal[pick]);
  }
  return order;
}

absl::Status ExploreBySampling(ExploreContext& context,
                               const SequenceCounter& counter,
                               v1::Exploration* out) {
  const DraftIndex& index = context.index();
  const ExploreOptions& options = context.options();
  const int parties = context.parties();
  const std::uint64_t everyone =
      parties == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << parties) - 1;

  // Saturated rather than wrapped: 2^57 samples must read as too many, not
  // as a few bytes.
  const std::uint64_t per_sample =
      sizeof(Sample) + index.size() * sizeof(std::uint32_t);
  const std::uint64_t bytes =
      options.samples > std::numeric_limits<std::uint64_t>::max() / per_sample
          ? std::numeric_limits<std::uint64_t>::max()
          : options.samples * per_sample;
  absl::Status budget =
      context.CheckBudget(0, bytes, absl::StrCat(options.samples, " samples"));
  if (!budget.ok()) return budget;
  std::mt19937_64 random(options.seed);
  std::vector<Sample> samples;
  if (counter.admissible() > 0) {
    samples.resize(options.samples);
    for (Sample& s : samples) {
      s.order = SampleOrder(index, counter, random);
      s.alive_without = everyone;
    }
  }

  BlockerTally blockers(index.size(), parties);
  const std::uint64_t history_parties = context.history_parties();
  // Per chunk of samples at step k: each distinct question once — per
  // (set, proposal) for SET parties, per (order so far, proposal) for
  // HISTORY parties.
  std::vector<Question> set_questions, history_questions;
  absl::flat_hash_map<std::pair<ProposalSet, std::uint32_t>, std::uint32_t>
      set_index;
  absl::flat_hash_map<std::string, std::uint32_t> history_index;
  std::vector<std::size_t> asked;  // samples of the chunk
  std::vector<std::uint32_t> set_of, history_of;
  std::vector<PartyAnswers> set_answers, history_answers;
  std::array<std::uint8_t, 64> buffer{};
  const std::span<std::uint8_t> votes(buffer.data(), parties);
  std::uint64_t steps = 0;
  // One phase: every party's world is followed along the same samples.
  context.BeginPhase("sampling orders", 1, 1);
  for (int k = 0; k < index.size(); ++k) {
    context.set_level(k);
    std::size_t next = 0;
    while (next < samples.size()) {
      set_questions.clear();
      history_questions.clear();
      set_index.clear();
      history_index.clear();
      asked.clear();
      set_of.clear();
      history_of.clear();
      for (; next < samples.size() &&
             asked.size() < options.max_questions_per_ask;
           ++next) {
        const Sample& s = samples[next];
        if (!s.alive && s.alive_without == 0) continue;
        asked.push_back(next);
        const std::uint32_t p = s.order[k];
        auto [at, added] = set_index.try_emplace(
            std::make_pair(s.set, p),
            static_cast<std::uint32_t>(set_questions.size()));
        if (added) set_questions.emplace_back(s.set, p);
        set_of.push_back(at->second);
        if (history_parties == 0) continue;
        std::string key(reinterpret_cast<const char*>(s.order.data()),
                        (k + 1) * sizeof(std::uint32_t));
        auto [hat, hadded] = history_index.try_emplace(
            std::move(key),
            static_cast<std::uint32_t>(history_questions.size()));
        if (hadded) {
          history_questions.emplace_back(
              s.set, p, std::span<const std::uint32_t>(s.order.data(), k));
        }
        history_of.push_back(hat->second);
      }
      absl::Status status =
          context.Ask(set_questions, &set_answers, context.set_parties());
      if (!status.ok()) return status;
      if (history_parties != 0) {
        status =
            context.Ask(history_questions, &history_answers, history_parties);
        if (!status.ok()) return status;
      }
      for (std::size_t q = 0; q < asked.size(); ++q) {
        Sample& s = samples[asked[q]];
        const int p = static_cast<int>(s.order[k]);
        for (int i = 0; i < parties; ++i) {
          votes[i] =
              (history_parties >> i) & 1u
                  ? ExploreContext::VoteOf(history_answers, i, history_of[q])
                  : ExploreContext::VoteOf(set_answers, i, set_of[q]);
        }
        const bool passes = context.Passes(votes, p);
        if (s.alive) {
          blockers.Add(s.set, p, passes, votes,
                       std::span<const std::uint32_t>(s.order.data(), k));
          if (passes) {
            ++s.passed;
            s.support += TallyOf(votes).support;
          }
          s.alive = passes;
        }
        for (std::uint64_t w = s.alive_without; w != 0; w &= w - 1) {
          const int party = std::countr_zero(w);
          if (!context.Passes(votes, p, party)) {
            s.alive_without &= ~(std::uint64_t{1} << party);
          }
        }
        s.set |= Bit(p);
      }
      steps += asked.size();
      context.add_states(asked.size());
    }
    // Each step asks about as much as another: the steps taken are the
    // share done.
    context.set_phase_done(static_cast<double>(k + 1) / index.size());
    absl::Status status = context.Report();
    if (!status.ok()) return status;
  }

  std::uint64_t consensus = 0;
  std::vector<std::uint64_t> without(parties, 0);
  const Sample* best = nullptr;
  const Sample* largest = nullptr;
  for (const Sample& s : samples) {
    if (s.alive) {
      ++consensus;
      if (best == nullptr || Better(s, *best)) best = &s;
    }
    if (largest == nullptr || Better(s, *largest)) largest = &s;
    for (std::uint64_t w = s.alive_without; w != 0; w &= w - 1) {
      ++without[std::countr_zero(w)];
    }
  }

  const std::uint64_t n = samples.size();
  const Count estimated = Scale(counter.admissible(), consensus, n);
  v1::Estimate* e = out->mutable_estimate();
  e->set_samples(n);
  e->set_consensus_samples(consensus);
  e->set_share(n == 0 ? 0 : static_cast<double>(consensus) / n);
  const Interval ci = WilsonInterval(consensus, n);
  e->set_share_low(ci.low);
  e->set_share_high(ci.high);
  e->set_consensus_sequences(ToDecimal(estimated));
  e->set_seed(options.seed);

  out->set_strategy(v1::EXPLORE_STRATEGY_SAMPLE);
  out->set_consensus_sequences(ToDecimal(estimated));
  out->set_consensus_share(e->share());
  out->set_full_charter_reachable(consensus > 0);
  out->set_states_explored(steps);
  if (best != nullptr) {
    *out->mutable_best_sequence() =
        MakeSequence(index, Prefix(*best), best->support);
  }
  v1::LargestAdoptable* la = out->mutable_largest_adoptable();
  if (largest != nullptr) {
    la->set_size(static_cast<int>(largest->passed));
    *la->mutable_sequence() =
        MakeSequence(index, Prefix(*largest), largest->support);
  }
  for (auto& stat : blockers.Finish(context)) {
    *out->add_blockers() = std::move(stat);
  }
  if (options.veto_power) {
    std::vector<Count> counts;
    std::vector<std::string> ids;
    for (int i = 0; i < parties; ++i) {
      counts.push_back(Scale(counter.admissible(), without[i], n));
      ids.push_back(context.party_id(i));
    }
    FillVetoPower(ids, counts, out);
  }
  return absl::OkStatus();
}

}  // namespace concert::coordinator
