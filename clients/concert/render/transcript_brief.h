// The short form of a session's transcript (`concert run --brief`): one
// line for the header, one per round, and the outcome in one line, instead
// of the full transcript's two hundred and more. Written event by event as
// the coordinator streams them, like the full transcript. Pure formatting:
// no gRPC, no terminal queries.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_TRANSCRIPT_BRIEF_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_TRANSCRIPT_BRIEF_H_

#include <ostream>
#include <string>

#include "clients/concert/render/transcript.h"
#include "concert/v1/session.pb.h"

namespace concert::cli {

// Writes, for `options.width` columns (a line too long wraps under its
// text, never inside a word):
//   header   "session ID · DRAFT (12 proposals) · variant V · rule R"
//   rounds   "Round  5  DEFERRED  hotline — objected: DPRK, CHN" (ADOPTED
//            rounds name no objector; an absent party is named as such)
//   summary  "Outcome: " and the record's one-line outcome, e.g.
//            "deadlock: 8 of 12 adopted; blocked: P3 (DPRK, CHN)".
// The stream is flushed after each event. One renderer per session.
class BriefTranscriptRenderer {
 public:
  // `out` must outlive the renderer.
  BriefTranscriptRenderer(std::ostream& out, TranscriptOptions options);

  // Writes the line(s) for `event`; an empty event is ignored.
  void Write(const v1::SessionEvent& event);

  void WriteStarted(const v1::SessionStarted& started);
  void WriteRound(const v1::Round& round);
  void WriteSummary(const v1::SessionSummary& summary);

 private:
  std::ostream& out_;
  const TranscriptOptions options_;
  // Proposals in the draft (from the header; 0 if unknown), for the outcome
  // line and the width of the round numbers.
  int proposals_ = 0;
};

// The brief transcript of a finished session, as a string.
std::string RenderBriefTranscript(const v1::Session& session,
                                  TranscriptOptions options);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_TRANSCRIPT_BRIEF_H_
