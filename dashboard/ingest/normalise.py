"""Normalise the values every reader shares: borough names to GSS codes, month headers, counts.

The Met spells boroughs several ways across files ('&' or 'and', 'Upon' or 'upon', GSS codes in
the LSOA file); joining on names only works after they all meet one canonical spelling.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from functools import lru_cache

from dashboard.paths import REFERENCE_DIR

MONTH_HEADER = re.compile(r"^(\d{4})(\d{2})$")
MONTH_NAMES = {
    name: i
    for i, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}


@lru_cache(maxsize=1)
def london_boroughs() -> dict[str, tuple[str, str, bool]]:
    """Canonical-name key -> (GSS code, canonical name, is inner London), for the 33 London boroughs."""
    with open(REFERENCE_DIR / "london_boroughs.csv", newline="", encoding="utf-8") as handle:
        return {
            borough_key(row["borough_name"]): (
                row["borough_code"],
                row["borough_name"],
                row["is_inner_london"] == "true",
            )
            for row in csv.DictReader(handle)
        }


@lru_cache(maxsize=1)
def borough_codes() -> dict[str, str]:
    """GSS code -> canonical name."""
    return {code: name for code, name, _ in london_boroughs().values()}


def borough_key(name: str) -> str:
    text = name.strip().lower().replace("&", " and ")
    return re.sub(r"[^a-z]+", " ", text).strip()


def canonical_borough(name: object) -> tuple[str | None, str, bool]:
    """(GSS code or None, display name, is_borough) for any spelling, or a GSS code, of an area.

    Areas that are not boroughs (airports, Aviation Security, Unknown, Unmapped, Other) keep their
    published name with no code, so totals still equal the published totals.
    """
    if name is None or str(name).strip() == "":
        return None, "Not stated", False
    text = str(name).strip()
    if text in borough_codes():
        return text, borough_codes()[text], True
    found = london_boroughs().get(borough_key(text))
    if found:
        return found[0], found[1], True
    return None, text, False


def parse_month_header(header: str) -> dt.date | None:
    """'202402' -> 2024-02-01; anything else -> None. Callers decide whether None is an error."""
    match = MONTH_HEADER.match(str(header).strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1990 <= year <= 2100):
        return None
    return dt.date(year, month, 1)


def parse_count(value: object) -> int | None:
    """A published count as a non-negative int, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = str(value).strip() if value is not None else ""
    if text.isdigit():
        return int(text)
    return None


def month_start(value: object) -> dt.date | None:
    """The first of the month for a date, datetime or ISO-like text ('2024-03', '2024-03-01')."""
    if isinstance(value, dt.datetime):
        return dt.date(value.year, value.month, 1)
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, 1)
    text = str(value).strip() if value is not None else ""
    match = re.match(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?(?:[ T].*)?$", text)
    if match and 1 <= int(match.group(2)) <= 12:
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
    return None
