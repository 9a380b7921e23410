"""Douglas-Peucker keeps corners and drops points that lie (nearly) on the line between them."""

import numpy as np

from dashboard.geometry import douglas_peucker


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
