"""Reader for ONS small-area population estimates by sex and broad age (LSOA rows, summed to boroughs).

Rates per 1,000 women and girls need the female population; the Met's data have none.
"""

from __future__ import annotations

import re

import pandas as pd

from dashboard.ingest.normalise import canonical_borough, parse_count
from dashboard.ingest.reader import Reader, ReadResult, data_rows, text_value
from dashboard.ingest.tablefile import TableFile

SEXES = {"persons": "persons", "males": "male", "females": "female"}
AREA_CODE = re.compile(r"^lad\d\dcd$")
AGE_COLUMN = re.compile(r"^(persons|males|females)_(all_ages|\d+_\d+|\d+)$")


def area_code_column(table: TableFile) -> str | None:
    return next((c for c in table.columns if AREA_CODE.match(c)), None)


def recognise(table: TableFile) -> bool:
    return (
        any(c.startswith("lsoa") and c.endswith("cd") for c in table.columns)
        and area_code_column(table) is not None
        and "females_all_ages" in table.columns
    )


def age_band(suffix: str) -> str:
    if suffix == "all_ages":
        return "all"
    parts = suffix.split("_")
    return f"{parts[0]}-{parts[1]}" if len(parts) == 2 else f"{parts[0]}+"


def read(table: TableFile) -> ReadResult:
    code_column = area_code_column(table)
    counts = [
        (i, SEXES[m.group(1)], age_band(m.group(2))) for i, c in enumerate(table.columns) if (m := AGE_COLUMN.match(c))
    ]
    totals: dict[tuple, int] = {}
    for line, values in data_rows(table):
        borough_code, _, is_borough = canonical_borough(text_value(values[table.index(code_column)]))
        if not is_borough:
            raise table.error(
                "a London borough GSS code (E09…)",
                line=line,
                column=table.header[table.index(code_column)],
                found=values[table.index(code_column)],
            )
        for position, sex, band in counts:
            value = parse_count(values[position])
            if value is None:
                raise table.error(
                    "a non-negative whole number of people",
                    line=line,
                    column=table.header[position],
                    found=values[position],
                )
            totals[(borough_code, sex, band)] = totals.get((borough_code, sex, band), 0) + value
    frame = pd.DataFrame(
        [{"borough_code": k[0], "sex": k[1], "age_band": k[2], "population": v} for k, v in totals.items()]
    )
    # The file states no year; the only release in this layout the project knows is ONS mid-2020.
    frame["year"] = 2020
    return ReadResult("ons_population", {"population": frame}, len(table.rows))


READER = Reader("ONS small-area population by sex", recognise, read)
