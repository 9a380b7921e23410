"""Readers for the CSV layouts this project defines for data no one publishes as a file yet.

The bus-shelter CCTV pilot (sites, passenger survey, incidents at shelters) and the Met's female
homicide release have no public data file; the README's data contract fixes their columns, and
these readers hold files to exactly that contract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.ingest.normalise import month_start, parse_count
from dashboard.ingest.reader import Reader, ReadResult, data_rows, text_value
from dashboard.ingest.tablefile import TableFile


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "text", "count", "date", "month", "year", or "choice"
    choices: tuple[str, ...] = ()
    optional: bool = False


@dataclass(frozen=True)
class Contract:
    dataset: str
    table: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


CONTRACTS = [
    Contract(
        "tfl_pilot_sites",
        "pilot_sites",
        (Column("bus_stop_code", "text"), Column("phase", "count"), Column("camera_live_date", "date")),
    ),
    Contract(
        "tfl_passenger_survey",
        "passenger_survey",
        (
            Column("site_group", "text"),
            Column("wave", "choice", ("before", "after")),
            Column("question", "text"),
            Column("response", "text"),
            Column("respondents", "count"),
        ),
    ),
    Contract(
        "tfl_shelter_incidents",
        "shelter_incidents",
        (
            Column("bus_stop_code", "text"),
            Column("month", "month"),
            Column("incidents", "count"),
            Column("source", "text"),
        ),
    ),
    Contract(
        "mps_female_homicide_release",
        "female_homicide_release",
        (
            Column("year", "year"),
            Column("victim_age_group", "text"),
            Column("victim_ethnicity", "text"),
            Column("suspect_ethnicity", "text"),
            Column("relationship_to_offender", "text"),
            Column("victims", "count"),
        ),
    ),
]


def parse(table: TableFile, column: Column, line: int, raw: object):
    text = text_value(raw)
    if column.kind == "text":
        if text == "":
            raise table.error(f"a value for {column.name}", line=line, column=column.name, found=text)
        return text
    if column.kind == "count":
        value = parse_count(text)
        if value is None:
            raise table.error("a non-negative whole number", line=line, column=column.name, found=text)
        return value
    if column.kind == "year":
        if not (text.isdigit() and 1900 <= int(text) <= 2100):
            raise table.error("a year like 2023", line=line, column=column.name, found=text)
        return int(text)
    if column.kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise table.error("a date like 2025-03-01", line=line, column=column.name, found=text) from None
    if column.kind == "month":
        value = month_start(text)
        if value is None:
            raise table.error("a month like 2025-03", line=line, column=column.name, found=text)
        return value
    if text.lower() not in column.choices:
        raise table.error("one of " + ", ".join(column.choices), line=line, column=column.name, found=text)
    return text.lower()


def reader_for(contract: Contract) -> Reader:
    def read(table: TableFile) -> ReadResult:
        records = []
        for line, values in data_rows(table):
            records.append({c.name: parse(table, c, line, values[table.index(c.name)]) for c in contract.columns})
        frame = pd.DataFrame(records)
        months = []
        for column in contract.columns:
            if column.kind in ("date", "month"):
                frame[column.name] = pd.to_datetime(frame[column.name])
                if column.kind == "month":
                    months = sorted(set(frame[column.name].dt.date))
        return ReadResult(contract.dataset, {contract.table: frame}, len(table.rows), months)

    return Reader(contract.table, lambda t: t.columns == contract.names, read)


READERS = [reader_for(c) for c in CONTRACTS]
