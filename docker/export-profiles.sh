#!/usr/bin/env bash
# Writes each party's profile of scenarios/six-party.textproto (`concert
# profile export`) into docker/k8s/base/profiles/, where compose.yaml and
# the Kubernetes base both take them: a party's container gets its own
# file and no other party's. Run after changing the scenario:
#   docker/export-profiles.sh build/clients/concert/concert [OUT_DIR]
# tests/deploy/profiles_test.py runs it into a temporary directory and
# fails when the shipped files differ from what it writes.
set -euo pipefail
concert="$(realpath "${1:?usage: export-profiles.sh CONCERT_BINARY [OUT_DIR]}")"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "${2:-$root/docker/k8s/base/profiles}")"
mkdir -p "$out"
# From the root, so the header names the scenario by its path in the tree.
cd "$root"
scenario=scenarios/six-party.textproto
for party in $(sed -n '/^parties {/{n;s/^ *id: "\(.*\)"/\1/p}' "$scenario"); do
  "$concert" profile export --scenario "$scenario" --party "$party" \
    --out "$out/$(tr '[:upper:]' '[:lower:]' <<<"$party").textproto"
done
