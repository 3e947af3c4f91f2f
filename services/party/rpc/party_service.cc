#include "services/party/rpc/party_service.h"

#include <algorithm>
#include <bit>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "services/common/draft_index.h"
#include "services/common/lattice_order.h"
#include "services/common/printable.h"
#include "services/common/server/logging.h"
#include "services/common/server/refused_stream.h"
#include "services/common/tls/peer.h"
#include "services/common/validation.h"
#include "services/common/version/version.h"
#include "services/party/core/effective_profile.h"
#include "services/party/core/tabled_model.h"

namespace concert::party {
namespace {

grpc::Status InvalidArgument(const std::string& message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

std::string UnknownDigest(const std::string& digest) {
  return absl::StrCat("unknown draft digest '", digest,
                      "'; table the draft first");
}

}  // namespace

absl::Status CheckProfile(const v1::PartySpec& party) {
  std::vector<std::string> variants = {""};
  for (const auto& v : party.variants()) variants.push_back(v.name());
  const v1::CharterDraft empty;
  for (const std::string& variant : variants) {
    const std::string which =
        variant.empty() ? "baseline" : absl::StrCat("variant '", variant, "'");
    absl::StatusOr<v1::InterestModel> model = EffectiveModel(party, variant);
    absl::Status status = model.status();
    if (model.ok()) {
      status = CompiledModel::Compile(*model, empty,
                                      std::vector<v1::DimensionValue>{})
                   .status();
    }
    if (!status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "party ", party.id(), ", ", which, ": ", status.message()));
    }
  }
  return absl::OkStatus();
}

PartyService::PartyService(v1::PartySpec party, PartyServiceOptions options)
    : party_(std::move(party)),
      options_(std::move(options)),
      cache_(options_.cache_capacity),
      streams_(
          [this](const v1::EvaluateBatch& batch) { return ModelFor(batch); },
          Logger("party/" + party_.id()), options_.max_streams) {}

grpc::Status PartyService::Describe(grpc::ServerContext* context,
                                    const v1::DescribeRequest*,
                                    v1::DescribeResponse* response) {
  if (auto s = tls::RequireRole(*context, tls::Role::kCoordinator, "Describe",
                                options_.require_coordinator);
      !s.ok()) {
    return s;
  }
  response->set_party_id(party_.id());
  response->set_name(party_.name());
  response->set_version(absl::StrCat("concert-party ", ProjectVersion()));
  response->set_memory(v1::MEMORY_SET);
  // It walks the lattice order itself (AnswerBatch): asked every question
  // of a small draft, it is sent a range instead of each question.
  response->set_answers_lattice(true);
  for (const std::string& name :
       KnownVariants(party_, options_.scenario_variants)) {
    response->add_variants(name);
  }
  response->set_baseline_for_other_variants(
      options_.baseline_for_other_variants);
  return grpc::Status::OK;
}

absl::StatusOr<std::shared_ptr<const CompiledModel>> PartyService::Tabled(
    const v1::TableRequest& request, std::string* digest) {
  *digest = TableDigest(request);
  if (auto cached = cache_.Find(*digest)) return cached;
  // The same checks as `concert check` and the coordinator: a party tables
  // no draft the coordinator would refuse, whoever sends it. The request's
  // values (the draft's among them) first, then the draft's structure.
  if (absl::Status s = CheckPeerMessage(request, "the tabled request");
      !s.ok()) {
    return s;
  }
  if (std::vector<Problem> problems = ValidateDraftStructure(request.draft());
      !problems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot table draft '", Printable(request.draft().id()), "': it has ",
        problems.size(), " problem(s):\n", ProblemsToString(problems)));
  }
  // A variant the party does not know is its baseline when it serves
  // other variants so; else EffectiveModel refuses it, naming those known.
  absl::string_view variant = request.variant();
  if (options_.baseline_for_other_variants) {
    const std::vector<std::string> known =
        KnownVariants(party_, options_.scenario_variants);
    if (std::find(known.begin(), known.end(), variant) == known.end()) {
      variant = "";
    }
  }
  absl::StatusOr<v1::InterestModel> model =
      EffectiveModel(party_, variant, options_.scenario_variants);
  if (!model.ok()) return absl::InvalidArgumentError(model.status().message());
  const std::vector<v1::DimensionValue> initial_state(
      request.initial_state().begin(), request.initial_state().end());
  absl::StatusOr<CompiledModel> compiled =
      CompileTabled(*model, party_.id(), request.draft(), initial_state,
                    request.overlay(), request.perturbation());
  if (!compiled.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot table draft '", request.draft().id(),
                     "': ", compiled.status().message()));
  }
  auto shared = std::make_shared<const CompiledModel>(*std::move(compiled));
  cache_.Insert(*digest, shared);
  return shared;
}

grpc::Status PartyService::Table(grpc::ServerContext* context,
                                 const v1::TableRequest* request,
                                 v1::TableResponse* response) {
  if (auto s = tls::RequireRole(*context, tls::Role::kCoordinator, "Table",
                                options_.require_coordinator);
      !s.ok()) {
    return s;
  }
  std::string digest;
  auto model = Tabled(*request, &digest);
  if (!model.ok())
    return InvalidArgument(std::string(model.status().message()));
  response->set_draft_digest(digest);
  return grpc::Status::OK;
}

grpc::Status PartyService::Evaluate(grpc::ServerContext* context,
                                    const v1::EvaluateRequest* request,
                                    v1::EvaluateResponse* response) {
  if (auto s = tls::RequireRole(*context, tls::Role::kCoordinator, "Evaluate",
                                options_.require_coordinator);
      !s.ok()) {
    return s;
  }
  std::shared_ptr<const CompiledModel> model =
      cache_.Find(request->draft_digest());
  if (model == nullptr && request->has_table()) {
    // A replica that never saw Table: the request carries the draft.
    std::string digest;
    auto tabled = Tabled(request->table(), &digest);
    if (!tabled.ok())
      return InvalidArgument(std::string(tabled.status().message()));
    model = *std::move(tabled);
  }
  if (model == nullptr) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        UnknownDigest(request->draft_digest()));
  }
  const DraftIndex& index = model->index();
  const int proposal = index.Find(request->proposal());
  if (proposal < 0) {
    return InvalidArgument(
        absl::StrCat("unknown proposal '", request->proposal(), "'"));
  }
  ProposalSet adopted = 0;
  for (const std::string& id : request->adopted()) {
    const int i = index.Find(id);
    if (i < 0)
      return InvalidArgument(
          absl::StrCat("unknown adopted proposal '", id, "'"));
    if (Contains(adopted, i)) {
      return InvalidArgument(
          absl::StrCat("proposal '", id, "' is adopted twice"));
    }
    adopted |= Bit(i);
  }
  if (Contains(adopted, proposal)) {
    return InvalidArgument(absl::StrCat("proposal '", request->proposal(),
                                        "' is already adopted"));
  }
  ToProto(model->Evaluate(adopted, proposal), response);
  return grpc::Status::OK;
}

grpc::ServerBidiReactor<v1::EvaluateBatch, v1::EvaluateBatchResult>*
PartyService::EvaluateStream(grpc::CallbackServerContext* context) {
  if (auto s = tls::RequireRole(*context, tls::Role::kCoordinator,
                                "EvaluateStream", options_.require_coordinator);
      !s.ok()) {
    return new RefusedStream<v1::EvaluateBatch, v1::EvaluateBatchResult>(
        std::move(s));
  }
  return streams_.Open();
}

std::shared_ptr<const CompiledModel> PartyService::ModelFor(
    const v1::EvaluateBatch& batch) {
  std::shared_ptr<const CompiledModel> model =
      cache_.Find(batch.draft_digest());
  if (model == nullptr && batch.has_table()) {
    // A replica that never saw Table, or a draft tabled lazily: the batch
    // carries the draft. A draft that does not compile leaves `model` null,
    // and the batch is answered with the unknown-digest error.
    std::string tabled_digest;
    if (auto tabled = Tabled(batch.table(), &tabled_digest); tabled.ok()) {
      model = *std::move(tabled);
    }
  }
  return model;
}

namespace {

// A batch that asks a range of the lattice order: answered while the order
// is walked, each vote straight into the result.
void AnswerLatticeRange(const CompiledModel& model,
                        const v1::EvaluateBatch& batch,
                        v1::EvaluateBatchResult* result) {
  if (batch.sets_size() > 0 || batch.proposals_size() > 0 ||
      batch.history_size() > 0) {
    result->set_error(
        "a lattice range comes without sets, proposals or history");
    return;
  }
  auto* votes = result->mutable_votes();
  votes->Resize(static_cast<int>(batch.lattice_count()), v1::VOTE_UNSPECIFIED);
  int* out = votes->mutable_data();
  auto* details = batch.details() ? result->mutable_details() : nullptr;
  const absl::Status walked = WalkLatticeRange(
      model.index(), batch.lattice_first(), batch.lattice_count(),
      [&](std::uint64_t k, ProposalSet set, ProposalSet proposals) {
        // One state per set for all its candidates in the range.
        v1::Vote run[kMaxProposals];
        const int count = model.VoteEach(set, proposals, run);
        for (int i = 0; i < count; ++i) out[k + i] = run[i];
        if (details == nullptr) return;
        for (ProposalSet rest = proposals; rest != 0; rest &= rest - 1) {
          ToProto(model.Evaluate(set, std::countr_zero(rest)), details->Add());
        }
      });
  if (!walked.ok()) {
    result->clear_votes();
    result->clear_details();
    result->set_error(std::string(walked.message()));
  }
}

}  // namespace

void AnswerBatch(const CompiledModel* model, const v1::EvaluateBatch& batch,
                 v1::EvaluateBatchResult* result) {
  if (model == nullptr) {
    result->set_error(UnknownDigest(batch.draft_digest()));
    return;
  }
  // Answers are allocated before they are computed: a batch may ask only
  // so many questions, and fewer with details.
  const std::uint64_t asked =
      batch.lattice_count() > 0
          ? batch.lattice_count()
          : static_cast<std::uint64_t>(batch.proposals_size());
  const std::uint64_t most =
      batch.details() ? kMaxDetailedQuestions : kMaxBatchQuestions;
  if (asked > most) {
    result->set_error(absl::StrCat(
        "the batch asks ", asked, " questions; a party answers at most ", most,
        batch.details() ? " with details" : "", " in one batch (split it)"));
    return;
  }
  if (batch.lattice_count() > 0) {
    AnswerLatticeRange(*model, batch, result);
    return;
  }
  const std::uint64_t* sets = batch.sets().data();
  const std::uint32_t* proposals = batch.proposals().data();
  const int questions = batch.proposals_size();
  if (batch.set_words() != 1) {
    result->set_error(absl::StrCat("set_words must be 1 (drafts of up to ",
                                   kMaxProposals, " proposals), got ",
                                   batch.set_words()));
    return;
  }
  if (batch.sets_size() != questions) {
    result->set_error(absl::StrCat("sets has ", batch.sets_size(),
                                   " words for ", questions,
                                   " proposals; expected one word each"));
    return;
  }
  const ProposalSet all = model->index().all();
  const int n = model->index().size();

  auto* votes = result->mutable_votes();
  votes->Resize(questions, v1::VOTE_UNSPECIFIED);
  int* out = votes->mutable_data();
  for (int i = 0; i < questions; ++i) {
    const ProposalSet set = sets[i];
    const std::uint32_t p = proposals[i];
    if (p >= static_cast<std::uint32_t>(n) || (set & ~all) != 0 ||
        Contains(set, p)) {
      votes->Clear();
      result->set_error(
          p >= static_cast<std::uint32_t>(n)
              ? absl::StrCat("question ", i, ": proposal index ", p,
                             " is out of range (the draft has ", n,
                             " proposals)")
          : (set & ~all) != 0
              ? absl::StrCat("question ", i,
                             ": the set names proposals beyond the draft's ", n)
              : absl::StrCat("question ", i, ": proposal ", p,
                             " is already in its set"));
      return;
    }
  }
  model->VoteRuns(
      0, questions, [sets](std::size_t k) { return sets[k]; },
      [proposals](std::size_t k) { return proposals[k]; },
      [out](std::size_t k, v1::Vote vote) { out[k] = vote; });
  if (batch.details()) {
    auto* details = result->mutable_details();
    details->Reserve(questions);
    for (int i = 0; i < questions; ++i) {
      ToProto(model->Evaluate(sets[i], static_cast<int>(proposals[i])),
              details->Add());
    }
  }
}

}  // namespace concert::party
