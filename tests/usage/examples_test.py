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
are listed in NOT_RUN (example_exceptions.py) with the reason and the test
that covers them instead; an example that is neither run nor listed fails
the test, so new examples are tested the day they are written.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# Which examples are not run, or run after another, and how they are
# named (the script's folder is on sys.path).
from example_exceptions import CONTINUES, NOT_RUN, example_key

# Programs that serve until stopped.
SERVERS = ("concert-party", "concert-coordinator",
           "build/clients/examples/cpp-reciprocity/cpp-reciprocity",
           "cpp-reciprocity")

PROGRAMS = ("concert", "concert-party", "concert-coordinator", "./scripts/run",
            "scripts/run", "protoc", "cpp-reciprocity")

RECORD_ID = re.compile(r"\b(session|exploration|comparison)-\d{8}-\d{6}-[0-9a-f]{6}\b")

# Files an example names as the reader's own: the harness provides them.
# The reader's forum seats a DPRK party of their own at OWN_PARTY.
OWN_PARTY = "127.0.0.1:50099"
READER_FILES = {
    "my-draft.textproto": "scenarios/drafts/paper-sequence.textproto",
}


def write_reader_files(root, box):
    for mine, shipped in READER_FILES.items():
        shutil.copy(os.path.join(root, shipped), os.path.join(box, mine))
    with open(os.path.join(root, "scenarios/six-party.textproto")) as f:
        scenario = f.read()
    seat = f'  id: "DPRK"\n  address: "{OWN_PARTY}"\n'
    if '  id: "DPRK"\n' not in scenario:
        raise RuntimeError("six-party.textproto: no DPRK party to seat")
    with open(os.path.join(box, "my-forum.textproto"), "w") as f:
        f.write(scenario.replace('  id: "DPRK"\n', seat, 1))


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
        if line.strip().lower() == "subcommands:":
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
        found.append((f"help:{name}", lines, {}))
    for sub in subcommands(text):
        found += help_examples(binary, [*args, sub])
    return found


# A plain block right after a sentence ending in "`name.ext`:" is that
# file's text, for the examples of the same document that read it.
FILE_INTRO = re.compile(r"`([\w.-]+\.\w+)`:\s*$")


def doc_examples(root):
    """(file:line, lines, files) of the shell blocks of README.md and
    docs/*.md; files maps the names the document shows files under to their
    text."""
    files = ["README.md"] + sorted(
        os.path.join("docs", f) for f in os.listdir(os.path.join(root, "docs"))
        if f.endswith(".md"))
    found = []
    for rel in files:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            text = f.read().splitlines()
        shown, blocks = {}, []
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
            intro = next((l for l in reversed(text[:start - 1]) if l.strip()),
                         "")
            named = FILE_INTRO.search(intro)
            if named and lang in ("", "textproto", "text"):
                shown[named.group(1)] = "\n".join(body) + "\n"
                continue
            if lang in ("sh", "bash", "shell"):
                lines = body
            elif lang in ("", "console", "text"):
                lines = [l[2:] for l in body if l.startswith("$ ")]
            else:
                continue
            # Every shell block is an example: one that cannot run here
            # must say why in NOT_RUN.
            if any(l.strip() and not l.strip().startswith("#") for l in lines):
                blocks.append((f"{rel}:{start}", lines))
        found += [(name, lines, shown) for name, lines in blocks]
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


def resumes(lines):
    """How many `concert resume` commands an example runs."""
    return sum(1 for l in logical_lines(lines)
               if re.match(r"\s*concert\s+resume\s", l))


def instrument(lines, ids, suspended=()):
    """The example as a bash script, with the harness's waits added. Each
    `concert resume` gets a session of its own from `suspended` (sessions
    held up by the reader's own party), and that party is started first,
    as a reader resumes once the party is back."""
    out, served, servers_started = [PRELUDE], set(), False
    suspended = list(suspended)
    for line in logical_lines(lines):
        if re.match(r"\s*concert\s+resume\s", line):
            if OWN_PARTY not in served:
                served.add(OWN_PARTY)
                out.append("concert-party --scenario scenarios/six-party.textproto"
                           f" --party DPRK --listen {OWN_PARTY} > own-party.log"
                           " 2>&1 &")
                out.append(f"__wait_port {OWN_PARTY.split(':')[1]}")
            line = RECORD_ID.sub(suspended.pop(0), line, count=1)
        else:
            line = RECORD_ID.sub(lambda m: ids[m.group(1)], line)
        line = line.replace("./scripts/run", "scripts/run")
        words = line.strip().split()
        program = words[0] if words else ""
        background = line.rstrip().endswith("&")
        port = listen_port(line)
        join = re.search(r"--join[ =](\S+)", line)
        # A forum to join, where the example means this machine; another
        # host (a compose service name) is the party's to retry.
        if (join and join.group(1) not in served and
                re.match(r"(127\.0\.0\.1|localhost):", join.group(1))):
            served.add(join.group(1))
            out.append(f"__forum_at {join.group(1)}")
        if port:
            served.add(f"127.0.0.1:{port}")
        coordinator = re.search(r"--coordinator[ =](\S+)", line)
        if coordinator and program == "concert" and servers_started:
            out.append(f"__wait_parties {coordinator.group(1)}")
        if program in SERVERS and not background:
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
    write_reader_files(root, box)
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


def make_suspended(concert, env, cwd):
    """A session SUSPENDED because the reader's own party (OWN_PARTY) did
    not answer: what `concert resume` continues."""
    done = subprocess.run(
        isolated([concert, "run", "scenarios/drafts/paper-sequence.textproto",
                  "--scenario", "my-forum.textproto", "--format", "json"]),
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    m = RECORD_ID.search(done.stdout + done.stderr)
    if done.returncode != 4 or m is None:
        raise RuntimeError(f"no suspended session (exit {done.returncode}): "
                           f"{done.stderr[-2000:]}")
    return m.group(0)


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
    seen = set()
    for binary in (args.concert, args.concert_coordinator, args.concert_party):
        for name, lines, files in help_examples(binary, []):
            # A subcommand may show its parent's footer: run it once.
            if tuple(lines) not in seen:
                seen.add(tuple(lines))
                examples.append((name, lines, files))
    bindirs = sorted({os.path.dirname(os.path.abspath(b)) for b in
                      (args.concert, args.concert_party,
                       args.concert_coordinator)})
    bindirs.append(os.path.join(args.build, "clients/examples/cpp-reciprocity"))

    failures = 0
    names = {name for name, _, _ in examples}
    keys = {}
    for name, lines, _ in examples:
        keys.setdefault(example_key(name, lines), []).append(name)
    by_key = {example_key(name, lines): lines for name, lines, _ in examples}
    for stale in sorted((set(NOT_RUN) | set(CONTINUES) |
                         set(CONTINUES.values())) - set(keys)):
        failures += fail(f"NOT_RUN or CONTINUES names {stale}, which is no "
                         "longer an example: drop it")
    for key in sorted((set(NOT_RUN) | set(CONTINUES)) & set(keys)):
        if len(keys[key]) > 1:
            failures += fail(f"NOT_RUN or CONTINUES names {key}, which starts "
                             f"{len(keys[key])} examples ({', '.join(keys[key])})"
                             ": make their first commands differ")
    records_box = sandbox(args.root, args.build)
    records_db = os.path.join(records_box, "records.db")
    ids = make_records(args.concert, environment(records_box, bindirs,
                                                 records_db), records_box)
    ran = 0
    for name, lines, files in examples:
        if args.only and args.only not in name:
            continue
        key = example_key(name, lines)
        if key in NOT_RUN:
            print(f"not run  {name}: {NOT_RUN[key]}")
            continue
        records_env = environment(records_box, bindirs, records_db)
        suspended = [make_suspended(args.concert, records_env, records_box)
                     for _ in range(resumes(lines))]
        box = sandbox(args.root, args.build)
        db = os.path.join(box, "concert.db")
        shutil.copy(records_db, db)
        for file_name, text in files.items():
            with open(os.path.join(box, file_name), "w") as f:
                f.write(text)
        before = by_key.get(CONTINUES.get(key, ""), [])
        script = instrument(before + lines, ids, suspended)
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
    # The collection itself can break (a help layout that changed): these
    # sections have examples today, so they must be found.
    for expected in ("help:concert run", "help:concert explore",
                     "help:concert records", "help:concert-party",
                     "docs/comparing-drafts.md:"):
        if not args.only and not any(n.startswith(expected) for n in names):
            failures += fail(f"no example collected from {expected}: the "
                             "collection is broken")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
