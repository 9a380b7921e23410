"""Plane geometry shared by the maps: line simplification for boundary rings."""

from __future__ import annotations

import math

import numpy as np


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
