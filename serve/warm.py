"""Warm a worker before it takes visitors: open every distinct view once, so its built views are cached.

A page view is cheap only once its view is built (dashboard.components.view_cache); building one
costs 0.3-2 s. On release day the crowd arrives within minutes of the link going out, so a worker
that starts cold makes its first visitors wait for every build. serve therefore opens each
distinct view (every page, and every borough's trends and borough pages) on each worker, through
the worker's own loopback port, before HAProxy sends it anyone; and a worker restarted after a
crash is held in maintenance until it is warm again.

`python -m serve.warm [URL]` does the same for one worker from outside serve: a Kubernetes pod's
startup probe runs it against the pod's own port, so the pod is ready (and the Service sends it
visitors) only once its views are built. It exits 0 when every view was built, 1 otherwise.
"""

from __future__ import annotations

import argparse
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load.protocol import ProtocolError, StreamlitClient
from benchmarks.load.views import borough_names, distinct_views
from dashboard.paths import store_path
from serve.settings import WARM_SCOPES

VIEW_TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True)
class Warmed:
    views: int
    built: int
    errors: tuple[str, ...]
    seconds: float

    def words(self) -> str:
        errors = f"; {len(self.errors)} failed (first: {self.errors[0]})" if self.errors else ""
        return f"{self.built} of {self.views} views built in {self.seconds:.0f}s{errors}"


def views_to_warm(store: Path, *, every_borough: bool = True) -> list[str]:
    """Every page once, and the borough pages for every borough the store's VAWG data covers (or the first only)."""
    boroughs, _source = borough_names(store)
    return distinct_views(boroughs if every_borough else boroughs[:1])


def warm(worker_url: str, views: list[str]) -> Warmed:
    """View each path once on this worker, as one visitor; failures are reported, not raised."""
    started = time.monotonic()
    errors: list[str] = []
    built = 0
    client = StreamlitClient(worker_url, timeout=VIEW_TIMEOUT_SECONDS)
    try:
        client.open(views[0] if views else "/")
        for path in views:
            try:
                result = client.view(path)
            except ProtocolError as error:
                errors.append(f"{path}: {error}")
                client.close()
                client = StreamlitClient(worker_url, timeout=VIEW_TIMEOUT_SECONDS)
                client.open(path)
                continue
            if result.error:
                errors.append(f"{path}: {result.error}")
            else:
                built += 1
    except (ProtocolError, OSError) as error:
        errors.append(f"{worker_url}: {error}")
    finally:
        client.close()
    return Warmed(views=len(views), built=built, errors=tuple(errors), seconds=time.monotonic() - started)


def set_server_state(socket_path: Path, worker_name: str, state: str) -> str:
    """HAProxy runtime API: `set server streamlit/NAME state ready|maint|drain`; returns HAProxy's answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(5)
        conn.connect(str(socket_path))
        conn.sendall(f"set server streamlit/{worker_name} state {state}\n".encode())
        answer = b""
        while chunk := conn.recv(4096):
            answer += chunk
    return answer.decode(errors="replace").strip()


def main(argv: list[str] | None = None) -> int:
    parse = argparse.ArgumentParser(
        prog="python -m serve.warm",
        description="Build every view on one Streamlit worker; exit 0 when all were built (a startup probe).",
    )
    parse.add_argument("url", nargs="?", default="http://127.0.0.1:8501", help="the worker (default %(default)s)")
    parse.add_argument("--store", help="the store the worker reads, for its borough list (default $VAWG_STORE)")
    scopes = [scope for scope in WARM_SCOPES if scope != "none"]  # a probe that builds nothing proves nothing
    parse.add_argument("--scope", choices=scopes, default="all", help="as serve's --warm (default all)")
    args = parse.parse_args(argv)
    store = Path(args.store) if args.store else store_path()
    result = warm(args.url.rstrip("/"), views_to_warm(store, every_borough=args.scope == "all"))
    print(f"{args.url}: {result.words()}", file=sys.stderr if result.errors else sys.stdout, flush=True)
    return 1 if result.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
