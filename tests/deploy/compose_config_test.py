#!/usr/bin/env python3
"""`docker-compose config` accepts docker/compose.yaml: the tool's own
schema and interpolation checks (no Docker engine needed). Debian's
docker-compose is one of scripts/lib/setup.sh's packages; without it this
test is skipped (exit 77), saying so."""

import os
import shutil
import subprocess
import sys

import deploy_lib

SKIP = 77


def main():
    args = deploy_lib.parse_args(binaries=False)
    tool = shutil.which("docker-compose")
    if tool is None:
        print("SKIP: docker-compose is not installed (apt-get install "
              "docker-compose; scripts/test installs it)")
        sys.exit(SKIP)
    path = os.path.join(args.root, "docker", "compose.yaml")
    # No COMPOSE_* or .env from the caller's environment changes the answer.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSE_")}
    result = subprocess.run([tool, "-f", path, "config", "-q"],
                            capture_output=True, text=True, env=env,
                            cwd=os.path.dirname(path), timeout=120,
                            check=False)
    # Its warnings (an unset variable, an ignored key) count as failures.
    warned = any(w in result.stderr for w in ("WARNING", "ERROR"))
    if result.returncode != 0 or warned:
        print(f"FAIL: docker-compose -f {path} config exited "
              f"{result.returncode}:\n{result.stderr}{result.stdout}")
        sys.exit(1)
    # The services as the tool resolved them: every one we wrote is there.
    services = subprocess.run([tool, "-f", path, "config", "--services"],
                              capture_output=True, text=True, env=env,
                              cwd=os.path.dirname(path), timeout=120,
                              check=True).stdout.split()
    for name in ("coordinator", "seated", "report"):
        if name not in services:
            print(f"FAIL: docker-compose config has no service {name}: "
                  f"{services}")
            sys.exit(1)
    print(f"OK: docker-compose config accepts {path} "
          f"({len(services)} services)")


if __name__ == "__main__":
    main()
