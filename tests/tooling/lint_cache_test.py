#!/usr/bin/python3
"""scripts/lib/lint_cache.py: a file's lint key depends on what clang-tidy's
verdict depends on, and on nothing about the machine or the clone.

CI lints a fresh clone in a directory of its own; a key that named the
checkout's place (or ordered files by it) made every file stale there and
the lint took half an hour instead of a minute.
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts", "lib"))
import lint_cache  # noqa: E402

SYSTEM = ["/usr/include/c++/12/vector", "/usr/include/grpcpp/grpcpp.h"]
CONTENT = {
    "services/party/core/overlay.cc": "overlay source",
    "services/party/core/overlay.h": "overlay header",
    "proto/concert/v1/party.pb.h": "generated",
}


def key_in(root: str, content: dict = CONTENT, version: str = "14.0.6",
           config: str = "checks") -> str:
    """The key of overlay.cc in a clone at ROOT with its build in ROOT/build."""
    build = os.path.join(root, "build")
    where = {
        os.path.join(root, "services/party/core/overlay.cc"):
            content["services/party/core/overlay.cc"],
        os.path.join(root, "services/party/core/overlay.h"):
            content["services/party/core/overlay.h"],
        os.path.join(build, "proto/concert/v1/party.pb.h"):
            content["proto/concert/v1/party.pb.h"],
    }
    command = (f"/usr/bin/c++ -I{root} -I{build}/proto -O2 -o "
               f"services/CMakeFiles/x.dir/overlay.cc.o -c "
               f"{root}/services/party/core/overlay.cc")
    deps = list(where) + SYSTEM
    return lint_cache.key_of(version, config, command, deps, build, root,
                             lambda path: lint_cache.digest(
                                 where[path].encode()))


class KeyTest(unittest.TestCase):

    def test_same_in_any_clone(self):
        # /check/... sorts before /usr and /work/... after it: the order of
        # the parts must not follow the absolute paths.
        places = ["/work/main", "/check/work/main", "/tmp/a", "/zz/clone"]
        self.assertEqual(len({key_in(place) for place in places}), 1)

    def test_changes_with_the_source_a_header_or_generated_code(self):
        base = key_in("/work/main")
        for name in CONTENT:
            changed = dict(CONTENT, **{name: CONTENT[name] + " edited"})
            self.assertNotEqual(key_in("/work/main", changed), base, name)

    def test_changes_with_the_checks_and_the_version(self):
        base = key_in("/work/main")
        self.assertNotEqual(key_in("/work/main", config="other"), base)
        self.assertNotEqual(key_in("/work/main", version="15.0.0"), base)

    def test_placeholders_replace_the_build_before_the_root(self):
        self.assertEqual(
            lint_cache.placeholders("-I/w/m/build/p -I/w/m", "/w/m/build",
                                    "/w/m"), "-I@BUILD/p -I@ROOT")


if __name__ == "__main__":
    unittest.main()
