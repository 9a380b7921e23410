"""The /homicide page on a store built from ../shared/data agrees with the Met's raw files.

Expected figures come from pandas on the published files themselves, with this test's OWN
implementation of the primary disclosure rule (counts of 1 and 2 hidden), never through the store
or dashboard.disclosure. Two levels of check:

1. the page's tables (dashboard.figures.homicide on the real store) equal the raw counts wherever
   they show a number, hide every count the primary rule says to hide, and never leave a line
   with exactly one hidden cell when its total is published;
2. the rendered page (AppTest on the real store): every cell of every table it shows equals the
   raw count or is [c], and the headline is the raw count for the latest full year.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.figures import homicide as ht
from tests.app.conftest import APP, PAGES, reveal
from tests.conftest import SHARED_DATA

PAGE = PAGES["/homicide"]
# A hidden cell that published totals alone give away is a failure, not a warning.
pytestmark = pytest.mark.filterwarnings("error::dashboard.disclosure.DisclosureWarning")
RAW_VICTIMS = SHARED_DATA / "mps_homicide" / "original_homicide.xlsx - dataset.csv"
RAW_ACCUSED = SHARED_DATA / "mps_homicide" / "homicide-accused-ppa.parquet"
SUPPRESSED = "[c]"
MONTHS = {
    m: i
    for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)
}


# --- the independent rule and raw computations -----------------------------------------------


def primary_hidden(count: int) -> bool:
    """The primary rule, written here from its statement: 1 and 2 are never shown; 0 is."""
    return count in (1, 2)


def shown_number(text: object) -> int | None:
    """'1,234' -> 1234; '[c]' -> None."""
    text = str(text)
    return None if text == SUPPRESSED else int(text.replace(",", ""))


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    if not RAW_VICTIMS.is_file():
        pytest.skip(f"{RAW_VICTIMS} is not there")
    frame = pd.read_csv(RAW_VICTIMS)
    frame["month"] = frame["Recorded Month"].map(MONTHS)
    return frame


@pytest.fixture(scope="module")
def raw_accused() -> pd.DataFrame:
    frame = pd.read_parquet(RAW_ACCUSED)
    parts = frame["proceedings_date"].str.extract(r"^(?P<mon>[A-Za-z]{3})-(?P<yy>\d{2})$")
    frame["year"] = 2000 + parts["yy"].astype(int)
    frame["month"] = parts["mon"].map(MONTHS)
    frame["self_classified_ethnicity"] = frame["self_classified_ethnicity"].str.strip()
    return frame


@pytest.fixture(scope="module")
def latest_full_year(raw) -> int:
    months = raw.groupby("Recorded Year")["month"].nunique()
    return int(months[months == 12].index.max())


@pytest.fixture(scope="module")
def female(raw) -> pd.DataFrame:
    return raw[raw["Sex"] == "Female"]


def borough_name(name: str) -> str:
    """The raw file's spellings ('Barking & Dagenham', 'Kingston Upon Thames') as the page writes them."""
    if name == "Unmapped":
        return "Not placed in a borough"
    return name.replace(" & ", " and ").replace(" Upon ", " upon ")


RAW_COLUMNS = {
    "age_group": "Age Group",
    "ethnicity": "Officer Observed Ethnicity",
    "method": "MethodofKilling",
    "solved_status": "Solved Status",
    "borough": "Borough",
}


def raw_cut(female: pd.DataFrame, dimension: str, years: range) -> dict[str, int]:
    rows = female[female["Recorded Year"].isin(list(years))]
    counts = rows.groupby(RAW_COLUMNS[dimension])["Count of Victims"].sum()
    if dimension == "borough":
        return {borough_name(k): int(v) for k, v in counts.items()}
    return {k: int(v) for k, v in counts.items()}


# --- the page's tables, computed from the real store -----------------------------------------


@pytest.fixture(scope="module")
def tables(real_store):
    import os

    from dashboard import data

    before = os.environ.get("VAWG_STORE")
    os.environ["VAWG_STORE"] = str(real_store)
    try:
        coverage = ht.coverage_from(data.run("homicide_coverage"))
        by_year = ht.victims_by_year_and_sex(data.run("homicide_victims_by_year_and_sex"), coverage)
        periods = ht.offered_periods(by_year, coverage)
        categories = data.run("homicide_female_victims_by_year_and_category")
        accused = data.run("homicide_accused_by_year_and_category")
        return {
            "coverage": coverage,
            "by_year": by_year,
            "periods": periods,
            "breakdowns": {p.key: ht.female_breakdowns(categories, p) for p in periods},
            "domestic": ht.domestic_abuse_by_period(categories, periods),
            "accused": {
                p.key: ht.accused_breakdowns(accused, ht.accused_period(accused, p, 2003, 2023)) for p in periods
            },
        }
    finally:
        if before is None:
            os.environ.pop("VAWG_STORE", None)
        else:
            os.environ["VAWG_STORE"] = before


def assert_protected_and_equal(
    shown: dict[str, str], expected: dict[str, int], what: str, total_published: bool = True
) -> None:
    """Every shown cell is the raw count or [c]; every primary cell is hidden; no lone hidden cell."""
    assert set(shown) == set(expected) | {k for k in shown if expected.get(k, 0) == 0}, what
    for key, text in shown.items():
        raw = expected.get(key, 0)
        value = shown_number(text)
        if primary_hidden(raw):
            assert value is None, f"{what}: {key} = {raw} is shown"
        if value is not None:
            assert value == raw, f"{what}: {key} shows {value}, the raw file has {raw}"
    hidden = sum(shown_number(t) is None for t in shown.values())
    if total_published:
        assert hidden != 1, f"{what}: one hidden cell could be worked out from the total"


# --- 1. the tables ----------------------------------------------------------------------------


def test_latest_full_year_is_the_last_with_twelve_months(tables, latest_full_year):
    coverage = tables["coverage"]
    assert coverage.latest_full_year == latest_full_year == 2023
    assert coverage.partial_year == 2024 and coverage.partial_months_text == "January to March"


def test_female_victims_per_year_equal_the_raw_file(tables, female):
    expected = female.groupby("Recorded Year")["Count of Victims"].sum().astype(int).to_dict()
    series = ht.female_victims_by_year(tables["by_year"])
    shown = dict(zip(series["year"].astype(int), series["victims_display"]))
    assert sorted(shown) == sorted(expected)
    full = {y: t for y, t in shown.items() if y <= 2023}
    assert_protected_and_equal(
        {str(k): v for k, v in full.items()},
        {str(k): v for k, v in expected.items() if k <= 2023},
        "female victims by year",
    )
    assert shown_number(shown[2024]) in (expected[2024], None)
    assert not primary_hidden(expected[2024]) or shown[2024] == SUPPRESSED
    # Every full year is well above the threshold in the real data, so every one is shown.
    assert all(shown_number(t) is not None for t in full.values())
    assert sum(expected.values()) == 699  # SOURCES.md: female victims in the file


def test_men_and_boys_per_year_equal_the_raw_file(tables, raw):
    expected = raw[raw["Sex"] == "Male"].groupby("Recorded Year")["Count of Victims"].sum().astype(int)
    male = tables["by_year"]
    male = male[(male["sex"] == "Male") & ~male["is_partial_year"]]
    shown = {str(y): t for y, t in zip(male["year"], male["victims_display"])}
    assert_protected_and_equal(
        shown, {str(k): int(v) for k, v in expected.items() if k <= 2023}, "male victims by year"
    )


def test_periods_are_three_years_ending_in_2023(tables, female):
    periods = tables["periods"]
    assert [p.key for p in periods] == [
        "2021-2023",
        "2018-2020",
        "2015-2017",
        "2012-2014",
        "2009-2011",
        "2006-2008",
        "2003-2005",
    ]
    for period in periods:
        assert period.total == int(
            female[female["Recorded Year"].between(period.start, period.end)]["Count of Victims"].sum()
        )


@pytest.mark.parametrize("dimension", list(RAW_COLUMNS))
def test_each_breakdown_equals_the_raw_file_in_every_period(tables, female, dimension):
    for period in tables["periods"]:
        cut = tables["breakdowns"][period.key][dimension]
        expected = raw_cut(female, dimension, period.years)
        if dimension == "borough":
            shown = dict(zip(cut["category_label"], cut["victims_display"]))
        else:
            shown = dict(zip(cut["category"], cut["victims_display"]))
        assert_protected_and_equal(shown, expected, f"{dimension}, {period.label}")
        for _, row in cut.iterrows():  # a share never gives back a hidden count
            assert row["share_display"] == SUPPRESSED if row["is_suppressed"] else row["share_display"] != SUPPRESSED


def test_domestic_abuse_share_equals_the_raw_file(tables, female):
    table = tables["domestic"]
    for period in tables["periods"]:
        rows = female[female["Recorded Year"].between(period.start, period.end)]
        expected = {
            "Domestic abuse related": int((rows["Domestic Abuse"] == "Domestic Abuse").sum()),
            "Not domestic abuse related": int((rows["Domestic Abuse"] == "Not Domestic Abuse").sum()),
        }
        got = table[table["period_key"] == period.key]
        assert_protected_and_equal(
            dict(zip(got["category"], got["victims_display"])), expected, f"domestic abuse, {period.label}"
        )
        related = got[got["category"] == "Domestic abuse related"].iloc[0]
        if not related["is_suppressed"]:
            assert related["share_pct"] == pytest.approx(100 * expected["Domestic abuse related"] / len(rows))
    # The page's example: 41 of the 78 women and girls in 2021-2023.
    newest = table[(table["period_key"] == "2021-2023") & (table["category"] == "Domestic abuse related")]
    assert newest["victims_display"].iloc[0] == "41"


@pytest.mark.parametrize(
    ("dimension", "column"), [("sex", "gender"), ("age_group", "age_group"), ("ethnicity", "self_classified_ethnicity")]
)
def test_persons_proceeded_against_equal_the_raw_file(tables, raw_accused, dimension, column):
    for period in tables["periods"]:
        rows = raw_accused[raw_accused["year"].between(period.start, period.end)]
        expected = rows.groupby(column)["count_of_ppa"].sum().astype(int).to_dict()
        cut = tables["accused"][period.key][dimension]
        assert_protected_and_equal(
            dict(zip(cut["category"], cut["persons_display"])), expected, f"accused {dimension}, {period.label}"
        )


# --- 2. the rendered page -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(real_store):
    patch = pytest.MonkeyPatch()
    patch.setenv("VAWG_STORE", str(real_store))
    try:
        at = AppTest.from_file(APP, default_timeout=300)
        at.run()
        at.switch_page(PAGE)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        yield at
    finally:
        patch.undo()


def card_tables(at) -> dict[str, pd.DataFrame]:
    """The Table tab of each chart card, by card key."""
    found: dict[str, pd.DataFrame] = {}

    def walk(node, card=None):
        key = getattr(node, "key", None)
        if getattr(node, "type", None) == "flex_container" and key and str(key).startswith("homicide"):
            card = str(key)
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child, card)
        elif getattr(node, "type", None) in ("table", "arrow_data_frame", "dataframe") and card:
            found[card] = node.value

    walk(at._tree)
    return found


def test_headline_is_the_raw_count_for_2023(page, female):
    expected = int(female[female["Recorded Year"] == 2023]["Count of Victims"].sum())
    assert expected == 19
    assert page.metric[0].value == "19"
    assert any("In 2023, 19 women and girls were victims of homicide in London." in m.value for m in page.markdown)


def test_every_cell_the_page_shows_is_the_raw_count_or_suppressed(page, female, raw, raw_accused):
    reveal(page, tab="Table")  # every section open, every card on its Table tab
    tables = card_tables(page)
    reveal(page, tab="Chart")  # as the other tests of this module read it
    years = range(2021, 2024)  # the page's default period
    by_year = female.groupby("Recorded Year")["Count of Victims"].sum().astype(int)
    male = raw[raw["Sex"] == "Male"].groupby("Recorded Year")["Count of Victims"].sum().astype(int)
    checked = 0

    def check(table: pd.DataFrame, column: str, expected: dict[str, int], what: str, label_col=None) -> None:
        nonlocal checked
        labels = table[label_col or table.columns[0]].astype(str)
        shown = {k: v for k, v in zip(labels, table[column]) if not k.startswith("All ")}
        assert_protected_and_equal(shown, expected, what)
        checked += 1

    year_table = tables["homicide-by-year"]
    year_table = year_table.assign(Year=year_table["Year"].str.extract(r"^(\d{4})")[0])
    check(year_table, "Victims", {str(k): int(v) for k, v in by_year.items()}, "year series")
    sex_table = tables["homicide-by-sex"]
    check(sex_table, "Women and girls", {str(k): int(v) for k, v in by_year.items() if k <= 2023}, "women by year")
    check(sex_table, "Men and boys", {str(k): int(v) for k, v in male.items() if k <= 2023}, "men by year")

    labels = {
        "homicide-age-group": "age_group",
        "homicide-ethnicity": "ethnicity",
        "homicide-method": "method",
        "homicide-solved-status": "solved_status",
        "homicide-borough": "borough",
    }
    for key, dimension in labels.items():
        expected = raw_cut(female, dimension, years)
        if dimension != "borough":
            expected = {ht.category_label(k): v for k, v in expected.items()}
        table = tables[key]
        check(table, "Victims", expected, key)
        total_row = table[table.iloc[:, 0] == "All women and girls"]
        assert total_row["Victims"].iloc[0] == str(sum(expected.values()))

    accused = raw_accused[raw_accused["year"].between(2021, 2023)]
    for key, column in {
        "homicide-accused-sex": "gender",
        "homicide-accused-age-group": "age_group",
        "homicide-accused-ethnicity": "self_classified_ethnicity",
    }.items():
        expected = {ht.category_label(k): int(v) for k, v in accused.groupby(column)["count_of_ppa"].sum().items()}
        check(tables[key], "People", expected, key)

    domestic = tables["homicide-domestic-abuse"]
    expected = {}
    for start in range(2003, 2024, 3):
        rows = female[female["Recorded Year"].between(start, start + 2)]
        expected[f"{start}\u2013{start + 2}"] = int((rows["Domestic Abuse"] == "Domestic Abuse").sum())
    check(domestic, "Domestic abuse related", expected, "domestic abuse by period")
    assert checked == 12
    assert set(tables) >= set(labels) | {"homicide-by-year", "homicide-by-sex", "homicide-domestic-abuse"}


def test_no_figure_on_the_page_comes_from_the_part_year_except_its_own_bar(page):
    texts = " ".join(m.value for m in page.markdown)
    assert "2024 is a part year: the data cover January to March only" in texts
    assert not re.search(r"2022\u20132024|2024\u2013", texts)
