"""What changed between two releases, on hand-made frames; release ids and the links that cite them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.figures.release_changes import compare, describe
from dashboard.ingest.releases import release_id_at
from dashboard.paths import RELEASE_ID, release_order
from dashboard.words import links

BOROUGH = ("mps_borough_crime", "MPS Borough Level Crime")
HOMICIDE = ("mps_homicide_victims", "MPS Homicide dashboard data: victims")


def totals(rows: list[tuple]) -> pd.DataFrame:
    """(dataset, title), measure, 'YYYY-MM', total -> london_monthly_totals rows."""
    return pd.DataFrame(
        [
            {"dataset": d, "title": t, "measure": m, "month": pd.Timestamp(f"{month}-01"), "total": total}
            for (d, t), m, month, total in rows
        ],
        columns=["dataset", "title", "measure", "month", "total"],
    )


def files(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"dataset": d, "title": t, "file_name": name, "sha256": sha} for (d, t), name, sha in rows],
        columns=["dataset", "title", "file_name", "sha256"],
    )


OLD_TOTALS = totals(
    [
        (BOROUGH, "recorded offences", "2026-01", 1000),
        (BOROUGH, "recorded offences", "2026-02", 1100),
        (HOMICIDE, "homicide victims", "2025-11", 9),
        (HOMICIDE, "homicide victims", "2025-12", 2),
    ]
)
NEW_TOTALS = totals(
    [
        (BOROUGH, "recorded offences", "2026-01", 1007),
        (BOROUGH, "recorded offences", "2026-02", 1100),
        (BOROUGH, "recorded offences", "2026-03", 1200),
        (BOROUGH, "recorded offences", "2026-04", 1250),
        (HOMICIDE, "homicide victims", "2025-11", 9),
        (HOMICIDE, "homicide victims", "2025-12", 1),
    ]
)
OLD_FILES = files([(BOROUGH, "borough.csv", "a1"), (HOMICIDE, "victims.csv", "b1"), (BOROUGH, "old.csv", "c1")])
NEW_FILES = files([(BOROUGH, "borough.csv", "a2"), (HOMICIDE, "victims.csv", "b1"), (BOROUGH, "extra.csv", "d1")])


def test_compare_finds_months_added_totals_revised_and_files():
    changes = compare(OLD_TOTALS, NEW_TOTALS, OLD_FILES, NEW_FILES)
    assert list(changes.months_added["month"].dt.strftime("%Y-%m")) == ["2026-03", "2026-04"]
    assert changes.months_dropped.empty
    revised = changes.revised
    assert list(
        zip(revised["measure"], revised["month"].dt.strftime("%Y-%m"), revised["old_total"], revised["new_total"])
    ) == [
        ("recorded offences", "2026-01", 1000, 1007),
        ("homicide victims", "2025-12", 2, 1),
    ]
    assert list(changes.files_added["file_name"]) == ["extra.csv"]
    assert list(changes.files_dropped["file_name"]) == ["old.csv"]
    assert list(changes.files_replaced["file_name"]) == ["borough.csv"]
    assert not changes.is_empty


def test_describe_words_each_change_and_hides_small_counts():
    sections = {s.heading: s.lines for s in describe(compare(OLD_TOTALS, NEW_TOTALS, OLD_FILES, NEW_FILES))}
    assert sections["Months added"] == ("MPS Borough Level Crime: March 2026 to April 2026 (2 months)",)
    assert sections["London totals the publisher revised"] == (
        "MPS Borough Level Crime, recorded offences, January 2026: 1,000 then, 1,007 now",
        # 2 and 1 are small counts: shown as [c], like everywhere else
        "MPS Homicide dashboard data: victims, homicide victims, December 2025: [c] then, [c] now",
    )
    assert sections["Files"] == (
        "added: extra.csv (MPS Borough Level Crime)",
        "dropped: old.csv (MPS Borough Level Crime)",
        "new contents: borough.csv (MPS Borough Level Crime)",
    )
    assert "Months no longer in the data" not in sections


def test_describe_caps_the_revised_list_and_counts_the_rest():
    revised = dict((s.heading, s.lines) for s in describe(compare(OLD_TOTALS, NEW_TOTALS, OLD_FILES, NEW_FILES), 1))
    assert revised["London totals the publisher revised"][-1] == "and 1 more revised months"


def test_the_same_release_twice_changed_nothing():
    changes = compare(OLD_TOTALS, OLD_TOTALS, OLD_FILES, OLD_FILES)
    assert changes.is_empty


def test_release_ids_sort_by_build_time_and_a_second_build_in_the_same_second_gets_a_counter():
    moment = dt.datetime(2026, 11, 30, 2, 15, 30)
    first = release_id_at(moment, set())
    assert first == "2026-11-30T021530Z" and RELEASE_ID.fullmatch(first)
    second = release_id_at(moment, {first})
    assert second == "2026-11-30T021530Z-2"
    tenth = release_id_at(moment, {first} | {f"{first}-{n}" for n in range(2, 10)})
    assert sorted([tenth, second, first, "2026-11-29T235959Z"], key=release_order) == [
        "2026-11-29T235959Z",
        first,
        second,
        tenth,
    ]
    assert not RELEASE_ID.fullmatch("../vawg") and not RELEASE_ID.fullmatch("2026-11-30T021530Z/..")


def test_view_links_cite_the_release_shown():
    with links.citing("2026-11-30T021530Z"):
        link = links.view_link("/trends", {"borough": "Camden"}, {"borough": "London"}, base_url="https://vawg.example")
    assert link == "https://vawg.example/trends?borough=Camden&release=2026-11-30T021530Z"
    assert links.view_link("/trends", {}, {}, base_url="") == "/trends"
