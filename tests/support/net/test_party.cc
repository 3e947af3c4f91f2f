#include "tests/support/net/test_party.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace concert::testing {
namespace {

// The real digest behind one handed out under kUnstableDigest ("DIGEST~N");
// real digests (hex) have no '~', so others pass unchanged.
std::string RealDigest(const std::string& digest) {
  return digest.substr(0, digest.find('~'));
}

// kOrderDependent's turn of a vote.
v1::Vote Turned(v1::Vote vote) {
  return vote == v1::VOTE_SUPPORT ? v1::VOTE_OBJECT : v1::VOTE_SUPPORT;
}

}  // namespace

std::string QuestionKey(const v1::EvaluateRequest& request) {
  return absl::StrCat(absl::StrJoin(request.adopted(), ","), ">",
                      request.proposal());
}

TestParty::TestParty(const v1::PartySpec& spec,
                     std::vector<std::string> scenario_variants)
    : id_(spec.id()), inner_(spec, {64, std::move(scenario_variants)}) {}

PartyFault TestParty::fault() const {
  std::lock_guard lock(mu_);
  return fault_;
}

grpc::Status TestParty::Describe(grpc::ServerContext* context,
                                 const v1::DescribeRequest* request,
                                 v1::DescribeResponse* response) {
  {
    std::lock_guard lock(mu_);
    ++describe_calls_;
  }
  grpc::Status status = inner_.Describe(context, request, response);
  const PartyFault f = fault();
  if (f == PartyFault::kUnsetMemory) response->clear_memory();
  if (!answers_lattice()) response->clear_answers_lattice();
  if (f == PartyFault::kClaimsAnyVariant) {
    response->set_baseline_for_other_variants(true);
  }
  if (f == PartyFault::kWrongPartyId) {
    response->set_party_id(absl::StrCat("NOT-", id_));
  }
  return status;
}

grpc::Status TestParty::Table(grpc::ServerContext* context,
                              const v1::TableRequest* request,
                              v1::TableResponse* response) {
  {
    std::lock_guard lock(mu_);
    ++table_calls_;
  }
  grpc::Status status = inner_.Table(context, request, response);
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT &&
      fault() == PartyFault::kAnyVariant) {
    v1::TableRequest baseline = *request;
    baseline.clear_variant();
    status = inner_.Table(context, &baseline, response);
  }
  if (status.ok() && fault() == PartyFault::kUnstableDigest) {
    std::lock_guard lock(mu_);
    response->set_draft_digest(
        absl::StrCat(response->draft_digest(), "~", ++tabled_));
  }
  return status;
}

void TestParty::Hold(std::unique_lock<std::mutex>& lock,
                     grpc::ServerContext* context) {
  holding_ = true;
  cv_.notify_all();
  // The sync API has no wake-up on cancellation: look at it between waits.
  while (!released_ && !context->IsCancelled()) {
    cv_.wait_for(lock, std::chrono::milliseconds(10));
  }
}

grpc::Status TestParty::Evaluate(grpc::ServerContext* context,
                                 const v1::EvaluateRequest* request,
                                 v1::EvaluateResponse* response) {
  PartyFault fault;
  {
    std::unique_lock lock(mu_);
    ++evaluate_calls_;
    questions_.push_back(QuestionKey(*request));
    if (++evaluate_seen_ == hold_evaluate_at_) Hold(lock, context);
    fault = fault_;
  }
  v1::EvaluateRequest asked = *request;
  asked.set_draft_digest(RealDigest(request->draft_digest()));
  grpc::Status status = inner_.Evaluate(context, &asked, response);
  if (status.ok() && fault == PartyFault::kInvalidVote) {
    response->set_vote(static_cast<v1::Vote>(7));
  }
  if (status.ok() && fault == PartyFault::kOrderDependent &&
      asked.adopted_size() >= 2) {
    const auto model = Model(asked.draft_digest());
    if (model != nullptr && model->index().Find(asked.adopted(0)) >
                                model->index().Find(asked.adopted(1))) {
      response->set_vote(Turned(response->vote()));
    }
  }
  if (!status.ok() && fault == PartyFault::kMadeUpVote) {
    response->Clear();
    response->set_vote(v1::VOTE_SUPPORT);
    return grpc::Status::OK;
  }
  return status;
}

std::shared_ptr<const party::CompiledModel> TestParty::Model(
    const std::string& digest) {
  // The cache is thread-safe; PartyService exposes it const for diagnostics.
  return const_cast<party::DraftCache&>(inner_.cache()).Find(digest);
}

grpc::Status TestParty::EvaluateStream(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::EvaluateBatchResult, v1::EvaluateBatch>*
        stream) {
  PartyFault fault;
  {
    std::unique_lock lock(mu_);
    ++stream_calls_;
    ++streams_seen_;
    if (hold_streams_from_ > 0 && streams_seen_ >= hold_streams_from_) {
      Hold(lock, context);
      if (context->IsCancelled())
        return grpc::Status(grpc::StatusCode::CANCELLED, "held");
    }
    fault = fault_;
  }
  if (fault == PartyFault::kNoStream) {
    return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                        "EvaluateStream is not implemented");
  }
  // The same loop as PartyService::EvaluateStream, with the faults woven in.
  v1::EvaluateBatch batch;
  v1::EvaluateBatchResult result;
  while (stream->Read(&batch)) {
    // Questions sent one by one, or as a range of the lattice order.
    const int questions =
        batch.proposals_size() + static_cast<int>(batch.lattice_count());
    {
      std::unique_lock lock(mu_);
      stream_questions_ += questions;
      lattice_questions_ += batch.lattice_count();
      ++stream_batches_;
      ++batches_seen_;
      if (hold_batches_from_ > 0 && batches_seen_ >= hold_batches_from_) {
        Hold(lock, context);
        if (context->IsCancelled())
          return grpc::Status(grpc::StatusCode::CANCELLED, "held");
      }
    }
    if (fault == PartyFault::kEarlyClose) return grpc::Status::OK;
    if (fault == PartyFault::kUnaskedBatch) {
      v1::EvaluateBatchResult unasked;
      unasked.set_request_id(batch.request_id() + 1000);
      for (int i = 0; i < questions; ++i) unasked.add_votes(v1::VOTE_SUPPORT);
      if (!stream->Write(unasked)) break;
    }
    std::shared_ptr<const party::CompiledModel> model =
        Model(RealDigest(batch.draft_digest()));
    if (model == nullptr && batch.has_table()) {
      // As PartyService does: a party that restarted (or a replica that
      // never saw Table) tables the draft the batch carries.
      v1::TableResponse receipt;
      if (inner_.Table(context, &batch.table(), &receipt).ok()) {
        model = Model(receipt.draft_digest());
      }
    }
    result.Clear();
    result.set_request_id(batch.request_id());
    if (fault == PartyFault::kWrongLatticeOrder && batch.lattice_count() > 0) {
      batch.set_lattice_first(batch.lattice_first() + 1);
    }
    party::AnswerBatch(model.get(), batch, &result);
    if (fault == PartyFault::kWrongRequestId)
      result.set_request_id(batch.request_id() + 1);
    if (fault == PartyFault::kShortBatch && result.votes_size() > 0) {
      result.mutable_votes()->RemoveLast();
    }
    if (fault == PartyFault::kInvalidVote) {
      for (int i = 0; i < result.votes_size(); ++i)
        result.set_votes(i, static_cast<v1::Vote>(7));
    }
    if (fault == PartyFault::kMadeUpVote && !result.error().empty()) {
      result.clear_error();
      for (int i = 0; i < questions; ++i) result.add_votes(v1::VOTE_SUPPORT);
    }
    if (!stream->Write(result)) break;
  }
  return grpc::Status::OK;
}

void TestParty::HoldEvaluate(int nth) {
  std::lock_guard lock(mu_);
  hold_evaluate_at_ = evaluate_seen_ + nth;
  holding_ = false;
  released_ = false;
}

void TestParty::HoldStreamsFrom(int nth) {
  std::lock_guard lock(mu_);
  hold_streams_from_ = streams_seen_ + nth;
  holding_ = false;
  released_ = false;
}

void TestParty::HoldBatchesFrom(int nth) {
  std::lock_guard lock(mu_);
  hold_batches_from_ = batches_seen_ + nth;
  holding_ = false;
  released_ = false;
}

bool TestParty::WaitUntilHolding(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return holding_; });
}

void TestParty::Release() {
  std::lock_guard lock(mu_);
  released_ = true;
  hold_evaluate_at_ = 0;
  hold_streams_from_ = 0;
  hold_batches_from_ = 0;
  cv_.notify_all();
}

void TestParty::set_fault(PartyFault fault) {
  std::lock_guard lock(mu_);
  fault_ = fault;
}

int TestParty::describe_calls() const {
  std::lock_guard lock(mu_);
  return describe_calls_;
}

int TestParty::table_calls() const {
  std::lock_guard lock(mu_);
  return table_calls_;
}

int TestParty::evaluate_calls() const {
  std::lock_guard lock(mu_);
  return evaluate_calls_;
}

std::vector<std::string> TestParty::evaluate_questions() const {
  std::lock_guard lock(mu_);
  return questions_;
}

int TestParty::stream_calls() const {
  std::lock_guard lock(mu_);
  return stream_calls_;
}

int TestParty::stream_batches() const {
  std::lock_guard lock(mu_);
  return stream_batches_;
}

long TestParty::stream_questions() const {
  std::lock_guard lock(mu_);
  return stream_questions_;
}

long TestParty::lattice_questions() const {
  std::lock_guard lock(mu_);
  return lattice_questions_;
}

void TestParty::set_answers_lattice(bool on) {
  std::lock_guard lock(mu_);
  answers_lattice_ = on;
}

bool TestParty::answers_lattice() const {
  std::lock_guard lock(mu_);
  return answers_lattice_;
}

void TestParty::ResetCounts() {
  std::lock_guard lock(mu_);
  describe_calls_ = 0;
  table_calls_ = 0;
  evaluate_calls_ = 0;
  questions_.clear();
  stream_calls_ = 0;
  stream_batches_ = 0;
  stream_questions_ = 0;
  lattice_questions_ = 0;
}

std::unique_ptr<ServedParty> ServedParty::Start(
    const v1::PartySpec& spec, const std::vector<std::string>& variants,
    const std::string& listen) {
  auto served = std::make_unique<ServedParty>();
  served->party = std::make_unique<TestParty>(spec, variants);
  ServerOptions options;
  options.listen = listen;
  options.component = absl::StrCat("test-party/", spec.id());
  options.grace = std::chrono::milliseconds(100);
  auto server = RunningServer::Start(options, {served->party.get()});
  if (server.ok()) served->server = *std::move(server);
  return served;
}

ServedParty::~ServedParty() {
  if (party) party->Release();
  Stop();
}

void ServedParty::Stop() {
  if (server) server->Shutdown();
}

}  // namespace concert::testing
