"""The one error type ingest raises for bad input: it names file, line, column and expectation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class IngestError(Exception):
    """Bad input in a source file. `line` is the 1-based physical line (or row, for Parquet/XLSX)."""

    file: Path | str
    expected: str
    line: int | None = None
    column: str | None = None
    found: str | None = None
    line_label: str = "line"  # "row" for Parquet, "sheet 'X' row" for XLSX

    def __str__(self) -> str:
        where = [str(self.file)]
        if self.line is not None:
            where.append(f"{self.line_label} {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        message = f"{', '.join(where)}: expected {self.expected}"
        if self.found is not None:
            shown = self.found if len(self.found) <= 60 else self.found[:57] + "..."
            message += f", found {shown!r}"
        return message


class NotRecognised(Exception):
    """A file that is none of the formats we read; ingest lists it as skipped with this reason."""
