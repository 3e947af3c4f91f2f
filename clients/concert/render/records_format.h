// How `concert records list` and `concert records show` print records for
// people: the listing table and the header of one record (what was run,
// against what, when, by which coordinator), and a comparison's rows in
// brief (the full comparison report is comparison_report.h's). Pure formatting
// over the wire messages: no gRPC, no terminal queries.
#ifndef CONCERT_CLIENTS_CONCERT_RENDER_RECORDS_FORMAT_H_
#define CONCERT_CLIENTS_CONCERT_RENDER_RECORDS_FORMAT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "concert/v1/records.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace concert::cli {

// Unix milliseconds as "2026-11-27 23:07:26" (UTC, seconds precision);
// "-" for 0 or a negative time (never recorded).
std::string FormatUtc(std::int64_t unix_ms);

// The first 12 hex digits of a SHA-256 digest, enough to tell two scenarios
// or drafts apart by eye; the digest unchanged when shorter.
std::string ShortDigest(absl::string_view sha256);

// The decision rule in a table cell's few words: "consensus", "unanimity",
// "consensus-1", "consensus-2", "qualified 2/3" (", abstentions counted"
// when they are), followed by ", absent abstains" when an absent party does
// not block (the default, blocking, goes unsaid).
std::string ShortRuleName(const v1::DecisionRule& rule);

// The listing of `concert records list`: a header line, then one row per
// record in the order given (the coordinator sends them newest first) with
// the columns ID, KIND, CREATED (UTC), STATUS, DRAFT, VARIANT, RULE
// (ShortRuleName; "—" for a record kept before the rule was listed) and
// OUTCOME, aligned on display width. An empty variant reads "baseline".
// Laid out in `width` columns (TextTable::Render(width): lists and the
// outcome wrap at spaces, KIND and CREATED — which the id also says — go
// when there is no room, and a terminal too narrow for a table gets a
// block per record); 0: no limit, the outcome never cut. Each line ends
// with '\n'. No records: one line, "No records.", and nothing else.
std::string RecordsTable(
    const google::protobuf::RepeatedPtrField<v1::RecordSummary>& records,
    int width = 0);

// The header `concert records show` prints above a session's transcript:
// the record id, status, start and end (UTC, with the duration), scenario
// and draft ids with their short digests, variant, decision rule and the
// coordinator's version, values wrapped at `width` columns under their
// first word (so too the other headers below; 0: no limit). Lines end with
// '\n'; the last is blank.
std::string SessionRecordHeader(const v1::SessionRecord& record, int width = 0);

// Votes recorded for rounds whose outcome never was (the coordinator
// stopped between the votes and the outcome): one paragraph naming each
// partial round, its proposal and the votes in, wrapped at `width`
// columns. Empty when there are none.
std::string PartialRoundsText(const v1::SessionRecord& record, int width = 0);

// The header printed above an exploration's report: the record id, status,
// time made, scenario and draft with short digests, variant, rule, strategy,
// the coordinator's version and the size of the stored consensus graph.
// Lines end with '\n'; the last is blank.
std::string ExplorationRecordHeader(const v1::ExplorationRecord& record,
                                    int width = 0);

// The header printed for a comparison record: the record id, status, time
// made, scenario with its short digest, the drafts, variants and rules
// compared (the scenario's rule when the request named none), the
// what-ifs, the robustness study (samples, spread, seed, shard), whether
// concessions were searched, the coordinator's version, and the error when
// it failed. Lines end with '\n'; the last is blank.
std::string ComparisonRecordHeader(const v1::ComparisonRecord& record,
                                   int width = 0);

// A comparison's rows, one line each, under a header line: DRAFT, VARIANT,
// RULE, WHAT-IF, CONSENSUS (sequences reaching consensus of the admissible,
// or the estimated share of a sampled exploration), FULL CHARTER
// (reachable, out of reach, or the row's error) and ROBUST (the share of
// perturbed forums still reaching it, with its 95% interval). Then a line
// on the diffs and concession searches the record also holds, if any. The
// table fits `width` columns as TextTable::Render(width) lays it out (rule
// names, what-ifs and errors wrap).
// Without a result, one line saying why there is none. Lines end with '\n'.
std::string ComparisonRowsText(const v1::ComparisonRecord& record,
                               int width = 0);

}  // namespace concert::cli

#endif  // CONCERT_CLIENTS_CONCERT_RENDER_RECORDS_FORMAT_H_
