"""No page shows a count of 1 or 2 that comes from the homicide data: not in a chart, table, text or download.

Every page in tests/app/conftest.py PAGES is rendered with AppTest on the sample store (whose
synthetic homicide data has plenty of 1s and 2s in its breakdowns), and every element is scanned.
Sections and card tabs are lazy (a closed one is not sent), so each page is scanned with every
section open in each tab state in turn (Chart, Table, Download, About: conftest.every_tab_state),
and the counts of what was checked are of the distinct outputs seen across all four.

Which elements are homicide outputs
-----------------------------------
Scanning every number on every page for 1s and 2s would flag page numbers, ward counts and
"Shift 3 times"; scanning nothing would prove nothing. So the test is strict where homicide
figures are, and says where that is:

* on the homicide page, EVERY element is a homicide output and is checked;
* on any other page, an element is a homicide output when it sits inside a container whose key
  names homicide (``homicide…``, ``…-homicide…``, e.g. the home page's ``tile-homicide``). Chart
  cards are containers keyed by their card key, and the homicide page's card keys all start with
  ``homicide``. A page author who shows a homicide figure elsewhere must key its container so.

What counts as showing a small count
------------------------------------
* charts (plotly specs): any whole number 1 or 2 among a trace's x, y, text, customdata or
  hovertext values, including plotly's base64 typed arrays. Strings count only when they are a
  bare number ('2' or '1,234'), so categories such as '0 to 12' or '2021–2023' are not counts.
  Traces whose labels are percentages draw shares, not counts; their labels are still checked.
* tables (st.table, st.dataframe) and downloads (the CSV after its '#' header lines): any cell
  that is a whole number 1 or 2, as a number or a bare-number string. Years, ranges and
  percentages are not bare small numbers, so they pass.
* workbooks (the page's "Download this page as a spreadsheet", made when clicked: the test calls
  the button's deferred callable): every cell of every sheet that is a homicide output (all of
  them on the homicide page; elsewhere a sheet whose title, or a row whose own text, names
  homicide), numbers as for tables and text as for text.
* text (markdown, captions, headings, alerts, metrics): a 1 or 2 where sentences put counts --
  before a word for people ('2 women'), after 'was'/'were', before 'in <year>', after
  '<year>:', inside '(12%, 2)' or '(2 of 78)' and as a metric value. The disclosure rule's own
  wording ('counts of 1 and 2 are never shown') is taken out first.

The scanner is tested on planted small counts at the bottom, so a pass is not a vacuous one.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import PurePosixPath

import numpy as np
import openpyxl
import pandas as pd
import pytest
from streamlit.runtime import memory_media_file_storage
from streamlit.runtime.media_file_manager import MediaFileManager

from dashboard.disclosure import SMALL_CELL_THRESHOLD, describe_rule
from dashboard.exports import marks_notes
from tests.app.conftest import PAGES, every_tab_state, reveal

HOMICIDE_PAGE = PAGES["/homicide"]
# A hidden cell that published totals alone give away is a failure, not a warning.
pytestmark = pytest.mark.filterwarnings("error::dashboard.disclosure.DisclosureWarning")
SMALL = set(range(1, SMALL_CELL_THRESHOLD))
HOMICIDE_KEY = re.compile(r"(^|[-_])homicide", re.IGNORECASE)
HOMICIDE_WORD = re.compile(r"\bhomicide", re.IGNORECASE)  # in a workbook sheet's title or a row's text
TEXT_KINDS = {
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "info",
    "warning",
    "success",
    "error",
    "text",
    "exception",
}
IMAGE_AND_PACK_KEYS = ("-download-png", "-download-svg", "-download-pack")
TRACE_FIELDS = ("x", "y", "text", "customdata", "hovertext")
BARE_NUMBER = re.compile(r"^\s*[+\-\u2212]?\d{1,3}(?:,\d{3})*(?:\.\d+)?\s*$|^\s*\d+(?:\.\d+)?\s*$")
PEOPLE_WORDS = (
    r"women|woman|girls?|victims?|people|persons?|men|man|boys?|homicides?|killings?|cases?|deaths?|"
    r"accused|suspects?"
)
SMALL_NUMBER = "|".join(str(n) for n in sorted(SMALL))
TEXT_PATTERNS = [
    re.compile(rf"(?<![\d.,:/\u2013-])\b({SMALL_NUMBER})\s+(?:{PEOPLE_WORDS})\b", re.IGNORECASE),
    re.compile(rf"\b(?:was|were|is|are)\s+({SMALL_NUMBER})\b(?![\d,%]|\.\d|\s*(?:years?|months?)\b)", re.IGNORECASE),
    re.compile(rf"(?<![\d.,\u2013-])\b({SMALL_NUMBER})\s+in\s+(?:19|20)\d\d\b"),
    re.compile(rf"\b(?:19|20)\d\d:\s*({SMALL_NUMBER})\b(?![\d,%]|\.\d|\s*(?:years?|months?)\b)"),
    re.compile(rf"\((?:less than )?\d+(?:\.\d+)?%,\s*({SMALL_NUMBER})\b(?![\d,%]|\.\d)"),
    re.compile(rf"\(({SMALL_NUMBER}) of [\d,]+\)"),
    re.compile(rf"\bof them,?\s+({SMALL_NUMBER})\b(?![\d,%]|\.\d)", re.IGNORECASE),
    re.compile(rf"\bwith ({SMALL_NUMBER}) so far\b"),
]


# --------------------------------------------------------------------------------------------
# The scanner (pure functions, tested below on planted values)
# --------------------------------------------------------------------------------------------


def small_whole_number(value: object) -> bool:
    """True for 1 or 2 given as a number or a bare-number string (not '2%', '2003', '0 to 12')."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
    elif isinstance(value, str) and BARE_NUMBER.match(value):
        number = float(value.replace(",", "").replace("\u2212", "-"))
    else:
        return False
    return not np.isnan(number) and number.is_integer() and int(number) in SMALL


def decode_plotly_array(value: object) -> list:
    """Plotly's JSON arrays: plain lists, or {'dtype': 'f8', 'bdata': base64} typed arrays."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return array.ravel().tolist()
    if isinstance(value, (list, tuple)):
        out = []
        for item in value:
            out += decode_plotly_array(item) if isinstance(item, (list, tuple, dict)) else [item]
        return out
    return [] if value is None else [value]


def chart_problems(spec: dict) -> list[str]:
    problems = []
    for number, trace in enumerate(spec.get("data", [])):
        labels = [v for f in ("text", "customdata", "hovertext") for v in decode_plotly_array(trace.get(f))]
        is_share = any(isinstance(v, str) and v.strip().endswith("%") for v in labels)
        for field in TRACE_FIELDS:
            for value in decode_plotly_array(trace.get(field)):
                if is_share and not isinstance(value, str):
                    continue  # a percentage drawn on the value axis; its label is checked as text
                if small_whole_number(value):
                    problems.append(f"trace {number} ({trace.get('name')!r}) {field} shows {value!r}")
    return problems


def table_problems(frame: pd.DataFrame) -> list[str]:
    problems = []
    for column in frame.columns:
        for row, value in enumerate(frame[column].tolist()):
            if small_whole_number(value):
                problems.append(f"column {column!r} row {row} shows {value!r}")
    return problems


def csv_problems(payload: bytes) -> list[str]:
    text = payload.decode("utf-8-sig")
    body = [line for line in text.splitlines() if not line.startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(body))))
    if not rows:
        return []
    return table_problems(pd.DataFrame(rows[1:], columns=rows[0]).astype(object))


def workbook_problems(payload: bytes, *, every_sheet: bool) -> list[str]:
    """Small counts in a workbook's homicide sheets (every sheet when every_sheet), cell by cell."""
    problems = []
    book = openpyxl.load_workbook(io.BytesIO(payload))
    for sheet in book.worksheets:
        if sheet.title in ("Contents", "Notes"):
            continue  # sheet names and titles (each title is also its sheet's A1) and the fixed notes
        whole_sheet = every_sheet or bool(HOMICIDE_WORD.search(str(sheet["A1"].value or "")))
        for row in sheet.iter_rows(values_only=True):
            if not (whole_sheet or any(isinstance(c, str) and HOMICIDE_WORD.search(c) for c in row)):
                continue
            for value in row:
                if isinstance(value, str):
                    problems += [f"sheet {sheet.title!r}: {p}" for p in text_problems(value)]
                if small_whole_number(value) if not isinstance(value, str) else small_whole_number(value.strip()):
                    problems.append(f"sheet {sheet.title!r} row {row!r} shows {value!r}")
    return problems


def _boilerplate() -> list[str]:
    """Sentences that mention 1 and 2 as the rule, not as counts."""
    frame = pd.DataFrame({"x": ["[c]"]})
    return [describe_rule(), *marks_notes(frame)]


def text_problems(text: str) -> list[str]:
    plain = re.sub(r"\\(.)", r"\1", str(text))  # markdown escapes, e.g. \[c\]
    for sentence in _boilerplate():
        plain = plain.replace(sentence, " ")
    return [
        f"{match.group(0)!r} in {plain[max(0, match.start() - 60) : match.end() + 20]!r}"
        for pattern in TEXT_PATTERNS
        for match in pattern.finditer(plain)
    ]


# --------------------------------------------------------------------------------------------
# Walking the rendered page
# --------------------------------------------------------------------------------------------


def elements(node, keys: tuple[str, ...] = ()) -> Iterator[tuple[object, tuple[str, ...]]]:
    """Every element of the rendered tree, with the keys of the containers it sits in."""
    key = getattr(node, "key", None)
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        inner = keys + ((str(key),) if key else ())
        for child in children.values():
            yield from elements(child, inner)
    else:
        yield node, keys


def is_homicide_output(page: str, keys: tuple[str, ...], own_key: str | None) -> bool:
    if page == HOMICIDE_PAGE:
        return True
    return any(HOMICIDE_KEY.search(k) for k in (*keys, own_key or ""))


@pytest.fixture()
def downloads(monkeypatch) -> dict[str, bytes]:
    """Every file handed to the media store during the run, by file id, so download data is reachable.

    A deferred download (its file made when clicked) is kept as its callable, called by the scan.
    """
    stored: dict[str, bytes] = {}
    original_deferred = MediaFileManager.add_deferred

    def deferring(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        stored[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", deferring)
    original = memory_media_file_storage.MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        if isinstance(path_or_data, (bytes, bytearray)):
            stored[file_id] = bytes(path_or_data)
        return file_id

    monkeypatch.setattr(memory_media_file_storage.MemoryMediaFileStorage, "load_and_get_id", recording)
    return stored


def scan(at, page: str, downloads: dict[str, bytes]) -> tuple[list[str], dict[str, set]]:
    """(problems, the homicide outputs of each kind that were checked, each named by where it is and what it holds)."""
    problems: list[str] = []
    checked: dict[str, set] = {
        "chart": set(),
        "table": set(),
        "text": set(),
        "metric": set(),
        "download": set(),
        "workbook": set(),
    }
    for element, keys in elements(at._tree):
        kind = getattr(element, "type", None)
        own_key = getattr(element, "key", None)
        if kind == "download_button" and str(own_key).endswith(IMAGE_AND_PACK_KEYS):
            # A card's PNG, SVG and press pack need a browser to draw: tests/integration/
            # test_export_disclosure.py scans them (and their CSV, SVG text and every pack member).
            continue
        # A page's workbook gathers every table on the page: scanned on every page, sheet by sheet.
        is_workbook = kind == "download_button" and bool(element.proto.deferred_file_id)
        if not is_workbook and not is_homicide_output(page, keys, own_key):
            continue
        where = f"{page} [{' > '.join(keys) or 'page'}] {kind}"
        # The same output seen in another tab state is one output, not two.
        seen = (where, own_key, element.proto.SerializeToString(deterministic=True))
        if kind == "plotly_chart":
            checked["chart"].add(seen)
            problems += [f"{where}: {p}" for p in chart_problems(json.loads(element.proto.spec))]
        elif kind in ("table", "dataframe", "arrow_data_frame"):
            checked["table"].add(seen)
            problems += [f"{where}: {p}" for p in table_problems(element.value)]
        elif kind == "metric":
            checked["metric"].add(seen)
            if small_whole_number(str(element.value).strip()):
                problems.append(f"{where}: metric {element.label!r} shows {element.value!r}")
            problems += [f"{where}: {p}" for p in text_problems(f"{element.label} {element.delta or ''}")]
        elif kind == "download_button":
            file_id = element.proto.deferred_file_id or PurePosixPath(element.proto.url).stem
            assert file_id in downloads, f"{where}: the download's data could not be reached"
            checked["download"].add(seen)
            payload = downloads[file_id]
            if callable(payload):
                payload = payload()
            if payload[:2] == b"PK":  # a workbook (a zip), not a CSV
                checked["workbook"].add((where, own_key))  # its file id is new on every run
                problems += [
                    f"{where}: workbook {p}" for p in workbook_problems(payload, every_sheet=page == HOMICIDE_PAGE)
                ]
            else:
                problems += [f"{where}: download {p}" for p in csv_problems(payload)]
        elif kind in TEXT_KINDS:
            checked["text"].add(seen)
            problems += [f"{where}: {p}" for p in text_problems(getattr(element, "value", ""))]
    return problems, checked


def scan_every_state(at, page: str, downloads: dict[str, bytes]) -> tuple[list[str], dict[str, int]]:
    """Scan the page with every section open in each tab state: (problems, distinct outputs checked of each kind)."""
    problems: list[str] = []
    checked: dict[str, set] = {}
    for tab in every_tab_state(at):
        assert not at.exception, (tab, [e.value for e in at.exception])
        found, outputs = scan(at, page, downloads)
        problems += [f"({tab} tab) {p}" for p in found]
        for kind, seen in outputs.items():
            checked[kind] = checked.get(kind, set()) | seen
    return problems, {kind: len(seen) for kind, seen in checked.items()}


# --------------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", list(PAGES))
def test_no_page_shows_a_small_homicide_count(open_app, downloads, path):
    at = open_app(PAGES[path])
    assert not at.exception, [e.value for e in at.exception]
    problems, checked = scan_every_state(at, PAGES[path], downloads)
    assert not problems, "\n".join(problems)
    if PAGES[path] == HOMICIDE_PAGE:
        # The check must have had something to check: every kind of output on the page.
        assert checked["chart"] >= 10 and checked["table"] >= 10 and checked["download"] >= 10, checked
        assert checked["text"] > 50 and checked["metric"] >= 1, checked
    if path == "/":
        # The home page shows the latest year's female homicide figure, in its 'tile-homicide' container.
        assert checked["metric"] + checked["text"] > 0, "the home page's homicide figure was not found"
    assert checked["workbook"] == 1, f"the page's spreadsheet was not scanned: {checked}"


@pytest.mark.parametrize("query", [{"compare": "share"}, {"period": "2003-2004"}, {"period": "2011-2013"}])
def test_other_views_of_the_homicide_page_show_no_small_count(open_app, downloads, query):
    at = open_app(HOMICIDE_PAGE, **query)
    assert not at.exception, [e.value for e in at.exception]
    problems, checked = scan_every_state(at, HOMICIDE_PAGE, downloads)
    assert not problems, "\n".join(problems)
    assert checked["chart"] >= 10


def test_the_sample_has_small_homicide_counts_for_the_check_to_catch(open_app, downloads):
    """Without small raw counts the scan would pass vacuously: the page must be hiding some."""
    at = reveal(open_app(HOMICIDE_PAGE), tab="Table")  # every table, every section open
    hidden = [cell for table in at.table for cell in table.value.to_numpy().ravel() if cell == "[c]"]
    assert len(hidden) >= 5


# --- the scanner catches what it should, and only that ---------------------------------------


def test_scanner_finds_small_counts_in_charts_including_typed_arrays():
    typed = {"dtype": "f8", "bdata": base64.b64encode(np.array([5.0, 2.0]).tobytes()).decode()}
    assert chart_problems({"data": [{"type": "bar", "x": typed, "y": ["a", "b"]}]})
    assert chart_problems({"data": [{"type": "bar", "x": [5, 7], "text": ["5", "1"]}]})
    assert chart_problems({"data": [{"type": "scatter", "x": ["2003-01-01"], "y": [1]}]})
    assert not chart_problems(
        {
            "data": [
                {
                    "type": "bar",
                    "x": [5, 0],
                    "y": ["0 to 12", "2021\u20132023"],
                    "text": ["5", "[c]"],
                    "customdata": ["5", "[c]"],
                }
            ]
        }
    )
    assert not chart_problems({"data": [{"type": "bar", "x": [2.0], "text": ["2.0%"]}]})  # a share


def test_scanner_finds_small_counts_in_workbooks_on_homicide_sheets_only():
    from dashboard.workbooks import SheetTable, cover_for, view_workbook

    def book(title: str, victims: object) -> bytes:
        tables = [SheetTable(title=title, table=pd.DataFrame({"Year": [2023], "Victims": [victims]}))]
        return view_workbook(cover_for(title="Page", shows="", view_url="/", tables=tables), tables)

    assert workbook_problems(book("Female homicide victims by year", 2), every_sheet=False)
    assert workbook_problems(book("Victims by year", 2), every_sheet=True)
    assert not workbook_problems(book("Female homicide victims by year", "[c]"), every_sheet=False)
    assert not workbook_problems(book("VAWG offences by ward", 2), every_sheet=False)


def test_scanner_finds_small_counts_in_tables_and_downloads():
    assert table_problems(pd.DataFrame({"Age group": ["0 to 12"], "Victims": ["2"]}))
    assert table_problems(pd.DataFrame({"Year": [2003], "Victims": [1]}))
    assert not table_problems(pd.DataFrame({"Year": ["2003"], "Victims": ["[c]"], "Share": ["2%"]}))
    payload = "\ufeff# Note: Counts from 1 to 2 are not shown\r\nBorough,Victims\r\nCamden,2\r\n".encode()
    assert csv_problems(payload)
    assert not csv_problems(payload.replace(b"Camden,2", b"Camden,[c]"))


@pytest.mark.parametrize(
    "text",
    [
        "In 2023, 2 women and girls were victims of homicide in London.",
        "The figure was 1.",
        "rose from 2 in 2004 to 7 in 2023",
        "2022: 2.",
        "The largest group was White (56%, 35 victims), then Other (3%, 2).",
        "Of them, 1 (2%) were killed",
        "(2 of 78)",
        "with 1 so far.",
    ],
)
def test_scanner_finds_small_counts_in_sentences(text):
    assert text_problems(text)


@pytest.mark.parametrize(
    "text",
    [
        describe_rule(),
        "2003\u20132004 (partial: 2 years)",
        "Call the National Domestic Abuse Helpline on 0808 2000 247, or Victim Support on 08 08 16 89 111.",
        "press Shift 3 times",
        "In 2023, 19 women and girls were victims of homicide in London.",
        "The figures for Other and Not known were suppressed to protect confidentiality.",
        "\\[c\\] = suppressed to protect confidentiality. Counts from 1 to 2 are not shown, and neither are some "
        "other figures that could be used to work them out.",
    ],
)
def test_scanner_leaves_rules_labels_and_phone_numbers_alone(text):
    assert not text_problems(text)


def test_no_borough_pack_shows_a_small_count(sample_store, monkeypatch):
    """Every borough's pack: no count column (offences, victims) holds a 1 or 2, in any sheet.

    The packs hold VAWG counts, not homicide ones, and the same rule protects them: a small ward
    count is [c]. Ranks and changes are not counts and are left alone. (The sample's wards are all
    large, so nothing is hidden here; tests/unit/test_workbooks.py shows a hidden ward as [c].)
    """
    from dashboard.components import view_cache
    from dashboard.components.borough_pack import borough_names, borough_pack_bytes

    monkeypatch.setenv("VAWG_STORE", str(sample_store))
    view_cache.clear()
    problems, checked = [], 0
    for borough in borough_names():
        book = openpyxl.load_workbook(io.BytesIO(borough_pack_bytes(borough, f"/boroughs?borough={borough}")))
        for sheet in book.worksheets[3:]:
            (table,) = sheet.tables.values()
            rows = [[c.value for c in row] for row in sheet[table.ref]]
            counts = [i for i, h in enumerate(rows[0]) if str(h).startswith(("Offences", "Victims"))]
            for row in rows[1:]:
                checked += len(counts)
                problems += [f"{borough} {sheet.title}: {row}" for i in counts if small_whole_number(row[i])]
    assert not problems, "\n".join(problems)
    assert checked > 32 * 100, f"only {checked} count cells were checked"
