#!/usr/bin/python3
"""Which .cc files clang-tidy has already found clean, by content.

scripts/lint runs clang-tidy, about 12 s of CPU per file, on every .cc file
of services/ and clients/: the largest step of CI. Most commits change a few
files, so the lint keeps a manifest (.ci/lint-clean.txt) of files found clean
together with a key of everything clang-tidy's verdict depends on:

  - clang-tidy's version (without its "Host CPU" line, which names the
    machine, not the checks: "znver3" on one VM, "(unknown)" on the next of
    the same kind) and .clang-tidy;
  - the file's compile command (paths of the checkout and the build written
    as @ROOT and @BUILD, so a key is the same in any clone);
  - the content of the file and of every project header it includes (the
    build's dependency list, `ninja -t deps`), generated Protobuf headers
    included, each named relative to the checkout or the build, so that
    neither the names nor their order depend on where the clone lives;
    system headers by path only (they change with the Debian
    packages, which change the version line of clang-tidy's own package
    only rarely: `scripts/lint --all` ignores the manifest).

A file whose key is in the manifest is skipped; any change to it, to a
header it includes, or to the checks gives it a new key and lints it again.

  lint_cache.py keys BUILD FILE...  prints "KEY FILE" lines ("-" for a file
                                    the build does not know)
  lint_cache.py stale KEYS          prints the files of KEYS (a file of such
                                    lines) not known clean
  lint_cache.py record KEYS         writes the manifest from KEYS (only after
                                    every file passed)
Keys are taken before clang-tidy runs, so a file edited meanwhile is not
recorded under its new content.
"""

import hashlib
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MANIFEST = os.path.join(ROOT, ".ci", "lint-clean.txt")
HEADER = """\
# Files clang-tidy found clean, with a key of what the verdict depends on
# (scripts/lib/lint_cache.py): scripts/lint skips a file whose key is here.
# Written by `scripts/lint --update` after a clean run; safe to delete.
"""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: str, cache: dict) -> str:
    if path not in cache:
        with open(path, "rb") as f:
            cache[path] = digest(f.read())
    return cache[path]


def inside(path: str, parent: str) -> bool:
    return path == parent or path.startswith(parent + os.sep)


def dependencies(build: str) -> dict:
    """Maps each source file (absolute) to the files its object depends on."""
    out = subprocess.run(["ninja", "-C", build, "-t", "deps"], check=True,
                         capture_output=True, text=True).stdout
    deps, current = {}, None
    for line in out.splitlines():
        if not line.strip():
            current = None
        elif not line.startswith(" "):
            current = []
        elif current is not None:
            path = os.path.normpath(os.path.join(build, line.strip()))
            if not current:  # the first dependency is the source itself
                deps[path] = current
            current.append(path)
    return deps


def commands(build: str) -> dict:
    with open(os.path.join(build, "compile_commands.json")) as f:
        entries = json.load(f)
    return {os.path.normpath(e["file"]): e["command"] for e in entries}


def placeholders(text: str, build: str, root: str) -> str:
    return text.replace(build, "@BUILD").replace(root, "@ROOT")


def key_of(version: str, config: str, command: str, deps: list, build: str,
           root: str, file_digest_of) -> str:
    """One file's key from what its verdict depends on (see above).

    Each dependency is written relative to the build or the checkout before
    the parts are sorted: sorting absolute paths would order a checkout in
    /check/... before /usr/include and one in /work/... after it, and give
    the same file a different key in each clone.
    """
    parts = []
    for dep in deps:
        # The build first: it may lie inside the checkout.
        base = next(((tag, place) for tag, place in
                     (("B", build), ("R", root)) if inside(dep, place)), None)
        if base is None:
            parts.append("S " + dep)
        else:
            parts.append(f"{base[0]} {os.path.relpath(dep, base[1])} "
                         f"{file_digest_of(dep)}")
    head = ["v2", version, config, placeholders(command, build, root)]
    return digest("\n".join(head + sorted(parts)).encode())


def tidy_version() -> str:
    return "".join(
        line for line in subprocess.run(
            ["clang-tidy", "--version"], check=True, capture_output=True,
            text=True).stdout.splitlines(keepends=True)
        if not line.strip().startswith("Host CPU"))


def keys(build: str, files: list) -> dict:
    """The key of each file, or None when the build does not know it."""
    build = os.path.realpath(build)
    version = tidy_version()
    with open(os.path.join(ROOT, ".clang-tidy"), "rb") as f:
        config = digest(f.read())
    deps, cmds, cache, result = dependencies(build), commands(build), {}, {}
    for name in files:
        source = os.path.normpath(os.path.join(ROOT, name))
        if source not in deps or source not in cmds:
            result[name] = None
            continue
        result[name] = key_of(version, config, cmds[source], deps[source],
                              build, ROOT,
                              lambda path: file_digest(path, cache))
    return result


def read_manifest() -> set:
    try:
        with open(MANIFEST) as f:
            return {tuple(line.split()) for line in f
                    if line.strip() and not line.startswith("#")}
    except FileNotFoundError:
        return set()


def read_keys(path: str) -> list:
    with open(path) as f:
        return [tuple(line.split()) for line in f if line.strip()]


def main(argv: list) -> int:
    if argv[1:2] == ["keys"] and len(argv) >= 3:
        for name, key in keys(argv[2], argv[3:]).items():
            print(key or "-", name)
        return 0
    if argv[1:2] == ["stale"] and len(argv) == 3:
        clean = read_manifest()
        for key, name in read_keys(argv[2]):
            if key == "-" or (key, name) not in clean:
                print(name)
        return 0
    if argv[1:2] == ["record"] and len(argv) == 3:
        lines = sorted(f"{key} {name}" for key, name in read_keys(argv[2])
                       if key != "-")
        with open(MANIFEST, "w") as f:
            f.write(HEADER + "".join(line + "\n" for line in lines))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
