"""Command line: `python -m dashboard ingest|releases|changes|refresh|queries|query|export`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard import export_command
from dashboard.paths import RELEASES_KEPT, store_path
from dashboard.refresh.command import register as register_refresh


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
    if summary.release is not None:
        pruned = f"; deleted the oldest: {', '.join(summary.pruned)}" if summary.pruned else ""
        print(f"Kept as release {summary.release.release_id} (`python -m dashboard releases` lists them{pruned}).")
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


def release_store(args: argparse.Namespace) -> Path:
    return Path(args.store) if args.store else store_path()


def read_release(path: Path):
    """What a release is compared and listed by: its monthly London totals, its files and its release row."""
    from dashboard import data

    with data.reading(path):
        return data.run("london_monthly_totals"), data.run("datasets"), data.release_record()


def list_releases(args: argparse.Namespace) -> int:
    from dashboard.ingest import releases
    from dashboard.paths import release_file, release_ids

    store = release_store(args)
    if args.prune:
        if args.keep < 1:
            print("--keep must be at least 1: the current release is always kept", file=sys.stderr)
            return 2
        dropped = releases.prune(store, args.keep)
        print(
            f"Deleted {len(dropped)} release{'s' if len(dropped) != 1 else ''}"
            + (": " + ", ".join(dropped) if dropped else ".")
        )
    ids = release_ids(store)
    if not ids:
        print(f"No releases are kept beside {store}: each ingest keeps one.", file=sys.stderr)
        return 1
    current = _current_release_id(store)
    for release_id in ids:
        _, files, record = read_release(release_file(release_id, store))
        built = f"{record['built_at']:%Y-%m-%d %H:%M:%S} UTC" if record else f"{release_id} (built before releases)"
        latest = files.dropna(subset=["last_month"]).groupby("dataset")["last_month"].max()
        months = ", ".join(f"{dataset} {month:%Y-%m}" for dataset, month in latest.items()) or "no monthly data"
        mark = "  (current)" if release_id == current else ""
        print(f"{release_id}  built {built}  {len(files)} files  latest months: {months}{mark}")
    return 0


def _current_release_id(store: Path) -> str | None:
    from dashboard import data

    if not store.is_file():
        return None
    with data.reading(store):
        record = data.release_record()
    return str(record["release_id"]) if record else None


def show_changes(args: argparse.Namespace) -> int:
    from dashboard.figures.release_changes import compare, describe
    from dashboard.paths import release_file, release_ids

    store = release_store(args)
    ids = release_ids(store)
    new_id = args.to or (ids[0] if ids else None)
    older = [i for i in ids if new_id in ids and ids.index(i) > ids.index(new_id)]
    old_id = args.from_ or (older[0] if older else None)
    for wanted, given in ((new_id, args.to), (old_id, args.from_)):
        if wanted is None or release_file(wanted, store) is None:
            known = ", ".join(ids) or "none"
            what = f"no release {given!r}" if given else "fewer than two releases"
            print(f"changes: {what} beside {store} (kept: {known})", file=sys.stderr)
            return 1
    old_totals, old_files, _ = read_release(release_file(old_id, store))
    new_totals, new_files, _ = read_release(release_file(new_id, store))
    changes = compare(old_totals, new_totals, old_files, new_files)
    print(f"Changes from release {old_id} to release {new_id}:")
    if changes.is_empty:
        print("  None: the same months, London totals and files.")
        return 0
    for section in describe(changes):
        print(f"{section.heading}:")
        for line in section.lines or ("none",):
            print(f"  {line}")
    return 0


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
    listing = commands.add_parser("releases", help="list the releases kept beside the store, newest first")
    listing.add_argument(
        "--store", help="the store whose releases to list (default $VAWG_STORE or data/build/vawg.duckdb)"
    )
    listing.add_argument("--prune", action="store_true", help="delete all but the newest --keep releases first")
    listing.add_argument(
        "--keep", type=int, default=RELEASES_KEPT, help=f"releases --prune keeps (default {RELEASES_KEPT})"
    )
    listing.set_defaults(handler=list_releases)
    changes = commands.add_parser("changes", help="what changed between two releases (default: the newest two)")
    changes.add_argument("--from", dest="from_", metavar="ID", help="the older release (default: the one before --to)")
    changes.add_argument("--to", metavar="ID", help="the newer release (default: the newest)")
    changes.add_argument(
        "--store", help="the store whose releases to compare (default $VAWG_STORE or data/build/vawg.duckdb)"
    )
    changes.set_defaults(handler=show_changes)
    register_refresh(commands)
    commands.add_parser("queries", help="list the named queries and their parameters").set_defaults(
        handler=list_queries
    )
    query = commands.add_parser("query", help="run a named query")
    query.add_argument("name")
    query.add_argument("--param", action="append", help="key=value, bound as $key")
    query.add_argument("--format", choices=["csv", "json"], default="csv")
    query.set_defaults(handler=run_query)
    export_command.register(commands)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
