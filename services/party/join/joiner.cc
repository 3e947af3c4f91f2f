#include "services/party/join/joiner.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/server/grpc_status.h"
#include "services/common/server/logging.h"

namespace concert::party {
namespace {

// How often the watch wakes to notice a stop; also the bound on how late a
// lost connection is noticed when no state change wakes the watch.
constexpr std::chrono::milliseconds kWatchPeriod{250};

}  // namespace

absl::Status CheckJoinOptions(const JoinOptions& options) {
  if (options.coordinator.empty()) {
    return absl::InvalidArgumentError("join: no coordinator address");
  }
  if (options.party_id.empty()) {
    return absl::InvalidArgumentError("join: no party id");
  }
  if (options.advertise.empty()) {
    return absl::InvalidArgumentError(
        "join: no address to advertise (where the coordinator reaches the "
        "party)");
  }
  return absl::OkStatus();
}

bool IsRefusal(grpc::StatusCode code) {
  return code == grpc::StatusCode::NOT_FOUND ||
         code == grpc::StatusCode::INVALID_ARGUMENT ||
         code == grpc::StatusCode::FAILED_PRECONDITION ||
         code == grpc::StatusCode::PERMISSION_DENIED ||
         code == grpc::StatusCode::UNAUTHENTICATED ||
         code == grpc::StatusCode::UNIMPLEMENTED;
}

Joiner::Joiner(JoinOptions options)
    : options_(std::move(options)),
      channel_(grpc::CreateChannel(options_.coordinator,
                                   options_.credentials != nullptr
                                       ? options_.credentials
                                       : grpc::InsecureChannelCredentials())),
      stub_(v1::Coordinator::NewStub(channel_)) {
  thread_ = std::thread([this] { Loop(); });
}

Joiner::~Joiner() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

grpc::Status Joiner::RegisterOnce() {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       options_.call_deadline);
  v1::RegisterPartyRequest request;
  request.set_party_id(options_.party_id);
  request.set_address(options_.advertise);
  v1::RegisterPartyResponse response;
  return stub_->RegisterParty(&context, request, &response);
}

bool Joiner::Pause(std::chrono::milliseconds d) {
  absl::MutexLock lock(&mu_);
  const auto stopping = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return stopping_;
  };
  mu_.AwaitWithTimeout(absl::Condition(&stopping), absl::FromChrono(d));
  return !stopping_;
}

void Joiner::Loop() {
  auto log = Logger(absl::StrCat("party/", options_.party_id));
  std::chrono::milliseconds backoff = options_.min_backoff;
  bool need = true;        // a registration is due
  bool announced = false;  // the coordinator-unreachable warning was logged
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    if (need) {
      const grpc::Status status = RegisterOnce();
      if (status.ok() || IsRefusal(status.error_code())) {
        absl::MutexLock lock(&mu_);
        if (!settled_) {
          settled_ = true;
          first_ = FromGrpc(status);
        }
        if (status.ok()) ++accepted_;
      }
      if (status.ok()) {
        log->info("joined the coordinator at {} as {} (advertised {})",
                  options_.coordinator, options_.party_id, options_.advertise);
        need = false;
        announced = false;
        backoff = options_.min_backoff;
      } else if (IsRefusal(status.error_code())) {
        // Final until the coordinator changes: try again when it comes back.
        log->error("the coordinator at {} refused {}: {}", options_.coordinator,
                   options_.party_id, FromGrpc(status).ToString());
        need = false;
      } else {
        if (!announced) {
          log->warn("coordinator at {} not reachable ({}); retrying",
                    options_.coordinator, FromGrpc(status).ToString());
          announced = true;
        }
        if (!Pause(backoff)) return;
        backoff = std::min(backoff * 2, options_.max_backoff);
        continue;
      }
    }
    // Watch the connection: once it leaves READY the coordinator (or the
    // path to it) went away; the next READY means it is back, and may have
    // forgotten the party or hold a stale address for it.
    grpc_connectivity_state state = channel_->GetState(/*try_to_connect=*/true);
    bool lost = false;
    while (!lost) {
      {
        absl::MutexLock lock(&mu_);
        if (stopping_) return;
      }
      channel_->WaitForStateChange(
          state, std::chrono::system_clock::now() + kWatchPeriod);
      const grpc_connectivity_state now = channel_->GetState(true);
      if (state == GRPC_CHANNEL_READY && now != GRPC_CHANNEL_READY) {
        lost = true;
      }
      state = now;
    }
    log->info("lost the coordinator at {}; will register again when it is back",
              options_.coordinator);
    // Wait for READY again, then register.
    while (state != GRPC_CHANNEL_READY) {
      {
        absl::MutexLock lock(&mu_);
        if (stopping_) return;
      }
      channel_->WaitForStateChange(
          state, std::chrono::system_clock::now() + kWatchPeriod);
      state = channel_->GetState(true);
    }
    need = true;
  }
}

absl::Status Joiner::WaitForFirst(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  const auto settled = [this]()
                           ABSL_SHARED_LOCKS_REQUIRED(mu_) { return settled_; };
  if (!mu_.AwaitWithTimeout(absl::Condition(&settled), timeout)) {
    return absl::DeadlineExceededError(absl::StrCat(
        "the coordinator at ", options_.coordinator, " did not answer within ",
        absl::FormatDuration(timeout), "; still trying"));
  }
  return first_;
}

bool Joiner::WaitForAccepted(int n, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  const auto enough = [this, n]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return accepted_ >= n;
  };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

int Joiner::accepted() const {
  absl::MutexLock lock(&mu_);
  return accepted_;
}

}  // namespace concert::party
