#!/usr/bin/env python3
"""docker/compose.yaml, checked against the built binaries and the tree:

- every command's flags and every CONCERT_* variable are the binaries' own
  (their --help), health checks included;
- one party service per party of the scenario the coordinator serves, each
  mounting only its own profile, serving it, joining the coordinator and
  advertising its own service name;
- volumes, bind mounts and depends_on name things that exist; the servers'
  health checks gate what depends on them; only the coordinator publishes
  a port;
- the report compares every shipped draft, into a volume.

`docker-compose config` (the tool's own validation) is compose_config_test.py.
"""

import glob
import os
import posixpath

import deploy_lib

SERVER_BINARIES = ("concert-party", "concert-coordinator")


def env_of(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def mounts_of(service):
    """(source, target) of each volume entry in short syntax."""
    out = []
    for entry in service.get("volumes") or []:
        parts = str(entry).split(":")
        out.append((parts[0], parts[1] if len(parts) > 1 else parts[0]))
    return out


def host_port(address):
    return address.split("///")[-1].rsplit(":", 1)


def main():
    args = deploy_lib.parse_args()
    binaries = deploy_lib.binaries_from(args)
    failures = deploy_lib.Failures()
    docker_dir = os.path.join(args.root, "docker")
    path = os.path.join(docker_dir, "compose.yaml")
    (doc,) = deploy_lib.load_yaml_documents(path)
    services = doc["services"]
    volumes = set((doc.get("volumes") or {}).keys())

    roles = {}  # service -> binary it serves as (first invocation)
    for name, service in services.items():
        where = f"compose.yaml services.{name}"
        env = env_of(service)
        found = deploy_lib.check_command(where, service.get("command") or [],
                                         env, binaries, failures)
        failures.check(found, where, "runs no concert program")
        roles[name] = found[0].binary if found else None
        health = service.get("healthcheck") or {}
        if health.get("test"):
            test = health["test"]
            failures.check(test[0] == "CMD", where,
                           "health check should be exec form ([CMD, ...])")
            deploy_lib.check_command(where + " healthcheck", test[1:], {},
                                     binaries, failures)
        is_server = roles[name] in SERVER_BINARIES
        failures.check(
            is_server == bool(health.get("test")) and
            is_server != bool(health.get("disable")), where,
            "servers need a health check, one-shot clients disable the "
            "image's (it asks a server the client does not run)")
        restart = str(service.get("restart", "no"))
        failures.check(
            (restart in ("always", "unless-stopped")) == is_server, where,
            f"restart: {restart}; servers restart, one-shots must not (they "
            "would run again and again)")
        if name == "coordinator":
            failures.check(service.get("ports"), where,
                           "the coordinator's port is what a user dials")
        else:
            failures.check(not service.get("ports"), where,
                           "publishes a port; only the coordinator should")
        for source, target in mounts_of(service):
            if source.startswith((".", "/")):
                failures.check(
                    os.path.isfile(os.path.join(docker_dir, source)), where,
                    f"bind mount source {source} does not exist")
            else:
                failures.check(source in volumes, where,
                               f"volume {source} is not declared")
        for dep, cond in (service.get("depends_on") or {}).items():
            if not failures.check(dep in services, where,
                                  f"depends on unknown service {dep}"):
                continue
            condition = cond.get("condition") if isinstance(cond, dict) else None
            dep_is_server = None
            want = "service_healthy"
            if dep in roles:
                dep_is_server = roles[dep] in SERVER_BINARIES
            else:  # not seen yet: look at its command
                dep_found = deploy_lib.invocations(
                    services[dep].get("command") or [], binaries)
                dep_is_server = bool(dep_found) and \
                    dep_found[0].binary in SERVER_BINARIES
            if not dep_is_server:
                want = "service_completed_successfully"
            failures.check(condition == want, where,
                           f"depends on {dep} with condition {condition}, "
                           f"want {want}")

    # The coordinator, and the scenario it serves.
    coordinator = services.get("coordinator")
    if not failures.check(coordinator and roles["coordinator"] ==
                          "concert-coordinator", "compose.yaml",
                          "no coordinator service running "
                          "concert-coordinator"):
        failures.finish("docker/compose.yaml")
    coord_env = env_of(coordinator)
    scenario = coord_env.get("CONCERT_SCENARIO", "")
    # Inside the image, scenarios/ is the working directory's.
    scenario_path = os.path.join(args.root, scenario)
    failures.check(scenario.startswith("scenarios/") and
                   os.path.isfile(scenario_path), "coordinator",
                   f"CONCERT_SCENARIO {scenario!r} is not a shipped scenario")
    db = coord_env.get("CONCERT_DB", "")
    failures.check(any(t == posixpath.dirname(db) and s in volumes
                       for s, t in mounts_of(coordinator)), "coordinator",
                   f"CONCERT_DB {db} is not on a named volume")
    coord_port = coord_env.get("CONCERT_LISTEN", ":").rsplit(":", 1)[1]

    # One party service per party, each with its own profile only.
    parties = deploy_lib.scenario_parties(scenario_path)
    party_services = {n: s for n, s in services.items()
                      if roles[n] == "concert-party"}
    failures.check(sorted(f"party-{p.lower()}" for p in parties) ==
                   sorted(party_services), "compose.yaml",
                   f"party services {sorted(party_services)} are not one "
                   f"per party of the scenario {parties}")
    for name, service in party_services.items():
        where = f"compose.yaml services.{name}"
        env = env_of(service)
        party = name[len("party-"):].upper()
        profile = env.get("CONCERT_PROFILE")
        sources = [s for s, t in mounts_of(service) if t == profile]
        if not failures.check(len(sources) == 1, where,
                              f"CONCERT_PROFILE {profile} is not a mounted "
                              "file"):
            continue
        failures.check(len(mounts_of(service)) == 1, where,
                       "mounts more than its own profile")
        declared = deploy_lib.profile_id(os.path.join(docker_dir, sources[0]))
        failures.check(declared == party, where,
                       f"is mounted {sources[0]}, the profile of {declared}, "
                       f"not of {party}")
        failures.check(
            not any(k in env for k in ("CONCERT_SCENARIO", "CONCERT_PARTY")),
            where, "a party serves its profile, not the whole scenario")
        join_host, join_port = host_port(env.get("CONCERT_JOIN", ":"))
        failures.check(join_host == "coordinator" and join_port == coord_port,
                       where, f"joins {env.get('CONCERT_JOIN')}, not the "
                       f"coordinator at coordinator:{coord_port}")
        adv_host, adv_port = host_port(env.get("CONCERT_ADVERTISE", ":"))
        listen_port = env.get("CONCERT_LISTEN", ":").rsplit(":", 1)[1]
        failures.check(adv_host == name and adv_port == listen_port, where,
                       f"advertises {env.get('CONCERT_ADVERTISE')}, not its "
                       f"own service name and port {name}:{listen_port}")

    # The one-shot clients reach the coordinator by its service name; the
    # report compares every shipped draft, into a volume.
    for name, service in services.items():
        env = env_of(service)
        if "CONCERT_COORDINATOR" in env:
            failures.check(env["CONCERT_COORDINATOR"] ==
                           f"coordinator:{coord_port}", name,
                           "CONCERT_COORDINATOR is not the coordinator")
    report = services.get("report", {})
    found = deploy_lib.invocations(report.get("command") or [], binaries)
    if failures.check(found and found[0].name() == "concert compare",
                      "report", "does not run `concert compare`"):
        words = found[0].words
        drafts = sorted(w for w in words if w.startswith("scenarios/drafts/"))
        shipped = sorted(
            os.path.relpath(p, args.root) for p in
            glob.glob(os.path.join(args.root, "scenarios/drafts/*.textproto")))
        failures.check(drafts == shipped, "report",
                       f"compares {drafts}, not every shipped draft {shipped}")
        out = words[words.index("--out") + 1] if "--out" in words else ""
        failures.check(
            out.endswith(".html") and
            any(t == posixpath.dirname(out) and s in volumes
                for s, t in mounts_of(report)), "report",
            f"--out {out!r} is not an HTML file on a named volume")
    failures.finish("docker/compose.yaml")


if __name__ == "__main__":
    main()
