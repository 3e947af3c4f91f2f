#!/usr/bin/python3
"""seat.py SCENARIO PARTY ADDRESS: prints SCENARIO (a concert.v1.Scenario
textproto) with PARTY's seat given ADDRESS and no interest model, so that
`concert run DRAFT --scenario OUT` dials the party served there instead of
the built-in one. The stubs are found as party.py finds them (--stubs DIR,
$CONCERT_PY_STUBS, the build/ tree's).
"""

import argparse
import sys

sys.dont_write_bytecode = True

import stubs  # noqa: E402


def main():
    parser = argparse.ArgumentParser(prog="seat.py", description=__doc__,
                                     formatter_class=argparse.
                                     RawDescriptionHelpFormatter)
    parser.add_argument("scenario", help="scenario textproto")
    parser.add_argument("party", help="id of the seat to give an address")
    parser.add_argument("address", help="where the party serves (host:port)")
    parser.add_argument("--stubs", metavar="DIR", help="generated stubs")
    args = parser.parse_args()
    try:
        stubs.load(args.stubs)
    except stubs.StubsError as e:
        print(f"seat.py: {e}", file=sys.stderr)
        return 2

    from google.protobuf import text_format

    from concert.v1 import scenario_pb2

    scenario = scenario_pb2.Scenario()
    try:
        with open(args.scenario, encoding="utf-8") as f:
            text_format.Parse(f.read(), scenario)
    except (OSError, text_format.ParseError) as e:
        print(f"seat.py: {args.scenario}: {e}", file=sys.stderr)
        return 2
    seats = [p for p in scenario.parties if p.id == args.party]
    if not seats:
        ids = ", ".join(p.id for p in scenario.parties)
        print(f"seat.py: {args.scenario} has no party '{args.party}'; its "
              f"parties are: {ids}", file=sys.stderr)
        return 2
    seats[0].address = args.address
    seats[0].ClearField("interests")
    del seats[0].variants[:]
    sys.stdout.write(text_format.MessageToString(scenario))
    return 0


if __name__ == "__main__":
    sys.exit(main())
