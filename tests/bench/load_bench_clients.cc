#include "tests/bench/load_bench_clients.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <latch>
#include <thread>

#include "concert/v1/coordinator.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace concert::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MsBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// What the threads share: the phases and the window's end.
struct Shared {
  Shared(int clients, Clock::time_point warm_until)
      : warmed(clients), warm_until(warm_until) {}
  std::latch warmed;  // every client has done its warm-up
  const Clock::time_point warm_until;
  std::latch go{1};  // the start sample is taken: measure
  std::atomic<bool> stop{false};
  // Clock::time_point's count: work ending after it is not counted.
  std::atomic<Clock::rep> window_end{
      Clock::time_point::max().time_since_epoch().count()};
  bool InWindow(Clock::time_point t) const {
    return t.time_since_epoch().count() <= window_end.load();
  }
};

// One client's thread: its own channel, its own tallies.
class Client {
 public:
  Client(int index, const LoadOptions& options, const std::string& address,
         const std::shared_ptr<grpc::ChannelCredentials>& credentials,
         Shared& shared)
      : index_(index), options_(options), shared_(shared) {
    grpc::ChannelArguments args;
    // A channel with the same target and arguments would share the
    // process's subchannels (one connection for every client): a pool of
    // its own gives each client its own connection (and TLS handshake).
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    stub_ = v1::Coordinator::NewStub(
        grpc::CreateCustomChannel(address, credentials, args));
  }

  void Run() {
    do {
      Session(false);
      Explore(false);
    } while (Clock::now() < shared_.warm_until);
    shared_.warmed.count_down();
    shared_.go.wait();
    for (long n = 0; !shared_.stop.load(); ++n) {
      Session(true);
      if ((n + index_) % options_.explore_every == 0 && !shared_.stop.load())
        Explore(true);
    }
  }

  LoadResult& result() { return result_; }

 private:
  void Deadline(grpc::ClientContext& context) const {
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(options_.call_timeout_s));
  }

  void Fail(const grpc::Status& status) {
    ++result_.errors[{status.error_code(), status.error_message()}];
  }

  void Session(bool measured) {
    grpc::ClientContext context;
    Deadline(context);
    v1::RunSessionRequest request;
    *request.mutable_draft() = options_.session_draft;
    const auto start = Clock::now();
    auto reader = stub_->RunSession(&context, request);
    v1::SessionEvent event;
    auto previous = start;
    std::vector<double> rounds;
    long absent = 0;
    std::string outcome;
    long held = 0;
    while (reader->Read(&event)) {
      const auto now = Clock::now();
      if (event.has_round()) {
        if (shared_.InWindow(now)) rounds.push_back(MsBetween(previous, now));
        for (const auto& vote : event.round().votes()) absent += vote.absent();
      }
      if (event.has_summary()) {
        outcome = v1::SessionSummary::Outcome_Name(event.summary().outcome());
        held = event.summary().rounds();
      }
      previous = now;
    }
    const grpc::Status status = reader->Finish();
    const auto end = Clock::now();
    if (!status.ok()) return Fail(status);
    if (outcome.empty()) {
      return Fail(grpc::Status(grpc::StatusCode::UNKNOWN,
                               "session stream ended without a summary"));
    }
    if (!measured) return;
    result_.round_ms.insert(result_.round_ms.end(), rounds.begin(),
                            rounds.end());
    result_.rounds += static_cast<long>(rounds.size());
    if (!shared_.InWindow(end)) return;
    ++result_.sessions;
    result_.session_rounds += held;
    result_.session_ms.push_back(MsBetween(start, end));
    ++result_.session_outcomes[outcome];
    result_.absent_votes += absent;
  }

  void Explore(bool measured) {
    grpc::ClientContext context;
    Deadline(context);
    v1::ExploreRequest request;
    *request.mutable_draft() = options_.explore_draft;
    request.set_max_states(options_.explore_max_states);
    request.set_max_memory_bytes(options_.explore_max_memory_bytes);
    const auto start = Clock::now();
    auto reader = stub_->Explore(&context, request);
    v1::ExploreEvent event;
    bool result = false;
    while (reader->Read(&event)) result = result || event.has_result();
    const grpc::Status status = reader->Finish();
    const auto end = Clock::now();
    if (!status.ok()) return Fail(status);
    if (!result) {
      return Fail(grpc::Status(grpc::StatusCode::UNKNOWN,
                               "exploration stream ended without a result"));
    }
    if (!measured || !shared_.InWindow(end)) return;
    ++result_.explorations;
    result_.explore_ms.push_back(MsBetween(start, end));
  }

  int index_;
  const LoadOptions& options_;
  Shared& shared_;
  std::unique_ptr<v1::Coordinator::Stub> stub_;
  LoadResult result_;
};

std::vector<std::optional<ProcessSample>> SampleAll(const ServerPids& servers) {
  std::vector<std::optional<ProcessSample>> samples;
  for (const auto& [name, pid] : servers) samples.push_back(SampleProcess(pid));
  return samples;
}

// Each server's RSS and threads, each the larger of `peaks` and `now`.
void KeepPeaks(const std::vector<std::optional<ProcessSample>>& now,
               std::vector<std::optional<ProcessSample>>* peaks) {
  for (std::size_t i = 0; i < now.size() && i < peaks->size(); ++i) {
    auto& peak = (*peaks)[i];
    if (!now[i]) continue;
    if (!peak) peak = now[i];
    peak->rss_kib = std::max(peak->rss_kib, now[i]->rss_kib);
    peak->threads = std::max(peak->threads, now[i]->threads);
  }
}

void Merge(LoadResult& into, const LoadResult& from) {
  into.sessions += from.sessions;
  into.explorations += from.explorations;
  into.rounds += from.rounds;
  into.session_rounds += from.session_rounds;
  into.absent_votes += from.absent_votes;
  for (std::vector<double> LoadResult::*v :
       {&LoadResult::round_ms, &LoadResult::session_ms,
        &LoadResult::explore_ms}) {
    (into.*v).insert((into.*v).end(), (from.*v).begin(), (from.*v).end());
  }
  for (const auto& [k, n] : from.session_outcomes)
    into.session_outcomes[k] += n;
  for (const auto& [k, n] : from.errors) into.errors[k] += n;
}

}  // namespace

long LoadResult::error_total() const {
  long total = 0;
  for (const auto& [key, n] : errors) total += n;
  return total;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(
      std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

LoadResult RunLoad(const LoadOptions& options, const std::string& address,
                   const std::shared_ptr<grpc::ChannelCredentials>& credentials,
                   const ServerPids& servers) {
  Shared shared(options.clients,
                Clock::now() + std::chrono::seconds(options.warmup_seconds));
  std::vector<std::unique_ptr<Client>> clients;
  clients.reserve(options.clients);
  for (int i = 0; i < options.clients; ++i) {
    clients.push_back(
        std::make_unique<Client>(i, options, address, credentials, shared));
  }
  std::vector<std::thread> threads;
  threads.reserve(clients.size());
  for (auto& client : clients)
    threads.emplace_back([&c = *client] { c.Run(); });

  LoadResult result;
  shared.warmed.wait();
  result.start = SampleAll(servers);
  result.peak = result.start;
  result.rss_trace.resize(servers.size());
  auto next_trace = std::chrono::steady_clock::time_point();
  const auto t0 = Clock::now();
  const auto t1 = t0 + std::chrono::seconds(options.seconds);
  shared.go.count_down();

  // The coordinator's health, asked as a probe would while the load runs:
  // a starved server shows here first. The 0.5 s between checks paces the
  // probe; nothing waits on it. The servers are sampled alongside.
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, credentials));
  while (Clock::now() < t1) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    const auto asked = Clock::now();
    const grpc::Status status = health->Check(&context, request, &response);
    if (status.ok() &&
        response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      result.health_ms.push_back(MsBetween(asked, Clock::now()));
    } else {
      ++result.health_failures;
    }
    const auto now = SampleAll(servers);
    KeepPeaks(now, &result.peak);
    if (Clock::now() >= next_trace) {
      if (next_trace == Clock::time_point()) next_trace = t0;
      next_trace += std::chrono::seconds(15);
      for (std::size_t i = 0; i < now.size(); ++i)
        result.rss_trace[i].push_back(now[i] ? now[i]->rss_kib : 0);
    }
    std::this_thread::sleep_until(
        std::min(t1, asked + std::chrono::milliseconds(500)));
  }
  const auto t_end = Clock::now();
  const auto at_end = SampleAll(servers);
  for (std::size_t i = 0; i < at_end.size(); ++i)
    result.rss_trace[i].push_back(at_end[i] ? at_end[i]->rss_kib : 0);
  const double window_s = std::chrono::duration<double>(t_end - t0).count();
  for (std::size_t i = 0; i < servers.size(); ++i) {
    const auto& s = result.start[i];
    const auto& e = at_end[i];
    result.cpu_percent.push_back(
        s && e && window_s > 0 ? 100 * (e->cpu_s - s->cpu_s) / window_s : -1);
  }
  shared.window_end.store(t_end.time_since_epoch().count());
  shared.stop.store(true);
  for (auto& thread : threads) thread.join();
  result.end = SampleAll(servers);
  result.measured_s = window_s;
  for (auto& client : clients) Merge(result, client->result());
  return result;
}

}  // namespace concert::bench
