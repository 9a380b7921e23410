"""Bus-shelter CCTV pilot: an open before/after evaluation against matched comparison stops.

TfL and the Met are piloting CCTV in bus shelters where more crimes against women and girls are
reported. No results are published, so this module computes an evaluation in the open, as pure
functions (pandas/numpy/scipy only) that ingest runs and the page only displays:

* `borough_for_points`: which borough polygon a point falls in (the TfL stop list has no borough).
* `crimes_near_sites`: police.uk crimes within a radius of each site, per month.
* `choose_comparison_sites`: comparison stops matched on the pre-pilot crime count.
* `difference_in_differences`: ratio of rate ratios and absolute difference, with intervals.
* `evaluate`: everything above, as tidy tables for the page.
* `wilson_interval`, `survey_feeling_safe`: shares feeling safe from a shelter survey.

Read every result with the limits of the data in mind:

* police.uk coordinates are anonymised snap points, not places of offence (see `crimes_near_sites`),
  so "near a shelter" means "snapped to a map point near a shelter".
* police.uk has no victim sex, so it cannot isolate crimes against women and girls; a crime type
  such as 'Violence and sexual offences' is a proxy that includes crimes against men and boys.
* The TfL stop list does not say which stops have a shelter, so comparison "shelters" are stops.
* Cameras can raise reporting as well as deter crime; a rise is not evidence of harm and a fall is
  not proof of prevention. Pilot sites were picked for high crime, so both groups may regress to
  the mean; matching on the pre-period count is meant to make them regress alike, and cannot
  guarantee it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree
from scipy.stats import norm

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG R1) used by every distance here: haversine on a sphere, which differs
from the ellipsoid by under 0.5% (under 0.5 m at 100 m), far less than police.uk's snapping."""

Z_95 = 1.96
MIN_COUNT = 10
"""Below this many crimes in any of the four cells, the DiD is flagged as too small to conclude."""

IMBALANCE = 1.1
"""Pilot/comparison pre-period rate ratio beyond which (or below 1/IMBALANCE) sentences warn."""

MIN_RESPONDENTS = 30
SAFE_RESPONSES = ("Very safe", "Fairly safe")

# --------------------------------------------------------------------------------------------
# Distances and boroughs (coordinate conversion is in dashboard.geometry)
# --------------------------------------------------------------------------------------------


def haversine_m(lon1: Any, lat1: Any, lon2: Any, lat2: Any) -> np.ndarray:
    """Great-circle distance in metres on a sphere of radius `EARTH_RADIUS_M` (broadcasts)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2, dtype=float) - np.asarray(lon1, dtype=float))
    a = np.sin(dp / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2.0) ** 2
    return 2.0 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _unit_xyz(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Points on the sphere of radius R as 3-D Cartesian coordinates (metres)."""
    lo, la = np.radians(lon), np.radians(lat)
    return EARTH_RADIUS_M * np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))


def _chord(distance_m: float) -> float:
    """Straight-line chord for a great-circle distance: a ball query on it is a haversine query."""
    return 2.0 * EARTH_RADIUS_M * math.sin(min(distance_m, math.pi * EARTH_RADIUS_M) / (2.0 * EARTH_RADIUS_M))


def borough_for_points(longitude: Any, latitude: Any, boundaries: dict, name_property: str = "NAME") -> np.ndarray:
    """Name of the polygon (borough) containing each lon/lat point; None outside every polygon.

    `boundaries` is a GeoJSON FeatureCollection (dict) in WGS84 lon/lat, e.g. the GLA
    `london_boroughs_gss_wgs84.geojson`, with Polygon or MultiPolygon geometries. Even-odd ray
    casting, so holes are respected. A point exactly on a shared edge goes to the first feature in
    file order. That layer excludes the Thames below mean high water, so stops on bridges can get
    None. Vectorised with numpy.
    """
    lon = np.asarray(longitude, dtype=float).ravel()
    lat = np.asarray(latitude, dtype=float).ravel()
    out = np.full(lon.shape, None, dtype=object)
    for feature in boundaries.get("features", []):
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            continue
        name = (feature.get("properties") or {}).get(name_property)
        for polygon in polygons:
            rings = [np.asarray(ring, dtype=float)[:, :2] for ring in polygon if len(ring) >= 3]
            if not rings:
                continue
            outer = rings[0]
            todo = np.flatnonzero(
                (out == None)  # noqa: E711 (elementwise on an object array)
                & (lon >= outer[:, 0].min())
                & (lon <= outer[:, 0].max())
                & (lat >= outer[:, 1].min())
                & (lat <= outer[:, 1].max())
            )
            if todo.size == 0:
                continue
            inside = np.zeros(todo.size, dtype=bool)
            for ring in rings:
                inside ^= _in_ring(lon[todo], lat[todo], ring)
            out[todo[inside]] = name
    return out.reshape(np.shape(longitude))


def _in_ring(px: np.ndarray, py: np.ndarray, ring: np.ndarray, chunk: int = 2000) -> np.ndarray:
    x0, y0 = ring[:, 0], ring[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    result = np.zeros(px.size, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for start in range(0, px.size, chunk):
            x = px[start : start + chunk, None]
            y = py[start : start + chunk, None]
            straddles = (y0 > y) != (y1 > y)
            x_cross = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
            result[start : start + chunk] = (np.count_nonzero(straddles & (x < x_cross), axis=1) % 2) == 1
    return result


# --------------------------------------------------------------------------------------------
# Months
# --------------------------------------------------------------------------------------------


def _month_index(values: Any) -> np.ndarray:
    """Months as integers (year*12 + month-1) from 'YYYY-MM' text, dates or timestamps."""
    s = pd.Series(values)
    if isinstance(s.dtype, pd.PeriodDtype):
        s = s.dt.to_timestamp()
    if not pd.api.types.is_datetime64_any_dtype(s.dtype):
        text = s.astype("string").str.strip()
        parsed = pd.to_datetime(text, format="%Y-%m", errors="coerce")
        rest = parsed.isna() & text.notna()
        if rest.any():
            parsed[rest] = pd.to_datetime(text[rest], errors="coerce")
        bad = parsed.isna() & text.notna()
        if bad.any():
            raise ValueError(f"not a month or date: {text[bad].iloc[0]!r}")
        s = parsed
    if s.isna().any():
        raise ValueError("missing month or date")
    return s.dt.year.to_numpy(dtype=np.int64) * 12 + s.dt.month.to_numpy(dtype=np.int64) - 1


def _month_start(index: Any) -> pd.Series:
    idx = np.asarray(index, dtype=np.int64)
    return pd.Series(
        pd.to_datetime(pd.DataFrame({"year": idx // 12, "month": idx % 12 + 1, "day": 1})).to_numpy(),
        dtype="datetime64[ns]",
    )


def _golive_months(live_date: Any) -> tuple[np.ndarray, np.ndarray]:
    """(go-live month, first whole camera month) per site.

    A go-live on the 1st makes that month the first camera month. A go-live later in a month makes
    that month a transition month, left out of both windows: the before window ends the month
    before, the after window starts the month after.
    """
    d = pd.to_datetime(pd.Series(live_date), errors="raise")
    if d.isna().any():
        raise ValueError("every pilot site needs a live_date")
    golive = d.dt.year.to_numpy(dtype=np.int64) * 12 + d.dt.month.to_numpy(dtype=np.int64) - 1
    first_after = golive + (d.dt.day.to_numpy() != 1)
    return golive, first_after


# --------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------


def _require(df: pd.DataFrame, columns: Iterable[str], what: str) -> pd.DataFrame:
    df = df.rename(columns={"lon": "longitude", "lat": "latitude"})
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what} lacks column(s) {missing}; it has {list(df.columns)}")
    return df


def _physical_stops(stops: pd.DataFrame) -> pd.DataFrame:
    """Stops usable as comparisons: not virtual (TfL timing points), with a borough and coordinates."""
    stops = _require(stops, ["stop_code", "borough", "longitude", "latitude"], "stops")
    keep = (
        stops["borough"].notna()
        & np.isfinite(stops["longitude"].astype(float))
        & np.isfinite(stops["latitude"].astype(float))
    )
    if "is_virtual" in stops.columns:
        keep &= ~stops["is_virtual"].fillna(False).astype(bool)
    stops = stops.loc[keep].copy()
    if stops["stop_code"].duplicated().any():
        dupes = stops.loc[stops["stop_code"].duplicated(), "stop_code"].head(5).tolist()
        raise ValueError(f"stop_code must be unique; repeated: {dupes}")
    return stops.reset_index(drop=True)


def _pilots(pilot_sites: pd.DataFrame) -> pd.DataFrame:
    pilots = _require(
        pilot_sites, ["site_id", "borough", "longitude", "latitude", "live_date"], "pilot_sites"
    ).reset_index(drop=True)
    if pilots["site_id"].duplicated().any():
        raise ValueError(
            f"pilot site_id must be unique; repeated: {pilots.loc[pilots['site_id'].duplicated(), 'site_id'].tolist()}"
        )
    lon = pilots["longitude"].astype(float).to_numpy()
    lat = pilots["latitude"].astype(float).to_numpy()
    if not (np.isfinite(lon) & np.isfinite(lat)).all():
        raise ValueError("every pilot site needs a longitude and latitude")
    pilots["_golive"], pilots["_first_after"] = _golive_months(pilots["live_date"])
    return pilots


# --------------------------------------------------------------------------------------------
# Counting crimes near sites
# --------------------------------------------------------------------------------------------


def crimes_near_sites(
    sites: pd.DataFrame,
    crimes: pd.DataFrame,
    radius_m: float = 100.0,
    months: Iterable[Any] | None = None,
) -> pd.DataFrame:
    """Crimes within `radius_m` metres of each site, per site per month.

    `sites` needs `site_id, longitude, latitude` (WGS84; `lon`/`lat` accepted); `crimes` needs
    `month, longitude, latitude` ('YYYY-MM' text or dates). Returns one row per site per month,
    zeros included, columns `site_id, month (datetime64, first of month), crimes (int64)`, sorted
    by site (input order) then month. The months are `months` if given, else every month that
    appears in `crimes` (rows without coordinates still mark a month as covered). Crimes without
    coordinates cannot be placed and are not counted. A crime within the radius of two sites counts
    at both.

    Distance is the great-circle (haversine) distance on a sphere of radius `EARTH_RADIUS_M`,
    inclusive (distance <= radius). It is computed with a KD-tree on 3-D Cartesian points: a ball
    of chord 2R sin(r/2R) holds exactly the points within great-circle distance r, and candidates
    are then re-checked with the haversine formula.

    police.uk coordinates are anonymised: each crime is moved to one of a fixed set of snap points
    (map points centred on a street, a station, a park and so on, each with enough postal addresses
    behind it) and labelled "On or near ...". A crime can be moved tens to hundreds of metres, so
    radii under about 200 m are unreliable: a shelter may or may not catch the snap point of its
    own street, and two shelters on the same street can share one point. Counts near a shelter are
    counts near the snap points that happen to fall inside the circle.
    """
    sites = _require(sites, ["site_id", "longitude", "latitude"], "sites")
    crimes = _require(crimes, ["month", "longitude", "latitude"], "crimes")
    if not (radius_m > 0):
        raise ValueError(f"radius_m must be positive, got {radius_m!r}")
    if sites["site_id"].duplicated().any():
        raise ValueError(
            f"site_id must be unique; repeated: {sites.loc[sites['site_id'].duplicated(), 'site_id'].head(5).tolist()}"
        )
    s_lon = sites["longitude"].astype(float).to_numpy()
    s_lat = sites["latitude"].astype(float).to_numpy()
    if not (np.isfinite(s_lon) & np.isfinite(s_lat)).all():
        raise ValueError("every site needs a longitude and latitude")

    crime_month = _month_index(crimes["month"]) if len(crimes) else np.zeros(0, dtype=np.int64)
    grid = np.unique(crime_month) if months is None else np.unique(_month_index(list(months)))
    n_sites, n_months = len(sites), len(grid)
    counts = np.zeros(n_sites * n_months, dtype=np.int64)

    c_lon = crimes["longitude"].astype(float).to_numpy()
    c_lat = crimes["latitude"].astype(float).to_numpy()
    placed = np.isfinite(c_lon) & np.isfinite(c_lat) & np.isin(crime_month, grid)
    if n_sites and n_months and placed.any():
        c_lon, c_lat, c_month = c_lon[placed], c_lat[placed], crime_month[placed]
        tree = cKDTree(_unit_xyz(c_lon, c_lat))
        # A hair wider than the exact chord; the haversine check below decides.
        hits = tree.query_ball_point(_unit_xyz(s_lon, s_lat), r=_chord(radius_m) * (1 + 1e-9) + 1e-6)
        lengths = np.fromiter((len(h) for h in hits), dtype=np.int64, count=n_sites)
        if lengths.sum():
            site_idx = np.repeat(np.arange(n_sites), lengths)
            crime_idx = np.concatenate([np.asarray(h, dtype=np.int64) for h in hits if len(h)])
            close = haversine_m(s_lon[site_idx], s_lat[site_idx], c_lon[crime_idx], c_lat[crime_idx]) <= radius_m
            site_idx, crime_idx = site_idx[close], crime_idx[close]
            month_pos = np.searchsorted(grid, c_month[crime_idx])
            counts = np.bincount(site_idx * n_months + month_pos, minlength=n_sites * n_months).astype(np.int64)

    return pd.DataFrame(
        {
            "site_id": np.repeat(sites["site_id"].to_numpy(dtype=object), n_months),
            "month": np.tile(_month_start(grid).to_numpy(), n_sites)
            if n_months
            else np.array([], dtype="datetime64[ns]"),
            "crimes": counts,
        }
    )


# --------------------------------------------------------------------------------------------
# Comparison sites
# --------------------------------------------------------------------------------------------


def choose_comparison_sites(
    pilot_sites: pd.DataFrame,
    stops: pd.DataFrame,
    crime_counts_before: pd.DataFrame,
    radius_m: float = 100.0,
    per_pilot: int = 3,
    *,
    months_before: int = 12,
    exclusion_m: float | None = None,
    other_camera_sites: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Comparison stops for each pilot: same borough, similar pre-pilot count, well away from cameras.

    `pilot_sites`: `site_id, borough, longitude, latitude, live_date`. `stops`: `stop_code,
    borough, longitude, latitude` (optional `is_virtual`: virtual stops, TfL timing points, are
    never chosen; rows without borough or coordinates are ignored). `crime_counts_before` is either

    * `site_id, month, crimes` (e.g. from `crimes_near_sites`): each pilot's pre-period is the
      `months_before` months before its go-live month (see `_golive_months`), and candidates are
      counted over the same months; every one of those months must be present; or
    * `site_id, crimes`: one pre-period count per site, used for every pilot.

    Pilot `site_id`s and stop codes share one namespace in `crime_counts_before`.

    Rules, in order:

    1. A candidate is in the pilot's borough and more than `exclusion_m` (default and minimum
       2 x `radius_m`, so catchments never overlap) from every pilot and every
       `other_camera_sites` point (`longitude, latitude`), which limits displacement contamination.
    2. Nearest-neighbour matching on the pre-period count: candidates are ranked by
       |candidate count - pilot count|, ties broken by stop code (as text), ascending.
    3. Matching is without replacement and in rounds: each pilot (ordered by go-live month, then
       site_id as text) takes its best remaining candidate, then each takes a second, and so on, up
       to `per_pilot`. A candidate within 2 x `radius_m` of a comparison already chosen is skipped,
       so no crime is counted at two comparison sites.

    Returns one row per chosen comparison: `pilot_site_id, site_id (the stop code), rank (1 = best),
    borough, longitude, latitude, pilot_crimes_before, crimes_before, count_difference,
    nearest_camera_m`. A pilot with fewer than `per_pilot` eligible candidates gets fewer rows.
    """
    if per_pilot < 1:
        raise ValueError("per_pilot must be at least 1")
    if not (radius_m > 0):
        raise ValueError(f"radius_m must be positive, got {radius_m!r}")
    min_gap = 2.0 * radius_m
    exclusion = min_gap if exclusion_m is None else float(exclusion_m)
    if exclusion < min_gap:
        raise ValueError(
            f"exclusion_m={exclusion_m} is under 2 x radius_m={min_gap}: pilot and comparison catchments would overlap"
        )
    pilots = _pilots(pilot_sites)
    stops = _physical_stops(stops)
    columns = [
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
    if pilots.empty or stops.empty:
        return pd.DataFrame(columns=columns)

    # Distance from every stop to its nearest camera (the nearest by chord is the nearest by arc).
    cam_lon = pilots["longitude"].astype(float).to_numpy()
    cam_lat = pilots["latitude"].astype(float).to_numpy()
    if other_camera_sites is not None and len(other_camera_sites):
        other = _require(other_camera_sites, ["longitude", "latitude"], "other_camera_sites")
        cam_lon = np.concatenate([cam_lon, other["longitude"].astype(float).to_numpy()])
        cam_lat = np.concatenate([cam_lat, other["latitude"].astype(float).to_numpy()])
    st_lon = stops["longitude"].astype(float).to_numpy()
    st_lat = stops["latitude"].astype(float).to_numpy()
    _, nearest = cKDTree(_unit_xyz(cam_lon, cam_lat)).query(_unit_xyz(st_lon, st_lat), k=1)
    stops["nearest_camera_m"] = haversine_m(st_lon, st_lat, cam_lon[nearest], cam_lat[nearest])
    stops = stops.loc[stops["nearest_camera_m"] > exclusion].reset_index(drop=True)

    pre = _pre_period_counts(crime_counts_before, pilots, stops, months_before)

    order = sorted(range(len(pilots)), key=lambda i: (int(pilots.at[i, "_golive"]), str(pilots.at[i, "site_id"])))
    queues: dict[int, pd.DataFrame] = {}
    for i in order:
        candidates = stops.loc[stops["borough"] == pilots.at[i, "borough"]].copy()
        candidates["crimes_before"] = pre[i][1].reindex(candidates["stop_code"].to_numpy()).to_numpy()
        candidates["pilot_crimes_before"] = pre[i][0]
        candidates["count_difference"] = (candidates["crimes_before"] - pre[i][0]).abs()
        candidates["_key"] = candidates["stop_code"].astype(str)
        queues[i] = candidates.sort_values(["count_difference", "_key"], kind="mergesort").reset_index(drop=True)

    pointer = {i: 0 for i in order}
    used: set = set()
    chosen_lon: list[float] = []
    chosen_lat: list[float] = []
    rows: list[dict] = []
    for rank in range(1, per_pilot + 1):
        for i in order:
            queue = queues[i]
            while pointer[i] < len(queue):
                cand = queue.iloc[pointer[i]]
                pointer[i] += 1
                if cand["stop_code"] in used:
                    continue
                if (
                    chosen_lon
                    and (
                        haversine_m(cand["longitude"], cand["latitude"], np.array(chosen_lon), np.array(chosen_lat))
                        <= min_gap
                    ).any()
                ):
                    continue
                used.add(cand["stop_code"])
                chosen_lon.append(float(cand["longitude"]))
                chosen_lat.append(float(cand["latitude"]))
                rows.append(
                    {
                        "pilot_site_id": pilots.at[i, "site_id"],
                        "site_id": cand["stop_code"],
                        "rank": rank,
                        "borough": cand["borough"],
                        "longitude": float(cand["longitude"]),
                        "latitude": float(cand["latitude"]),
                        "pilot_crimes_before": int(cand["pilot_crimes_before"]),
                        "crimes_before": int(cand["crimes_before"]),
                        "count_difference": int(cand["count_difference"]),
                        "nearest_camera_m": float(cand["nearest_camera_m"]),
                    }
                )
                break
    out = pd.DataFrame(rows, columns=columns)
    if not out.empty:
        position = {pilots.at[i, "site_id"]: k for k, i in enumerate(order)}
        out["_o"] = out["pilot_site_id"].map(position)
        out = out.sort_values(["_o", "rank"], kind="mergesort").drop(columns="_o").reset_index(drop=True)
    return out


def _pre_period_counts(
    crime_counts_before: pd.DataFrame, pilots: pd.DataFrame, stops: pd.DataFrame, months_before: int
) -> dict[int, tuple[int, pd.Series]]:
    """For each pilot row: (pilot's pre-period count, Series stop_code -> pre-period count)."""
    counts = _require(crime_counts_before, ["site_id", "crimes"], "crime_counts_before")
    needed_stops = stops["stop_code"].to_numpy(dtype=object)
    result: dict[int, tuple[int, pd.Series]] = {}
    if "month" in counts.columns:
        if months_before < 1:
            raise ValueError("months_before must be at least 1")
        month = _month_index(counts["month"])
        wide = (
            pd.DataFrame(
                {"site_id": counts["site_id"].to_numpy(dtype=object), "m": month, "c": counts["crimes"].to_numpy()}
            )
            .groupby(["site_id", "m"], sort=False)["c"]
            .sum()
            .unstack("m", fill_value=0)
        )
        present = set(wide.columns.tolist())
        for i in range(len(pilots)):
            g = int(pilots.at[i, "_golive"])
            window = list(range(g - months_before, g))
            missing = [m for m in window if m not in present]
            if missing:
                raise ValueError(
                    f"pre-period of pilot {pilots.at[i, 'site_id']!r} is not covered by crime_counts_before: "
                    f"missing {_month_start(missing).dt.strftime('%Y-%m').tolist()}"
                )
            totals = wide[window].sum(axis=1)
            result[i] = (_lookup_one(totals, pilots.at[i, "site_id"]), _lookup_many(totals, needed_stops))
    else:
        totals = (
            pd.DataFrame({"site_id": counts["site_id"].to_numpy(dtype=object), "c": counts["crimes"].to_numpy()})
            .groupby("site_id", sort=False)["c"]
            .sum()
        )
        for i in range(len(pilots)):
            result[i] = (_lookup_one(totals, pilots.at[i, "site_id"]), _lookup_many(totals, needed_stops))
    return result


def _lookup_one(totals: pd.Series, site_id: Any) -> int:
    if site_id not in totals.index:
        raise ValueError(f"crime_counts_before has no count for pilot site {site_id!r}")
    return int(totals.loc[site_id])


def _lookup_many(totals: pd.Series, ids: np.ndarray) -> pd.Series:
    missing = [s for s in ids if s not in totals.index]
    if missing:
        raise ValueError(f"crime_counts_before has no count for {len(missing)} candidate stop(s), e.g. {missing[:5]}")
    return totals.reindex(ids).astype(np.int64)


# --------------------------------------------------------------------------------------------
# Difference in differences
# --------------------------------------------------------------------------------------------


def _level(z: float) -> str:
    return f"{100 * (2 * norm.cdf(z) - 1):.0f}%"


def _sig(x: float) -> str:
    return f"{x:.2f}"


def balance_words(r: float) -> str:
    """A warning when the groups differed by more than `IMBALANCE` before go-live (`r` is the pilot /
    comparison rate before go-live), else ''."""
    if not math.isfinite(r) or (1 / IMBALANCE <= r <= IMBALANCE):
        return ""
    text = (
        f" The groups were not well matched: before go-live the pilot sites had {r:.2f} times the "
        f"comparison sites' rate"
    )
    if r > 1:
        text += (
            ", and sites picked for high crime tend to fall back anyway (regression to the mean), "
            "so part of any fall may have nothing to do with cameras"
        )
    return text + "."


@dataclass(frozen=True)
class DiDResult:
    """A difference-in-differences estimate on Poisson counts.

    `estimate, lower, upper`: ratio of rate ratios (RRR) with its interval; NaN when not estimable.
    `absolute_estimate, absolute_lower, absolute_upper`: change in crimes per site per month at the
    pilot sites minus the change at the comparison sites. `too_small`: some count is under
    `min_count`, so no conclusion should be drawn whatever the interval says.
    """

    estimate: float
    lower: float
    upper: float
    method: str
    absolute_estimate: float
    absolute_lower: float
    absolute_upper: float
    absolute_method: str
    pilot_before: int
    pilot_after: int
    comparison_before: int
    comparison_after: int
    months_before: int
    months_after: int
    pilot_sites: int
    comparison_sites: int
    estimable: bool
    continuity_corrected: bool
    too_small: bool
    z: float = Z_95
    min_count: int = MIN_COUNT

    @property
    def pre_period_ratio(self) -> float:
        """Pilot rate / comparison rate before go-live (per site-month); 1 = perfectly balanced."""
        if self.comparison_before == 0:
            return float("nan")
        return (self.pilot_before / self.pilot_sites) / (self.comparison_before / self.comparison_sites)

    def balance_text(self) -> str:
        """A warning when the groups differed by more than `IMBALANCE` before go-live, else ''."""
        return balance_words(self.pre_period_ratio)

    def counts_text(self, what: str = "crimes") -> str:
        return (
            f"{self.pilot_before} {what} in the {self.months_before} months before and {self.pilot_after} in the "
            f"{self.months_after} months after at {self.pilot_sites} pilot site{'s' if self.pilot_sites != 1 else ''}; "
            f"{self.comparison_before} before and {self.comparison_after} after at {self.comparison_sites} "
            f"comparison site{'s' if self.comparison_sites != 1 else ''}"
        )

    def sentence(
        self, what: str = "crimes", pilot: str = "pilot shelters", comparison: str = "comparison shelters"
    ) -> str:
        """Plain English for the page. Never a bare percentage: always the factor, its interval, the counts."""
        level = _level(self.z)
        counts = self.counts_text(what)
        if not self.estimable:
            return f"No estimate is possible: {counts}."
        factor = (
            f"{what[:1].upper() + what[1:]} near {pilot} changed by a factor of {_sig(self.estimate)} relative to "
            f"{comparison} ({level} CI {_sig(self.lower)} to {_sig(self.upper)})"
        )
        corrected = " 0.5 was added to every count because one of them was zero." if self.continuity_corrected else ""
        if self.too_small:
            return (
                f"Too few {what} for any conclusion ({counts}; at least {self.min_count} are needed in each). "
                f"For the record: {factor[0].lower() + factor[1:]}.{corrected}"
            )
        if self.lower <= 1.0 <= self.upper:
            verdict = "no clear evidence of an effect"
        elif self.upper < 1.0:
            verdict = (
                "a relative fall, though a before/after comparison cannot rule out other causes "
                "that changed at the same time"
            )
        else:
            verdict = "a relative rise, which may reflect more reporting near cameras rather than more crime"
        absolute = (
            f" In absolute terms that is {self.absolute_estimate:+.2f} {what} per site per month "
            f"({level} CI {self.absolute_lower:+.2f} to {self.absolute_upper:+.2f}), from {counts}."
        )
        return f"{factor}: {verdict}.{corrected}{self.balance_text()}{absolute}"


def _count(value: Any, name: str) -> int:
    v = float(value)
    if not math.isfinite(v) or v < 0 or v != int(v):
        raise ValueError(f"{name} must be a non-negative whole count, got {value!r}")
    return int(v)


def did_method_texts(
    pilot_before: int,
    pilot_after: int,
    comparison_before: int,
    comparison_after: int,
    *,
    z: float = Z_95,
    min_count: int = MIN_COUNT,
) -> tuple[str, str]:
    """How `difference_in_differences` worked out its ratio of rate ratios and its absolute difference,
    in words, from the four counts alone (so a stored row can be worded again): (method, absolute_method)."""
    pb, pa, cb, ca = pilot_before, pilot_after, comparison_before, comparison_after
    level = _level(z)
    caveat = " Assumes independent Poisson counts; crimes cluster, so real uncertainty is likely wider."
    if not ((pb + pa) > 0 and (cb + ca) > 0):
        empty = "pilot" if pb + pa == 0 else "comparison"
        method = (
            f"Ratio of rate ratios not estimable: no crimes at the {empty} sites in either period, "
            f"so there is no information on how they changed."
        )
    else:
        method = (
            "Ratio of rate ratios (pilot after/before) / (comparison after/before), rates per site-month; "
            f"{level} CI exp(log RRR +/- {z:g} x sqrt(1/Pa + 1/Pb + 1/Ca + 1/Cb))."
        )
        if min(pb, pa, cb, ca) == 0:
            method += " 0.5 added to each of the four counts because at least one was zero (Haldane-Anscombe)."
        method += caveat
    abs_method = (
        "Difference in differences of crimes per site per month, (pilot after - before) - "
        f"(comparison after - before); {level} CI +/- {z:g} x Poisson SE (variance = count / exposure^2)."
    )
    if min(pb, pa, cb, ca) == 0:
        abs_method += " A zero count adds no variance, so this interval is too narrow."
    abs_method += caveat
    if min(pb, pa, cb, ca) < min_count:
        note = f" Too few crimes for any conclusion: at least one count is under {min_count}."
        method += note
        abs_method += note
    return method, abs_method


def difference_in_differences(
    pilot_before: int,
    pilot_after: int,
    comparison_before: int,
    comparison_after: int,
    months_before: int = 12,
    months_after: int = 12,
    *,
    pilot_sites: int = 1,
    comparison_sites: int = 1,
    z: float = Z_95,
    min_count: int = MIN_COUNT,
) -> DiDResult:
    """Pilot vs comparison change in crime counts, treating each total as a Poisson count.

    Totals are summed over all sites in a group; exposure is sites x months. With Pb, Pa, Cb, Ca
    the four totals:

    (a) RRR = (Pa/Pb) / (Ca/Cb), the ratio of rate ratios (rates per site-month; exposures cancel
        when both groups have the same window lengths). 95% CI exp(log RRR +/- z SE),
        SE = sqrt(1/Pa + 1/Pb + 1/Ca + 1/Cb). If a whole group has no crimes in either period
        there is no information about its change: not estimable (NaN). Otherwise, if any count is
        zero, 0.5 is added to all four (Haldane-Anscombe) and the method text says so.
    (b) Absolute DiD = (Pa/(nP ma) - Pb/(nP mb)) - (Ca/(nC ma) - Cb/(nC mb)) crimes per site per
        month, CI +/- z sqrt(Pa/(nP ma)^2 + Pb/(nP mb)^2 + Ca/(nC ma)^2 + Cb/(nC mb)^2), the Poisson
        variance estimated by the observed count (a zero count adds no variance, so the interval is
        then too narrow; the method text says so).
    (c) `too_small` when any of the four counts is under `min_count` (default 10).

    Both intervals assume independent Poisson counts. Crimes cluster in place and time
    (overdispersion), so the true uncertainty is probably wider.
    """
    pb = _count(pilot_before, "pilot_before")
    pa = _count(pilot_after, "pilot_after")
    cb = _count(comparison_before, "comparison_before")
    ca = _count(comparison_after, "comparison_after")
    for name, value in (
        ("months_before", months_before),
        ("months_after", months_after),
        ("pilot_sites", pilot_sites),
        ("comparison_sites", comparison_sites),
    ):
        if not (value >= 1):
            raise ValueError(f"{name} must be at least 1, got {value!r}")
    estimable = (pb + pa) > 0 and (cb + ca) > 0
    corrected = estimable and min(pb, pa, cb, ca) == 0
    if not estimable:
        estimate = lower = upper = float("nan")
    else:
        k = 0.5 if corrected else 0.0
        a, b, c, d = pa + k, pb + k, ca + k, cb + k
        log_rrr = math.log(a / b) - math.log(c / d)
        se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
        estimate = math.exp(log_rrr)
        lower = math.exp(log_rrr - z * se)
        upper = math.exp(log_rrr + z * se)

    ep_a, ep_b = pilot_sites * months_after, pilot_sites * months_before
    ec_a, ec_b = comparison_sites * months_after, comparison_sites * months_before
    abs_est = (pa / ep_a - pb / ep_b) - (ca / ec_a - cb / ec_b)
    abs_se = math.sqrt(pa / ep_a**2 + pb / ep_b**2 + ca / ec_a**2 + cb / ec_b**2)
    too_small = min(pb, pa, cb, ca) < min_count
    method, abs_method = did_method_texts(pb, pa, cb, ca, z=z, min_count=min_count)
    return DiDResult(
        estimate=estimate,
        lower=lower,
        upper=upper,
        method=method,
        absolute_estimate=abs_est,
        absolute_lower=abs_est - z * abs_se,
        absolute_upper=abs_est + z * abs_se,
        absolute_method=abs_method,
        pilot_before=pb,
        pilot_after=pa,
        comparison_before=cb,
        comparison_after=ca,
        months_before=int(months_before),
        months_after=int(months_after),
        pilot_sites=int(pilot_sites),
        comparison_sites=int(comparison_sites),
        estimable=estimable,
        continuity_corrected=corrected,
        too_small=too_small,
        z=z,
        min_count=min_count,
    )


# --------------------------------------------------------------------------------------------
# The whole evaluation
# --------------------------------------------------------------------------------------------


class Note(NamedTuple):
    """One caveat found by an evaluation: its kind (a short code) and the names and numbers its words
    need. Plain data, so the store can keep it; dashboard/words/shelters.py words it."""

    kind: str
    params: dict[str, Any]


@dataclass(frozen=True)
class ShelterEvaluation:
    """Tidy tables from `evaluate`. `results` maps phase (and 'all') to its `DiDResult`."""

    sites: pd.DataFrame
    did: pd.DataFrame
    monthly: pd.DataFrame
    notes: tuple[Note, ...]
    results: dict


SITE_COLUMNS = [
    "site_id",
    "role",
    "matched_pilot",
    "phase",
    "borough",
    "longitude",
    "latitude",
    "live_date",
    "before_first_month",
    "before_last_month",
    "after_first_month",
    "after_last_month",
    "crimes_before",
    "crimes_after",
    "included",
    "note_kind",
    "note_params",
    "match_rank",
    "count_difference",
    "nearest_camera_m",
]
DID_COLUMNS = [
    "phase",
    "crime_type",
    "radius_m",
    "pilot_sites",
    "comparison_sites",
    "months_before",
    "months_after",
    "pilot_before",
    "pilot_after",
    "comparison_before",
    "comparison_after",
    "estimate",
    "lower",
    "upper",
    "absolute_estimate",
    "absolute_lower",
    "absolute_upper",
    "pre_period_ratio",
    "estimable",
    "continuity_corrected",
    "too_small",
    "method",
    "absolute_method",
    "sentence",
]
MONTHLY_COLUMNS = ["phase", "group", "relative_month", "sites", "crimes", "crimes_per_site"]


def evaluate(
    pilot_sites: pd.DataFrame,
    stops: pd.DataFrame,
    crimes: pd.DataFrame,
    radius_m: float = 100.0,
    months_before: int = 12,
    months_after: int = 12,
    crime_type: str | Iterable[str] | None = None,
    *,
    per_pilot: int = 3,
    exclusion_m: float | None = None,
    z: float = Z_95,
    min_count: int = MIN_COUNT,
) -> ShelterEvaluation:
    """Difference-in-differences evaluation of the shelter cameras against matched comparison stops.

    Inputs: `pilot_sites` (`site_id, borough, longitude, latitude, live_date`, optional `phase`),
    `stops` (`stop_code, borough, longitude, latitude`, optional `is_virtual`) and `crimes`
    (`month, longitude, latitude`, plus `crime_type` when `crime_type` is given; a str or a list).

    Each pilot's windows are relative to its own go-live: the `months_before` months before the
    go-live month, and `months_after` months from the first whole camera month (a go-live after the
    1st leaves its month out of both windows). Months covered by the data are the months present in
    `crimes` before the crime-type filter. A pilot whose windows are not wholly covered is kept in
    `sites` with `included = False` and a note kind, still counts as a camera for the exclusion zone,
    and is left out of matching and of the DiD. Comparison stops come from
    `choose_comparison_sites` (matched on each pilot's own pre-period count) and inherit the matched
    pilot's windows and phase.

    Returns a `ShelterEvaluation`:

    * `sites`: one row per pilot and per comparison: `site_id, role ('pilot'|'comparison'),
      matched_pilot, phase, borough, longitude, latitude, live_date, before_first_month,
      before_last_month, after_first_month, after_last_month, crimes_before, crimes_after,
      included, note_kind, note_params, match_rank, count_difference, nearest_camera_m`; `note_kind`
      ('windows_not_covered', 'short_match' or None) and `note_params` (a dict, or None) are worded by
      dashboard/words/shelter_problems.py.
    * `did`: one row per phase (when `phase` is given) plus `phase = 'all'`: `phase, crime_type,
      radius_m, pilot_sites, comparison_sites, months_before, months_after, pilot_before,
      pilot_after, comparison_before, comparison_after, estimate, lower, upper (ratio of rate
      ratios), absolute_estimate, absolute_lower, absolute_upper (crimes per site per month),
      pre_period_ratio (pilot / comparison rate before go-live; 1 = balanced), estimable, continuity_corrected, too_small, method, absolute_method, sentence`.
    * `monthly`: `phase, group ('pilot'|'comparison'), relative_month (-months_before..-1 before,
      0..months_after-1 after), sites, crimes, crimes_per_site`, per phase and for 'all'.
    * `notes`: plain-English caveats found in this run (excluded pilots, short matches, overlaps).
    """
    if months_before < 1 or months_after < 1:
        raise ValueError("months_before and months_after must be at least 1")
    pilots = _pilots(pilot_sites)
    has_phase = "phase" in pilots.columns
    pilots["phase"] = pilots["phase"].astype(str) if has_phase else "all"
    stops = _physical_stops(stops)
    crimes = _require(crimes, ["month", "longitude", "latitude"], "crimes")
    covered = set(np.unique(_month_index(crimes["month"])).tolist()) if len(crimes) else set()
    type_label = None
    if crime_type is not None:
        if "crime_type" not in crimes.columns:
            raise ValueError("crime_type was given but crimes has no crime_type column")
        wanted = [crime_type] if isinstance(crime_type, str) else list(crime_type)
        crimes = crimes.loc[crimes["crime_type"].isin(wanted)]
        type_label = ", ".join(map(str, wanted))

    notes: list[Note] = []
    before_windows = [list(range(g - months_before, g)) for g in pilots["_golive"]]
    after_windows = [list(range(a, a + months_after)) for a in pilots["_first_after"]]
    included = np.array([all(m in covered for m in b + a) for b, a in zip(before_windows, after_windows)], dtype=bool)
    pilots["included"] = included
    # A site's note is a kind and its parameters (worded by dashboard/words/shelter_problems.py).
    pilots["note_kind"] = np.where(included, None, "windows_not_covered")
    for i in np.flatnonzero(~included):
        notes.append(
            Note(
                "pilot_outside_crime_months",
                {
                    "site_id": str(pilots.at[i, "site_id"]),
                    "months_before": int(months_before),
                    "months_after": int(months_after),
                },
            )
        )

    # One namespace for counting: pilots and stops could share ids.
    P, S = "P\x1f", "S\x1f"
    inc = pilots.loc[included].reset_index(drop=True)
    candidates = stops.loc[stops["borough"].isin(set(inc["borough"]))].reset_index(drop=True)
    count_sites = pd.concat(
        [
            pd.DataFrame(
                {
                    "site_id": [P + str(s) for s in pilots["site_id"]],
                    "longitude": pilots["longitude"].astype(float),
                    "latitude": pilots["latitude"].astype(float),
                }
            ),
            pd.DataFrame(
                {
                    "site_id": [S + str(s) for s in candidates["stop_code"]],
                    "longitude": candidates["longitude"].astype(float),
                    "latitude": candidates["latitude"].astype(float),
                }
            ),
        ],
        ignore_index=True,
    )
    grid = sorted(covered)
    monthly_counts = crimes_near_sites(count_sites, crimes, radius_m=radius_m, months=_month_start(grid))
    wide = monthly_counts.assign(m=_month_index(monthly_counts["month"])).pivot(
        index="site_id", columns="m", values="crimes"
    )

    comps = (
        choose_comparison_sites(
            inc.assign(site_id=[P + str(s) for s in inc["site_id"]]).drop(columns=["_golive", "_first_after"]),
            candidates.assign(stop_code=[S + str(s) for s in candidates["stop_code"]]),
            monthly_counts,
            radius_m=radius_m,
            per_pilot=per_pilot,
            months_before=months_before,
            exclusion_m=exclusion_m,
            other_camera_sites=pilots.loc[~included, ["longitude", "latitude"]],
        )
        if len(inc)
        else pd.DataFrame(columns=["pilot_site_id", "site_id", "rank", "count_difference", "nearest_camera_m"])
    )

    original_stop = dict(zip([S + str(s) for s in candidates["stop_code"]], candidates["stop_code"]))
    original_pilot = dict(zip([P + str(s) for s in pilots["site_id"]], pilots["site_id"]))
    pilot_row = {P + str(s): i for i, s in enumerate(pilots["site_id"])}

    def window_sum(key: str, months: list[int]) -> int:
        return int(wide.loc[key, months].sum())

    site_rows: list[dict] = []
    for i in range(len(pilots)):
        key = P + str(pilots.at[i, "site_id"])
        b, a = before_windows[i], after_windows[i]
        ok = bool(included[i])
        n_comps = int((comps["pilot_site_id"] == key).sum()) if ok else 0
        note_kind, note_params = pilots.at[i, "note_kind"], ({} if not ok else None)
        if ok and n_comps < per_pilot:
            note_kind, note_params = "short_match", {"matched": n_comps, "wanted": int(per_pilot)}
            notes.append(
                Note(
                    "short_match",
                    {"site_id": str(pilots.at[i, "site_id"]), "matched": n_comps, "wanted": int(per_pilot)},
                )
            )
        site_rows.append(
            {
                "site_id": pilots.at[i, "site_id"],
                "role": "pilot",
                "matched_pilot": None,
                "phase": pilots.at[i, "phase"],
                "borough": pilots.at[i, "borough"],
                "longitude": float(pilots.at[i, "longitude"]),
                "latitude": float(pilots.at[i, "latitude"]),
                "live_date": pd.Timestamp(pilots.at[i, "live_date"]),
                "before_first_month": b[0],
                "before_last_month": b[-1],
                "after_first_month": a[0],
                "after_last_month": a[-1],
                "crimes_before": window_sum(key, b) if ok else pd.NA,
                "crimes_after": window_sum(key, a) if ok else pd.NA,
                "included": ok,
                "note_kind": note_kind,
                "note_params": note_params,
                "match_rank": pd.NA,
                "count_difference": pd.NA,
                "nearest_camera_m": np.nan,
                "_key": key,
                "_row": i,
            }
        )
    for _, c in comps.iterrows():
        i = pilot_row[c["pilot_site_id"]]
        b, a = before_windows[i], after_windows[i]
        site_rows.append(
            {
                "site_id": original_stop[c["site_id"]],
                "role": "comparison",
                "matched_pilot": original_pilot[c["pilot_site_id"]],
                "phase": pilots.at[i, "phase"],
                "borough": c["borough"],
                "longitude": float(c["longitude"]),
                "latitude": float(c["latitude"]),
                "live_date": pd.Timestamp(pilots.at[i, "live_date"]),
                "before_first_month": b[0],
                "before_last_month": b[-1],
                "after_first_month": a[0],
                "after_last_month": a[-1],
                "crimes_before": window_sum(c["site_id"], b),
                "crimes_after": window_sum(c["site_id"], a),
                "included": True,
                "note_kind": None,
                "note_params": None,
                "match_rank": int(c["rank"]),
                "count_difference": int(c["count_difference"]),
                "nearest_camera_m": float(c["nearest_camera_m"]),
                "_key": c["site_id"],
                "_row": i,
            }
        )
    sites = pd.DataFrame(site_rows, columns=SITE_COLUMNS + ["_key", "_row"])
    for col in ("before_first_month", "before_last_month", "after_first_month", "after_last_month"):
        sites[col] = (
            _month_start(sites[col].to_numpy(dtype=np.int64)).to_numpy()
            if len(sites)
            else pd.Series([], dtype="datetime64[ns]")
        )
    for col in ("crimes_before", "crimes_after", "match_rank", "count_difference"):
        sites[col] = sites[col].astype("Int64")

    # Pilots whose catchments overlap share crimes, which double-counts and narrows intervals.
    if len(inc) > 1:
        lon, lat = inc["longitude"].astype(float).to_numpy(), inc["latitude"].astype(float).to_numpy()
        d = haversine_m(lon[:, None], lat[:, None], lon[None, :], lat[None, :])
        for x, y in zip(*np.nonzero(np.triu(d <= 2 * radius_m, k=1))):
            notes.append(
                Note(
                    "overlapping_circles",
                    {
                        "first": str(inc.at[x, "site_id"]),
                        "second": str(inc.at[y, "site_id"]),
                        "distance_m": float(d[x, y]),
                        "radius_m": float(radius_m),
                    },
                )
            )

    phases = sorted(set(pilots.loc[included, "phase"])) if has_phase else []
    did_rows, results, monthly_parts = [], {}, []
    used = sites.loc[sites["included"]]
    for phase in phases + ["all"]:
        group = used if phase == "all" else used.loc[used["phase"] == phase]
        pil, com = group.loc[group["role"] == "pilot"], group.loc[group["role"] == "comparison"]
        row = {
            "phase": phase,
            "crime_type": type_label,
            "radius_m": float(radius_m),
            "pilot_sites": len(pil),
            "comparison_sites": len(com),
            "months_before": months_before,
            "months_after": months_after,
            "pilot_before": int(pil["crimes_before"].sum()),
            "pilot_after": int(pil["crimes_after"].sum()),
            "comparison_before": int(com["crimes_before"].sum()),
            "comparison_after": int(com["crimes_after"].sum()),
        }
        if len(pil) and len(com):
            r = difference_in_differences(
                row["pilot_before"],
                row["pilot_after"],
                row["comparison_before"],
                row["comparison_after"],
                months_before,
                months_after,
                pilot_sites=len(pil),
                comparison_sites=len(com),
                z=z,
                min_count=min_count,
            )
            results[phase] = r
            what = f"{type_label.lower()} crimes" if type_label else "crimes"
            row.update(
                estimate=r.estimate,
                lower=r.lower,
                upper=r.upper,
                absolute_estimate=r.absolute_estimate,
                absolute_lower=r.absolute_lower,
                absolute_upper=r.absolute_upper,
                pre_period_ratio=r.pre_period_ratio,
                estimable=r.estimable,
                continuity_corrected=r.continuity_corrected,
                too_small=r.too_small,
                method=r.method,
                absolute_method=r.absolute_method,
                sentence=r.sentence(what=what),
            )
        else:
            text = no_sites_text(len(pil))
            row.update(
                estimate=np.nan,
                lower=np.nan,
                upper=np.nan,
                absolute_estimate=np.nan,
                absolute_lower=np.nan,
                absolute_upper=np.nan,
                pre_period_ratio=np.nan,
                estimable=False,
                continuity_corrected=False,
                too_small=True,
                method=text,
                absolute_method=text,
                sentence=text,
            )
        if phase in results and results[phase].balance_text():
            notes.append(
                Note(
                    "unequal_groups", {"phase": str(phase), "pre_period_ratio": float(results[phase].pre_period_ratio)}
                )
            )
        did_rows.append(row)
        monthly_parts.append(_monthly_series(group, wide, months_before, months_after, phase))
    did = pd.DataFrame(did_rows, columns=DID_COLUMNS)
    monthly = (
        pd.concat(monthly_parts, ignore_index=True)[MONTHLY_COLUMNS]
        if monthly_parts
        else pd.DataFrame(columns=MONTHLY_COLUMNS)
    )
    sites = sites.drop(columns=["_key", "_row"]).reset_index(drop=True)
    return ShelterEvaluation(sites=sites, did=did, monthly=monthly, notes=tuple(notes), results=results)


def _monthly_series(
    group: pd.DataFrame, wide: pd.DataFrame, months_before: int, months_after: int, phase: str
) -> pd.DataFrame:
    relative = np.arange(-months_before, months_after)
    rows = []
    for role in ("pilot", "comparison"):
        part = group.loc[group["role"] == role]
        totals = np.zeros(relative.size, dtype=np.int64)
        for _, site in part.iterrows():
            golive = int(_month_index([site["before_last_month"]])[0]) + 1
            first_after = int(_month_index([site["after_first_month"]])[0])
            months = np.where(relative < 0, golive + relative, first_after + relative)
            totals += wide.loc[site["_key"], months].to_numpy(dtype=np.int64)
        n = len(part)
        for r, t in zip(relative, totals):
            rows.append(
                {
                    "phase": phase,
                    "group": role,
                    "relative_month": int(r),
                    "sites": n,
                    "crimes": int(t),
                    "crimes_per_site": t / n if n else np.nan,
                }
            )
    return pd.DataFrame(rows, columns=MONTHLY_COLUMNS)


# --------------------------------------------------------------------------------------------
# Survey: feeling safe
# --------------------------------------------------------------------------------------------


def wilson_interval(successes: Any, n: Any, z: float = Z_95) -> tuple[Any, Any]:
    """Wilson score interval for a proportion: (lower, upper), vectorised; NaN where n == 0.

    centre = (p + z^2/2n) / (1 + z^2/n), half-width = z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n),
    with p = successes / n.
    """
    x = np.asarray(successes, dtype=float)
    m = np.asarray(n, dtype=float)
    if np.any(x < 0) or np.any(m < 0) or np.any(x > m):
        raise ValueError("need 0 <= successes <= n")
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / m
        denom = 1 + z**2 / m
        centre = (p + z**2 / (2 * m)) / denom
        half = z * np.sqrt(p * (1 - p) / m + z**2 / (4 * m**2)) / denom
        lower = np.where(m > 0, centre - half, np.nan)
        upper = np.where(m > 0, centre + half, np.nan)
    lower, upper = np.clip(lower, 0.0, 1.0), np.clip(upper, 0.0, 1.0)
    if lower.ndim == 0:
        return float(lower), float(upper)
    return lower, upper


@dataclass(frozen=True)
class SurveyResult:
    """`shares`: one row per question x site_group x wave; `did`: one row per question."""

    shares: pd.DataFrame
    did: pd.DataFrame


SURVEY_NOT_ESTIMABLE = "Not estimable: a group or wave has no respondents to this question."


def no_sites_text(pilot_sites: int) -> str:
    """Why a phase has no difference in differences: no pilot (with whole windows) or no comparison sites."""
    missing = "pilot sites with whole windows" if not pilot_sites else "comparison sites"
    return f"Not estimable: no {missing}."


def survey_did_sentence(
    n: Mapping[str, int], estimate: float, lower: float, upper: float, *, too_small: bool, z: float = Z_95
) -> str:
    """Plain English for a survey difference in differences of shares, from its numbers.

    `n`: respondents in each of pilot_before, pilot_after, comparison_before, comparison_after.
    """
    level = _level(z)
    total = sum(n.values())
    base = (
        f"{n['pilot_before']} and {n['pilot_after']} respondents at pilot shelters before and after, "
        f"{n['comparison_before']} and {n['comparison_after']} at comparison shelters"
    )
    change = (
        f"the share feeling safe changed by {100 * estimate:+.0f} percentage points more at pilot shelters than at "
        f"comparison shelters ({level} CI {100 * lower:+.0f} to {100 * upper:+.0f} points; {base})"
    )
    if too_small:
        return f"Too few respondents for any conclusion ({total} in all). For the record, {change}."
    verdict = (
        "no clear evidence of a difference"
        if lower <= 0 <= upper
        else ("evidence that pilot shelters gained more" if lower > 0 else "evidence that pilot shelters gained less")
    )
    return f"{change[0].upper() + change[1:]}: {verdict}."


def survey_feeling_safe(
    survey: pd.DataFrame,
    *,
    pilot_group: str = "pilot",
    comparison_group: str = "comparison",
    before_wave: str = "before",
    after_wave: str = "after",
    safe_responses: Iterable[str] = SAFE_RESPONSES,
    z: float = Z_95,
    min_respondents: int = MIN_RESPONDENTS,
) -> SurveyResult:
    """Share feeling safe ('Very safe' + 'Fairly safe') by site group and wave, with a DiD of shares.

    `survey` has `site_group, wave, question, response, respondents` (respondents giving that
    response; repeated rows are summed). Responses match `safe_responses` case- and
    space-insensitively. The denominator is everyone who answered the question in that group and
    wave, "Don't know" included.

    `shares`: `question, site_group, wave, feeling_safe, respondents, share, lower, upper` (Wilson).
    `did`: per question, (pilot after - pilot before) - (comparison after - comparison before) of
    the shares, CI +/- z sqrt(sum p(1-p)/n) (normal approximation, independent samples):
    `question, pilot_before_share, pilot_after_share, comparison_before_share,
    comparison_after_share, pilot_before_n, pilot_after_n, comparison_before_n, comparison_after_n,
    estimate, lower, upper, estimable, too_small, method, sentence`. `too_small` when any cell has
    under `min_respondents` respondents or fewer than 5 answering either way.
    """
    survey = _require(survey, ["site_group", "wave", "question", "response", "respondents"], "survey")
    r = pd.to_numeric(survey["respondents"], errors="raise")
    if (r < 0).any() or r.isna().any():
        raise ValueError("respondents must be non-negative counts")
    safe = {s.strip().casefold() for s in safe_responses}
    frame = pd.DataFrame(
        {
            "question": survey["question"].to_numpy(dtype=object),
            "site_group": survey["site_group"].astype(str).to_numpy(dtype=object),
            "wave": survey["wave"].astype(str).to_numpy(dtype=object),
            "respondents": r.to_numpy(dtype=np.int64),
            "is_safe": survey["response"].astype(str).str.strip().str.casefold().isin(safe).to_numpy(),
        }
    )
    frame["feeling_safe"] = np.where(frame["is_safe"], frame["respondents"], 0)
    shares = (
        frame.groupby(["question", "site_group", "wave"], sort=True)[["feeling_safe", "respondents"]]
        .sum()
        .reset_index()
    )
    shares["feeling_safe"] = shares["feeling_safe"].astype(np.int64)
    shares["respondents"] = shares["respondents"].astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares["share"] = np.where(shares["respondents"] > 0, shares["feeling_safe"] / shares["respondents"], np.nan)
    low, up = wilson_interval(shares["feeling_safe"].to_numpy(), shares["respondents"].to_numpy(), z=z)
    shares["lower"], shares["upper"] = np.asarray(low, dtype=float), np.asarray(up, dtype=float)

    level = _level(z)
    did_rows = []
    cells = {
        "pilot_before": (pilot_group, before_wave),
        "pilot_after": (pilot_group, after_wave),
        "comparison_before": (comparison_group, before_wave),
        "comparison_after": (comparison_group, after_wave),
    }
    for question, part in shares.groupby("question", sort=True):
        indexed = part.set_index(["site_group", "wave"])
        row: dict[str, Any] = {"question": question}
        found = True
        for name, key in cells.items():
            if key in indexed.index and indexed.loc[key, "respondents"] > 0:
                row[f"{name}_share"] = float(indexed.loc[key, "share"])
                row[f"{name}_n"] = int(indexed.loc[key, "respondents"])
                row[f"_{name}_x"] = int(indexed.loc[key, "feeling_safe"])
            else:
                row[f"{name}_share"], row[f"{name}_n"], row[f"_{name}_x"] = np.nan, 0, 0
                found = False
        if not found:
            text = SURVEY_NOT_ESTIMABLE
            row.update(
                estimate=np.nan, lower=np.nan, upper=np.nan, estimable=False, too_small=True, method=text, sentence=text
            )
        else:
            p = {k: row[f"{k}_share"] for k in cells}
            n = {k: row[f"{k}_n"] for k in cells}
            x = {k: row[f"_{k}_x"] for k in cells}
            est = (p["pilot_after"] - p["pilot_before"]) - (p["comparison_after"] - p["comparison_before"])
            se = math.sqrt(sum(p[k] * (1 - p[k]) / n[k] for k in cells))
            small = any(n[k] < min_respondents or x[k] < 5 or n[k] - x[k] < 5 for k in cells)
            method = (
                "Difference in differences of shares feeling safe, (pilot after - before) - (comparison after - before); "
                f"{level} CI +/- {z:g} x sqrt(sum p(1-p)/n), normal approximation, independent samples."
            )
            if small:
                method += f" Too few respondents for any conclusion (a cell under {min_respondents}, or under 5 answering either way)."
            sentence = survey_did_sentence(n, est, est - z * se, est + z * se, too_small=small, z=z)
            row.update(
                estimate=est,
                lower=est - z * se,
                upper=est + z * se,
                estimable=True,
                too_small=small,
                method=method,
                sentence=sentence,
            )
        did_rows.append(row)
    did_columns = [
        "question",
        "pilot_before_share",
        "pilot_after_share",
        "comparison_before_share",
        "comparison_after_share",
        "pilot_before_n",
        "pilot_after_n",
        "comparison_before_n",
        "comparison_after_n",
        "estimate",
        "lower",
        "upper",
        "estimable",
        "too_small",
        "method",
        "sentence",
    ]
    did = pd.DataFrame(did_rows).reindex(columns=did_columns) if did_rows else pd.DataFrame(columns=did_columns)
    return SurveyResult(
        shares=shares[["question", "site_group", "wave", "feeling_safe", "respondents", "share", "lower", "upper"]],
        did=did,
    )
