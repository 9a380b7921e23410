"""First start: if there is no store yet, build one from the bundled sample so a fresh clone runs."""

from __future__ import annotations

import threading
from collections.abc import Callable

from dashboard.paths import SAMPLE_DIR, store_path

_building = threading.Lock()


def ensure_store(progress: Callable[[str], None] = lambda _: None) -> bool:
    """Build the store from data/sample when none exists. Returns True if it built one."""
    from dashboard.ingest.build import build_store

    with _building:
        if store_path().exists():
            return False
        build_store([SAMPLE_DIR], store_path(), progress=progress)
        return True
