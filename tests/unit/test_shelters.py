"""Unit tests for the shelter-CCTV evaluation maths, with expected numbers worked out by hand.

Every expected value is written from first principles here (sphere geometry, Poisson and Wilson
formulas) rather than by calling the function under test a second time.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analysis import shelters as sh

R = 6_371_008.8  # the module's stated Earth radius, metres
LAT0 = 51.5
LON0 = 0.0


def north(d_m: float, lat: float = LAT0) -> float:
    """Latitude d metres due north: along a meridian, arc = R * dlat (radians)."""
    return lat + math.degrees(d_m / R)


def east(d_m: float, lat: float = LAT0, lon: float = LON0) -> float:
    """Longitude at great-circle distance d due east on the same parallel.

    haversine: sin^2(d/2R) = cos^2(lat) sin^2(dlon/2)  =>  dlon = 2 asin(sin(d/2R) / cos(lat)).
    """
    return lon + math.degrees(2 * math.asin(math.sin(d_m / (2 * R)) / math.cos(math.radians(lat))))


# ------------------------------------------------------------------------------------------
# Coordinates
# ------------------------------------------------------------------------------------------


def test_haversine_one_degree_of_latitude_is_r_pi_over_180():
    assert sh.haversine_m(0.0, 0.0, 0.0, 1.0) == pytest.approx(R * math.pi / 180, abs=1e-6)
    assert sh.haversine_m(0.0, 0.0, 1.0, 0.0) == pytest.approx(111_195.0802335, abs=1e-3)
    # Due east on a parallel, by the inverse formula in `east`.
    assert sh.haversine_m(LON0, LAT0, east(250.0), LAT0) == pytest.approx(250.0, abs=1e-6)


def test_borough_for_points_square_with_hole_and_multipolygon():
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    boundaries = {
        "type": "FeatureCollection",
        "features": [
            {"properties": {"NAME": "A"}, "geometry": {"type": "Polygon", "coordinates": [square, hole]}},
            {
                "properties": {"NAME": "B"},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [
                        [[[20, 0], [30, 0], [30, 10], [20, 0]]],
                        [[[40, 0], [50, 0], [50, 5], [40, 5], [40, 0]]],
                    ],
                },
            },
        ],
    }
    lon = [1, 5, 25, 29, 45, 15, 45]
    lat = [1, 5, 1, 9, 2, 5, 8]
    got = sh.borough_for_points(lon, lat, boundaries)
    # (5,5) is in A's hole; (25,1) is under B's triangle diagonal y = x - 20 -> inside;
    # (29,9) is inside too (9 < 29 - 20); (15,5) is between; (45,8) is above B's second square.
    assert got.tolist() == ["A", None, "B", "B", "B", None, None]


# ------------------------------------------------------------------------------------------
# crimes_near_sites
# ------------------------------------------------------------------------------------------


def test_crimes_near_sites_counts_by_hand():
    sites = pd.DataFrame({"site_id": ["s1", "s2"], "longitude": [LON0, east(1000.0)], "latitude": [LAT0, LAT0]})
    crimes = pd.DataFrame(
        {
            "month": ["2024-01", "2024-01", "2024-01", "2024-02", "2024-02", "2024-03", "2024-03", "2024-01"],
            "longitude": [LON0, LON0, LON0, east(99.0), east(1000.0), LON0, east(500.0), np.nan],
            "latitude": [north(50.0), north(99.9), north(100.1), LAT0, north(60.0), LAT0, LAT0, np.nan],
        }
    )
    got = sh.crimes_near_sites(sites, crimes, radius_m=100)
    assert list(got.columns) == ["site_id", "month", "crimes"]
    months = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"])
    # s1: Jan 50 m and 99.9 m (100.1 m is out); Feb 99 m east; Mar at the site; 500 m east is out.
    # s2 (1 km east): Feb 60 m north of it. The row without coordinates counts nowhere.
    expected = pd.DataFrame(
        {"site_id": ["s1"] * 3 + ["s2"] * 3, "month": list(months) * 2, "crimes": [2, 1, 1, 0, 1, 0]}
    )
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False)
    # With a 600 m radius s1 gains the 100.1 m and the 500 m crimes, s2 gains the 500 m crime.
    wide = sh.crimes_near_sites(sites, crimes, radius_m=600)
    assert wide["crimes"].tolist() == [3, 1, 2, 0, 1, 1]


def test_crimes_near_sites_given_months_and_shared_crime():
    sites = pd.DataFrame({"site_id": [1, 2], "lon": [LON0, LON0], "lat": [LAT0, north(100.0)]})
    crimes = pd.DataFrame({"month": ["2023-12"], "longitude": [LON0], "latitude": [north(50.0)]})
    got = sh.crimes_near_sites(sites, crimes, 100, months=["2023-11", "2023-12", "2024-01"])
    # The crime is 50 m from both sites, so it counts at both; empty months are zeros.
    assert got["crimes"].tolist() == [0, 1, 0, 0, 1, 0]
    assert got["month"].dt.strftime("%Y-%m").tolist() == ["2023-11", "2023-12", "2024-01"] * 2


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-800, 800), st.floats(-800, 800)), min_size=1, max_size=5),
    st.lists(st.tuples(st.floats(-800, 800), st.floats(-800, 800), st.integers(0, 2)), max_size=40),
    st.floats(20, 500),
)
def test_crimes_near_sites_matches_brute_force(site_xy, crime_xy, radius):
    # Small offsets in metres around (0, 51.5), turned into degrees with a flat approximation;
    # the check is a brute-force haversine over every pair, written here.
    def to_deg(x, y):
        return LON0 + x / (R * math.cos(math.radians(LAT0))) * 180 / math.pi, LAT0 + y / R * 180 / math.pi

    s = [to_deg(x, y) for x, y in site_xy]
    c = [(*to_deg(x, y), m) for x, y, m in crime_xy]
    sites = pd.DataFrame({"site_id": range(len(s)), "longitude": [p[0] for p in s], "latitude": [p[1] for p in s]})
    months = ["2024-01", "2024-02", "2024-03"]
    crimes = pd.DataFrame(
        {"month": [months[m] for *_, m in c], "longitude": [p[0] for p in c], "latitude": [p[1] for p in c]}
    )
    got = sh.crimes_near_sites(sites, crimes, radius, months=months)
    for i, (slon, slat) in enumerate(s):
        for k, _month in enumerate(months):
            surely_in = maybe_in = 0  # a point within a micrometre of the circle may round either way
            for clon, clat, m in c:
                p1, p2 = math.radians(slat), math.radians(clat)
                a = (
                    math.sin((p2 - p1) / 2) ** 2
                    + math.cos(p1) * math.cos(p2) * math.sin(math.radians(clon - slon) / 2) ** 2
                )
                d = 2 * R * math.atan2(math.sqrt(a), math.sqrt(1 - a))
                surely_in += m == k and d <= radius - 1e-6
                maybe_in += m == k and d <= radius + 1e-6
            assert surely_in <= got["crimes"].iloc[i * 3 + k] <= maybe_in


# ------------------------------------------------------------------------------------------
# choose_comparison_sites
# ------------------------------------------------------------------------------------------


def _world():
    pilots = pd.DataFrame(
        {"site_id": ["P1"], "borough": ["A"], "longitude": [LON0], "latitude": [LAT0], "live_date": ["2024-03-01"]}
    )
    stops = pd.DataFrame(
        {
            "stop_code": ["a", "b", "c", "d", "e", "f", "g"],
            "borough": ["A", "A", "A", "A", "B", "A", "A"],
            "longitude": [
                east(150.0),
                east(1000.0),
                east(2000.0),
                east(3000.0),
                east(1000.0),
                east(1050.0),
                east(5000.0),
            ],
            "latitude": [LAT0, LAT0, LAT0, LAT0, north(500.0), LAT0, LAT0],
            "is_virtual": [False, False, False, False, False, False, True],
        }
    )
    counts = pd.DataFrame(
        {"site_id": ["P1", "a", "b", "c", "d", "e", "f", "g"], "crimes": [10, 10, 10, 12, 8, 10, 10, 10]}
    )
    return pilots, stops, counts


def test_choose_comparison_sites_rules_by_hand():
    pilots, stops, counts = _world()
    got = sh.choose_comparison_sites(pilots, stops, counts, radius_m=100, per_pilot=3)
    # a is 150 m from the pilot (< 2 x 100 m): excluded. e is in borough B, g is virtual.
    # b and f both match exactly (difference 0): b wins the tie on stop code; f is 50 m from b, so
    # skipped. c and d both differ by 2: c wins the tie on stop code, then d.
    assert got["site_id"].tolist() == ["b", "c", "d"]
    assert got["rank"].tolist() == [1, 2, 3]
    assert got["count_difference"].tolist() == [0, 2, 2]
    assert got["crimes_before"].tolist() == [10, 12, 8]
    assert got["pilot_crimes_before"].tolist() == [10, 10, 10]
    assert got["nearest_camera_m"].tolist() == pytest.approx([1000.0, 2000.0, 3000.0], abs=1e-6)
    assert list(got.columns) == [
        "pilot_site_id",
        "site_id",
        "rank",
        "borough",
        "longitude",
        "latitude",
        "pilot_crimes_before",
        "crimes_before",
        "count_difference",
        "nearest_camera_m",
    ]


def test_choose_comparison_sites_exclusion_and_shortfall():
    pilots, stops, counts = _world()
    # 1.5 km exclusion: only c, d qualify (and f/b are out); fewer than asked is allowed.
    got = sh.choose_comparison_sites(pilots, stops, counts, radius_m=100, per_pilot=3, exclusion_m=1500)
    assert got["site_id"].tolist() == ["c", "d"]
    # Another camera at 1.4 km east is 600 m from c (out) and 1.6 km from d (still eligible).
    other = pd.DataFrame({"longitude": [east(1400.0)], "latitude": [LAT0]})
    got = sh.choose_comparison_sites(pilots, stops, counts, 100, 3, exclusion_m=1500, other_camera_sites=other)
    assert got["site_id"].tolist() == ["d"]
    with pytest.raises(ValueError, match="overlap"):
        sh.choose_comparison_sites(pilots, stops, counts, radius_m=100, exclusion_m=150)
    with pytest.raises(ValueError, match="no count"):
        sh.choose_comparison_sites(pilots, stops, counts[counts["site_id"] != "d"], radius_m=100)


def test_choose_comparison_sites_round_robin_without_replacement():
    pilots, stops, counts = _world()
    # Two pilots, both with count 10. P0 goes live first, so it picks first in each round.
    pilots = pd.concat(
        [
            pilots,
            pd.DataFrame(
                {
                    "site_id": ["P0"],
                    "borough": ["A"],
                    "longitude": [east(-1000.0)],
                    "latitude": [LAT0],
                    "live_date": ["2024-01-01"],
                }
            ),
        ],
        ignore_index=True,
    )
    counts = pd.concat([counts, pd.DataFrame({"site_id": ["P0"], "crimes": [10]})], ignore_index=True)
    got = sh.choose_comparison_sites(pilots, stops, counts, radius_m=100, per_pilot=2)
    # Round 1: P0 takes b (diff 0); P1's best left is c (diff 2, wins tie with d). Round 2: P0 takes d;
    # P1 has nothing left (f is within 200 m of b).
    assert list(zip(got["pilot_site_id"], got["site_id"], got["rank"])) == [
        ("P0", "b", 1),
        ("P0", "d", 2),
        ("P1", "c", 1),
    ]


def test_choose_comparison_sites_monthly_counts_use_each_pilots_window():
    pilots, stops, _ = _world()
    stops = stops[stops["stop_code"].isin(["b", "c"])]
    # Go-live 2024-03-01 with 2 months before: window Jan+Feb 2024. Dec 2023 must be ignored.
    rows = [
        ("P1", "2023-12", 50),
        ("P1", "2024-01", 3),
        ("P1", "2024-02", 3),
        ("P1", "2024-03", 9),
        ("b", "2023-12", 0),
        ("b", "2024-01", 1),
        ("b", "2024-02", 1),
        ("b", "2024-03", 9),
        ("c", "2023-12", 40),
        ("c", "2024-01", 3),
        ("c", "2024-02", 2),
        ("c", "2024-03", 0),
    ]
    counts = pd.DataFrame(rows, columns=["site_id", "month", "crimes"])
    got = sh.choose_comparison_sites(pilots, stops, counts, radius_m=100, per_pilot=1, months_before=2)
    # Pilot 6; b has 2 (diff 4); c has 5 (diff 1) -> c.
    assert got["site_id"].tolist() == ["c"] and got["crimes_before"].tolist() == [5]
    with pytest.raises(ValueError, match="not covered"):
        sh.choose_comparison_sites(pilots, stops, counts, radius_m=100, per_pilot=1, months_before=4)


# ------------------------------------------------------------------------------------------
# difference_in_differences
# ------------------------------------------------------------------------------------------


def test_did_worked_example():
    # Pilot 40 -> 30 at 1 site, comparison 100 -> 120 over 3 sites, 12 months each side.
    r = sh.difference_in_differences(40, 30, 100, 120, 12, 12, pilot_sites=1, comparison_sites=3)
    assert r.estimate == pytest.approx(0.625, abs=1e-12)  # (30/40)/(120/100) = 0.75/1.2
    se = math.sqrt(1 / 30 + 1 / 40 + 1 / 120 + 1 / 100)  # = sqrt(0.0766667) = 0.276887
    assert se == pytest.approx(0.276887, abs=1e-6)
    assert r.lower == pytest.approx(0.625 * math.exp(-1.96 * se), abs=1e-12)  # 0.625 x e^-0.5427
    assert r.upper == pytest.approx(0.625 * math.exp(1.96 * se), abs=1e-12)  # 0.625 x e^0.5427
    assert r.lower == pytest.approx(0.363236, abs=1e-6) and r.upper == pytest.approx(1.075403, abs=1e-6)
    # Per site-month: pilot 2.5 - 3.3333 = -0.8333; comparison 120/36 - 100/36 = 0.5556; DiD = -25/18.
    assert r.absolute_estimate == pytest.approx(-25 / 18, abs=1e-12)
    abs_se = math.sqrt(30 / 12**2 + 40 / 12**2 + 120 / 36**2 + 100 / 36**2)  # sqrt(0.655864) = 0.809854
    assert abs_se == pytest.approx(0.809854, abs=1e-6)
    assert r.absolute_lower == pytest.approx(-25 / 18 - 1.96 * abs_se, abs=1e-12)
    assert r.absolute_upper == pytest.approx(-25 / 18 + 1.96 * abs_se, abs=1e-12)
    assert r.estimable and not r.continuity_corrected and not r.too_small
    assert "sqrt(1/Pa + 1/Pb + 1/Ca + 1/Cb)" in r.method


def test_did_no_change_sentence():
    r = sh.difference_in_differences(100, 100, 100, 100)
    # RRR 1; CI exp(+/-1.96 x sqrt(4/100)) = exp(+/-0.392) = 0.6757 .. 1.4799
    assert (r.lower, r.upper) == pytest.approx((math.exp(-0.392), math.exp(0.392)), abs=1e-12)
    text = r.sentence()
    assert text.startswith(
        "Crimes near pilot shelters changed by a factor of 1.00 relative to comparison shelters "
        "(95% CI 0.68 to 1.48): no clear evidence of an effect."
    )
    assert text.count("%") == 2  # only the two "95% CI" labels; never a bare percentage change
    assert "100 crimes in the 12 months before" in text


def test_did_clear_fall_and_rise_sentences():
    fall = sh.difference_in_differences(200, 50, 200, 200)
    # RRR 0.25; SE sqrt(1/50 + 3/200) = sqrt(0.035) = 0.187083; upper 0.25 e^0.366683 = 0.3607
    assert fall.upper == pytest.approx(0.25 * math.exp(1.96 * math.sqrt(0.035)), abs=1e-12)
    assert "relative fall" in fall.sentence()
    rise = sh.difference_in_differences(50, 200, 200, 200)
    assert rise.estimate == pytest.approx(4.0) and "relative rise" in rise.sentence()
    assert "reporting" in rise.sentence()


def test_did_warns_when_groups_were_not_matched_before():
    # Pilot 120 before at 1 site vs comparison 240 before at 3 sites: 120 / 80 = 1.5 times the rate.
    r = sh.difference_in_differences(120, 60, 240, 200, pilot_sites=1, comparison_sites=3)
    assert r.pre_period_ratio == pytest.approx(1.5, abs=1e-12)
    assert "1.50 times the comparison sites' rate" in r.sentence() and "regression to the mean" in r.sentence()
    # 100 vs 300/3 = 100: balanced, no warning.
    assert "not well matched" not in sh.difference_in_differences(100, 60, 300, 200, comparison_sites=3).sentence()


def test_did_zero_count_uses_haldane_correction_and_flags_small():
    r = sh.difference_in_differences(12, 0, 11, 15)
    # 0.5 added to all four: (0.5/12.5) / (15.5/11.5) = 0.04 / 1.347826 = 0.0296774
    assert r.estimate == pytest.approx((0.5 / 12.5) / (15.5 / 11.5), abs=1e-12)
    se = math.sqrt(1 / 0.5 + 1 / 12.5 + 1 / 15.5 + 1 / 11.5)
    assert r.upper == pytest.approx(r.estimate * math.exp(1.96 * se), abs=1e-12)
    assert r.continuity_corrected and r.too_small and r.estimable
    assert "0.5 added" in r.method and "too narrow" in r.absolute_method
    assert r.sentence().startswith("Too few crimes for any conclusion")
    # Absolute difference still uses the raw counts: (0 - 1) - (15/12 - 11/12) = -4/3.
    assert r.absolute_estimate == pytest.approx(-4 / 3, abs=1e-12)


def test_did_not_estimable_when_a_group_has_no_crimes():
    r = sh.difference_in_differences(0, 0, 11, 15)
    assert not r.estimable and math.isnan(r.estimate) and math.isnan(r.lower)
    assert "not estimable" in r.method
    assert r.sentence().startswith("No estimate is possible")


def test_did_small_count_threshold_is_ten():
    assert sh.difference_in_differences(10, 10, 10, 10).too_small is False
    assert sh.difference_in_differences(10, 9, 10, 10).too_small is True
    with pytest.raises(ValueError):
        sh.difference_in_differences(-1, 3, 4, 5)
    with pytest.raises(ValueError):
        sh.difference_in_differences(1.5, 3, 4, 5)


def test_did_unequal_windows_exposure():
    # 6 months before, 12 after, 2 pilot sites, 4 comparison sites.
    r = sh.difference_in_differences(24, 60, 40, 90, 6, 12, pilot_sites=2, comparison_sites=4)
    # RRR: month and site exposures cancel: (60/24) / (90/40) = 2.5 / 2.25 = 1.1111
    assert r.estimate == pytest.approx(10 / 9, abs=1e-12)
    # Rates: pilot 60/24 - 24/12 = 0.5; comparison 90/48 - 40/24 = 0.208333; DiD = 0.291667 = 7/24
    assert r.absolute_estimate == pytest.approx(7 / 24, abs=1e-12)
    var = 60 / 24**2 + 24 / 12**2 + 90 / 48**2 + 40 / 24**2
    assert r.absolute_upper - r.absolute_estimate == pytest.approx(1.96 * math.sqrt(var), abs=1e-12)


# ------------------------------------------------------------------------------------------
# evaluate
# ------------------------------------------------------------------------------------------


def _crimes_at(lon, lat, month, n):
    return [(month, lon, lat, "Burglary")] * n


def test_evaluate_small_world_by_hand():
    # Pilot P at the origin, live 2024-03-01; candidate stops b (1 km east) and c (2 km east).
    pilots = pd.DataFrame(
        {
            "site_id": ["P", "LATE"],
            "borough": ["A", "A"],
            "longitude": [LON0, east(-3000.0)],
            "latitude": [LAT0, LAT0],
            "live_date": ["2024-03-01", "2025-06-01"],
            "phase": [1, 2],
        }
    )
    stops = pd.DataFrame(
        {
            "stop_code": ["P", "b", "c"],  # the pilot's own stop is in the list (and shares its id)
            "borough": ["A", "A", "A"],
            "longitude": [LON0, east(1000.0), east(2000.0)],
            "latitude": [LAT0, LAT0, LAT0],
        }
    )
    rows = []
    p, b, c = (LON0, north(30.0)), (east(1000.0), north(40.0)), (east(2000.0), LAT0)
    rows += _crimes_at(*p, "2023-12", 5)  # outside the 2-month window: ignored
    rows += _crimes_at(*p, "2024-01", 3) + _crimes_at(*p, "2024-02", 2)
    rows += _crimes_at(*p, "2024-03", 1) + _crimes_at(*p, "2024-04", 1)
    rows += _crimes_at(*b, "2024-01", 2) + _crimes_at(*b, "2024-02", 2)
    rows += _crimes_at(*b, "2024-03", 4) + _crimes_at(*b, "2024-04", 2)
    rows += _crimes_at(*c, "2024-01", 10)
    rows += [("2024-02", p[0], p[1], "Robbery")] * 7  # another crime type: filtered out
    crimes = pd.DataFrame(rows, columns=["month", "longitude", "latitude", "crime_type"])

    ev = sh.evaluate(
        pilots, stops, crimes, radius_m=100, months_before=2, months_after=2, crime_type="Burglary", per_pilot=1
    )

    s = ev.sites.set_index("site_id")
    assert list(ev.sites.columns) == sh.SITE_COLUMNS
    # Pilot: before 3 + 2 = 5, after 1 + 1 = 2. b: 4 before (|4 - 5| = 1 beats c's |10 - 5| = 5), 6 after.
    assert (s.loc["P", "crimes_before"], s.loc["P", "crimes_after"]) == (5, 2)
    assert s.loc["b", "role"] == "comparison" and s.loc["b", "matched_pilot"] == "P"
    assert (s.loc["b", "crimes_before"], s.loc["b", "crimes_after"]) == (4, 6)
    assert s.loc["b", "phase"] == "1" and s.loc["b", "live_date"] == pd.Timestamp("2024-03-01")
    assert s.loc["b", "before_first_month"] == pd.Timestamp("2024-01-01")
    assert s.loc["b", "after_last_month"] == pd.Timestamp("2024-04-01")
    assert "c" not in s.index
    # The late pilot's windows (2025) are not in the data: kept, flagged, left out.
    assert not s.loc["LATE", "included"] and s.loc["LATE", "note_kind"] == "windows_not_covered"
    assert s.loc["LATE", "note_params"] == {} and pd.isna(s.loc["b", "note_kind"])
    assert sh.Note("pilot_outside_crime_months", {"site_id": "LATE", "months_before": 2, "months_after": 2}) in ev.notes

    d = ev.did.set_index("phase")
    assert list(ev.did.columns) == sh.DID_COLUMNS
    assert d.index.tolist() == ["1", "all"]
    row = d.loc["all"]
    assert (row["pilot_before"], row["pilot_after"], row["comparison_before"], row["comparison_after"]) == (5, 2, 4, 6)
    # RRR = (2/5) / (6/4) = 0.4 / 1.5 = 0.266667; SE = sqrt(1/2 + 1/5 + 1/6 + 1/4) = sqrt(1.116667)
    assert row["estimate"] == pytest.approx(4 / 15, abs=1e-12)
    assert row["upper"] == pytest.approx(4 / 15 * math.exp(1.96 * math.sqrt(1 / 2 + 1 / 5 + 1 / 6 + 1 / 4)), abs=1e-12)
    # Absolute: (1 - 2.5) - (3 - 2) = -2.5 crimes per site per month
    assert row["absolute_estimate"] == pytest.approx(-2.5, abs=1e-12)
    assert bool(row["too_small"]) and row["sentence"].startswith("Too few burglary crimes")
    assert row["crime_type"] == "Burglary" and row["radius_m"] == 100.0

    m = ev.monthly[ev.monthly["phase"] == "all"].set_index(["group", "relative_month"])["crimes"]
    assert [m[("pilot", k)] for k in (-2, -1, 0, 1)] == [3, 2, 1, 1]
    assert [m[("comparison", k)] for k in (-2, -1, 0, 1)] == [2, 2, 4, 2]
    assert list(ev.monthly.columns) == sh.MONTHLY_COLUMNS


def test_evaluate_mid_month_go_live_skips_the_transition_month():
    pilots = pd.DataFrame(
        {"site_id": ["P"], "borough": ["A"], "longitude": [LON0], "latitude": [LAT0], "live_date": ["2024-03-15"]}
    )
    stops = pd.DataFrame({"stop_code": ["b"], "borough": ["A"], "longitude": [east(1000.0)], "latitude": [LAT0]})
    rows = []
    for month, n in (("2024-02", 1), ("2024-03", 50), ("2024-04", 2)):
        rows += [(month, LON0, LAT0)] * n + [(month, east(1000.0), LAT0)]
    crimes = pd.DataFrame(rows, columns=["month", "longitude", "latitude"])
    ev = sh.evaluate(pilots, stops, crimes, months_before=1, months_after=1, per_pilot=1)
    p = ev.sites.set_index("site_id").loc["P"]
    # Before = Feb (1), after = April (2); the 50 in March (go-live month) count in neither.
    assert (p["crimes_before"], p["crimes_after"]) == (1, 2)
    assert p["after_first_month"] == pd.Timestamp("2024-04-01")
    assert ev.did["phase"].tolist() == ["all"]


# ------------------------------------------------------------------------------------------
# Survey
# ------------------------------------------------------------------------------------------


def test_wilson_interval_by_hand():
    # x = 8, n = 10: p = 0.8, z^2 = 3.8416, denominator 1.38416,
    # centre (0.8 + 0.19208) / 1.38416 = 0.716738, half 1.96 sqrt(0.016 + 0.009604) / 1.38416 = 1.96 x 0.1600125 / 1.38416 = 0.226581
    lo, hi = sh.wilson_interval(8, 10)
    assert lo == pytest.approx(0.716738 - 0.226581, abs=2e-6) and hi == pytest.approx(0.716738 + 0.226581, abs=2e-6)
    # x = 0: lower bound 0, upper 2 x 0.19208 / 1.38416 = 0.277540
    lo, hi = sh.wilson_interval(0, 10)
    assert lo == 0.0 and hi == pytest.approx(0.277540, abs=2e-6)
    lo, hi = sh.wilson_interval([8, 0, 0], [10, 10, 0])
    assert np.isnan(lo[2]) and np.isnan(hi[2]) and hi[1] == pytest.approx(0.277540, abs=2e-6)
    with pytest.raises(ValueError):
        sh.wilson_interval(11, 10)


def _survey():
    rows = []
    for group, wave, answers in (
        ("pilot", "before", {"Very safe": 20, "Fairly safe": 30, "Fairly unsafe": 40, "Very unsafe": 10}),
        ("pilot", "after", {"very safe ": 35, "Fairly safe": 35, "Fairly unsafe": 20, "Don't know": 10}),
        ("comparison", "before", {"Very safe": 25, "Fairly safe": 25, "Very unsafe": 50}),
        ("comparison", "after", {"Very safe": 27, "Fairly safe": 28, "Very unsafe": 45}),
    ):
        for response, n in answers.items():
            rows.append((group, wave, "How safe do you feel at this stop after dark?", response, n))
    return pd.DataFrame(rows, columns=["site_group", "wave", "question", "response", "respondents"])


def test_survey_feeling_safe_shares_and_did():
    result = sh.survey_feeling_safe(_survey())
    shares = result.shares.set_index(["site_group", "wave"])
    # Pilot after: 35 + 35 of 100 ("very safe " matches; "Don't know" stays in the denominator).
    assert shares.loc[("pilot", "after"), "feeling_safe"] == 70
    assert shares.loc[("pilot", "after"), "respondents"] == 100
    assert shares.loc[("pilot", "before"), "share"] == pytest.approx(0.5)
    # Wilson for 50/100: centre 0.5, half 1.96 sqrt(0.0025 + 0.00009604) / 1.038416 = 0.096170
    assert shares.loc[("pilot", "before"), "lower"] == pytest.approx(0.5 - 0.096170, abs=2e-6)
    did = result.did.iloc[0]
    # (0.70 - 0.50) - (0.55 - 0.50) = 0.15; SE sqrt(.25/100 + .21/100 + .25/100 + .2475/100) = sqrt(0.009575)
    assert did["estimate"] == pytest.approx(0.15, abs=1e-12)
    assert did["upper"] - did["estimate"] == pytest.approx(1.96 * math.sqrt(0.009575), abs=1e-12)
    assert did["lower"] == pytest.approx(0.15 - 0.191790, abs=1e-5)
    assert not did["too_small"] and did["estimable"]
    assert "+15 percentage points" in did["sentence"] and "no clear evidence" in did["sentence"]
    assert "100 and 100 respondents" in did["sentence"]


def test_survey_small_base_and_missing_cell():
    small = _survey()
    small["respondents"] = (small["respondents"] // 10).clip(lower=1)
    r = sh.survey_feeling_safe(small)
    assert bool(r.did["too_small"].iloc[0]) and r.did["sentence"].iloc[0].startswith("Too few respondents")
    missing = _survey()
    missing = missing[~((missing["site_group"] == "comparison") & (missing["wave"] == "after"))]
    r = sh.survey_feeling_safe(missing)
    assert not bool(r.did["estimable"].iloc[0]) and math.isnan(r.did["estimate"].iloc[0])
