"""The bus-shelter pilot's results in words, rendered at view time from the numbers the store holds.

The store keeps only numbers (dashboard/ingest/derive_shelters.py), so rewording a sentence needs
no re-ingest. The wording itself is defined once, beside the statistics it describes, in
dashboard/analysis/shelters.py (`DiDResult.sentence`, `survey_did_sentence`, `no_sites_text`):
this module rebuilds those inputs from a stored row. Evaluation notes are stored as a kind and
JSON parameters, and worded here from one template per kind (`NOTE_WORDS`); so is why the
evaluation counts the crime type it does (`REASON_WORDS`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from dashboard.analysis import shelters as sh
from dashboard.words.shelter_problems import problem_text

# The crime page compares pilot shelters with other TfL stops, not other shelters.
COMPARISON = "comparison stops"

_GROUPS = ("pilot_before", "pilot_after", "comparison_before", "comparison_after")


def did_methods(row: Mapping[str, Any]) -> tuple[str, str]:
    """How one shelter_did row's ratio of rate ratios and absolute difference were worked out, in words:
    (method, absolute_method), from its counts (the analysis's own wording, `sh.did_method_texts`)."""
    pilot_sites, comparison_sites = int(row["pilot_sites"]), int(row["comparison_sites"])
    if not pilot_sites or not comparison_sites:
        text = sh.no_sites_text(pilot_sites)
        return text, text
    return sh.did_method_texts(
        int(row["pilot_before"]), int(row["pilot_after"]), int(row["comparison_before"]), int(row["comparison_after"])
    )


def did_sentence(row: Mapping[str, Any], what: str) -> str:
    """The crime difference in differences of one shelter_did row, in words; `what` is the crime noun
    (shelter_evaluation_info.crime_type_noun, e.g. 'violent and sexual crimes')."""
    pilot_sites, comparison_sites = int(row["pilot_sites"]), int(row["comparison_sites"])
    if not pilot_sites or not comparison_sites:
        return sh.no_sites_text(pilot_sites)
    method, absolute_method = did_methods(row)
    result = sh.DiDResult(
        estimate=float(row["estimate"]),
        lower=float(row["lower"]),
        upper=float(row["upper"]),
        method=method,
        absolute_estimate=float(row["absolute_estimate"]),
        absolute_lower=float(row["absolute_lower"]),
        absolute_upper=float(row["absolute_upper"]),
        absolute_method=absolute_method,
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


# --- Evaluation notes (shelter_notes) and reasons a listed pilot was left out -----------------
# The store keeps each note as its kind and a JSON object of the names and numbers it needs
# (README, data contract); one template per kind words it.


def _phase_label(phase: str) -> str:
    return "Overall" if phase == "all" else f"Phase {phase}"


def _left_out(p: Mapping[str, Any]) -> str:
    who = (
        f"Pilot {p['listed_code']} ({p['stop_name']})"
        if p["stop_name"] is not None
        else f"Listed pilot site {p['listed_code']}"
    )
    return f"{who} left out: {problem_text(p['problem'])}."


def _circle_reaches_missing_force(p: Mapping[str, Any]) -> str:
    names = ", ".join(f"{site_id} ({stop_name})" for site_id, stop_name in p["sites"])
    return (
        f"The {p['radius_m']:g} m circle round {names} reaches into an area policed by {', '.join(p['missing'])}, "
        f"whose '{p['crime_type']}' points are not in the store, so crimes there are not counted."
    )


NOTE_WORDS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "no_crimes": lambda p: "The store holds no police.uk street-level crimes, so no crimes can be counted.",
    "force_missing": lambda p: (
        f"The store holds '{p['crime_type']}' points only from {', '.join(p['forces'])}, not from "
        f"{', '.join(p['missing'])}, so shelters in the area policed by the latter cannot be evaluated."
    ),
    "listed_twice": lambda p: (
        f"Stop {p['code']} is listed more than once; only its first listing (earliest go-live) is used."
    ),
    "evaluation_failed": lambda p: f"The evaluation could not be run: {p['error']}.",
    "pilot_left_out": _left_out,
    "pilot_outside_crime_months": lambda p: (
        f"Pilot {p['site_id']} left out: its {p['months_before']} months before and {p['months_after']} "
        f"months after go-live are not all in the crime data."
    ),
    "short_match": lambda p: (
        f"Pilot {p['site_id']}: only {p['matched']} of {p['wanted']} comparison sites could be matched."
    ),
    "overlapping_circles": lambda p: (
        f"Pilots {p['first']} and {p['second']} are {p['distance_m']:.0f} m apart, so their "
        f"{p['radius_m']:g} m circles overlap: crimes in the overlap count at both, and the intervals are too narrow."
    ),
    "unequal_groups": lambda p: f"{_phase_label(p['phase'])}:{sh.balance_words(p['pre_period_ratio'])}",
    "circle_reaches_missing_force": _circle_reaches_missing_force,
    "comparison_near_left_out_camera": lambda p: (
        f"Comparison stop {p['site_id']} is within {p['within_m']:g} m of a listed camera that could not be "
        "evaluated, so it may share its crimes or be affected by it."
    ),
}


def note_text(kind: str, params: Mapping[str, Any] | str) -> str:
    """One evaluation note in words, from its kind and parameters (a mapping, or the JSON text the
    store keeps in shelter_notes.params)."""
    return NOTE_WORDS[kind](json.loads(params) if isinstance(params, str) else params)


# --- Why this crime type (shelter_evaluation_info.crime_type_reason_kind and _params) ------------

REASON_WORDS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "no_crimes": lambda p: "The store holds no police.uk street-level crimes with a map point.",
    "closest_to_vawg": lambda p: (
        f"'{p['crime_type']}' is the police.uk type closest to violence against women and girls; it includes "
        "crimes against men and boys, because police.uk has no victim sex."
    ),
    "stand_in": lambda p: (
        f"The store holds no '{p['preferred']}', so the most common type it does hold, "
        f"'{p['crime_type']}', stands in to show the method. It is not a crime against women and girls."
    ),
}


def crime_type_reason_text(kind: str, params: Mapping[str, Any] | str) -> str:
    """Why the evaluation counts the crime type it does, in words, from its kind and parameters (a
    mapping, or the JSON text the store keeps in shelter_evaluation_info.crime_type_reason_params)."""
    return REASON_WORDS[kind](json.loads(params) if isinstance(params, str) else params)
