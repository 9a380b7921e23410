"""Summaries and alt text: exact sentences for hand-made frames."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.charts import ChartSpec
from dashboard.words.summaries import alt_text, describe_breakdown, describe_change, describe_trend, summary_for

MONTHS = list(pd.date_range("2025-03-01", periods=12, freq="MS").date)


def monthly(values, suppressed=None) -> pd.DataFrame:
    frame = pd.DataFrame({"month": MONTHS[: len(values)], "offences": pd.array(values, dtype="Int64")})
    if suppressed is not None:
        frame["is_suppressed"] = suppressed
    return frame


def test_rise_with_a_peak_in_between():
    frame = monthly([312, 330, 401, 300, 290, 310, 320, 330, 340, 345, 350, 355])
    assert describe_trend(frame, "month", "offences", "Camden", "VAWG offences") == (
        "VAWG offences in Camden rose from 312 in March 2025 to 355 in February 2026. The highest was 401 in May 2025."
    )


def test_fall_with_the_peak_at_the_start_says_nothing_more():
    frame = monthly([5000, 4800, 4700, 4100])
    assert describe_trend(frame, "month", "offences", "London", "VAWG offences") == (
        "VAWG offences in London fell from 5,000 in March 2025 to 4,100 in June 2025."
    )


def test_within_five_percent_is_about_the_same():
    frame = monthly([200, 260, 205])
    assert describe_trend(frame, "month", "offences", "Barnet", "victims") == (
        "Victims in Barnet stayed about the same: 200 in March 2025 and 205 in May 2025. "
        "The highest was 260 in April 2025."
    )


def test_rows_are_read_in_month_order_not_frame_order():
    frame = monthly([10, 20, 30]).iloc[::-1]
    assert describe_trend(frame, "month", "offences", "Camden", "offences") == (
        "Offences in Camden rose from 10 in March 2025 to 30 in May 2025."
    )


def test_suppressed_first_month_is_named_without_its_value_and_no_direction_is_claimed():
    frame = monthly([2, 10, 3, 12], suppressed=[True, False, False, False])
    assert describe_trend(frame, "month", "offences", "Camden", "VAWG offences") == (
        "VAWG offences in Camden were 12 in June 2025; the figure for March 2025 was suppressed to "
        "protect confidentiality."
    )


def test_suppressed_months_in_between_are_counted():
    frame = monthly([40, 2, 1, 50], suppressed=[False, True, True, False])
    assert describe_trend(frame, "month", "offences", "Camden", "offences") == (
        "Offences in Camden rose from 40 in March 2025 to 50 in June 2025. "
        "In 2 months the figure was suppressed to protect confidentiality."
    )


def test_a_suppressed_value_is_never_used_even_if_the_frame_still_holds_it():
    frame = monthly([40, 9999, 45], suppressed=[False, True, False])
    text = describe_trend(frame, "month", "offences", "Camden", "offences")
    assert "9,999" not in text and "9999" not in text and "highest" not in text


def test_one_sentence_set_per_series_in_order():
    frame = pd.concat([monthly([10, 20]).assign(area="Camden"), monthly([100, 90]).assign(area="London")])
    assert describe_trend(
        frame, "month", "offences", measure="offences", series_col="area", series_order=["London"]
    ) == (
        "Offences in London fell from 100 in March 2025 to 90 in April 2025. "
        "Offences in Camden rose from 10 in March 2025 to 20 in April 2025."
    )


def test_rates_are_formatted_as_rates():
    frame = pd.DataFrame({"month": MONTHS[:2], "rate": [2.31, 2.74]})
    assert describe_trend(
        frame, "month", "rate", "Camden", "VAWG offences per 1,000 women and girls", value_format="rate"
    ) == ("VAWG offences per 1,000 women and girls in Camden rose from 2.3 in March 2025 to 2.7 in April 2025.")


def groups() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": ["Violence with injury", "Stalking and harassment", "Sexual offences", "Other", "Homicide"],
            "offences": pd.array([30000, 41210, 12000, 37990, pd.NA], dtype="Int64"),
            "is_suppressed": [False, False, False, False, True],
        }
    )


def test_breakdown_names_the_largest_groups_with_shares():
    assert describe_breakdown(groups(), "group", "offences") == (
        "The largest group was Stalking and harassment (34%, 41,210 offences), then Other (31%, 37,990) "
        "and Violence with injury (25%, 30,000). The remaining group made up 10%. "
        "The figure for Homicide was suppressed to protect confidentiality."
    )


def test_breakdown_with_an_area_and_a_noun():
    frame = groups().iloc[:2]
    assert describe_breakdown(frame, "group", "offences", area="Camden", category_noun="offence group") == (
        "In Camden, the largest offence group was Stalking and harassment (58%, 41,210 offences), "
        "then Violence with injury (42%, 30,000)."
    )


def test_breakdown_of_rates_shows_no_shares():
    frame = pd.DataFrame({"borough": ["Camden", "Barnet"], "rate": [3.1, 4.25]})
    assert describe_breakdown(frame, "borough", "rate", category_noun="borough", value_format="rate") == (
        "The largest borough was Barnet (4.2), then Camden (3.1)."
    )


def test_breakdown_names_several_suppressed_groups_together():
    frame = pd.DataFrame(
        {
            "group": ["A", "B", "C"],
            "offences": pd.array([10, pd.NA, pd.NA], dtype="Int64"),
            "is_suppressed": [False, True, True],
        }
    )
    assert describe_breakdown(frame, "group", "offences") == (
        "The largest group was A (100%, 10 offences). "
        "The figures for B and C were suppressed to protect confidentiality."
    )


def test_change_counts_rises_and_falls_and_names_the_extremes():
    frame = pd.DataFrame({"borough": ["Camden", "Barnet", "Hackney", "Westminster"], "change": [12.3, -4.0, 0.0, 25.5]})
    assert describe_change(frame, "borough", "change") == (
        "Of 4 boroughs, 2 rose, 1 fell and 1 stayed the same. "
        "The largest rise was Westminster (+25.5%) and the largest fall was Barnet (\u22124.0%)."
    )


def spec(**changes) -> ChartSpec:
    settings = dict(
        title="VAWG offences in Camden, by month",
        x="month",
        y="offences",
        y_title="Offences",
        area="Camden",
        measure="VAWG offences",
        source_line="Source: MPS.",
    )
    settings.update(changes)
    return ChartSpec(**settings)


def test_alt_text_combines_chart_type_title_summary_and_breaks():
    frame = monthly([10, 20, 30])
    text = alt_text(spec(breaks=[(date(2025, 4, 1), "Recording moved from CRIS to CONNECT")]), frame)
    assert text == (
        "Line chart: VAWG offences in Camden, by month. "
        "VAWG offences in Camden rose from 10 in March 2025 to 30 in May 2025. "
        "A dashed line marks April 2025: Recording moved from CRIS to CONNECT."
    )


def test_alt_text_says_when_data_is_sample():
    text = alt_text(spec(is_sample=True, subtitle="Recorded offences"), monthly([10, 20]))
    assert text.startswith(
        "Line chart: VAWG offences in Camden, by month. Recorded offences. "
        "Sample data, not real figures. VAWG offences in Camden rose"
    )


def test_alt_text_reuses_a_given_summary():
    assert alt_text(spec(), monthly([1]), kind="bar", summary="Hello.") == (
        "Bar chart: VAWG offences in Camden, by month. Hello."
    )


def test_summary_for_bar_and_unknown_kind():
    bar_spec = spec(x="group", title="By group", area=None, measure="offences")
    assert summary_for(bar_spec, groups().iloc[:2], "bar") == (
        "The largest group was Stalking and harassment (58%, 41,210 offences), then Violence with injury (42%, 30,000)."
    )
    with pytest.raises(ValueError):
        summary_for(bar_spec, groups(), "pie")
