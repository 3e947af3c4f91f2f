#!/usr/bin/env python3
"""Proves that the layering check fails when the rules are broken.

Configures tests/layering/planted (a CMake project that plants one violation
of each rule beside targets that keep them) with the project's own
cmake/ConcertTargets.cmake and cmake/ConcertLayering.cmake, runs
check_layers.py on the manifest it writes, and asserts that the check fails,
names every planted violation, and names none of the clean targets.

Usage: planted_test.py --cmake CMAKE --root REPOSITORY_ROOT --work DIR
"""

import argparse
import os
import shutil
import subprocess
import sys

# Each planted violation: the target, and a piece of the line that reports it.
EXPECTED = [
    ("planted_core_links_grpc", "links gRPC (gRPC::grpc++"),
    ("planted_core_includes_stub", "includes concert/v1/party.grpc.pb.h: a pure target includes no gRPC header"),
    ("planted_core_includes_stub", "belongs to concert_grpc, which planted_core_includes_stub does not link"),
    ("planted_core_includes_adapter", "includes tests/layering/planted/adapter.h includes grpcpp/grpcpp.h"),
    ("planted_core_includes_adapter", "belongs to planted_adapter, which planted_core_includes_adapter does not link"),
    ("planted_core_includes_sqlite", "includes sqlite3.h: only a target declared ALLOW_SQLITE"),
    ("planted_core_links_adapter", "links planted_adapter, a target of the higher layer 'rpc'"),
    ("planted_core_orphan_header", "orphan.h belongs to no target"),
    ("planted_core_includes_public", "planted/public.h belongs to planted_public, which planted_core_includes_public does not link"),
]
# Targets that keep the rules (an adapter may use gRPC, records may include
# sqlite3.h, the clean core links records and messages only).
CLEAN = ["planted_clean_core", "planted_adapter", "planted_records", "planted_public"]


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--cmake", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args(argv)
    here = os.path.dirname(os.path.abspath(__file__))

    shutil.rmtree(args.work, ignore_errors=True)
    configure = subprocess.run(
        [args.cmake, "-S", os.path.join(here, "planted"), "-B", args.work,
         f"-DCONCERT_ROOT={args.root}"],
        capture_output=True, text=True)
    if configure.returncode != 0:
        print(configure.stdout, configure.stderr)
        print("FAIL: the planted project did not configure")
        return 1
    check = subprocess.run(
        [sys.executable, os.path.join(here, "check_layers.py"),
         "--manifest", os.path.join(args.work, "layering-manifest.txt"),
         "--root", args.root],
        capture_output=True, text=True)
    print(check.stdout, end="")
    print(check.stderr, end="", file=sys.stderr)

    failures = []
    if check.returncode != 1:
        failures.append(f"the check exited {check.returncode}, not 1 (violations found)")
    lines = check.stdout.splitlines()
    for target, piece in EXPECTED:
        if not any(line.startswith(target) and piece in line for line in lines):
            failures.append(f"no line reports {target}: ...{piece}...")
    for target in CLEAN:
        for line in lines:
            if line.startswith(target + " ") or line.startswith(target + ":"):
                failures.append(f"a clean target is reported: {line}")
    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print(f"PASS: all {len(EXPECTED)} planted violations reported, no clean target")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
