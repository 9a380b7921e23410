"""What one serve run is asked to do: workers, ports, store, app and run directory, from flags and env."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

from dashboard.paths import BUILD_DIR, PROJECT_ROOT, store_path

DASHBOARD_APP = PROJECT_ROOT / "dashboard" / "app.py"
DEFAULT_PORT = 8501
# Loopback by default: a server is exposed to a network only when someone says so (BIND=0.0.0.0
# in a container or on a host behind a firewall).
DEFAULT_BIND = "127.0.0.1"
WILDCARD_BINDS = frozenset({"0.0.0.0", "::", "*", ""})
#: What a worker opens before it takes visitors (serve/warm.py): every view, each page's own view, nothing.
WARM_SCOPES = ("all", "pages", "none")
_WARM_OFF = frozenset({"0", "no", "false", "none"})


@dataclass(frozen=True)
class ServeSettings:
    workers: int
    port: int
    bind: str
    store: Path
    app: Path
    run_dir: Path
    start_timeout: float
    warm: str = "all"  # one of WARM_SCOPES

    @property
    def serves_dashboard(self) -> bool:
        """The dashboard needs its store; any other app (the load benchmark's reference page) does not."""
        return self.app == DASHBOARD_APP

    @property
    def local_host(self) -> str:
        """The address this machine reaches the balancer on (loopback when it listens everywhere)."""
        return "127.0.0.1" if self.bind in WILDCARD_BINDS else self.bind

    @property
    def public_url(self) -> str:
        host = "localhost" if self.bind in WILDCARD_BINDS else self.bind
        return f"http://{host}:{self.port}"


def cores_available() -> int:
    """Cores this process may run on (a cpuset-limited container sees its own share)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _int_from_env(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"serve: {name}={value!r} is not a whole number") from None


def _resolve_app(script: str) -> Path:
    """A script path as given from here, else relative to the project root (where workers run)."""
    given = Path(script).expanduser()
    for candidate in (given, PROJECT_ROOT / given):
        if candidate.is_file():
            return candidate.resolve()
    raise SystemExit(f"serve: there is no app script at {script}")


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(
        prog="python -m serve",
        description="Run N Streamlit workers behind HAProxy (sticky sessions, websockets, health checks), "
        "restarting any worker that dies.",
    )
    parse.add_argument(
        "--workers", type=int, help="Streamlit worker processes (default $WORKERS, else one per available core)"
    )
    parse.add_argument("--port", type=int, help=f"port HAProxy listens on (default $PORT, else {DEFAULT_PORT})")
    parse.add_argument(
        "--bind",
        help=f"address HAProxy listens on (default $BIND, else {DEFAULT_BIND}; 0.0.0.0 for a real deployment)",
    )
    parse.add_argument("--store", help="the DuckDB store (default $VAWG_STORE, else data/build/vawg.duckdb)")
    parse.add_argument("--app", default=str(DASHBOARD_APP.relative_to(PROJECT_ROOT)), help="Streamlit script to serve")
    parse.add_argument("--run-dir", help="logs, haproxy.cfg and workers.json (default data/build/serve-PORT)")
    parse.add_argument(
        "--start-timeout",
        type=float,
        default=180.0,
        help="seconds each worker and the balancer may take to answer health checks at start (default 180)",
    )
    parse.add_argument(
        "--warm",
        choices=WARM_SCOPES,
        help="what each worker builds before HAProxy sends it anyone: every view (all: every page and every "
        "borough's pages, the default; $WARM too), each page's own view and one borough's (pages: a quick "
        "start for a trial run), or nothing (none)",
    )
    parse.add_argument("--no-warm", action="store_true", help="the same as --warm none ($WARM=0 too)")
    return parse


def settings_from(argv: list[str] | None = None) -> ServeSettings:
    args = parser().parse_args(argv)
    workers = args.workers if args.workers is not None else _int_from_env("WORKERS", cores_available())
    port = args.port if args.port is not None else _int_from_env("PORT", DEFAULT_PORT)
    if workers < 1:
        raise SystemExit("serve: --workers must be at least 1")
    if not 0 < port < 65536:
        raise SystemExit(f"serve: --port {port} is not a TCP port")
    bind = args.bind if args.bind is not None else (os.environ.get("BIND") or DEFAULT_BIND)
    store = Path(args.store).expanduser() if args.store else store_path()
    run_dir = Path(args.run_dir).expanduser() if args.run_dir else BUILD_DIR / f"serve-{port}"
    return ServeSettings(
        workers=workers,
        port=port,
        bind=bind,
        # Absolute, because workers run from the project root whatever directory serve was started in.
        store=store.resolve(),
        app=_resolve_app(args.app),
        run_dir=run_dir.resolve(),
        start_timeout=args.start_timeout,
        warm=_warm_scope(args),
    )


def _warm_scope(args: argparse.Namespace) -> str:
    if args.no_warm:
        return "none"
    if args.warm:
        return args.warm
    value = os.environ.get("WARM", "").strip().lower()
    if not value or value in ("1", "yes", "true"):
        return "all"
    if value in _WARM_OFF:
        return "none"
    if value in WARM_SCOPES:
        return value
    raise SystemExit(f"serve: WARM={value!r} is not one of {', '.join(WARM_SCOPES)}")
