"""RUN_DIR/workers.json: where the balancer and each worker are, for tools that watch them (the load benchmark)."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

STATE_FILE = "workers.json"


def write_state(run_dir: Path, state: dict[str, object]) -> Path:
    """Replace workers.json in one step, so a reader never sees half a file."""
    path = run_dir / STATE_FILE
    partial = path.with_suffix(".json.tmp")
    partial.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path


def remove_state(run_dir: Path) -> None:
    """Gone once serve stops, so no one reads the pids of processes that no longer exist."""
    with contextlib.suppress(FileNotFoundError):
        (run_dir / STATE_FILE).unlink()
