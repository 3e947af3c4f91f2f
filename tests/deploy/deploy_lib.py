"""What the deployment tests share: the binaries' own word on their flags and
environment variables (read from --help, so the tests follow the programs,
not a list kept beside them), the commands a container runs, and the
scenario's parties.

A container's command is an argv list; it may wrap the binaries in
`timeout N ...` or `sh -c SCRIPT`, whose concert invocations are found in
the script's words.
"""

import argparse
import functools
import os
import re
import shlex
import subprocess
import sys

BINARIES = ("concert", "concert-party", "concert-coordinator")


class Failures:
    """Collects every problem, so one run reports them all."""

    def __init__(self):
        self.items = []

    def add(self, where, message):
        self.items.append(f"{where}: {message}")

    def check(self, ok, where, message):
        if not ok:
            self.add(where, message)
        return ok

    def finish(self, what):
        if self.items:
            print(f"FAIL: {len(self.items)} problem(s) in {what}:")
            for item in self.items:
                print("  " + item)
            sys.exit(1)
        print(f"OK: {what}")
        sys.exit(0)


class Help:
    """One (sub)command's --help: its flags, env vars and subcommands, read
    from CLI11's sections ("Options:", "Subcommands:"), not from the
    footer's prose."""

    # CLI11 lists an option as "  -h,--help ..." or "  --listen ADDR ...".
    _OPTION = re.compile(r"^[ \t]+(?:-\w,\s*)?(--[A-Za-z0-9][\w-]*)")
    _ENV = re.compile(r"\(Env:(\w+)\)")

    def __init__(self, text):
        self.text = text
        self.flags = set()
        self.subcommands = set()
        options = self.section("Options")
        for line in options:
            m = self._OPTION.match(line)
            if m:
                self.flags.add(m.group(1))
        self.env = set(self._ENV.findall("\n".join(options)))
        for line in self.section("Subcommands"):
            words = line.split()
            if words and not line.startswith(" " * 8):
                self.subcommands.add(words[0])

    def section(self, title):
        """The indented lines under a "Title:" line, up to the next line
        that is not indented (blank lines inside are kept)."""
        lines, inside = [], False
        for line in self.text.splitlines():
            if line.strip().lower() == title.lower() + ":":
                inside = True
            elif inside and line and not line[0].isspace():
                break
            elif inside:
                lines.append(line)
        return lines


class Binaries:
    """The built programs, asked for their help on demand."""

    def __init__(self, paths):
        self.paths = paths  # name -> path

    @functools.lru_cache(maxsize=None)
    def help(self, binary, subcommands=()):
        argv = [self.paths[binary], *subcommands, "--help"]
        result = subprocess.run(argv, capture_output=True, text=True,
                                timeout=30, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {result.returncode}: "
                               f"{result.stderr.strip()}")
        return Help(result.stdout)

    def all_env(self):
        names = set()
        for binary in BINARIES:
            names |= self.help(binary).env
            if binary == "concert":
                for sub in self.help(binary).subcommands:
                    names |= self.help(binary, (sub,)).env
        return names


def add_binary_args(parser):
    for name in BINARIES:
        parser.add_argument("--" + name, required=True,
                            help=f"path of the built {name}")


def parse_args(binaries=True, **extra):
    """The command line of a check: --root (made absolute), the built
    binaries' paths when `binaries`, and one --NAME per `extra` item
    (name_with_underscores=dict of argparse keywords)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    for name, keywords in extra.items():
        parser.add_argument("--" + name.replace("_", "-"), **keywords)
    if binaries:
        add_binary_args(parser)
    args = parser.parse_args()
    args.root = os.path.abspath(args.root)
    return args


def binaries_from(args):
    return Binaries({name: getattr(args, name.replace("-", "_"))
                     for name in BINARIES})


class Invocation:
    """One run of a concert binary inside a container's command."""

    def __init__(self, binary, subcommands, words):
        self.binary = binary
        self.subcommands = tuple(subcommands)
        self.words = words  # everything after the subcommands

    def name(self):
        return " ".join((self.binary,) + self.subcommands)


_SHELL_SEPARATORS = {";", "&&", "||", "|", "&", "(", ")", "do", "done",
                     "then", "else", "fi", "until", "while", "if", "exec",
                     "!", "{", "}"}


def _shell_segments(script):
    lexer = shlex.shlex(script, posix=True, punctuation_chars=";&|()")
    lexer.whitespace_split = True
    segment = []
    for word in lexer:
        if word in _SHELL_SEPARATORS:
            if segment:
                yield segment
            segment = []
        else:
            segment.append(word)
    if segment:
        yield segment


def invocations(argv, binaries):
    """The concert binaries a container command runs, with their words."""
    argv = [str(a) for a in argv]
    if not argv:
        return []
    if argv[0] == "timeout":
        return invocations(argv[2:], binaries)
    if os.path.basename(argv[0]) in ("sh", "bash") and len(argv) >= 3 \
            and argv[1] == "-c":
        found = []
        for segment in _shell_segments(argv[2]):
            found += invocations(segment, binaries)
        return found
    binary = os.path.basename(argv[0])
    if binary not in BINARIES:
        return []
    rest = argv[1:]
    subcommands = []
    while rest and rest[0] in binaries.help(binary,
                                            tuple(subcommands)).subcommands:
        subcommands.append(rest.pop(0))
    return [Invocation(binary, subcommands, rest)]


def check_command(where, argv, env_names, binaries, failures):
    """Every flag a command passes exists in its binary's --help, and every
    CONCERT_* variable the container sets is one each concert program it
    runs lists as (Env:NAME). Other variables must be read by the command
    itself (a shell script's $NAME), so none is set for nothing. Returns
    the invocations found."""
    found = invocations(argv, binaries)
    for inv in found:
        help_ = binaries.help(inv.binary, inv.subcommands)
        for word in inv.words:
            if word.startswith("--"):
                flag = word.split("=", 1)[0]
                failures.check(flag in help_.flags, where,
                               f"`{inv.name()}` has no flag {flag} "
                               f"(its --help lists {sorted(help_.flags)})")
    joined = " ".join(str(a) for a in argv)
    for name in env_names:
        if name.startswith("CONCERT_"):
            if not failures.check(found, where,
                                  f"sets {name}, but runs no concert program"):
                continue
            for inv in found:
                failures.check(
                    name in binaries.help(inv.binary, inv.subcommands).env,
                    where, f"sets {name}, which `{inv.name()} --help` does not "
                    "list as (Env:...)")
        else:
            failures.check(re.search(r"\$\{?" + name + r"\b", joined), where,
                           f"sets {name}, which its command never reads")
    return found


def scenario_parties(path):
    """The party ids of a scenario textproto, in order (its top-level
    `parties { id: "..." }` blocks)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return re.findall(r'^parties \{\s*\n\s*id: "([^"]+)"', text, re.M)


def profile_id(path):
    """The party id a profile (PartySpec textproto) declares."""
    with open(path, encoding="utf-8") as f:
        match = re.search(r'^id: "([^"]+)"', f.read(), re.M)
    return match.group(1) if match else None


def yaml_module():
    try:
        import yaml  # python3-yaml, one of scripts/lib/setup.sh's test packages
    except ImportError:
        print(f"FAIL: PyYAML is not installed for {sys.executable} "
              "(apt-get install python3-yaml; scripts/test installs it)")
        sys.exit(1)
    return yaml


def load_yaml_documents(path):
    yaml = yaml_module()
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]
