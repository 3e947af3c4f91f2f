#!/usr/bin/python3
"""python-party: a party of the concert forum written in Python from the
repository's protos alone (concert.v1.Party over Debian's python3-grpcio).

Run `/usr/bin/python3 party.py --help` for what it does and how to use it.
"""

import argparse
import signal
import sys
import threading
import time

# The modules beside this file (and the generated stubs) are imported, never
# compiled into the source tree.
sys.dont_write_bytecode = True

import interests  # noqa: E402  (after the flag above)
import stubs  # noqa: E402

PROG = "python-party"

DESCRIPTION = """\
A party of the concert forum, written in Python: it serves concert.v1.Party
(Describe, Table, Evaluate, EvaluateStream) and the standard gRPC health
service, and votes from its own interest model, read from a JSON file. Its
votes depend only on the set of adopted proposals (MEMORY_SET), so
explorations count every order exactly.
"""

EPILOG = """\
The model file (JSON; see models/rok.json):
  {
    "id": "ROK",                      the party's seat in the scenario
    "name": "Republic of Korea",
    "positions": {                    dimensions not listed do not matter
      "denuclearization": {"ideal": 10, "salience": 2.5}
    },
    "support_threshold": 0.5,         SUPPORT when du >= 0.5
    "objection_threshold": 1.0,       OBJECT when du < -1.0, else ABSTAIN
    "red_lines": [                    OBJECT to any proposal that moves
      {"id": "no_rollback",           the dimension below (or "above")
       "dimension": "denuclearization", the limit, whatever du says
       "below": 0, "reason": "no step back"}
    ],
    "variants": {                     changes under a scenario variant:
      "conservation": {               positions, thresholds, red_lines
        "support_threshold": 1.0      (same id: replaced), remove_red_lines
      }
    }
  }
  du is the change of u(x) = -sum salience * |x - ideal| when the proposal's
  effects are added to the state x (the tabled initial state plus the
  effects of the adopted proposals). A variant the file does not list keeps
  the baseline: Describe lists the file's variants and sets
  baseline_for_other_variants, so the coordinator tables any variant.

The generated stubs (build target python_party_stubs) are found with
--stubs DIR, else $CONCERT_PY_STUBS, else
REPO/build/clients/examples/python-party/stubs.

Examples:
  /usr/bin/python3 party.py --model models/rok.json --listen 127.0.0.1:50061
  /usr/bin/python3 party.py --model models/rok.json --listen 0.0.0.0:50061 \\
      --join coordinator:50050 --advertise rok.example:50061
  # a session of the embedded forum that dials this party in the ROK seat:
  /usr/bin/python3 seat.py scenarios/six-party.textproto ROK \\
      127.0.0.1:50061 > six-party-rok.textproto
  concert run scenarios/drafts/arf-three-stage.textproto \\
      --scenario six-party-rok.textproto

On start the party prints one line on stderr with the address it bound
("python-party ROK serving on 127.0.0.1:41234"; port 0 picks a free one).
SIGINT or SIGTERM stops it gracefully: health turns NOT_SERVING, in-flight
calls get --grace-ms; it then prints what it answered.
Exit codes: 0 stopped cleanly, 1 could not serve, 2 bad arguments, model or
stubs, 3 not registered (--join): the coordinator refused, or
--join-attempts were spent.
"""

EXIT_UNSERVED, EXIT_USAGE, EXIT_REFUSED = 1, 2, 3


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog=PROG, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, metavar="FILE",
                        help="the party's interest model (JSON, see below)")
    parser.add_argument("--listen", default="127.0.0.1:0", metavar="HOST:PORT",
                        help="gRPC listen address; port 0 picks a free one "
                        "(default: %(default)s)")
    parser.add_argument("--stubs", metavar="DIR",
                        help="generated Python stubs (default: "
                        "$CONCERT_PY_STUBS, else the build/ tree's)")
    parser.add_argument("--join", metavar="COORD_ADDR",
                        help="register with the concert-coordinator at this "
                        "address once serving (Coordinator.RegisterParty), "
                        "retrying with backoff until it accepts")
    parser.add_argument("--advertise", metavar="ADDR",
                        help="with --join: the address the coordinator should "
                        "dial (default: the address bound)")
    parser.add_argument("--join-attempts", type=int, default=0, metavar="N",
                        help="with --join: give up after N attempts "
                        "(default: 0, keep trying)")
    parser.add_argument("--cache-size", type=int, default=64, metavar="N",
                        help="tabled drafts kept at once (default: "
                        "%(default)s)")
    parser.add_argument("--grace-ms", type=int, default=5000, metavar="MS",
                        help="on shutdown, how long in-flight calls may "
                        "finish (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=16, metavar="N",
                        help="threads answering calls; each open "
                        "EvaluateStream or health Watch holds one (default: "
                        "%(default)s)")
    parser.add_argument("--verbose", action="store_true",
                        help="log every tabled draft")
    args = parser.parse_args(argv)
    if args.advertise and not args.join:
        parser.error("--advertise needs --join")
    for name in ("cache_size", "workers"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.grace_ms < 0 or args.join_attempts < 0:
        parser.error("--grace-ms and --join-attempts must not be negative")
    return args


def bound_address(listen, port):
    """The address actually bound: the listen host with the real port."""
    host = listen.rsplit(":", 1)[0] if ":" in listen else listen
    return f"{host}:{port}"


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        model = interests.load_model(args.model)
        stubs.load(args.stubs)
    except (interests.ModelError, stubs.StubsError) as e:
        print(f"{PROG}: {e}", file=sys.stderr, flush=True)
        return EXIT_USAGE

    # After stubs.load(): these import the generated code.
    from concurrent import futures

    import grpc

    import health
    import join
    import service
    from concert.v1 import party_pb2_grpc
    from grpc.health.v1 import health_pb2_grpc

    def log(message):
        print(f"{PROG} {model.id}: {message}", file=sys.stderr, flush=True)

    party = service.PartyService(model, args.cache_size,
                                 log if args.verbose else None)
    # Exploration batches can be large: the same limits as the C++ servers.
    limit = 256 * 1024 * 1024
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=args.workers),
        options=[("grpc.max_receive_message_length", limit),
                 ("grpc.max_send_message_length", limit)])
    party_pb2_grpc.add_PartyServicer_to_server(party, server)
    health_service = health.HealthService()
    health_pb2_grpc.add_HealthServicer_to_server(health_service, server)
    try:
        port = server.add_insecure_port(args.listen)
    except RuntimeError as e:  # newer gRPC raises, 1.51 returns 0
        log(f"cannot listen on {args.listen}: {e}")
        return EXIT_UNSERVED
    if port == 0:
        log(f"cannot listen on {args.listen}")
        return EXIT_UNSERVED

    stop = threading.Event()
    for signo in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signo, lambda *_: stop.set())
    server.start()
    address = bound_address(args.listen, port)
    print(f"{PROG} {model.id} serving on {address}", file=sys.stderr,
          flush=True)

    status = 0
    if args.join:
        advertised = args.advertise or address
        try:
            registered = join.register(args.join, model.id, advertised, stop,
                                       log, attempts=args.join_attempts)
            if registered is not None:
                log(f"registered with {args.join} as {advertised}")
        except join.Refused as e:
            log(f"not registered with {args.join}: {e}")
            stop.set()
            status = EXIT_REFUSED

    stop.wait()
    # Health says NOT_SERVING first, while calls are still taken, and open
    # Watch calls are told so and end; then new calls are refused at once,
    # those in flight get the rest of the grace period, and the server stops
    # without waiting on idle connections.
    grace = args.grace_ms / 1000
    deadline = time.monotonic() + grace
    health_service.set_not_serving()
    health_service.wait_watchers(grace)
    server.stop(max(0.0, deadline - time.monotonic()))
    party.in_flight.wait_idle(max(0.0, deadline - time.monotonic()))
    server.stop(None).wait()
    log(f"stopped: {party.counters.summary()}")
    return status


if __name__ == "__main__":
    sys.exit(main())
