"""Coordinates and plane geometry shared by ingest and the maps.

The one place that converts British National Grid to WGS84 (a pinned PROJ pipeline, so every
machine gives the same coordinates) and simplifies boundary rings for drawing.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
from pyproj import Transformer

BNG_TO_WGS84_PIPELINE = (
    "proj=pipeline "
    "step inv proj=tmerc lat_0=49 lon_0=-2 k=0.9996012717 x_0=400000 y_0=-100000 ellps=airy "
    "step proj=push v_3 "
    "step proj=cart ellps=airy "
    "step proj=helmert x=446.448 y=-125.157 z=542.06 rx=0.15 ry=0.247 rz=0.842 s=-20.489 "
    "convention=position_vector "
    "step inv proj=cart ellps=WGS84 "
    "step proj=pop v_3 "
    "step proj=unitconvert xy_in=rad xy_out=deg"
)
"""EPSG:27700 -> EPSG:4326 (lon, lat order) by the 7-parameter 'OSGB36 to WGS 84 (6)' Helmert
transformation (about 2 m accuracy). This is what PROJ picks for
`Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)` when the OSTN15 grid is not
installed. It is pinned so every machine gives the same coordinates, grid or no grid: with the grid
PROJ would move points by a metre or two, enough to flip a crime in or out of a radius."""


@lru_cache(maxsize=1)
def _bng_transformer() -> Transformer:
    return Transformer.from_pipeline(BNG_TO_WGS84_PIPELINE)


def bng_to_wgs84(easting: Any, northing: Any) -> tuple[np.ndarray, np.ndarray]:
    """British National Grid (EPSG:27700) eastings/northings to WGS84 (EPSG:4326) lon/lat, vectorised.

    Accepts scalars, lists, arrays or Series of equal shape; returns `(longitude, latitude)` as float
    arrays of that shape. Non-finite inputs give NaN. See `BNG_TO_WGS84_PIPELINE` for the exact
    transformation (always x=longitude, y=latitude order).
    """
    e = np.asarray(easting, dtype=float)
    n = np.asarray(northing, dtype=float)
    if e.shape != n.shape:
        raise ValueError(f"easting and northing differ in shape: {e.shape} vs {n.shape}")
    ok = np.isfinite(e) & np.isfinite(n)
    lon = np.full(e.shape, np.nan)
    lat = np.full(e.shape, np.nan)
    if ok.any():
        x, y = _bng_transformer().transform(e[ok], n[ok])
        lon[ok] = x
        lat[ok] = y
    return lon, lat


def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Indices of the vertices Douglas-Peucker keeps (first and last always), in order.

    Iterative rather than recursive, so a long ring cannot exhaust the stack.
    """
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        start, segment = points[first], points[last] - points[first]
        inner = points[first + 1 : last]
        length = math.hypot(*segment)
        if length == 0:
            distances = np.hypot(*(inner - start).T)
        else:
            distances = np.abs(segment[0] * (inner[:, 1] - start[1]) - segment[1] * (inner[:, 0] - start[0])) / length
        worst = int(np.argmax(distances))
        if distances[worst] > tolerance:
            middle = first + 1 + worst
            keep[middle] = True
            stack += [(first, middle), (middle, last)]
    return np.flatnonzero(keep)
