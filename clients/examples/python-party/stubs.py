"""Finds the Python stubs generated from proto/concert/v1 and makes them
importable (as `from concert.v1 import party_pb2`).

The build generates them (CMake target python_party_stubs, part of `all`)
into BUILD/clients/examples/python-party/stubs. The party looks, in order:
  1. --stubs DIR;
  2. $CONCERT_PY_STUBS;
  3. REPO/build/clients/examples/python-party/stubs, the build directory of
     scripts/test and scripts/run (REPO: three folders above this file).
"""

import os
import pathlib
import sys

ENV = "CONCERT_PY_STUBS"
DEFAULT = (pathlib.Path(__file__).resolve().parents[3] / "build" / "clients" /
           "examples" / "python-party" / "stubs")


class StubsError(RuntimeError):
    """The stubs or the gRPC runtime are not there; the message says how to
    get them."""


def where(explicit=None):
    """The stubs directory chosen by the rules above."""
    return pathlib.Path(explicit or os.environ.get(ENV) or DEFAULT)


def load(explicit=None):
    """Puts the stubs on sys.path; returns their directory."""
    try:
        import grpc  # noqa: F401  (checked here for a clear message)
        import google.protobuf  # noqa: F401
    except ImportError as e:
        raise StubsError(
            f"{e}; install Debian's python3-grpcio and python3-protobuf "
            f"and run this with /usr/bin/python3") from e
    directory = where(explicit)
    if not (directory / "concert" / "v1" / "party_pb2_grpc.py").is_file():
        raise StubsError(
            f"no generated stubs in {directory}; build them with "
            f"`cmake --build BUILD --target python_party_stubs` and pass "
            f"--stubs BUILD/clients/examples/python-party/stubs "
            f"(or set ${ENV})")
    sys.path.insert(0, str(directory))
    return directory
