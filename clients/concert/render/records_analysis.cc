#include "clients/concert/render/records_analysis.h"

#include <set>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/concert/render/format_text.h"

namespace concert::cli {
namespace {

std::string TitleOf(const v1::CharterDraft& draft, absl::string_view id) {
  for (const v1::Proposal& p : draft.proposals()) {
    if (p.id() == id) return p.title();
  }
  return "";
}

// "P4 — Six-party verification mechanism", or "P4" when untitled.
std::string Labelled(const v1::CharterDraft& draft, absl::string_view id) {
  const std::string title = TitleOf(draft, id);
  return title.empty() ? std::string(id) : absl::StrCat(id, " — ", title);
}

// `ids` joined by arrows, wrapped at `width`, the first line after `prefix`
// and the others under it.
std::string ArrowLines(absl::string_view prefix,
                       const std::vector<std::string>& ids, int width) {
  const int indent = DisplayWidth(prefix);
  return IndentLines(prefix, WrapList(ids, " → ", width - indent));
}

std::vector<std::string> IdsOf(const v1::Sequence& sequence) {
  return {sequence.proposals().begin(), sequence.proposals().end()};
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseOrder(
    absl::string_view text, const v1::CharterDraft& draft) {
  std::set<std::string> known;
  for (const v1::Proposal& p : draft.proposals()) known.insert(p.id());

  std::vector<std::string> order;
  std::vector<std::string> unknown, repeated;
  std::set<std::string> seen;
  int empty_items = 0;
  for (absl::string_view item : absl::StrSplit(text, ',')) {
    const std::string id(absl::StripAsciiWhitespace(item));
    if (id.empty()) {
      ++empty_items;
      continue;
    }
    if (known.count(id) == 0) {
      unknown.push_back(id);
    } else if (!seen.insert(id).second) {
      repeated.push_back(id);
    }
    order.push_back(id);
  }
  std::vector<std::string> problems;
  if (empty_items > 0) {
    problems.push_back(absl::StrCat(empty_items, " empty item",
                                    empty_items == 1 ? "" : "s",
                                    " (two commas in a row?)"));
  }
  if (!unknown.empty()) {
    problems.push_back(absl::StrCat("not proposals of draft ", draft.id(), ": ",
                                    absl::StrJoin(unknown, ", ")));
  }
  if (!repeated.empty()) {
    problems.push_back(
        absl::StrCat("given twice: ", absl::StrJoin(repeated, ", ")));
  }
  if (order.empty() && problems.empty()) {
    problems.emplace_back("no proposal given");
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the order must name proposals of draft ", draft.id(),
        " once each, separated by commas, in order of adoption (all ",
        draft.proposals_size(), " of them, or the first few); ",
        absl::StrJoin(problems, "; ")));
  }
  return order;
}

std::string SequencesText(absl::string_view record_id,
                          const v1::CharterDraft& draft,
                          const std::vector<v1::Sequence>& sequences,
                          const v1::Exploration& result, int width) {
  std::string text;
  if (sequences.empty()) {
    absl::StrAppend(
        &text, "No order of adoption reaches consensus on the whole draft ",
        draft.id(), " (record ", record_id, ").\n");
    const v1::LargestAdoptable& largest = result.largest_adoptable();
    if (largest.size() > 0) {
      absl::StrAppend(&text, "The largest adoptable set holds ", largest.size(),
                      " of ", draft.proposals_size(),
                      " proposals; one order reaching it:\n");
      absl::StrAppend(&text,
                      ArrowLines("  ", IdsOf(largest.sequence()), width));
    }
    return text;
  }
  absl::StrAppend(
      &text,
      sequences.size() == 1
          ? "The best consensus sequence"
          : absl::StrCat("The ", sequences.size(), " best consensus sequences"),
      " of draft ", draft.id(), " (record ", record_id,
      "), most SUPPORT votes first:\n");
  const int number_width =
      static_cast<int>(absl::StrCat(sequences.size()).size());
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    std::string number = absl::StrCat(i + 1, ".");
    number.insert(0, number_width + 1 - number.size(), ' ');
    const std::string prefix = absl::StrCat("  ", number, " ");
    absl::StrAppend(&text, ArrowLines(prefix, IdsOf(sequences[i]), width));
    absl::StrAppend(&text, std::string(DisplayWidth(prefix), ' '),
                    "support votes: ", sequences[i].support_votes(), "\n");
  }
  return text;
}

std::string CheckText(const coordinator::SequenceCheck& check,
                      const v1::CharterDraft& draft, int width) {
  using Verdict = coordinator::SequenceCheck::Verdict;
  if (check.consensus()) {
    return absl::StrCat("✔ This order reaches consensus: all ",
                        check.steps_passed, " steps pass, with ",
                        check.support_votes, " SUPPORT votes.\n");
  }
  std::string text;
  switch (check.verdict) {
    case Verdict::kFailsRule:
      absl::StrAppend(
          &text,
          WrapWithPrefix(absl::StrCat("✘ Fails at step ", check.step, ": "),
                         absl::StrCat(Labelled(draft, check.proposal),
                                      " does not pass the decision rule."),
                         width));
      if (check.parties.empty()) {
        absl::StrAppend(&text,
                        WrapWithPrefix("  ",
                                       "The record's blockers do not name who "
                                       "objects to it.",
                                       width));
      } else {
        absl::StrAppend(
            &text, WrapWithPrefix("  Objecting to it in the exploration: ",
                                  absl::StrJoin(check.parties, ", "), width));
      }
      break;
    case Verdict::kInadmissible:
      absl::StrAppend(
          &text,
          WrapWithPrefix(absl::StrCat("✘ Fails at step ", check.step, ": "),
                         absl::StrCat(Labelled(draft, check.proposal),
                                      " cannot be tabled yet."),
                         width));
      absl::StrAppend(
          &text, WrapWithPrefix("  Waiting on: ",
                                absl::StrJoin(check.waiting_on, ", "), width));
      break;
    case Verdict::kIncomplete: {
      const int total = draft.proposals_size();
      absl::StrAppend(
          &text,
          WrapWithPrefix(
              check.completable ? "✔ " : "✘ ",
              absl::StrCat(
                  "Every step passes: ", check.steps_passed, " of ", total,
                  " proposals adopted (", check.support_votes,
                  " SUPPORT votes). From there ",
                  check.completable
                      ? "the full charter can still be reached."
                      : absl::StrCat("no order adopts the whole draft: at "
                                     "most ",
                                     check.most_after, " of ", total,
                                     " proposals in all.")),
              width));
      break;
    }
    default:  // unknown or repeated ids: ParseOrder keeps them out
      absl::StrAppend(&text, WrapWithPrefix("✘ ", check.reason, width));
      break;
  }
  if (check.step > 0) {
    absl::StrAppend(&text, "  ", check.steps_passed, " step",
                    check.steps_passed == 1 ? "" : "s", " passed before it (",
                    check.support_votes, " SUPPORT votes).\n");
  }
  return text;
}

}  // namespace concert::cli
