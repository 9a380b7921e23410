"""Every ingest keeps its store as a release; `releases` lists them, `changes` says what the publisher changed.

Two successive ingests of the sample and of a revised copy of it (tests/release_sources.py) by the
real command line; every expected figure is summed from the files the test wrote, with pandas.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.paths import release_ids, releases_dir
from tests.conftest import PROJECT_ROOT, ingest
from tests.release_sources import (
    ADDED_BOROUGH_MONTH,
    REVISED_BOROUGH_MONTH,
    REVISED_VAWG_MONTH,
    TwoReleases,
    borough_month_total,
    build_two_releases,
    vawg_location_total,
)

BOROUGH_TITLE = "MPS Borough Level Crime"
VAWG_TITLE = "MPS Violence Against Women and Girls dashboard data"
SMALL_BOROUGH_FILE = (
    "MajorText,MinorText,BoroughName,202401,202402,202403\n"
    "VIOLENCE AGAINST THE PERSON,VIOLENCE WITH INJURY,Camden,120,118,131\n"
)


@pytest.fixture(scope="session")
def two_releases(tmp_path_factory) -> TwoReleases:
    return build_two_releases(tmp_path_factory)


def dashboard(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300
    )


def snapshot(store: Path) -> dict[str, bytes]:
    """Every file of the store and its releases, byte for byte."""
    files = [store, *sorted(releases_dir(store).iterdir())]
    return {path.name: path.read_bytes() for path in files}


def test_two_ingests_keep_two_releases_one_file_each_on_disk(two_releases):
    store = two_releases.store
    assert release_ids(store) == [two_releases.new_id, two_releases.old_id]
    assert two_releases.old_id < two_releases.new_id
    # The current store is its release's file (a hard link), not a second copy.
    assert os.path.samefile(store, releases_dir(store) / f"{two_releases.new_id}.duckdb")


def test_releases_lists_newest_first_with_build_time_latest_months_and_files(two_releases):
    result = dashboard("releases", "--store", str(two_releases.store))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [two_releases.new_id, two_releases.old_id]
    files = sum(1 for p in two_releases.new_sources.rglob("*") if p.is_file() and p.name != "SAMPLE.json")
    new, old = lines
    assert f" {files} files " in new and f" {files} files " in old
    assert "mps_borough_crime 2026-03" in new and "(current)" in new
    assert "mps_borough_crime 2026-02" in old and "(current)" not in old
    # the build time is the id's time, written out
    stamp = pd.Timestamp(two_releases.old_id[:17].replace("T", " ")).strftime("%Y-%m-%d %H:%M:%S")
    assert f"built {stamp} UTC" in old


def test_changes_lists_months_added_revised_totals_and_files(two_releases):
    result = dashboard("changes", "--store", str(two_releases.store))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.splitlines()[0] == f"Changes from release {two_releases.old_id} to release {two_releases.new_id}:"
    added = pd.Timestamp(f"{ADDED_BOROUGH_MONTH[:4]}-{ADDED_BOROUGH_MONTH[4:]}-01")
    assert f"  {BOROUGH_TITLE}: {added:%B %Y} (1 month)\n" in out
    old, new = two_releases.old_sources, two_releases.new_sources
    borough_old = borough_month_total(old, REVISED_BOROUGH_MONTH)
    borough_new = borough_month_total(new, REVISED_BOROUGH_MONTH)
    vawg_old = vawg_location_total(old, REVISED_VAWG_MONTH, REVISED_VAWG_MONTH)
    vawg_new = vawg_location_total(new, REVISED_VAWG_MONTH, REVISED_VAWG_MONTH)
    assert borough_old != borough_new and vawg_old != vawg_new
    revised = out.split("London totals the publisher revised:\n")[1].split("Files:\n")[0].splitlines()
    assert revised == [
        f"  {BOROUGH_TITLE}, recorded offences, January 2026: {borough_old:,} then, {borough_new:,} now",
        f"  {VAWG_TITLE}, VAWG offences, February 2026: {vawg_old:,} then, {vawg_new:,} now",
    ]
    files = out.split("Files:\n")[1].splitlines()
    assert files == [
        f"  new contents: MPS Borough Level Crime (most recent 24 months).csv ({BOROUGH_TITLE})",
        f"  new contents: vawg-offences.parquet ({VAWG_TITLE})",
    ]


def test_changes_between_named_releases_and_an_unknown_one(two_releases):
    store = str(two_releases.store)
    backwards = dashboard("changes", "--store", store, "--from", two_releases.new_id, "--to", two_releases.old_id)
    assert backwards.returncode == 0, backwards.stderr
    assert "Months no longer in the data:\n  MPS Borough Level Crime: March 2026 (1 month)" in backwards.stdout
    same = dashboard("changes", "--store", store, "--from", two_releases.old_id, "--to", two_releases.old_id)
    assert "None: the same months, London totals and files." in same.stdout
    unknown = dashboard("changes", "--store", store, "--from", "2020-01-01T000000Z")
    assert unknown.returncode == 1
    assert "no release '2020-01-01T000000Z'" in unknown.stderr and two_releases.new_id in unknown.stderr


def test_a_failed_ingest_leaves_the_store_and_its_releases_untouched(two_releases, tmp_path):
    before = snapshot(two_releases.store)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "borough.csv").write_text(SMALL_BOROUGH_FILE.replace(",131", ",lots"))
    result = ingest([bad], two_releases.store)
    assert result.returncode == 1
    assert snapshot(two_releases.store) == before


def test_prune_keeps_the_newest_n(two_releases, tmp_path):
    store = tmp_path / "build" / "vawg.duckdb"
    shutil.copytree(two_releases.store.parent, store.parent)
    result = dashboard("releases", "--store", str(store), "--prune", "--keep", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Deleted 1 release: {two_releases.old_id}"
    assert release_ids(store) == [two_releases.new_id]
    assert dashboard("releases", "--store", str(store), "--prune", "--keep", "0").returncode == 2


def test_each_ingest_keeps_the_last_12_releases(tmp_path):
    store = tmp_path / "build" / "vawg.duckdb"
    source = tmp_path / "source"
    source.mkdir()
    (source / "borough.csv").write_text(SMALL_BOROUGH_FILE)
    assert ingest([source], store).returncode == 0
    # Eleven older releases beside it (a release file is never read by an ingest, only listed)
    folder = releases_dir(store)
    older = [f"2020-01-{day:02d}T000000Z" for day in range(1, 12)]
    for release_id in older:
        (folder / f"{release_id}.duckdb").write_bytes(b"")
    first = release_ids(store)[0]
    assert len(release_ids(store)) == 12
    result = ingest([source], store)
    assert result.returncode == 0, result.stderr
    kept = release_ids(store)
    assert len(kept) == 12 and kept[1] == first and kept[-1] == older[1]
    assert not (folder / f"{older[0]}.duckdb").exists()


def test_a_store_built_before_releases_is_kept_as_one(tmp_path):
    """The first ingest after an upgrade keeps the store it replaces (it has no release of its own)."""
    store = tmp_path / "build" / "vawg.duckdb"
    source = tmp_path / "source"
    source.mkdir()
    (source / "borough.csv").write_text(SMALL_BOROUGH_FILE)
    assert ingest([source], store).returncode == 0
    shutil.rmtree(releases_dir(store))
    with duckdb.connect(str(store)) as con:
        con.execute("DROP TABLE store_release")
    old_bytes = store.read_bytes()
    assert ingest([source], store).returncode == 0
    kept = release_ids(store)
    assert len(kept) == 2
    assert (releases_dir(store) / f"{kept[1]}.duckdb").read_bytes() == old_bytes
    # ...and the commands read it: listed as built before releases, compared with the new one.
    listed = dashboard("releases", "--store", str(store))
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()] == kept
    assert f"built {kept[1]} (built before releases)" in listed.stdout.splitlines()[1]
    changes = dashboard("changes", "--store", str(store))
    assert changes.returncode == 0, changes.stderr
    assert f"Changes from release {kept[1]} to release {kept[0]}:" in changes.stdout


@pytest.mark.parametrize("args", [["releases"], ["changes"]])
def test_no_releases_says_so(tmp_path, args):
    result = dashboard(*args, "--store", str(tmp_path / "none.duckdb"))
    assert result.returncode == 1
    assert result.stderr.strip()


def test_export_of_a_pinned_link_reads_and_cites_that_release(two_releases, tmp_path):
    store = str(two_releases.store)
    out = tmp_path / "old"
    result = dashboard(
        "export", f"/trends?release={two_releases.old_id}", "--format", "csv", "--out", str(out), "--store", store
    )
    assert result.returncode == 0, result.stderr
    by_month = next(out.glob("vawg-offences-in-london-by-month_*.csv")).read_text(encoding="utf-8-sig").splitlines()
    old = vawg_location_total(two_releases.old_sources, REVISED_VAWG_MONTH, REVISED_VAWG_MONTH)
    assert f"{REVISED_VAWG_MONTH:%Y-%m},{old}" in by_month
    views = {
        line
        for path in out.iterdir()
        for line in path.read_text(encoding="utf-8-sig").splitlines()
        if line.startswith("# View: ")
    }
    assert views and all(v.endswith(f"release={two_releases.old_id}") for v in views), views
    unknown = dashboard(
        "export",
        "/trends?release=2019-01-01T000000Z",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "x"),
        "--store",
        store,
    )
    assert unknown.returncode == 1 and "no release '2019-01-01T000000Z'" in unknown.stderr
