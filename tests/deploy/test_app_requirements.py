"""What `make run` and `make serve` install (requirements.txt) is enough for what they run.

The tests run with requirements-dev.txt installed too, so a module the app or serve imports from a
test-only package would pass every other test and fail on a fresh clone's `make serve` (serve's
warm-up once imported websocket-client, then listed for the load benchmark only). Here each entry
point is imported in a fresh interpreter that refuses every module only requirements-dev.txt brings.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ENTRY_POINTS = (
    "serve.__main__",  # make serve: the supervisor, HAProxy config and the warm-up client
    "serve.supervisor",
    "serve.warm",
    "dashboard.__main__",  # ingest, export, refresh, releases, changes
    "dashboard.export_command",
    "dashboard.refresh",
)

_REFUSE = """
import importlib.abc, sys
REFUSED = set(sys.argv[1].split(","))
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in REFUSED:
            raise ModuleNotFoundError(f"{name} is installed by requirements-dev.txt only")
        return None
sys.meta_path.insert(0, Refuse())
import importlib
for module in sys.argv[2:]:
    importlib.import_module(module)
"""


def _names(requirements: Path) -> set[str]:
    names = set()
    for line in requirements.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==", line.strip())
        if match:
            names.add(re.sub(r"[-_.]+", "-", match.group(1)).lower())
    return names


def _dev_only_modules() -> set[str]:
    dev_only = _names(PROJECT_ROOT / "requirements-dev.txt") - _names(PROJECT_ROOT / "requirements.txt")
    modules = set()
    for module, distributions in packages_distributions().items():
        normalised = {re.sub(r"[-_.]+", "-", d).lower() for d in distributions}
        if normalised & dev_only and not module.startswith("_"):
            modules.add(module)
    return modules


def test_the_app_and_serve_import_without_the_test_only_packages():
    refused = _dev_only_modules()
    assert {"locust", "pytest", "playwright"} <= refused, sorted(refused)
    done = subprocess.run(
        [sys.executable, "-c", _REFUSE, ",".join(sorted(refused)), *ENTRY_POINTS],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        pytest.fail(f"an entry point needs a package requirements.txt does not list:\n{done.stderr[-2000:]}")
