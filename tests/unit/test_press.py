"""Print-ready images, press packs and the export plumbing: pure builders on hand-made frames (no browser, no store)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import h3
import pandas as pd
import pytest

from dashboard.charts import ChartSpec, bar_chart, line_chart, source_line_from
from dashboard.charts.static_maps import hotspot_figure, shelter_figure
from dashboard.components import card_files
from dashboard.components.chart_card import build_card
from dashboard.components.recording import Recording
from dashboard.components.url_state import LinkQuery, ViewSettingError, ViewState, choice, month
from dashboard.exports import chart_export, table_for
from dashboard.press import Printable, press_pack, print_figure
from dashboard.press.images import PRINT_WIDTH, accessible_svg
from dashboard.press.pack import citation_text, metadata
from dashboard.press.printable import csv_header, footer_lines
from dashboard.theme import SAMPLE_STAMP
from dashboard.words.catalog import DATASETS, OGL, SAMPLE_LABEL

VAWG = DATASETS["mps_vawg"]
MONTHS = list(pd.date_range("2025-03-01", periods=12, freq="MS").date)
VIEW = "https://vawg.example/trends?borough=Camden"
TODAY = date(2026, 3, 15)


def trend_frame() -> pd.DataFrame:
    return pd.DataFrame({"month": MONTHS, "offences": list(range(300, 312))})


def trend_spec(**changes) -> ChartSpec:
    settings = dict(
        title="VAWG offences in Camden, by month",
        subtitle="March 2025 to February 2026; every offence in the Met's VAWG data placed in Camden",
        x="month",
        y="offences",
        y_title="Offences per month",
        area="Camden",
        source_line=source_line_from([VAWG]),
        data_up_to=date(2026, 2, 1),
        is_sample=True,
    )
    settings.update(changes)
    return ChartSpec(**settings)


def trend_card(**spec_changes):
    frame, spec = trend_frame(), trend_spec(**spec_changes)
    export, name = chart_export(spec, frame, datasets=[VAWG], view_url=VIEW)
    return build_card(
        key="trend",
        spec=spec,
        figure=line_chart(frame, spec),
        table=table_for(frame, spec),
        summary="VAWG offences in Camden rose from 300 to 311.",
        alt="Line chart of VAWG offences in Camden by month.",
        export=export,
        export_name=name,
        datasets=[VAWG],
    )


def annotation(figure: dict, name: str) -> dict:
    return next(a for a in figure["layout"]["annotations"] if a.get("name") == name)


# --- the print layout ----------------------------------------------------------------------------


def test_print_figure_draws_title_source_licence_date_stamp_and_link_in_the_image():
    item = card_files.printable(trend_card())
    figure = print_figure(item)
    layout = figure["layout"]
    assert layout["width"] == PRINT_WIDTH and layout["autosize"] is False
    assert layout["title"]["text"] == "<b>VAWG offences in Camden, by month</b>"  # one line at print width
    assert "every offence in the Met's VAWG data placed in Camden" in layout["title"]["subtitle"]["text"]
    footer = annotation(figure, "source")["text"].replace("<br>", " ")
    assert f"{SAMPLE_STAMP}. {SAMPLE_LABEL}." in footer
    assert "Source: MPS Violence Against Women and Girls dashboard data, Metropolitan Police Service" in footer
    assert f"Licence: {OGL}." in footer
    assert "Data up to and including February 2026." in footer
    assert f"Figures, table and notes: {VIEW}" in footer
    assert annotation(figure, "sample-stamp")["text"] == f"<b>{SAMPLE_STAMP}</b>"


def test_print_figure_makes_room_for_exactly_the_lines_it_adds():
    card = trend_card()
    web = card.figure.to_dict()["layout"]
    printed = print_figure(card_files.printable(card))["layout"]
    web_plot = web["height"] - web["margin"]["t"] - web["margin"]["b"]
    printed_plot = printed["height"] - printed["margin"]["t"] - printed["margin"]["b"]
    assert printed_plot >= web_plot
    added = len(footer_lines(card_files.printable(card))) - annotation(card.figure.to_dict(), "source")["text"].count(
        "<br>"
    )
    assert printed["margin"]["b"] - web["margin"]["b"] >= 16 * (added - 1)
    # The title shrank from several phone lines to one: the top margin shrank with it.
    assert printed["margin"]["t"] < web["margin"]["t"]


def test_print_figure_labels_the_latest_value_with_the_cards_own_text():
    figure = print_figure(card_files.printable(trend_card()))
    label = annotation(figure, "latest-value")
    assert label["text"] == "<b>311</b>" and label["y"] == 311.0
    assert str(label["x"]).startswith("2026-02-01")


def test_a_withheld_last_month_is_never_labelled_with_its_number():
    frame = trend_frame().assign(is_suppressed=[False] * 11 + [True])
    frame.loc[11, "offences"] = 7919
    spec = trend_spec()
    export, name = chart_export(spec, frame, datasets=[VAWG], view_url=VIEW)
    card = build_card(
        key="t",
        spec=spec,
        figure=line_chart(frame, spec),
        table=table_for(frame, spec),
        summary="s",
        alt="a",
        export=export,
        export_name=name,
        datasets=[VAWG],
    )
    figure = print_figure(card_files.printable(card))
    assert "7919" not in json.dumps(figure, default=str)
    assert annotation(figure, "latest-value")["text"] == "<b>310</b>"


def test_a_long_title_wraps_and_is_pushed_down_so_its_first_line_is_not_cut_off():
    title = "VAWG offences per 1,000 women and girls in Camden and London, by month, March 2025 to February 2026"
    figure = print_figure(card_files.printable(trend_card(title=title)))
    assert figure["layout"]["title"]["text"].count("<br>") == 1
    assert figure["layout"]["title"]["pad"]["t"] > 12


def test_the_illustrative_label_and_no_sample_stamp_for_real_figures():
    item = card_files.printable(
        trend_card(is_sample=False, illustrative_label="Illustrative — not official pilot results")
    )
    lines = footer_lines(item)
    assert lines[0] == "Illustrative — not official pilot results."
    assert not any(SAMPLE_STAMP in line for line in lines)


def test_a_bar_chart_legend_outside_the_plot_keeps_its_distance_when_the_plot_grows():
    frame = pd.DataFrame({"group": ["A", "A", "B", "B"], "period": ["x", "y", "x", "y"], "offences": [10, 12, 20, 22]})
    spec = ChartSpec(
        title="Offences by group",
        x="group",
        y="offences",
        series="period",
        y_title="Offences",
        source_line=source_line_from([VAWG]),
    )
    export, name = chart_export(spec, frame, datasets=[VAWG], view_url=VIEW, period="2025")
    card = build_card(
        key="b",
        spec=spec,
        figure=bar_chart(frame, spec),
        table=table_for(frame, spec),
        summary="s",
        alt="a",
        export=export,
        export_name=name,
        datasets=[VAWG],
    )
    web = card.figure.to_dict()["layout"]
    printed = print_figure(card_files.printable(card))["layout"]
    web_plot = web["height"] - web["margin"]["t"] - web["margin"]["b"]
    printed_plot = printed["height"] - printed["margin"]["t"] - printed["margin"]["b"]
    assert (web["legend"]["y"] - 1) * web_plot == pytest.approx((printed["legend"]["y"] - 1) * printed_plot)


def test_the_svg_gets_an_accessible_name_and_description():
    svg = b'<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" width="800"><g/></svg>'
    out = accessible_svg(svg, title="Offences <in> Camden", description="A line & its figures").decode()
    assert out.startswith('<svg role="img" class="main-svg"')
    assert "<title>Offences &lt;in&gt; Camden</title><desc>A line &amp; its figures</desc><g/>" in out


# --- the press pack ------------------------------------------------------------------------------

SOURCES = [
    {
        "dataset": "mps_vawg",
        "title": VAWG.title,
        "file_name": "vawg-offences.parquet",
        "sha256": "ab" * 32,
        "first_month": pd.Timestamp("2019-01-01"),
        "last_month": pd.Timestamp("2026-02-01"),
        "publisher": VAWG.publisher,
        "licence": OGL,
        "url": VAWG.url,
        "is_sample": True,
    }
]


def test_csv_header_reads_back_what_the_download_says():
    header = csv_header(trend_card().export)
    assert header["Title"] == "VAWG offences in Camden, by month"
    assert header["View"] == VIEW and header["Period"] == "March 2025 to February 2026"


def test_the_citation_names_publisher_dataset_period_date_licence_and_link():
    text = citation_text(card_files.printable(trend_card()), today=TODAY)
    assert text.startswith(f"{SAMPLE_STAMP}. {SAMPLE_LABEL}.")
    for part in (
        "“VAWG offences in Camden, by month”. Period: March 2025 to February 2026.",
        "data up to and including February 2026",
        VIEW,
        "Accessed 15 March 2026",
        f"{VAWG.publisher}. {VAWG.title}. {VAWG.url}. Licensed under the {OGL}.",
        "Contains public sector information licensed under the Open Government Licence v3.0.",
    ):
        assert part in text, part


def test_metadata_lists_every_source_file_with_its_sha256_period_publisher_and_licence():
    meta = metadata(card_files.printable(trend_card()), SOURCES, today=TODAY)
    assert meta["view_link"] == VIEW and meta["is_sample"] is True
    assert meta["source_files"] == [
        {
            "dataset": "mps_vawg",
            "title": VAWG.title,
            "file_name": "vawg-offences.parquet",
            "sha256": "ab" * 32,
            "first_month": "2019-01-01",
            "last_month": "2026-02-01",
            "publisher": VAWG.publisher,
            "licence": OGL,
            "url": VAWG.url,
            "period": "January 2019 to February 2026",
            "is_sample": True,
        }
    ]


def test_the_press_pack_holds_every_file_and_stamps_the_sample_in_each_text():
    item = card_files.printable(trend_card())
    pack = press_pack(item, png=b"\x89PNG fake", svg=b"<svg/>", sources=SOURCES, today=TODAY)
    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        names = archive.namelist()
        stem = item.stem
        assert names == [
            f"{stem}.png",
            f"{stem}.svg",
            f"{stem}.csv",
            "citation.txt",
            "summary.txt",
            "alt-text.txt",
            "metadata.json",
        ]
        assert archive.read(f"{stem}.csv") == item.csv
        for name in ("citation.txt", "summary.txt", "alt-text.txt"):
            assert SAMPLE_STAMP in archive.read(name).decode(), name
        assert "rose from 300 to 311" in archive.read("summary.txt").decode()
        assert json.loads(archive.read("metadata.json"))["stamps"][0].startswith(SAMPLE_STAMP)
    # The same card and sources give the same bytes (fixed member times).
    assert press_pack(item, png=b"\x89PNG fake", svg=b"<svg/>", sources=SOURCES, today=TODAY) == pack


# --- files made once per card and store ----------------------------------------------------------


def test_card_files_are_made_once_and_kept(monkeypatch):
    made = []
    monkeypatch.setattr(
        card_files, "render_image", lambda figure, fmt: made.append(fmt) or f"<svg>{fmt}</svg>".encode()
    )
    monkeypatch.setattr(card_files.data, "store_version", lambda: ("test", 1))
    monkeypatch.setattr(card_files.data, "run", lambda name: pd.DataFrame(SOURCES).assign(months_supplied=86))
    card_files.clear()
    item = card_files.printable(trend_card())
    pack = card_files.card_file(item, "pack")
    assert card_files.card_file(item, "svg").startswith(b'<svg role="img">')
    card_files.card_file(item, "png")
    card_files.card_file(item, "pack")
    assert sorted(made) == ["png", "svg"]  # each drawn once, however often asked for
    assert zipfile.ZipFile(io.BytesIO(pack)).read("metadata.json")
    assert card_files.card_file(item, "csv") == item.csv
    assert card_files.file_name(item, "pack") == f"{item.stem}-press-pack.zip"
    card_files.clear()


def test_something_that_is_not_a_card_has_nothing_to_print():
    assert card_files.printable(object()) is None


# --- static maps ---------------------------------------------------------------------------------


def map_spec(**changes) -> ChartSpec:
    settings = dict(
        title="Hot spots",
        x="cell",
        y="offences",
        y_title="Offences",
        source_line=source_line_from([DATASETS["police_uk_street"]]),
    )
    settings.update(changes)
    return ChartSpec(**settings)


def test_the_hotspot_map_draws_each_hexagon_in_its_class_with_outlines_and_a_legend_in_words():
    centre = h3.latlng_to_cell(51.53, -0.14, 8)
    ring = sorted(h3.grid_disk(centre, 1))
    cells = pd.DataFrame(
        {
            "cell": ring,
            "offences": [20] * len(ring),
            "confidence_bin": [3, 3, 0, 0, 0, 0, -1],
            "confidence_label": ["x"] * len(ring),
            "pattern": ["no pattern detected"] * len(ring),
            "months": [12] * len(ring),
            "months_hot": [0] * len(ring),
            "borough_name": ["Camden"] * len(ring),
            "top_location": ["On or near X"] * len(ring),
        }
    )
    outline = json.dumps([[[-0.2, 51.5], [-0.1, 51.5], [-0.1, 51.56], [-0.2, 51.56]]])
    boroughs = pd.DataFrame({"borough_name": ["Camden"], "outline_json": [outline]})
    figure = hotspot_figure(cells, boroughs, map_spec(), view="significance", selected_borough="Camden")
    names = [trace.name for trace in figure.data]
    assert names == [
        "Hot spot, 99% confidence: 2 hexagons",
        "Not significant: 4 hexagons",
        "Cold spot, 90% confidence: 1 hexagon",
        "Borough boundaries",
        "Camden (thick outline)",
    ]
    hexagons = figure.data[0]
    assert sum(1 for x in hexagons.x if x is None) == 2  # two closed rings
    assert any(a.name == "source" for a in figure.layout.annotations)


def test_the_shelter_map_marks_pilots_and_comparison_stops_by_letter_and_counts_them():
    sites = pd.DataFrame(
        {
            "site_id": ["p1", "c1", "c2"],
            "bus_stop_code": ["100", "200", "300"],
            "stop_name": ["A", "B", "C"],
            "role": ["pilot", "comparison", "comparison"],
            "status": ["evaluated", "comparison", "comparison"],
            "borough": ["Camden"] * 3,
            "longitude": [-0.14, -0.13, -0.12],
            "latitude": [51.53, 51.531, 51.532],
            "matched_pilot": [None, "p1", "p1"],
            "matched_pilot_name": [None, "A", "A"],
        }
    )
    figure = shelter_figure(sites, None, map_spec(title="Pilot shelters"))
    named = {trace.name: list(trace.text or []) for trace in figure.data}
    assert named["Pilot shelter with a camera (P): 1"] == ["P"]
    assert named["Comparison stop, no camera (C): 2"] == ["C", "C"]


# --- reading a link without a session ------------------------------------------------------------


def test_a_strict_view_state_names_the_setting_the_value_and_what_is_allowed():
    state = ViewState(query=LinkQuery("borough=Camdn"), strict=True)
    with pytest.raises(ViewSettingError) as error:
        choice("borough", ["London", "Camden"], "London", state, "borough")
    assert error.value.name == "borough" and error.value.value == "Camdn"
    assert "London, Camden" in str(error.value)
    state = ViewState(query=LinkQuery("from=2001-01"), strict=True)
    with pytest.raises(ViewSettingError, match="from 2019-01 to 2026-02"):
        month("from", date(2019, 1, 1), date(2026, 2, 1), date(2025, 3, 1), state, "first month")
    with pytest.raises(ViewSettingError, match="settings are borough"):
        ViewState(query=LinkQuery("bourough=Camden"), strict=True).check_names(["borough"])


def test_a_lenient_view_state_reads_the_link_and_falls_back_with_a_note():
    state = ViewState(query=LinkQuery("?borough=camden&measure=rate"))
    assert choice("borough", ["London", "Camden"], "London", state, "borough") == "Camden"
    assert choice("measure", ["count"], "count", state, "measure") == "count"
    assert state.notes and "measure" in state.notes[0]


def test_recording_cards_lists_every_card_in_page_order_inside_blocks_too():
    out = Recording()
    out.card("first")
    left, right = out.columns(2)
    right.card("third")
    left.card("second")
    with out.container(key="box"):
        out.card("fourth")
    assert out.cards() == ["first", "second", "third", "fourth"]


def test_a_printable_names_its_files_after_its_csv():
    item = Printable(
        key="k",
        title="T",
        subtitle="",
        figure=dict,
        datasets=(),
        data_up_to=None,
        is_sample=False,
        illustrative_label=None,
        summary="",
        alt="",
        csv=b"# View: /x\r\n",
        csv_name="t_2025.csv",
    )
    assert item.stem == "t_2025" and item.view_url == "/x" and item.period == ""


def test_a_deferred_download_reads_the_store_its_view_read(monkeypatch, tmp_path):
    """Streamlit runs a deferred download in another thread: it must still read a release pinned by the view."""
    import contextvars
    import threading

    from dashboard import data
    from dashboard.components import card_downloads

    seen = []
    monkeypatch.setattr(card_downloads, "card_file", lambda item, fmt: seen.append(data._reading.get()) or b"")
    pinned = tmp_path / "release.duckdb"
    with data.reading(pinned):
        context = contextvars.copy_context()
    worker = threading.Thread(target=card_downloads._in_context, args=(context, None, "png"))
    worker.start()
    worker.join()
    assert seen == [pinned] and data._reading.get() is None


def fake_kaleido(calls: list, *, fail_to_start: bool = False):
    """A stand-in for the kaleido module: records what is asked of its browser."""
    import types

    class Kaleido:
        def __init__(self, **kwargs):
            calls.append(("start", kwargs["path"], kwargs["mathjax"]))

        async def __aenter__(self):
            if fail_to_start:
                raise RuntimeError("No browser found at path='/nowhere'")
            return self

        async def __aexit__(self, *exc):
            calls.append(("stop",))

        async def calc_fig(self, figure, opts):
            calls.append(("draw", opts["format"], opts["scale"]))
            return b"bytes"

    return types.SimpleNamespace(Kaleido=Kaleido)


def test_the_browser_is_started_once_kept_warm_and_closed_when_idle(monkeypatch):
    """kaleido replaced by a stand-in: one start for many renders, a stop after IDLE_STOP_S without one."""
    import sys
    import time

    from dashboard.press import images

    calls = []
    monkeypatch.setitem(sys.modules, "kaleido", fake_kaleido(calls))
    monkeypatch.setenv(images.BROWSER_ENV, "/usr/bin/chromium")
    monkeypatch.setattr(images, "IDLE_STOP_S", 0.2)
    assert images.render_image({"data": []}, "png") == b"bytes"
    images.render_image({"data": []}, "svg")
    assert calls == [("start", "/usr/bin/chromium", False), ("draw", "png", 2), ("draw", "svg", 1)]
    deadline = time.monotonic() + 5
    while images._browser is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert calls[-1] == ("stop",) and images._browser is None


def test_a_browser_that_fails_to_start_is_an_error_not_a_hang(monkeypatch):
    import sys

    from dashboard.press import images

    calls = []
    monkeypatch.setitem(sys.modules, "kaleido", fake_kaleido(calls, fail_to_start=True))
    monkeypatch.setenv(images.BROWSER_ENV, "/nowhere")
    with pytest.raises(images.ImageError, match="the PNG could not be drawn: No browser found"):
        images.render_image({"data": []}, "png")
    assert images._browser is None
    images.stop_renderer()


def test_no_browser_is_a_clear_error(monkeypatch):
    import sys
    import types

    from dashboard.press import images

    monkeypatch.setitem(sys.modules, "kaleido", types.SimpleNamespace())
    monkeypatch.setattr(images, "browser_path", lambda: None)
    images.stop_renderer()
    with pytest.raises(images.ImageError, match="no chromium"):
        images.render_image({"data": []}, "png")
    with pytest.raises(ValueError, match="png or svg"):
        images.render_image({"data": []}, "jpeg")
