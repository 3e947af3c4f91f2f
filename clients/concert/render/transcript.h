// The transcript `concert run` prints: a human-readable account of a session,
// written event by event as the coordinator streams it, so that rounds appear
// as they happen. Pure formatting: no gRPC, no terminal queries.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_TRANSCRIPT_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_TRANSCRIPT_H_

#include <map>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "concert/v1/session.pb.h"

namespace concert::cli {

struct TranscriptOptions {
  // Emit ANSI colour and bold. The caller decides (typically
  // isatty(STDOUT_FILENO) and no NO_COLOR in the environment); plain text
  // otherwise.
  bool color = false;
  // Column at which rationales, conditions and lists are wrapped.
  int width = 100;
};

// Writes a session's transcript to a stream, one event at a time:
//   header   draft, scenario and variant, decision rule, parties;
//   rounds   "Round 3 · pass 1 · S2 · verif_mechanism — title", then one
//            aligned line per party (✔ support, · abstain, ✘ object,
//            – absent) with its utility change and rationale ("(from the
//            record)" when a resumed session read it back), the
//            objectors' conditions ("would accept once: ..."), and the
//            outcome (ADOPTED / DEFERRED with the explanation); in a
//            resumed session, one line before the first round asked live
//            saying how many rounds were replayed from the record;
//   summary  the outcome, proposals adopted in order, and each proposal not
//            adopted with its blocking parties, their rationales, what would
//            unlock it and the prerequisites it waits on.
// The stream is flushed after each event. Not thread-safe; one renderer per
// session.
class TranscriptRenderer {
 public:
  // `out` must outlive the renderer.
  TranscriptRenderer(std::ostream& out, TranscriptOptions options);

  // Writes the part of the transcript for `event`; an empty event is ignored.
  void Write(const v1::SessionEvent& event);

  void WriteStarted(const v1::SessionStarted& started);
  void WriteRound(const v1::Round& round);
  void WriteSummary(const v1::SessionSummary& summary);

 private:
  // "id — title" when the title is known from a round, else "id".
  std::string ProposalLabel(const std::string& id) const;

  std::ostream& out_;
  const TranscriptOptions options_;
  // Widest party id seen, for aligning the vote column.
  int party_width_ = 4;
  // Proposals in the draft (from the header; 0 if unknown).
  int proposal_count_ = 0;
  // Proposal id → title, learned from rounds, for the summary.
  std::map<std::string, std::string> titles_;
  // A resumed session: rounds with votes read back from the record, and
  // whether the line marking where live asking resumed was written.
  int replayed_rounds_ = 0;
  bool resume_marked_ = false;
};

// The whole transcript of a finished session, as a string.
std::string RenderTranscript(const v1::Session& session,
                             TranscriptOptions options);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_TRANSCRIPT_H_
