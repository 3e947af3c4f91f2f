// One session round over gRPC, measured against the floor of the same gRPC
// stack. Three fan-outs to six loopback party servers, interleaved round by
// round so that they see the same machine:
//   floor  an empty-ish RPC (Party.Describe) to all six through the callback
//          API, waiting on a counter: the least a 6-way round can cost;
//   raw    the round's Evaluate requests to all six the same way, built once:
//          the floor plus payload and the parties' evaluation;
//   round  GrpcVoteSource::Ask with one question and details, i.e. what a
//          session round does (request building, FanOut, answer copying);
//   stream the same question without details: GrpcVoteSource's batch path
//          (one EvaluateStream per party), i.e. the fixed cost of every Ask
//          an exploration makes;
//   stream floor  one EvaluateStream call of one one-question batch to all
//          six through the callback API: what that fixed cost could be.
#ifndef CONCERT_TESTS_BENCH_VOTE_ROUND_H_
#define CONCERT_TESTS_BENCH_VOTE_ROUND_H_

#include "tests/bench/bench_cases.h"
#include "tests/bench/bench_record.h"

namespace concert::bench {

// Runs `rounds` measured rounds (after a warm-up) of each fan-out over the
// free draft of spec.n proposals of spec.forum (the stream fan-out every
// fourth round only, as are the stream floor's). Fills rounds and
// {floor,raw,round,stream,stream_floor}_{p50,p90,p99,mean}_us, or error.
Record RunVoteRound(const CaseSpec& spec, int rounds);

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_VOTE_ROUND_H_
