"""What changed between two releases: months added and dropped, London totals the publisher revised, files.

Pure: frames read from the two releases in (`london_monthly_totals` and `datasets`), a
`ReleaseChanges` out, and the same changes in words for the command line and /about. Counts are
shown through the disclosure layer's `display_count`, so a small homicide total is never printed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.disclosure import display_count
from dashboard.theme import format_month

MONTH_KEYS = ["dataset", "title", "month"]
TOTAL_KEYS = ["dataset", "title", "measure", "month"]
FILE_COLUMNS = ["dataset", "title", "file_name", "sha256"]


@dataclass(frozen=True)
class ReleaseChanges:
    """Each frame is sorted by dataset title, then month or file name."""

    months_added: pd.DataFrame  # dataset, title, month
    months_dropped: pd.DataFrame  # dataset, title, month
    revised: pd.DataFrame  # dataset, title, measure, month, old_total, new_total
    files_added: pd.DataFrame  # dataset, title, file_name, sha256
    files_dropped: pd.DataFrame  # dataset, title, file_name, sha256
    files_replaced: pd.DataFrame  # dataset, title, file_name, old_sha256, new_sha256: same name, new contents

    @property
    def is_empty(self) -> bool:
        return all(
            frame.empty
            for frame in (
                self.months_added,
                self.months_dropped,
                self.revised,
                self.files_added,
                self.files_dropped,
                self.files_replaced,
            )
        )


def _months(totals: pd.DataFrame) -> pd.DataFrame:
    months = totals[MONTH_KEYS].copy()
    months["month"] = pd.to_datetime(months["month"])
    return months.drop_duplicates(["dataset", "month"])


def _only_in(left: pd.DataFrame, right: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    merged = left.merge(right[keys].drop_duplicates(), on=keys, how="left", indicator=True)
    return merged[merged["_merge"] == "left_only"].drop(columns="_merge")


def compare(
    old_totals: pd.DataFrame, new_totals: pd.DataFrame, old_files: pd.DataFrame, new_files: pd.DataFrame
) -> ReleaseChanges:
    """What the newer release (`new_*`) changed from the older one (`old_*`).

    Totals are `london_monthly_totals` rows (dataset, title, measure, month, total); files are
    `datasets` rows (dataset, title, file_name, sha256). A month is added when its dataset has it
    only in the newer release; a total is revised when both releases have that dataset, measure and
    month with different totals. Files are told apart by their checksum; a file whose name is in
    both releases with different contents is a replaced file rather than one added and one dropped.
    """
    old_months, new_months = _months(old_totals), _months(new_totals)
    added = _only_in(new_months, old_months, ["dataset", "month"])
    dropped = _only_in(old_months, new_months, ["dataset", "month"])

    old_t = old_totals[TOTAL_KEYS + ["total"]].assign(month=lambda f: pd.to_datetime(f["month"]))
    new_t = new_totals[TOTAL_KEYS + ["total"]].assign(month=lambda f: pd.to_datetime(f["month"]))
    both = new_t.merge(
        old_t.drop(columns="title"), on=["dataset", "measure", "month"], suffixes=("_new", "_old"), how="inner"
    )
    revised = both[both["total_new"] != both["total_old"]].rename(
        columns={"total_old": "old_total", "total_new": "new_total"}
    )[TOTAL_KEYS + ["old_total", "new_total"]]

    old_f, new_f = old_files[FILE_COLUMNS], new_files[FILE_COLUMNS]
    files_added = _only_in(new_f, old_f, ["sha256"])
    files_dropped = _only_in(old_f, new_f, ["sha256"])
    replaced = files_added.merge(
        files_dropped[["dataset", "file_name", "sha256"]], on=["dataset", "file_name"], suffixes=("_new", "_old")
    )
    replaced = replaced.rename(columns={"sha256_new": "new_sha256", "sha256_old": "old_sha256"})[
        ["dataset", "title", "file_name", "old_sha256", "new_sha256"]
    ]
    files_added = _only_in(files_added, replaced.rename(columns={"new_sha256": "sha256"}), ["sha256"])
    files_dropped = _only_in(files_dropped, replaced.rename(columns={"old_sha256": "sha256"}), ["sha256"])

    def ordered(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        return frame.sort_values(by, kind="stable").reset_index(drop=True)

    return ReleaseChanges(
        months_added=ordered(added[MONTH_KEYS], ["title", "month"]),
        months_dropped=ordered(dropped[MONTH_KEYS], ["title", "month"]),
        revised=ordered(revised, ["title", "measure", "month"]),
        files_added=ordered(files_added[FILE_COLUMNS], ["title", "file_name"]),
        files_dropped=ordered(files_dropped[FILE_COLUMNS], ["title", "file_name"]),
        files_replaced=ordered(replaced, ["title", "file_name"]),
    )


def _month_list(months: pd.Series) -> str:
    """Months in words, runs of consecutive months joined: 'January 2026 to March 2026, May 2026'."""
    ordered = sorted(pd.Timestamp(m) for m in months)
    runs: list[list[pd.Timestamp]] = []
    for month in ordered:
        if runs and (month.year * 12 + month.month) - (runs[-1][-1].year * 12 + runs[-1][-1].month) == 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    words = [format_month(r[0]) if len(r) == 1 else f"{format_month(r[0])} to {format_month(r[-1])}" for r in runs]
    count = len(ordered)
    return ", ".join(words) + f" ({count} month{'s' if count != 1 else ''})"


@dataclass(frozen=True)
class Section:
    """One part of the changes in words: a heading and its lines (empty: nothing changed there)."""

    heading: str
    lines: tuple[str, ...]


def describe(changes: ReleaseChanges, revised_limit: int | None = None) -> list[Section]:
    """The changes in words, one section per kind of change, in the order a reader checks them.

    `revised_limit` caps the revised totals listed (the rest are counted in one line): /about keeps
    to a readable length; the command line lists every one.
    """
    sections = []
    added = tuple(f"{title}: {_month_list(g['month'])}" for title, g in changes.months_added.groupby("title"))
    sections.append(Section("Months added", added))
    if not changes.months_dropped.empty:
        dropped = tuple(f"{title}: {_month_list(g['month'])}" for title, g in changes.months_dropped.groupby("title"))
        sections.append(Section("Months no longer in the data", dropped))
    revised_rows = list(changes.revised.itertuples(index=False))
    shown = revised_rows if revised_limit is None else revised_rows[:revised_limit]
    revised = [
        f"{row.title}, {row.measure}, {format_month(row.month)}: "
        f"{display_count(row.old_total)} then, {display_count(row.new_total)} now"
        for row in shown
    ]
    if len(shown) < len(revised_rows):
        revised.append(f"and {len(revised_rows) - len(shown):,} more revised months")
    sections.append(Section("London totals the publisher revised", tuple(revised)))
    files = [f"added: {row.file_name} ({row.title})" for row in changes.files_added.itertuples(index=False)]
    files += [f"dropped: {row.file_name} ({row.title})" for row in changes.files_dropped.itertuples(index=False)]
    files += [f"new contents: {row.file_name} ({row.title})" for row in changes.files_replaced.itertuples(index=False)]
    sections.append(Section("Files", tuple(files)))
    return sections
