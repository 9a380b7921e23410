"""Open a published tabular file (CSV, gzipped CSV, Parquet, XLSX sheet) as header + numbered rows.

Readers never open files themselves: they get a `TableFile`, so every reader reports errors with
the same file/line/column vocabulary, and format is decided by content (gzip magic, Parquet magic,
ZIP magic), never by file name.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.ingest.errors import IngestError, NotRecognised

GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"
ZIP_MAGIC = b"PK\x03\x04"


def normalise_header(name: object) -> str:
    """Lower-case, punctuation and spaces to single underscores: 'Recorded Date (Months)' -> 'recorded_date_months'.

    Matches the normalisation the London Datastore mirrors use, so published and mirrored headers meet.
    """
    text = str(name).strip().lower().replace("&", "and")
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


@dataclass
class TableFile:
    """One table: its raw header, normalised header and rows with the line each starts on."""

    path: Path
    header: list[str]
    rows: list[tuple[int, list]]  # (line or row number, values)
    kind: str  # "csv", "parquet" or "xlsx:<sheet>"
    line_label: str = "line"
    header_line: int | None = 1  # None where the header is not a numbered line (Parquet)
    columns: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.columns = [normalise_header(h) for h in self.header]

    def error(
        self, expected: str, line: int | None = None, column: str | None = None, found: object = None
    ) -> IngestError:
        return IngestError(self.path, expected, line, column, None if found is None else str(found), self.line_label)

    def index(self, name: str) -> int:
        return self.columns.index(name)

    def __iter__(self) -> Iterator[tuple[int, list]]:
        return iter(self.rows)


def read_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    if raw[:2] == GZIP_MAGIC:
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise IngestError(path, "a complete gzip stream", found=str(exc)) from None
    return raw


def sniff_kind(path: Path) -> str:
    """'parquet', 'xlsx', 'json' or 'csv' from the file's first bytes (after gunzip)."""
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head[:2] == GZIP_MAGIC:
        with gzip.open(path, "rb") as handle:
            try:
                head = handle.read(4)
            except (OSError, EOFError):
                return "csv"  # let the CSV path report the broken stream
    if head == PARQUET_MAGIC:
        return "parquet"
    if head == ZIP_MAGIC:
        return "xlsx"
    if head[:1] in (b"{", b"["):
        return "json"
    return "csv"


def decode_utf8(path: Path, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        byte_in_line = exc.start - line_start + 1
        raise IngestError(
            path, "UTF-8 text", line=line, found=f"byte 0x{raw[exc.start]:02x} at character {byte_in_line} of the line"
        ) from None
    return text.removeprefix("\ufeff")


def open_csv(path: Path) -> TableFile:
    raw = read_bytes(path)
    first_line = raw.split(b"\n", 1)[0]
    try:
        first_line.decode("utf-8")
    except UnicodeDecodeError:
        raise NotRecognised("not UTF-8 text, so not a published CSV") from None
    if b"\x00" in first_line:
        raise NotRecognised("a binary file, not a published CSV")
    text = decode_utf8(path, raw)
    if not text.strip():
        raise IngestError(path, "a header row and data rows", line=1, found="an empty file")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    rows: list[tuple[int, list]] = []
    start = reader.line_num + 1
    for values in reader:
        if values:  # a blank line carries no record
            rows.append((start, values))
        start = reader.line_num + 1
    return TableFile(path, header, rows, "csv")


def open_parquet(path: Path) -> TableFile:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    rows = [(i + 1, [col[i] for col in columns]) for i in range(table.num_rows)]
    return TableFile(path, list(table.column_names), rows, "parquet", line_label="row", header_line=None)


def open_xlsx_sheets(path: Path) -> list[TableFile]:
    """Every sheet of a workbook; the header is the first row among the first 20 with 3+ filled cells."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise IngestError(path, "a readable XLSX workbook", found=type(exc).__name__) from None
    tables = []
    for sheet in book.worksheets:
        all_rows = list(sheet.iter_rows(values_only=True))
        header_at = next(
            (i for i, row in enumerate(all_rows[:20]) if sum(v is not None and str(v).strip() != "" for v in row) >= 3),
            None,
        )
        if header_at is None:
            continue
        header = [("" if v is None else str(v)) for v in all_rows[header_at]]
        width = len(header)
        rows = [
            (i + 1, list(row[:width]))
            for i, row in enumerate(all_rows)
            if i > header_at and any(v is not None and str(v).strip() != "" for v in row)
        ]
        table = TableFile(
            path,
            header,
            rows,
            f"xlsx:{sheet.title}",
            line_label=f"sheet {sheet.title!r} row",
            header_line=header_at + 1,
        )
        tables.append(table)
    book.close()
    return tables


def open_tables(path: Path) -> list[TableFile]:
    """All tables a file holds: one for CSV and Parquet, one per sheet for XLSX."""
    kind = sniff_kind(path)
    if kind == "parquet":
        return [open_parquet(path)]
    if kind == "xlsx":
        return open_xlsx_sheets(path)
    if kind == "json":
        raise NotRecognised("JSON, not a table")
    return [open_csv(path)]
