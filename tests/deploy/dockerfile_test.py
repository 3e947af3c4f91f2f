#!/usr/bin/env python3
"""docker/Dockerfile, checked without a Docker engine:

- the build stage is Debian bookworm and installs its packages through
  scripts/lib/setup.sh's concert_setup_packages (the one list, shared with
  scripts/), then builds the three programs with the release preset;
- the runtime stage (bookworm-slim) installs a package owning every shared
  library `ldd` reports for the built binaries (dpkg -S on this machine,
  itself Debian bookworm), and no package that owns none, but for the
  tools a program runs (graphviz: `dot` draws the report's graphs);
- the binaries it copies are where the build puts them; scenarios/ is
  copied; the user is not root; the health check is `concert health` with
  flags the client knows; there is no ENTRYPOINT (the command is the role);
- every ENV variable is one some binary lists as (Env:...);
- .dockerignore keeps build trees and .git out of the context.
"""

import json
import os
import re
import shlex
import shutil
import subprocess

import deploy_lib

# Packages the runtime installs for a program the binaries run, not for a
# library they link: why each is there.
TOOLS = {"graphviz": "`concert compare --format html` runs dot"}


def logical_lines(text):
    """Dockerfile instructions, continuation lines joined, comments out."""
    out, current = [], ""
    for line in text.splitlines():
        if not current and line.lstrip().startswith("#"):
            out.append(line.strip())  # kept: markers live in comments
            continue
        if line.lstrip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
        else:
            current += line
            if current.strip():
                out.append(current.strip())
            current = ""
    return out


def stages(lines):
    result = []
    for line in lines:
        if line.upper().startswith("FROM "):
            words = line.split()
            result.append({"from": words[1],
                           "name": words[3] if len(words) > 3 else "",
                           "lines": []})
        elif result:
            result[-1]["lines"].append(line)
    return result


def twins(path):
    """A library's path and its /usr-merged twins: dpkg knows only the
    path its package ships."""
    out = {path, os.path.realpath(path)}
    for p in list(out):
        out.add(p[len("/usr"):] if p.startswith("/usr/") else "/usr" + p)
    return out


def owning_packages(paths):
    """path -> the Debian package owning it (or a twin), one dpkg call."""
    asked = sorted({t for p in paths for t in twins(p)})
    out = subprocess.run(["dpkg", "-S", *asked], capture_output=True,
                         text=True, check=False).stdout
    owner = {}
    for line in out.splitlines():
        packages, _, path = line.partition(": ")
        owner[path.strip()] = packages.split(",")[0].split(":")[0].strip()
    return {p: next((owner[t] for t in sorted(twins(p)) if t in owner), None)
            for p in paths}


def shared_libraries(binary):
    out = subprocess.run(["ldd", binary], capture_output=True, text=True,
                         check=True).stdout
    libs = []
    for line in out.splitlines():
        m = re.search(r"=>\s+(/\S+)", line) or \
            re.match(r"\s*(/\S+)\s+\(0x", line)
        if m:
            libs.append(m.group(1))
        elif "not found" in line:
            libs.append("NOT FOUND: " + line.strip())
    return libs


def main():
    args = deploy_lib.parse_args(build_dir={"required": True})
    binaries = deploy_lib.binaries_from(args)
    failures = deploy_lib.Failures()
    dockerfile = os.path.join(args.root, "docker", "Dockerfile")
    with open(dockerfile, encoding="utf-8") as f:
        lines = logical_lines(f.read())
    build, runtime = (stages(lines) + [None, None])[:2]
    if not failures.check(build and runtime, "Dockerfile",
                          "want two stages, build and runtime"):
        failures.finish("docker/Dockerfile")

    # Build stage: setup.sh's packages, the release preset, three targets.
    failures.check(build["from"] == "debian:bookworm", "build stage",
                   f"FROM {build['from']}, want debian:bookworm")
    runs = [l[4:] for l in build["lines"] if l.upper().startswith("RUN ")]
    setup = os.path.join(args.root, "scripts", "lib", "setup.sh")
    with open(setup, encoding="utf-8") as f:
        setup_text = f.read()
    failures.check(re.search(r"^concert_setup_packages\(\)", setup_text, re.M),
                   "scripts/lib/setup.sh", "has no concert_setup_packages")
    failures.check(any("COPY scripts/lib/setup.sh" in l for l in build["lines"])
                   and any("source scripts/lib/setup.sh" in r and
                           "concert_setup_packages" in r for r in runs),
                   "build stage", "should install the packages with "
                   "scripts/lib/setup.sh's concert_setup_packages")
    failures.check(not any("apt-get install" in r for r in runs),
                   "build stage", "installs packages of its own besides "
                   "setup.sh's list")
    with open(os.path.join(args.root, "CMakePresets.json"),
              encoding="utf-8") as f:
        presets = {p["name"]: p for p in json.load(f)["configurePresets"]}
    build_run = " ".join(r for r in runs if "cmake --preset" in r)
    m = re.search(r"cmake --preset (\S+)", build_run)
    failures.check(m and m.group(1) == "release" and "release" in presets,
                   "build stage", "should configure with the release preset")
    preset_dir = presets["release"]["binaryDir"].replace("${sourceDir}/", "")
    failures.check(all(f" {b}" in build_run for b in deploy_lib.BINARIES),
                   "build stage", "should build the three programs")

    # Runtime stage.
    failures.check(runtime["from"] == "debian:bookworm-slim", "runtime stage",
                   f"FROM {runtime['from']}, want debian:bookworm-slim")
    text = "\n".join(lines)
    block = re.search(r"# BEGIN CONCERT_RUNTIME_PACKAGES\n(.*?)\n"
                      r"# END CONCERT_RUNTIME_PACKAGES", text, re.S)
    packages = set()
    if failures.check(block, "runtime stage",
                      "no BEGIN/END CONCERT_RUNTIME_PACKAGES block"):
        install = re.search(r"apt-get install((?: +\S+)+?) *&&", block.group(1))
        if failures.check(install, "runtime stage", "no apt-get install"):
            packages = {w for w in install.group(1).split()
                        if not w.startswith("-")}
    owners = {}  # package -> libraries of it
    libraries = set()
    for name in deploy_lib.BINARIES:
        for lib in shared_libraries(binaries.paths[name]):
            if lib.startswith("NOT FOUND"):
                failures.add(name, lib)
            else:
                libraries.add(lib)
    for lib, package in sorted(owning_packages(libraries).items()):
        if failures.check(package, "binaries",
                          f"{lib} belongs to no Debian package (the image "
                          "could not install it)"):
            owners.setdefault(package, set()).add(os.path.basename(lib))
    for package, libs in sorted(owners.items()):
        failures.check(package in packages, "runtime stage",
                       f"does not install {package}, which holds "
                       f"{sorted(libs)}")
    for package in sorted(packages - set(owners) - set(TOOLS)):
        failures.add("runtime stage", f"installs {package}, which holds no "
                     "library of the binaries")
    apt_cache = shutil.which("apt-cache")
    if apt_cache and packages:
        out = subprocess.run([apt_cache, "policy", *sorted(packages)],
                             capture_output=True, text=True,
                             check=False).stdout
        known = {}
        for block in re.split(r"^(?=\S)", out, flags=re.M):
            m = re.match(r"(\S+):\n", block)
            if m:
                known[m.group(1)] = re.search(r"Candidate: (?!\(none\))",
                                              block) is not None
        for package in sorted(packages):
            failures.check(known.get(package), "runtime stage",
                           f"{package} is not a package this Debian knows")
    print(f"runtime packages: {sorted(packages)}")

    copies = [l for l in runtime["lines"] if l.upper().startswith("COPY ")]
    from_build = [l for l in copies if "--from=build" in l]
    copied = set()
    for l in from_build:
        for word in l.split()[2:-1]:
            copied.add(word)
    for name in deploy_lib.BINARIES:
        rel = os.path.relpath(binaries.paths[name], args.build_dir)
        failures.check(f"/src/{preset_dir}/{rel}" in copied, "runtime stage",
                       f"does not copy {name} from /src/{preset_dir}/{rel}, "
                       "where the build puts it")
    failures.check(any(l.split()[1] == "scenarios" for l in copies),
                   "runtime stage", "does not copy scenarios/")
    users = [l.split()[1] for l in runtime["lines"]
             if l.upper().startswith("USER ")]
    failures.check(users and users[-1].split(":")[0] not in ("0", "root"),
                   "runtime stage", "should run as a non-root user")
    failures.check(not any(l.upper().startswith("ENTRYPOINT")
                           for l in lines), "Dockerfile",
                   "no ENTRYPOINT: the command chooses the role")
    health = [l for l in runtime["lines"] if l.upper().startswith("HEALTHCHECK")]
    if failures.check(health, "runtime stage", "no HEALTHCHECK"):
        m = re.search(r"CMD (\[.*\])", health[0])
        argv = json.loads(m.group(1)) if m else []
        found = deploy_lib.check_command("HEALTHCHECK", argv, {}, binaries,
                                         failures)
        failures.check([i.name() for i in found] == ["concert health"],
                       "HEALTHCHECK", "should run `concert health`")
    known = binaries.all_env()
    for l in runtime["lines"]:
        if l.upper().startswith("ENV "):
            for word in shlex.split(l[4:]):
                name = word.split("=")[0]
                failures.check(name in known, "runtime stage ENV",
                               f"{name} is not listed by any binary's --help")

    with open(os.path.join(args.root, ".dockerignore"), encoding="utf-8") as f:
        ignored = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    for pattern in ("build/", "build-*/", ".git/"):
        failures.check(pattern in ignored, ".dockerignore",
                       f"should exclude {pattern}")
    failures.finish("docker/Dockerfile")


if __name__ == "__main__":
    main()
