#!/usr/bin/env python3
"""docker/k8s/, checked without a cluster:

- every manifest parses; every kustomization's resources, bases and
  generated files exist;
- cross-references: every Service selects some Deployment's or Job's pod
  labels; a Deployment's selector matches its own pods; every volume names
  a PVC or ConfigMap that exists, every mount a volume of its pod;
- every container's flags and CONCERT_* variables are the binaries' own
  (their --help);
- the forum: one party Deployment per party of the coordinator's scenario,
  each mounting only its own profile, joining the coordinator's Service and
  advertising dns:/// of its own headless Service (round-robin over its
  replicas); the study is an Indexed Job whose SHARDS is its completions,
  and the merge waits for as many shards.

With --kustomize (the path of `kubectl` or `kustomize`, when installed) the
same checks also run on what each kustomization renders (base and every
overlay), where the namespace and the generated ConfigMaps' names are
applied. Without it, on the base's files as written.
"""

import glob
import os
import re
import subprocess

import deploy_lib

POD_KINDS = ("Deployment", "Job")


def pod_spec(doc):
    return doc["spec"]["template"]["spec"]


def pod_labels(doc):
    return doc["spec"]["template"]["metadata"].get("labels") or {}


def containers(doc):
    spec = pod_spec(doc)
    for kind in ("initContainers", "containers"):
        for c in spec.get(kind) or []:
            yield c


def env_of(container):
    return {e["name"]: str(e.get("value", "")) for e in container.get("env") or []}


def kustomization_dirs(k8s_dir):
    return sorted(os.path.dirname(p) for p in
                  glob.glob(os.path.join(k8s_dir, "**", "kustomization.yaml"),
                            recursive=True))


def check_kustomization(directory, failures):
    """Its resources and generated files exist; returns the documents of
    its own resource files (not of bases) and its ConfigMap generators."""
    (kust,) = deploy_lib.load_yaml_documents(
        os.path.join(directory, "kustomization.yaml"))
    where = os.path.relpath(os.path.join(directory, "kustomization.yaml"))
    docs, generated = [], {}
    for resource in kust.get("resources") or []:
        path = os.path.normpath(os.path.join(directory, resource))
        if os.path.isdir(path):
            failures.check(os.path.isfile(os.path.join(
                path, "kustomization.yaml")), where,
                f"base {resource} has no kustomization.yaml")
        elif failures.check(os.path.isfile(path), where,
                            f"resource {resource} does not exist"):
            docs += [(resource, d) for d in deploy_lib.load_yaml_documents(path)]
    for gen in kust.get("configMapGenerator") or []:
        files = []
        for entry in gen.get("files") or []:
            path = os.path.join(directory, entry.split("=")[-1])
            if failures.check(os.path.isfile(path), where,
                              f"ConfigMap {gen['name']}: no file {entry}"):
                files.append(path)
        generated[gen["name"]] = files
    return kust, docs, generated


def check_objects(label, docs, configmaps, root, binaries, failures):
    """The cross-references among one set of objects. configmaps: name ->
    {key: text}."""
    by_kind = {}
    for source, doc in docs:
        failures.check("kind" in doc and "metadata" in doc and
                       doc["metadata"].get("name"), f"{label} {source}",
                       "an object without kind or metadata.name")
        by_kind.setdefault(doc.get("kind"), []).append(doc)
    pvcs = {d["metadata"]["name"] for d in by_kind.get(
        "PersistentVolumeClaim", [])}
    services = {d["metadata"]["name"]: d for d in by_kind.get("Service", [])}
    workloads = [d for k in POD_KINDS for d in by_kind.get(k, [])]
    namespaces = [d["metadata"]["name"] for d in by_kind.get("Namespace", [])]
    failures.check(len(namespaces) == 1, label,
                   f"want one Namespace, found {namespaces}")
    namespace = namespaces[0] if namespaces else ""

    def where(doc):
        return f"{label} {doc['kind']}/{doc['metadata']['name']}"

    for svc in services.values():
        selector = svc["spec"].get("selector") or {}
        failures.check(selector and any(
            selector.items() <= pod_labels(w).items() for w in workloads),
            where(svc), f"selector {selector} matches no Deployment's or "
            "Job's pods")
    for w in workloads:
        if w["kind"] == "Deployment":
            match = w["spec"]["selector"]["matchLabels"]
            failures.check(match.items() <= pod_labels(w).items(), where(w),
                           f"selector {match} does not match its own pods")
        volumes = {v["name"]: v for v in pod_spec(w).get("volumes") or []}
        for v in volumes.values():
            if "persistentVolumeClaim" in v:
                claim = v["persistentVolumeClaim"]["claimName"]
                failures.check(claim in pvcs, where(w),
                               f"volume {v['name']}: no PVC {claim}")
            if "configMap" in v:
                name = v["configMap"]["name"]
                failures.check(name in configmaps, where(w),
                               f"volume {v['name']}: no ConfigMap {name}")
        for c in containers(w):
            cw = f"{where(w)} container {c['name']}"
            for m in c.get("volumeMounts") or []:
                failures.check(m["name"] in volumes, cw,
                               f"mounts unknown volume {m['name']}")
            argv = (c.get("command") or []) + (c.get("args") or [])
            deploy_lib.check_command(cw, argv, env_of(c), binaries, failures)
            failures.check(not c["image"].endswith(":latest") or
                           c.get("imagePullPolicy") == "IfNotPresent", cw,
                           "a locally built :latest image needs "
                           "imagePullPolicy IfNotPresent")

    # The forum.
    coordinator = services.get("coordinator")
    coord_addr = None
    if failures.check(coordinator, label, "no coordinator Service"):
        port = coordinator["spec"]["ports"][0]["port"]
        coord_addr = f"dns:///coordinator.{namespace}.svc.cluster.local:{port}"
    coord_deploys = [w for w in workloads if any(
        inv.binary == "concert-coordinator" for c in containers(w)
        for inv in deploy_lib.invocations(c.get("command") or [], binaries))]
    scenario_path = None
    if failures.check(len(coord_deploys) == 1, label,
                      "want one coordinator Deployment"):
        d = coord_deploys[0]
        failures.check(d["spec"].get("replicas", 1) == 1 and
                       d["spec"].get("strategy", {}).get("type") == "Recreate",
                       where(d), "the SQLite database allows one writer: one "
                       "replica, replaced with Recreate")
        env = env_of(pod_spec(d)["containers"][0])
        scenario = env.get("CONCERT_SCENARIO", "")
        scenario_path = os.path.join(root, scenario)
        failures.check(scenario.startswith("scenarios/") and
                       os.path.isfile(scenario_path), where(d),
                       f"CONCERT_SCENARIO {scenario!r} is not shipped")
    for w in workloads:
        for c in containers(w):
            env = env_of(c)
            for var in ("CONCERT_JOIN", "CONCERT_COORDINATOR"):
                if var in env:
                    failures.check(env[var] == coord_addr,
                                   f"{where(w)} container {c['name']}",
                                   f"{var} {env[var]} is not the coordinator's "
                                   f"Service {coord_addr}")

    party_deploys = {}
    for w in workloads:
        if any(inv.binary == "concert-party" for c in containers(w)
               for inv in deploy_lib.invocations(c.get("command") or [],
                                                 binaries)):
            party_deploys[w["metadata"]["name"]] = w
    if scenario_path and os.path.isfile(scenario_path):
        parties = deploy_lib.scenario_parties(scenario_path)
        failures.check(sorted(party_deploys) ==
                       sorted(f"party-{p.lower()}" for p in parties), label,
                       f"party Deployments {sorted(party_deploys)} are not "
                       f"one per party of {parties}")
    for name, d in party_deploys.items():
        party = name[len("party-"):].upper()
        (c,) = pod_spec(d)["containers"]
        env = env_of(c)
        cw = f"{where(d)} container {c['name']}"
        # Its profile: the one file of the one ConfigMap it mounts.
        profile = env.get("CONCERT_PROFILE", "")
        mounts = [m for m in c.get("volumeMounts") or []
                  if profile.startswith(m["mountPath"].rstrip("/") + "/")]
        # Its ConfigMaps (a TLS overlay adds a Secret of its certificate).
        volumes = {v["name"]: v for v in pod_spec(d).get("volumes") or []
                   if "configMap" in v}
        if failures.check(len(mounts) == 1 and len(volumes) == 1, cw,
                          f"CONCERT_PROFILE {profile} should be the one "
                          "mounted volume's file"):
            cm = volumes[mounts[0]["name"]].get("configMap", {}).get("name")
            keys = configmaps.get(cm, {})
            key = os.path.basename(profile)
            failures.check(list(keys) == [key], cw,
                           f"ConfigMap {cm} holds {sorted(keys)}, want only "
                           f"{key}")
            if key in keys:
                m = re.search(r'^id: "([^"]+)"', keys[key], re.M)
                failures.check(m and m.group(1) == party, cw,
                               f"its profile {key} is {m and m.group(1)}'s, "
                               f"not {party}'s")
        # Reached by its headless Service's name, over every replica.
        svc = [s for s in services.values()
               if (s["spec"].get("selector") or {}).items() <=
               pod_labels(d).items()]
        if failures.check(len(svc) == 1, cw,
                          "want one Service selecting its pods"):
            s = svc[0]
            failures.check(s["spec"].get("clusterIP") == "None", where(s),
                           "a party's Service must be headless, so its name "
                           "resolves to every replica")
            port = s["spec"]["ports"][0]["port"]
            want = (f"dns:///{s['metadata']['name']}.{namespace}"
                    f".svc.cluster.local:{port}")
            failures.check(env.get("CONCERT_ADVERTISE") == want, cw,
                           f"advertises {env.get('CONCERT_ADVERTISE')}, "
                           f"want {want}")
            listen = env.get("CONCERT_LISTEN", ":").rsplit(":", 1)[1]
            failures.check(str(port) == listen or s["spec"]["ports"][0].get(
                "targetPort") in (int(listen), "grpc"), where(s),
                "the Service's port does not reach the party's listen port")

    # The study: an Indexed Job of SHARDS shards, and a merge of as many.
    jobs = {j["metadata"]["name"]: j for j in by_kind.get("Job", [])}
    study, merge = jobs.get("study"), jobs.get("study-merge")
    if failures.check(study and merge, label, "want Jobs study and "
                      "study-merge"):
        spec = study["spec"]
        failures.check(spec.get("completionMode") == "Indexed", where(study),
                       "the study must be an Indexed Job")
        shards = [env_of(c).get("SHARDS") for j in (study, merge)
                  for c in containers(j) if "SHARDS" in env_of(c)]
        failures.check(len(shards) == 2 and
                       all(s == str(spec.get("completions")) for s in shards),
                       where(study), f"SHARDS {shards} must equal completions "
                       f"{spec.get('completions')} in both Jobs")
        runs = [inv for c in pod_spec(study)["containers"]
                for inv in deploy_lib.invocations(c["command"], binaries)]
        failures.check([i.name() for i in runs] == ["concert compare"] and
                       "--shard" in runs[0].words, where(study),
                       "the study's container should run `concert compare "
                       "--shard`")
        runs = [inv for c in pod_spec(merge)["containers"]
                for inv in deploy_lib.invocations(c["command"], binaries)]
        failures.check(runs and all(i.name() == "concert compare merge"
                                    for i in runs),
                       where(merge), "should run `concert compare merge`")


def rendered(tool, directory):
    argv = [tool, "kustomize", directory] if os.path.basename(tool) == \
        "kubectl" else [tool, "build", directory]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                         check=False)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: {out.stderr.strip()}")
    return [d for d in deploy_lib.yaml_module().safe_load_all(out.stdout) if d]


def main():
    args = deploy_lib.parse_args(kustomize={
        "default": "",
        "help": "kubectl or kustomize, to render every overlay"})
    binaries = deploy_lib.binaries_from(args)
    failures = deploy_lib.Failures()
    k8s_dir = os.path.join(args.root, "docker", "k8s")
    for path in sorted(glob.glob(os.path.join(k8s_dir, "**", "*.yaml"),
                                 recursive=True)):
        try:
            deploy_lib.load_yaml_documents(path)
        except Exception as e:  # noqa: BLE001 - report any parse error
            failures.add(os.path.relpath(path, args.root), f"does not parse: {e}")
    dirs = kustomization_dirs(k8s_dir)
    failures.check(os.path.join(k8s_dir, "base") in dirs and len(dirs) >= 2,
                   "docker/k8s", "want a base and at least one overlay")

    # The base as written: ConfigMaps from its generator, without a namespace
    # applied (the kustomization's own `namespace` stands in).
    base = os.path.join(k8s_dir, "base")
    kust, docs, generated = check_kustomization(base, failures)
    for d in dirs:
        if d != base:
            check_kustomization(d, failures)
    configmaps = {}
    for name, files in generated.items():
        configmaps[name] = {}
        for f in files:
            with open(f, encoding="utf-8") as fh:
                configmaps[name][os.path.basename(f)] = fh.read()
    failures.check(kust.get("namespace") in
                   [d["metadata"]["name"] for _, d in docs
                    if d.get("kind") == "Namespace"], "base",
                   "the kustomization's namespace is not the Namespace")
    check_objects("base (as written)", docs, configmaps, args.root, binaries,
                  failures)

    if args.kustomize:
        for d in dirs:
            label = os.path.relpath(d, args.root)
            try:
                objs = rendered(args.kustomize, d)
            except RuntimeError as e:
                failures.add(label, str(e))
                continue
            cms = {o["metadata"]["name"]: o.get("data") or {}
                   for o in objs if o.get("kind") == "ConfigMap"}
            for o in objs:
                if o.get("kind") != "Namespace":
                    failures.check(o["metadata"].get("namespace") ==
                                   kust.get("namespace"), label,
                                   f"{o['kind']}/{o['metadata']['name']} is "
                                   "outside the forum's namespace")
            check_objects(label, [("rendered", o) for o in objs], cms,
                          args.root, binaries, failures)
    else:
        print("note: no kubectl or kustomize: the overlays were not rendered")
    failures.finish("docker/k8s" + (" (base and overlays rendered)"
                                    if args.kustomize else ""))


if __name__ == "__main__":
    main()
