"""Is a downloaded file the published file it should be? Each check names what was wrong, in words.

In order: the HTTP answer (status, an HTML page where a file was expected: the Datastore's "request
access" page is served with status 200), the length announced against the bytes received
(truncated), the content's magic bytes against the kinds the source is published in, and the header
row parsed by the same code ingest uses (`tablefile.open_tables`), recognised by the reader the
source must be read by, as ingest picks readers (the first in `formats.READERS` that recognises it).
"""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

from dashboard.ingest.errors import IngestError, NotRecognised
from dashboard.ingest.formats import READERS
from dashboard.ingest.reader import Reader
from dashboard.ingest.tablefile import GZIP_MAGIC, PARQUET_MAGIC, ZIP_MAGIC, TableFile, open_tables
from dashboard.refresh.fetch import Download

HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")


class CheckFailed(Exception):
    """What was wrong with a download, for the one-line report."""


def check_response(download: Download) -> None:
    """Status, HTML instead of a file, and truncation: what the HTTP answer alone can show."""
    if download.status != 200:
        raise CheckFailed(f"HTTP {download.status} where 200 was expected")
    with open(download.path, "rb") as handle:
        head = handle.read(512)
    if "text/html" in download.content_type.lower() or head.lstrip().lower().startswith(HTML_STARTS):
        raise CheckFailed("an HTML page (a 'request access' or error page?) instead of the published file")
    if download.content_length is not None and download.received != download.content_length:
        raise CheckFailed(
            f"truncated: {download.received:,} bytes received of the {download.content_length:,} announced"
        )
    if download.received == 0:
        raise CheckFailed("an empty file")


def kind_of(path: Path) -> str:
    """'csv', 'xlsx', 'zip', 'parquet' or 'binary' from the first bytes (gzipped CSV counts as csv)."""
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head[:2] == GZIP_MAGIC:
        try:
            with gzip.open(path, "rb") as handle:
                head = handle.read(4)
        except (OSError, EOFError):
            return "csv"  # the header check reports the broken stream
    if head == PARQUET_MAGIC:
        return "parquet"
    if head == ZIP_MAGIC:
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return "zip"  # a damaged archive: opening it says what is wrong
        return "xlsx" if "[Content_Types].xml" in names else "zip"
    if b"\x00" in head:
        return "binary"
    return "csv"


def check_kind(path: Path, kinds: tuple[str, ...]) -> str:
    found = kind_of(path)
    if found not in kinds:
        raise CheckFailed(f"a {found} file where {' or '.join(kinds)} was expected")
    return found


def check_header(path: Path, reader: Reader) -> None:
    """The header parsed as ingest parses it must be recognised by `reader`, as ingest would pick it."""
    try:
        tables = open_tables(path)
    except IngestError as error:
        raise CheckFailed(
            f"unreadable: expected {error.expected}" + (f", found {error.found}" if error.found else "")
        ) from None
    except NotRecognised as error:
        raise CheckFailed(str(error)) from None
    picked = [next((r for r in READERS if r.recognise(t)), None) for t in tables]
    if reader not in picked:
        header = ", ".join(str(h) for h in (tables[0].header[:6] if tables else []))
        raise CheckFailed(f"header changed: expected the {reader.name} columns, found {header or 'no table'}")
    for table in (t for t, r in zip(tables, picked) if r is reader):
        check_last_row(table)


def check_last_row(table: TableFile) -> None:
    """A CSV cut short (no Content-Length to compare) ends in a row narrower than the header."""
    if table.kind == "csv" and table.rows:
        line, values = table.rows[-1]
        if len(values) < len(table.header):
            raise CheckFailed(f"truncated: line {line} has {len(values)} of {len(table.header)} fields")
