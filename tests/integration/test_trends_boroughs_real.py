"""/trends and /boroughs on a store built from ../shared/data: every figure equals one computed here from the raw files.

The expected figures are computed with pandas straight from the published extracts (SOURCES.md §4
and §8), never through the store or dashboard/figures/vawg.py:
- mps_vawg/vawg-offences.parquet: the workbook's sheets stacked; 'Offence count location' gives
  London (every row), boroughs and wards; 'Offence count classification' gives what the Met
  classes as outside VAWG;
- population/lsoa2011_london_mid2020_population_by_sex_age_ons.csv: Females_All-Ages summed by
  LAD11CD, named through geography/london_boroughs_gss_wgs84.geojson.
Then the pages themselves are run (AppTest) on the same store and their text checked.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data
from dashboard.figures import vawg as vf
from dashboard.words import vawg_sentences as vs
from tests.app.conftest import PAGES, reveal  # the one place the pages' paths are named
from tests.conftest import PROJECT_ROOT, SHARED_DATA

pytestmark = pytest.mark.integration

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
CITY_OF_LONDON = "E09000001"
NOT_VAWG_GROUP = "Other flagged offences outside of VAWG"
NOT_VAWG_OFFENCE = "Non-VaWG Classification"


# --- expected figures, from the raw files -------------------------------------------------------


@pytest.fixture(scope="module")
def raw_offences() -> pd.DataFrame:
    path = SHARED_DATA / "mps_vawg" / "vawg-offences.parquet"
    if not path.is_file():
        pytest.skip(f"{path} is not there (set VAWG_SHARED_DATA)")
    return pd.read_parquet(path)


@pytest.fixture(scope="module")
def raw_location(raw_offences) -> pd.DataFrame:
    frame = raw_offences.loc[raw_offences["sheet"] == "Offence count location"].copy()
    frame["month"] = pd.to_datetime(frame["recorded_date_months"]).dt.to_period("M")
    frame["ward"] = frame["ward_name_clean_2"].fillna("Not stated").replace("", "Not stated")
    return frame


@pytest.fixture(scope="module")
def windows(raw_location) -> dict[str, tuple[pd.Period, pd.Period]]:
    last = raw_location["month"].max()
    return {"latest": (last - 11, last), "previous": (last - 23, last - 12)}


def total(frame: pd.DataFrame, window: tuple[pd.Period, pd.Period]) -> int:
    return int(frame.loc[frame["month"].between(*window), "count"].sum())


@pytest.fixture(scope="module")
def raw_female_population() -> pd.Series:
    people = pd.read_csv(SHARED_DATA / "population" / "lsoa2011_london_mid2020_population_by_sex_age_ons.csv")
    by_code = people.groupby("LAD11CD")["Females_All-Ages"].sum()
    features = json.loads((SHARED_DATA / "geography" / "london_boroughs_gss_wgs84.geojson").read_text())["features"]
    names = {f["properties"]["GSS_CODE"]: f["properties"]["NAME"] for f in features}
    return pd.Series({names[code]: int(v) for code, v in by_code.items()}, name="females")


@pytest.fixture(scope="module")
def expected_boroughs(raw_location, windows, raw_female_population) -> pd.DataFrame:
    boroughs = sorted(set(raw_location["borough_name"]) - {"Other", "Unknown"})
    rows = []
    for name in boroughs:
        part = raw_location.loc[raw_location["borough_name"] == name]
        latest, previous = total(part, windows["latest"]), total(part, windows["previous"])
        rows.append(
            {
                "borough_name": name,
                "latest": latest,
                "previous": previous,
                "change": latest - previous,
                "percent_change": 100 * (latest - previous) / previous,
                "rate": 1000 * latest / raw_female_population[name],
            }
        )
    frame = pd.DataFrame(rows)
    frame["rate_rank"] = frame["rate"].rank(ascending=False, method="min").astype(int)
    return frame.set_index("borough_name")


@pytest.fixture(scope="module")
def store_frames(real_store):
    """What the pages read, from the real store."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VAWG_STORE", str(real_store))
        by_area = data.run("vawg_offences_by_borough_month")
        months = vf.month_list(data.run("vawg_months")["month"])
        population = data.run("population_female_by_borough")
        by_group = data.run("vawg_offences_by_group_month")
        camden_wards = data.run("vawg_offences_by_ward_month", borough="Camden")
        ward_frames = {b: data.run("vawg_offences_by_ward_month", borough=b) for b in ("Westminster", "Sutton")}
    return {
        "by_area": by_area,
        "months": months,
        "population": population,
        "by_group": by_group,
        "wards": {"Camden": camden_wards, **ward_frames},
    }


# --- figures ------------------------------------------------------------------------------------


def test_the_latest_12_months_are_the_last_12_in_the_raw_file(store_frames, windows):
    periods = vf.latest_periods(store_frames["months"][-1])
    assert pd.Period(periods.latest_start, "M") == windows["latest"][0]
    assert pd.Period(periods.latest_end, "M") == windows["latest"][1]
    assert pd.Period(periods.previous_start, "M") == windows["previous"][0]
    assert pd.Period(periods.previous_end, "M") == windows["previous"][1]


def test_london_headline_counts_every_row_of_the_location_sheet(
    store_frames, raw_location, windows, raw_female_population
):
    h = vf.headline(store_frames["by_area"], store_frames["population"], vf.LONDON, store_frames["months"])
    latest, previous = total(raw_location, windows["latest"]), total(raw_location, windows["previous"])
    assert (h.latest, h.previous, h.change) == (latest, previous, latest - previous)
    assert h.percent_change == pytest.approx(100 * (latest - previous) / previous)
    not_placed = raw_location.loc[raw_location["borough_name"].isin(["Other", "Unknown"])]
    assert h.not_in_a_borough == total(not_placed, windows["latest"])
    met_women = int(raw_female_population.drop("City of London").sum())
    assert h.population == met_women
    assert h.rate == pytest.approx(1000 * latest / met_women)


def test_every_borough_headline_rate_and_rank_equal_the_raw_files(store_frames, expected_boroughs):
    table = vf.borough_table(store_frames["by_area"], store_frames["population"], store_frames["months"]).set_index(
        "borough_name"
    )
    assert len(table) == 32 and sorted(table.index) == sorted(expected_boroughs.index)
    for column in ("latest", "previous", "change", "rate_rank"):
        assert table[column].astype(int).to_dict() == expected_boroughs[column].to_dict(), column
    for column in ("percent_change", "rate"):
        assert np.allclose(table[column].astype(float), expected_boroughs.loc[table.index, column]), column


def test_boroughs_add_up_to_london_less_the_offences_not_placed(store_frames, expected_boroughs):
    london = vf.headline(store_frames["by_area"], store_frames["population"], vf.LONDON, store_frames["months"])
    assert int(expected_boroughs["latest"].sum()) + london.not_in_a_borough == london.latest


def test_camden_change_is_judged_against_poisson_variation(store_frames, expected_boroughs):
    from scipy import stats

    camden = expected_boroughs.loc["Camden"]
    h = vf.headline(store_frames["by_area"], store_frames["population"], "Camden", store_frames["months"])
    expected_p = stats.binomtest(int(camden["latest"]), int(camden["latest"] + camden["previous"]), 0.5).pvalue
    assert h.test.p_value == pytest.approx(expected_p)
    assert h.test.verdict == ("larger than normal variation" if expected_p < 0.05 else "within normal variation")
    assert h.rate_rank == int(camden["rate_rank"])


@pytest.mark.parametrize("borough", ["Camden", "Westminster", "Sutton"])
def test_ward_rankings_equal_the_raw_file(store_frames, raw_location, windows, borough):
    part = raw_location.loc[raw_location["borough_name"] == borough]
    latest = part.loc[part["month"].between(*windows["latest"])].groupby("ward")["count"].sum()
    previous = part.loc[part["month"].between(*windows["previous"])].groupby("ward")["count"].sum()
    wards = sorted(set(latest.index) | set(previous.index))
    expected = pd.DataFrame(
        {
            "ward_name": wards,
            "latest": [int(latest.get(w, 0)) for w in wards],
            "previous": [int(previous.get(w, 0)) for w in wards],
        }
    )
    expected["placed"] = expected["ward_name"] != "Not stated"
    expected = expected.sort_values(["placed", "latest", "ward_name"], ascending=[False, False, True])

    ranking = vf.ward_ranking(store_frames["wards"][borough], store_frames["months"])
    assert ranking["ward_name"].tolist() == expected["ward_name"].tolist()
    assert ranking["latest"].tolist() == expected["latest"].tolist()
    assert ranking["previous"].tolist() == expected["previous"].tolist()
    assert ranking["change"].astype(int).tolist() == (expected["latest"] - expected["previous"]).tolist()
    placed = expected.loc[expected["placed"]]
    assert (
        ranking["rank"].dropna().astype(int).tolist()
        == placed["latest"].rank(ascending=False, method="min").astype(int).tolist()
    )
    # What the page shows: the same figures, with small counts withheld and nothing else changed.
    shown = vf.protect_ward_ranking(ranking).set_index("ward_name")
    truth = expected.set_index("ward_name")
    visible = shown["latest"].notna()
    assert (shown.loc[visible, "latest"].astype(int) == truth.loc[shown.index[visible], "latest"]).all()
    assert not shown.loc[visible, "latest"].astype(int).between(1, 2).any()


def test_the_share_outside_vawg_equals_the_classification_sheet(store_frames, raw_offences, windows):
    sheet = raw_offences.loc[raw_offences["sheet"] == "Offence count classification"].copy()
    sheet["month"] = pd.to_datetime(sheet["recorded_date_months"]).dt.to_period("M")
    sheet = sheet.loc[sheet["month"].between(*windows["latest"])]
    outside = (sheet["crimsec_group"] == NOT_VAWG_GROUP) | (sheet["vawg_offence"] == NOT_VAWG_OFFENCE)
    periods = vf.latest_periods(store_frames["months"][-1])
    totals = vf.group_totals(store_frames["by_group"], periods.latest_start, periods.latest_end)
    assert totals.outside_total == int(sheet.loc[outside, "count"].sum())
    assert totals.total == int(sheet["count"].sum())
    expected_groups = sheet.loc[~outside].groupby("crimsec_group")["count"].sum()
    got = totals.groups.loc[totals.groups["offences"] > 0].set_index("offence_group")["offences"]
    assert got.to_dict() == expected_groups.astype(int).to_dict()
    assert "rape" in [g.slug for g in vf.offence_groups(store_frames["by_group"])]


# --- the pages, on the real store ----------------------------------------------------------------


def open_page(real_store, monkeypatch, path: str, **query: str) -> AppTest:
    monkeypatch.setenv("VAWG_STORE", str(real_store))
    at = AppTest.from_file(APP, default_timeout=300)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGES[path])
    return at.run()


def test_trends_page_shows_camdens_figures(real_store, monkeypatch, expected_boroughs):
    at = open_page(real_store, monkeypatch, "/trends", borough="Camden")
    assert not at.exception, [e.value for e in at.exception]
    camden = expected_boroughs.loc["Camden"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["VAWG offences"] == f"{int(camden['latest']):,}"
    assert metrics["Change on the 12 months before"] == f"{int(camden['change']):+,}".replace("-", "\u2212")
    assert metrics["Per 1,000 women and girls"] == f"{camden['rate']:.1f}"
    rank = int(camden["rate_rank"])
    assert metrics["Rank of 32 by rate (1st = highest)"] == vs.ordinal(rank)


def test_boroughs_page_shows_camdens_profile_and_wards(
    real_store, monkeypatch, expected_boroughs, raw_location, windows
):
    at = open_page(real_store, monkeypatch, "/boroughs", borough="Camden")
    assert not at.exception, [e.value for e in at.exception]
    camden = expected_boroughs.loc["Camden"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["VAWG offences"] == f"{int(camden['latest']):,}"
    assert metrics["Per 1,000 women and girls"] == f"{camden['rate']:.1f}"
    reveal(at, tab="Table")  # the wards and the map of every borough are in sections; their tables in tabs
    wards = next(t.value for t in at.table if "Ward" in t.value.columns)
    in_window = raw_location["month"].between(*windows["latest"])
    part = raw_location.loc[(raw_location["borough_name"] == "Camden") & in_window]
    top = part.groupby("ward")["count"].sum().drop("Not stated").sort_values(ascending=False)
    assert wards["Ward"].iloc[0] == top.index[0]
    assert wards["Offences, latest 12 months"].iloc[0] == f"{int(top.iloc[0]):,}"
    boroughs = next(t.value for t in at.table if "Borough" in t.value.columns)
    assert len(boroughs) == 32
    row = boroughs.set_index("Borough").loc["Camden"]
    assert row["Offences, latest 12 months"] == f"{int(camden['latest']):,}"
    assert row["Rank by rate"] == str(int(camden["rate_rank"]))
