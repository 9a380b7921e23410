"""Readers for the MPS homicide dashboard data: victims, and persons proceeded against (accused).

The victims table comes with one `Recorded Date` (Datastore CSV) or `Recorded Year` + `Recorded
Month` (spreadsheet export); the accused table dates proceedings as text like 'Jan-03'.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from dashboard.ingest.normalise import MONTH_NAMES, canonical_borough, month_start, parse_count
from dashboard.ingest.reader import Reader, ReadResult, data_rows, text_value
from dashboard.ingest.tablefile import TableFile

VICTIM_COLUMNS = [
    "count_of_victims",
    "age_group",
    "sex",
    "domestic_abuse",
    "homicide_offence_type",
    "solved_status",
    "borough",
    "officer_observed_ethnicity",
]
ACCUSED_COLUMNS = [
    "count_of_ppa",
    "borough",
    "gender",
    "age_group",
    "self_classified_ethnicity",
    "offence_type",
    "charged_summonsed",
    "proceedings_date",
]


def parse_loose_month(text: object) -> dt.date | None:
    """'2003-01-01', '01/01/2003', 'Jan-03', 'Jan 2003' -> the first of that month."""
    iso = month_start(text)
    if iso:
        return iso
    value = str(text).strip() if text is not None else ""
    match = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", value)
    if match and 1 <= int(match.group(2)) <= 12:
        return dt.date(int(match.group(3)), int(match.group(2)), 1)
    match = re.match(r"^([A-Za-z]{3})[a-z]*[-\s](\d{2}|\d{4})$", value)
    if match and match.group(1).lower() in MONTH_NAMES:
        year = int(match.group(2))
        year = year + (2000 if year < 70 else 1900) if year < 100 else year
        return dt.date(year, MONTH_NAMES[match.group(1).lower()], 1)
    return None


def method_column(table: TableFile) -> str | None:
    return next((c for c in ("methodofkilling", "method_of_killing") if c in table.columns), None)


def recognise_victims(table: TableFile) -> bool:
    dated = "recorded_date" in table.columns or {"recorded_year", "recorded_month"} <= set(table.columns)
    return set(VICTIM_COLUMNS) <= set(table.columns) and method_column(table) is not None and dated


def victim_month(table: TableFile, line: int, values: list) -> dt.date:
    if "recorded_date" in table.columns:
        raw = values[table.index("recorded_date")]
        month, column = parse_loose_month(raw), "recorded_date"
    else:
        year, name = text_value(values[table.index("recorded_year")]), text_value(values[table.index("recorded_month")])
        month = None
        if year.isdigit() and name[:3].lower() in MONTH_NAMES:
            month = dt.date(int(year), MONTH_NAMES[name[:3].lower()], 1)
        raw, column = f"{year} {name}", "recorded_month"
    if month is None:
        raise table.error(
            "a recorded date (year and month)", line=line, column=table.header[table.index(column)], found=raw
        )
    return month


def is_domestic_abuse(text: str) -> bool | None:
    lowered = text.lower()
    if lowered.startswith("not") or lowered in {"no", "n", "non domestic abuse"}:
        return False
    if "domestic" in lowered or lowered in {"yes", "y"}:
        return True
    return None


def read_victims(table: TableFile) -> ReadResult:
    method = method_column(table)
    records = []
    for line, values in data_rows(table):
        month = victim_month(table, line, values)
        victims = parse_count(values[table.index("count_of_victims")])
        if victims is None:
            raise table.error(
                "a non-negative whole number of victims",
                line=line,
                column=table.header[table.index("count_of_victims")],
                found=values[table.index("count_of_victims")],
            )
        code, name, is_borough = canonical_borough(values[table.index("borough")])
        # values bound now: the lambda is only called in this iteration
        get = lambda column, values=values: text_value(values[table.index(column)]) or "Not recorded"  # noqa: E731
        records.append(
            {
                "month": month,
                "year": month.year,
                "borough_code": code,
                "borough_name": name,
                "is_borough": is_borough,
                "sex": get("sex"),
                "age_group": get("age_group"),
                "ethnicity": get("officer_observed_ethnicity"),
                "method": get(method),
                "is_domestic_abuse": is_domestic_abuse(get("domestic_abuse")),
                "offence_type": get("homicide_offence_type"),
                "solved_status": get("solved_status"),
                "victims": victims,
            }
        )
    frame = pd.DataFrame(records).assign(month=lambda f: pd.to_datetime(f["month"]))
    frame["is_domestic_abuse"] = frame["is_domestic_abuse"].astype("boolean")
    return ReadResult(
        "mps_homicide_victims", {"homicide_victims": frame}, len(table.rows), sorted(set(frame["month"].dt.date))
    )


def read_accused(table: TableFile) -> ReadResult:
    records = []
    for line, values in data_rows(table):
        month = parse_loose_month(values[table.index("proceedings_date")])
        if month is None:
            raise table.error(
                "a proceedings month like 'Jan-03'",
                line=line,
                column=table.header[table.index("proceedings_date")],
                found=values[table.index("proceedings_date")],
            )
        persons = parse_count(values[table.index("count_of_ppa")])
        if persons is None:
            raise table.error(
                "a non-negative whole number of persons",
                line=line,
                column=table.header[table.index("count_of_ppa")],
                found=values[table.index("count_of_ppa")],
            )
        code, name, is_borough = canonical_borough(values[table.index("borough")])
        # values bound now: the lambda is only called in this iteration
        get = lambda column, values=values: text_value(values[table.index(column)]) or "Not recorded"  # noqa: E731
        records.append(
            {
                "month": month,
                "year": month.year,
                "borough_code": code,
                "borough_name": name,
                "is_borough": is_borough,
                "sex": get("gender"),
                "age_group": get("age_group"),
                "ethnicity": get("self_classified_ethnicity"),
                "offence_type": get("offence_type"),
                "proceedings_outcome": get("charged_summonsed"),
                "persons": persons,
            }
        )
    frame = pd.DataFrame(records).assign(month=lambda f: pd.to_datetime(f["month"]))
    return ReadResult(
        "mps_homicide_accused", {"homicide_accused": frame}, len(table.rows), sorted(set(frame["month"].dt.date))
    )


VICTIMS_READER = Reader("MPS homicide victims", recognise_victims, read_victims)
ACCUSED_READER = Reader("MPS homicide accused", lambda t: set(ACCUSED_COLUMNS) <= set(t.columns), read_accused)
