"""The /bus-shelters page on the bundled sample: the illustrative label, the estimate, the map, the survey, the URL.

The result comes first; the map, the estimates by phase, the survey and the method are lazy sections
(sent only when opened) and cards send only their open tab, so tests open what they read first.
"""

from __future__ import annotations

import json

from dashboard.words.catalog import ILLUSTRATIVE_LABEL
from tests.app.conftest import all_text, reveal

PAGE = "page_scripts/bus_shelters.py"


def deck_specs(at) -> list[dict]:
    return [json.loads(e.proto.json) for e in at.get("deck_gl_json_chart")]


def test_page_shows_the_evaluation_labelled_illustrative(open_app):
    at = reveal(open_app(PAGE))
    assert not at.exception, [e.value for e in at.exception]
    text = all_text(at)
    assert text.count(ILLUSTRATIVE_LABEL) >= 4  # page banner, headline, map card, every chart card
    # The difference-in-differences sentence: a factor with its interval and the counts, never a bare percentage.
    assert "Violence and sexual offences near pilot shelters changed by a factor of" in text
    assert "relative to comparison stops (95% CI" in text
    assert "in the 12 months before and" in text and "pilot sites;" in text
    # Method and limits are said plainly.
    for words in (
        "regression to the mean",
        "Displacement",
        "snap" if "snap" in text else "map points",
        "Why small radii are unreliable",
        "CONNECT",
    ):
        assert words in text, words


def test_map_is_drawn_without_outside_tiles_and_says_illustrative(open_app):
    at = reveal(open_app(PAGE))
    specs = deck_specs(at)
    assert len(specs) == 1
    spec = specs[0]
    assert spec.get("mapStyle") == "__MAP_STYLE__" and "mapProvider" not in spec  # no Carto base map
    assert "cartocdn" not in json.dumps(spec)
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert len(layers["pilot-shelters"]["data"]) == 10 and len(layers["comparison-stops"]["data"]) == 30
    assert {row["stamp"] for row in layers["pilot-shelters"]["data"]} == {ILLUSTRATIVE_LABEL}
    assert "{stamp}" in at.get("deck_gl_json_chart")[0].proto.tooltip
    # The map's alt text says the same in words.
    assert ILLUSTRATIVE_LABEL in at.get("deck_gl_json_chart")[0].proto.alt


def test_survey_gives_the_question_wording_respondents_and_interval(open_app):
    at = reveal(open_app(PAGE), tab="Table")
    text = all_text(at)
    assert "How safe or unsafe do you feel waiting at this bus stop after dark?" in text
    assert "The share feeling safe changed by" in text and "respondents at pilot shelters before and after" in text
    tables = [t.value for t in at.table]
    survey = next(t for t in tables if "Respondents" in t.columns)
    assert list(survey["Respondents"]) == [383, 369, 437, 403]
    assert survey["95% interval"].str.contains(" to ").all()


def test_phase_two_cannot_be_evaluated_yet_and_says_why(open_app):
    at = reveal(open_app(PAGE))
    text = all_text(at)
    # The bundled phase 2 went live in September 2025; its 12 months after run past the sample's last month.
    assert "left out: its 12 months before and 12 months after go-live are not all in the crime data" in text
    assert [o for o in at.radio(key="shelters-phase").options] == ["All phases", "Phase 1"]


def test_view_settings_come_from_the_url(open_app):
    at = reveal(open_app(PAGE, radius="200", phase="1"))
    assert not at.exception
    assert at.radio(key="shelters-radius").value == "200"
    assert at.radio(key="shelters-phase").value == "1"
    assert "Phase 1: Violence and sexual offences near pilot shelters" in all_text(at)
    assert "each with its 200 m counting circle" in all_text(at)


def test_bad_url_values_fall_back_with_a_note(open_app):
    at = open_app(PAGE, radius="50'; DROP TABLE shelter_did;--", phase="9")
    assert not at.exception
    notes = " ".join(str(i.value) for i in at.info)
    assert "We don't recognise the radius" in notes and "We don't recognise the phase" in notes
    assert at.radio(key="shelters-radius").value == "100"
    assert at.radio(key="shelters-phase").value == "all"


def test_changing_the_radius_changes_the_estimate(open_app):
    at = open_app(PAGE)
    before = [m.value for m in at.markdown if "changed by a factor of" in str(m.value)][0]
    at.radio(key="shelters-radius").set_value("200").run()
    assert not at.exception
    after = [m.value for m in at.markdown if "changed by a factor of" in str(m.value)][0]
    assert before != after
    assert at.query_params["radius"] == ["200"] or at.query_params["radius"] == "200"


def test_the_result_comes_first_and_the_rest_is_in_sections_in_order(open_app):
    at = open_app(PAGE)
    assert not at.exception, [e.value for e in at.exception]
    keyed = [str(block.key) for block in at.main.children.values() if getattr(block, "key", None)]
    assert keyed == [
        "shelter-estimate",
        "shelters-map-section",
        "shelters-estimates-section",
        "shelters-survey-section",
        "shelters-method-section",
        "page-spreadsheet",
    ]
    assert not at.get("deck_gl_json_chart")  # the map waits in its closed section
    reveal(at)
    (map_section,) = [e for e in at.expander if e.key == "shelters-map-section"]
    assert len(map_section.get("deck_gl_json_chart")) == 1
