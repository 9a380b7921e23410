"""Is a change more than chance? Two counts over equal periods compared as Poisson counts. Pure statistics.

Given their sum, the latest count is binomial with p = 1/2 if nothing changed; a change is "larger
than normal variation" when the exact two-sided test (twice the smaller tail) gives p < 0.05, which
is exactly when the 95% Clopper-Pearson interval for the ratio latest/previous leaves out 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats

CONFIDENCE = 0.95
WITHIN = "within normal variation"
BEYOND = "larger than normal variation"


@dataclass(frozen=True)
class ChangeTest:
    """Latest against previous count (equal periods), judged against Poisson variation."""

    latest: int
    previous: int
    p_value: float
    ratio: float | None  # latest / previous
    ratio_lower: float | None  # 95% interval for the underlying ratio
    ratio_upper: float | None

    @property
    def is_beyond_normal(self) -> bool:
        return self.p_value < 1 - CONFIDENCE

    @property
    def verdict(self) -> str:
        return BEYOND if self.is_beyond_normal else WITHIN

    @property
    def percent_lower(self) -> float | None:
        return None if self.ratio_lower is None else 100 * (self.ratio_lower - 1)

    @property
    def percent_upper(self) -> float | None:
        if self.ratio_upper is None or math.isinf(self.ratio_upper):
            return None
        return 100 * (self.ratio_upper - 1)


def change_test(latest: int, previous: int, confidence: float = CONFIDENCE) -> ChangeTest:
    """Exact conditional test of two Poisson counts over equal periods, with the interval for their ratio."""
    latest, previous = int(latest), int(previous)
    if latest < 0 or previous < 0:
        raise ValueError("counts cannot be negative")
    total = latest + previous
    if total == 0:
        return ChangeTest(latest, previous, 1.0, None, None, None)
    below = stats.binom.cdf(latest, total, 0.5)
    above = stats.binom.sf(latest - 1, total, 0.5)
    p_value = float(min(1.0, 2 * min(below, above)))
    alpha = 1 - confidence
    share_low = 0.0 if latest == 0 else float(stats.beta.ppf(alpha / 2, latest, previous + 1))
    share_high = 1.0 if previous == 0 else float(stats.beta.ppf(1 - alpha / 2, latest + 1, previous))
    ratio = latest / previous if previous else None
    lower = share_low / (1 - share_low)
    upper = math.inf if share_high >= 1 else share_high / (1 - share_high)
    return ChangeTest(latest, previous, p_value, ratio, lower, upper)


def percent_change(latest: float, previous: float) -> float | None:
    return None if not previous else 100 * (latest - previous) / previous
