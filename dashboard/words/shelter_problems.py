"""Why a listed bus-shelter pilot was left out, in words, from the kind and parameters ingest keeps.

Apart from dashboard/words/shelters.py (which imports the analysis) so that ingest can word
shelter_sites.note with it without importing the analysis.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

PROBLEM_WORDS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "code_names_several_stops": lambda p: f"its code {p['code']} names {p['stops']} different stops in the TfL list",
    "code_not_found": lambda p: f"its code {p['code']} is not in the TfL bus stop list",
    "outside_boroughs": lambda p: "it lies outside every London borough boundary",
    "force_not_in_store": lambda p: (
        f"the store holds no '{p['crime_type']}' points from {p['force']}, which polices it"
    ),
    "no_crimes": lambda p: "the store holds no police.uk crimes to count",
}


def problem_text(problem: Mapping[str, Any]) -> str:
    """Why a listed pilot was left out, from its kind and parameters (`{"kind": ..., ...}`)."""
    return PROBLEM_WORDS[problem["kind"]](problem)
