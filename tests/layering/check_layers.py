#!/usr/bin/env python3
"""Checks the walls between concert's layers, as the build declares them.

Reads the manifest that cmake/ConcertLayering.cmake writes at configure time
(every declared target: its layer, its files, and the closure of everything
it links) and the source files themselves, and reports every violation of
these rules:

  layer order   a target links no project target of a higher layer
                (wire < common < core < rpc < client < test);
  pure links    a common or core target does not link gRPC, directly or
                through anything it links;
  pure includes no file of a common or core target includes grpcpp/..., a
                gRPC C header, or a *.grpc.pb.h — neither itself nor through
                the project headers it includes — and none includes sqlite3.h
                unless the file belongs to a target declared ALLOW_SQLITE;
  ownership     every project header a target includes belongs to that
                target or to a target it links (a header that belongs to no
                target is a violation too).

Exit status: 0 when the tree keeps every rule, 1 with one line per violation
on stdout, 2 for a bad manifest or bad arguments.

Usage: check_layers.py --manifest FILE --root REPOSITORY_ROOT
"""

import argparse
import os
import re
import sys

LAYERS = ["wire", "common", "core", "rpc", "client", "test"]
PURE = {"common", "core"}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
GRPC_LINK = re.compile(r"^(gRPC::|.*libgrpc)")
GRPC_INCLUDE = re.compile(r"^(grpcpp/|grpc/(?!health/v1/health\.pb\.h$)|.*\.grpc\.pb\.h$)")
SQLITE_INCLUDE = re.compile(r"^sqlite3\.h$")
# Generated headers, owned by the targets that generate them.
GENERATED = [
    (re.compile(r"^(concert/v1|grpc/health/v1)/[^/]+\.grpc\.pb\.h$"), "concert_grpc"),
    (re.compile(r"^(concert/v1|grpc/health/v1)/[^/]+\.pb\.h$"), "concert_proto"),
]


class Target:
    def __init__(self, name):
        self.name = name
        self.layer = None
        self.allow_sqlite = False
        self.sources = []
        self.links = []


def read_manifest(path):
    targets = {}
    current = None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            key, _, value = line.partition(" ")
            if key == "target":
                current = targets.setdefault(value, Target(value))
            elif current is None:
                raise ValueError(f"{path}:{number}: '{key}' before any 'target'")
            elif key == "layer":
                if value not in LAYERS:
                    raise ValueError(f"{path}:{number}: unknown layer '{value}'")
                current.layer = value
            elif key == "allow_sqlite":
                current.allow_sqlite = value == "1"
            elif key == "source":
                current.sources.append(os.path.normpath(value))
            elif key == "link":
                current.links.append(value)
            else:
                raise ValueError(f"{path}:{number}: unknown key '{key}'")
    for t in targets.values():
        if t.layer is None:
            raise ValueError(f"{path}: target {t.name} has no layer")
    return targets


class Tree:
    """The repository's files and who owns them."""

    def __init__(self, root, targets):
        self.root = os.path.normpath(root)
        self.targets = targets
        self.owner = {}
        for t in targets.values():
            for s in t.sources:
                self.owner[s] = t.name
        # Public headers in an include/ folder (the SDK's) are included by
        # their path below it, "concert/sdk/party.h", not from the root.
        self.public = {}
        for path in self.owner:
            head, sep, tail = path.partition(os.sep + "include" + os.sep)
            if sep and self.in_tree(head + os.sep):
                self.public[tail] = path
        self._includes = {}

    def rel(self, path):
        return os.path.relpath(path, self.root)

    def in_tree(self, path):
        return path.startswith(self.root + os.sep)

    def includes(self, path):
        """(kind, name, resolved path or None) for each include of a file."""
        if path not in self._includes:
            found = []
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    for line in f:
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        kind, name = m.groups()
                        resolved = None
                        if kind == '"':
                            candidate = os.path.normpath(os.path.join(self.root, name))
                            if os.path.isfile(candidate):
                                resolved = candidate
                        if resolved is None:
                            resolved = self.public.get(os.path.normpath(name))
                        found.append((kind, name, resolved))
            except OSError:
                pass
            self._includes[path] = found
        return self._includes[path]

    def owner_of(self, name, resolved):
        if resolved is not None:
            return self.owner.get(resolved)
        for pattern, owner in GENERATED:
            if pattern.match(name):
                return owner if owner in self.targets else None
        return None


def check(targets, tree):
    problems = []
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    for t in sorted(targets.values(), key=lambda t: t.name):
        project_links = [l for l in t.links if l in targets]
        # Layer order.
        for l in project_links:
            if rank[targets[l].layer] > rank[t.layer]:
                problems.append(
                    f"{t.name} ({t.layer}) links {l}, a target of the higher layer "
                    f"'{targets[l].layer}'")
        # Pure links.
        if t.layer in PURE:
            grpc = [l for l in t.links if GRPC_LINK.match(l)]
            if grpc:
                problems.append(f"{t.name} ({t.layer}) links gRPC ({', '.join(grpc)}): "
                                "a pure target links no gRPC")
        allowed_owners = {t.name} | set(project_links)
        # Includes: walk from the target's own files through project headers,
        # breadth first, so each violation is reported once, by its shortest
        # chain of includes.
        found = {}

        def report(key, chain, message):
            if key not in found or len(chain) < found[key][0]:
                found[key] = (len(chain), message)

        for source in sorted(s for s in t.sources if tree.in_tree(s)):
            queue = [(source, [tree.rel(source)])]
            seen = {source}
            while queue:
                path, chain = queue.pop(0)
                for kind, name, resolved in tree.includes(path):
                    via = " includes ".join(chain + [name])
                    key = (path, name)
                    if t.layer in PURE:
                        if GRPC_INCLUDE.match(name):
                            report(key + ("grpc",), chain,
                                   f"{t.name} ({t.layer}): {via}: a pure target includes no "
                                   "gRPC header")
                        file_owner = tree.owner.get(path)
                        if (SQLITE_INCLUDE.match(name) and
                                not (file_owner and targets[file_owner].allow_sqlite)):
                            report(key + ("sqlite",), chain,
                                   f"{t.name} ({t.layer}): {via}: only a target declared "
                                   "ALLOW_SQLITE includes sqlite3.h")
                    if kind != '"':
                        continue
                    owner = tree.owner_of(name, resolved)
                    if resolved is not None or owner is not None:
                        if owner is None:
                            report(key + ("orphan",), chain,
                                   f"{t.name}: {via}: {name} belongs to no target")
                        elif tree.owner.get(path) == t.name and owner not in allowed_owners:
                            report(key + ("owner",), chain,
                                   f"{t.name}: {via}: {name} belongs to {owner}, which "
                                   f"{t.name} does not link")
                    if resolved is not None and resolved not in seen:
                        seen.add(resolved)
                        queue.append((resolved, chain + [name]))
        problems.extend(message for _, message in found.values())
    # One line per violation, even when several files lead to it.
    return sorted(set(problems))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--root", required=True)
    args = parser.parse_args(argv)
    try:
        targets = read_manifest(args.manifest)
    except (OSError, ValueError) as e:
        print(f"check_layers: {e}", file=sys.stderr)
        return 2
    if not targets:
        print(f"check_layers: {args.manifest} declares no target", file=sys.stderr)
        return 2
    problems = check(targets, Tree(args.root, targets))
    for p in problems:
        print(p)
    if problems:
        print(f"check_layers: {len(problems)} violation(s) of the layering rules "
              f"(see tests/layering/check_layers.py)", file=sys.stderr)
        return 1
    pure = sum(1 for t in targets.values() if t.layer in PURE)
    print(f"check_layers: {len(targets)} targets ({pure} pure) keep every rule")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
