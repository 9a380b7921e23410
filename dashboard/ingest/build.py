"""Build the store: read every recognised file, resolve overlapping editions, validate, swap in atomically.

The new store is written to a temporary file beside the old one and only replaces it (os.replace,
atomic on one filesystem) after every file has been read and every check has passed, so a failed
ingest leaves the previous store byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.ingest import derive, releases, street_copies, wide_crime
from dashboard.ingest.errors import IngestError, NotRecognised
from dashboard.ingest.formats import READERS
from dashboard.ingest.geography import read_boundaries
from dashboard.ingest.normalise import parse_month_header
from dashboard.ingest.reader import ReadResult
from dashboard.ingest.schema import TABLES
from dashboard.ingest.tablefile import open_tables, sniff_kind
from dashboard.words.catalog import DATASETS

SAMPLE_MANIFEST = "SAMPLE.json"


@dataclass
class SourceFile:
    path: Path
    sha256: str
    results: list[ReadResult] = field(default_factory=list)
    dataset_id: int = 0
    is_sample: bool = False


@dataclass
class Summary:
    read: list[SourceFile] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    # police.uk force-months published twice: the copy not used, and why (street_copies.RULE)
    set_aside: list[tuple[Path, str]] = field(default_factory=list)
    table_rows: dict[str, int] = field(default_factory=dict)
    release: releases.Release | None = None  # the release this build was kept as
    pruned: list[str] = field(default_factory=list)  # releases deleted to keep the last releases.DEFAULT_KEEP


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def discover(sources: list[Path]) -> list[Path]:
    files = []
    for source in sources:
        if source.is_file():
            files.append(source)
        elif source.is_dir():
            files.extend(
                p
                for p in sorted(source.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(source).parts)
            )
        else:
            raise IngestError(source, "an existing file or folder to read")
    return files


def sample_hashes(sources: list[Path], files: list[Path]) -> set[str]:
    """sha256 of every file a bundled-sample manifest lists: their tables are marked is_sample.

    A manifest counts when it is among the files read or in a folder above a source, so ingesting
    one sub-folder of the sample (say, the illustrative pilot sites beside real data) still marks it.
    """
    manifests = {p for p in files if p.name == SAMPLE_MANIFEST}
    for source in sources:
        for folder in source.resolve().parents:
            if (folder / SAMPLE_MANIFEST).is_file():
                manifests.add(folder / SAMPLE_MANIFEST)
    hashes: set[str] = set()
    for path in manifests:
        try:
            hashes.update(json.loads(path.read_text(encoding="utf-8")).get("files", {}).values())
        except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
            raise IngestError(path, "a JSON sample manifest with a 'files' object") from None
    return hashes


def read_source(path: Path) -> list[ReadResult]:
    """Every table the file holds, read by the reader that recognises its header; NotRecognised if none."""
    kind = sniff_kind(path)
    if kind == "json":
        return [read_boundaries(path)]
    results, unrecognised = [], []
    for table in open_tables(path):
        reader = next((r for r in READERS if r.recognise(table)), None)
        if reader is None:
            unrecognised.append(table)
            continue
        results.append(reader.read(table))
    if not results:
        for table in unrecognised:
            check_near_miss(table)
        header = ", ".join(unrecognised[0].header[:6]) if unrecognised else "no table"
        raise NotRecognised(f"header matches no published format we read ({header})")
    return results


def check_near_miss(table) -> None:
    """A table that is plainly a wide crime file (month columns, or data where the header should be) but
    whose header matches no layout is bad input, not an unrelated file: fail loudly rather than skip it."""
    if wide_crime.FINER_AREA_COLUMNS & set(table.columns):
        return  # a published finer-area file (e.g. LSOA level crime) the dashboard does not use: skip it
    cells = [str(h).strip() for h in table.header]
    months = [c for c in cells if parse_month_header(c)]
    numbers = [c for c in cells if c.lstrip("-").isdigit() and not parse_month_header(c)]
    layouts = "; ".join(", ".join(layout) for layout in wide_crime.BOROUGH_LAYOUTS)
    if months and len(months) >= len(cells) - 5:
        unknown = next(
            (
                h
                for h, n in zip(table.header, table.columns)
                if not parse_month_header(h)
                and n
                not in {c for layout in wide_crime.BOROUGH_LAYOUTS for c in layout} | set(wide_crime.WARD_ID_COLUMNS)
            ),
            None,
        )
        raise table.error(
            f"the identifying columns of a borough file ({layouts}) or a ward file "
            f"({', '.join(wide_crime.WARD_ID_COLUMNS)}) before the month columns",
            line=table.header_line,
            column=unknown,
            found=", ".join(cells[:4]),
        )
    if len(numbers) >= 2 and len(numbers) >= len(cells) // 2:
        raise table.error(
            "a header row naming the columns; the first line holds data",
            line=table.header_line,
            found=", ".join(cells[:4]),
        )


def set_aside_street_copies(summary: Summary) -> None:
    """Keep one copy of each police.uk force-month (street_copies.RULE); renumber what is left."""
    street = [
        (source, result)
        for source in summary.read
        for result in source.results
        if "street_crime" in result.frames and result.dataset == "police_uk_street"
    ]
    dropped = street_copies.set_aside([(source.path, result.frames["street_crime"]) for source, result in street])
    for aside in dropped:
        summary.set_aside.append((aside.copy.path, aside.reason))
    emptied = set()
    for order, (source, result) in enumerate(street):
        mine = [a for a in dropped if a.copy.order == order]
        if mine:
            frame = street_copies.without(result.frames["street_crime"], mine)
            result.frames["street_crime"] = frame
            result.rows = len(frame)
            result.months = sorted(set(frame["month"].dt.date))
            if frame.empty:
                emptied.add(id(source))
    summary.read = [s for s in summary.read if id(s) not in emptied]
    for number, source in enumerate(summary.read, start=1):
        source.dataset_id = number


def resolve_editions(files: list[SourceFile]) -> dict[str, pd.DataFrame]:
    """One frame per table; where files overlap in months, each month comes from the file whose latest month is latest."""
    by_table: dict[str, list[tuple[SourceFile, pd.DataFrame, ReadResult]]] = {}
    for source in files:
        for result in source.results:
            for table, frame in result.frames.items():
                by_table.setdefault(table, []).append((source, frame.assign(dataset_id=source.dataset_id), result))
    resolved = {}
    for table, parts in by_table.items():
        if any(table in r.month_precedence for _, _, r in parts) and len(parts) > 1:
            # newest edition first: latest last month, then latest first month, then file name
            ranked = sorted(parts, key=lambda p: (max(p[2].months), min(p[2].months), p[0].path.name), reverse=True)
            owner: dict = {}
            for source, _, result in ranked:
                for month in result.months:
                    owner.setdefault(pd.Timestamp(month), source.dataset_id)
            frames = [frame[frame["month"].map(owner) == source.dataset_id] for source, frame, _ in ranked]
        else:
            frames = [frame for _, frame, _ in parts]
        resolved[table] = pd.concat(frames, ignore_index=True)
    return resolved


def months_supplied(files: list[SourceFile], tables: dict[str, pd.DataFrame]) -> dict[int, list]:
    supplied: dict[int, set] = {}
    for frame in tables.values():
        if "month" in frame.columns:
            for dataset_id, months in frame.groupby("dataset_id")["month"].unique().items():
                supplied.setdefault(int(dataset_id), set()).update(pd.Timestamp(m).date() for m in months)
    return {k: sorted(v) for k, v in supplied.items()}


def datasets_frame(files: list[SourceFile], supplied: dict[int, list], ingested_at: dt.datetime) -> pd.DataFrame:
    rows = []
    for source in files:
        result = source.results[0]
        meta = DATASETS[result.dataset]
        months = sorted({m for r in source.results for m in r.months})
        used = supplied.get(source.dataset_id, [])
        rows.append(
            {
                "dataset_id": source.dataset_id,
                "dataset": result.dataset,
                "title": meta.title,
                "file_name": source.path.name,
                "file_path": str(source.path),
                "sha256": source.sha256,
                "rows": sum(r.rows for r in source.results),
                "first_month": months[0] if months else None,
                "last_month": months[-1] if months else None,
                "months_supplied": len(used) if months else None,
                "first_month_supplied": used[0] if used else None,
                "last_month_supplied": used[-1] if used else None,
                "publisher": meta.publisher,
                "licence": meta.licence,
                "url": meta.url,
                "is_sample": source.is_sample,
                "ingested_at": ingested_at,
            }
        )
    return pd.DataFrame(rows)


def write_store(path: Path, tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    counts = {}
    with duckdb.connect(str(path)) as con:
        for name, ddl in TABLES.items():
            con.execute(f"CREATE TABLE {name} ({ddl})")  # names and DDL are constants of this module, never input
            frame = tables.get(name)
            if frame is not None and len(frame):
                columns = [c.split()[0] for c in ddl.split(", ") if c.split()[0] != "PRIMARY"]
                con.register("incoming", frame[[c for c in columns if c in frame.columns]])
                present = ", ".join(c for c in columns if c in frame.columns)
                con.execute(f"INSERT INTO {name} ({present}) SELECT {present} FROM incoming")
                con.unregister("incoming")
        derive.run_all(con)
        for (name,) in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall():
            counts[name] = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        con.execute("CHECKPOINT")
    return counts


def build_store(sources: list[Path], store: Path, progress: Callable[[str], None] = lambda _: None) -> Summary:
    """Read `sources` into a new store at `store`. Raises IngestError and leaves `store` untouched on bad input."""
    summary = Summary()
    files = discover(sources)
    sample = sample_hashes(sources, files)
    for number, path in enumerate(files, start=1):
        progress(f"[{number}/{len(files)}] {path.name}")
        if path.name == SAMPLE_MANIFEST:
            continue
        source = SourceFile(path, sha256_of(path))
        try:
            source.results = read_source(path)
        except NotRecognised as reason:
            summary.skipped.append((path, str(reason)))
            continue
        source.dataset_id = len(summary.read) + 1
        source.is_sample = source.sha256 in sample
        summary.read.append(source)
    set_aside_street_copies(summary)
    if not summary.read:
        raise IngestError(sources[0], "at least one file in a published format we read")
    tables = resolve_editions(summary.read)
    tables["datasets"] = datasets_frame(summary.read, months_supplied(summary.read, tables), dt.datetime.now())
    release = releases.plan(store, {source.sha256 for source in summary.read})
    tables[releases.TABLE] = release.frame()
    store.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{store.name}.", suffix=".building", dir=store.parent)
    os.close(handle)
    temp = Path(temp_name)
    temp.unlink()  # DuckDB wants to create the file itself
    try:
        progress("Writing the store and precomputing derived tables")
        summary.table_rows = write_store(temp, tables)
        with open(temp, "rb") as written:
            os.fsync(written.fileno())
        # Kept as a release before the swap (a hard link: no copy), taken back if the swap fails.
        kept = releases.keep(temp, store, release)
        try:
            os.replace(temp, store)
        except OSError:
            releases.forget(kept)
            raise
    finally:
        for leftover in (temp, Path(f"{temp}.wal")):
            leftover.unlink(missing_ok=True)
    summary.release = release
    summary.pruned = releases.prune(store)
    return summary
