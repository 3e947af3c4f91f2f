#!/usr/bin/env python3
"""The plaintext and mutual-TLS variants of docker/, checked without a
Docker engine or a cluster:

- plaintext (compose.yaml, k8s/base): every server binds 0.0.0.0, so each
  says --insecure knowingly (CONCERT_INSECURE=1); without it a server
  would narrow its address to loopback and the forum would not form;
- compose.tls.yaml, merged over compose.yaml as docker-compose merges it:
  `docker-compose config` accepts the pair (when installed); every service
  it names exists; every server and client gets CONCERT_TLS_CERT, _KEY and
  _CA (the binaries' own variables, per their --help) inside a read-only
  mount of ./tls; the coordinator presents coordinator.pem, each party the
  certificate named by its own id, each client client.pem;
- k8s/overlays/tls, rendered (with kubectl or kustomize; else the
  kustomization as written): every server and the study's clients get the
  three variables inside a mounted Secret, each party its own Secret
  (tls-<id>), and no server keeps a gRPC probe (Kubernetes' gRPC probes
  speak plaintext only; `concert health` reads the variables).
"""

import os
import shutil
import subprocess

import deploy_lib

TLS_VARS = ("CONCERT_TLS_CERT", "CONCERT_TLS_KEY", "CONCERT_TLS_CA")
SERVERS = ("concert-party", "concert-coordinator")


def env_of(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def merged(base, override):
    """docker-compose's merge of one service: environment by key, volumes
    appended, anything else replaced."""
    out = dict(base)
    for key, value in override.items():
        if key == "environment":
            out[key] = {**env_of(base), **env_of(override)}
        elif key == "volumes":
            out[key] = list(base.get("volumes") or []) + list(value)
        else:
            out[key] = value
    return out


def cert_name(service_name, binary):
    if binary == "concert-coordinator":
        return "coordinator"
    if binary == "concert-party":
        return service_name[len("party-"):]
    return "client"


def check_tls_env(where, env, mounts, want, failures):
    """The three variables, inside a mount, naming certificate `want`."""
    for var in TLS_VARS:
        path = env.get(var, "")
        if not failures.check(path, where, f"no {var}"):
            continue
        failures.check(any(path.startswith(m.rstrip("/") + "/")
                           for m in mounts), where,
                       f"{var} {path} is not inside a mounted directory "
                       f"({sorted(mounts)})")
    failures.check(env.get("CONCERT_TLS_CERT", "").endswith(f"/{want}.pem") and
                   env.get("CONCERT_TLS_KEY", "").endswith(f"/{want}.key") and
                   env.get("CONCERT_TLS_CA", "").endswith("/ca.pem"), where,
                   f"should present {want}.pem/.key and trust ca.pem")


def check_compose(root, binaries, failures):
    docker_dir = os.path.join(root, "docker")
    (plain,) = deploy_lib.load_yaml_documents(
        os.path.join(docker_dir, "compose.yaml"))
    (tls,) = deploy_lib.load_yaml_documents(
        os.path.join(docker_dir, "compose.tls.yaml"))
    for name, service in plain["services"].items():
        found = deploy_lib.invocations(service.get("command") or [], binaries)
        binary = found[0].binary if found else None
        where = f"compose.yaml services.{name}"
        if binary in SERVERS:
            failures.check(env_of(service).get("CONCERT_INSECURE") == "1",
                           where, "binds 0.0.0.0 in plaintext: needs "
                           "CONCERT_INSECURE: \"1\" (else it serves loopback "
                           "only)")
        where = f"compose.tls.yaml services.{name}"
        if not failures.check(name in tls["services"], where,
                              "not given TLS (every service talks to a "
                              "server)"):
            continue
        service = merged(service, tls["services"][name])
        env = env_of(service)
        deploy_lib.check_command(where, service.get("command") or [], env,
                                 binaries, failures)
        mounts = {}
        for entry in service.get("volumes") or []:
            parts = str(entry).split(":")
            if len(parts) >= 2:
                mounts[parts[1]] = parts
        tls_mounts = [t for t, parts in mounts.items()
                      if parts[0] == "./tls" and parts[-1] == "ro"]
        failures.check(tls_mounts, where, "mounts no ./tls read-only")
        check_tls_env(where, env, tls_mounts, cert_name(name, binary),
                      failures)
    for name in tls["services"]:
        failures.check(name in plain["services"],
                       f"compose.tls.yaml services.{name}",
                       "no such service in compose.yaml")
    tool = shutil.which("docker-compose")
    if tool is None:
        print("note: no docker-compose: the merged files were not validated "
              "by it")
        return
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSE_")}
    result = subprocess.run(
        [tool, "-f", "compose.yaml", "-f", "compose.tls.yaml", "config", "-q"],
        capture_output=True, text=True, env=env, cwd=docker_dir, timeout=120,
        check=False)
    failures.check(result.returncode == 0 and "WARNING" not in result.stderr,
                   "docker-compose -f compose.yaml -f compose.tls.yaml config",
                   f"exited {result.returncode}: {result.stderr.strip()}")


def containers(doc):
    spec = doc["spec"]["template"]["spec"]
    for kind in ("initContainers", "containers"):
        for c in spec.get(kind) or []:
            yield c


def check_k8s(root, tool, binaries, failures):
    k8s = os.path.join(root, "docker", "k8s")
    for path in sorted(os.listdir(os.path.join(k8s, "base", "parties"))) + [
            "../coordinator.yaml"]:
        full = os.path.normpath(os.path.join(k8s, "base", "parties", path))
        for doc in deploy_lib.load_yaml_documents(full):
            if doc.get("kind") != "Deployment":
                continue
            for c in containers(doc):
                env = {e["name"]: str(e.get("value", ""))
                       for e in c.get("env") or []}
                failures.check(env.get("CONCERT_INSECURE") == "1",
                               os.path.relpath(full, root),
                               "binds 0.0.0.0 in plaintext: needs "
                               "CONCERT_INSECURE \"1\"")
    overlay = os.path.join(k8s, "overlays", "tls")
    (kust,) = deploy_lib.load_yaml_documents(
        os.path.join(overlay, "kustomization.yaml"))
    failures.check("../../base" in (kust.get("resources") or []),
                   "k8s/overlays/tls", "does not build on ../../base")
    if not tool:
        print("note: no kubectl or kustomize: overlays/tls was not rendered")
        return
    argv = ([tool, "kustomize", overlay] if os.path.basename(tool) ==
            "kubectl" else [tool, "build", overlay])
    out = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                         check=False)
    if not failures.check(out.returncode == 0, "k8s/overlays/tls",
                          f"does not render: {out.stderr.strip()}"):
        return
    docs = [d for d in deploy_lib.yaml_module().safe_load_all(out.stdout) if d]
    for doc in docs:
        if doc.get("kind") not in ("Deployment", "Job"):
            continue
        secrets = {v["name"]: v["secret"]["secretName"]
                   for v in doc["spec"]["template"]["spec"].get("volumes") or []
                   if "secret" in v}
        for c in containers(doc):
            where = (f"k8s/overlays/tls {doc['kind']}/"
                     f"{doc['metadata']['name']} container {c['name']}")
            argv = (c.get("command") or []) + (c.get("args") or [])
            found = deploy_lib.invocations(argv, binaries)
            if not found or not any(
                    i.binary in SERVERS or "--coordinator" in
                    binaries.help(i.binary, i.subcommands).flags
                    for i in found):
                continue  # talks to no server (e.g. the merge)
            binary = found[0].binary
            env = {e["name"]: str(e.get("value", ""))
                   for e in c.get("env") or []}
            mounts = {m["mountPath"]: m["name"]
                      for m in c.get("volumeMounts") or []
                      if m["name"] in secrets}
            want = cert_name(doc["metadata"]["name"], binary)
            check_tls_env(where, env, list(mounts), want, failures)
            failures.check(sorted(set(secrets[n] for n in mounts.values())) ==
                           [f"tls-{want}"], where,
                           f"should mount Secret tls-{want}, mounts "
                           f"{sorted(secrets[n] for n in mounts.values())}")
            if binary in SERVERS:
                for probe in ("readinessProbe", "livenessProbe"):
                    p = c.get(probe) or {}
                    failures.check("grpc" not in p and "exec" in p, where,
                                   f"{probe} must ask `concert health` (a "
                                   "gRPC probe speaks plaintext only)")


def main():
    args = deploy_lib.parse_args(kustomize={
        "default": "", "help": "kubectl or kustomize, to render overlays/tls"})
    binaries = deploy_lib.binaries_from(args)
    failures = deploy_lib.Failures()
    check_compose(args.root, binaries, failures)
    check_k8s(args.root, args.kustomize, binaries, failures)
    failures.finish("docker/'s plaintext and TLS variants")


if __name__ == "__main__":
    main()
