"""What every reader returns, and the small checks all readers share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from dashboard.ingest.tablefile import TableFile


@dataclass
class ReadResult:
    """Tidy frames for store tables, plus what the `datasets` row needs to say about the file."""

    dataset: str  # catalog key, e.g. "mps_borough_crime"
    frames: dict[str, pd.DataFrame]
    rows: int
    months: list[dt.date] = field(default_factory=list)  # the months the file covers
    # Tables where overlapping files are resolved month by month (newest file wins).
    month_precedence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reader:
    """One published format: how to recognise it from its header, and how to read it."""

    name: str
    recognise: Callable[[TableFile], bool]
    read: Callable[[TableFile], ReadResult]


def require_columns(table: TableFile, needed: list[str]) -> None:
    """Raise naming the first missing column, so the message says what was expected."""
    for name in needed:
        if name not in table.columns:
            raise table.error(f"a column {name!r}", line=table.header_line, found=", ".join(table.header[:8]))


def check_width(table: TableFile, line: int, values: list) -> None:
    """A truncated or over-long row names the first missing (or the extra) column."""
    width = len(table.header)
    if len(values) < width:
        raise table.error(
            f"{width} fields",
            line=line,
            column=table.header[len(values)],
            found=f"{len(values)} fields (row ends early)",
        )
    if len(values) > width:
        raise table.error(f"{width} fields", line=line, found=f"{len(values)} fields")


def data_rows(table: TableFile):
    """Each data row with its line number, after checking the file has one and each row is the header's width."""
    if not table.rows:
        raise table.error(
            "at least one data row after the header", line=(table.header_line or 0) + 1, found="a header-only file"
        )
    for line, values in table.rows:
        check_width(table, line, values)
        yield line, values


def text_value(value: object) -> str:
    return "" if value is None else str(value).strip()
