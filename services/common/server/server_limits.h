// The limits an operator tunes on a concert server: how many calls of each
// long-running kind it serves at once, and the threads and streams gRPC may
// spend on its peers. Each has a flag (and a CONCERT_LIMIT_* variable) that
// raises it; a call beyond one is refused at once with RESOURCE_EXHAUSTED
// naming the limit and the flag, so one client cannot take a server's
// threads or memory from the others (or from its health check).
//
// The defaults sit well above what a forum needs: a session or exploration
// holds one EvaluateStream per party, a coordinator keeps a few idle, and a
// load of 64 clients at once runs within them (tests/bench/).
#ifndef CONCERT_SERVICES_COMMON_SERVER_SERVER_LIMITS_H_
#define CONCERT_SERVICES_COMMON_SERVER_SERVER_LIMITS_H_

namespace concert {

// Sessions, resumed sessions, explorations and comparisons a coordinator
// runs at once (concert-coordinator --limit-sessions). Each holds a thread
// for its whole length.
inline constexpr int kDefaultMaxRunningCalls = 256;

// EvaluateStreams a party serves at once (concert-party --limit-streams, and
// the SDK's ServeOptions::limit_streams): each coordinator keeps one per
// session or exploration it runs, and one per idle vote source.
inline constexpr int kDefaultMaxPartyStreams = 1024;

// Threads gRPC may start for a server's synchronous handlers (its resource
// quota). Above the call limits, so that those refuse first with their
// clearer message; a call gRPC cannot give a thread is refused by gRPC with
// RESOURCE_EXHAUSTED ("Server Threadpool Exhausted").
inline constexpr int kDefaultMaxServerThreads = kDefaultMaxPartyStreams + 128;

// Streams one client connection may hold open at once (HTTP/2
// SETTINGS_MAX_CONCURRENT_STREAMS); a client asking more waits for one to
// end. Above any single coordinator's needs toward one party.
inline constexpr int kMaxStreamsPerConnection = 2048;

}  // namespace concert

#endif  // CONCERT_SERVICES_COMMON_SERVER_SERVER_LIMITS_H_
