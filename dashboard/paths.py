"""Where the project's files live, in one place, so no module guesses a path."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = PROJECT_ROOT / "queries"
SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
BUILD_DIR = PROJECT_ROOT / "data" / "build"
DEFAULT_STORE = BUILD_DIR / "vawg.duckdb"


def store_path() -> Path:
    """The store the app and the CLI use: `VAWG_STORE` when set, else data/build/vawg.duckdb."""
    configured = os.environ.get("VAWG_STORE")
    return Path(configured) if configured else DEFAULT_STORE
