"""Start and stop the servers a load scenario runs against: `python -m serve` (workers behind HAProxy).

`python -m serve` prints a line starting ``serving http://`` once HAProxy and every worker answer
their health checks, and writes RUN_DIR/workers.json (``{"port", "haproxy_pid", "workers":
[{"name", "port", "pid"}]}``); SIGTERM to its process group stops everything. Where the serve
package is absent (an older checkout), one plain `streamlit run` stands in for a one-worker serve,
described the same way, so the protocol client and the per-view scenario still run.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVE_PACKAGE = ROOT / "serve" / "__main__.py"
DASHBOARD_APP = "dashboard/app.py"
READY_PREFIX = "serving http://"
START_TIMEOUT = 600.0  # serve warms every worker before it says it is serving: minutes on a busy machine


class ServerError(Exception):
    """A server that did not start, with the tail of its log."""


@dataclass
class Worker:
    name: str
    port: int
    pid: int


@dataclass
class Running:
    """A serve run: where the balancer listens, and the workers behind it."""

    url: str
    run_dir: Path
    log: Path
    process: subprocess.Popen[bytes]
    via_serve: bool

    def workers(self) -> list[Worker]:
        """The workers now (serve rewrites workers.json when it restarts one)."""
        state = self.run_dir / "workers.json"
        if not state.is_file():
            if self.via_serve:
                return []
            port = int(self.url.rsplit(":", 1)[1])
            return [Worker("w1", port, self.process.pid)]
        with contextlib.suppress(json.JSONDecodeError, OSError):
            data = json.loads(state.read_text(encoding="utf-8"))
            return [Worker(str(w["name"]), int(w["port"]), int(w["pid"])) for w in data.get("workers", [])]
        return []


def serve_available() -> bool:
    return SERVE_PACKAGE.is_file()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, lines: int = 30) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return "(no log)"


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _command(app: str, workers: int, port: int, store: Path, run_dir: Path) -> tuple[list[str], bool]:
    if serve_available():
        return [
            sys.executable,
            "-m",
            "serve",
            "--workers",
            str(workers),
            "--port",
            str(port),
            "--store",
            str(store),
            "--app",
            app,
            "--run-dir",
            str(run_dir),
        ], True
    if workers != 1:
        raise ServerError(f"{workers} workers need `python -m serve` (serve/ is not in this checkout)")
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        app,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ], False


def _ready(running: Running) -> bool:
    if running.via_serve:
        with contextlib.suppress(OSError):
            return any(line.startswith(READY_PREFIX) for line in running.log.read_text(errors="replace").splitlines())
        return False
    return _healthy(running.url)


def stop(running: Running) -> None:
    """SIGTERM to the server's process group; SIGKILL if it has not gone in 30 s."""
    process = running.process
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
    else:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # anything the leader left behind


@contextlib.contextmanager
def serving(
    app: str, *, workers: int, store: Path, run_dir: Path, start_timeout: float = START_TIMEOUT
) -> Iterator[Running]:
    """Run ``app`` with ``workers`` workers on a free loopback port until the block ends."""
    port = free_port()
    run_dir.mkdir(parents=True, exist_ok=True)
    command, via_serve = _command(app, workers, port, store, run_dir)
    log = run_dir / "serve.log"
    env = dict(os.environ, VAWG_STORE=str(store), PYTHONUNBUFFERED="1")
    with open(log, "wb") as handle:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Running(f"http://127.0.0.1:{port}", run_dir, log, process, via_serve)
    try:
        deadline = time.monotonic() + start_timeout
        while not _ready(running):
            if process.poll() is not None:
                raise ServerError(f"{' '.join(command)} exited with {process.returncode}:\n{_tail(log)}")
            if time.monotonic() > deadline:
                raise ServerError(f"{' '.join(command)} not ready within {start_timeout:.0f} s:\n{_tail(log)}")
            time.sleep(0.5)
        yield running
    finally:
        stop(running)
