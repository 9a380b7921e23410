"""Chart builders draw exactly the rows given, carry their source and warnings, and never rely on colour alone."""

from __future__ import annotations

import tomllib
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import theme
from dashboard.charts import ChartSpec, bar_chart, change_chart, figure_config, line_chart, source_line_from
from dashboard.paths import PROJECT_ROOT
from dashboard.words.catalog import DATASETS

MONTHS = list(pd.date_range("2023-09-01", periods=12, freq="MS").date)
SECRET = 7919  # a value that must never reach a figure when its row is suppressed


def trend_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": MONTHS * 2,
            "area": ["Camden"] * 12 + ["London"] * 12,
            "offences": list(range(300, 312)) + list(range(400, 412)),
        }
    )


def trend_spec(**changes) -> ChartSpec:
    settings = dict(
        title="VAWG offences in Camden and London, by month",
        x="month",
        y="offences",
        series="area",
        y_title="Offences per month",
        source_line="Source: MPS VAWG data. OGL v3.0.",
        data_up_to=date(2024, 8, 1),
    )
    settings.update(changes)
    return ChartSpec(**settings)


def groups_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "offence_group": ["Stalking and harassment", "Violence with injury", "Sexual offences", "Homicide"],
            "offences": pd.array([41210, 30000, 12000, SECRET], dtype="Int64"),
            "is_suppressed": [False, False, False, True],
        }
    )


def groups_spec(**changes) -> ChartSpec:
    settings = dict(
        title="VAWG offences in London by offence group",
        x="offence_group",
        y="offences",
        y_title="Offences, 12 months",
        source_line="Source: MPS VAWG data.",
    )
    settings.update(changes)
    return ChartSpec(**settings)


def series_traces(fig: go.Figure) -> list:
    return [t for t in fig.data if (t.meta or {}).get("role") == "series"]


def annotations(fig: go.Figure, name: str) -> list:
    return [a for a in fig.layout.annotations if a.name == name]


def plain(text: str) -> str:
    return text.replace("<br>", " ").replace("<b>", "").replace("</b>", "")


# --- line_chart -----------------------------------------------------------------------------


def test_line_chart_draws_exactly_the_rows_given():
    frame = trend_frame()
    fig = line_chart(frame, trend_spec())
    traces = series_traces(fig)
    assert [t.name for t in traces] == ["Camden", "London"]
    assert sum(len(t.x) for t in traces) == len(frame)
    for trace in traces:
        expected = frame[frame["area"] == trace.name]
        assert list(trace.y) == [float(v) for v in expected["offences"]]
        assert [pd.Timestamp(x).date() for x in trace.x] == list(expected["month"])


def test_line_chart_refuses_rows_it_would_not_draw():
    frame = pd.concat([trend_frame(), trend_frame().head(1)])
    with pytest.raises(ValueError, match="more than one row per point"):
        line_chart(frame, trend_spec())


def test_line_chart_refuses_a_missing_column():
    with pytest.raises(ValueError, match="lacks column"):
        line_chart(trend_frame().drop(columns="area"), trend_spec())


def test_series_differ_by_dash_and_marker_not_only_colour():
    traces = series_traces(line_chart(trend_frame(), trend_spec()))
    assert len({t.line.dash for t in traces}) == len(traces)
    assert len({t.marker.symbol for t in traces}) == len(traces)
    assert len({t.line.color for t in traces}) == len(traces)


def test_line_ends_are_labelled_directly_and_the_legend_is_off():
    fig = line_chart(trend_frame(), trend_spec())
    labels = [plain(a.text) for a in annotations(fig, "direct-label")]
    assert labels == ["● Camden", "■ London"]  # glyphs match each line's marker symbol
    assert fig.layout.showlegend is False


def test_series_order_puts_the_named_series_first():
    traces = series_traces(line_chart(trend_frame(), trend_spec(series_order=["London"])))
    assert [t.name for t in traces] == ["London", "Camden"]
    assert traces[0].line.color == theme.PRIMARY


def test_source_line_is_drawn_inside_the_figure_with_the_date():
    fig = line_chart(trend_frame(), trend_spec())
    (source,) = annotations(fig, "source")
    assert plain(source.text) == "Source: MPS VAWG data. OGL v3.0. Data up to and including August 2024."
    assert source.yref == "paper" and source.y == 0 and source.yanchor == "top"


@pytest.mark.parametrize("is_sample", [True, False])
def test_sample_stamp_is_present_only_for_sample_data(is_sample):
    fig = line_chart(trend_frame(), trend_spec(is_sample=is_sample))
    stamps = annotations(fig, "sample-stamp")
    (source,) = annotations(fig, "source")
    if is_sample:
        assert [plain(s.text) for s in stamps] == [theme.SAMPLE_STAMP]
        assert plain(source.text).startswith(f"{theme.SAMPLE_STAMP}. Source:")
    else:
        assert stamps == []
        assert theme.SAMPLE_STAMP not in plain(source.text)


def test_illustrative_label_replaces_the_stamp_text():
    fig = line_chart(trend_frame(), trend_spec(illustrative_label="Illustrative — not official pilot results"))
    assert [plain(s.text) for s in annotations(fig, "sample-stamp")] == ["Illustrative — not official pilot results"]


def test_break_is_a_dashed_line_with_a_label():
    fig = line_chart(trend_frame(), trend_spec(breaks=[(date(2024, 3, 1), "CRIS to CONNECT")]))
    (shape,) = [s for s in fig.layout.shapes if s.name == "break"]
    assert shape.line.dash == "dash"
    assert pd.Timestamp(shape.x0).date() == date(2024, 3, 1) == pd.Timestamp(shape.x1).date()
    (label,) = annotations(fig, "break-label")
    assert plain(label.text) == "CRIS to CONNECT"


def test_break_outside_the_data_is_not_drawn():
    fig = line_chart(trend_frame(), trend_spec(breaks=[("2020-01-01", "Long ago")]))
    assert not [s for s in fig.layout.shapes if s.name == "break"]
    assert not annotations(fig, "break-label")


def test_title_subtitle_and_unit_label():
    fig = line_chart(trend_frame(), trend_spec(subtitle="Recorded offences"))
    assert plain(fig.layout.title.text) == "VAWG offences in Camden and London, by month"
    assert fig.layout.title.subtitle.text == "Recorded offences"
    assert [a.text for a in annotations(fig, "y-title")] == ["Offences per month"]


def test_y_axis_starts_at_zero_by_default_and_not_when_asked():
    assert line_chart(trend_frame(), trend_spec()).layout.yaxis.range[0] == 0
    assert line_chart(trend_frame(), trend_spec(y_from_zero=False)).layout.yaxis.range[0] > 0


def test_hover_shows_formatted_values():
    frame = trend_frame().assign(offences=lambda f: f["offences"] * 100)
    (camden, _) = series_traces(line_chart(frame, trend_spec()))
    assert camden.customdata[0] == "30,000"
    assert camden.hovertemplate == "Camden: %{customdata}<extra></extra>"


def test_suppressed_month_is_a_gap_with_a_mark_and_its_value_never_reaches_the_figure():
    frame = trend_frame().assign(is_suppressed=False)
    frame.loc[3, ["offences", "is_suppressed"]] = [SECRET, True]
    fig = line_chart(frame, trend_spec())
    camden = series_traces(fig)[0]
    assert pd.isna(camden.y[3]) and camden.customdata[3] == theme.SUPPRESSED_MARK
    (withheld,) = [t for t in fig.data if (t.meta or {}).get("role") == "withheld"]
    assert list(withheld.text) == [theme.SUPPRESSED_MARK]
    assert str(SECRET) not in fig.to_json()


def test_single_series_uses_the_area_as_its_name_and_needs_no_direct_label():
    frame = trend_frame().query("area == 'Camden'").drop(columns="area")
    fig = line_chart(frame, trend_spec(series=None, area="Camden"))
    assert [t.name for t in series_traces(fig)] == ["Camden"]
    assert not annotations(fig, "direct-label")


def test_long_titles_are_wrapped_for_a_phone_screen():
    fig = line_chart(
        trend_frame(),
        trend_spec(title="VAWG offences in Kensington and Chelsea compared with the London borough average, by month"),
    )
    lines = plain(fig.layout.title.text.replace("<br>", "\n")).split("\n")
    assert len(lines) > 1 and all(len(line) <= 36 for line in lines)


def test_figures_use_the_registered_template_and_no_drag_zoom():
    fig = line_chart(trend_frame(), trend_spec())
    assert fig.layout.template.layout.font.family == theme.FONT_FAMILY
    assert fig.layout.template.layout.dragmode is False


# --- bar_chart and change_chart -------------------------------------------------------------


def test_bar_chart_draws_each_category_once_in_the_given_order():
    frame = groups_frame()
    fig = bar_chart(frame, groups_spec())
    (bars,) = series_traces(fig)
    assert list(bars.y) == list(frame["offence_group"])
    assert bars.orientation == "h"
    assert fig.layout.yaxis.autorange == "reversed"  # first row at the top


def test_bar_values_are_labelled_on_the_bars():
    (bars,) = series_traces(bar_chart(groups_frame(), groups_spec()))
    assert list(bars.text) == ["41,210", "30,000", "12,000", ""]
    assert bars.textposition == "outside"


def test_suppressed_category_has_no_bar_and_a_c_label():
    fig = bar_chart(groups_frame(), groups_spec())
    (bars,) = series_traces(fig)
    assert pd.isna(bars.x[3])
    (withheld,) = [t for t in fig.data if (t.meta or {}).get("role") == "withheld"]
    assert list(withheld.y) == ["Homicide"]
    assert [t.strip("\u00a0") for t in withheld.text] == ["[c]"]
    assert str(SECRET) not in fig.to_json()


def test_bar_highlight_uses_the_highlight_colour_and_a_bold_label():
    fig = bar_chart(groups_frame(), groups_spec(highlight="Sexual offences"))
    (bars,) = series_traces(fig)
    assert list(bars.marker.color) == [theme.PRIMARY, theme.PRIMARY, theme.HIGHLIGHT, theme.PRIMARY]
    assert "<b>Sexual offences</b>" in fig.layout.yaxis.ticktext


def test_bar_chart_carries_source_and_stamp():
    fig = bar_chart(groups_frame(), groups_spec(is_sample=True))
    assert annotations(fig, "source") and annotations(fig, "sample-stamp")


def test_grouped_bars_differ_by_pattern_and_have_a_legend():
    frame = pd.DataFrame(
        {"age": ["0-17", "18-24"] * 2, "area": ["Camden"] * 2 + ["London"] * 2, "share": [40.0, 60.0, 45.0, 55.0]}
    )
    fig = bar_chart(frame, groups_spec(x="age", y="share", series="area", value_format="percent"))
    traces = series_traces(fig)
    assert [t.name for t in traces] == ["Camden", "London"]
    assert len({t.marker.pattern.shape for t in traces}) == 2
    assert fig.layout.showlegend is True
    assert sum(len(t.x) for t in traces) == len(frame)


def test_change_chart_shows_direction_by_sign_and_side_as_well_as_colour():
    frame = pd.DataFrame({"borough": ["Camden", "Barnet", "Hackney"], "change": [12.34, -4.0, 0.0]})
    fig = change_chart(frame, groups_spec(x="borough", y="change", value_format="percent_change"))
    (bars,) = series_traces(fig)
    assert list(bars.text) == ["+12.3%", "\u22124.0%", "0.0%"]
    assert list(bars.marker.color) == [theme.HOT, theme.COLD, theme.SECONDARY_TEXT]
    assert fig.layout.xaxis.zeroline is True
    assert fig.layout.xaxis.range[0] < 0 < fig.layout.xaxis.range[1]


def test_source_line_from_names_every_dataset_and_licence():
    line = source_line_from([DATASETS["mps_vawg"], DATASETS["ons_population"]])
    assert line == (
        "Source: MPS Violence Against Women and Girls dashboard data, Metropolitan Police Service "
        "(London Datastore); ONS small-area population estimates by sex, Office for National "
        "Statistics. Open Government Licence v3.0."
    )


def test_figure_config_hides_logo_and_zoom_tools_and_names_the_png():
    config = figure_config("vawg-offences_march-2025.csv")
    assert config["displaylogo"] is False
    assert {"zoom2d", "pan2d", "lasso2d", "select2d"} <= set(config["modeBarButtonsToRemove"])
    assert config["toImageButtonOptions"]["filename"] == "vawg-offences_march-2025"


# --- theme ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [(12345, "12,345"), (0, "0"), (-1200, "\u22121,200"), (None, "[x]")])
def test_format_count(value, expected):
    assert theme.format_count(value) == expected


@pytest.mark.parametrize(
    "value, expected", [(2.345, "2.3"), (1234.56, "1,234.6"), (-0.04, "0.0"), (-3.26, "\u22123.3")]
)
def test_format_rate(value, expected):
    assert theme.format_rate(value) == expected


@pytest.mark.parametrize("value, expected", [(12.34, "+12.3%"), (-4, "\u22124.0%"), (0, "0.0%"), (-0.01, "0.0%")])
def test_format_percent_change_uses_a_real_minus_sign(value, expected):
    assert theme.format_percent_change(value) == expected


@pytest.mark.parametrize("value, expected", [(34.2, "34%"), (0.3, "less than 1%"), (0, "0%")])
def test_format_percent(value, expected):
    assert theme.format_percent(value) == expected


def test_format_month_and_period():
    assert theme.format_month(date(2025, 3, 1)) == "March 2025"
    assert theme.format_period("2025-03-01", pd.Timestamp("2026-02-01")) == "March 2025 to February 2026"


@pytest.mark.parametrize(
    "colour",
    [theme.PRIMARY, theme.COMPARISON, theme.THIRD, theme.FOURTH, theme.HIGHLIGHT, theme.MUTED, theme.HOT, theme.COLD],
)
def test_mark_colours_meet_3_to_1_against_the_background(colour):
    assert theme.contrast_ratio(colour) >= 3.0


@pytest.mark.parametrize(
    "colour", list(theme.SERIES_TEXT_COLOURS) + [theme.TEXT, theme.SECONDARY_TEXT, theme.HIGHLIGHT_TEXT, theme.LINK]
)
def test_text_colours_meet_4_5_to_1_against_the_background(colour):
    assert theme.contrast_ratio(colour) >= 4.5


def test_streamlit_config_matches_the_theme():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    t = config["theme"]
    assert t["base"] == "light"
    assert (t["primaryColor"], t["backgroundColor"], t["secondaryBackgroundColor"], t["textColor"], t["linkColor"]) == (
        theme.PRIMARY,
        theme.BACKGROUND,
        theme.SECONDARY_BACKGROUND,
        theme.TEXT,
        theme.LINK,
    )
    assert t["chartCategoricalColors"] == list(theme.SERIES_COLOURS)
    assert t["chartSequentialColors"] == list(theme.SEQUENTIAL)
    assert t["chartDivergingColors"] == list(theme.DIVERGING)
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["headless"] is True


def test_suppressed_mark_matches_the_disclosure_layer():
    from dashboard.disclosure import SUPPRESSED_SYMBOL

    assert theme.SUPPRESSED_MARK == SUPPRESSED_SYMBOL


def test_sample_and_illustrative_together_keep_both_warnings_in_the_footer():
    fig = line_chart(trend_frame(), trend_spec(is_sample=True, illustrative_label="Illustrative only"))
    assert [plain(s.text) for s in annotations(fig, "sample-stamp")] == ["Illustrative only"]
    (source,) = annotations(fig, "source")
    assert plain(source.text).startswith(f"{theme.SAMPLE_STAMP}. Illustrative only. Source:")


def test_rate_axis_gets_as_many_decimals_as_its_tick_step_needs():
    from dashboard.charts.line import tick_format

    assert tick_format("rate", 0, 40) == ",.1f"  # step ~6.7: one decimal is the floor
    assert tick_format("rate", 0, 0.3) == ",.2f"  # step 0.05: 0.05, 0.10, not 0.1, 0.1
    assert tick_format("rate", 0, 0.03) == ",.3f"  # step 0.005
    assert tick_format("count", 0, 9) == ",d"
