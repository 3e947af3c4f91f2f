#!/usr/bin/env python3
"""The deployment checks can fail: each planted mistake, made in a copy of
docker/ (and what the checks read beside it), is reported by the check
that owns it, with its own message."""

import os
import shutil
import subprocess
import sys
import tempfile

import deploy_lib

HERE = os.path.dirname(os.path.abspath(__file__))

# (file, text, replacement, check script, words its report must hold)
PLANTED = [
    ("docker/compose.yaml", "profiles/usa.textproto:", "profiles/jpn.textproto:",
     "compose_test.py", "the profile of JPN, not of USA"),
    ("docker/compose.yaml", 'CONCERT_ADVERTISE: "party-rok:7000"',
     'CONCERT_ADVERTISE: "party-jpn:7000"', "compose_test.py",
     "advertises party-jpn:7000"),
    ("docker/compose.yaml", "      - scenarios/drafts/paper-sequence.textproto\n",
     "", "compose_test.py", "not every shipped draft"),
    ("docker/compose.yaml", "      - --samples\n", "      - --sample\n",
     "compose_test.py", "has no flag --sample"),
    ("docker/compose.yaml", "condition: service_completed_successfully",
     "condition: service_healthy", "compose_test.py",
     "want service_completed_successfully"),
    ("docker/compose.yaml", "      CONCERT_JOIN: \"coordinator:7000\"\n",
     "      CONCERT_JOIN: \"coordinator:7000\"\n      CONCERT_NO_SUCH: \"1\"\n",
     "compose_test.py", "sets CONCERT_NO_SUCH"),
    ("docker/compose.yaml", "    restart: unless-stopped\n", "",
     "compose_test.py", "servers restart"),
    ("docker/k8s/base/parties/usa.yaml", "name: profile-usa",
     "name: profile-chn", "k8s_test.py", "want only usa.textproto"),
    ("docker/k8s/base/parties/jpn.yaml", "clusterIP: None", "clusterIP: \"\"",
     "k8s_test.py", "must be headless"),
    ("docker/k8s/base/study.yaml", "claimName: study-results",
     "claimName: study", "k8s_test.py", "no PVC study"),
    ("docker/k8s/base/study.yaml", '--shard "$((', '--shards "$((',
     "k8s_test.py", "has no flag --shards"),
    ("docker/k8s/base/coordinator.yaml",
     "  selector:\n    app.kubernetes.io/name: concert\n"
     "    app.kubernetes.io/component: coordinator\n",
     "  selector:\n    app.kubernetes.io/name: concert\n"
     "    app.kubernetes.io/component: chair\n",
     "k8s_test.py", "matches no Deployment's or Job's pods"),
    # Overlays are checked as rendered: only with kubectl or kustomize.
    ("docker/k8s/overlays/replicated/kustomization.yaml", 'value: "8"',
     'value: "7"', "k8s_test.py", "must equal completions"),
    ("docker/compose.yaml", 'CONCERT_INSECURE: "1"', 'CONCERT_INSECURE: "0"',
     "tls_variants_test.py", "binds 0.0.0.0 in plaintext"),
    ("docker/compose.tls.yaml", "/etc/concert/tls/dprk.pem",
     "/etc/concert/tls/usa.pem", "tls_variants_test.py",
     "should present dprk.pem"),
    ("docker/k8s/overlays/tls/kustomization.yaml", "secretName: tls-rok",
     "secretName: tls-jpn", "tls_variants_test.py",
     "should mount Secret tls-rok"),
    ("docker/k8s/overlays/tls/kustomization.yaml", "                  grpc: null\n",
     "", "tls_variants_test.py", "must ask `concert health`"),
    ("docker/Dockerfile", "libssl3 ", "", "dockerfile_test.py",
     "does not install libssl3"),
    ("docker/Dockerfile", "zlib1g", "zlib1g libsystemd0", "dockerfile_test.py",
     "installs libsystemd0, which holds no library"),
    ("docker/Dockerfile", "USER 10001:10001", "USER root",
     "dockerfile_test.py", "non-root"),
    ("docker/k8s/base/profiles/rok.textproto", 'id: "ROK"', 'id: "ROK2"',
     "profiles_test.py", "differs from what `concert profile export` writes"),
]

COPIED = ["docker", "scenarios", "scripts/lib", "CMakePresets.json",
          ".dockerignore"]


def main():
    args = deploy_lib.parse_args(build_dir={"required": True},
                                 kustomize={"default": ""})
    root = args.root
    binary_args = []
    for name in deploy_lib.BINARIES:
        binary_args += ["--" + name,
                        os.path.abspath(getattr(args, name.replace("-", "_")))]
    missed = []
    tried = 0
    for path, text, replacement, script, expected in PLANTED:
        if "/overlays/" in path and not args.kustomize:
            print(f"note: not planted without kustomize: {path}")
            continue
        tried += 1
        with tempfile.TemporaryDirectory() as copy:
            for item in COPIED:
                source, target = os.path.join(root, item), os.path.join(copy, item)
                if os.path.isdir(source):
                    shutil.copytree(source, target, symlinks=True)
                else:
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    shutil.copy(source, target)
            planted = os.path.join(copy, path)
            with open(planted, encoding="utf-8") as f:
                content = f.read()
            if text not in content:
                missed.append(f"{path}: the text to plant over is gone: {text!r}")
                continue
            with open(planted, "w", encoding="utf-8") as f:
                f.write(content.replace(text, replacement, 1))
            argv = [sys.executable, os.path.join(HERE, script), "--root", copy]
            if script == "profiles_test.py":
                argv += ["--concert", binary_args[1]]
            else:
                argv += binary_args
            if script == "dockerfile_test.py":
                argv += ["--build-dir", os.path.abspath(args.build_dir)]
            if script in ("k8s_test.py", "tls_variants_test.py"):
                argv += ["--kustomize", args.kustomize]
            result = subprocess.run(argv, capture_output=True, text=True,
                                    timeout=120, check=False)
            if result.returncode == 0 or expected not in result.stdout:
                missed.append(f"{path}: {text!r} -> {replacement!r}: "
                              f"{script} exited {result.returncode} without "
                              f"{expected!r}:\n{result.stdout[-1500:]}"
                              f"{result.stderr[-1500:]}")
    if missed:
        print(f"FAIL: {len(missed)} planted mistake(s) not reported:")
        for m in missed:
            print("  " + m)
        sys.exit(1)
    print(f"OK: all {tried} planted mistakes reported")


if __name__ == "__main__":
    main()
