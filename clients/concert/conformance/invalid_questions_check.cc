// The invalid-questions check: a question the party cannot take is refused
// with the code (or the stream `error`) the contract names — never answered
// with a made-up vote, never a crash — and the party goes on answering. An
// unknown digest is refused distinctly (FAILED_PRECONDITION, or an error
// saying "digest"): that is how the coordinator learns to table again.
#include <functional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/concert/conformance/checks.h"
#include "clients/concert/conformance/problem_list.h"

namespace concert::conformance {
namespace {

constexpr char kUnknownDigest[] = "conformance-unknown-digest";
constexpr char kUnknownId[] = "conformance-no-such-proposal";

struct UnaryCase {
  std::string what;
  v1::EvaluateRequest request;
  grpc::StatusCode expected;
  const char* expected_name;
};

struct StreamCase {
  std::string what;
  v1::EvaluateBatch batch;
  // A word, in lower case, the error must contain in any case (empty: any
  // error).
  std::string must_say;
};

std::vector<UnaryCase> UnaryCases(const DraftIndex& index,
                                  const std::string& digest) {
  std::vector<UnaryCase> cases;
  v1::EvaluateRequest request;
  request.set_draft_digest(kUnknownDigest);
  request.set_proposal(index.id(0));
  cases.push_back({"Evaluate with an unknown digest (and no `table`)", request,
                   grpc::StatusCode::FAILED_PRECONDITION,
                   "FAILED_PRECONDITION"});
  request.set_draft_digest(digest);
  request.set_proposal(kUnknownId);
  cases.push_back({absl::StrCat("Evaluate of proposal '", kUnknownId,
                                "', not in the draft"),
                   request, grpc::StatusCode::INVALID_ARGUMENT,
                   "INVALID_ARGUMENT"});
  request.set_proposal(index.id(0));
  request.add_adopted(kUnknownId);
  cases.push_back({absl::StrCat("Evaluate after adopting '", kUnknownId,
                                "', not in the draft"),
                   request, grpc::StatusCode::INVALID_ARGUMENT,
                   "INVALID_ARGUMENT"});
  return cases;
}

// A one-question batch about proposal 0 on the empty set, for breaking.
v1::EvaluateBatch ValidBatch(std::uint64_t request_id,
                             const std::string& digest) {
  return BatchFor({Question{{}, 0}}, request_id, digest, /*details=*/false,
                  /*with_history=*/false);
}

std::vector<StreamCase> StreamCases(const DraftIndex& index,
                                    const std::string& digest) {
  const int n = index.size();
  std::vector<StreamCase> cases;
  v1::EvaluateBatch batch = ValidBatch(91, kUnknownDigest);
  cases.push_back(
      {"a batch with an unknown digest (and no `table`)", batch, "digest"});
  batch = ValidBatch(92, digest);
  batch.set_proposals(0, static_cast<std::uint32_t>(n));
  cases.push_back({absl::StrCat("a batch asking about proposal index ", n,
                                " (the draft has ", n, ")"),
                   batch, ""});
  if (n < kMaxProposals) {
    batch = ValidBatch(93, digest);
    batch.set_sets(0, Bit(n));
    cases.push_back({absl::StrCat("a batch whose set adopts index ", n,
                                  ", beyond the draft"),
                     batch, ""});
  }
  batch = ValidBatch(94, digest);
  batch.set_set_words(2);
  cases.push_back({"a batch of set_words 2 carrying one-word sets", batch, ""});
  batch = ValidBatch(95, digest);
  batch.add_sets(0);
  cases.push_back({"a batch with 2 sets for 1 proposal", batch, ""});
  return cases;
}

// What is wrong with the party's answer to `c` (empty: nothing).
std::string JudgeUnary(PartyClient& client, const UnaryCase& c) {
  v1::EvaluateResponse response;
  const grpc::Status status = client.Evaluate(c.request, &response);
  if (status.ok()) {
    return absl::StrCat(c.what, ": answered ", VoteText(response.vote()),
                        " instead of ", c.expected_name);
  }
  if (status.error_code() != c.expected) {
    return absl::StrCat(c.what, ": ", StatusText(status), ", expected ",
                        c.expected_name);
  }
  return "";
}

std::string JudgeStream(PartyClient& client, const StreamCase& c) {
  const StreamExchange exchange = client.EvaluateStream({c.batch});
  if (exchange.results.empty()) {
    if (!exchange.status.ok()) {
      return absl::StrCat(c.what, ": the stream ended with ",
                          StatusText(exchange.status),
                          " instead of a result with `error`");
    }
    return absl::StrCat(c.what,
                        ": the party closed the stream without answering "
                        "(expected a result with `error`)");
  }
  const v1::EvaluateBatchResult& result = exchange.results.front();
  if (result.error().empty()) {
    return absl::StrCat(c.what, ": answered ", result.votes_size(), " vote(s)",
                        result.votes_size() > 0
                            ? absl::StrCat(" (", VoteText(result.votes(0)), ")")
                            : "",
                        " and no `error`");
  }
  if (result.votes_size() != 0 || result.details_size() != 0) {
    return absl::StrCat(c.what, ": `error` set but ", result.votes_size(),
                        " votes and ", result.details_size(),
                        " details as well (they must be empty)");
  }
  if (!c.must_say.empty() &&
      !absl::StrContains(absl::AsciiStrToLower(result.error()), c.must_say)) {
    return absl::StrCat(c.what, ": the error '", result.error(),
                        "' does not say \"", c.must_say,
                        "\" (the coordinator looks for it to table again)");
  }
  return "";
}

}  // namespace

CheckResult CheckInvalidQuestions(PartyClient& client, const DraftIndex& index,
                                  const std::string& digest,
                                  StreamSupport support) {
  ProblemList problems;
  const std::vector<UnaryCase> unary = UnaryCases(index, digest);
  for (const UnaryCase& c : unary) {
    if (std::string wrong = JudgeUnary(client, c); !wrong.empty()) {
      problems.Add(std::move(wrong));
    }
  }
  std::string stream_note;
  int stream_cases = 0;
  if (support == StreamSupport::kConforming) {
    for (const StreamCase& c : StreamCases(index, digest)) {
      ++stream_cases;
      if (std::string wrong = JudgeStream(client, c); !wrong.empty()) {
        problems.Add(std::move(wrong));
      }
    }
    stream_note = absl::StrCat(", ", stream_cases,
                               " batches answered with `error` by the stream");
  } else if (support == StreamSupport::kUnimplemented) {
    stream_note = "; no stream cases (EvaluateStream is not implemented)";
  } else {
    stream_note = "; stream cases not asked (evaluate-stream failed)";
  }

  // Still there: it describes itself and answers a valid question.
  v1::DescribeResponse described;
  grpc::Status status = client.Describe(&described);
  if (status.ok()) {
    v1::EvaluateResponse response;
    status = client.Evaluate(EvaluateRequestFor(Question{{}, 0}, index, digest),
                             &response);
  }
  if (!status.ok()) {
    problems.Add(absl::StrCat(
        "the party stopped answering after the invalid questions: ",
        StatusText(status)));
  }
  if (!problems.empty()) return Fail(kInvalidQuestions, problems.Summary());
  return Pass(kInvalidQuestions,
              absl::StrCat(unary.size(),
                           " refused by Evaluate (FAILED_PRECONDITION for the "
                           "unknown digest, INVALID_ARGUMENT for unknown ids)",
                           stream_note, "; still answering"));
}

}  // namespace concert::conformance
