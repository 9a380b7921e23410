"""The pinned BNG->WGS84 conversion lands where Ordnance Survey says; Douglas-Peucker keeps corners and drops
points that lie (nearly) on the line between them."""

import numpy as np
import pytest

from dashboard.analysis.shelters import haversine_m
from dashboard.geometry import bng_to_wgs84, douglas_peucker


def test_collinear_points_are_dropped():
    points = np.array([[0, 0], [1, 0.001], [2, 0], [3, 0.0]])
    assert douglas_peucker(points, tolerance=0.01).tolist() == [0, 3]


def test_a_corner_beyond_the_tolerance_is_kept():
    points = np.array([[0, 0], [1, 0], [2, 2], [3, 0], [4, 0]])
    # [1, 0] and [3, 0] lie 0.71 from the chords to the peak: dropped at 0.8, kept at 0.5.
    assert douglas_peucker(points, tolerance=0.8).tolist() == [0, 2, 4]
    assert douglas_peucker(points, tolerance=0.5).tolist() == [0, 1, 2, 3, 4]


def test_a_closed_ring_keeps_its_shape():
    square = np.array([[0, 0], [0.5, 0], [1, 0], [1, 1], [0, 1], [0, 0]])
    assert douglas_peucker(square, tolerance=0.1).tolist() == [0, 2, 3, 4, 5]


def test_bng_true_origin_lands_near_49n_2w():
    # By definition the BNG true origin (E 400000, N -100000) is OSGB36 49N 2W. OSGB36 and WGS84
    # differ by at most ~120 m in Britain, so the WGS84 point must be within that of (2W, 49N).
    lon, lat = bng_to_wgs84(400_000, -100_000)
    assert float(haversine_m(-2.0, 49.0, lon, lat)) < 150.0
    # 1 km further north in grid terms is ~1 km further north on the ground (scale ~0.9996).
    lon2, lat2 = bng_to_wgs84(400_000, -99_000)
    assert float(haversine_m(lon, lat, lon2, lat2)) == pytest.approx(1000 / 0.9996012717, rel=2e-3)


def test_bng_to_wgs84_is_vectorised_keeps_shape_and_nan():
    e = np.array([[530171.0, np.nan], [515781.0, 531614.0]])
    n = np.array([[179738.0, 174783.0], [174783.0, 184603.0]])
    lon, lat = bng_to_wgs84(e, n)
    assert lon.shape == lat.shape == (2, 2)
    assert np.isnan(lon[0, 1]) and np.isnan(lat[0, 1])
    # Westminster / Parliament Square is at about 51.50 N, 0.13 W.
    assert lat[0, 0] == pytest.approx(51.5016, abs=0.001) and lon[0, 0] == pytest.approx(-0.1260, abs=0.001)
    with pytest.raises(ValueError):
        bng_to_wgs84([1.0, 2.0], [1.0])


def test_bng_to_wgs84_agrees_with_proj_best_available_within_a_few_metres():
    import warnings

    from pyproj import Transformer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
        e = np.array([530171.0, 515781.0, 531614.0, 542275.0])
        n = np.array([179738.0, 174783.0, 184603.0, 195716.0])
        lon_ref, lat_ref = t.transform(e, n)
    lon, lat = bng_to_wgs84(e, n)
    assert np.all(haversine_m(lon, lat, lon_ref, lat_ref) < 5.0)
