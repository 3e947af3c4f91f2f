#include "clients/sdk/party_service.h"

#include <algorithm>
#include <exception>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/sdk/answers.h"
#include "services/common/server/grpc_status.h"
#include "services/common/tls/peer.h"
#include "services/party/core/perturbation.h"

namespace concert::sdk::internal {

absl::Status CheckDescription(const Description& description) {
  if (description.id.empty()) {
    return absl::InvalidArgumentError(
        "the party's Describe() gives no id (the id of its seat in the "
        "scenario)");
  }
  if (description.memory != v1::MEMORY_SET &&
      description.memory != v1::MEMORY_HISTORY) {
    return absl::InvalidArgumentError(absl::StrCat(
        "party ", description.id,
        ": Describe() must set memory to MEMORY_SET (votes depend on the "
        "adopted set only) or MEMORY_HISTORY (also on the order)"));
  }
  return absl::OkStatus();
}

absl::Status CheckStudies(const Description& description,
                          const v1::TableRequest& request) {
  if (absl::Status s = party::CheckPerturbation(request.perturbation());
      !s.ok()) {
    return s;
  }
  const v1::PartyOverlay& overlay = request.overlay();
  if (overlay.ByteSizeLong() == 0) return absl::OkStatus();
  if (overlay.party() != description.id) {
    return absl::InvalidArgumentError(
        absl::StrCat("an overlay naming party '", overlay.party(),
                     "' was handed to party ", description.id));
  }
  if (!description.applies_overlays) {
    return absl::InvalidArgumentError(absl::StrCat(
        "party ", description.id, " does not apply what-if overlays"));
  }
  return absl::OkStatus();
}

PartyService::PartyService(const Party& party, Description description,
                           std::size_t cache_capacity, bool require_coordinator,
                           int max_streams)
    : party_(party),
      description_(std::move(description)),
      require_coordinator_(require_coordinator),
      drafts_(cache_capacity),
      streams_(max_streams, "evaluate streams", "the party's --limit-streams") {
}

grpc::Status PartyService::Admit(const grpc::ServerContext& context,
                                 const char* method) const {
  return tls::RequireRole(context, tls::Role::kCoordinator, method,
                          require_coordinator_);
}

grpc::Status PartyService::Describe(grpc::ServerContext* context,
                                    const v1::DescribeRequest*,
                                    v1::DescribeResponse* response) {
  if (auto s = Admit(*context, "Describe"); !s.ok()) return s;
  response->set_party_id(description_.id);
  response->set_name(description_.name);
  response->set_version(description_.version.empty() ? kSdkVersion
                                                     : description_.version);
  response->set_memory(description_.memory);
  // The SDK walks the lattice order for a party whose votes depend on the
  // set only (AnswerBatch): asked a small draft's every question, it is
  // sent a range, not each question.
  response->set_answers_lattice(description_.memory == v1::MEMORY_SET);
  for (const std::string& v : description_.variants) response->add_variants(v);
  response->set_baseline_for_other_variants(
      description_.any_variant_as_baseline);
  return grpc::Status::OK;
}

absl::StatusOr<std::shared_ptr<const Draft>> PartyService::Tabled(
    const v1::TableRequest& request) {
  const std::string digest = Draft::Digest(request);
  if (auto kept = drafts_.Find(digest)) return kept;
  const auto& served = description_.variants;
  if (!request.variant().empty() && !description_.any_variant_as_baseline &&
      std::find(served.begin(), served.end(), request.variant()) ==
          served.end()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "party ", description_.id, " does not serve variant '",
        request.variant(), "' (it serves the baseline",
        served.empty() ? "" : " and ", absl::StrJoin(served, ", "), ")"));
  }
  if (absl::Status studies = CheckStudies(description_, request);
      !studies.ok()) {
    return studies;
  }
  absl::MutexLock lock(&preparing_);
  if (auto kept = drafts_.Find(digest)) return kept;  // prepared meanwhile
  auto draft = Draft::Make(request);
  if (!draft.ok()) return draft.status();
  absl::Status prepared;
  try {
    prepared = party_.Prepare(**draft);
  } catch (const std::exception& e) {
    prepared = absl::InternalError(e.what());
  }
  if (!prepared.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("party ", description_.id, " refuses draft '",
                     request.draft().id(), "': ", prepared.message()));
  }
  std::shared_ptr<const Draft> kept = *std::move(draft);
  drafts_.Insert(kept);
  return kept;
}

grpc::Status PartyService::Table(grpc::ServerContext* context,
                                 const v1::TableRequest* request,
                                 v1::TableResponse* response) {
  if (auto s = Admit(*context, "Table"); !s.ok()) return s;
  auto draft = Tabled(*request);
  if (!draft.ok()) return ToGrpc(draft.status());
  response->set_draft_digest((*draft)->digest());
  return grpc::Status::OK;
}

grpc::Status PartyService::Evaluate(grpc::ServerContext* context,
                                    const v1::EvaluateRequest* request,
                                    v1::EvaluateResponse* response) {
  if (auto s = Admit(*context, "Evaluate"); !s.ok()) return s;
  std::shared_ptr<const Draft> draft = drafts_.Find(request->draft_digest());
  if (draft == nullptr && request->has_table()) {
    // A replica that never saw Table: the request carries the draft.
    auto tabled = Tabled(request->table());
    if (!tabled.ok()) return ToGrpc(tabled.status());
    draft = *std::move(tabled);
  }
  if (draft == nullptr) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        UnknownDigest(request->draft_digest()));
  }
  auto answer = AnswerOne(party_, *draft, *request);
  if (!answer.ok()) return ToGrpc(answer.status());
  *response = *std::move(answer);
  return grpc::Status::OK;
}

grpc::Status PartyService::EvaluateStream(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::EvaluateBatchResult, v1::EvaluateBatch>*
        stream) {
  if (auto s = Admit(*context, "EvaluateStream"); !s.ok()) return s;
  absl::StatusOr<ConcurrencyLimit::Slot> slot = streams_.Acquire();
  if (!slot.ok()) return ToGrpc(slot.status());
  v1::EvaluateBatch batch;
  v1::EvaluateBatchResult result;
  std::string digest;
  std::shared_ptr<const Draft> draft;
  while (idle_.Read(context, stream, &batch)) {
    if (draft == nullptr || batch.draft_digest() != digest) {
      digest = batch.draft_digest();
      draft = drafts_.Find(digest);
      if (draft == nullptr && batch.has_table()) {
        // The stream's first batch carries the draft for a replica that
        // never saw Table. A draft that cannot be tabled leaves `draft`
        // null: the batch is answered with the unknown-digest error.
        if (auto tabled = Tabled(batch.table()); tabled.ok()) {
          draft = *std::move(tabled);
        }
      }
    }
    result.Clear();
    result.set_request_id(batch.request_id());
    AnswerBatch(party_, draft.get(), batch, &result);
    if (!stream->Write(result)) break;  // the caller went away
  }
  return grpc::Status::OK;
}

}  // namespace concert::sdk::internal
