"""Unit tests for dashboard.analysis.hotspots.

Hand-computed Gi*, Gi* against a naive loop, BH, Mann–Kendall against scipy, the emerging hot
spot rules on hand-made series, and the shape of the ingest tables."""

from __future__ import annotations

import datetime as dt
import math

import h3
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import kendalltau, norm

from dashboard.analysis import hotspots as hs

CENTRE = h3.latlng_to_cell(51.5155, -0.0922, 8)  # a res-8 cell in the City of London


def as_int(cell: str) -> int:
    return h3.str_to_int(cell)


def sorted_cells(cells) -> np.ndarray:
    return np.array(sorted(as_int(c) for c in cells), dtype=np.uint64)


# ---------------------------------------------------------------------------------------------
# Gi* by hand
# ---------------------------------------------------------------------------------------------


def test_gi_star_by_hand_on_a_path_of_three():
    # w = [[1,1,0],[1,1,1],[0,1,1]], x = [1,2,3]: n=3, mean 2, S = sqrt(14/3 - 4) = sqrt(2/3).
    # Node 0: (3 - 2*2) / (S * sqrt((3*2 - 4)/2)) = -1/sqrt(2/3) = -sqrt(3/2).
    # Node 1: W = 3 = n, so n*W - W^2 = 0: degenerate, z = 0 by convention.
    w = np.array([[1, 1, 0], [1, 1, 1], [0, 1, 1]], dtype=float)
    z, p = hs.getis_ord_gi_star(np.array([1.0, 2.0, 3.0]), w)
    assert z == pytest.approx([-math.sqrt(1.5), 0.0, math.sqrt(1.5)], abs=1e-12)
    assert p[0] == pytest.approx(2 * norm.sf(math.sqrt(1.5)), abs=1e-12)
    assert p[1] == 1.0


def test_gi_star_by_hand_on_one_h3_disk():
    # Study area = a cell and its 6 neighbours; 6 offences in the centre, none around.
    # n = 7, mean = 6/7, S = sqrt(36/7 - 36/49) = sqrt(216)/7.
    # Centre: W = 7, sum w x = 6 -> numerator 6 - 7*6/7 = 0 -> z = 0.
    # Ring cell: W = 4 (itself, the centre, its two ring neighbours), sum w x = 6:
    #   numerator 6 - 4*6/7 = 18/7; denominator (sqrt(216)/7) * sqrt((7*4 - 16)/6) = sqrt(432)/7
    #   z = 18 / sqrt(432) = sqrt(3)/2.
    cells = sorted_cells(h3.grid_disk(CENTRE, 1))
    w = hs.neighbour_weights(cells)
    x = np.where(cells == as_int(CENTRE), 6.0, 0.0)
    z, _ = hs.getis_ord_gi_star(x, w)
    centre = int(np.flatnonzero(cells == as_int(CENTRE))[0])
    assert z[centre] == pytest.approx(0.0, abs=1e-12)
    ring = np.delete(z, centre)
    assert ring == pytest.approx(np.full(6, math.sqrt(3) / 2), abs=1e-12)
    assert np.asarray(w.sum(axis=1)).ravel()[centre] == 7
    assert sorted(np.delete(np.asarray(w.sum(axis=1)).ravel(), centre)) == [4] * 6


def test_gi_star_constant_values_give_zero_not_nan():
    cells = sorted_cells(h3.grid_disk(CENTRE, 2))
    w = hs.neighbour_weights(cells)
    for value in (0.0, 3.0):
        z, p = hs.getis_ord_gi_star(np.full(cells.size, value), w)
        assert np.all(z == 0) and np.all(p == 1)


def test_gi_star_columns_are_independent_months():
    cells = sorted_cells(h3.grid_disk(CENTRE, 3))
    w = hs.neighbour_weights(cells)
    rng = np.random.default_rng(3)
    x = rng.poisson(2, size=(cells.size, 5)).astype(float)
    z2, p2 = hs.getis_ord_gi_star(x, w)
    for t in range(5):
        z1, p1 = hs.getis_ord_gi_star(x[:, t], w)
        np.testing.assert_allclose(z2[:, t], z1, atol=1e-12)
        np.testing.assert_allclose(p2[:, t], p1, atol=1e-12)


# ---------------------------------------------------------------------------------------------
# Study area and weights
# ---------------------------------------------------------------------------------------------


def test_study_area_adds_ring_one_zero_neighbours():
    one = hs.study_area(np.array([as_int(CENTRE)], dtype=np.uint64))
    assert set(one.tolist()) == {as_int(c) for c in h3.grid_disk(CENTRE, 1)}
    neighbour = sorted(h3.grid_ring(CENTRE, 1))[0]
    two = hs.study_area(np.array([as_int(CENTRE), as_int(neighbour)], dtype=np.uint64))
    assert two.size == 10  # 7 + 7 - 4 shared (the two cells and their two common neighbours)
    assert np.all(np.diff(two.astype(np.int64)) > 0)
    assert hs.study_area(np.zeros(0, dtype=np.uint64)).size == 0


def test_neighbour_weights_are_binary_symmetric_with_diagonal():
    cells = hs.study_area(sorted_cells(h3.grid_disk(CENTRE, 2)))
    w = hs.neighbour_weights(cells).toarray()
    assert set(np.unique(w)) <= {0.0, 1.0}
    assert np.array_equal(w, w.T)
    assert np.all(np.diag(w) == 1)
    assert w.sum(axis=1).max() == 7
    with pytest.raises(ValueError):
        hs.neighbour_weights(cells[::-1])


# ---------------------------------------------------------------------------------------------
# Vectorised Gi* against a deliberately naive loop
# ---------------------------------------------------------------------------------------------


def naive_gi_star(cell_values: dict[str, float]) -> dict[str, float]:
    """Textbook Gi* with plain loops; the study area is exactly the keys of cell_values."""
    cells = list(cell_values)
    n = len(cells)
    xs = [cell_values[c] for c in cells]
    mean = sum(xs) / n
    s = math.sqrt(sum(v * v for v in xs) / n - mean * mean)
    out = {}
    for c in cells:
        sum_wx = 0.0
        sum_w = 0.0
        sum_w2 = 0.0
        for nb in h3.grid_disk(c, 1):
            if nb in cell_values:
                sum_wx += cell_values[nb]
                sum_w += 1.0
                sum_w2 += 1.0
        denominator = s * math.sqrt((n * sum_w2 - sum_w**2) / (n - 1))
        out[c] = 0.0 if denominator == 0 else (sum_wx - mean * sum_w) / denominator
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_vectorised_gi_star_equals_naive_loop(seed):
    rng = np.random.default_rng(seed)
    patch = sorted(h3.grid_disk(CENTRE, 7))
    active = [c for c in patch if rng.random() < 0.35]
    values = {c: float(rng.poisson(3) + 1) for c in active}
    area = set(active)
    for c in active:
        area.update(h3.grid_disk(c, 1))
    cell_values = {c: values.get(c, 0.0) for c in sorted(area)}
    expected = naive_gi_star(cell_values)

    cells = hs.study_area(np.array([as_int(c) for c in active], dtype=np.uint64))
    assert {h3.int_to_str(int(c)) for c in cells} == area
    x = np.array([cell_values[h3.int_to_str(int(c))] for c in cells])
    z, p = hs.getis_ord_gi_star(x, hs.neighbour_weights(cells))
    got = dict(zip((h3.int_to_str(int(c)) for c in cells), z))
    for c in area:
        assert got[c] == pytest.approx(expected[c], abs=1e-9)
    np.testing.assert_allclose(p, 2 * norm.sf(np.abs(z)), atol=1e-15)


# ---------------------------------------------------------------------------------------------
# Benjamini–Hochberg and confidence bins
# ---------------------------------------------------------------------------------------------


def naive_bh(p: list[float]) -> list[float]:
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    q = [0.0] * m
    for rank, i in enumerate(order, start=1):
        q[i] = min(1.0, min(p[order[j - 1]] * m / j for j in range(rank, m + 1)))
    return q


def test_bh_by_hand():
    # sorted p: 0.005, 0.01, 0.03, 0.04 -> p*m/rank: 0.02, 0.02, 0.04, 0.04 (already monotone)
    q = hs.benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.005]))
    assert q == pytest.approx([0.02, 0.04, 0.04, 0.02])


@given(st.lists(st.floats(0, 1), min_size=1, max_size=60))
@settings(max_examples=200, deadline=None)
def test_bh_matches_naive_definition(p):
    assert hs.benjamini_hochberg(np.array(p)) == pytest.approx(naive_bh(p), abs=1e-12)


def test_bh_is_per_column():
    rng = np.random.default_rng(5)
    p = rng.random((40, 3))
    q = hs.benjamini_hochberg(p)
    for t in range(3):
        assert q[:, t] == pytest.approx(naive_bh(p[:, t].tolist()), abs=1e-12)


def test_confidence_bins_and_labels():
    z = np.array([3.0, 2.0, 1.7, 1.0, -1.7, -2.0, -3.0, 0.5])
    q = np.array([0.001, 0.01, 0.07, 0.2, 0.099, 0.05, 0.0101, 0.5])
    assert hs.confidence_bins(z, q).tolist() == [3, 3, 1, 0, -1, -2, -2, 0]
    assert hs.CONFIDENCE_LABELS[3] == "Hot spot, 99% confidence"
    assert hs.CONFIDENCE_LABELS[-1] == "Cold spot, 90% confidence"
    assert hs.CONFIDENCE_LABELS[0] == "Not significant"


# ---------------------------------------------------------------------------------------------
# Mann–Kendall
# ---------------------------------------------------------------------------------------------


def test_mann_kendall_by_hand():
    s, z, p = hs.mann_kendall(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    # S = 10, Var = 5*4*15/18, z = (10 - 1)/sqrt(Var)
    assert s == 10 and z == pytest.approx(9 / math.sqrt(300 / 18))
    assert p == pytest.approx(2 * norm.sf(9 / math.sqrt(300 / 18)))
    s, z, _ = hs.mann_kendall(np.array([1.0, 1.0, 2.0]))
    # S = 0 + 1 + 1 = 2, Var = (3*2*11 - 2*1*9)/18 = 48/18 (one tie group of 2)
    assert s == 2 and z == pytest.approx(1 / math.sqrt(48 / 18))
    s, z, p = hs.mann_kendall(np.array([4.0, 4.0, 4.0]))
    assert s == 0 and z == 0 and p == 1


@pytest.mark.parametrize("seed", range(8))
def test_mann_kendall_matches_kendalltau_without_ties(seed):
    rng = np.random.default_rng(seed)
    steps = int(rng.integers(4, 40))
    series = rng.normal(size=(6, steps)) + np.linspace(0, rng.normal(), steps)
    s, z, p = hs.mann_kendall(series)
    for row in range(6):
        tau = kendalltau(np.arange(steps), series[row]).statistic
        s_ref = tau * steps * (steps - 1) / 2
        var = steps * (steps - 1) * (2 * steps + 5) / 18
        z_ref = (s_ref - np.sign(s_ref)) / math.sqrt(var)
        assert s[row] == pytest.approx(s_ref, abs=1e-9)
        assert z[row] == pytest.approx(z_ref, abs=1e-9)
        assert p[row] == pytest.approx(2 * norm.sf(abs(z_ref)), abs=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_mann_kendall_tie_variance_matches_scipy(seed):
    # scipy's tau-b asymptotic test with ties only in y uses exactly the MK tie-corrected Var(S)
    # and no continuity correction.
    rng = np.random.default_rng(100 + seed)
    steps = int(rng.integers(5, 30))
    series = rng.integers(0, 4, size=(5, steps)).astype(float)
    _, z, p = hs.mann_kendall(series, continuity=False)
    for row in range(5):
        ref = kendalltau(np.arange(steps), series[row], method="asymptotic")
        if np.isnan(ref.pvalue):
            assert p[row] == 1.0
        else:
            assert p[row] == pytest.approx(ref.pvalue, abs=1e-12)


# ---------------------------------------------------------------------------------------------
# Emerging hot spot rules on hand-made series
# ---------------------------------------------------------------------------------------------


def series(text: str) -> tuple[list[bool], list[bool]]:
    """'H' hot, 'C' cold, '.' neither; oldest first."""
    return [ch == "H" for ch in text], [ch == "C" for ch in text]


NOT_SIG = (0.0, 1.0)
UP = (3.0, 0.001)
DOWN = (-3.0, 0.001)

CASES = [
    ("..........", NOT_SIG, "no pattern detected"),
    (".........H", NOT_SIG, "new hot spot"),
    ("C........H", NOT_SIG, "new hot spot"),  # new takes precedence over oscillating
    ("......HHHH", NOT_SIG, "consecutive hot spot"),
    ("......HHHH", UP, "consecutive hot spot"),
    ("HHHHHHHHHH", NOT_SIG, "persistent hot spot"),
    (".HHHHHHHHH", NOT_SIG, "persistent hot spot"),  # exactly 90 %
    (".HHHHHHHHH", UP, "intensifying hot spot"),
    ("HHHHHHHHHH", DOWN, "diminishing hot spot"),
    ("HHHHHHHHH.", NOT_SIG, "historical hot spot"),
    ("HHHHHHHHH.", DOWN, "historical hot spot"),
    ("HHHHHHHHHC", NOT_SIG, "historical hot spot"),
    ("H.H..H...H", NOT_SIG, "sporadic hot spot"),
    ("HH.HHHH.HH", NOT_SIG, "sporadic hot spot"),  # 80 %, final run is not the only run
    ("H.C..H...H", NOT_SIG, "oscillating hot spot"),
    ("..C.....HH", NOT_SIG, "consecutive hot spot"),  # never hot before the run
    ("H.H..H....", NOT_SIG, "no pattern detected"),  # not hot now, < 90 %
    (".........C", NOT_SIG, "new cold spot"),
    ("......CCCC", NOT_SIG, "consecutive cold spot"),
    ("CCCCCCCCCC", NOT_SIG, "persistent cold spot"),
    ("CCCCCCCCCC", DOWN, "intensifying cold spot"),
    ("CCCCCCCCCC", UP, "diminishing cold spot"),
    ("CCCCCCCCC.", NOT_SIG, "historical cold spot"),
    ("C..C.C...C", NOT_SIG, "sporadic cold spot"),
    ("C..H.C...C", NOT_SIG, "oscillating cold spot"),
    ("HHHHHHHH.H", DOWN, "diminishing hot spot"),  # 9 of 10 hot = 90 %, ends hot, falling
    ("HHHHHHHHHH", (0.5, 0.2), "persistent hot spot"),
]


@pytest.mark.parametrize("text, trend, expected", CASES)
def test_classify_pattern_hand_made(text, trend, expected):
    hot, cold = series(text)
    assert hs.classify_pattern(hot, cold, *trend) == expected
    got = hs.classify_patterns(np.array([hot]), np.array([cold]), np.array([trend[0]]), np.array([trend[1]]))
    assert got.tolist() == [expected]


def test_classify_pattern_ninety_percent_boundary():
    # 20 steps: 18 hot = 90 % (persistent), 17 hot = 85 % (sporadic).
    hot18, cold18 = series("..HHHHHHHHHHHHHHHHHH")
    assert hs.classify_pattern(hot18, cold18, *NOT_SIG) == "persistent hot spot"
    hot17, cold17 = series("H..H.HHHHHHHHHHHHHHH")
    assert hs.classify_pattern(hot17, cold17, *NOT_SIG) == "sporadic hot spot"


def test_classify_pattern_rejects_bad_input():
    with pytest.raises(ValueError):
        hs.classify_pattern([True], [True], 0.0, 1.0)
    with pytest.raises(ValueError):
        hs.classify_pattern([True, False], [False], 0.0, 1.0)
    assert hs.classify_pattern([], [], 0.0, 1.0) == hs.NO_PATTERN


@st.composite
def hot_cold_matrix(draw):
    n = draw(st.integers(1, 12))
    steps = draw(st.integers(1, 15))
    states = draw(st.lists(st.lists(st.sampled_from("HC.."), min_size=steps, max_size=steps), min_size=n, max_size=n))
    trend_z = draw(st.lists(st.floats(-4, 4), min_size=n, max_size=n))
    trend_p = draw(st.lists(st.floats(0, 1), min_size=n, max_size=n))
    return states, trend_z, trend_p


@given(hot_cold_matrix())
@settings(max_examples=300, deadline=None)
def test_vectorised_classification_equals_reference(data):
    states, trend_z, trend_p = data
    hot = np.array([[c == "H" for c in row] for row in states])
    cold = np.array([[c == "C" for c in row] for row in states])
    got = hs.classify_patterns(hot, cold, np.array(trend_z), np.array(trend_p))
    for k in range(len(states)):
        assert got[k] == hs.classify_pattern(hot[k], cold[k], trend_z[k], trend_p[k])
        assert got[k] in hs.PATTERNS


def test_emerging_finds_a_persistent_and_a_new_hot_spot():
    rng = np.random.default_rng(11)
    cells = hs.study_area(sorted_cells(h3.grid_disk(CENTRE, 8)))
    steps = 18
    x = rng.poisson(0.3, size=(cells.size, steps)).astype(float)
    steady = {as_int(c) for c in h3.grid_disk(CENTRE, 1)}
    far = sorted(h3.grid_ring(CENTRE, 6))[0]
    fresh = {as_int(c) for c in h3.grid_disk(far, 1)}
    for k, c in enumerate(cells.tolist()):
        if c in steady:
            x[k] = 8.0
        if c in fresh:
            x[k] = 0.0
            x[k, -1] = 12.0
    result = hs.emerging_hot_spots(x, hs.neighbour_weights(cells))
    where = {c: k for k, c in enumerate(cells.tolist())}
    assert result.pattern[where[as_int(CENTRE)]] == "persistent hot spot"
    assert result.hot[where[as_int(CENTRE)]].all()
    assert result.pattern[where[as_int(far)]] == "new hot spot"
    assert result.z.shape == (cells.size, steps)


# ---------------------------------------------------------------------------------------------
# Cell counts and the ingest tables
# ---------------------------------------------------------------------------------------------


def test_cell_month_counts_counts_and_reports_drops():
    lat, lon = h3.cell_to_latlng(CENTRE)
    points = pd.DataFrame(
        {
            "month": ["2024-01", "2024-01", "2024-02", "2024-02", None, "2024-03"],
            "longitude": [lon, lon, lon, "", lon, np.nan],
            "latitude": [lat, lat, lat, lat, lat, lat],
        }
    )
    out = hs.cell_month_counts(points)
    assert list(out.columns) == ["cell", "month", "offences"]
    assert out["cell"].tolist() == [CENTRE, CENTRE]
    assert out["month"].tolist() == [dt.date(2024, 1, 1), dt.date(2024, 2, 1)]
    assert out["offences"].tolist() == [2, 1]
    assert out.attrs == {"dropped_no_coordinates": 2, "dropped_no_month": 1}
    r9 = hs.cell_month_counts(points, resolution=9)
    assert r9["cell"].tolist()[0] == h3.latlng_to_cell(lat, lon, 9)
    with pytest.raises(ValueError):
        hs.cell_month_counts(points, resolution=10)
    with pytest.raises(ValueError):
        hs.cell_month_counts(points.drop(columns="latitude"))


def test_cell_month_counts_accepts_timestamps_and_dates():
    lat, lon = h3.cell_to_latlng(CENTRE)
    stamps = pd.DataFrame(
        {"month": pd.to_datetime(["2024-05-01", "2024-05-17"]), "longitude": [lon, lon], "latitude": [lat, lat]}
    )
    dates = stamps.assign(month=[dt.date(2024, 5, 1), dt.date(2024, 5, 1)])
    for frame in (stamps, dates):
        out = hs.cell_month_counts(frame)
        assert out["month"].tolist() == [dt.date(2024, 5, 1)]
        assert out["offences"].tolist() == [2]


def synthetic_points(seed: int = 0) -> pd.DataFrame:
    """Points over 15 months: a dense cluster around CENTRE, a light background, some noise."""
    rng = np.random.default_rng(seed)
    months = [f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01", "2025-02", "2025-03"]
    background = sorted(h3.grid_disk(CENTRE, 5))
    cluster = sorted(h3.grid_disk(CENTRE, 1))
    rows = []
    for month in months:
        for cell in background:
            for _ in range(int(rng.poisson(0.4))):
                lat, lon = h3.cell_to_latlng(cell)
                rows.append(
                    (month, lon, lat, "Violence and sexual offences", f"On or near {cell[-6:]} Street", "Westminster")
                )
        for cell in cluster:
            lat, lon = h3.cell_to_latlng(cell)
            for _ in range(6):
                rows.append(
                    (month, lon, lat, "Violence and sexual offences", "On or near Cluster Road", "City of London")
                )
        rows.append((month, None, None, "Violence and sexual offences", "On or near Nowhere", None))
        lat, lon = h3.cell_to_latlng(background[0])
        rows.append((month, lon, lat, "Burglary", "On or near Elsewhere", "Camden"))
    return pd.DataFrame(rows, columns=list(hs.HOTSPOT_POINT_COLUMNS))


def test_hotspot_tables_shapes_and_columns():
    points = synthetic_points()
    out = hs.hotspot_tables(points)
    assert set(out) == {"hotspot_cell_months", "hotspot_cells", "hotspot_summary"}
    cm, cells, summary = out["hotspot_cell_months"], out["hotspot_cells"], out["hotspot_summary"]
    assert list(cm.columns) == ["resolution", "cell", "month", "offences"]
    assert list(cells.columns) == [
        "period",
        "resolution",
        "cell",
        "period_start",
        "period_end",
        "offences",
        "gi_z",
        "gi_p",
        "gi_p_fdr",
        "confidence_bin",
        "confidence_label",
        "trend_z",
        "trend_p",
        "pattern",
        "months",
        "months_hot",
        "months_cold",
        "borough_name",
        "top_location",
        "cell_lon",
        "cell_lat",
        "boundary",
    ]
    assert set(cm["resolution"]) == {7, 8, 9}
    assert set(zip(cells["period"], cells["resolution"])) == {(p, r) for p in ("all", "last_12") for r in (7, 8, 9)}

    vso = points[(points["crime_type"] == "Violence and sexual offences")]
    mapped = vso["longitude"].notna().sum()
    for res in (7, 8, 9):
        assert cm.loc[cm["resolution"] == res, "offences"].sum() == mapped
    all8 = summary[(summary["period"] == "all") & (summary["resolution"] == 8)].iloc[0]
    assert all8["points"] == mapped and all8["points_no_coordinates"] == 15
    assert all8["months"] == 15
    last8 = summary[(summary["period"] == "last_12") & (summary["resolution"] == 8)].iloc[0]
    assert last8["months"] == 12 and last8["points_no_coordinates"] == 12
    assert last8["period_start"] == dt.date(2024, 4, 1)
    assert last8["period_end"] == dt.date(2025, 3, 1)

    c8 = cells[(cells["period"] == "all") & (cells["resolution"] == 8)].set_index("cell")
    centre = c8.loc[CENTRE]
    assert centre["confidence_bin"] == 3
    assert centre["confidence_label"] == "Hot spot, 99% confidence"
    assert centre["pattern"] == "persistent hot spot"
    assert centre["borough_name"] == "City of London"
    assert centre["top_location"] == "On or near Cluster Road"
    assert centre["months"] == 15 and centre["months_hot"] >= 14
    assert centre["period_start"] == dt.date(2024, 1, 1)
    lat, lon = h3.cell_to_latlng(CENTRE)
    assert (centre["cell_lon"], centre["cell_lat"]) == pytest.approx((lon, lat))
    assert centre["boundary"] == [[b_lon, b_lat] for b_lat, b_lon in h3.cell_to_boundary(CENTRE)]

    zeros = c8[c8["offences"] == 0]
    assert len(zeros) > 0 and zeros["borough_name"].isna().all()
    assert zeros["top_location"].isna().all()
    assert c8["confidence_bin"].between(-3, 3).all()
    assert set(c8["pattern"]) <= set(hs.PATTERNS)
    # The study area is exactly the offence cells plus their ring-1 neighbours.
    offence_cells = set(c8.index[c8["offences"] > 0])
    ring = set().union(*(h3.grid_disk(c, 1) for c in offence_cells))
    assert set(c8.index) == ring


def test_hotspot_tables_other_crime_type_and_extent():
    points = synthetic_points()
    out = hs.hotspot_tables(points, crime_type="Burglary", resolutions=(8,), period_months=None)
    cells = out["hotspot_cells"]
    assert set(cells["period"]) == {"all"}
    assert cells["offences"].sum() == 15
    # Burglary months are the loaded span, not only months with burglaries.
    assert out["hotspot_summary"]["months"].tolist() == [15]

    lat, lon = h3.cell_to_latlng(CENTRE)
    out = hs.hotspot_tables(points, resolutions=(8,), extent=(lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001))
    summary = out["hotspot_summary"].set_index("period")
    assert summary.loc["all", "points_outside_extent"] > 0
    assert set(out["hotspot_cell_months"]["cell"]) == {CENTRE}


def test_hotspot_tables_modal_labels_tie_break_alphabetically():
    lat, lon = h3.cell_to_latlng(CENTRE)
    rows = [
        ("2024-01", lon, lat, "Violence and sexual offences", loc, bor)
        for loc, bor in [
            ("On or near B", "Hackney"),
            ("On or near A", "Islington"),
            ("On or near B", "Islington"),
            ("On or near A", "Hackney"),
            ("On or near C", ""),
        ]
    ]
    out = hs.hotspot_tables(pd.DataFrame(rows, columns=list(hs.HOTSPOT_POINT_COLUMNS)), resolutions=(8,))
    centre = out["hotspot_cells"]
    centre = centre[(centre["cell"] == CENTRE) & (centre["period"] == "all")].iloc[0]
    assert centre["top_location"] == "On or near A"
    assert centre["borough_name"] == "Hackney"


def test_hotspot_tables_empty_selection():
    points = synthetic_points().iloc[:0]
    out = hs.hotspot_tables(points)
    assert out["hotspot_cells"].empty and out["hotspot_cell_months"].empty
    with pytest.raises(ValueError):
        hs.hotspot_tables(points.drop(columns="location"))


def test_weights_sparse_matrix_type():
    cells = sorted_cells(h3.grid_disk(CENTRE, 1))
    assert sp.issparse(hs.neighbour_weights(cells))
