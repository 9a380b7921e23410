"""Where the project's files live, in one place, so no module guesses a path."""

from __future__ import annotations

import os
import re
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


#: Every built store is kept as a release beside the store: `<store dir>/releases/<id>.duckdb`.
RELEASES_FOLDER = "releases"
#: Releases kept after each ingest, unless `releases --prune --keep N` says otherwise.
RELEASES_KEPT = 12
#: A release id is its build time in UTC, e.g. 2026-11-30T021530Z (sortable, readable, safe in a URL
#: and a file name); a second build in the same second gets -2, -3, ...
RELEASE_ID = re.compile(r"\d{4}-\d{2}-\d{2}T\d{6}Z(?:-[1-9]\d{0,3})?")


def releases_dir(store: Path | None = None) -> Path:
    """Where the releases of `store` (default: the configured store) are kept."""
    return (store or store_path()).parent / RELEASES_FOLDER


def release_file(release_id: str, store: Path | None = None) -> Path | None:
    """The file of a release, or None when `release_id` is not a release id or that release is not kept."""
    if not RELEASE_ID.fullmatch(release_id or ""):
        return None
    path = releases_dir(store) / f"{release_id}.duckdb"
    return path if path.is_file() else None


def release_order(release_id: str) -> tuple[str, int]:
    """Sort key: build time, then the same-second counter (-10 after -9)."""
    stamp, _, counter = release_id.partition("Z-")
    return (stamp.rstrip("Z"), int(counter) if counter else 1)


def release_ids(store: Path | None = None) -> list[str]:
    """The ids of the releases kept beside `store`, newest first."""
    folder = releases_dir(store)
    if not folder.is_dir():
        return []
    found = [p.stem for p in folder.glob("*.duckdb") if RELEASE_ID.fullmatch(p.stem)]
    return sorted(found, key=release_order, reverse=True)
