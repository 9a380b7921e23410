"""The shelter sentences rendered at view time from stored numbers read exactly as ingest used to store them.

The literals below are what the code before this change wrote into the store (shelter_did.sentence,
shelter_survey_did.sentence) for the same numbers; the rows here hold only what the store now keeps.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis import shelters as sh
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
    """The shelter_did columns the store keeps for one phase (numbers and flags, no sentence)."""
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
            "method",
            "absolute_method",
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
