"""No exported file shows a count of 1 or 2 from the homicide data: CSV, SVG text, metadata, every press-pack member.

The page scan (tests/app/test_no_small_cells.py) checks what a page draws; this checks what the
Download tab and `python -m dashboard export` hand out for the same cards, with the same scanner,
on the sample store (whose synthetic homicide data has plenty of 1s and 2s to hide). Every card on
/homicide is a homicide output. Images are drawn by kaleido in Debian's chromium: skipped without it.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile

import pytest

from dashboard.components import card_files
from dashboard.components.url_state import LinkQuery
from dashboard.press import print_figure
from dashboard.press.images import stop_renderer
from dashboard.theme import SAMPLE_STAMP
from tests.app.test_no_small_cells import chart_problems, csv_problems, small_whole_number, text_problems

pytestmark = [
    pytest.mark.skipif(not shutil.which("chromium"), reason="no `chromium` on PATH to draw images with"),
    pytest.mark.filterwarnings("error::dashboard.disclosure.DisclosureWarning"),
]
VIEWS = ["", "compare=share", "period=2003-2004"]
# Plotly draws a bar's value and a line's latest value as text of their own; axis ticks are not counts.
DATA_TEXT = re.compile(
    r'<text class="(?:bartext[^"]*|textpoint)"[^>]*>(.*?)</text>|<g class="annotation"[^>]*>.*?</g>', re.S
)


def svg_problems(svg: str) -> list[str]:
    problems = []
    plain = " ".join(re.sub(r"<[^>]+>", " ", svg).split())
    problems += text_problems(plain)
    for match in DATA_TEXT.finditer(svg):
        for piece in re.sub(r"<[^>]+>", "\n", match.group(0)).split("\n"):
            if small_whole_number(piece.strip()):
                problems.append(f"drawn label {piece.strip()!r}")
    return problems


def json_strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return [str(value)]


@pytest.fixture(scope="module")
def homicide_cards(sample_store):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VAWG_STORE", str(sample_store))
        from dashboard.views import homicide

        items = []
        for query in VIEWS:
            items += [card_files.printable(card) for card in homicide.built_for(LinkQuery(query)).cards()]
        yield [item for item in items if item is not None]
        stop_renderer()
        card_files.clear()


def test_every_exported_file_of_every_homicide_card_hides_small_counts(homicide_cards, sample_store, monkeypatch):
    monkeypatch.setenv("VAWG_STORE", str(sample_store))
    assert len(homicide_cards) >= 30
    problems = []
    for item in homicide_cards:
        where = f"{item.key} ({item.title})"
        problems += [f"{where} CSV: {p}" for p in csv_problems(card_files.card_file(item, "csv"))]
        problems += [f"{where} print figure: {p}" for p in chart_problems(print_figure(item))]
        svg = card_files.card_file(item, "svg").decode("utf-8")
        problems += [f"{where} SVG: {p}" for p in svg_problems(svg)]
        assert SAMPLE_STAMP in svg, where
        with zipfile.ZipFile(io.BytesIO(card_files.card_file(item, "pack"))) as archive:
            for name in archive.namelist():
                content = archive.read(name)
                if name.endswith(".csv"):
                    problems += [f"{where} pack {name}: {p}" for p in csv_problems(content)]
                elif name.endswith(".svg"):
                    problems += [f"{where} pack {name}: {p}" for p in svg_problems(content.decode())]
                elif name.endswith(".json"):
                    meta = json.loads(content)
                    assert meta["is_sample"] is True and meta["stamps"], where
                    problems += [f"{where} {name}: {p}" for s in json_strings(meta) for p in text_problems(s)]
                elif name.endswith(".txt"):
                    text = content.decode()
                    assert SAMPLE_STAMP in text, f"{where} {name} has no sample stamp"
                    problems += [f"{where} pack {name}: {p}" for p in text_problems(text)]
    assert not problems, "\n".join(problems)


def test_the_svg_scan_catches_a_small_drawn_label():
    assert svg_problems('<g class="annotation"><text class="annotation-text"><tspan>2</tspan></text></g>')
    assert svg_problems("<text>In 2023, 2 women and girls were victims</text>")
    assert not svg_problems('<g class="ytick"><text>2</text></g><text class="bartext">[c]</text>')
