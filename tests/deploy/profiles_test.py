#!/usr/bin/env python3
"""The shipped profiles (docker/k8s/base/profiles/, one per party, taken by
compose.yaml and the Kubernetes base) are exactly what
docker/export-profiles.sh writes today with the built `concert`: they never
go stale when the scenario or the exporter changes. One file per party of
the scenario, each declaring its own party."""

import filecmp
import os
import subprocess
import sys

import deploy_lib
import tempfile

import deploy_lib


def main():
    args = deploy_lib.parse_args(binaries=False,
                                 concert={"required": True})
    failures = deploy_lib.Failures()
    shipped = os.path.join(args.root, "docker", "k8s", "base", "profiles")
    parties = deploy_lib.scenario_parties(
        os.path.join(args.root, "scenarios", "six-party.textproto"))
    failures.check(len(parties) == 6, "scenarios/six-party.textproto",
                   f"found parties {parties}")
    want = sorted(f"{p.lower()}.textproto" for p in parties)
    have = sorted(f for f in os.listdir(shipped) if f.endswith(".textproto"))
    failures.check(have == want, shipped,
                   f"holds {have}, want one profile per party {want}")
    with tempfile.TemporaryDirectory() as fresh:
        result = subprocess.run(
            [os.path.join(args.root, "docker", "export-profiles.sh"),
             args.concert, fresh], capture_output=True, text=True,
            timeout=120, check=False)
        if result.returncode != 0:
            print(f"FAIL: docker/export-profiles.sh exited "
                  f"{result.returncode}:\n{result.stderr}")
            sys.exit(1)
        failures.check(sorted(os.listdir(fresh)) == want, "export-profiles.sh",
                       f"wrote {sorted(os.listdir(fresh))}, want {want}")
        for name in want:
            path = os.path.join(shipped, name)
            if not failures.check(os.path.isfile(path), path, "missing"):
                continue
            failures.check(
                filecmp.cmp(path, os.path.join(fresh, name), shallow=False),
                path, "differs from what `concert profile export` writes now; "
                "run docker/export-profiles.sh BUILD/clients/concert/concert")
            party = name.split(".")[0].upper()
            failures.check(deploy_lib.profile_id(path) == party, path,
                           f"declares {deploy_lib.profile_id(path)}, not {party}")
    failures.finish("docker/k8s/base/profiles")


if __name__ == "__main__":
    main()
