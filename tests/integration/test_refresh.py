"""`python -m dashboard refresh` against a local publisher: success, no change, and each way a fetch fails.

A local HTTP server (http.server in a thread on 127.0.0.1, port 0) plays the three publishers:
the London Datastore's CKAN API and downloads, police.uk's bulk archive and the ONS. What it serves
is made here from the project's synthetic sample (data/sample, written by tools/sample_data.py) in
the published layouts: the Datastore's CSVs, a police.uk archive with one folder per month holding
the Met's files, a small City of London file and another force's file (which refresh must leave
out), and the ONS population file. Nothing comes from ../shared/data, so nothing here is skipped.

The store refreshed starts as the sample store (the `sample_store` fixture: the real CLI on
data/sample). Refresh runs as a user runs it, through the command line, with --base-url pointing at
the local server. The failure tests break one source at a time; the others serve what the success
run already ingested, so after each failure the store must be byte for byte as it was.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import duckdb
import pandas as pd
import pytest

from tests.conftest import PROJECT_ROOT, SAMPLE_DATA

DATASTORE_DOWNLOAD = "/download/{slug}/{upload}/{name}"
ONS_PATH = (
    "/file?uri=/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/"
    "lowersuperoutputareamidyearpopulationestimatesnationalstatistics/mid2020sape23dt13/"
    "sape23dt13mid2020lsoabroadagesestimatesunformatted.xlsx"
)
POLICE_ARCHIVE = "/data/archive/latest.zip"
MET_MONTHS = ("2025-12", "2026-01", "2026-02")
STREET_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context\n"
)
CITY_ROWS = (
    "c1,2026-02,City of London Police,City of London Police,-0.0915,51.5155,On or near Gresham Street,"
    "E01000001,City of London 001A,Violence and sexual offences,Under investigation,\n"
    "c2,2026-02,City of London Police,City of London Police,-0.0890,51.5130,On or near Cheapside,"
    "E01000002,City of London 001B,Violence and sexual offences,,\n"
    ",2026-02,City of London Police,City of London Police,,,No location,,,Anti-social behaviour,,\n"
)
KENT_ROWS = "k1,2026-02,Kent Police,Kent Police,0.5,51.2,On or near High Street,E01024000,Maidstone 001A,Burglary,,\n"


# --------------------------------------------------------------------------------------------
# The local publisher
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    body: bytes
    content_type: str = "text/csv"
    status: int = 200
    delay: float = 0.0  # seconds before answering (a publisher that does not answer in time)
    announce: int | None = None  # a Content-Length other than the body's (a download cut short); -1: none


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        parts = urlsplit(self.path)
        key = unquote(parts.path) + (f"?{parts.query}" if parts.query else "")
        route = self.server.routes.get(key)
        if route is None:
            self.send_error(404, "Not Found")
            return
        if route.delay:
            time.sleep(route.delay)
        try:
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.announce != -1:  # without a length, the body ends when the connection closes (HTTP/1.0)
                self.send_header(
                    "Content-Length", str(route.announce if route.announce is not None else len(route.body))
                )
            self.end_headers()
            self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout case)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture(scope="module")
def publisher():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.routes = {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------------------------
# What it publishes, made from the synthetic sample
# --------------------------------------------------------------------------------------------


def sample_bytes(relative: str) -> bytes:
    return (SAMPLE_DATA / relative).read_bytes()


def parquet_as_csv(relative: str, since: str | None = None) -> bytes:
    frame = pd.read_parquet(SAMPLE_DATA / relative)
    if since:
        frame = frame[frame["recorded_date_months"] >= pd.Timestamp(since)]
    return frame.to_csv(index=False).encode("utf-8")


def first_months(data: bytes, keep: int) -> bytes:
    """A historical edition: the ward file's identifying columns and its first `keep` months."""
    frame = pd.read_csv(io.BytesIO(gzip.decompress(data)), dtype=str, keep_default_na=False)
    months = [c for c in frame.columns if c.isdigit()]
    return frame[[c for c in frame.columns if not c.isdigit()] + months[:keep]].to_csv(index=False).encode("utf-8")


def police_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for month in MET_MONTHS:
            name = f"{month}-metropolitan-street.csv"
            archive.writestr(
                f"{month}/{name}", gzip.decompress(sample_bytes(f"police_uk_street/metropolitan/{name}.gz"))
            )
        archive.writestr("2026-02/2026-02-city-of-london-street.csv", STREET_HEADER + CITY_ROWS)
        archive.writestr("2026-02/2026-02-kent-street.csv", STREET_HEADER + KENT_ROWS)
    return buffer.getvalue()


def datastore_files() -> dict[str, dict[str, bytes]]:
    """CKAN short id -> {resource name: bytes}, newest first as the API lists them."""
    ward = sample_bytes("mps_ward_crime/edition_2026-02/MPS Ward Level Crime (most recent 24 months).csv.gz")
    return {
        "exy3m": {
            "MPS Borough Level Crime (most recent 24 months).csv": sample_bytes(
                "mps_borough_crime/edition_2026-02_Group_SubGroup_BOCU/MPS Borough Level Crime (most recent 24 months).csv"
            ),
            "MPS Borough Level Crime (Historical).csv": sample_bytes(
                "mps_borough_crime/edition_2025-02_BoroughName/MPS Borough Level Crime (Historical).csv"
            ),
            "MPS Ward Level Crime (most recent 24 months).csv": ward,
            "MPS Ward Level Crime (Historical).csv": first_months(ward, 6),
            "MPS LSOA Level Crime (most recent 24 months).csv": b"not fetched by refresh\n",
        },
        "2yod5": {
            "VAWG Offence Data.csv": parquet_as_csv("mps_vawg/vawg-offences.parquet", since="2025-03-01"),
            "VAWG Victim Data.csv": parquet_as_csv("mps_vawg/vawg-victims.parquet", since="2025-03-01"),
        },
        "2l1w8": {
            "Homicide victims.csv": sample_bytes("mps_homicide/homicide-victims.csv"),
            "Homicide persons proceeded against.csv": parquet_as_csv("mps_homicide/homicide-accused-ppa.parquet"),
        },
    }


def download_path(short_id: str, name: str) -> str:
    return DATASTORE_DOWNLOAD.format(slug=short_id, upload=hashlib.md5(name.encode()).hexdigest(), name=name)


@pytest.fixture(scope="module")
def published(publisher) -> dict[str, str]:
    """Fill the server's routes; returns {dataset: route key} for the files the failure tests break."""
    keys = {}
    for short_id, files in datastore_files().items():
        resources = []
        for name, body in files.items():
            path = download_path(short_id, name)
            publisher.routes[path] = Route(body)
            keys[name] = path
            url = "https://data.london.gov.uk" + quote(path)
            resources.append({"name": name, "url": url, "format": "CSV"})
        answer = {"success": True, "result": {"resources": resources}}
        publisher.routes[f"/api/action/package_show?id={short_id}"] = Route(
            json.dumps(answer).encode(), "application/json"
        )
    publisher.routes[POLICE_ARCHIVE] = Route(police_archive(), "application/zip")
    publisher.routes[ONS_PATH] = Route(sample_bytes("population/lsoa_population_by_sex_age.csv"))
    keys["ons"] = ONS_PATH
    return keys


# --------------------------------------------------------------------------------------------
# Running refresh as a user does
# --------------------------------------------------------------------------------------------


@dataclass
class Place:
    store: Path
    downloads: Path
    base_url: str


def refresh(place: Place, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "dashboard", "refresh", "--store", str(place.store)]
    command += ["--downloads", str(place.downloads), "--base-url", place.base_url, "--retries", "0", *extra]
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def releases_beside(store: Path) -> list[str]:
    folder = store.parent / "releases"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def table(store: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(sql).df()


@pytest.fixture(scope="module")
def refreshed(sample_store, published, publisher, tmp_path_factory):
    """The first refresh of a copy of the sample store: (place, its result, the store's files before)."""
    root = tmp_path_factory.mktemp("refresh")
    place = Place(root / "build" / "vawg.duckdb", root / "downloads", f"http://127.0.0.1:{publisher.server_port}")
    place.store.parent.mkdir()
    shutil.copyfile(sample_store, place.store)
    before = table(place.store, "SELECT dataset, file_path FROM datasets")
    result = refresh(place)
    return place, result, before


# --------------------------------------------------------------------------------------------
# Success
# --------------------------------------------------------------------------------------------


def test_success_builds_a_new_store_from_the_files_fetched(refreshed):
    place, result, before = refreshed
    assert result.returncode == 0, result.stdout + result.stderr
    fetched = [line for line in result.stdout.splitlines() if line.startswith("fetched")]
    assert len(fetched) == 11, result.stdout
    assert "failed" not in result.stdout
    assert result.stdout.count(f"Built {place.store}") == 1
    downloads = [p for p in place.downloads.iterdir()]
    assert len(downloads) == 1 and downloads[0].name[:4].isdigit()  # the dated folder
    for name in ("MPS Borough Level Crime (most recent 24 months).csv", "VAWG Victim Data.csv"):
        assert name in result.stdout
    assert "police_uk/archive-2026-02" in result.stdout

    files = table(place.store, "SELECT dataset, file_path FROM datasets")
    fetched_files = files[files["file_path"].str.startswith(str(downloads[0]))]
    assert sorted(fetched_files["dataset"].unique()) == sorted(
        [
            "mps_borough_crime",
            "mps_ward_crime",
            "mps_vawg",
            "mps_homicide_victims",
            "mps_homicide_accused",
            "police_uk_street",
            "ons_population",
        ]
    )
    # What refresh does not fetch is carried over from the store it replaces, exactly those files.
    carried = files[~files["file_path"].str.startswith(str(downloads[0]))]
    was = before[before["dataset"].isin(["london_boundaries", "tfl_bus_stops", "tfl_pilot_sites"])]
    assert set(was["file_path"]) <= set(carried["file_path"])
    assert set(carried["dataset"]) == set(before["dataset"]) - set(fetched_files["dataset"])


def test_success_store_holds_the_published_figures(refreshed):
    place, _, _ = refreshed
    street = table(
        place.store, "SELECT force, strftime(month, '%Y-%m') AS month, count(*) AS n FROM street_crime GROUP BY 1, 2"
    )
    counts = {(r.force, r.month): r.n for r in street.itertuples()}
    for month in MET_MONTHS:
        raw = gzip.decompress(sample_bytes(f"police_uk_street/metropolitan/{month}-metropolitan-street.csv.gz"))
        expected = len(pd.read_csv(io.BytesIO(raw), dtype=str))
        assert counts[("Metropolitan Police Service", month)] == expected
    assert counts[("City of London Police", "2026-02")] == 3
    assert not any(force == "Kent Police" for force, _ in counts)
    assert len(counts) == len(MET_MONTHS) + 1

    served = pd.read_csv(io.BytesIO(datastore_files()["2l1w8"]["Homicide persons proceeded against.csv"]))
    persons = table(place.store, "SELECT sum(persons) AS n FROM homicide_accused")["n"].iloc[0]
    assert int(persons) == int(served["count_of_ppa"].sum())


# --------------------------------------------------------------------------------------------
# No change
# --------------------------------------------------------------------------------------------


def test_second_refresh_says_nothing_changed_and_leaves_the_store(refreshed):
    place, first, _ = refreshed
    assert first.returncode == 0, first.stdout + first.stderr
    store_sha, releases, folders = sha256(place.store), releases_beside(place.store), sorted(place.downloads.iterdir())
    result = refresh(place)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "nothing changed" in result.stdout
    assert "Built" not in result.stdout
    assert sha256(place.store) == store_sha
    assert releases_beside(place.store) == releases
    assert sorted(place.downloads.iterdir()) == folders  # the day's second download folder was removed


# --------------------------------------------------------------------------------------------
# Each failure: one line naming the dataset, the URL and what was wrong; the store untouched
# --------------------------------------------------------------------------------------------

HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Request access</title></head><body>Log in to request access</body></html>"
)


def broken(route: Route, how: str) -> Route:
    if how == "timeout":
        return replace(route, delay=3.0)
    if how == "truncated":
        return replace(route, announce=len(route.body) + 1000)
    if how == "truncated_unannounced":
        # Cut before the last row's last field and send no length: only the parse can tell.
        return replace(route, body=route.body[: route.body.rstrip().rfind(b",")], announce=-1)
    if how == "gzip_truncated":
        return replace(route, body=route.body[: len(route.body) // 2], announce=-1)
    if how == "header":
        text = route.body.decode("utf-8")
        return replace(route, body=text.replace("Group,SubGroup,BOCU", "OffenceGroup,OffenceSubGroup,Area", 1).encode())
    if how == "html":
        return Route(HTML_PAGE, "text/html; charset=utf-8")
    raise ValueError(how)


@pytest.mark.parametrize(
    ("how", "resource", "dataset_name", "reason"),
    [
        ("timeout", "ons", "ONS mid-year population estimates", "timed out (no data for 1 s) after 2 attempts"),
        (
            "truncated_unannounced",
            "Homicide persons proceeded against.csv",
            "MPS Homicide dashboard data: persons proceeded against",
            "truncated: line",
        ),
        (
            "gzip_truncated",
            "MPS Ward Level Crime (most recent 24 months).csv",
            "MPS Ward Level Crime (most recent 24 months)",
            "complete gzip stream",
        ),
        ("not_found", "Homicide victims.csv", "MPS Homicide dashboard data: victims", "HTTP 404"),
        (
            "truncated",
            "MPS Ward Level Crime (most recent 24 months).csv",
            "MPS Ward Level Crime (most recent 24 months)",
            "truncated",
        ),
        (
            "header",
            "MPS Borough Level Crime (most recent 24 months).csv",
            "MPS Borough Level Crime (most recent 24 months)",
            "header changed",
        ),
        ("html", "VAWG Offence Data.csv", "MPS VAWG dashboard data: offences", "HTML page"),
    ],
)
def test_a_failed_source_gets_one_line_and_the_store_is_untouched(
    refreshed, publisher, published, how, resource, dataset_name, reason
):
    place, first, _ = refreshed
    assert first.returncode == 0, first.stdout + first.stderr
    store_sha, releases = sha256(place.store), releases_beside(place.store)
    key = published[resource]
    good = publisher.routes[key]
    if how == "not_found":
        del publisher.routes[key]
    else:
        publisher.routes[key] = broken(good, how)
    try:
        result = refresh(place, "--timeout", "1", "--retries", "1")
    finally:
        publisher.routes[key] = good
    failed = [line for line in result.stdout.splitlines() if line.startswith("failed")]
    assert len(failed) == 1, result.stdout
    (line,) = failed
    assert dataset_name in line
    assert reason in line
    url = f"{place.base_url}{quote(key, safe='/?=&')}"
    assert url in line or f"{place.base_url}{key}" in line, line
    assert result.returncode == 1
    assert sum(line.startswith("fetched") for line in result.stdout.splitlines()) == 10
    # The failed dataset is carried over from the current store and everything else is unchanged.
    assert "nothing changed" in result.stdout
    assert sha256(place.store) == store_sha
    assert releases_beside(place.store) == releases


def test_a_file_that_passes_the_checks_but_fails_ingest_leaves_the_store(refreshed, publisher, published):
    place, first, _ = refreshed
    assert first.returncode == 0, first.stdout + first.stderr
    store_sha, releases = sha256(place.store), releases_beside(place.store)
    key = published["MPS Borough Level Crime (most recent 24 months).csv"]
    good = publisher.routes[key]
    header, first_row, rest = good.body.decode("utf-8").split("\n", 2)
    cells = first_row.split(",")
    cells[-1] = "lots"  # a count that is not a number: the header is right, the data is not
    publisher.routes[key] = replace(good, body="\n".join([header, ",".join(cells), rest]).encode())
    try:
        result = refresh(place)
    finally:
        publisher.routes[key] = good
    assert result.returncode == 1
    assert "ingest failed" in result.stderr
    assert "'lots'" in result.stderr
    assert f"The store at {place.store} was not changed" in result.stderr
    assert sha256(place.store) == store_sha
    assert releases_beside(place.store) == releases
