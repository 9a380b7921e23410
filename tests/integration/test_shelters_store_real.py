"""The bus-shelter evaluation as ingest stores it, on the real extracts, against an independent computation.

A store is built by the real CLI from ../shared/data (the TfL stop list, the GLA borough boundaries
and the police.uk street-level files: the only extracts the shelter page reads) plus an illustrative
pilot list written here over real TfL stops. The shared folder's only 'Violence and sexual offences'
points are the City of London Police's (2023-10..2025-12), so the four evaluated "pilots" are real
City stops with made-up go-live dates inside that span. They are not the real pilot sites, which TfL
and the Met have not published; the list sits in a folder with its own sample manifest, so the store
marks it illustrative, as it would the bundled sample.

The test recomputes, from the raw files and with its own code (atan2 haversine, its own BNG
transformation from the same published parameters, its own Poisson interval): the borough of every
comparison stop, every site's crimes before and after, and the difference in differences with its
interval per phase and overall. Comparison stops are the store's choice; the test checks they obey
the rules (same borough, not virtual, more than twice the radius from every camera and from each
other) rather than choosing them again.

A second store holds the bundled illustrative sample pilot list (synthetic codes) on the same real
data: most codes are not in the real TfL list, the rest are Met stops with no Met violence points,
and everything must still be said plainly rather than fail.
"""

from __future__ import annotations

import glob
import hashlib
import json
import math
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer

from dashboard.analysis import shelters as sh
from dashboard.words import shelters as shelter_words
from dashboard.words.shelter_problems import site_note_text
from tests.conftest import PROJECT_ROOT, SAMPLE_DATA, SHARED_DATA, ingest

STOPS_CSV = SHARED_DATA / "tfl" / "bus-stops.csv"
BOROUGHS = SHARED_DATA / "geography" / "london_boroughs_gss_wgs84.geojson"
STREET = SHARED_DATA / "police_uk_street"
CITY = STREET / "city_of_london"

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (STOPS_CSV.is_file() and BOROUGHS.is_file() and CITY.is_dir()),
        reason=f"the real published extracts are not at {SHARED_DATA} (set VAWG_SHARED_DATA)",
    ),
]

# Bus_Stop_Code, Stop_Name (checked), phase, go-live. The first four are City of London stops among
# those with the most violence points within 100 m; the fifth is a Met stop (Westminster), for which
# the shared data hold no violence points; the sixth is in no TfL list.
PILOTS = [
    ("72104", "LIVERPOOL STREET STATION <> #", "1", "2024-10-01"),
    ("48136", "GRACECHURCH STREET / MONUMENT STATION <>", "1", "2024-10-01"),
    ("56735", "LUDGATE HILL / OLD BAILEY", "2", "2024-12-01"),
    ("58621", "ALDGATE STATION <>", "2", "2024-12-01"),
    ("71707", "LEICESTER SQUARE STATION <>", "2", "2024-12-01"),
    ("99999", None, "2", "2024-12-01"),
]
EVALUATED = PILOTS[:4]
CRIME_TYPE = "Violence and sexual offences"
R = 6_371_008.8
Z = 1.96
REAL_SOURCES = [SHARED_DATA / "tfl", BOROUGHS, STREET]


def write_illustrative_pilot_files(folder: Path) -> Path:
    """The pilot list above and the bundled survey, with a sample manifest so ingest marks them illustrative."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["bus_stop_code,phase,camera_live_date"] + [f"{code},{phase},{live}" for code, _, phase, live in PILOTS]
    (folder / "pilot_sites.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    survey = SAMPLE_DATA / "bus_shelter_pilot" / "passenger_survey.csv"
    (folder / "passenger_survey.csv").write_bytes(survey.read_bytes())
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))}
    (folder / "SAMPLE.json").write_text(
        json.dumps(
            {
                "description": "Illustrative pilot list over real TfL stops, written by the tests; not the real pilot.",
                "files": files,
            }
        )
    )
    return folder


def build_real_store_with_pilots(tmp: Path) -> Path:
    store = tmp / "vawg.duckdb"
    result = ingest(REAL_SOURCES + [write_illustrative_pilot_files(tmp / "pilot")], store)
    assert result.returncode == 0, result.stderr[-3000:]
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return build_real_store_with_pilots(tmp_path_factory.mktemp("shelters-real"))


@pytest.fixture(scope="module")
def con(store):
    with duckdb.connect(str(store), read_only=True) as connection:
        yield connection


# --- The independent computation ------------------------------------------------------------


def own_bng_to_wgs84(easting, northing):
    """OSGB36 -> WGS84 with the published 7-parameter Helmert (EPSG:1314), built here from PROJ parts."""
    to_geographic = Transformer.from_crs("EPSG:27700", "EPSG:4277", always_xy=True)  # grid -> OSGB36 lon/lat
    lon, lat = to_geographic.transform(np.asarray(easting, float), np.asarray(northing, float))
    helmert = Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step +proj=cart +ellps=airy "
        "+step +proj=helmert +x=446.448 +y=-125.157 +z=542.06 +rx=0.15 +ry=0.247 +rz=0.842 +s=-20.489 "
        "+convention=position_vector +step +inv +proj=cart +ellps=WGS84 +step +proj=unitconvert +xy_in=rad +xy_out=deg"
    )
    return helmert.transform(lon, lat)


def distance_m(lon1, lat1, lon2, lat2):
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    a = (
        np.sin((phi2 - phi1) / 2) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin(np.radians(np.subtract(lon2, lon1)) / 2) ** 2
    )
    return 2 * R * np.arctan2(np.sqrt(a), np.sqrt(1 - a))


@pytest.fixture(scope="module")
def raw_stops() -> pd.DataFrame:
    raw = pd.read_csv(STOPS_CSV, dtype=str, keep_default_na=False)
    lon, lat = own_bng_to_wgs84(raw["Location_Easting"].astype(float), raw["Location_Northing"].astype(float))
    return pd.DataFrame(
        {
            "stop_code": raw["Stop_Code_LBSL"],
            "bus_stop_code": raw["Bus_Stop_Code"],
            "stop_name": raw["Stop_Name"],
            "is_virtual": raw["Virtual_Bus_Stop"] == "1",
            "longitude": lon,
            "latitude": lat,
        }
    )


@pytest.fixture(scope="module")
def raw_violence() -> pd.DataFrame:
    files = sorted(glob.glob(str(CITY / "*-city-of-london-street.csv")))
    assert len(files) == 27
    frame = pd.concat([pd.read_csv(f, usecols=["Month", "Longitude", "Latitude", "Crime type"]) for f in files])
    assert (frame["Crime type"] == CRIME_TYPE).sum() == 3_823
    frame = frame[(frame["Crime type"] == CRIME_TYPE) & frame["Longitude"].notna()]
    return frame.rename(columns={"Month": "month", "Longitude": "longitude", "Latitude": "latitude"})


def months(first: str, n: int) -> list[str]:
    return [str(p) for p in pd.period_range(first, periods=n, freq="M")]


def windows(live: str) -> tuple[list[str], list[str]]:
    start = pd.Period(live[:7], "M")  # every go-live here is on the 1st: that month is the first after
    return months(str(start - 12), 12), months(str(start), 12)


def own_counts(lon, lat, live, crimes, radius):
    near = crimes[distance_m(lon, lat, crimes["longitude"].to_numpy(), crimes["latitude"].to_numpy()) <= radius]
    before, after = windows(live)
    return int(near["month"].isin(before).sum()), int(near["month"].isin(after).sum())


def own_did(pb, pa, cb, ca):
    log_rrr = math.log(pa / pb) - math.log(ca / cb)
    se = math.sqrt(1 / pa + 1 / pb + 1 / ca + 1 / cb)
    return math.exp(log_rrr), math.exp(log_rrr - Z * se), math.exp(log_rrr + Z * se)


def point_in_polygon(lon, lat, geometry) -> bool:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    inside = False
    for polygon in polygons:
        for ring in polygon:
            xs, ys = np.asarray(ring)[:, 0], np.asarray(ring)[:, 1]
            for x0, y0, x1, y1 in zip(xs, ys, np.roll(xs, -1), np.roll(ys, -1)):
                if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                    inside = not inside
    return inside


@pytest.fixture(scope="module")
def city_boundary() -> dict:
    features = json.loads(BOROUGHS.read_text(encoding="utf-8"))["features"]
    return next(f["geometry"] for f in features if f["properties"]["GSS_CODE"] == "E09000001")


# --- Tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("radius", [100.0, 200.0])
def test_difference_in_differences_equals_an_independent_computation(con, raw_stops, raw_violence, radius):
    sites = con.execute("SELECT * FROM shelter_sites WHERE radius_m = ?", [radius]).df()
    did = con.execute("SELECT * FROM shelter_did WHERE radius_m = ?", [radius]).df().set_index("phase")
    noun = con.execute("SELECT crime_type_noun FROM shelter_evaluation_info WHERE radius_m = ?", [radius]).fetchone()[0]
    # The store holds numbers; the page words them (dashboard/words/shelters.py).
    did["sentence"] = [shelter_words.did_sentence(row, noun) for _, row in did.iterrows()]
    by_code = raw_stops.loc[raw_stops["bus_stop_code"].isin([p[0] for p in EVALUATED])].set_index("bus_stop_code")
    stops = raw_stops.set_index("stop_code")

    totals: dict[str, list[int]] = {}
    counts = {"pilot": 0, "comparison": 0}
    for code, _, phase, day in EVALUATED:
        pb, pa = own_counts(by_code.at[code, "longitude"], by_code.at[code, "latitude"], day, raw_violence, radius)
        stored = sites.loc[(sites["role"] == "pilot") & (sites["site_id"] == code)].iloc[0]
        assert (stored["crimes_before"], stored["crimes_after"]) == (pb, pa), code
        comps = sites.loc[(sites["role"] == "comparison") & (sites["matched_pilot"] == code)]
        assert 1 <= len(comps) <= 3
        cb = ca = 0
        for _, comp in comps.iterrows():
            b, a = own_counts(
                stops.at[comp["stop_code"], "longitude"],
                stops.at[comp["stop_code"], "latitude"],
                day,
                raw_violence,
                radius,
            )
            assert (comp["crimes_before"], comp["crimes_after"]) == (b, a), comp["stop_code"]
            cb, ca = cb + b, ca + a
        for key in (phase, "all"):
            t = totals.setdefault(key, [0, 0, 0, 0, 0, 0])
            t[0] += pb
            t[1] += pa
            t[2] += cb
            t[3] += ca
            t[4] += 1
            t[5] += len(comps)  # noqa: E702
        counts["pilot"] += 1
        counts["comparison"] += len(comps)
    assert set(did.index) == {"1", "2", "all"}
    for key, (pb, pa, cb, ca, n_pilots, n_comps) in totals.items():
        row = did.loc[key]
        assert (row["pilot_before"], row["pilot_after"], row["comparison_before"], row["comparison_after"]) == (
            pb,
            pa,
            cb,
            ca,
        ), key
        assert (row["pilot_sites"], row["comparison_sites"]) == (n_pilots, n_comps)
        estimate, lower, upper = own_did(pb, pa, cb, ca)
        assert row["estimate"] == pytest.approx(estimate, rel=1e-12)
        assert row["lower"] == pytest.approx(lower, rel=1e-12)
        assert row["upper"] == pytest.approx(upper, rel=1e-12)
        # Per site per month, and never a bare percentage in the sentence.
        absolute = (pa / (12 * n_pilots) - pb / (12 * n_pilots)) - (ca / (12 * n_comps) - cb / (12 * n_comps))
        assert row["absolute_estimate"] == pytest.approx(absolute, rel=1e-12)
        assert (
            f"factor of {estimate:.2f}" in row["sentence"] and f"95% CI {lower:.2f} to {upper:.2f}" in row["sentence"]
        )
        assert "%" not in row["sentence"].replace("95% CI", "")
        # Word for word what ingest used to store: the sentence of the result computed from the counts.
        old = sh.difference_in_differences(
            pb, pa, cb, ca, 12, 12, pilot_sites=n_pilots, comparison_sites=n_comps
        ).sentence(what=noun, comparison="comparison stops")
        assert row["sentence"] == old, key


def test_survey_sentences_worded_from_the_stored_numbers_read_as_before(con):
    """Ingest used to store the sentence survey_feeling_safe wrote; the page now words the stored numbers."""
    survey = con.execute("SELECT site_group, wave, question, response, respondents FROM passenger_survey").df()
    pilots = set(con.execute("SELECT bus_stop_code FROM pilot_sites").df()["bus_stop_code"].astype(str))
    group = survey["site_group"].astype(str).str.strip()
    survey["site_group"] = np.where(
        group.str.lower().isin(["pilot", "comparison"]), group.str.lower(), np.where(group.isin(pilots), "pilot", group)
    )
    old = sh.survey_feeling_safe(survey).did.set_index("question")["sentence"]
    stored = con.execute("SELECT * FROM shelter_survey_did ORDER BY question").df()
    assert len(stored) and "sentence" not in stored.columns
    rendered = {row["question"]: shelter_words.survey_sentence(row) for _, row in stored.iterrows()}
    assert rendered == old.to_dict()


@pytest.mark.parametrize("radius", [100.0, 200.0])
def test_comparison_stops_follow_the_rules(con, raw_stops, city_boundary, radius):
    sites = con.execute("SELECT * FROM shelter_sites WHERE radius_m = ?", [radius]).df()
    comps = sites.loc[sites["role"] == "comparison"]
    assert len(comps) >= 4 and comps["stop_code"].is_unique
    stops = raw_stops.set_index("stop_code")
    cameras = raw_stops.loc[raw_stops["bus_stop_code"].isin([p[0] for p in PILOTS[:5]])]
    for _, comp in comps.iterrows():
        stop = stops.loc[comp["stop_code"]]
        assert not stop["is_virtual"]
        assert comp["borough"] == "City of London"
        assert point_in_polygon(stop["longitude"], stop["latitude"], city_boundary)
        assert (
            distance_m(
                stop["longitude"], stop["latitude"], cameras["longitude"].to_numpy(), cameras["latitude"].to_numpy()
            ).min()
            > 2 * radius
        )
    lon = stops.loc[comps["stop_code"], "longitude"].to_numpy()
    lat = stops.loc[comps["stop_code"], "latitude"].to_numpy()
    gaps = distance_m(lon[:, None], lat[:, None], lon[None, :], lat[None, :])
    assert gaps[~np.eye(len(comps), dtype=bool)].min() > 2 * radius


def _site_note(row: pd.Series) -> str:
    return site_note_text(row["note_kind"], row["note_params"])


def test_sites_that_cannot_be_evaluated_are_listed_with_the_reason(con):
    sites = con.execute("SELECT * FROM shelter_sites WHERE radius_m = 100").df().set_index("site_id")
    assert sites.at["99999", "status"] == "not found"
    assert "not in the TfL bus stop list" in _site_note(sites.loc["99999"])
    assert pd.isna(sites.at["99999", "longitude"])
    assert sites.at["71707", "status"] == "not evaluated"
    assert sites.at["71707", "borough"] == "Westminster"
    assert "Metropolitan Police Service" in _site_note(sites.loc["71707"])
    stored = con.execute("SELECT kind, params FROM shelter_notes WHERE radius_m = 100").fetchall()
    notes = " ".join(shelter_words.note_text(kind, params) for kind, params in stored)
    assert "99999" in notes and "71707" in notes
    # Aldgate's circle reaches into Tower Hamlets, whose (Met) violence points are not in the store.
    assert "58621 (ALDGATE STATION <>)" in notes


def test_store_records_crime_type_coverage_and_the_illustrative_flag(con):
    info = con.execute("SELECT * FROM shelter_evaluation_info ORDER BY radius_m").df()
    assert info["radius_m"].tolist() == [100.0, 200.0]
    row = info.iloc[0]
    assert row["crime_type"] == CRIME_TYPE and row["forces"] == "City of London Police"
    assert shelter_words.crime_type_reason_text(row["crime_type_reason_kind"], row["crime_type_reason_params"]) == (
        f"'{CRIME_TYPE}' is the police.uk type closest to violence against women and girls; it includes "
        "crimes against men and boys, because police.uk has no victim sex."
    )
    assert str(row["first_month"])[:7] == "2023-10" and str(row["last_month"])[:7] == "2025-12"
    assert bool(row["is_illustrative"]) and bool(row["survey_is_illustrative"])
    assert not bool(row["crimes_are_sample"]) and not bool(row["stops_are_sample"])
    assert (row["pilot_sites_listed"], row["pilot_sites_found"], row["pilot_sites_evaluated"]) == (6, 5, 4)


def test_stop_boroughs_match_the_boundary_file(con, raw_stops, city_boundary):
    stored = con.execute("SELECT stop_code, borough_name, longitude, latitude FROM bus_stop_boroughs").df()
    assert len(stored) == 20_404
    merged = stored.merge(raw_stops, on="stop_code", suffixes=("", "_own"))
    # Same published transformation, built separately: agreement to a millimetre.
    assert (
        distance_m(merged["longitude"], merged["latitude"], merged["longitude_own"], merged["latitude_own"]).max()
        < 1e-3
    )
    city = merged.loc[merged["borough_name"] == "City of London"]
    assert len(city) > 100
    sample = city.sample(40, random_state=1)
    assert all(point_in_polygon(x, y, city_boundary) for x, y in zip(sample["longitude"], sample["latitude"]))


def test_bundled_sample_pilots_on_real_data_are_reported_not_failed(tmp_path, use_store):
    store = tmp_path / "vawg.duckdb"
    sources = REAL_SOURCES + [SAMPLE_DATA / "bus_shelter_pilot", SAMPLE_DATA / "SAMPLE.json"]
    result = ingest(sources, store)
    assert result.returncode == 0, result.stderr[-3000:]
    with duckdb.connect(str(store), read_only=True) as c:
        info = c.execute("SELECT * FROM shelter_evaluation_info WHERE radius_m = 100").df().iloc[0]
        sites = c.execute("SELECT * FROM shelter_sites WHERE radius_m = 100").df()
        did = c.execute("SELECT * FROM shelter_did").df()
        listed = c.execute("SELECT count(*) FROM pilot_sites").fetchone()[0]
    assert bool(info["is_illustrative"]) and info["pilot_sites_listed"] == listed == 15
    assert len(sites) == 15 and set(sites["status"]) <= {"not found", "not evaluated"}
    assert did.empty
    assert sites["note_kind"].notna().all() and all(_site_note(row) for _, row in sites.iterrows())

    from streamlit.testing.v1 import AppTest

    use_store(store)
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("page_scripts/bus_shelters.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = "\n".join(str(m.value) for m in list(at.markdown) + list(at.warning))
    assert "Illustrative — not official pilot results" in text
    assert "No pilot shelter could be evaluated" in text
