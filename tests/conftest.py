"""Shared test settings: where the real extracts are, and how to build a store the way a user does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("VAWG_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data")).resolve()
SAMPLE_DATA = PROJECT_ROOT / "data" / "sample"


def ingest(sources: list[Path], store: Path) -> subprocess.CompletedProcess:
    """Run the real command line, as a user would."""
    command = [sys.executable, "-m", "dashboard", "ingest", "--store", str(store)]
    for source in sources:
        command += ["--source", str(source)]
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)


def needs_shared_data() -> None:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the real published extracts are not at {SHARED_DATA} (set VAWG_SHARED_DATA)")


@pytest.fixture(scope="session")
def real_store(tmp_path_factory) -> Path:
    """A store built from ../shared/data by the real CLI, once per test session."""
    needs_shared_data()
    store = tmp_path_factory.mktemp("real") / "vawg.duckdb"
    result = ingest([SHARED_DATA], store)
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("sample") / "vawg.duckdb"
    result = ingest([SAMPLE_DATA], store)
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture()
def use_store(monkeypatch):
    """Point the data-access module at a given store for one test."""

    def use(store: Path) -> None:
        monkeypatch.setenv("VAWG_STORE", str(store))

    return use
