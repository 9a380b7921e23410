"""Reader for police.uk street-level crime files (`YYYY-MM-<force>-street.csv`), any force.

Coordinates are anonymised snap points and may be empty; they are kept as NULL, never guessed.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from dashboard.ingest.normalise import canonical_borough, month_start
from dashboard.ingest.reader import Reader, ReadResult, data_rows, text_value
from dashboard.ingest.tablefile import TableFile

COLUMNS = [
    "crime_id",
    "month",
    "reported_by",
    "falls_within",
    "longitude",
    "latitude",
    "location",
    "lsoa_code",
    "lsoa_name",
    "crime_type",
    "last_outcome_category",
    "context",
]
LSOA_SUFFIX = re.compile(r"\s+\d{3}[A-Z]$")


def coordinate(table: TableFile, line: int, values: list, column: str, low: float, high: float) -> float:
    raw = text_value(values[table.index(column)])
    if raw == "":
        return np.nan
    try:
        number = float(raw)
    except ValueError:
        number = None
    if number is None or not (low <= number <= high):
        raise table.error(
            f"a {column} between {low} and {high}, or empty",
            line=line,
            column=table.header[table.index(column)],
            found=raw,
        )
    return number


def read(table: TableFile) -> ReadResult:
    columns = {
        name: []
        for name in (
            "month",
            "force",
            "crime_id",
            "crime_type",
            "longitude",
            "latitude",
            "location",
            "lsoa_code",
            "lsoa_name",
            "outcome",
        )
    }
    for line, values in data_rows(table):
        month = month_start(values[table.index("month")])
        if month is None:
            raise table.error(
                "a month like 2024-03",
                line=line,
                column=table.header[table.index("month")],
                found=values[table.index("month")],
            )
        columns["month"].append(month)
        columns["force"].append(text_value(values[table.index("falls_within")]))
        columns["crime_id"].append(text_value(values[table.index("crime_id")]) or None)
        columns["crime_type"].append(text_value(values[table.index("crime_type")]))
        columns["longitude"].append(coordinate(table, line, values, "longitude", -180, 180))
        columns["latitude"].append(coordinate(table, line, values, "latitude", -90, 90))
        columns["location"].append(text_value(values[table.index("location")]) or None)
        columns["lsoa_code"].append(text_value(values[table.index("lsoa_code")]) or None)
        columns["lsoa_name"].append(text_value(values[table.index("lsoa_name")]) or None)
        columns["outcome"].append(text_value(values[table.index("last_outcome_category")]) or None)
    frame = pd.DataFrame(columns)
    # LSOA names are '<Borough> 027C', so the borough comes from the name (police.uk has no borough column).
    lsoa_boroughs = {
        name: canonical_borough(LSOA_SUFFIX.sub("", name)) if isinstance(name, str) else (None, None, False)
        for name in frame["lsoa_name"].unique()
    }
    frame["borough_code"] = frame["lsoa_name"].map(lambda n: lsoa_boroughs.get(n, (None,))[0])
    frame["borough_name"] = frame["lsoa_name"].map(lambda n: lsoa_boroughs.get(n, (None, None))[1])
    frame["month"] = pd.to_datetime(frame["month"])
    return ReadResult("police_uk_street", {"street_crime": frame}, len(table.rows), sorted(set(frame["month"].dt.date)))


READER = Reader("police.uk street-level crime", lambda t: t.columns == COLUMNS, read)
