"""The deployment files checked offline: Kubernetes manifests against the bundled API schemas, and
what a reviewer would look for in them and in the Dockerfile.

No Docker engine or cluster is needed (none runs where the tests run): the manifests are validated
by kubernetes-validate's bundled schemas, strictly (an unknown field fails), and the Dockerfile is
read instruction by instruction.
"""

from __future__ import annotations

import copy
import fnmatch
import json
import re
import shlex
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from streamlit import config as streamlit_config

PROJECT_ROOT = Path(__file__).resolve().parents[2]
K8S_DIR = PROJECT_ROOT / "deploy" / "k8s"
DOCKERFILE = PROJECT_ROOT / "Dockerfile"
DOCKERIGNORE = PROJECT_ROOT / ".dockerignore"
DEPLOY_DOC = PROJECT_ROOT / "docs" / "DEPLOY.md"

# Every API the manifests use is GA since Kubernetes 1.23; validate against an old and the newest
# release whose schemas the pinned kubernetes-validate bundles.
KUBERNETES_VERSIONS = ("1.30.0", "1.37.0")
HEALTH_PATH = "/_stcore/health"
STREAMLIT_PORT = 8501


# ---------------------------------------------------------------- reading the files


def kustomization() -> dict:
    return yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text(encoding="utf-8"))


def manifest_files() -> list[Path]:
    return [K8S_DIR / name for name in kustomization()["resources"]]


def manifests() -> list[dict]:
    documents = []
    for path in manifest_files():
        documents += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    return documents


def one(kind: str) -> dict:
    found = [m for m in manifests() if m["kind"] == kind]
    assert len(found) == 1, f"expected one {kind} in deploy/k8s, found {len(found)}"
    return found[0]


def pod_spec() -> dict:
    return one("Deployment")["spec"]["template"]["spec"]


def container() -> dict:
    containers = pod_spec()["containers"]
    assert len(containers) == 1, "one Streamlit worker per pod"
    return containers[0]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order: continuation lines joined, comments and blank lines dropped."""
    instructions, pending = [], ""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue  # Docker drops comment lines, inside a continuation too
        if stripped.endswith("\\"):
            pending += stripped[:-1].strip() + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    assert not pending, "the Dockerfile ends inside a continuation line"
    return instructions


def arguments_of(keyword: str) -> list[str]:
    return [arguments for instruction, arguments in dockerfile_instructions() if instruction == keyword]


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile_instructions()
    last_from = max(i for i, (instruction, _) in enumerate(instructions) if instruction == "FROM")
    return instructions[last_from:]


def env_values(instructions: list[tuple[str, str]]) -> dict[str, str]:
    values = {}
    for instruction, arguments in instructions:
        if instruction == "ENV":
            values.update(pair.split("=", 1) for pair in shlex.split(arguments))
    return values


def cmd() -> list[str]:
    commands = [arguments for instruction, arguments in final_stage() if instruction == "CMD"]
    assert len(commands) == 1
    return json.loads(commands[0])  # exec form, so the worker is PID 1 and receives SIGTERM itself


def store_path_in_image() -> str:
    return env_values(final_stage())["VAWG_STORE"]


# ---------------------------------------------------------------- Kubernetes: schemas


def test_kustomization_lists_every_manifest():
    listed = {path.name for path in manifest_files()}
    present = {path.name for path in K8S_DIR.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == present


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("path", manifest_files(), ids=lambda p: p.name)
def test_manifest_is_valid_kubernetes(path, version):
    for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
        if document:
            # Raises on a schema violation, an unknown field (strict) or an unknown kind/apiVersion.
            kubernetes_validate.validate(document, version, strict=True)


def test_strict_validation_rejects_an_unknown_field():
    """The check above means something: a misspelt field fails validation."""
    deployment = copy.deepcopy(one("Deployment"))
    deployment["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSIONS[-1], strict=True)


# ---------------------------------------------------------------- Kubernetes: what a reviewer checks


def test_probes_ask_streamlit_for_its_health():
    ports = {port["name"]: port["containerPort"] for port in container()["ports"]}
    for probe in ("readinessProbe", "livenessProbe"):
        http_get = container()[probe]["httpGet"]
        assert http_get["path"] == HEALTH_PATH, probe
        assert ports.get(http_get["port"], http_get["port"]) == STREAMLIT_PORT, probe


def test_a_pod_is_ready_only_once_its_worker_has_built_every_view():
    """The startup probe warms the pod's own worker (serve.warm), as serve warms its workers before HAProxy."""
    startup = container()["startupProbe"]
    command = startup["exec"]["command"]
    assert command[:3] == ["python", "-m", "serve.warm"], command
    assert command[3] == f"http://127.0.0.1:{STREAMLIT_PORT}", command
    assert "--scope" not in command, "a pod must build every view, not only each page's own"
    # One warm-up takes about a minute on the benchmark's machine: the probe must not time it out, and
    # the pod gets several tries before Kubernetes restarts it.
    assert startup["timeoutSeconds"] >= 120 and startup["periodSeconds"] * startup["failureThreshold"] >= 300
    copied = " ".join(arguments_of("COPY"))
    for needed in ("serve/", "benchmarks/load/protocol.py", "benchmarks/load/views.py"):
        assert needed in copied, f"the image must hold {needed} for the startup probe"


def test_every_worker_requests_and_limits_cpu_and_memory():
    resources = container()["resources"]
    for bound in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(resources[bound]), bound


def test_workers_run_as_non_root_on_a_read_only_root_filesystem():
    pod_security = pod_spec()["securityContext"]
    assert pod_security["runAsNonRoot"] is True
    assert pod_security["runAsUser"] != 0
    container_security = container()["securityContext"]
    assert container_security["readOnlyRootFilesystem"] is True
    assert container_security["allowPrivilegeEscalation"] is False
    assert container_security["capabilities"]["drop"] == ["ALL"]


def test_writable_paths_are_empty_dirs_and_home_is_one_of_them():
    volumes = {volume["name"]: volume for volume in pod_spec()["volumes"]}
    mounts = {mount["mountPath"]: mount["name"] for mount in container()["volumeMounts"]}
    assert "/tmp" in mounts and "emptyDir" in volumes[mounts["/tmp"]]
    home = env_values(final_stage())["HOME"]
    assert any(home == path or home.startswith(path + "/") for path in mounts), home
    store_dir = str(Path(store_path_in_image()).parent)
    assert not any(store_dir.startswith(path) for path in mounts), "the store must stay in the read-only image"


def test_a_release_rolls_out_without_losing_capacity_and_drains_old_pods():
    deployment = one("Deployment")
    rolling = deployment["spec"]["strategy"]["rollingUpdate"]
    assert deployment["spec"]["strategy"]["type"] == "RollingUpdate"
    assert rolling["maxUnavailable"] == 0
    assert str(rolling["maxSurge"]) not in ("0", "0%")
    command = container()["lifecycle"]["preStop"]["exec"]["command"]
    assert command[0] == "sleep"
    # Streamlit closes its sessions within about 2 s of SIGTERM (measured); keep a margin beyond it.
    assert pod_spec()["terminationGracePeriodSeconds"] >= int(command[1]) + 10


def test_replicas_share_streamlits_cookie_secret_from_a_kubernetes_secret():
    variable = streamlit_config.get_config_options()["server.cookieSecret"].env_var
    env = {item["name"]: item for item in container()["env"]}
    assert variable in env, f"Streamlit reads server.cookieSecret from {variable}"
    assert "secretKeyRef" in env[variable]["valueFrom"]


def test_service_selects_the_workers_and_targets_their_port():
    service = one("Service")
    deployment = one("Deployment")
    assert service["spec"]["selector"] == deployment["spec"]["template"]["metadata"]["labels"]
    port_names = {port["name"] for port in container()["ports"]}
    assert all(port["targetPort"] in port_names for port in service["spec"]["ports"])


def test_ingress_keeps_a_visitor_on_one_worker_and_websockets_open():
    ingress = one("Ingress")
    annotations = ingress["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert ingress["spec"]["ingressClassName"] == "nginx"
    assert annotations[prefix + "affinity"] == "cookie"
    assert annotations[prefix + "affinity-mode"] == "persistent"
    assert annotations[prefix + "session-cookie-name"]
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        assert int(annotations[prefix + timeout]) >= 3600, timeout
    service = one("Service")
    service_ports = {port["name"] for port in service["spec"]["ports"]}
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["name"] == service["metadata"]["name"]
            assert backend["port"]["name"] in service_ports


def test_autoscaler_scales_the_deployment_on_cpu():
    hpa = one("HorizontalPodAutoscaler")
    assert hpa["apiVersion"] == "autoscaling/v2"
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", one("Deployment")["metadata"]["name"])
    assert hpa["spec"]["minReplicas"] >= 2, "one worker alone is a single point of failure"
    [metric] = hpa["spec"]["metrics"]
    assert metric["type"] == "Resource" and metric["resource"]["name"] == "cpu"
    assert metric["resource"]["target"]["type"] == "Utilization"


def test_disruption_budget_covers_the_workers():
    budget = one("PodDisruptionBudget")
    labels = one("Deployment")["spec"]["template"]["metadata"]["labels"]
    assert budget["spec"]["selector"]["matchLabels"].items() <= labels.items()


# ---------------------------------------------------------------- Dockerfile


def test_base_image_is_python_311_slim_bookworm_pinned_by_exact_tag_and_digest():
    froms = arguments_of("FROM")
    base = froms[0].split()[0]
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm@sha256:[0-9a-f]{64}", base), base
    stages = [arguments.split()[-1] for arguments in froms if " AS " in arguments.upper()]
    for arguments in froms[1:]:
        assert arguments.split()[0] in stages, f"FROM {arguments}: every later stage builds on an earlier one"


def test_image_runs_as_the_same_numeric_non_root_user_as_the_pod():
    users = [arguments for instruction, arguments in final_stage() if instruction == "USER"]
    assert users, "the final stage sets USER"
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit() and int(uid) != 0, "numeric, so Kubernetes can check runAsNonRoot"
    assert int(uid) == pod_spec()["securityContext"]["runAsUser"]
    assert int(gid) == pod_spec()["securityContext"]["runAsGroup"]


def test_healthcheck_asks_streamlit_for_its_health_with_python():
    [healthcheck] = arguments_of("HEALTHCHECK")
    assert HEALTH_PATH in healthcheck and f":{STREAMLIT_PORT}/" in healthcheck
    assert "urllib.request" in healthcheck, "the slim image has no curl"


def test_store_is_built_at_image_build_from_a_source_build_argument():
    args = dict(arguments.split("=", 1) for arguments in arguments_of("ARG") if "=" in arguments)
    assert args.get("SOURCE") == "data/sample", "the bundled sample by default"
    assert (PROJECT_ROOT / args["SOURCE"]).is_dir()
    runs = arguments_of("RUN")
    assert any("-m dashboard ingest" in run and "${SOURCE}" in run for run in runs)
    assert any(copy_.split()[0] == "${SOURCE}" for copy_ in arguments_of("COPY"))


def test_store_is_read_only_and_owned_by_root():
    store = store_path_in_image()
    runs = " ".join(arguments for instruction, arguments in final_stage() if instruction == "RUN")
    store_dir = str(Path(store).parent)
    assert f"chown -R root:root {store_dir}" in runs
    assert f"chmod 0444 {store}" in runs
    assert f"chmod 0555 {store_dir}" in runs
    copies = [arguments for instruction, arguments in final_stage() if instruction == "COPY"]
    assert any(c.startswith("--from=store ") and c.split()[-1] == store for c in copies)


def test_container_serves_one_headless_worker_on_every_interface():
    command = cmd()
    assert command[:5] == ["python", "-m", "streamlit", "run", "dashboard/app.py"]
    flags = dict(flag.removeprefix("--").split("=", 1) for flag in command[5:])
    assert flags == {"server.address": "0.0.0.0", "server.port": str(STREAMLIT_PORT), "server.headless": "true"}
    assert set(flags) <= set(streamlit_config.get_config_options()), "only options the installed Streamlit knows"
    assert str(STREAMLIT_PORT) in arguments_of("EXPOSE")


def test_cookie_secret_is_never_baked_into_the_image():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(ENV|ARG)\b[^\n]*COOKIE_SECRET", text, re.MULTILINE | re.IGNORECASE)


def test_everything_the_image_copies_exists_and_reaches_the_build_context():
    patterns = [
        line.strip()
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for arguments in arguments_of("COPY"):
        parts = arguments.split()
        if parts[0].startswith("--from="):
            continue
        for source in parts[:-1]:
            if source == "${SOURCE}":
                source = "data/sample"
            assert (PROJECT_ROOT / source).exists(), source
            for pattern in patterns:
                assert not fnmatch.fnmatch(source.rstrip("/"), pattern), f"{source} is excluded by {pattern}"
    assert any(copy_.split()[0] == ".streamlit/" for copy_ in arguments_of("COPY")), "Streamlit settings ship"


def test_dockerignore_keeps_local_state_out_of_the_build_context():
    patterns = set(DOCKERIGNORE.read_text(encoding="utf-8").split())
    assert {".git", ".venv", "test-artifacts", "data/build/*.duckdb"} <= patterns


# ---------------------------------------------------------------- documentation


def test_deploy_doc_covers_every_deployment_file():
    text = DEPLOY_DOC.read_text(encoding="utf-8")
    for name in ["Dockerfile", *(path.name for path in manifest_files())]:
        assert name in text, f"docs/DEPLOY.md does not mention {name}"
