"""Command line: `python -m dashboard ingest|queries|query`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard.paths import store_path


def ingest(args: argparse.Namespace) -> int:
    from dashboard.ingest.build import build_store
    from dashboard.ingest.errors import IngestError

    store = Path(args.store) if args.store else store_path()
    started = time.monotonic()
    try:
        summary = build_store([Path(s) for s in args.source], store, progress=lambda m: print(m, file=sys.stderr))
    except IngestError as error:
        print(f"ingest failed: {error}. The store at {store} was not changed.", file=sys.stderr)
        return 1
    print(f"Built {store} in {time.monotonic() - started:.1f} s from {len(summary.read)} files.")
    for folder, dataset, files in grouped(summary.read):
        months = sorted({m for s in files for r in s.results for m in r.months})
        span = f", {months[0]:%Y-%m} to {months[-1]:%Y-%m}" if months else ""
        sample = " [sample]" if all(s.is_sample for s in files) else ""
        rows = sum(r.rows for s in files for r in s.results)
        where = files[0].path if len(files) == 1 else f"{folder}/ ({len(files)} files)"
        print(f"  read    {where}: {dataset}, {rows:,} rows{span}{sample}")
    for path, reason in summary.skipped:
        print(f"  skipped {path}: {reason}")
    for path, reason in summary.set_aside:
        print(f"  set aside {path}: {reason}")
    print("Tables: " + ", ".join(f"{name} {rows:,}" for name, rows in sorted(summary.table_rows.items())))
    return 0


def grouped(sources):
    """Monthly police.uk files come dozens at a time: one summary line per folder and dataset."""
    groups: dict[tuple, list] = {}
    for source in sources:
        key = (
            (source.path.parent, source.results[0].dataset)
            if source.results[0].dataset == "police_uk_street"
            else (source.path, source.results[0].dataset)
        )
        groups.setdefault(key, []).append(source)
    return [(key[0], key[1], files) for key, files in groups.items()]


def list_queries(_: argparse.Namespace) -> int:
    from dashboard.data import available_queries

    for query in available_queries():
        params = ", ".join(f"${p}" for p in query.parameters) or "no parameters"
        print(f"{query.name}({params})\n    {query.purpose}")
    return 0


def run_query(args: argparse.Namespace) -> int:
    from dashboard.data import QueryError, run

    params = {}
    for pair in args.param or []:
        if "=" not in pair:
            print(f"--param expects key=value, got {pair!r}", file=sys.stderr)
            return 2
        key, value = pair.split("=", 1)
        params[key] = value
    try:
        frame = run(args.name, **params)
    except QueryError as error:
        print(f"query failed: {error}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(frame.to_json(orient="records", date_format="iso", indent=1))
    else:
        print(frame.to_csv(index=False), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("ingest", help="read published files into the store")
    build.add_argument("--source", action="append", required=True, help="a folder or file to read (repeatable)")
    build.add_argument("--store", help="where to write the store (default $VAWG_STORE or data/build/vawg.duckdb)")
    build.set_defaults(handler=ingest)
    commands.add_parser("queries", help="list the named queries and their parameters").set_defaults(
        handler=list_queries
    )
    query = commands.add_parser("query", help="run a named query")
    query.add_argument("name")
    query.add_argument("--param", action="append", help="key=value, bound as $key")
    query.add_argument("--format", choices=["csv", "json"], default="csv")
    query.set_defaults(handler=run_query)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
