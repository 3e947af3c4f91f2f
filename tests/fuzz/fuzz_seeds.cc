// Writes the binary seeds of the fuzz targets from scenarios/ (the six-party
// scenario and its drafts), so that fuzzing starts from what the coordinator
// and the parties really send each other rather than from nothing:
//   fuzz_seeds DIR
// makes DIR/fuzz_party_questions/ (Table, Evaluate and batch requests, for
// every party and draft) and DIR/fuzz_party_answers/ (each draft's answers as
// the built-in parties give them, with a party's Describe reply under each
// memory, under the baseline and a variant). The
// format of each is in its target's file.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <grpcpp/server_context.h>

#include "absl/strings/str_cat.h"
#include "concert/v1/party.pb.h"
#include "services/party/rpc/party_service.h"
#include "tests/fuzz/fuzz_inputs.h"

namespace concert {
namespace {

// The handlers take their caller's context (a party under TLS reads the
// caller's roles from it): a real one of a call from no one, as a party
// served without TLS requires no role.
grpc::ServerContext& NoCaller() {
  static auto* const context = new grpc::ServerContext();
  return *context;
}

namespace fs = std::filesystem;

bool Write(const fs::path& dir, const std::string& name,
           const std::string& bytes) {
  std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
  out << bytes;
  return static_cast<bool>(out);
}

std::string Serialized(const google::protobuf::Message& message) {
  std::string out;
  message.SerializeToString(&out);
  return out;
}

int Run(const fs::path& root) {
  const v1::Scenario& scenario = fuzz::DefaultScenario();
  const auto& drafts = fuzz::DefaultDrafts();
  const int n = scenario.parties_size();
  const int d = static_cast<int>(drafts.size());
  const fs::path questions = root / "fuzz_party_questions";
  const fs::path answers = root / "fuzz_party_answers";
  fs::create_directories(questions);
  fs::create_directories(answers);
  bool ok = true;

  for (int k = 0; k < d; ++k) {
    const v1::CharterDraft& draft = drafts[k];
    v1::EvaluateBatchResult given;  // every party's answers to this draft
    for (int i = 0; i < n; ++i) {
      v1::TableRequest table;
      *table.mutable_draft() = draft;
      *table.mutable_initial_state() = scenario.initial_state();
      // The baseline, and the scenario's variants in turn across drafts.
      if (k > 0 && scenario.variants_size() > 0) {
        table.set_variant(
            scenario.variants((k - 1) % scenario.variants_size()).name());
      }
      const std::string tag = absl::StrCat(k, "-", i);
      ok &= Write(questions, absl::StrCat("table-", tag),
                  fuzz::Seed(i, Serialized(table)));

      v1::EvaluateRequest evaluate;
      *evaluate.mutable_table() = table;
      evaluate.set_proposal(draft.proposals(draft.proposals_size() - 1).id());
      evaluate.add_adopted(draft.proposals(0).id());
      ok &= Write(questions, absl::StrCat("evaluate-", tag),
                  fuzz::Seed(n + i, Serialized(evaluate)));

      v1::EvaluateBatch batch;
      *batch.mutable_table() = table;
      batch.set_set_words(1);
      for (int p = 0; p < draft.proposals_size() && p < 8; ++p) {
        batch.add_sets(p == 0 ? 0 : 1);
        batch.add_proposals(p);
      }
      batch.set_details(i % 2 == 0);
      ok &= Write(questions, absl::StrCat("batch-", tag),
                  fuzz::Seed(2 * n + i, Serialized(batch)));
      v1::EvaluateBatch range;
      *range.mutable_table() = table;
      range.set_lattice_first(k);
      range.set_lattice_count(32);
      ok &= Write(questions, absl::StrCat("range-", tag),
                  fuzz::Seed(2 * n + i, Serialized(range)));

      // What this party answers to the draft's first questions.
      party::PartyService service(scenario.parties(i));
      v1::TableResponse receipt;
      v1::TableRequest baseline = table;
      baseline.clear_variant();
      if (!service.Table(&NoCaller(), &baseline, &receipt).ok()) continue;
      for (int p = 0; p < draft.proposals_size(); ++p) {
        v1::EvaluateRequest ask;
        ask.set_draft_digest(receipt.draft_digest());
        ask.set_proposal(draft.proposals(p).id());
        v1::EvaluateResponse response;
        if (service.Evaluate(&NoCaller(), &ask, &response).ok()) {
          given.add_votes(response.vote());
          *given.add_details() = response;
        }
      }
    }
    // Batch checks of one size and another, with and without details.
    given.set_request_id(k % 2 == 0 ? 64 + k : given.votes_size() % 64);
    // Draft k with parties of each memory, under the baseline and under a
    // variant.
    for (int m = 0; m < 3; ++m) {
      party::PartyService service(scenario.parties(m));
      v1::DescribeResponse description;
      (void)service.Describe(&NoCaller(), nullptr, &description);
      description.set_memory(static_cast<v1::Memory>(m));
      const std::string said = Serialized(description);
      if (said.size() > 255) continue;  // its length is one byte
      const std::string message =
          std::string(1, static_cast<char>(said.size())) + said +
          Serialized(given);
      ok &= Write(answers, absl::StrCat("answers-", k, "-", m),
                  fuzz::Seed(k, message));
      if (scenario.variants_size() > 0) {
        ok &= Write(
            answers, absl::StrCat("answers-", k, "-", m, "-variant"),
            fuzz::Seed(k + d * (1 + k % scenario.variants_size()), message));
      }
    }
  }
  if (!ok) {
    std::fprintf(stderr, "fuzz_seeds: cannot write into %s\n", root.c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace concert

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seeds DIR\n");
    return 2;
  }
  return concert::Run(argv[1]);
}
