"""Why a listed bus-shelter pilot was left out, and a site's note, in words, from the kind and parameters the store keeps.

Apart from dashboard/words/shelters.py (which imports the analysis) so that a pilot's problem can be
worded without importing the analysis.
"""

from __future__ import annotations

import json
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

# shelter_sites.note_kind: why a listed pilot was left out (any problem above), or what the evaluation
# noted about a pilot it used or set aside (dashboard/analysis/shelters.py `evaluate`).
SITE_NOTE_WORDS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    **PROBLEM_WORDS,
    "windows_not_covered": lambda p: "windows not wholly covered by the crime data",
    "short_match": lambda p: f"only {p['matched']} of {p['wanted']} comparison sites could be matched",
}


def problem_text(problem: Mapping[str, Any]) -> str:
    """Why a listed pilot was left out, from its kind and parameters (`{"kind": ..., ...}`)."""
    return PROBLEM_WORDS[problem["kind"]](problem)


def site_note_text(kind: str | None, params: Mapping[str, Any] | str | None) -> str:
    """One shelter_sites row's note in words, from note_kind and note_params (a mapping, or the JSON
    text the store keeps); '' for a site with no note (no kind)."""
    if not isinstance(kind, str) or not kind:
        return ""
    loaded = json.loads(params) if isinstance(params, str) else (params or {})
    return SITE_NOTE_WORDS[kind](loaded)
