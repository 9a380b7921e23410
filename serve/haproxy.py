"""HAProxy for one serve run: its config written from haproxy.cfg.template, checked, and run in the foreground."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from string import Template

from dashboard.paths import PROJECT_ROOT
from serve.processes import spawn

TEMPLATE = Path(__file__).with_name("haproxy.cfg.template")
#: The sticky-session cookie; its value is the worker's name (w1, w2, ...).
COOKIE_NAME = "vawg_worker"
#: Debian installs haproxy in /usr/sbin, which is not on every user's PATH.
DEBIAN_HAPROXY = "/usr/sbin/haproxy"


class HAProxyError(Exception):
    """HAProxy is missing or rejects the config it was given."""


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or (DEBIAN_HAPROXY if Path(DEBIAN_HAPROXY).is_file() else None)
    if not found:
        raise HAProxyError("haproxy is not installed: `make haproxy` (or apt-get install haproxy) installs it")
    return found


def render_config(
    *, bind: str, port: int, workers: Sequence[tuple[str, int]], stats_port: int, socket_path: Path
) -> str:
    """The config for these (name, loopback port) workers; the cookie value is the worker's name."""
    servers = "\n".join(f"    server {name} 127.0.0.1:{worker_port} cookie {name}" for name, worker_port in workers)
    # An IPv6 address needs brackets before :port; the wildcard is written as HAProxy's "all addresses".
    bind_address = f"[{bind}]" if ":" in bind else ("*" if bind in ("", "*") else bind)
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        bind_address=bind_address,
        port=port,
        servers=servers,
        stats_port=stats_port,
        socket=socket_path,
        cookie_name=COOKIE_NAME,
    )


def write_config(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check_config(config_path: Path) -> None:
    """`haproxy -c`: fail with HAProxy's own words before anything listens."""
    done = subprocess.run(
        [haproxy_binary(), "-c", "-q", "-f", str(config_path)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise HAProxyError(f"haproxy rejects {config_path}:\n{(done.stdout + done.stderr).strip()}")


def start(config_path: Path, log_path: Path) -> subprocess.Popen[bytes]:
    """Master-worker mode (-W) in the foreground (-db): the pid is the master, which a SIGTERM stops cleanly."""
    return spawn(
        [haproxy_binary(), "-W", "-db", "-f", str(config_path)],
        cwd=PROJECT_ROOT,
        # Nothing from serve's environment (the workers' cookie secret included) is HAProxy's business.
        env={"PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")},
        log_path=log_path,
    )
