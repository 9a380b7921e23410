"""On the bundled sample, the shelter sentences the page words from stored numbers are the ones ingest used to store.

The literals are the shelter_did.sentence and shelter_survey_did.sentence values the code before
sentences moved to view time (dashboard/words/shelters.py) wrote for data/sample; likewise the
shelter_notes.note values before notes were stored as kind and parameters, and the
shelter_sites.note values before site notes were, and shelter_evaluation_info.crime_type_reason.
"""

from __future__ import annotations

import duckdb

from dashboard.words import shelters as shelter_words
from dashboard.words.shelter_problems import site_note_text

DID_SENTENCES = {
    (100.0, "1"): (
        "Violence and sexual offences near pilot shelters changed by a factor of 0.99 relative to comparison stops (95% CI 0.83 to 1.18): no clear evidence of an effect. The groups were not well matched: before go-live the pilot sites had 2.38 times the comparison sites' rate, and sites picked for high crime tend to fall back anyway (regression to the mean), so part of any fall may have nothing to do with cameras. In absolute terms that is -0.25 violence and sexual offences per site per month (95% CI -0.77 to +0.27), from 471 violence and sexual offences in the 12 months before and 422 in the 12 months after at 10 pilot sites; 594 before and 538 after at 30 comparison sites."
    ),
    (100.0, "all"): (
        "Violence and sexual offences near pilot shelters changed by a factor of 0.99 relative to comparison stops (95% CI 0.83 to 1.18): no clear evidence of an effect. The groups were not well matched: before go-live the pilot sites had 2.38 times the comparison sites' rate, and sites picked for high crime tend to fall back anyway (regression to the mean), so part of any fall may have nothing to do with cameras. In absolute terms that is -0.25 violence and sexual offences per site per month (95% CI -0.77 to +0.27), from 471 violence and sexual offences in the 12 months before and 422 in the 12 months after at 10 pilot sites; 594 before and 538 after at 30 comparison sites."
    ),
    (200.0, "1"): (
        "Violence and sexual offences near pilot shelters changed by a factor of 0.98 relative to comparison stops (95% CI 0.83 to 1.16): no clear evidence of an effect. The groups were not well matched: before go-live the pilot sites had 2.12 times the comparison sites' rate, and sites picked for high crime tend to fall back anyway (regression to the mean), so part of any fall may have nothing to do with cameras. In absolute terms that is -0.26 violence and sexual offences per site per month (95% CI -0.85 to +0.33), from 555 violence and sexual offences in the 12 months before and 504 in the 12 months after at 10 pilot sites; 550 before and 509 after at 21 comparison sites."
    ),
    (200.0, "all"): (
        "Violence and sexual offences near pilot shelters changed by a factor of 0.98 relative to comparison stops (95% CI 0.83 to 1.16): no clear evidence of an effect. The groups were not well matched: before go-live the pilot sites had 2.12 times the comparison sites' rate, and sites picked for high crime tend to fall back anyway (regression to the mean), so part of any fall may have nothing to do with cameras. In absolute terms that is -0.26 violence and sexual offences per site per month (95% CI -0.85 to +0.33), from 555 violence and sexual offences in the 12 months before and 504 in the 12 months after at 10 pilot sites; 550 before and 509 after at 21 comparison sites."
    ),
}

SURVEY_SENTENCES = {
    "How safe or unsafe do you feel waiting at this bus stop after dark?": (
        "The share feeling safe changed by +13 percentage points more at pilot shelters than at comparison shelters (95% CI +4 to +23 points; 383 and 369 respondents at pilot shelters before and after, 437 and 403 at comparison shelters): evidence that pilot shelters gained more."
    ),
}


def test_sample_store_sentences_read_as_before(sample_store):
    with duckdb.connect(str(sample_store), read_only=True) as con:
        nouns = dict(con.execute("SELECT radius_m, crime_type_noun FROM shelter_evaluation_info").fetchall())
        did = con.execute("SELECT * FROM shelter_did ORDER BY radius_m, phase").df()
        survey = con.execute("SELECT * FROM shelter_survey_did ORDER BY question").df()
    assert "sentence" not in did.columns and "sentence" not in survey.columns
    rendered = {
        (row["radius_m"], row["phase"]): shelter_words.did_sentence(row, nouns[row["radius_m"]])
        for _, row in did.iterrows()
    }
    assert rendered == DID_SENTENCES
    assert {row["question"]: shelter_words.survey_sentence(row) for _, row in survey.iterrows()} == SURVEY_SENTENCES


# shelter_notes.note as the code before notes moved to view time stored it, in order, per radius.
NOTES = {
    100.0: [
        "The store holds 'Violence and sexual offences' points only from Metropolitan Police Service, not from City of London Police, so shelters in the area policed by the latter cannot be evaluated.",
        "Pilot 54808 left out: its 12 months before and 12 months after go-live are not all in the crime data.",
        "Pilot 58209 left out: its 12 months before and 12 months after go-live are not all in the crime data.",
        "Pilot 71220 left out: its 12 months before and 12 months after go-live are not all in the crime data.",
        "Pilot 85683 left out: its 12 months before and 12 months after go-live are not all in the crime data.",
        "Pilot 94303 left out: its 12 months before and 12 months after go-live are not all in the crime data.",
        "Phase 1: The groups were not well matched: before go-live the pilot sites had 2.38 times the comparison sites' rate, and sites picked for high crime tend to fall back anyway (regression to the mean), so part of any fall may have nothing to do with cameras.",
        "Overall: The groups were not well matched: before go-live the pilot sites had 2.38 times the comparison sites' rate, and sites picked for high crime tend to fall back anyway (regression to the mean), so part of any fall may have nothing to do with cameras.",
    ],
    200.0: [
        "The store holds 'Violence and sexual offences' points only from Metropolitan Police Service, not from City of London Police, so shelters in the area policed by the latter cannot be evaluated.",
        "Pilot 54808 left out: its 12 months before and 12 months after go-live are not all in the crime data.",
        "Pilot 58209 left out: its 12 months before and 12 months after go-live are not all in the crime data.",
        "Pilot 71220 left out: its 12 months before and 12 months after go-live are not all in the crime data.",
        "Pilot 85683 left out: its 12 months before and 12 months after go-live are not all in the crime data.",
        "Pilot 94303 left out: its 12 months before and 12 months after go-live are not all in the crime data.",
        "Pilot 52224: only 1 of 3 comparison sites could be matched.",
        "Pilot 54456: only 2 of 3 comparison sites could be matched.",
        "Pilot 60691: only 1 of 3 comparison sites could be matched.",
        "Pilot 81639: only 1 of 3 comparison sites could be matched.",
        "Pilot 96116: only 2 of 3 comparison sites could be matched.",
        "Pilot 99594: only 2 of 3 comparison sites could be matched.",
        "Pilots 54456 and 99594 are 297 m apart, so their 200 m circles overlap: crimes in the overlap count at both, and the intervals are too narrow.",
        "Phase 1: The groups were not well matched: before go-live the pilot sites had 2.12 times the comparison sites' rate, and sites picked for high crime tend to fall back anyway (regression to the mean), so part of any fall may have nothing to do with cameras.",
        "Overall: The groups were not well matched: before go-live the pilot sites had 2.12 times the comparison sites' rate, and sites picked for high crime tend to fall back anyway (regression to the mean), so part of any fall may have nothing to do with cameras.",
    ],
}


def test_sample_store_notes_read_as_before(sample_store):
    with duckdb.connect(str(sample_store), read_only=True) as con:
        stored = con.execute(
            "SELECT radius_m, kind, params FROM shelter_notes ORDER BY radius_m, note_order"
        ).fetchall()
        columns = {
            c
            for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'shelter_notes'"
            ).fetchall()
        }
    assert columns == {"radius_m", "note_order", "kind", "params"}
    rendered: dict[float, list[str]] = {}
    for radius, kind, params in stored:
        rendered.setdefault(radius, []).append(shelter_words.note_text(kind, params))
    assert rendered == NOTES


# shelter_sites.note as the code before site notes moved to view time stored it: every other site's
# note was ''.
_WINDOWS = "windows not wholly covered by the crime data"
SITE_NOTES = {
    100.0: {site: _WINDOWS for site in ("54808", "58209", "71220", "85683", "94303")},
    200.0: {
        **{site: _WINDOWS for site in ("54808", "58209", "71220", "85683", "94303")},
        "52224": "only 1 of 3 comparison sites could be matched",
        "54456": "only 2 of 3 comparison sites could be matched",
        "60691": "only 1 of 3 comparison sites could be matched",
        "81639": "only 1 of 3 comparison sites could be matched",
        "96116": "only 2 of 3 comparison sites could be matched",
        "99594": "only 2 of 3 comparison sites could be matched",
    },
}


def test_sample_store_site_notes_read_as_before(sample_store):
    with duckdb.connect(str(sample_store), read_only=True) as con:
        stored = con.execute(
            "SELECT radius_m, site_id, note_kind, note_params FROM shelter_sites ORDER BY radius_m, role, site_id"
        ).fetchall()
        columns = {
            c
            for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'shelter_sites'"
            ).fetchall()
        }
    assert "note" not in columns and {"note_kind", "note_params"} <= columns
    rendered: dict[float, dict[str, str]] = {radius: {} for radius in SITE_NOTES}
    for radius, site_id, kind, params in stored:
        text = site_note_text(kind, params)
        if text:
            rendered[radius][site_id] = text
    assert rendered == SITE_NOTES


# shelter_evaluation_info.crime_type_reason as the code before it moved to view time stored it, per radius.
REASON = (
    "'Violence and sexual offences' is the police.uk type closest to violence against women and girls; it includes "
    "crimes against men and boys, because police.uk has no victim sex."
)


def test_sample_store_crime_type_reason_reads_as_before(sample_store):
    with duckdb.connect(str(sample_store), read_only=True) as con:
        info = con.execute("SELECT * FROM shelter_evaluation_info ORDER BY radius_m").df()
    assert "crime_type_reason" not in info.columns
    rendered = {
        row["radius_m"]: shelter_words.crime_type_reason_text(
            row["crime_type_reason_kind"], row["crime_type_reason_params"]
        )
        for _, row in info.iterrows()
    }
    assert rendered == {100.0: REASON, 200.0: REASON}


# shelter_did.method and absolute_method as the code before they moved to view time stored them: the
# same for every radius and phase of the sample.
METHOD = (
    "Ratio of rate ratios (pilot after/before) / (comparison after/before), rates per site-month; 95% CI exp(log RRR +/- 1.96 x sqrt(1/Pa + 1/Pb + 1/Ca + 1/Cb)). Assumes independent Poisson counts; crimes cluster, so real uncertainty is likely wider.",
    "Difference in differences of crimes per site per month, (pilot after - before) - (comparison after - before); 95% CI +/- 1.96 x Poisson SE (variance = count / exposure^2). Assumes independent Poisson counts; crimes cluster, so real uncertainty is likely wider.",
)


def test_sample_store_did_methods_read_as_before(sample_store):
    with duckdb.connect(str(sample_store), read_only=True) as con:
        did = con.execute("SELECT * FROM shelter_did ORDER BY radius_m, phase").df()
    assert "method" not in did.columns and "absolute_method" not in did.columns
    rendered = {(row["radius_m"], row["phase"]): shelter_words.did_methods(row) for _, row in did.iterrows()}
    assert rendered == dict.fromkeys(DID_SENTENCES, METHOD)
