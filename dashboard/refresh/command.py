"""`python -m dashboard refresh`: its arguments and its report (stdout), progress on stderr."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.paths import PROJECT_ROOT, store_path

DEFAULT_DOWNLOADS = PROJECT_ROOT / "data" / "downloads"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "refresh",
        help="fetch the publishers' current files, check them and ingest them as a new release",
        description="Fetch the London Datastore's MPS files, police.uk's Met and City of London street files and "
        "the ONS population file into a dated folder, check each, and ingest them with the files refresh does "
        "not fetch (carried over from the current store) as a new release. Publishers' hosts: --base-url, or "
        "VAWG_REFRESH_DATASTORE_URL, VAWG_REFRESH_POLICE_UK_URL, VAWG_REFRESH_ONS_URL.",
    )
    parser.add_argument("--base-url", help="fetch every publisher's files from this host instead (e.g. a mirror)")
    parser.add_argument("--store", help="the store to refresh (default $VAWG_STORE or data/build/vawg.duckdb)")
    parser.add_argument("--downloads", help="where dated download folders go (default data/downloads)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds without data before a fetch fails (60)")
    parser.add_argument("--retries", type=int, default=2, help="tries after a timeout or server error (2)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from dashboard.refresh.run import Settings, refresh

    store = Path(args.store) if args.store else store_path()
    downloads = Path(args.downloads) if args.downloads else DEFAULT_DOWNLOADS
    settings = Settings(base_url=args.base_url, timeout=args.timeout, retries=max(0, min(args.retries, 5)))
    outcome = refresh(store, downloads, settings)
    kept = outcome.changed and outcome.summary is not None  # otherwise the new download folder was removed
    for fetched in outcome.fetched:
        many = f"{fetched.files[0].parent.parent}/ ({len(fetched.files)} files)"
        where = f" -> {fetched.files[0] if len(fetched.files) == 1 else many}" if kept else ""
        print(f"fetched  {fetched.source.name}: {fetched.url}{where}")
    for line in failure_lines(outcome.failed):
        print(line)
    if outcome.failed and outcome.carried:
        names = sorted({f.source.dataset for f in outcome.failed})
        print(f"carried over from the current store for: {', '.join(names)}")
    if outcome.error:
        print(f"{outcome.error}. The store at {store} was not changed.", file=sys.stderr)
        if outcome.folder.is_dir():
            print(f"The files fetched are kept in {outcome.folder}.", file=sys.stderr)
        return 1
    if not outcome.changed:
        print(f"nothing changed: every file is byte for byte the one {store} was built from; no release made.")
        return 1 if outcome.failed else 0
    summary = outcome.summary
    release = getattr(summary, "release", None)
    named = f" (release {release.release_id})" if release is not None else ""
    print(
        f"Built {store}{named} from {len(summary.read)} files: "
        f"{len(outcome.ingested) - len(outcome.carried)} fetched into {outcome.folder}, "
        f"{len(outcome.carried)} carried over."
    )
    for path, reason in summary.skipped:
        print(f"  skipped {path}: {reason}")
    for path, reason in summary.set_aside:
        print(f"  set aside {path}: {reason}")
    return 1 if outcome.failed else 0


def failure_lines(failed) -> list[str]:
    """One line per failure; sources that failed together (one URL, one reason: a shared archive) share it."""
    merged: dict[tuple[str, str], list[str]] = {}
    for failure in failed:
        merged.setdefault((failure.url, failure.reason), []).append(failure.source.name)
    return [f"failed   {'; '.join(names)}: {url}: {reason}" for (url, reason), names in merged.items()]
