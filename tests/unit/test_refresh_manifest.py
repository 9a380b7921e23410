"""refresh's pure parts: where a source is fetched from, which Datastore resource is which, the report's lines.

The fetching, the checks and the ingest are tested against a local server in
tests/integration/test_refresh.py.
"""

from __future__ import annotations

import io

from dashboard.refresh.command import failure_lines
from dashboard.refresh.datastore import file_name
from dashboard.refresh.manifest import DATASTORE, SOURCES, host_for, on_host
from dashboard.refresh.progress import Progress
from dashboard.refresh.run import Failure

BY_KEY = {source.key: source for source in SOURCES}
# Resource names as the Datastore listed them (2024-2026), newest first.
EXY3M = [
    "MPS LSOA Level Crime (most recent 24 months).csv",
    "MPS Borough Level Crime (most recent 24 months).csv",
    "MPS Ward Level Crime (most recent 24 months).csv",
    "MPS Borough Level Crime (Historical).csv",
    "MPS Ward Level Crime (Historical).csv",
]


def test_one_record_per_published_file_with_a_catalog_dataset():
    from dashboard.words.catalog import DATASETS

    assert len(BY_KEY) == len(SOURCES)
    assert {s.dataset for s in SOURCES} <= set(DATASETS)
    assert {s.publisher.key for s in SOURCES} == {"london_datastore", "police_uk", "ons"}


def test_each_datastore_source_picks_its_own_resource():
    def picked(key: str) -> str:
        return next(name for name in EXY3M if BY_KEY[key].matches_resource(name))

    assert picked("borough_recent") == "MPS Borough Level Crime (most recent 24 months).csv"
    assert picked("borough_historical") == "MPS Borough Level Crime (Historical).csv"
    assert picked("ward_recent") == "MPS Ward Level Crime (most recent 24 months).csv"
    assert picked("ward_historical") == "MPS Ward Level Crime (Historical).csv"


def test_base_url_replaces_the_host_and_keeps_path_and_query(monkeypatch):
    url = BY_KEY["borough_recent"].url
    assert url == "https://data.london.gov.uk/api/action/package_show?id=exy3m"
    assert on_host(url, "http://127.0.0.1:8123") == "http://127.0.0.1:8123/api/action/package_show?id=exy3m"
    assert on_host(url, "http://mirror/lds/") == "http://mirror/lds/api/action/package_show?id=exy3m"
    monkeypatch.delenv(DATASTORE.env, raising=False)
    assert host_for(DATASTORE) == "https://data.london.gov.uk"
    monkeypatch.setenv(DATASTORE.env, "http://127.0.0.1:9000/")
    assert host_for(DATASTORE) == "http://127.0.0.1:9000"
    assert host_for(DATASTORE, "http://127.0.0.1:1") == "http://127.0.0.1:1"


def test_file_names_from_datastore_and_ons_links():
    assert (
        file_name("https://data.london.gov.uk/download/x/1a2b/MPS%20Borough%20Level%20Crime%20%28Historical%29.csv")
        == "MPS Borough Level Crime (Historical).csv"
    )
    assert file_name(BY_KEY["ons_population"].url) == "sape23dt13mid2020lsoabroadagesestimatesunformatted.xlsx"


def test_sources_failing_together_share_one_line():
    met, city, ons = BY_KEY["police_uk_metropolitan"], BY_KEY["police_uk_city_of_london"], BY_KEY["ons_population"]
    lines = failure_lines(
        [
            Failure(met, "http://h/data/archive/latest.zip", "HTTP 404 Not Found"),
            Failure(city, "http://h/data/archive/latest.zip", "HTTP 404 Not Found"),
            Failure(ons, "http://h/file", "timed out (no data for 1 s)"),
        ]
    )
    assert lines == [
        f"failed   {met.name}; {city.name}: http://h/data/archive/latest.zip: HTTP 404 Not Found",
        f"failed   {ons.name}: http://h/file: timed out (no data for 1 s)",
    ]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere():
    terminal = Terminal()
    progress = Progress(terminal)
    progress.download("borough")(50, 100)
    progress.line("fetched borough")
    assert "borough [##############              ]  50%" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\x1b[2Kfetched borough\n")

    log = io.StringIO()
    progress = Progress(log)
    progress.download("borough")(50, 100)
    progress.line("fetched borough")
    progress.step("[1/2] a.csv")
    assert log.getvalue() == "fetched borough\n[1/2] a.csv\n"
