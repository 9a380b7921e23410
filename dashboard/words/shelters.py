"""The bus-shelter pilot's results in words, rendered at view time from the numbers the store holds.

The store keeps only numbers (dashboard/ingest/derive_shelters.py), so rewording a sentence needs
no re-ingest. The wording itself is defined once, beside the statistics it describes, in
dashboard/analysis/shelters.py (`DiDResult.sentence`, `survey_did_sentence`, `no_sites_text`):
this module rebuilds those inputs from a stored row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard.analysis import shelters as sh

# The crime page compares pilot shelters with other TfL stops, not other shelters.
COMPARISON = "comparison stops"

_GROUPS = ("pilot_before", "pilot_after", "comparison_before", "comparison_after")


def did_sentence(row: Mapping[str, Any], what: str) -> str:
    """The crime difference in differences of one shelter_did row, in words; `what` is the crime noun
    (shelter_evaluation_info.crime_type_noun, e.g. 'violent and sexual crimes')."""
    pilot_sites, comparison_sites = int(row["pilot_sites"]), int(row["comparison_sites"])
    if not pilot_sites or not comparison_sites:
        return sh.no_sites_text(pilot_sites)
    result = sh.DiDResult(
        estimate=float(row["estimate"]),
        lower=float(row["lower"]),
        upper=float(row["upper"]),
        method=str(row["method"]),
        absolute_estimate=float(row["absolute_estimate"]),
        absolute_lower=float(row["absolute_lower"]),
        absolute_upper=float(row["absolute_upper"]),
        absolute_method=str(row["absolute_method"]),
        pilot_before=int(row["pilot_before"]),
        pilot_after=int(row["pilot_after"]),
        comparison_before=int(row["comparison_before"]),
        comparison_after=int(row["comparison_after"]),
        months_before=int(row["months_before"]),
        months_after=int(row["months_after"]),
        pilot_sites=pilot_sites,
        comparison_sites=comparison_sites,
        estimable=bool(row["estimable"]),
        continuity_corrected=bool(row["continuity_corrected"]),
        too_small=bool(row["too_small"]),
    )
    return result.sentence(what=what, comparison=COMPARISON)


def survey_sentence(row: Mapping[str, Any]) -> str:
    """The survey difference in differences of one shelter_survey_did row, in words."""
    if not bool(row["estimable"]):
        return sh.SURVEY_NOT_ESTIMABLE
    n = {group: int(row[f"{group}_n"]) for group in _GROUPS}
    return sh.survey_did_sentence(
        n, float(row["estimate"]), float(row["lower"]), float(row["upper"]), too_small=bool(row["too_small"])
    )
