"""Readers for MPS Borough and Ward Level Crime: wide files with one column per YYYYMM month.

Every header variant since 2008 is recognised by its identifying columns (see SOURCES.md):
legacy `Borough, Major Category, Minor Category`; `MajorText, MinorText, LookUp_BoroughName`;
`MajorText, MinorText, BoroughName`; `Group, SubGroup, BOCU`; the ward layout with `WardCode`;
and the same with lower-case normalised headers (Parquet mirrors).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from dashboard.ingest.normalise import canonical_borough, parse_count, parse_month_header
from dashboard.ingest.reader import Reader, ReadResult, data_rows, text_value
from dashboard.ingest.tablefile import TableFile

# identifying columns (normalised) -> (area column, group column, subgroup column)
BOROUGH_LAYOUTS = [
    ("borough", "major_category", "minor_category"),
    ("lookup_boroughname", "majortext", "minortext"),
    ("boroughname", "majortext", "minortext"),
    ("bocu", "group", "subgroup"),
]
WARD_ID_COLUMNS = ("wardname", "wardcode", "lookup_boroughname", "majortext", "minortext")


def offence_name(text: str) -> str:
    """Editions differ in case and commas ('Public Fear, Alarm' vs 'PUBLIC FEAR ALARM'); make them meet."""
    return re.sub(r"\s+", " ", text.replace(",", " ")).strip().upper()


# Finer-grained files (ward, LSOA) also carry a borough column; they are not borough files.
FINER_AREA_COLUMNS = {"wardcode", "lsoa_code", "lsoa11cd", "lsoa21cd"}


def borough_layout(table: TableFile) -> tuple[str, str, str] | None:
    if FINER_AREA_COLUMNS & set(table.columns):
        return None
    return next((layout for layout in BOROUGH_LAYOUTS if set(layout) <= set(table.columns)), None)


def month_columns(table: TableFile, id_columns: tuple[str, ...]) -> list[tuple[int, object]]:
    """(position, month) for every non-identifying column; each must be a YYYYMM month."""
    months = []
    for position, (raw, name) in enumerate(zip(table.header, table.columns)):
        if name in id_columns:
            continue
        month = parse_month_header(raw)
        if month is None:
            raise table.error("a month header in the form YYYYMM", line=table.header_line, column=str(raw), found=raw)
        months.append((position, month))
    if not months:
        raise table.error("at least one YYYYMM month column", line=table.header_line)
    return months


def read_counts(
    table: TableFile, key_positions: list[int], month_positions: list[int], key_label: str
) -> tuple[list[tuple], np.ndarray]:
    """Keys per row and the (rows x months) count matrix, checking every value and duplicate key."""
    keys, seen = [], {}
    counts = np.empty((len(table.rows), len(month_positions)), dtype=np.int64)
    for r, (line, values) in enumerate(data_rows(table)):
        key = tuple(text_value(values[p]) for p in key_positions)
        if key in seen:
            raise table.error(
                f"one row per {key_label} (first seen on {table.line_label} {seen[key]})",
                line=line,
                column=table.header[key_positions[0]],
                found=" / ".join(key),
            )
        seen[key] = line
        keys.append(key)
        for m, position in enumerate(month_positions):
            count = parse_count(values[position])
            if count is None:
                raise table.error(
                    "a non-negative whole number of offences",
                    line=line,
                    column=str(table.header[position]),
                    found=values[position],
                )
            counts[r, m] = count
    return keys, counts


def long_frame(key_columns: dict[str, list], counts: np.ndarray, months: list) -> pd.DataFrame:
    """Expand per-row keys (already normalised, so work is per row, not per row-month) to long rows."""
    n_rows, n_months = counts.shape
    frame = pd.DataFrame(
        {name: np.repeat(np.array(values, dtype=object), n_months) for name, values in key_columns.items()}
    )
    frame["month"] = np.tile(np.array(pd.to_datetime(months)), n_rows)
    frame["offences"] = counts.reshape(-1)
    return frame


def key_columns(keys: list[tuple], names: list[str], area_position: int) -> dict[str, list]:
    """Named key columns with offence names normalised and the area resolved to a borough."""
    columns: dict[str, list] = {}
    for i, name in enumerate(names):
        values = [k[i] for k in keys]
        columns[name] = [offence_name(v) for v in values] if name.startswith("offence_") else values
    boroughs = [canonical_borough(k[area_position]) for k in keys]
    columns["borough_code"] = [b[0] for b in boroughs]
    columns["borough_name"] = [b[1] for b in boroughs]
    columns["is_borough"] = [b[2] for b in boroughs]
    return columns


def read_borough(table: TableFile) -> ReadResult:
    area, group, subgroup = borough_layout(table)
    months = month_columns(table, (area, group, subgroup))
    keys, counts = read_counts(
        table,
        [table.index(area), table.index(group), table.index(subgroup)],
        [p for p, _ in months],
        "borough, offence group and subgroup",
    )
    frame = long_frame(
        key_columns(keys, ["area", "offence_group", "offence_subgroup"], 0), counts, [m for _, m in months]
    )
    frame = frame[
        ["month", "borough_code", "borough_name", "is_borough", "offence_group", "offence_subgroup", "offences"]
    ]
    return ReadResult(
        "mps_borough_crime", {"recorded_crime": frame}, len(table.rows), [m for _, m in months], ("recorded_crime",)
    )


def read_ward(table: TableFile) -> ReadResult:
    months = month_columns(table, WARD_ID_COLUMNS)
    positions = [table.index(c) for c in ("wardcode", "majortext", "minortext", "wardname", "lookup_boroughname")]
    keys, counts = read_counts(table, positions, [p for p, _ in months], "ward, offence group and subgroup")
    names = ["ward_code", "offence_group", "offence_subgroup", "ward_name", "area"]
    frame = long_frame(key_columns(keys, names, 4), counts, [m for _, m in months])
    frame = frame[
        [
            "month",
            "ward_code",
            "ward_name",
            "borough_code",
            "borough_name",
            "is_borough",
            "offence_group",
            "offence_subgroup",
            "offences",
        ]
    ]
    return ReadResult(
        "mps_ward_crime",
        {"recorded_crime_ward": frame},
        len(table.rows),
        [m for _, m in months],
        ("recorded_crime_ward",),
    )


BOROUGH_READER = Reader("MPS Borough Level Crime", lambda t: borough_layout(t) is not None, read_borough)
WARD_READER = Reader("MPS Ward Level Crime", lambda t: set(WARD_ID_COLUMNS) <= set(t.columns), read_ward)
