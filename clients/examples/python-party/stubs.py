"""Finds the Python stubs generated from proto/concert/v1 and makes them
importable (as `from concert.v1 import party_pb2`), with those of the
standard health service (as `from grpc.health.v1 import health_pb2`).

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
        # Imported here for a clear message when missing; the real grpc
        # package is then the one in sys.modules, whatever the stubs hold.
        import grpc
        import google.protobuf  # noqa: F401
    except ImportError as e:
        raise StubsError(
            f"{e}; install Debian's python3-grpcio and python3-protobuf "
            f"and run this with /usr/bin/python3") from e
    directory = where(explicit)
    for needed in (("concert", "v1", "party_pb2_grpc.py"),
                   ("grpc", "health", "v1", "health_pb2_grpc.py")):
        if not directory.joinpath(*needed).is_file():
            raise StubsError(
                f"no generated stubs in {directory} (no "
                f"{'/'.join(needed)}); build them with "
                f"`cmake --build BUILD --target python_party_stubs` and pass "
                f"--stubs BUILD/clients/examples/python-party/stubs "
                f"(or set ${ENV})")
    sys.path.insert(0, str(directory))
    # The health stubs' module is grpc.health.v1, inside gRPC's own package
    # (where pip's grpcio-health-checking installs it); Debian's grpc package
    # has no `health`, so its search path gets the generated one's folder.
    # `import grpc` elsewhere still finds the real package (imported above;
    # STUBS/grpc has no __init__.py, so it could not shadow it anyway).
    health_parent = str(directory / "grpc")
    if health_parent not in grpc.__path__:
        grpc.__path__.append(health_parent)
    return directory
