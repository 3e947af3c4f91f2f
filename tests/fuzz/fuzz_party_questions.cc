// fuzz_party_questions: what a party server does with the coordinator's
// requests, through the service's own handlers (PartyService: request checks,
// variant and overlay resolution, the perturbation, compiling the draft, the
// digest-keyed cache, answering single questions and batches) but without a
// network: the handlers are called directly, as gRPC would.
//
// Input: a selector byte, then one serialized concert.v1 message. With n the
// scenario's parties, party = selector % n (which of the six-party
// scenario's parties answers), then by (selector / n) % 3:
//   0  a TableRequest: Table, then a lattice range with details and one
//      question per proposal on the tabled draft (so that a draft the
//      party takes is also voted on);
//   1  an EvaluateRequest: Evaluate (it carries its TableRequest);
//   2  an EvaluateBatch: the model it names, as a stream finds it
//      (ModelFor), then AnswerBatch;
// and (selector / 3n) % 2 == 1 serves the party as from a profile (every
// unknown variant is its baseline). A fresh service per input, so an input
// fails alone or not at all.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <grpcpp/server_context.h>

#include "concert/v1/party.pb.h"
#include "services/party/core/effective_profile.h"
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

using party::AnswerBatch;
using party::PartyService;
using party::PartyServiceOptions;

// Votes on what a party took: what the coordinator asks next.
void AskTabled(PartyService& service, const v1::TableRequest& table,
               const std::string& digest) {
  v1::EvaluateBatch batch;
  batch.set_draft_digest(digest);
  batch.set_lattice_count(64);
  batch.set_details(true);
  v1::EvaluateBatchResult result;
  AnswerBatch(service.ModelFor(batch).get(), batch, &result);
  const int proposals = std::min(table.draft().proposals_size(), 8);
  for (int p = 0; p < proposals; ++p) {
    v1::EvaluateRequest request;
    request.set_draft_digest(digest);
    request.set_proposal(table.draft().proposals(p).id());
    v1::EvaluateResponse response;
    (void)service.Evaluate(&NoCaller(), &request, &response);
  }
}

void FuzzParty(const fuzz::Selected& in) {
  const v1::Scenario& scenario = fuzz::DefaultScenario();
  const int n = scenario.parties_size();
  const int op = (in.selector / n) % 3;
  PartyServiceOptions options;
  options.scenario_variants = party::ScenarioVariants(scenario);
  options.baseline_for_other_variants = (in.selector / (3 * n)) % 2 == 1;
  PartyService service(scenario.parties(in.selector % n), options);

  v1::DescribeResponse description;
  (void)service.Describe(&NoCaller(), nullptr, &description);
  switch (op) {
    case 0: {
      v1::TableRequest table;
      if (!table.ParseFromString(in.message)) return;
      v1::TableResponse receipt;
      if (service.Table(&NoCaller(), &table, &receipt).ok()) {
        AskTabled(service, table, receipt.draft_digest());
      }
      return;
    }
    case 1: {
      v1::EvaluateRequest request;
      if (!request.ParseFromString(in.message)) return;
      v1::EvaluateResponse response;
      (void)service.Evaluate(&NoCaller(), &request, &response);
      return;
    }
    default: {
      v1::EvaluateBatch batch;
      if (!batch.ParseFromString(in.message)) return;
      v1::EvaluateBatchResult result;
      AnswerBatch(service.ModelFor(batch).get(), batch, &result);
      return;
    }
  }
}

}  // namespace
}  // namespace concert

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  concert::FuzzParty(concert::fuzz::Select(data, size));
  return 0;
}
