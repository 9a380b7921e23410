"""Hot spot statistics for the map: H3 cell counts, Getis-Ord Gi*, FDR bins and emerging hot spots.

Everything here is a pure function of a points table, run once at ingest. The browser only ever
receives H3 cells (hexagon id, centroid, boundary, statistics); no point is ever drawn.

Pipeline (``hotspot_tables`` runs it for every resolution and period):

1. **Cells.** Each point (police.uk anonymised snap point) goes to its H3 cell with
   ``h3.latlng_to_cell``. Resolutions 7 (~5.16 km² per cell), 8 (default, ~0.74 km²) and
   9 (~0.105 km²). Rows with no usable coordinates (empty, non-numeric, non-finite or out of
   range) are dropped and counted, never guessed.

2. **Study area.** The cells with at least one offence in the period PLUS their k-ring 1
   neighbours that had none (they enter with a count of 0). Zeros matter for Gi*: the statistic
   compares a neighbourhood's sum with the study-area mean, so leaving out the empty surroundings
   would inflate the mean, shrink the contrast and give edge cells incomplete neighbourhoods.
   We stop at one ring rather than tiling the whole of London because any wider zero area
   (parks, river, a bounding box) is an arbitrary choice that mostly adds zeros and drags the
   mean towards 0, which makes nearly every busy cell "hot". Cells in the zero ring have fewer
   than 7 neighbours inside the study area; their statistic uses the neighbours that are in it.

3. **Gi*** (Getis & Ord 1992; Ord & Getis 1995) with binary weights: w_ij = 1 when j is in
   the k-ring 1 disk of i (i itself included, which is what makes it Gi* rather than Gi)
   and j is in the study area, else 0. With n study cells, X̄ = Σx/n, S = sqrt(Σx²/n − X̄²):

       z_i = (Σ_j w_ij x_j − X̄ Σ_j w_ij) / (S · sqrt((n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)))

   Two-sided p from the standard normal. If S = 0 (all counts equal, e.g. a month with no
   offences anywhere) or the denominator is 0, z = 0 and p = 1: nothing can be significant.

4. **FDR.** Benjamini–Hochberg across all cells of the study area (one family per resolution,
   period and, for the monthly series, month). A cell is in confidence bin ±3 / ±2 / ±1 when its
   BH-adjusted p is <= 0.01 / 0.05 / 0.10 (sign from z), else 0: ArcGIS Hot Spot Analysis's
   Gi_Bin with its FDR option, implemented as BH applied at each of the 90, 95 and 99 % levels.
   ``gi_p`` is kept unadjusted (as ArcGIS does); ``gi_p_fdr`` is the BH-adjusted value.

5. **Emerging hot spots.** For every month of the period, Gi* on that month's counts over the
   SAME study area (so each cell has a series of monthly z-scores). A cell is a significant hot
   (cold) spot in a month when z > 0 (z < 0) and its month-wise BH-adjusted p <= ``alpha``
   (default 0.05: we did not find the per-bin level Esri uses for these classes stated in its
   documentation, so this is our choice, and a parameter). The Mann–Kendall test on the z-score
   series gives the trend (``mann_kendall``), significant when p <= ``trend_alpha`` (default
   0.05). Cells are then classified with the rules in ``classify_pattern`` (Esri's Emerging Hot
   Spot Analysis definitions, with the cold spot mirror classes). Differences from Esri: Esri
   computes Gi* on a space-time neighbourhood (neighbouring cells in neighbouring time steps)
   and, without a mask, analyses only locations with at least one point; we use each month on
   its own over the zero-ringed study area.

Output tables are described in ``hotspot_tables``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, repeat

import numpy as np
import pandas as pd
import scipy.sparse as sp
from h3.api import basic_int as h3i
from scipy.stats import norm

RESOLUTIONS: tuple[int, ...] = (7, 8, 9)
DEFAULT_RESOLUTION = 8
DEFAULT_CRIME_TYPE = "Violence and sexual offences"
DEFAULT_PERIOD_MONTHS = 12

#: Signed ArcGIS-style confidence bins (after FDR) and their labels.
CONFIDENCE_LEVELS: tuple[tuple[int, float], ...] = ((3, 0.01), (2, 0.05), (1, 0.10))
CONFIDENCE_LABELS: dict[int, str] = {
    3: "Hot spot, 99% confidence",
    2: "Hot spot, 95% confidence",
    1: "Hot spot, 90% confidence",
    0: "Not significant",
    -1: "Cold spot, 90% confidence",
    -2: "Cold spot, 95% confidence",
    -3: "Cold spot, 99% confidence",
}

NO_PATTERN = "no pattern detected"
_KINDS = ("new", "consecutive", "intensifying", "persistent", "diminishing", "sporadic", "oscillating", "historical")
#: Every value ``pattern`` can take: the eight hot spot classes, their cold mirrors, no pattern.
PATTERNS: tuple[str, ...] = (
    tuple(f"{k} hot spot" for k in _KINDS) + tuple(f"{k} cold spot" for k in _KINDS) + (NO_PATTERN,)
)

#: Minimum share of time steps for the ">= 90 %" classes, as an exact fraction (9/10).
_SHARE_NUM, _SHARE_DEN = 9, 10

#: Z-scores that differ by less than this are one tie in the Mann–Kendall test (float noise).
MK_TIE_DECIMALS = 10

POINT_COLUMNS = ("month", "longitude", "latitude")
HOTSPOT_POINT_COLUMNS = ("month", "longitude", "latitude", "crime_type", "location", "borough_name")


# --------------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------------


def _require(points: pd.DataFrame, columns: Iterable[str]) -> None:
    missing = [c for c in columns if c not in points.columns]
    if missing:
        raise ValueError(f"points table lacks column(s) {missing}; it has {list(points.columns)}")


def _check_resolution(resolution: int) -> int:
    if int(resolution) not in RESOLUTIONS:
        raise ValueError(f"resolution must be one of {RESOLUTIONS}, got {resolution!r}")
    return int(resolution)


def valid_coordinates(longitude, latitude) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coordinates as float64 arrays and a mask of the usable ones (finite, in range).

    Empty strings, None, NaN, text and out-of-range values are all unusable.
    """
    lon = pd.to_numeric(pd.Series(longitude, copy=False), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    lat = pd.to_numeric(pd.Series(latitude, copy=False), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    ok = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90.0) & (np.abs(lon) <= 180.0)
    return lon, lat, ok


def points_to_cells(longitude: np.ndarray, latitude: np.ndarray, resolution: int) -> np.ndarray:
    """H3 cell (as uint64) of each coordinate pair, via ``h3.latlng_to_cell``; all must be valid.

    Identical coordinate pairs are looked up once (police.uk points are snap points, so a few
    million rows usually hold tens of thousands of distinct pairs).
    """
    _check_resolution(resolution)
    lon = np.asarray(longitude, dtype="float64")
    lat = np.asarray(latitude, dtype="float64")
    if lon.size == 0:
        return np.zeros(0, dtype=np.uint64)
    codes, uniq = _distinct_coordinates(lon, lat)
    cells = np.fromiter(
        map(h3i.latlng_to_cell, uniq.real.tolist(), uniq.imag.tolist(), repeat(resolution)),
        dtype=np.uint64,
        count=uniq.size,
    )
    return cells[codes]


def _distinct_coordinates(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct lat + 1j*lon) so each distinct pair is looked up in H3 once.

    Police.uk points are snap points, so distinct pairs are few; when a sample shows they are
    mostly distinct (e.g. raw GPS points) the hashing is skipped, as it would not pay.
    """
    pairs = lat + 1j * lon
    sample = pairs[:: max(1, pairs.size // 50_000)]
    if sample.size >= 1000 and pd.unique(sample).size > 0.8 * sample.size:
        return np.arange(pairs.size, dtype=np.int64), pairs
    codes, uniq = pd.factorize(pairs)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniq)


def _month_numbers(values) -> np.ndarray:
    """Months since 1970-01 (int64) for dates, timestamps or 'YYYY-MM[-DD]' text; -1 if unusable."""
    series = pd.Series(values, copy=False)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        stamps = series.dt.tz_localize(None) if getattr(series.dt, "tz", None) else series
        out = stamps.to_numpy(dtype="datetime64[M]").astype("int64")
        out[stamps.isna().to_numpy()] = -1
        return out
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    table = np.full(len(uniques) + 1, -1, dtype=np.int64)  # last slot: the NA sentinel (-1)
    for k, value in enumerate(uniques):
        stamp = pd.to_datetime(value, errors="coerce")
        if stamp is not None and not pd.isna(stamp):
            table[k] = (stamp.year - 1970) * 12 + stamp.month - 1
    return table[codes]


def _month_dates(numbers: np.ndarray) -> np.ndarray:
    """Object array of ``datetime.date`` (first of month) for months-since-1970 numbers."""
    numbers = np.asarray(numbers, dtype=np.int64)
    out = np.empty(numbers.shape, dtype=object)
    for k, m in enumerate(numbers.tolist()):
        out[k] = _dt.date(1970 + m // 12, m % 12 + 1, 1)
    return out


def _cell_strings(cells: np.ndarray) -> np.ndarray:
    return np.array([h3i.int_to_str(c) for c in np.asarray(cells, dtype=np.uint64).tolist()], dtype=object)


def cell_month_counts(points: pd.DataFrame, resolution: int = DEFAULT_RESOLUTION) -> pd.DataFrame:
    """Offences per H3 cell and month: columns ``cell`` (H3 string), ``month`` (date), ``offences``.

    ``points`` needs ``month`` (date, timestamp or 'YYYY-MM' text), ``longitude``, ``latitude``.
    Only non-zero (cell, month) pairs are returned, sorted by cell then month.

    Dropped rows are reported, not hidden, in ``result.attrs``:
    ``dropped_no_coordinates`` (rows with missing/invalid coordinates) and ``dropped_no_month``
    (rows with usable coordinates but no usable month).
    """
    _require(points, POINT_COLUMNS)
    resolution = _check_resolution(resolution)
    lon, lat, ok = valid_coordinates(points["longitude"], points["latitude"])
    month = _month_numbers(points["month"])
    keep = ok & (month >= 0)
    dropped_no_month = int((ok & (month < 0)).sum())
    cells = points_to_cells(lon[keep], lat[keep], resolution)
    month = month[keep]
    if cells.size:
        frame = pd.DataFrame({"c": cells, "m": month})
        grouped = frame.groupby(["c", "m"], sort=True).size()
        c = grouped.index.get_level_values(0).to_numpy(dtype=np.uint64)
        m = grouped.index.get_level_values(1).to_numpy(dtype=np.int64)
        n = grouped.to_numpy(dtype=np.int64)
    else:
        c, m, n = np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    ucells, inverse = np.unique(c, return_inverse=True)
    result = pd.DataFrame(
        {
            "cell": _cell_strings(ucells)[inverse] if c.size else np.zeros(0, dtype=object),
            "month": _month_dates(m),
            "offences": n,
        }
    )
    result.attrs["dropped_no_coordinates"] = int((~ok).sum())
    result.attrs["dropped_no_month"] = dropped_no_month
    return result


# --------------------------------------------------------------------------------------------
# Study area and weights
# --------------------------------------------------------------------------------------------


def _disks(cells: np.ndarray, cache: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Ring-1 disks (each cell and its neighbours): (owner positions, neighbour cells), flat.

    ``cache`` (cell -> disk) saves recomputing disks across periods of one resolution.
    """
    keys = np.asarray(cells, dtype=np.uint64).tolist()
    if cache is None:
        disks = [h3i.grid_disk(c, 1) for c in keys]
    else:
        disks = []
        for c in keys:
            disk = cache.get(c)
            if disk is None:
                disk = cache[c] = h3i.grid_disk(c, 1)
            disks.append(disk)
    lengths = np.fromiter(map(len, disks), dtype=np.int64, count=len(disks))
    flat = np.fromiter(chain.from_iterable(disks), dtype=np.uint64, count=int(lengths.sum()))
    owners = np.repeat(np.arange(len(disks), dtype=np.int64), lengths)
    return owners, flat


def study_area(cells_with_offences: np.ndarray, _cache: dict | None = None) -> np.ndarray:
    """Sorted uint64 cells: the given cells plus all their k-ring 1 neighbours (see module doc)."""
    cells = np.unique(np.asarray(cells_with_offences, dtype=np.uint64))
    if cells.size == 0:
        return cells
    _, flat = _disks(cells, _cache)
    return np.unique(np.concatenate([cells, flat]))


def neighbour_weights(cells: np.ndarray, _cache: dict | None = None) -> sp.csr_matrix:
    """Binary Gi* weights over ``cells`` (sorted, unique uint64): w_ij = 1 when j is in i's
    k-ring 1 disk (i included) and in ``cells``. Returns an n x n CSR matrix of float64."""
    cells = np.asarray(cells, dtype=np.uint64)
    n = cells.size
    if n and np.any(cells[1:] <= cells[:-1]):
        raise ValueError("cells must be sorted and unique")
    if n == 0:
        return sp.csr_matrix((0, 0), dtype=np.float64)
    owners, flat = _disks(cells, _cache)
    pos = np.searchsorted(cells, flat)
    pos_clipped = np.minimum(pos, n - 1)
    inside = cells[pos_clipped] == flat
    rows, cols = owners[inside], pos_clipped[inside]
    return sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n), dtype=np.float64)


# --------------------------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------------------------


def getis_ord_gi_star(values: np.ndarray, weights: sp.spmatrix | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gi* z-scores and two-sided normal p-values.

    ``values``: shape (n,) or (n, T) — each column is an independent set of n observations
    (e.g. one column per month). ``weights``: n x n (sparse or dense), diagonal included for Gi*.
    Where S = 0 or the variance term is 0 (nothing varies), z = 0 and p = 1.
    """
    x = np.asarray(values, dtype=np.float64)
    one_d = x.ndim == 1
    if one_d:
        x = x[:, None]
    n = x.shape[0]
    w = sp.csr_matrix(weights, dtype=np.float64)
    if w.shape != (n, n):
        raise ValueError(f"weights are {w.shape}, values have {n} rows")
    if n < 2:
        z = np.zeros_like(x)
    else:
        w_sum = np.asarray(w.sum(axis=1)).ravel()[:, None]
        w_sq = np.asarray(w.multiply(w).sum(axis=1)).ravel()[:, None]
        mean = x.mean(axis=0)
        s = np.sqrt(np.maximum((x * x).mean(axis=0) - mean * mean, 0.0))
        numerator = w @ x - mean * w_sum
        var_term = (n * w_sq - w_sum * w_sum) / (n - 1)
        denominator = s * np.sqrt(np.maximum(var_term, 0.0))
        # Relative guard: S^2 computed as a difference can leave ~1e-16 noise for constant data.
        degenerate = (denominator <= 0) | (s <= 1e-12 * np.maximum(np.abs(mean), 1.0))
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(degenerate, 0.0, numerator / np.where(degenerate, 1.0, denominator))
    p = 2.0 * norm.sf(np.abs(z))
    return (z[:, 0], p[:, 0]) if one_d else (z, p)


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values), per column for 2-D input.

    q_(k) = min_{j >= k} (m / j) p_(j), capped at 1, where p_(1) <= ... <= p_(m).
    A test is rejected at FDR level a exactly when its q <= a.
    """
    p = np.asarray(p_values, dtype=np.float64)
    one_d = p.ndim == 1
    if one_d:
        p = p[:, None]
    m = p.shape[0]
    if m == 0:
        return p[:, 0] if one_d else p
    order = np.argsort(p, axis=0, kind="stable")
    ranked = np.take_along_axis(p, order, axis=0)
    scaled = ranked * m / np.arange(1, m + 1)[:, None]
    scaled = np.minimum.accumulate(scaled[::-1], axis=0)[::-1]
    q = np.empty_like(p)
    np.put_along_axis(q, order, np.minimum(scaled, 1.0), axis=0)
    return q[:, 0] if one_d else q


def confidence_bins(z: np.ndarray, p_fdr: np.ndarray) -> np.ndarray:
    """Signed bins -3..3 (int8): ±3 if q <= 0.01, ±2 if q <= 0.05, ±1 if q <= 0.10, else 0."""
    z = np.asarray(z, dtype=np.float64)
    q = np.asarray(p_fdr, dtype=np.float64)
    level = np.zeros(z.shape, dtype=np.int8)
    for value, alpha in sorted(CONFIDENCE_LEVELS, key=lambda t: -t[1]):  # 0.10, 0.05, 0.01
        level[q <= alpha] = value
    return (np.sign(z).astype(np.int8) * level).astype(np.int8)


def mann_kendall(
    series: np.ndarray, continuity: bool = True, decimals: int | None = MK_TIE_DECIMALS
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mann–Kendall trend test on each row of ``series`` (shape (n, T) or (T,)).

    S = Σ_{i<j} sign(x_j − x_i). Variance with the tie correction:
    Var(S) = [T(T−1)(2T+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18, t_g = size of tie group g.
    z = (S − 1)/√Var if S > 0, (S + 1)/√Var if S < 0, 0 if S = 0 (continuity correction; pass
    ``continuity=False`` for S/√Var). p = two-sided normal. Var = 0 (T < 2 or all values tied)
    gives z = 0, p = 1. Values are rounded to ``decimals`` first so float noise is not a trend.
    Returns (S, z, p).
    """
    x = np.asarray(series, dtype=np.float64)
    one_d = x.ndim == 1
    if one_d:
        x = x[None, :]
    if decimals is not None:
        x = np.round(x, decimals)
    n, t = x.shape
    s = np.zeros(n, dtype=np.float64)
    ties = np.zeros((n, t), dtype=np.float64)  # per element: size of its tie group
    for i in range(t):
        if i + 1 < t:
            s += np.sign(x[:, i + 1 :] - x[:, i : i + 1]).sum(axis=1)
        ties += x == x[:, i : i + 1]
    correction = ((ties - 1.0) * (2.0 * ties + 5.0)).sum(axis=1)  # Σ_g t(t-1)(2t+5)
    var = (t * (t - 1) * (2 * t + 5) - correction) / 18.0
    shift = np.sign(s) if continuity else 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(var > 0, (s - shift) / np.sqrt(np.where(var > 0, var, 1.0)), 0.0)
    p = 2.0 * norm.sf(np.abs(z))
    return (s[0], z[0], p[0]) if one_d else (s, z, p)


# --------------------------------------------------------------------------------------------
# Emerging hot spot classification
# --------------------------------------------------------------------------------------------


def classify_pattern(
    hot: Sequence[bool], cold: Sequence[bool], trend_z: float, trend_p: float, trend_alpha: float = 0.05
) -> str:
    """Emerging hot spot class of one cell (reference implementation; readable, not fast).

    ``hot[t]`` / ``cold[t]``: the cell is a significant hot / cold spot in time step t (the last
    element is the final step). ``trend_z``/``trend_p``: Mann–Kendall on the cell's Gi* z series;
    the trend is "increasing" when trend_p <= trend_alpha and trend_z > 0, "decreasing" when
    trend_p <= trend_alpha and trend_z < 0. "90 %" means at least 90 % of all time steps.

    Esri definitions (ArcGIS Pro, "How Emerging Hot Spot Analysis works",
    https://pro.arcgis.com/en/pro-app/latest/tool-reference/space-time-pattern-mining/learnmoreemerging.htm),
    hot spot side, paraphrased:

    * new: significant hot spot in the final time step and never a significant hot spot before.
    * consecutive: a single uninterrupted run of at least two significant hot spot steps at the
      end, never a significant hot spot before that run, and less than 90 % of all steps hot.
    * intensifying: hot for at least 90 % of the steps including the final step, and the
      intensity of clustering (z) increases overall, significantly.
    * persistent: hot for at least 90 % of the steps, with no significant trend.
    * diminishing: hot for at least 90 % of the steps including the final step, and the
      intensity decreases overall, significantly.
    * sporadic: hot in the final step, with a history of being on-again, off-again hot; less than
      90 % of steps hot and never a significant cold spot. (Older ArcMap text omits the
      final-step condition; we follow the current ArcGIS Pro text.)
    * oscillating: hot in the final step, a significant cold spot in some earlier step, and less
      than 90 % of steps hot.
    * historical: not hot in the final step, but hot for at least 90 % of the steps.
    * no pattern detected: none of the above (nor their cold mirrors).

    Cold spot mirror classes: the same rules with hot and cold swapped; "intensifying cold spot"
    needs a significant decreasing z trend (colder), "diminishing cold spot" an increasing one.

    Precedence where Esri's wording overlaps (evaluated in this order, first match wins):
    1. >= 90 % hot: historical if the final step is not hot, else intensifying / diminishing /
       persistent by the trend (so "persistent" in practice also ends hot).
    2. >= 90 % cold: the mirror.
    3. final step hot: new (exactly one hot step) > consecutive > oscillating (was ever cold) >
       sporadic. So a cell cold earlier and hot only in the final step is "new", not oscillating.
    4. final step cold: the mirror.
    5. otherwise no pattern detected (e.g. hot only mid-period, < 90 %).
    """
    hot = np.asarray(hot, dtype=bool)
    cold = np.asarray(cold, dtype=bool)
    if hot.shape != cold.shape or hot.ndim != 1:
        raise ValueError("hot and cold must be 1-D and the same length")
    steps = hot.size
    if steps == 0:
        return NO_PATTERN
    if np.any(hot & cold):
        raise ValueError("a step cannot be both a hot and a cold spot")
    significant = bool(trend_p <= trend_alpha)
    rising = significant and trend_z > 0
    falling = significant and trend_z < 0

    def mostly(flags: np.ndarray) -> bool:
        return _SHARE_DEN * int(flags.sum()) >= _SHARE_NUM * steps

    def trailing_run(flags: np.ndarray) -> int:
        run = 0
        for flag in flags[::-1]:
            if not flag:
                break
            run += 1
        return run

    for this, name, up, down in ((hot, "hot", rising, falling), (cold, "cold", falling, rising)):
        if mostly(this):
            if not this[-1]:
                return f"historical {name} spot"
            if up:
                return f"intensifying {name} spot"
            if down:
                return f"diminishing {name} spot"
            return f"persistent {name} spot"
    for this, other, name in ((hot, cold, "hot"), (cold, hot, "cold")):
        if this[-1]:
            total = int(this.sum())
            if total == 1:
                return f"new {name} spot"
            run = trailing_run(this)
            if run >= 2 and run == total:
                return f"consecutive {name} spot"
            if other.any():
                return f"oscillating {name} spot"
            return f"sporadic {name} spot"
    return NO_PATTERN


def classify_patterns(
    hot: np.ndarray, cold: np.ndarray, trend_z: np.ndarray, trend_p: np.ndarray, trend_alpha: float = 0.05
) -> np.ndarray:
    """Vectorised ``classify_pattern`` over cells: ``hot``/``cold`` are (n, T) booleans.

    Returns an object array of pattern names, identical to calling ``classify_pattern`` per row.
    """
    hot = np.asarray(hot, dtype=bool)
    cold = np.asarray(cold, dtype=bool)
    n, steps = hot.shape
    out = np.full(n, NO_PATTERN, dtype=object)
    if steps == 0 or n == 0:
        return out
    trend_z = np.asarray(trend_z, dtype=np.float64)
    trend_p = np.asarray(trend_p, dtype=np.float64)
    significant = trend_p <= trend_alpha
    rising = significant & (trend_z > 0)
    falling = significant & (trend_z < 0)

    def trailing_run(flags: np.ndarray) -> np.ndarray:
        off = ~flags[:, ::-1]
        first_off = np.argmax(off, axis=1)
        return np.where(off.any(axis=1), first_off, steps)

    conditions: list[np.ndarray] = []
    names: list[str] = []
    for this, name, up, down in ((hot, "hot", rising, falling), (cold, "cold", falling, rising)):
        mostly = _SHARE_DEN * this.sum(axis=1) >= _SHARE_NUM * steps
        last = this[:, -1]
        conditions += [mostly & ~last, mostly & last & up, mostly & last & down, mostly & last]
        names += [
            f"historical {name} spot",
            f"intensifying {name} spot",
            f"diminishing {name} spot",
            f"persistent {name} spot",
        ]
    for this, other, name in ((hot, cold, "hot"), (cold, hot, "cold")):
        last = this[:, -1]
        total = this.sum(axis=1)
        run = trailing_run(this)
        conditions += [last & (total == 1), last & (run >= 2) & (run == total), last & other.any(axis=1), last]
        names += [f"new {name} spot", f"consecutive {name} spot", f"oscillating {name} spot", f"sporadic {name} spot"]
    return np.select(conditions, np.array(names, dtype=object), default=NO_PATTERN).astype(object)


@dataclass
class EmergingResult:
    """Per-cell emerging hot spot results over T time steps (rows follow the weights' cells)."""

    z: np.ndarray  # (n, T) monthly Gi* z
    p_fdr: np.ndarray  # (n, T) BH-adjusted within each month
    hot: np.ndarray  # (n, T) bool
    cold: np.ndarray  # (n, T) bool
    trend_z: np.ndarray  # (n,) Mann–Kendall z of the z series
    trend_p: np.ndarray  # (n,)
    pattern: np.ndarray  # (n,) object


def emerging_hot_spots(
    counts: np.ndarray, weights: sp.spmatrix, alpha: float = 0.05, trend_alpha: float = 0.05
) -> EmergingResult:
    """Monthly Gi*, per-month BH, Mann–Kendall on each cell's z series, and the pattern class.

    ``counts``: (n, T) offences per study-area cell (rows) and time step (columns, oldest first).
    """
    x = np.asarray(counts, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError("counts must be 2-D (cells x time steps)")
    z, p = getis_ord_gi_star(x, weights)
    q = benjamini_hochberg(p)
    significant = q <= alpha
    hot = significant & (z > 0)
    cold = significant & (z < 0)
    _, trend_z, trend_p = mann_kendall(z)
    pattern = classify_patterns(hot, cold, trend_z, trend_p, trend_alpha)
    return EmergingResult(z, q, hot, cold, trend_z, trend_p, pattern)


# --------------------------------------------------------------------------------------------
# The ingest entry point
# --------------------------------------------------------------------------------------------

#: Greater London's bounding box with a small margin (min lon, min lat, max lon, max lat), for
#: ``hotspot_tables(extent=...)``. City of London Police files hold a few records geocoded to
#: Wales or the Midlands; the ingest can pass this to keep the map to London.
LONDON_EXTENT: tuple[float, float, float, float] = (-0.56, 51.25, 0.37, 51.72)


def _text_codes(values) -> tuple[np.ndarray, np.ndarray]:
    """Sorted-factorised text: codes (-1 for missing/blank) and the sorted labels."""
    series = pd.Series(values, copy=False)
    codes, uniques = pd.factorize(series, sort=True, use_na_sentinel=True)
    labels = np.asarray(uniques, dtype=object)
    blank = np.array([not isinstance(v, str) or not v.strip() for v in labels], dtype=bool)
    codes = np.asarray(codes, dtype=np.int64)
    if blank.any():
        codes = np.where((codes >= 0) & blank[np.maximum(codes, 0)], -1, codes)
    return codes, labels


def _pair_counts(group: np.ndarray, codes: np.ndarray, n_codes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counts of each (group, code) pair, ignoring code -1: (groups, codes, counts)."""
    keep = codes >= 0
    if not keep.any():
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    key = group[keep].astype(np.int64) * max(n_codes, 1) + codes[keep]
    counted = pd.Series(key, copy=False).value_counts(sort=False)
    keys = counted.index.to_numpy(dtype=np.int64)
    return keys // max(n_codes, 1), keys % max(n_codes, 1), counted.to_numpy(dtype=np.int64)


_DENSE_MODE_LIMIT = 4_000_000


def _modal_labels(
    rows: np.ndarray, codes: np.ndarray, counts: np.ndarray, labels: np.ndarray, n_rows: int
) -> np.ndarray:
    """Most common label per row from (row, code, count) triples (row -1 ignored; duplicates
    summed). Ties go to the alphabetically first label (codes are sorted). None where no label.

    Hash group-bys only (no sort of the triples), so it stays linear in the number of triples.
    """
    out = np.full(n_rows, None, dtype=object)
    keep = rows >= 0
    if not keep.any():
        return out
    n_codes = max(len(labels), 1)
    key = rows[keep] * n_codes + codes[keep]
    if n_rows * n_codes <= _DENSE_MODE_LIMIT:  # few labels (boroughs): dense table, argmax
        table = np.bincount(key, weights=counts[keep], minlength=n_rows * n_codes)
        table = table.reshape(n_rows, n_codes)
        has = table.max(axis=1) > 0
        out[has] = labels[np.argmax(table[has], axis=1)]  # argmax: first = alphabetical
        return out
    summed = pd.Series(counts[keep], copy=False).groupby(key, sort=False).sum()
    keys = summed.index.to_numpy(dtype=np.int64)
    total = summed.to_numpy(dtype=np.int64)
    r, c = keys // n_codes, keys % n_codes
    best = pd.Series(total, copy=False).groupby(r, sort=False).transform("max").to_numpy()
    top = total == best
    first = pd.Series(c[top], copy=False).groupby(r[top], sort=False).min()
    out[first.index.to_numpy(dtype=np.int64)] = labels[first.to_numpy(dtype=np.int64)]
    return out


def _geometry(cells: np.ndarray, cache: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centroid lon, lat and boundary ([[lon, lat], ...], ring not closed) of each cell."""
    lons = np.empty(cells.size)
    lats = np.empty(cells.size)
    bounds = np.empty(cells.size, dtype=object)
    for k, c in enumerate(cells.tolist()):
        hit = cache.get(c)
        if hit is None:
            lat, lon = h3i.cell_to_latlng(c)
            ring = [[b_lon, b_lat] for b_lat, b_lon in h3i.cell_to_boundary(c)]
            hit = cache[c] = (lon, lat, ring)
        lons[k], lats[k], bounds[k] = hit
    return lons, lats, bounds


_CELL_COLUMNS = [
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
_CELL_MONTH_COLUMNS = ["resolution", "cell", "month", "offences"]
_SUMMARY_COLUMNS = [
    "period",
    "resolution",
    "crime_type",
    "period_start",
    "period_end",
    "months",
    "points",
    "points_no_coordinates",
    "points_outside_extent",
    "cells_with_offences",
    "study_cells",
    "hot_cells",
    "cold_cells",
    "alpha",
    "trend_alpha",
]


def hotspot_tables(
    points: pd.DataFrame,
    crime_type: str | None = DEFAULT_CRIME_TYPE,
    resolutions: Sequence[int] = RESOLUTIONS,
    period_months: int | None = DEFAULT_PERIOD_MONTHS,
    alpha: float = 0.05,
    trend_alpha: float = 0.05,
    extent: tuple[float, float, float, float] | None = None,
) -> dict[str, pd.DataFrame]:
    """All hot spot tables for the store, from police.uk street-level points.

    ``points`` columns: ``month`` (date / timestamp / 'YYYY-MM'), ``longitude``, ``latitude``,
    ``crime_type``, ``location`` ('On or near …'), ``borough_name``. Rows of every crime type
    may be passed: the loaded span (the months of the analysis) is taken from ALL rows, so a
    month in which this crime type had no offence is a genuine zero, while a month absent from
    the whole table is simply not a time step. ``crime_type=None`` uses every row.

    Periods: ``'all'`` = every loaded month; ``f'last_{period_months}'`` (default ``'last_12'``)
    = the loaded months within the last ``period_months`` calendar months ending at the last
    loaded month (skipped when ``period_months`` is None). Each period has its own study area,
    Gi*, FDR family and emerging hot spot series.

    ``extent`` = (min_lon, min_lat, max_lon, max_lat): points outside are left out and counted
    (e.g. ``LONDON_EXTENT``); None keeps every point with valid coordinates.

    Returns a dict of three DataFrames (dates are ``datetime.date``, first of month):

    * ``hotspot_cell_months``: resolution (int), cell (H3 str), month (date), offences (int) —
      non-zero counts only, over all loaded months.
    * ``hotspot_cells``: one row per period x resolution x study-area cell:
      period ('all' / 'last_12'), resolution, cell, period_start, period_end, offences (in the
      period; 0 for the zero ring), gi_z, gi_p (two-sided, unadjusted), gi_p_fdr (BH),
      confidence_bin (-3..3, int), confidence_label ('Hot spot, 99% confidence', …,
      'Not significant', …), trend_z, trend_p (Mann–Kendall on the monthly z series),
      pattern (one of ``PATTERNS``), months (time steps), months_hot, months_cold (months the
      cell was a significant hot / cold spot), borough_name (most common among the cell's
      points in the period; None for the zero ring), top_location (most common 'On or near …'),
      cell_lon, cell_lat (centroid), boundary (list of [lon, lat] vertices, ring not closed).
    * ``hotspot_summary``: one row per period x resolution: period, resolution, crime_type,
      period_start, period_end, months, points (mapped), points_no_coordinates (dropped),
      points_outside_extent (dropped), cells_with_offences, study_cells, hot_cells, cold_cells
      (confidence_bin > 0 / < 0), alpha, trend_alpha.
    """
    _require(points, HOTSPOT_POINT_COLUMNS)
    resolutions = tuple(_check_resolution(r) for r in resolutions)
    all_months = _month_numbers(points["month"])
    loaded = np.unique(all_months[all_months >= 0])
    n_months = loaded.size

    if crime_type is None:
        rows = np.ones(len(points), dtype=bool)
    else:
        rows = (points["crime_type"] == crime_type).fillna(False).to_numpy(dtype=bool)
    sel = points.loc[rows]
    month = all_months[rows]
    lon, lat, ok = valid_coordinates(sel["longitude"], sel["latitude"])
    has_month = month >= 0
    inside = ok.copy()
    if extent is not None:
        min_lon, min_lat, max_lon, max_lat = extent
        inside &= (lon >= min_lon) & (lon <= max_lon) & (lat >= min_lat) & (lat <= max_lat)
    use = inside & has_month
    no_coords_month = month[has_month & ~ok]
    outside_month = month[has_month & ok & ~inside]
    lon, lat = lon[use], lat[use]
    month_pos = np.searchsorted(loaded, month[use])
    loc_codes, loc_labels = _text_codes(sel["location"].to_numpy()[use])
    bor_codes, bor_labels = _text_codes(sel["borough_name"].to_numpy()[use])

    coord_codes, coord_uniq = _distinct_coordinates(lon, lat)

    periods: list[tuple[str, np.ndarray]] = [("all", np.arange(n_months))]
    if period_months is not None and n_months:
        if period_months < 1:
            raise ValueError("period_months must be >= 1")
        first = loaded[-1] - int(period_months) + 1
        periods.append((f"last_{int(period_months)}", np.flatnonzero(loaded >= first)))
    month_dates = _month_dates(loaded)

    # Per period, resolution-independent: which points, and (coordinate, label) pair counts.
    period_points = []
    for _, cols in periods:
        in_period = np.isin(month_pos, cols)
        cc = coord_codes[in_period]
        period_points.append(
            {
                "in_period": in_period,
                "borough": _pair_counts(cc, bor_codes[in_period], len(bor_labels)),
                "location": _pair_counts(cc, loc_codes[in_period], len(loc_labels)),
            }
        )

    cell_month_frames, cell_frames, summary_rows = [], [], []
    for res in resolutions:
        disk_cache: dict = {}
        geometry_cache: dict = {}
        uniq_cells = np.fromiter(
            map(h3i.latlng_to_cell, coord_uniq.real.tolist(), coord_uniq.imag.tolist(), repeat(res)),
            dtype=np.uint64,
            count=coord_uniq.size,
        )
        cells_u, cell_of_coord = np.unique(uniq_cells, return_inverse=True)
        cell_of_coord = np.asarray(cell_of_coord, dtype=np.int64).ravel()
        point_cell = cell_of_coord[coord_codes]  # position in cells_u
        counts = np.bincount(point_cell * max(n_months, 1) + month_pos, minlength=cells_u.size * n_months).reshape(
            cells_u.size, n_months
        )
        nz_cell, nz_month = np.nonzero(counts)
        cell_str = _cell_strings(cells_u)
        cell_month_frames.append(
            pd.DataFrame(
                {
                    "resolution": np.full(nz_cell.size, res, dtype=np.int64),
                    "cell": cell_str[nz_cell],
                    "month": month_dates[nz_month],
                    "offences": counts[nz_cell, nz_month].astype(np.int64),
                }
            )
        )

        for (period, cols), pp in zip(periods, period_points):
            counts_p = counts[:, cols]
            totals = counts_p.sum(axis=1)
            active = np.flatnonzero(totals > 0)
            area = study_area(cells_u[active], disk_cache)
            n = area.size
            steps = int(cols.size)
            period_start = month_dates[cols[0]] if steps else None
            period_end = month_dates[cols[-1]] if steps else None
            period_months_set = loaded[cols]
            summary = {
                "period": period,
                "resolution": res,
                "crime_type": crime_type,
                "period_start": period_start,
                "period_end": period_end,
                "months": steps,
                "points": int(pp["in_period"].sum()),
                "points_no_coordinates": int(np.isin(no_coords_month, period_months_set).sum()),
                "points_outside_extent": int(np.isin(outside_month, period_months_set).sum()),
                "cells_with_offences": int(active.size),
                "study_cells": int(n),
                "hot_cells": 0,
                "cold_cells": 0,
                "alpha": alpha,
                "trend_alpha": trend_alpha,
            }
            if n == 0:
                summary_rows.append(summary)
                continue
            weights = neighbour_weights(area, disk_cache)
            where = np.searchsorted(area, cells_u[active])  # active cells' rows in the area
            x = np.zeros((n, steps), dtype=np.float64)
            x[where] = counts_p[active]
            total = x.sum(axis=1)
            gi_z, gi_p = getis_ord_gi_star(total, weights)
            gi_q = benjamini_hochberg(gi_p)
            bins = confidence_bins(gi_z, gi_q)
            emerging = emerging_hot_spots(x, weights, alpha=alpha, trend_alpha=trend_alpha)

            # Study-area row of each coordinate (-1: its cell has no offence in this period).
            area_row_of_cell = np.full(cells_u.size, -1, dtype=np.int64)
            area_row_of_cell[active] = where
            row_of_coord = area_row_of_cell[cell_of_coord]
            labels = {}
            for name, table in (("borough", bor_labels), ("location", loc_labels)):
                pc, pl, pn = pp[name]
                labels[name] = _modal_labels(row_of_coord[pc], pl, pn, table, n)
            lons, lats, bounds = _geometry(area, geometry_cache)

            summary["hot_cells"] = int((bins > 0).sum())
            summary["cold_cells"] = int((bins < 0).sum())
            summary_rows.append(summary)
            cell_frames.append(
                pd.DataFrame(
                    {
                        "period": np.full(n, period, dtype=object),
                        "resolution": np.full(n, res, dtype=np.int64),
                        "cell": _cell_strings(area),
                        "period_start": np.full(n, period_start, dtype=object),
                        "period_end": np.full(n, period_end, dtype=object),
                        "offences": total.astype(np.int64),
                        "gi_z": gi_z,
                        "gi_p": gi_p,
                        "gi_p_fdr": gi_q,
                        "confidence_bin": bins.astype(np.int64),
                        "confidence_label": np.array([CONFIDENCE_LABELS[b] for b in bins.tolist()], dtype=object),
                        "trend_z": emerging.trend_z,
                        "trend_p": emerging.trend_p,
                        "pattern": emerging.pattern,
                        "months": np.full(n, steps, dtype=np.int64),
                        "months_hot": emerging.hot.sum(axis=1).astype(np.int64),
                        "months_cold": emerging.cold.sum(axis=1).astype(np.int64),
                        "borough_name": labels["borough"],
                        "top_location": labels["location"],
                        "cell_lon": lons,
                        "cell_lat": lats,
                        "boundary": bounds,
                    }
                )
            )

    def frame(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
        if parts:
            return pd.concat(parts, ignore_index=True)[columns]
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})

    return {
        "hotspot_cell_months": frame(cell_month_frames, _CELL_MONTH_COLUMNS),
        "hotspot_cells": frame(cell_frames, _CELL_COLUMNS),
        "hotspot_summary": pd.DataFrame(summary_rows, columns=_SUMMARY_COLUMNS),
    }
