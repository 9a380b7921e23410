"""police.uk publishes each force-month again in later archives: keep one copy of each, by one stated rule.

A police.uk archive (data.police.uk/data/archive/YYYY-MM.zip) holds the last three years, one folder
per month, so the same force-month arrives in many archives, each time with the outcomes updated
since. Reading two copies would count every crime in that month twice (and the hot spots with it).

The rule, applied to each force-month found in more than one police.uk file:

1. when every copy's folder names say which archive it came from (a `YYYY-MM` or `YYYY-MM-DD` in a
   folder name other than the month's own folder, e.g. `archive-2024-06/2024-01/` or a refresh's
   `downloads/2026-11-30/`), the copy from the latest archive is kept;
2. otherwise (or where the latest archives tie) the copy with more outcomes recorded is kept
   (a later copy has had more time for outcomes to be recorded);
3. then the copy with more records; then the first copy found, by path.

Every other copy of that force-month is set aside, and the ingest summary names it and says why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

RULE = (
    "one copy of each police.uk force-month: the later archive where the folder names say so, "
    "otherwise the copy with more outcomes recorded"
)
DATE_LABEL = re.compile(r"(?<!\d)(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?(?!\d)")


@dataclass(frozen=True)
class Copy:
    """One file's copy of one force-month."""

    order: int  # position among the files read, for the last tie-break
    path: Path
    force: str
    month: dt.date
    records: int
    outcomes: int
    archive: str | None  # 'YYYY-MM' or 'YYYY-MM-DD' from the folder names, or None


@dataclass(frozen=True)
class SetAside:
    """A copy not used, the copy used instead, and why, in words for the ingest summary."""

    copy: Copy
    kept: Copy
    reason: str


def archive_label(path: Path, month: dt.date) -> str | None:
    """The latest date label in the folders holding `path`, ignoring the month's own folder name.

    The month's own folder (`2024-01/` inside an archive) names the data, not the archive it came in.
    """
    own = f"{month:%Y-%m}"
    labels = []
    for folder in path.parent.parts:
        for match in DATE_LABEL.finditer(folder):
            label = match.group(0)
            if label != own:
                labels.append(label)
    return max(labels, default=None)


def copies_in(order: int, path: Path, frame: pd.DataFrame) -> list[Copy]:
    """One Copy per force-month in a street_crime frame (a published file holds one)."""
    if frame.empty:
        return []
    counts = (
        frame.assign(has_outcome=frame["outcome"].notna())
        .groupby(["force", "month"], sort=True)
        .agg(records=("has_outcome", "size"), outcomes=("has_outcome", "sum"))
    )
    copies = []
    for (force, month), row in counts.iterrows():
        day = pd.Timestamp(month).date()
        copies.append(
            Copy(order, path, force, day, int(row["records"]), int(row["outcomes"]), archive_label(path, day))
        )
    return copies


def preference(copy: Copy, by_archive: bool) -> tuple:
    """Sort key, larger is preferred: the rule in the module docstring, in order."""
    return ((copy.archive or "") if by_archive else "", copy.outcomes, copy.records, -copy.order)


def why(kept: Copy, other: Copy, by_archive: bool) -> str:
    where = f"police.uk {kept.month:%Y-%m} {kept.force} is also in {kept.path}"
    if by_archive and kept.archive != other.archive:
        return f"{where}, from a later archive ({kept.archive}, this copy {other.archive})"
    if kept.outcomes != other.outcomes:
        return (
            f"{where}, which records more outcomes "
            f"({kept.outcomes:,} of {kept.records:,} records, this copy {other.outcomes:,} of {other.records:,})"
        )
    if kept.records != other.records:
        return f"{where}, which has more records ({kept.records:,}, this copy {other.records:,})"
    return f"{where}, found first, with the same number of records and outcomes"


def choose(copies: list[Copy]) -> tuple[Copy, list[SetAside]]:
    """The copy of one force-month to keep, and the others set aside with the reason."""
    by_archive = all(c.archive is not None for c in copies)
    ranked = sorted(copies, key=lambda c: preference(c, by_archive), reverse=True)
    kept = ranked[0]
    return kept, [SetAside(other, kept, why(kept, other, by_archive)) for other in ranked[1:]]


def set_aside(files: list[tuple[Path, pd.DataFrame]]) -> list[SetAside]:
    """Every copy not to use among the street_crime frames of `files`, in the order the files were read."""
    by_force_month: dict[tuple[str, dt.date], list[Copy]] = {}
    for order, (path, frame) in enumerate(files):
        for copy in copies_in(order, path, frame):
            by_force_month.setdefault((copy.force, copy.month), []).append(copy)
    dropped = [aside for copies in by_force_month.values() if len(copies) > 1 for aside in choose(copies)[1]]
    return sorted(dropped, key=lambda a: (a.copy.order, a.copy.force, a.copy.month))


def without(frame: pd.DataFrame, dropped: list[SetAside]) -> pd.DataFrame:
    """The frame less the rows of the force-months set aside from it."""
    if not dropped:
        return frame
    gone = {(a.copy.force, pd.Timestamp(a.copy.month)) for a in dropped}
    keys = pd.MultiIndex.from_arrays([frame["force"], pd.to_datetime(frame["month"])])
    return frame[~keys.isin(list(gone))].reset_index(drop=True)
