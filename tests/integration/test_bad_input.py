"""Bad input gets one clear line naming file, line, column and what was expected, and loses nothing.

Each case starts from a good store, runs the real CLI on a folder holding one bad file, and checks
the exit code, the message, that no traceback leaked, and that the store is unchanged byte for byte.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from dashboard.paths import release_ids, releases_dir
from tests.conftest import ingest

HEADER = "MajorText,MinorText,BoroughName,202401,202402,202403\n"
GOOD = (
    HEADER + "VIOLENCE AGAINST THE PERSON,VIOLENCE WITH INJURY,Camden,120,118,131\n"
    "SEXUAL OFFENCES,RAPE,Camden,14,12,15\n"
)
WARD_HEADER = "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402\n"


@pytest.fixture()
def good_store(tmp_path) -> Path:
    source = tmp_path / "good"
    source.mkdir()
    (source / "borough.csv").write_text(GOOD)
    store = tmp_path / "store" / "vawg.duckdb"
    result = ingest([source], store)
    assert result.returncode == 0, result.stderr
    return store


CASES = {
    # name: (file name, bytes, what the one-line message must contain)
    "truncated row": (
        "borough.csv",
        (HEADER + "SEXUAL OFFENCES,RAPE,Camden,14,12\n").encode(),
        ["line 2", "column '202403'", "expected 6 fields"],
    ),
    "non-numeric count": (
        "borough.csv",
        (HEADER + "SEXUAL OFFENCES,RAPE,Camden,14,twelve,15\n").encode(),
        ["line 2", "column '202402'", "expected a non-negative whole number", "'twelve'"],
    ),
    "negative count": (
        "borough.csv",
        (HEADER + "SEXUAL OFFENCES,RAPE,Camden,14,-3,15\n").encode(),
        ["line 2", "column '202402'", "non-negative", "'-3'"],
    ),
    "unknown header": (
        "borough.csv",
        (b"MajorText,MinorText,Borugh,202401\nSEXUAL OFFENCES,RAPE,Camden,1\n"),
        ["line 1", "column 'Borugh'", "expected the identifying columns"],
    ),
    "missing header": (
        "borough.csv",
        (b"SEXUAL OFFENCES,RAPE,Camden,14,12,15\nSEXUAL OFFENCES,RAPE,Brent,4,2,5\n"),
        ["line 1", "expected a header row"],
    ),
    "empty file": ("borough.csv", b"", ["line 1", "an empty file"]),
    "header-only file": ("borough.csv", HEADER.encode(), ["line 2", "at least one data row"]),
    "not UTF-8": (
        "borough.csv",
        HEADER.encode()
        + "SEXUAL OFFENCES,RAPE,Barking \u0026 Dagenham,1,2,3\n".encode()
        + b"SEXUAL OFFENCES,RAPE,Hounslow\xe9,1,2,3\n",
        ["line 3", "expected UTF-8 text", "0xe9"],
    ),
    "month header not a month": (
        "borough.csv",
        (b"MajorText,MinorText,BoroughName,202401,202413\nSEXUAL OFFENCES,RAPE,Camden,14,12\n"),
        ["line 1", "column '202413'", "expected a month header in the form YYYYMM"],
    ),
    "duplicate borough row": (
        "borough.csv",
        (GOOD + "SEXUAL OFFENCES,RAPE,Camden,1,2,3\n").encode(),
        ["line 4", "column 'BoroughName'", "one row per borough, offence group and subgroup", "first seen on line 3"],
    ),
    "duplicate ward row": (
        "ward.csv.gz",
        gzip.compress(
            (
                WARD_HEADER
                + "SEXUAL OFFENCES,RAPE,Kilburn,E05000001,Camden,1,2\n"
                + "SEXUAL OFFENCES,RAPE,Kilburn,E05000001,Camden,3,4\n"
            ).encode(),
            mtime=0,
        ),
        ["line 3", "column 'WardCode'", "one row per ward, offence group and subgroup"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_fails_with_one_clear_line_and_leaves_the_store_unchanged(case, good_store, tmp_path):
    name, content, needles = CASES[case]
    before = good_store.read_bytes()
    source = tmp_path / "bad"
    source.mkdir()
    (source / name).write_bytes(content)
    result = ingest([source], good_store)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("ingest failed: ") and name in message, message
    for needle in needles:
        assert needle in message, message
    assert good_store.read_bytes() == before
    # Beside the store: only its releases (the good store's own), and no temporary files.
    kept = {good_store, releases_dir(good_store)}
    assert not [p for p in good_store.parent.iterdir() if p not in kept], "no temporary files left behind"
    assert len(release_ids(good_store)) == 1, "a failed ingest makes no release"


def test_unrecognised_files_are_listed_as_skipped_with_a_reason(good_store, tmp_path):
    source = tmp_path / "mixed"
    source.mkdir()
    (source / "borough.csv").write_text(GOOD)
    (source / "notes.txt").write_text("Some notes about the data\nmore notes\n")
    (source / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = ingest([source], good_store)
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stdout and "notes.txt" in result.stdout and "image.png" in result.stdout
    assert "header matches no published format" in result.stdout
