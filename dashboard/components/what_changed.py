"""What changed in the release shown, against the release before it: for /about and the home page.

Both pages call these inside their cached builds, so the two releases are read and compared once per
store version (and per pinned release), never on a page view.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import data
from dashboard.figures.release_changes import ReleaseChanges, compare, describe
from dashboard.paths import release_file
from dashboard.words import links

#: Revised London totals listed on /about; `python -m dashboard changes` lists every one.
REVISED_SHOWN = 30
ANCHOR = "what-changed"


@dataclass(frozen=True)
class WhatChanged:
    release_id: str
    built_at: pd.Timestamp
    data_changed_at: pd.Timestamp
    previous_id: str | None
    changes: ReleaseChanges | None  # None: no earlier release kept to compare with


def what_changed() -> WhatChanged | None:
    record = data.release_record()
    if record is None:
        return None
    previous = record["previous_release_id"]
    previous = None if pd.isna(previous) else str(previous)
    path = release_file(previous) if previous else None
    changes = None
    if path is not None:
        new_totals, new_files = data.run("london_monthly_totals"), data.run("datasets")
        with data.reading(path):
            old_totals, old_files = data.run("london_monthly_totals"), data.run("datasets")
        changes = compare(old_totals, new_totals, old_files, new_files)
    return WhatChanged(
        str(record["release_id"]),
        pd.Timestamp(record["built_at"]),
        pd.Timestamp(record["data_changed_at"]),
        previous,
        changes,
    )


def _when(stamp: pd.Timestamp) -> str:
    return f"{stamp.day} {stamp:%B %Y} at {stamp:%H:%M} UTC"


def last_changed_sentence() -> str:
    """For the home page: when the data last changed, with a link to what changed ('' before releases)."""
    record = data.release_record()
    if record is None:
        return ""
    changed = pd.Timestamp(record["data_changed_at"])
    about = links.view_path("/about", {}, {}) + f"#{ANCHOR}"
    return f"The data last changed on {changed.day} {changed:%B %Y} ([what changed]({about}))."


def about_markdown(found: WhatChanged | None, escape) -> str:
    """The /about section's text, in one markdown block; `escape` shows published names literally."""
    if found is None:
        return (
            "This copy of the data was built before the dashboard kept releases, so there is no earlier "
            "release to compare it with."
        )
    lines = [f"This is release {found.release_id}, built on {_when(found.built_at)}."]
    if found.changes is None:
        lines.append(
            "There is no earlier release to compare it with."
            if found.previous_id is None
            else f"The release before it, {found.previous_id}, is no longer kept, so it cannot be compared."
        )
        return " ".join(lines)
    lines.append(f"Compared with the release before it, {found.previous_id}:")
    text = " ".join(lines)
    if found.changes.is_empty:
        return text + " nothing changed: the same months, the same London totals and the same files."
    for section in describe(found.changes, revised_limit=REVISED_SHOWN):
        items = "\n".join(f"- {escape(line)}" for line in section.lines) if section.lines else "- None"
        text += f"\n\n**{section.heading}**\n\n{items}"
    return text + (
        "\n\nA revised total is the publisher's figure for London for that month, summed over the file, "
        "in the release before and in this one. `python -m dashboard changes` lists every change."
    )
