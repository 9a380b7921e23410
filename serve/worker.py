"""One Streamlit worker: its command, its loopback port for the whole run, its process and its health."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.paths import PROJECT_ROOT
from serve.processes import spawn

HEALTH_PATH = "/_stcore/health"
# A worker that dies this soon after starting is failing to start (a port taken, a broken app):
# restarting it at once would spin, so its restarts back off.
QUICK_EXIT_SECONDS = 10.0
MAX_BACKOFF_SECONDS = 30.0


def answers_health(base_url: str, *, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(base_url + HEALTH_PATH, timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class Worker:
    name: str
    port: int
    app: Path
    env: dict[str, str]
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restarts: int = 0
    # Set when the worker has answered its health check since it was last started.
    announced: bool = False
    restart_at: float | None = None
    backoff: float = field(default=1.0)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.app),
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(self.port),
            "--server.headless",
            "true",
        ]

    def start(self) -> None:
        # From the project root, so .streamlit/config.toml (theme, no file watcher) applies.
        self.proc = spawn(self.command(), cwd=PROJECT_ROOT, env=self.env, log_path=self.log_path)
        self.started_at = time.monotonic()
        self.announced = False
        self.restart_at = None

    def exit_code(self) -> int | None:
        return self.proc.poll() if self.proc else None

    def healthy(self, *, timeout: float = 2.0) -> bool:
        return answers_health(self.url, timeout=timeout)

    def schedule_restart(self) -> float:
        """Mark the worker for restart; returns the delay chosen (0 unless it keeps dying at start)."""
        now = time.monotonic()
        if now - self.started_at < QUICK_EXIT_SECONDS:
            delay = self.backoff
            self.backoff = min(self.backoff * 2, MAX_BACKOFF_SECONDS)
        else:
            delay, self.backoff = 0.0, 1.0
        self.restart_at = now + delay
        return delay

    def as_record(self) -> dict[str, object]:
        return {"name": self.name, "port": self.port, "pid": self.pid, "restarts": self.restarts}


def worker_env(*, store: Path, cookie_secret: str, public_url: str) -> dict[str, str]:
    """Environment shared by every worker of a run."""
    env = dict(os.environ)
    # Every worker writes the same address into download links (and so shares built views with the
    # warm-up, which reaches it on loopback); an address given by whoever runs serve wins.
    env.setdefault("VAWG_PUBLIC_URL", public_url)
    pythonpath = env.get("PYTHONPATH", "")
    env.update(
        {
            "VAWG_STORE": str(store),
            # One secret for every worker, so a signed cookie (XSRF) set by one is accepted by all.
            # Given in the environment rather than as a flag, so it does not show in `ps`.
            "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret,
            "PYTHONPATH": str(PROJECT_ROOT) + (os.pathsep + pythonpath if pythonpath else ""),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env
