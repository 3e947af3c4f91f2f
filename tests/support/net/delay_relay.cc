// concert_delay_relay: a TCP relay that holds every chunk of bytes for a
// fixed time before passing it on — latency for a link when the kernel has
// no netem (tc's delay qdisc), as on the machines our tests run on.
//
//   concert_delay_relay --listen 10.231.0.3:0 --to 127.0.0.1:50051
//                       [--delay-to-ms 1] [--delay-back-ms 1]
//
// Bytes toward --to wait --delay-to-ms, bytes back wait --delay-back-ms:
// one-way latencies, as netem on each end's link would add them. Order is
// kept; a chunk's time is counted from when it was read, so a stream of
// chunks is delayed, not slowed. A side that closes is closed on the other
// after the bytes before it; a side that fails cuts both. It prints
// "serving on ADDR" on stderr once it listens.
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace {

using Clock = std::chrono::steady_clock;

struct Chunk {
  Clock::time_point due;
  std::string bytes;  // empty: the reading side ended
  bool failed = false;
};

// One direction of one connection: a reader queues chunks stamped with
// their due time; a writer sends each once due.
class Direction {
 public:
  Direction(int from, int to, std::chrono::microseconds delay)
      : from_(from), to_(to), delay_(delay) {}

  void Read() {
    char buffer[64 * 1024];
    while (true) {
      const ssize_t n = recv(from_, buffer, sizeof buffer, 0);
      Chunk chunk{Clock::now() + delay_, {}, n < 0};
      if (n > 0) chunk.bytes.assign(buffer, static_cast<std::size_t>(n));
      Push(std::move(chunk));
      if (n <= 0) return;
    }
  }

  void Write() {
    while (true) {
      Chunk chunk = Pop();
      std::this_thread::sleep_until(chunk.due);
      if (chunk.bytes.empty()) {
        // The reading side ended: pass the end on (or cut, on a failure).
        shutdown(to_, chunk.failed ? SHUT_RDWR : SHUT_WR);
        if (chunk.failed) shutdown(from_, SHUT_RDWR);
        return;
      }
      std::size_t sent = 0;
      while (sent < chunk.bytes.size()) {
        const ssize_t n = send(to_, chunk.bytes.data() + sent,
                               chunk.bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
          shutdown(to_, SHUT_RDWR);
          shutdown(from_, SHUT_RDWR);
          return;
        }
        sent += static_cast<std::size_t>(n);
      }
    }
  }

 private:
  void Push(Chunk chunk) {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(chunk));
    ready_.notify_one();
  }
  Chunk Pop() {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [this] { return !queue_.empty(); });
    Chunk chunk = std::move(queue_.front());
    queue_.pop_front();
    return chunk;
  }

  const int from_, to_;
  const std::chrono::microseconds delay_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<Chunk> queue_;
};

std::optional<sockaddr_in> ParseAddress(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(
      std::strtoul(text.substr(colon + 1).c_str(), nullptr, 10)));
  if (inet_pton(AF_INET, text.substr(0, colon).c_str(), &address.sin_addr) !=
      1) {
    return std::nullopt;
  }
  return address;
}

void NoDelay(int fd) {
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Relays one accepted connection until both directions have ended.
void Relay(int client, sockaddr_in target, std::chrono::microseconds to_delay,
           std::chrono::microseconds back_delay) {
  const int upstream = socket(AF_INET, SOCK_STREAM, 0);
  if (upstream < 0 || connect(upstream, reinterpret_cast<sockaddr*>(&target),
                              sizeof target) != 0) {
    // The target is down: the client sees its connection cut, as it would
    // see the target refuse it.
    if (upstream >= 0) close(upstream);
    close(client);
    return;
  }
  NoDelay(client);
  NoDelay(upstream);
  auto to = std::make_shared<Direction>(client, upstream, to_delay);
  auto back = std::make_shared<Direction>(upstream, client, back_delay);
  std::thread threads[] = {std::thread([to] { to->Read(); }),
                           std::thread([to] { to->Write(); }),
                           std::thread([back] { back->Read(); }),
                           std::thread([back] { back->Write(); })};
  for (auto& t : threads) t.join();
  close(client);
  close(upstream);
}

int Usage() {
  std::fprintf(stderr,
               "usage: concert_delay_relay --listen IP:PORT --to IP:PORT "
               "[--delay-to-ms MS] [--delay-back-ms MS]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen_at, to_text;
  double to_ms = 0, back_ms = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--listen") {
      listen_at = argv[i + 1];
    } else if (flag == "--to") {
      to_text = argv[i + 1];
    } else if (flag == "--delay-to-ms") {
      to_ms = std::strtod(argv[i + 1], nullptr);
    } else if (flag == "--delay-back-ms") {
      back_ms = std::strtod(argv[i + 1], nullptr);
    } else {
      return Usage();
    }
  }
  const auto listen_address = ParseAddress(listen_at);
  const auto target = ParseAddress(to_text);
  if (!listen_address || !target || argc % 2 == 0) return Usage();

  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in bound = *listen_address;
  socklen_t length = sizeof bound;
  if (bind(listener, reinterpret_cast<const sockaddr*>(&bound), sizeof bound) !=
          0 ||
      listen(listener, 64) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&bound), &length) !=
          0) {
    std::perror("concert_delay_relay: listen");
    return 1;
  }
  char host[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &bound.sin_addr, host, sizeof host);
  std::fprintf(stderr, "serving on %s:%u\n", host, ntohs(bound.sin_port));

  const auto to_delay =
      std::chrono::microseconds(static_cast<std::int64_t>(to_ms * 1000));
  const auto back_delay =
      std::chrono::microseconds(static_cast<std::int64_t>(back_ms * 1000));
  while (true) {
    const int client = accept(listener, nullptr, nullptr);
    if (client < 0) continue;
    std::thread(Relay, client, *target, to_delay, back_delay).detach();
  }
}
