#!/usr/bin/env python3
"""docker/compose.yaml's forum, run for real without Docker: each service's
command and environment as compose.yaml gives them, started as local
processes in compose's order, with only what Docker itself would provide
replaced:

- the image's programs: the built binaries, first on PATH (so `sh -c`
  scripts find them as in the image);
- the image's working directory (/opt/concert, holding scenarios/): a
  temporary directory with scenarios/ linked in;
- volumes: a temporary directory per named volume, the repository's file
  per bind mount, substituted where a path names a mount target;
- the network: every server on 127.0.0.1 port 0 (CONCERT_LISTEN), the
  parties advertising the address they bound (CONCERT_ADVERTISE dropped:
  compose's service names do not resolve here), and `coordinator:PORT`,
  `127.0.0.1:PORT` (a health check) replaced by the real addresses.

So the services' variables, profiles, health checks, the seating wait and
the report's `concert compare` are exercised as written, and the report
must come out as an HTML page on the reports volume. Label integration.
"""

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading

import deploy_lib

SERVING = re.compile(r"serving on (\S+:\d+)")
START_TIMEOUT_S = 30


class Server:
    """A started server process; its stderr is read on a thread, so the
    address it logs is waited for, not polled."""

    def __init__(self, name, argv, env, cwd):
        self.name = name
        self.lines = []
        self.address = queue.Queue()
        self.proc = subprocess.Popen(argv, env=env, cwd=cwd,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stderr:
            self.lines.append(line)
            m = SERVING.search(line)
            if m:
                self.address.put(m.group(1))
        self.address.put(None)  # exited

    def wait_serving(self):
        try:
            address = self.address.get(timeout=START_TIMEOUT_S)
        except queue.Empty:
            address = None
        if address is None:
            raise RuntimeError(f"{self.name} did not log 'serving on': "
                               + "".join(self.lines[-20:]))
        return address

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def main():
    args = deploy_lib.parse_args()
    docker_dir = os.path.join(args.root, "docker")
    (doc,) = deploy_lib.load_yaml_documents(
        os.path.join(docker_dir, "compose.yaml"))
    services = doc["services"]

    work = tempfile.mkdtemp(prefix="concert-compose-")
    servers = []
    try:
        bin_dir = os.path.join(work, "bin")
        os.mkdir(bin_dir)
        for name in deploy_lib.BINARIES:
            os.symlink(os.path.abspath(getattr(args, name.replace("-", "_"))),
                       os.path.join(bin_dir, name))
        image_dir = os.path.join(work, "opt-concert")
        os.mkdir(image_dir)
        os.symlink(os.path.join(args.root, "scenarios"),
                   os.path.join(image_dir, "scenarios"))
        base_env = {k: v for k, v in os.environ.items()
                    if not k.startswith("CONCERT_")}
        base_env["PATH"] = bin_dir + os.pathsep + base_env.get("PATH", "")
        base_env["HOME"] = work

        addresses = {}  # compose "host:port" -> real address

        def mapped(name, text):
            """A word or value with mount targets and addresses replaced."""
            text = str(text)
            for entry in services[name].get("volumes") or []:
                source, target = str(entry).split(":")[:2]
                if source.startswith("."):
                    real = os.path.normpath(os.path.join(docker_dir, source))
                else:
                    real = os.path.join(work, "volumes", source)
                    os.makedirs(real, exist_ok=True)
                if text == target or text.startswith(target + "/"):
                    text = real + text[len(target):]
            for compose_addr, real in addresses.items():
                text = text.replace(compose_addr, real)
            return text

        def env_for(name):
            env = dict(base_env)
            for key, value in (services[name].get("environment") or {}).items():
                env[key] = mapped(name, value)
            if "CONCERT_LISTEN" in env:
                env["CONCERT_LISTEN"] = "127.0.0.1:0"
            env.pop("CONCERT_ADVERTISE", None)
            return env

        def run_once(name, argv, env, timeout):
            result = subprocess.run([mapped(name, a) for a in argv], env=env,
                                    cwd=image_dir, capture_output=True,
                                    text=True, timeout=timeout, check=False)
            if result.returncode != 0:
                raise RuntimeError(
                    f"{name}: `{' '.join(argv)}` exited {result.returncode}: "
                    f"{result.stderr[-2000:]}")
            return result

        def health(name, own_address):
            test = services[name]["healthcheck"]["test"][1:]
            addresses_before = dict(addresses)
            addresses["127.0.0.1:7000"] = own_address
            try:
                run_once(name, test, base_env, 30)
            finally:
                addresses.clear()
                addresses.update(addresses_before)

        def start(name):
            server = Server(name, [mapped(name, a) for a in
                                   services[name]["command"]],
                            env_for(name), image_dir)
            servers.append(server)
            address = server.wait_serving()
            health(name, address)
            print(f"{name}: serving on {address}, healthy")
            return address

        # compose's order: the coordinator, the parties, seated, report.
        coordinator = start("coordinator")
        addresses["coordinator:7000"] = coordinator
        parties = [n for n in services if n.startswith("party-")]
        for name in parties:
            start(name)
        run_once("seated", services["seated"]["command"], env_for("seated"),
                 150)
        print("seated: every party answers")
        listing = run_once("seated", ["concert", "parties"],
                           env_for("seated"), 30).stdout
        for name in parties:
            party = name[len("party-"):].upper()
            if not re.search(rf"^{party}\s.*\bregistered\b", listing, re.M):
                raise RuntimeError(f"{party} is not a registered seat:\n"
                                   f"{listing}")
        run_once("report", services["report"]["command"], env_for("report"),
                 600)
        command = services["report"]["command"]
        out = mapped("report", command[command.index("--out") + 1])
        with open(out, encoding="utf-8") as f:
            page = f.read()
        if "<html" not in page.lower() or "</html>" not in page.lower():
            raise RuntimeError(f"{out} is not an HTML page")
        # The consensus graphs, drawn by Graphviz's dot (why the image
        # installs graphviz).
        if "<svg" not in page:
            raise RuntimeError(f"{out} has no drawn graph (<svg)")
        for server in servers:
            if server.proc.poll() is not None:
                raise RuntimeError(f"{server.name} exited early: "
                                   + "".join(server.lines[-20:]))
        print(f"OK: compose.yaml's forum ran locally; report {len(page)} "
              "bytes of HTML")
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as e:
        print(f"FAIL: {e}")
        for server in servers:
            print(f"--- {server.name} log (last lines):")
            print("".join(server.lines[-10:]))
        sys.exit(1)
    finally:
        for server in reversed(servers):
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
