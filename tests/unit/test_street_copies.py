"""A police.uk force-month published in two archives is counted once: one test per step of the rule.

The rule (dashboard/ingest/street_copies.py): the later archive where every copy's folder names say
which archive it came from; otherwise the copy with more outcomes recorded; then more records; then
the first found. Frames here are the reader's street_crime frames, written by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from dashboard.ingest import street_copies

MET = "Metropolitan Police Service"
CITY = "City of London Police"


def street(month: str, outcomes: list[str | None], force: str = MET) -> pd.DataFrame:
    """A street_crime frame: one row per outcome given (None: no outcome recorded yet)."""
    return pd.DataFrame(
        {
            "month": pd.to_datetime([f"{month}-01"] * len(outcomes)),
            "force": force,
            "crime_type": "Violence and sexual offences",
            "outcome": outcomes,
        }
    )


def test_archive_label_ignores_the_months_own_folder():
    month = dt.date(2024, 1, 1)
    assert street_copies.archive_label(Path("/d/archive-2024-06/2024-01/f.csv"), month) == "2024-06"
    assert street_copies.archive_label(Path("/d/2024-01/f.csv"), month) is None
    assert street_copies.archive_label(Path("/d/downloads/2026-11-30/police_uk/f.csv"), month) == "2026-11-30"
    assert street_copies.archive_label(Path("/d/police_uk/f.csv"), month) is None


def test_later_archive_wins_even_with_fewer_outcomes():
    older = (Path("/d/2024-06/2024-01/2024-01-metropolitan-street.csv"), street("2024-01", ["A", "B", "C"]))
    newer = (Path("/d/2024-09/2024-01/2024-01-metropolitan-street.csv"), street("2024-01", ["A", None, None]))
    (aside,) = street_copies.set_aside([older, newer])
    assert aside.copy.path == older[0]
    assert aside.kept.path == newer[0]
    assert "later archive (2024-09, this copy 2024-06)" in aside.reason
    assert "2024-01 Metropolitan Police Service" in aside.reason


def test_more_outcomes_wins_when_the_folders_do_not_name_the_archive():
    fewer = (Path("/a/2024-01-metropolitan-street.csv"), street("2024-01", ["A", None, None]))
    more = (Path("/b/2024-01-metropolitan-street.csv"), street("2024-01", ["A", "B", None]))
    (aside,) = street_copies.set_aside([more, fewer])
    assert aside.copy.path == fewer[0]
    assert "more outcomes (2 of 3 records, this copy 1 of 3)" in aside.reason


def test_more_outcomes_wins_when_only_one_copy_names_its_archive():
    named = (Path("/d/2024-06/2024-01/f.csv"), street("2024-01", [None, None]))
    unnamed = (Path("/d/other/f.csv"), street("2024-01", ["A", None]))
    (aside,) = street_copies.set_aside([named, unnamed])
    assert aside.copy.path == named[0]


def test_more_outcomes_wins_when_both_copies_come_from_the_same_archive():
    a = (Path("/d/2024-06/x/f.csv"), street("2024-01", ["A", None]))
    b = (Path("/d/2024-06/y/f.csv"), street("2024-01", ["A", "B"]))
    (aside,) = street_copies.set_aside([a, b])
    assert aside.copy.path == a[0]


def test_more_records_then_first_found_break_ties():
    short = (Path("/a/f.csv"), street("2024-01", ["A", None]))
    longer = (Path("/b/f.csv"), street("2024-01", ["A", None, None]))
    (aside,) = street_copies.set_aside([short, longer])
    assert aside.copy.path == short[0]
    assert "more records (3, this copy 2)" in aside.reason

    first = (Path("/a/f.csv"), street("2024-01", ["A"]))
    second = (Path("/b/f.csv"), street("2024-01", ["A"]))
    (aside,) = street_copies.set_aside([first, second])
    assert aside.copy.path == second[0]
    assert "found first" in aside.reason


def test_different_forces_and_months_are_not_copies():
    files = [
        (Path("/a/met-2024-01.csv"), street("2024-01", ["A"])),
        (Path("/a/met-2024-02.csv"), street("2024-02", ["A"])),
        (Path("/a/city-2024-01.csv"), street("2024-01", ["A"], force=CITY)),
    ]
    assert street_copies.set_aside(files) == []


def test_three_copies_keep_one_and_without_drops_only_that_force_month():
    copies = [(Path(f"/d/2024-0{n}/2024-01/f.csv"), street("2024-01", ["A"] * n)) for n in (6, 8, 7)]
    asides = street_copies.set_aside(copies)
    assert [a.copy.path for a in asides] == [copies[0][0], copies[2][0]]
    assert {a.kept.path for a in asides} == {copies[1][0]}

    both = pd.concat([street("2024-01", ["A", "B"]), street("2024-02", ["C"])], ignore_index=True)
    (aside,) = street_copies.set_aside(
        [(Path("/a/f.csv"), both), (Path("/b/f.csv"), street("2024-01", ["A", "B", "D"]))]
    )
    left = street_copies.without(both, [aside])
    assert left["month"].dt.strftime("%Y-%m").tolist() == ["2024-02"]
    assert left["outcome"].tolist() == ["C"]
