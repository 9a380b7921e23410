"""The one module that touches DuckDB: named queries from queries/*.sql, run read-only with bound parameters.

Pages and the CLI call `run("offences_by_month", borough="Camden")`; values are always bound by
DuckDB as `$name` parameters, never pasted into SQL. The store is opened read-only once per
process (and again only when ingest has swapped in a new file); each query gets its own cursor;
results are cached by query, parameters and store version. A kept release (`?release=ID`) is read
the same way inside `reading(path)`.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.paths import QUERIES_DIR, store_path

PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")


class QueryError(Exception):
    """A query that cannot run: unknown name, wrong parameters, or no store yet."""


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    parameters: tuple[str, ...]
    purpose: str
    grain: str


def header_field(sql: str, field: str) -> str:
    match = re.search(rf"^--\s*{field}:\s*(.+)$", sql, re.MULTILINE | re.IGNORECASE)
    return match.group(1).strip() if match else ""


@cache
def load_query(name: str) -> Query:
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise QueryError(f"no query named {name!r}")
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise QueryError(f"no query named {name!r} (see `python -m dashboard queries`)")
    sql = path.read_text(encoding="utf-8")
    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    parameters = tuple(dict.fromkeys(PARAMETER.findall(body)))
    return Query(name, sql, parameters, header_field(sql, "purpose"), header_field(sql, "grain"))


def available_queries() -> list[Query]:
    return [load_query(p.stem) for p in sorted(QUERIES_DIR.glob("*.sql"))]


#: The store this script run or command reads, when it is not the configured one (a release pinned
#: by `?release=ID`). A context variable, so each Streamlit script run (its own thread) reads its own.
_reading: ContextVar[Path | None] = ContextVar("vawg_reading_store", default=None)


@contextlib.contextmanager
def reading(store: Path | None) -> Iterator[None]:
    """Within the block, `run` and `store_version` read `store` (None: the configured store).

    Built views are keyed by `store_version()`, so views of different releases never mix.
    """
    token = _reading.set(store)
    try:
        yield
    finally:
        _reading.reset(token)


def current_store() -> Path:
    """The store this run reads: a pinned release's file inside `reading`, else the configured store."""
    return _reading.get() or store_path()


def store_version(path: Path | None = None) -> tuple:
    """Identity of the store file: changes whenever ingest swaps in a new one."""
    path = path or current_store()
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise QueryError(f"there is no store at {path}: run `python -m dashboard ingest --source DIR`") from None
    return (str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)


_connections: dict[tuple, duckdb.DuckDBPyConnection] = {}
_lock = threading.Lock()


def connection(version: tuple) -> duckdb.DuckDBPyConnection:
    """One read-only connection per store file; a file swapped in by ingest closes the old one of that path.

    The store and the releases read by pinned links are different paths, so they stay open side by side.
    """
    with _lock:
        if version not in _connections:
            for old in [v for v in _connections if v[0] == version[0]]:
                _connections.pop(old).close()
            _connections[version] = duckdb.connect(version[0], read_only=True)
        return _connections[version]


@lru_cache(maxsize=512)
def _cached(name: str, params: tuple, version: tuple) -> pd.DataFrame:
    query = load_query(name)
    cursor = connection(version).cursor()
    try:
        return cursor.execute(query.sql, dict(params)).df()
    except duckdb.Error as error:
        raise QueryError(f"{name}: {error}") from None
    finally:
        cursor.close()


def release_record() -> dict | None:
    """The release the store being read is (its store_release row); None for a store built before releases were kept.

    Such a store has no store_release table at all, so this is the one place that tells "no release" from a
    failed query: the home page, /about, ?release= links, the releases command and ingest all ask here.
    """
    try:
        frame = run("store_release")
    except QueryError:
        return None
    return None if frame.empty else frame.iloc[0].to_dict()


def run(name: str, **params: object) -> pd.DataFrame:
    """Run a named query with bound parameters; returns a fresh copy the caller may change."""
    query = load_query(name)
    missing = [p for p in query.parameters if p not in params]
    extra = [p for p in params if p not in query.parameters]
    if missing or extra:
        raise QueryError(
            f"{name} takes parameters {', '.join(query.parameters) or 'none'}"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(extra)}" if extra else "")
        )
    ordered = tuple(sorted((k, v) for k, v in params.items()))
    return _cached(name, ordered, store_version()).copy()
