"""The examples of the docs and the --help pages that examples_test.py does
not run, and those that run after another: a list of their own, kept
apart from the harness that runs the rest.
"""
import re

# Examples not run here → why, and what tests it instead. A block of the
# docs is named by its file and its first command, without a trailing
# comment ("file: command"; see example_key), so that editing the text above
# it does not rename it; a help section as "help:concert records".
NOT_RUN = {
    "README.md: ./scripts/run":
        "./scripts/test is the suite itself; ./scripts/run runs below as "
        "a help example's and here via examples of its own",
    "docs/security-identity.md: scripts/dev-ca --out docker/tls":
        "needs a Docker engine (compose with mutual TLS); "
        "deploy_tls_variants checks compose.tls.yaml, tls_processes_test "
        "runs the binaries over TLS",
    "docs/security-identity.md: scripts/dev-ca --out tls --hosts "
    "coordinator.concert.svc.cluster.local":
        "needs a Kubernetes cluster; deploy_tls_variants renders and "
        "checks overlays/tls",
    "docs/performance.md: ninja -C build -j2 concert_bench":
        "builds a benchmark tree (minutes of compiling); the bench-smoke "
        "tests run the harness",
    "docs/performance.md: ninja -C build -j2 concert_netns_bench":
        "the multi-host benchmark runs as root (sudo) for minutes; "
        "netns-bench-smoke runs it --quick",
    "docs/performance.md: ninja -C build concert_compare_bench && "
    "build/tests/bench/concert_compare_bench":
        "builds and runs the comparison benchmark (a build inside a "
        "test); bench-smoke runs it",
    "docs/deployment.md: concert run my-draft.textproto --scenario "
    "my-forum.textproto":
        "needs a session killed mid-way; coordinator_crash_test and "
        "embedded_run_killed_test resume such sessions",
    'docs/deployment.md: sqlite3 /var/lib/concert/concert.db ".backup '
    '\'/backup/concert-$(date +%F).db\'"':
        "backs up /var/lib/concert of a deployment (sqlite3 online "
        "backup); nothing to back up here",
    'docs/writing-a-party.md: export PATH="$PWD/build/clients/concert:'
    '$PWD/build/services/party:$PWD/build/services/coordinator:$PATH"':
        "sets PATH for the reader's shell; the harness sets the same PATH",
    "docs/writing-a-party.md: cmake --install build --prefix "
    '"$HOME/concert"':
        "installs the SDK and builds a party out of tree; sdk "
        "out_of_tree_test does both",
    "docs/writing-a-party.md: /usr/bin/python3 tiny_party.py /tmp/stubs "
    "127.0.0.1:50052 &":
        "tiny_party.py is the Python shown above it; "
        "python_party_conformance_test runs the shipped Python party "
        "through the same conformance run",
}

# Examples that show what an earlier one's forum does: they run after it,
# in the same sandbox (named as in NOT_RUN).
CONTINUES = {
    "docs/writing-a-party.md: concert parties --coordinator 127.0.0.1:7000":
        "docs/writing-a-party.md: concert-coordinator --scenario "
        "scenarios/six-party.textproto --listen 127.0.0.1:7000 --db forum.db &",
}


def example_key(name, lines):
    """How NOT_RUN and CONTINUES name an example (see NOT_RUN)."""
    if not re.match(r"^[^:]+\.md:\d+$", name):
        return name
    first = next((l.strip() for l in lines
                  if l.strip() and not l.strip().startswith("#")), "")
    return name.rsplit(":", 1)[0] + ": " + re.sub(r"\s+#.*$", "", first)
