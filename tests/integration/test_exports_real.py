"""`python -m dashboard export` on the real store: Camden's images and press pack hold Camden's figures from the raw file.

Run as a user would (the real command line in a subprocess). Expected figures come from the raw
VAWG extract with pandas; the images are drawn by kaleido in Debian's chromium, so the module is
skipped, with the reason, when there is no chromium.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from tests.conftest import PROJECT_ROOT, SHARED_DATA

VAWG_FILE = SHARED_DATA / "mps_vawg" / "vawg-offences.parquet"
VIEW = "/trends?borough=Camden"
TITLE = "VAWG offences in Camden, by month"
pytestmark = pytest.mark.skipif(not shutil.which("chromium"), reason="no `chromium` on PATH to draw images with")


def export(store: Path, view: str, fmt: str, out: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "dashboard", "export", view, "--format", fmt, "--out", str(out)]
    return subprocess.run(
        [*command, "--store", str(store)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def camden_latest() -> tuple[str, int]:
    """(month in words, offences) for Camden's latest month, summed from the raw location sheet."""
    if not VAWG_FILE.is_file():
        pytest.skip(f"{VAWG_FILE} is not there (set VAWG_SHARED_DATA)")
    raw = pd.read_parquet(VAWG_FILE)
    location = raw.loc[raw["sheet"] == "Offence count location"].copy()
    location["month"] = pd.to_datetime(location["recorded_date_months"]).dt.to_period("M")
    last = location["month"].max()
    camden = location.loc[(location["borough_name"] == "Camden") & (location["month"] == last), "count"].sum()
    return f"{last.strftime('%B')} {last.year}", int(camden)


@pytest.fixture(scope="module")
def exported(real_store, tmp_path_factory) -> dict[str, list[Path]]:
    out = tmp_path_factory.mktemp("exports")
    files = {}
    for fmt in ("png", "svg", "pack"):
        result = export(real_store, VIEW, fmt, out / fmt)
        assert result.returncode == 0, result.stderr
        files[fmt] = [Path(line) for line in result.stdout.splitlines()]
        assert files[fmt] and all(path.is_file() for path in files[fmt])
    return files


def card_file(files: list[Path], title: str) -> Path:
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return next(path for path in files if path.name.startswith(stem))


def svg_text(svg: str) -> str:
    """Every piece of text drawn in the SVG, with the lines of a wrapped text joined by spaces."""
    return " ".join(re.sub(r"<[^>]+>", " ", svg).split())


def test_one_file_per_card_named_after_it(exported):
    assert len(exported["png"]) == len(exported["svg"]) == len(exported["pack"]) == 5
    assert card_file(exported["png"], TITLE).name.startswith("vawg-offences-in-camden-by-month_")


def test_the_png_is_print_size(exported):
    for path in exported["png"]:
        with Image.open(path) as image:
            assert image.format == "PNG" and image.width >= 1200, (path.name, image.size)


def test_the_svg_holds_title_source_licence_date_and_camdens_latest_figure(exported, camden_latest):
    month, offences = camden_latest
    svg = card_file(exported["svg"], TITLE).read_text(encoding="utf-8")
    text = svg_text(svg)
    assert f"<title>{TITLE}</title>" in svg
    assert TITLE in text
    assert "Source: MPS Violence Against Women and Girls dashboard data, Metropolitan Police Service" in text
    assert "Licence: Open Government Licence v3.0." in text
    assert f"Data up to and including {month}." in text
    assert f"{offences:,}" in text  # the latest month's label, drawn at the end of the line
    assert "SAMPLE" not in text  # real figures carry no sample stamp


def test_the_press_pack_cites_its_view_and_lists_the_raw_file_with_its_sha256(exported, camden_latest):
    month, _ = camden_latest
    pack = card_file(exported["pack"], TITLE)
    with zipfile.ZipFile(pack) as archive:
        names = set(archive.namelist())
        stem = pack.name.removesuffix("-press-pack.zip")
        assert names == {
            f"{stem}.png",
            f"{stem}.svg",
            f"{stem}.csv",
            "citation.txt",
            "summary.txt",
            "alt-text.txt",
            "metadata.json",
        }
        with Image.open(io.BytesIO(archive.read(f"{stem}.png"))) as image:
            assert image.width >= 1200
        citation = archive.read("citation.txt").decode()
        meta = json.loads(archive.read("metadata.json"))
        csv = archive.read(f"{stem}.csv").decode("utf-8-sig")
    assert VIEW in citation and f"data up to and including {month}" in citation
    assert "Metropolitan Police Service (London Datastore)" in citation and "Open Government Licence v3.0" in citation
    assert VIEW in meta["view_link"] and meta["is_sample"] is False
    files = {f["file_name"]: f for f in meta["source_files"]}
    assert files[VAWG_FILE.name]["sha256"] == hashlib.sha256(VAWG_FILE.read_bytes()).hexdigest()
    assert files[VAWG_FILE.name]["publisher"] == "Metropolitan Police Service (London Datastore)"
    assert f"# View: {VIEW}" in csv


@pytest.mark.parametrize(
    ("view", "says"),
    [
        ("/trendz", ["'/trendz'", "/trends", "/boroughs"]),
        ("/trends?borough=Camdn", ["borough='Camdn'", "Camden", "Westminster"]),
        ("/trends?from=1999-01", ["from='1999-01'", "a month (YYYY-MM) from"]),
        ("/boroughs?borough=Camden&colour=red", ["colour='red'", "borough, compare, map"]),
    ],
)
def test_a_bad_view_exits_1_with_one_line_and_writes_nothing(real_store, tmp_path, view, says):
    out = tmp_path / "out"
    result = export(real_store, view, "csv", out)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert all(part in lines[0] for part in says), lines[0]
    assert result.stdout == ""
    assert not out.exists() or not any(out.iterdir())


def test_csv_export_is_the_cards_own_download(real_store, tmp_path, exported):
    result = export(real_store, VIEW, "csv", tmp_path)
    assert result.returncode == 0, result.stderr
    written = [Path(line) for line in result.stdout.splitlines()]
    assert [p.stem for p in written] == [p.stem for p in exported["png"]]
    assert card_file(written, TITLE).read_bytes().startswith(b"\xef\xbb\xbf# Title: " + TITLE.encode())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".export-")]  # no staging folder left
