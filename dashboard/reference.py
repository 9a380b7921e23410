"""The project's own reference tables (the Met's action-plan figures, the release calendar) and what they imply.

They live as CSV files in data/reference/, written by hand from the sources they name, so a figure
or a timetable is changed by editing data, not code. These are not published data: nothing here
goes into the store, and the pages say whose words they are.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache

import pandas as pd

from dashboard.paths import REFERENCE_DIR

ACTION_PLAN_FILE = "action_plan.csv"
RELEASE_CALENDAR_FILE = "release_calendar.csv"
ACTION_PLAN_COLUMNS = (
    "topic",
    "commitment",
    "figure",
    "as_of",
    "note",
    "source_quote",
    "source_file",
    "source_title",
    "source_url",
)
RELEASE_CALENDAR_COLUMNS = ("dataset", "frequency", "months_after_data", "usual_timing", "note")


@cache
def _read(name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"data/reference/{name} lacks the columns {', '.join(missing)}")
    return frame


def action_plan() -> pd.DataFrame:
    """One row per commitment in the Met's action-plan pages, with its figure and the page it is from."""
    return _read(ACTION_PLAN_FILE, ACTION_PLAN_COLUMNS).copy()


def release_calendar() -> pd.DataFrame:
    """One row per dataset with a usual publication pattern."""
    return _read(RELEASE_CALENDAR_FILE, RELEASE_CALENDAR_COLUMNS).copy()


def add_months(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class NextUpdate:
    """When the next release of a dataset is expected, going by its usual pattern (never a promise)."""

    dataset: str
    next_data_month: dt.date  # the month the next release should add
    expected_month: dt.date  # the month it usually appears in
    usual_timing: str  # e.g. "mid-month"
    is_overdue: bool  # the expected month is over and the store does not have it
    note: str

    def sentence(self) -> str:
        when = f"{_timing_words(self.usual_timing)}{self.expected_month:%B} {self.expected_month.year}"
        data_month = f"{self.next_data_month:%B} {self.next_data_month.year}"
        if self.is_overdue:
            return (
                f"The next update, with figures for {data_month}, was expected {when}. "
                "This copy of the dashboard has not loaded it yet."
            )
        return f"Next update expected {when}, with figures for {data_month}."


def _timing_words(usual_timing: str) -> str:
    return {"mid-month": "around the middle of ", "start of month": "early in ", "end of month": "late in "}.get(
        usual_timing.strip().lower(), "in "
    )


def next_update(dataset: str, data_up_to: dt.date | None, today: dt.date | None = None) -> NextUpdate | None:
    """The expected next release of a monthly dataset whose data run to ``data_up_to``; None if unknown."""
    if data_up_to is None or pd.isna(data_up_to):
        return None
    rows = release_calendar()
    rows = rows[(rows["dataset"] == dataset) & (rows["frequency"].str.lower() == "monthly")]
    if rows.empty:
        return None
    row = rows.iloc[0]
    data_up_to = pd.Timestamp(data_up_to).date().replace(day=1)
    next_month = add_months(data_up_to, 1)
    expected = add_months(next_month, int(row["months_after_data"]))
    today = today or dt.date.today()
    last_day = dt.date(expected.year, expected.month, calendar.monthrange(expected.year, expected.month)[1])
    return NextUpdate(dataset, next_month, expected, row["usual_timing"], today > last_day, row["note"])
