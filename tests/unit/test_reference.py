"""The project's reference tables: the action plan states only what the Met's pages say; release-calendar sums."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from dashboard import reference
from tests.conftest import PROJECT_ROOT

SEEDS = Path(PROJECT_ROOT.parent / "shared" / "seeds")
BRIEFED_TOPICS = (
    "scrutiny panel",
    "MetGirlz",
    "WAVE",
    "Makesafe",
    "spiking",
    "StratHack",
    "CCTV",
    "data with partners",
)


@pytest.fixture(scope="module")
def plan():
    return reference.action_plan()


def test_action_plan_covers_every_briefed_commitment(plan):
    topics = " ".join(plan["topic"]).lower()
    for topic in BRIEFED_TOPICS:
        assert topic.lower() in topics, topic


def test_action_plan_rows_are_complete(plan):
    for column in ("topic", "commitment", "figure", "as_of", "source_quote", "source_file", "source_title"):
        assert (plan[column].str.strip() != "").all(), column
    assert plan["topic"].is_unique


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the action-plan pages are not at {SEEDS}")
def test_every_quote_is_the_met_page_word_for_word_and_holds_the_figures(plan):
    readme = (SEEDS / "README.md").read_text(encoding="utf-8")
    for row in plan.itertuples():
        page = (SEEDS / row.source_file).read_text(encoding="utf-8")
        assert row.source_quote in page, row.topic
        # The page title comes from the seeds' README, next to the file name.
        assert re.search(rf"{re.escape(row.source_file)}`.*{re.escape(row.source_title)}", readme), row.topic
        # Every number in the figure is a number in the quote (written in figures or words).
        words = {"two": "2", "seven": "7", "twelve": "12"}
        quote_numbers = set(re.findall(r"\d+", row.source_quote.replace(",", "")))
        quote_numbers |= {n for w, n in words.items() if re.search(rf"\b{w}\b", row.source_quote, re.IGNORECASE)}
        for number in re.findall(r"\d+", row.figure.replace(",", "")):
            assert number in quote_numbers, (row.topic, number)
        # No web address is invented: the seed text states none.
        assert row.source_url == "" or row.source_url in page


def test_release_calendar_names_known_datasets():
    from dashboard.words.catalog import DATASETS

    calendar = reference.release_calendar()
    assert set(calendar["dataset"]) <= set(DATASETS)
    assert "mps_vawg" in set(calendar["dataset"])
    for note in calendar["note"]:
        assert "not a promise" in note


def test_next_update_for_monthly_data():
    upcoming = reference.next_update("mps_vawg", dt.date(2026, 2, 1), today=dt.date(2026, 3, 20))
    assert upcoming.next_data_month == dt.date(2026, 3, 1)
    assert upcoming.expected_month == dt.date(2026, 4, 1)
    assert not upcoming.is_overdue
    assert upcoming.sentence() == ("Next update expected around the middle of April 2026, with figures for March 2026.")


def test_next_update_says_when_it_is_overdue():
    upcoming = reference.next_update("mps_vawg", dt.date(2025, 12, 1), today=dt.date(2026, 3, 1))
    assert upcoming.expected_month == dt.date(2026, 2, 1)
    assert upcoming.is_overdue
    assert upcoming.sentence() == (
        "The next update, with figures for January 2026, was expected around the middle "
        "of February 2026. This copy of the dashboard has not loaded it yet."
    )
    # Still within the expected month: not overdue yet.
    assert not reference.next_update("mps_vawg", dt.date(2025, 12, 1), today=dt.date(2026, 2, 28)).is_overdue


def test_next_update_across_the_year_end_and_for_unknown_datasets():
    assert reference.next_update(
        "mps_vawg", dt.date(2025, 11, 1), today=dt.date(2025, 12, 1)
    ).expected_month == dt.date(2026, 1, 1)
    assert reference.next_update("tfl_bus_stops", dt.date(2025, 11, 1)) is None
    assert reference.next_update("mps_vawg", None) is None
