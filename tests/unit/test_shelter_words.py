"""The shelter sentences rendered at view time from stored numbers read exactly as ingest used to store them.

The literals below are what the code before this change wrote into the store (shelter_did.sentence,
shelter_survey_did.sentence) for the same numbers; the rows here hold only what the store now keeps.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.analysis import shelters as sh
from dashboard.words import shelter_problems
from dashboard.words import shelters as words
from tests.unit.test_shelters import _survey

NOUN = "violent and sexual crimes"

CASES = {
    "no_change": (
        (100, 100, 300, 300),
        {"comparison_sites": 3},
        "Violent and sexual crimes near pilot shelters changed by a factor of 1.00 relative to comparison stops (95% CI 0.73 to 1.38): no clear evidence of an effect. In absolute terms that is +0.00 violent and sexual crimes per site per month (95% CI -2.67 to +2.67), from 100 violent and sexual crimes in the 12 months before and 100 in the 12 months after at 1 pilot site; 300 before and 300 after at 3 comparison sites.",
    ),
    "fall": (
        (100, 50, 300, 300),
        {"pilot_sites": 2, "comparison_sites": 6},
        "Violent and sexual crimes near pilot shelters changed by a factor of 0.50 relative to comparison stops (95% CI 0.34 to 0.73): a relative fall, though a before/after comparison cannot rule out other causes that changed at the same time. In absolute terms that is -2.08 violent and sexual crimes per site per month (95% CI -3.29 to -0.88), from 100 violent and sexual crimes in the 12 months before and 50 in the 12 months after at 2 pilot sites; 300 before and 300 after at 6 comparison sites.",
    ),
    "rise": (
        (50, 200, 300, 300),
        {"comparison_sites": 3},
        "Violent and sexual crimes near pilot shelters changed by a factor of 4.00 relative to comparison stops (95% CI 2.82 to 5.67): a relative rise, which may reflect more reporting near cameras rather than more crime. The groups were not well matched: before go-live the pilot sites had 0.50 times the comparison sites' rate. In absolute terms that is +12.50 violent and sexual crimes per site per month (95% CI +9.59 to +15.41), from 50 violent and sexual crimes in the 12 months before and 200 in the 12 months after at 1 pilot site; 300 before and 300 after at 3 comparison sites.",
    ),
    "imbalanced": (
        (150, 60, 300, 200),
        {"comparison_sites": 3},
        "Violent and sexual crimes near pilot shelters changed by a factor of 0.60 relative to comparison stops (95% CI 0.42 to 0.85): a relative fall, though a before/after comparison cannot rule out other causes that changed at the same time. The groups were not well matched: before go-live the pilot sites had 1.50 times the comparison sites' rate, and sites picked for high crime tend to fall back anyway (regression to the mean), so part of any fall may have nothing to do with cameras. In absolute terms that is -4.72 violent and sexual crimes per site per month (95% CI -7.38 to -2.06), from 150 violent and sexual crimes in the 12 months before and 60 in the 12 months after at 1 pilot site; 300 before and 200 after at 3 comparison sites.",
    ),
    "too_small": (
        (4, 2, 12, 15),
        {"comparison_sites": 3},
        "Too few violent and sexual crimes for any conclusion (4 violent and sexual crimes in the 12 months before and 2 in the 12 months after at 1 pilot site; 12 before and 15 after at 3 comparison sites; at least 10 are needed in each). For the record: violent and sexual crimes near pilot shelters changed by a factor of 0.40 relative to comparison stops (95% CI 0.06 to 2.57).",
    ),
    "corrected": (
        (12, 0, 30, 28),
        {"comparison_sites": 3},
        "Too few violent and sexual crimes for any conclusion (12 violent and sexual crimes in the 12 months before and 0 in the 12 months after at 1 pilot site; 30 before and 28 after at 3 comparison sites; at least 10 are needed in each). For the record: violent and sexual crimes near pilot shelters changed by a factor of 0.04 relative to comparison stops (95% CI 0.00 to 0.76). 0.5 was added to every count because one of them was zero.",
    ),
    "not_estimable": (
        (0, 0, 30, 28),
        {"comparison_sites": 3},
        "No estimate is possible: 0 violent and sexual crimes in the 12 months before and 0 in the 12 months after at 1 pilot site; 30 before and 28 after at 3 comparison sites.",
    ),
}

SURVEY = "The share feeling safe changed by +15 percentage points more at pilot shelters than at comparison shelters (95% CI -4 to +34 points; 100 and 100 respondents at pilot shelters before and after, 100 and 100 at comparison shelters): no clear evidence of a difference."
SURVEY_SMALL = "Too few respondents for any conclusion (36 in all). For the record, the share feeling safe changed by +11 percentage points more at pilot shelters than at comparison shelters (95% CI -53 to +76 points; 10 and 9 respondents at pilot shelters before and after, 9 and 8 at comparison shelters)."
SURVEY_MISSING = "Not estimable: a group or wave has no respondents to this question."


def stored_did_row(result: sh.DiDResult) -> dict:
    """The shelter_did columns the store keeps for one phase (numbers and flags, no sentence or method)."""
    row = {
        name: getattr(result, name)
        for name in (
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
            "estimable",
            "continuity_corrected",
            "too_small",
        )
    }
    row["pre_period_ratio"] = result.pre_period_ratio
    return row


@pytest.mark.parametrize("case", sorted(CASES))
def test_did_sentence_reads_as_the_stored_one_did(case):
    counts, sites, old = CASES[case]
    result = sh.difference_in_differences(*counts, **sites)
    row = pd.Series(stored_did_row(result))  # as a query returns it
    assert words.did_sentence(row, NOUN) == old


def test_did_without_sites_says_which_group_is_missing():
    row = {"pilot_sites": 0, "comparison_sites": 3}
    assert words.did_sentence(row, NOUN) == "Not estimable: no pilot sites with whole windows."
    row = {"pilot_sites": 2, "comparison_sites": 0}
    assert words.did_sentence(row, NOUN) == "Not estimable: no comparison sites."


def test_survey_sentences_read_as_the_stored_ones_did():
    def rendered(survey: pd.DataFrame) -> str:
        did = sh.survey_feeling_safe(survey).did.drop(columns=["sentence"])
        return words.survey_sentence(did.iloc[0])

    survey = _survey()
    assert rendered(survey) == SURVEY
    small = survey.assign(respondents=(survey["respondents"] // 10).clip(lower=1))
    assert rendered(small) == SURVEY_SMALL
    missing = survey[~((survey["site_group"] == "comparison") & (survey["wave"] == "after"))]
    assert rendered(missing) == SURVEY_MISSING


def test_survey_verdicts_either_way():
    n = dict.fromkeys(("pilot_before", "pilot_after", "comparison_before", "comparison_after"), 200)
    more = sh.survey_did_sentence(n, 0.2, 0.1, 0.3, too_small=False)
    less = sh.survey_did_sentence(n, -0.2, -0.3, -0.1, too_small=False)
    assert more.endswith(": evidence that pilot shelters gained more.") and "+20 percentage points" in more
    assert less.endswith(": evidence that pilot shelters gained less.") and "-20 percentage points" in less


# Evaluation notes (shelter_notes): kind and parameters as ingest stores them, and the sentence the
# code before this change stored for them. The first five are from stores built before the change
# (data/sample; the shared extracts with the bundled illustrative pilot list); the rest follow the
# old f-strings in dashboard/ingest/derive_shelters.py and dashboard/analysis/shelters.py.
NOTE_CASES = [
    (
        "force_missing",
        {
            "crime_type": "Violence and sexual offences",
            "forces": ["Metropolitan Police Service"],
            "missing": ["City of London Police"],
        },
        "The store holds 'Violence and sexual offences' points only from Metropolitan Police Service, not from City of London Police, so shelters in the area policed by the latter cannot be evaluated.",
    ),
    (
        "pilot_outside_crime_months",
        {"site_id": "54808", "months_before": 12, "months_after": 12},
        "Pilot 54808 left out: its 12 months before and 12 months after go-live are not all in the crime data.",
    ),
    (
        "unequal_groups",
        {"phase": "1", "pre_period_ratio": 2.3812},
        "Phase 1: The groups were not well matched: before go-live the pilot sites had 2.38 times the comparison sites' rate, and sites picked for high crime tend to fall back anyway (regression to the mean), so part of any fall may have nothing to do with cameras.",
    ),
    (
        "pilot_left_out",
        {
            "listed_code": "58753",
            "stop_name": "BROMLEY ROAD / LEWISHAM TOWN HALL",
            "problem": {
                "kind": "force_not_in_store",
                "crime_type": "Violence and sexual offences",
                "force": "Metropolitan Police Service",
            },
        },
        "Pilot 58753 (BROMLEY ROAD / LEWISHAM TOWN HALL) left out: the store holds no 'Violence and sexual offences' points from Metropolitan Police Service, which polices it.",
    ),
    (
        "pilot_left_out",
        {"listed_code": "60691", "stop_name": None, "problem": {"kind": "code_not_found", "code": "60691"}},
        "Listed pilot site 60691 left out: its code 60691 is not in the TfL bus stop list.",
    ),
    (
        "short_match",
        {"site_id": "52224", "matched": 1, "wanted": 3},
        "Pilot 52224: only 1 of 3 comparison sites could be matched.",
    ),
    (
        "overlapping_circles",
        {"first": "54456", "second": "99594", "distance_m": 296.7, "radius_m": 200.0},
        "Pilots 54456 and 99594 are 297 m apart, so their 200 m circles overlap: crimes in the overlap count at both, and the intervals are too narrow.",
    ),
    (
        "unequal_groups",
        {"phase": "all", "pre_period_ratio": 0.5},
        "Overall: The groups were not well matched: before go-live the pilot sites had 0.50 times the comparison sites' rate.",
    ),
    (
        "no_crimes",
        {},
        "The store holds no police.uk street-level crimes, so no crimes can be counted.",
    ),
    (
        "listed_twice",
        {"code": "71707"},
        "Stop 71707 is listed more than once; only its first listing (earliest go-live) is used.",
    ),
    (
        "evaluation_failed",
        {"error": "no stops to compare with"},
        "The evaluation could not be run: no stops to compare with.",
    ),
    (
        "pilot_left_out",
        {
            "listed_code": "71707",
            "stop_name": "OXFORD CIRCUS",
            "problem": {"kind": "code_names_several_stops", "code": "71707", "stops": 2},
        },
        "Pilot 71707 (OXFORD CIRCUS) left out: its code 71707 names 2 different stops in the TfL list.",
    ),
    (
        "pilot_left_out",
        {"listed_code": "1", "stop_name": "FAR AWAY", "problem": {"kind": "outside_boroughs"}},
        "Pilot 1 (FAR AWAY) left out: it lies outside every London borough boundary.",
    ),
    (
        "pilot_left_out",
        {"listed_code": "2", "stop_name": "NEAR", "problem": {"kind": "no_crimes"}},
        "Pilot 2 (NEAR) left out: the store holds no police.uk crimes to count.",
    ),
    (
        "circle_reaches_missing_force",
        {
            "radius_m": 100.0,
            "sites": [["58621", "ALDGATE STATION <>"], ["1", "BANK"]],
            "missing": ["Metropolitan Police Service"],
            "crime_type": "Violence and sexual offences",
        },
        "The 100 m circle round 58621 (ALDGATE STATION <>), 1 (BANK) reaches into an area policed by Metropolitan Police Service, whose 'Violence and sexual offences' points are not in the store, so crimes there are not counted.",
    ),
    (
        "comparison_near_left_out_camera",
        {"site_id": "490000001A", "within_m": 200.0},
        "Comparison stop 490000001A is within 200 m of a listed camera that could not be evaluated, so it may share its crimes or be affected by it.",
    ),
]


@pytest.mark.parametrize(("kind", "params", "expected"), NOTE_CASES)
def test_note_reads_as_the_stored_one_did(kind, params, expected):
    assert words.note_text(kind, params) == expected
    # As the store keeps it: parameters as JSON text.
    assert words.note_text(kind, json.dumps(params)) == expected


def test_every_note_kind_has_a_case():
    assert {kind for kind, _, _ in NOTE_CASES} == set(words.NOTE_WORDS)
    problems = {p["problem"]["kind"] for kind, p, _ in NOTE_CASES if kind == "pilot_left_out"}
    assert problems == set(shelter_problems.PROBLEM_WORDS)


# A site's note (shelter_sites.note_kind and note_params, as ingest stores them) and the words the code
# before this change stored in shelter_sites.note (the old f-strings in dashboard/analysis/shelters.py
# and dashboard/ingest/derive_shelters.py; the first two also in the sample store, see
# tests/integration/test_shelter_sentences_sample.py).
SITE_NOTE_CASES = [
    ("windows_not_covered", {}, "windows not wholly covered by the crime data"),
    ("short_match", {"matched": 2, "wanted": 3}, "only 2 of 3 comparison sites could be matched"),
    ("code_not_found", {"code": "99999"}, "its code 99999 is not in the TfL bus stop list"),
    (
        "code_names_several_stops",
        {"code": "71707", "stops": 2},
        "its code 71707 names 2 different stops in the TfL list",
    ),
    ("outside_boroughs", {}, "it lies outside every London borough boundary"),
    (
        "force_not_in_store",
        {"crime_type": "Violence and sexual offences", "force": "Metropolitan Police Service"},
        "the store holds no 'Violence and sexual offences' points from Metropolitan Police Service, which polices it",
    ),
    ("no_crimes", {}, "the store holds no police.uk crimes to count"),
]


@pytest.mark.parametrize(("kind", "params", "expected"), SITE_NOTE_CASES)
def test_site_note_reads_as_the_stored_one_did(kind, params, expected):
    assert shelter_problems.site_note_text(kind, params) == expected
    assert shelter_problems.site_note_text(kind, json.dumps(params)) == expected


def test_every_site_note_kind_has_a_case_and_no_kind_is_no_note():
    assert {kind for kind, _, _ in SITE_NOTE_CASES} == set(shelter_problems.SITE_NOTE_WORDS)
    assert shelter_problems.site_note_text(None, None) == ""
    assert shelter_problems.site_note_text(float("nan"), None) == ""  # a NULL as pandas reads it


# Why the evaluation counts the crime type it does (shelter_evaluation_info.crime_type_reason_kind and
# _params) and the words the code before this change stored in crime_type_reason (the old f-strings in
# dashboard/ingest/derive_shelters.py; the first also in the sample store).
REASON_CASES = [
    (
        "closest_to_vawg",
        {"crime_type": "Violence and sexual offences"},
        "'Violence and sexual offences' is the police.uk type closest to violence against women and girls; it includes crimes against men and boys, because police.uk has no victim sex.",
    ),
    (
        "stand_in",
        {"preferred": "Violence and sexual offences", "crime_type": "Anti-social behaviour"},
        "The store holds no 'Violence and sexual offences', so the most common type it does hold, 'Anti-social behaviour', stands in to show the method. It is not a crime against women and girls.",
    ),
    ("no_crimes", {}, "The store holds no police.uk street-level crimes with a map point."),
]


@pytest.mark.parametrize(("kind", "params", "expected"), REASON_CASES)
def test_crime_type_reason_reads_as_the_stored_one_did(kind, params, expected):
    assert words.crime_type_reason_text(kind, params) == expected
    assert words.crime_type_reason_text(kind, json.dumps(params)) == expected


def test_every_crime_type_reason_kind_has_a_case():
    assert {kind for kind, _, _ in REASON_CASES} == set(words.REASON_WORDS)


# How each shelter_did row was worked out (method, absolute_method), worded from the counts at view
# time, and the words the code before this change stored for the same counts (printed by it).
_CAVEAT = " Assumes independent Poisson counts; crimes cluster, so real uncertainty is likely wider."
_RRR = (
    "Ratio of rate ratios (pilot after/before) / (comparison after/before), rates per site-month; "
    "95% CI exp(log RRR +/- 1.96 x sqrt(1/Pa + 1/Pb + 1/Ca + 1/Cb))."
)
_ABS = (
    "Difference in differences of crimes per site per month, (pilot after - before) - (comparison after - "
    "before); 95% CI +/- 1.96 x Poisson SE (variance = count / exposure^2)."
)
_SMALL = " Too few crimes for any conclusion: at least one count is under 10."
_ZERO = " A zero count adds no variance, so this interval is too narrow."
METHOD_CASES = {
    "no_change": (_RRR + _CAVEAT, _ABS + _CAVEAT),
    "fall": (_RRR + _CAVEAT, _ABS + _CAVEAT),
    "too_small": (_RRR + _CAVEAT + _SMALL, _ABS + _CAVEAT + _SMALL),
    "corrected": (
        _RRR
        + " 0.5 added to each of the four counts because at least one was zero (Haldane-Anscombe)."
        + _CAVEAT
        + _SMALL,
        _ABS + _ZERO + _CAVEAT + _SMALL,
    ),
    "not_estimable": (
        "Ratio of rate ratios not estimable: no crimes at the pilot sites in either period, so there is no "
        "information on how they changed." + _SMALL,
        _ABS + _ZERO + _CAVEAT + _SMALL,
    ),
}


@pytest.mark.parametrize("case", sorted(METHOD_CASES))
def test_did_methods_read_as_the_stored_ones_did(case):
    counts, sites, _ = CASES[case]
    row = pd.Series(stored_did_row(sh.difference_in_differences(*counts, **sites)))
    assert words.did_methods(row) == METHOD_CASES[case]


def test_did_methods_without_sites_say_which_group_is_missing():
    text = "Not estimable: no comparison sites."
    assert words.did_methods({"pilot_sites": 2, "comparison_sites": 0}) == (text, text)
