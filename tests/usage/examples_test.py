#!/usr/bin/env python3
"""Every example concert shows its users runs as written.

The examples are collected, not listed by hand:
  - each `Example:`/`Examples:` section of every binary's --help (every
    command and subcommand of `concert`, and concert-coordinator,
    concert-party), one script per section;
  - each shell code block of README.md and docs/*.md that runs a concert
    program (```sh blocks, and the `$ ` lines of unlabelled console blocks).

Each script runs in a sandbox of its own: a fresh directory holding links to
the shipped files (scenarios/, docker/, clients/, proto/, scripts/, build/),
its own record database and HOME, and — as root — its own network namespace
and PID namespace, so the fixed ports an example names (127.0.0.1:7000) are
its own and every server it leaves running dies with it.

What the harness adds, and nothing else:
  - record ids in examples (session-20261127-230726-abef00 and the like) are
    replaced by ids of records the harness made first, of the same kind;
  - a server started in the background is waited for (its --listen port, or
    for `--coordinator ADDR` commands, every party answering) before the next
    line, as a person typing would have waited;
  - a server started in the foreground (the last step of a help example) is
    checked to come up and is then stopped;
  - a `--join ADDR` with nothing at ADDR gets a forum to join there.

A command may exit 0, or 3 (a deadlock is an answer, not an error); any other
code fails the example, naming its file and line. Examples that cannot run
here (they build a tree, need a Docker engine, or a process killed mid-way)
are listed in NOT_RUN with the reason and the test that covers them instead;
an example that is neither run nor listed fails the test, so new examples
are tested the day they are written.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

PROGRAMS = ("concert", "concert-party", "concert-coordinator", "./scripts/run",
            "scripts/run", "protoc", "cpp-reciprocity")

# Examples not run here, by "file:line" of the block (or of the help section,
# "help:concert records") → why, and what tests it instead.
NOT_RUN = {
    "README.md:3": "./scripts/test is the suite itself; ./scripts/run runs "
                   "below as a help example's and here via examples of its own",
    "docs/performance.md:87": "builds a benchmark tree (minutes of compiling);"
                              " the bench-smoke tests run the harness",
    "docs/performance.md:298": "the multi-host benchmark needs sudo and takes"
                               " minutes; netns-bench-smoke runs it --quick",
    "docs/performance.md:945": "builds the benchmark tree; bench-smoke runs it",
    "docs/deployment.md:81": "needs a session killed mid-way; "
                             "coordinator_crash_test and embedded_run_killed_"
                             "test resume such sessions",
    "docs/deployment.md:103": "backs up /var/lib/concert of a deployment "
                              "(sqlite3 online backup); nothing to back up "
                              "here",
    "docs/writing-a-party.md:18": "sets PATH for the reader's shell; the "
                                  "harness sets the same PATH",
    "docs/writing-a-party.md:207": "installs the SDK and builds a party out "
                                   "of tree; sdk out_of_tree_test does both",
    "docs/writing-a-party.md:227": "joins the forum of the block at line 57;"
                                   " reciprocity_test runs the example party",
    "docs/writing-a-party.md:358": "tiny_party.py is the Python shown above "
                                   "it; python_party_conformance_test runs "
                                   "the shipped Python party through the "
                                   "same conformance run",
}

RECORD_ID = re.compile(r"\b(session|exploration|comparison)-\d{8}-\d{6}-[0-9a-f]{6}\b")

# Files an example names as the reader's own: the harness provides them.
READER_FILES = {
    "my-forum.textproto": "scenarios/six-party.textproto",
    "my-draft.textproto": "scenarios/drafts/paper-sequence.textproto",
}


def fail(message):
    print(f"FAIL: {message}")
    return 1


def help_text(binary, args):
    done = subprocess.run([binary, *args, "--help"], capture_output=True,
                          text=True, timeout=30)
    return done.stdout + done.stderr


def subcommands(text):
    """Names listed under SUBCOMMANDS: in CLI11's help."""
    names, inside = [], False
    for line in text.splitlines():
        if line.strip() == "SUBCOMMANDS:":
            inside = True
            continue
        if inside:
            m = re.match(r"^  (\S+)", line)
            if m:
                names.append(m.group(1))
            elif line.strip() and not line.startswith(" "):
                inside = False
    return names


def help_examples(binary, args):
    """(name, lines) of the Example(s): sections of one --help, recursively."""
    text = help_text(binary, args)
    name = " ".join([os.path.basename(binary), *args])
    found = []
    lines, inside = [], False
    for line in text.splitlines():
        if re.match(r"^Examples?:\s*$", line.strip()):
            inside = True
            continue
        if inside:
            stripped = line.strip()
            if line.startswith("  ") and stripped.split(" ")[0] in PROGRAMS:
                lines.append(stripped)
            elif lines and line.startswith("    ") and lines[-1].endswith("\\"):
                lines[-1] += "\n" + line
            else:
                inside = False
    if lines:
        found.append((f"help:{name}", lines))
    for sub in subcommands(text):
        found += help_examples(binary, [*args, sub])
    return found


def doc_examples(root):
    """(file:line, lines) of the shell blocks of README.md and docs/*.md."""
    files = ["README.md"] + sorted(
        os.path.join("docs", f) for f in os.listdir(os.path.join(root, "docs"))
        if f.endswith(".md"))
    found = []
    for rel in files:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            text = f.read().splitlines()
        i = 0
        while i < len(text):
            m = re.match(r"^```(\w*)\s*$", text[i])
            if not m:
                i += 1
                continue
            lang, start, body = m.group(1), i + 1, []
            i += 1
            while i < len(text) and not text[i].startswith("```"):
                body.append(text[i])
                i += 1
            i += 1
            if lang in ("sh", "bash", "shell"):
                lines = body
            elif lang in ("", "console", "text"):
                lines = [l[2:] for l in body if l.startswith("$ ")]
            else:
                continue
            # Every shell block is an example: one that cannot run here
            # must say why in NOT_RUN.
            if any(l.strip() and not l.strip().startswith("#") for l in lines):
                found.append((f"{rel}:{start}", lines))
    return found


PRELUDE = r"""
set -o pipefail
__fail() { echo "EXAMPLE FAILED (exit $1): $2" >&2; exit 99; }
trap 'st=$?; [[ $st -eq 3 ]] || __fail $st "$BASH_COMMAND"' ERR
__wait_port() {  # a server started in the background, up on PORT
  for _ in $(seq 1 300); do
    (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0
    sleep 0.1
  done
  __fail 98 "nothing listens on port $1 after 30 s"
}
__wait_parties() {  # every party of the coordinator at $1 answers
  for _ in $(seq 1 300); do
    concert parties --coordinator "$1" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  concert parties --coordinator "$1" >&2 || true
  __fail 98 "the parties of $1 do not all answer after 30 s"
}
__serve() {  # a server in the foreground: it comes up, then is stopped
  "$@" > serve.log 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do
    grep -qi "listening\|serving\|joined" serve.log && break
    kill -0 $pid 2>/dev/null || { cat serve.log >&2; __fail 97 "$*"; }
    sleep 0.1
  done
  kill -0 $pid 2>/dev/null || { cat serve.log >&2; __fail 97 "$*"; }
  kill -TERM $pid; wait $pid || true
}
__forum_at() {  # a coordinator with its parties, for a --join example
  concert-coordinator --scenario scenarios/six-party.textproto \
      --listen "$1" --db forum-at.db > forum-at.log 2>&1 &
  __wait_port "${1##*:}"
}
"""


def listen_port(line):
    m = re.search(r"--listen[ =]\S*:(\d+)", line)
    return m.group(1) if m and m.group(1) != "0" else None


def logical_lines(lines):
    """Lines with their backslash continuations joined in."""
    logical, buf = [], ""
    for line in lines:
        buf = f"{buf}\n{line}" if buf else line
        if not line.rstrip().endswith("\\"):
            logical.append(buf)
            buf = ""
    if buf:
        logical.append(buf)
    return logical


def instrument(lines, ids):
    """The example as a bash script, with the harness's waits added."""
    out, served, servers_started = [PRELUDE], set(), False
    for line in logical_lines(lines):
        line = RECORD_ID.sub(lambda m: ids[m.group(1)], line)
        line = line.replace("./scripts/run", "scripts/run")
        words = line.strip().split()
        program = words[0] if words else ""
        background = line.rstrip().endswith("&")
        port = listen_port(line)
        join = re.search(r"--join[ =](\S+)", line)
        if join and join.group(1) not in served:
            served.add(join.group(1))
            out.append(f"__forum_at {join.group(1)}")
        if port:
            served.add(f"127.0.0.1:{port}")
        coordinator = re.search(r"--coordinator[ =](\S+)", line)
        if coordinator and program == "concert" and servers_started:
            out.append(f"__wait_parties {coordinator.group(1)}")
        if program in ("concert-party", "concert-coordinator") and not background:
            out.append(f"__serve {line}")
            continue
        out.append(line)
        if background and port:
            out.append(f"__wait_port {port}")
        if background or program == "for":
            servers_started = True
    return "\n".join(out) + "\n"


def sandbox(root, build):
    box = tempfile.mkdtemp(prefix="concert-example-")
    for name in ("scenarios", "docker", "clients", "proto", "scripts", "tests"):
        os.symlink(os.path.join(root, name), os.path.join(box, name))
    os.symlink(build, os.path.join(box, "build"))
    for mine, shipped in READER_FILES.items():
        shutil.copy(os.path.join(root, shipped), os.path.join(box, mine))
    return box


def environment(box, bindirs, db):
    env = dict(os.environ)
    env["PATH"] = ":".join(bindirs + [env.get("PATH", "/usr/bin:/bin")])
    env["HOME"] = box
    env["CONCERT_DB"] = db
    env["COLUMNS"] = "100"
    env["CONCERT_NO_SETUP"] = "1"  # scripts/run: the build is there
    env.pop("CONCERT_COORDINATOR", None)
    env.pop("CONCERT_SCENARIO", None)
    return env


def isolated(command):
    """`command` in network and PID namespaces of its own, when root."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return command
    return ["unshare", "--net", "--pid", "--fork", "--kill-child", "bash",
            "-c", 'ip link set lo up && exec "$@"', "isolated", *command]


def make_records(concert, env, cwd):
    """One record of each kind, for the examples that name a record id."""
    ids = {}
    runs = {
        "session": [concert, "run", "scenarios/drafts/paper-sequence.textproto",
                    "--format", "json"],
        "exploration": [concert, "explore",
                        "scenarios/drafts/arf-three-stage.textproto",
                        "--format", "json"],
        "comparison": [concert, "compare",
                       "scenarios/drafts/paper-sequence.textproto",
                       "--format", "json"],
    }
    for kind, command in runs.items():
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=300)
        m = RECORD_ID.search(done.stdout)
        if m is None or m.group(1) != kind:
            raise RuntimeError(f"no {kind} record: {done.stderr[-2000:]}")
        ids[kind] = m.group(0)
    return ids


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--concert", required=True)
    parser.add_argument("--concert-party", required=True)
    parser.add_argument("--concert-coordinator", required=True)
    parser.add_argument("--only", help="run the examples whose name has this")
    args = parser.parse_args()

    examples = doc_examples(args.root)
    for binary in (args.concert, args.concert_coordinator, args.concert_party):
        examples += help_examples(binary, [])
    bindirs = sorted({os.path.dirname(os.path.abspath(b)) for b in
                      (args.concert, args.concert_party,
                       args.concert_coordinator)})
    bindirs.append(os.path.join(args.build, "clients/examples/cpp-reciprocity"))

    failures = 0
    names = {name for name, _ in examples}
    for stale in sorted(set(NOT_RUN) - names):
        failures += fail(f"NOT_RUN names {stale}, which is no longer an "
                         "example: drop it")
    records_box = sandbox(args.root, args.build)
    records_db = os.path.join(records_box, "records.db")
    ids = make_records(args.concert, environment(records_box, bindirs,
                                                 records_db), records_box)
    ran = 0
    for name, lines in examples:
        if args.only and args.only not in name:
            continue
        if name in NOT_RUN:
            print(f"not run  {name}: {NOT_RUN[name]}")
            continue
        box = sandbox(args.root, args.build)
        db = os.path.join(box, "concert.db")
        shutil.copy(records_db, db)
        script = instrument(lines, ids)
        with open(os.path.join(box, "example.sh"), "w") as f:
            f.write(script)
        started = time.monotonic()
        try:
            done = subprocess.run(isolated(["bash", "example.sh"]), cwd=box,
                                  env=environment(box, bindirs, db),
                                  capture_output=True, text=True, timeout=600)
            code, output = done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired as e:
            code, output = "timeout", f"{e.stdout or ''}{e.stderr or ''}"
        seconds = time.monotonic() - started
        ran += 1
        if code not in (0, 3):
            failures += fail(f"{name} (exit {code}, {seconds:.1f} s):\n"
                             + "\n".join("    " + l for l in lines)
                             + "\n  output (last 40 lines):\n"
                             + "\n".join("    " + l for l in
                                         str(output).splitlines()[-40:]))
        else:
            print(f"ok       {name} ({seconds:.1f} s)")
            shutil.rmtree(box, ignore_errors=True)
    shutil.rmtree(records_box, ignore_errors=True)
    print(f"{ran} examples run, {len(NOT_RUN)} not run (reasons above), "
          f"{failures} failed")
    if ran == 0:
        return fail("no example found: the collection is broken")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
