"""Keep every built store as a release beside the store (`<store dir>/releases/<id>.duckdb`), and prune old ones.

A release is the store exactly as one ingest built it, so a link pinned to it (`?release=ID`) shows
the same figures next year. The built file is hard-linked into the releases folder before it is
swapped in, so the current store and its release are one file on disk (a real store is 100+ MB);
only where the filesystem has no hard links is it copied. A release file is never written again:
the app opens it read-only, like the store.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard import data
from dashboard.paths import RELEASE_ID, RELEASES_KEPT, release_ids, releases_dir

DEFAULT_KEEP = RELEASES_KEPT
#: The store's own table naming the release it is (schema.TABLES["store_release"]).
TABLE = "store_release"


@dataclass(frozen=True)
class Release:
    """The release an ingest is about to make, and what it replaces."""

    release_id: str
    built_at: dt.datetime  # UTC, without a zone (DuckDB TIMESTAMP)
    previous_release_id: str | None
    # When the files behind the store last changed: a rebuild from the same files keeps the old time.
    data_changed_at: dt.datetime
    # The store being replaced predates releases: it is kept as the release `previous_release_id`.
    adopts_previous: bool = False

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "release_id": self.release_id,
                    "built_at": self.built_at,
                    "previous_release_id": self.previous_release_id,
                    "data_changed_at": self.data_changed_at,
                }
            ]
        )


def release_id_at(moment: dt.datetime, taken: set[str]) -> str:
    """The id for a build at `moment` (UTC): its time to the second, with -2, -3 ... if that id is taken."""
    base = moment.strftime("%Y-%m-%dT%H%M%SZ")
    candidate, counter = base, 1
    while candidate in taken:
        counter += 1
        candidate = f"{base}-{counter}"
    return candidate


def _current(store: Path) -> tuple[dict | None, set[str]] | None:
    """The store being replaced: its store_release row (None if it predates releases) and its files' checksums.

    None when there is no store or it cannot be read (a broken store is replaced, not kept).
    """
    if not store.is_file():
        return None
    with data.reading(store):
        try:
            checksums = set(data.run("datasets")["sha256"])
        except data.QueryError:
            return None
        return data.release_record(), checksums


def plan(store: Path, checksums: set[str], now: dt.datetime | None = None) -> Release:
    """The release a build of files with these checksums makes, replacing the store at `store` (read, not changed)."""
    built_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    taken = set(release_ids(store))
    current = _current(store)
    if current is None:
        return Release(release_id_at(built_at, taken), built_at, None, built_at)
    row, old_checksums = current
    adopts = row is None or not RELEASE_ID.fullmatch(str(row["release_id"]))
    if adopts:
        # Kept under the time it was built (its file's modification time), so it sorts before this one.
        modified = dt.datetime.fromtimestamp(store.stat().st_mtime, dt.UTC).replace(tzinfo=None)
        previous_id = release_id_at(min(modified, built_at - dt.timedelta(seconds=1)), taken)
        taken.add(previous_id)
        previous_changed = None
    else:
        previous_id, previous_changed = str(row["release_id"]), row["data_changed_at"]
    unchanged = old_checksums == checksums and previous_changed is not None
    return Release(
        release_id_at(built_at, taken),
        built_at,
        previous_id,
        pd.Timestamp(previous_changed).to_pydatetime() if unchanged else built_at,
        adopts_previous=adopts,
    )


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        # No hard links here (some network and FUSE filesystems): copy, then rename, so a release
        # file is never seen half-written.
        partial = target.with_name(f".{target.name}.partial")
        shutil.copyfile(source, partial)
        os.replace(partial, target)


def keep(built: Path, store: Path, release: Release) -> list[Path]:
    """Put the built store (and the store it replaces, if that predates releases) in the releases folder.

    Called before the swap; returns the files made, so a failed swap can take them back (`forget`).
    """
    folder = releases_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = [(built, folder / f"{release.release_id}.duckdb")]
    if release.adopts_previous and release.previous_release_id and store.is_file():
        wanted.insert(0, (store, folder / f"{release.previous_release_id}.duckdb"))
    made: list[Path] = []
    try:
        for source, target in wanted:
            _link_or_copy(source, target)
            made.append(target)
    except OSError:
        forget(made)
        raise
    return made


def forget(files: list[Path]) -> None:
    for path in files:
        path.unlink(missing_ok=True)


def prune(store: Path, keep_count: int = DEFAULT_KEEP) -> list[str]:
    """Delete all but the newest `keep_count` releases (at least one: the current store's). Returns the ids deleted."""
    if keep_count < 1:
        raise ValueError("at least one release (the current one) is kept")
    dropped = release_ids(store)[keep_count:]
    for release_id in dropped:
        (releases_dir(store) / f"{release_id}.duckdb").unlink(missing_ok=True)
    return dropped
