"""`python -m dashboard export VIEW --format {csv,png,svg,xlsx,pack} --out DIR`: a page view's cards as files.

VIEW is a page view as its link reads ("/trends?borough=Camden"). The view is built exactly as the
page builds it (each page module's `built_for`, the same cached build the page replays) and every
chart or map card in it is written as one file named after the card (one workbook per view for
xlsx). A bad VIEW (unknown page, unknown setting or value, a month outside the data) is refused
with one line naming what was wrong and what is allowed.

Files are written into a temporary folder inside DIR and moved into place only when every one has
been made, so a failure leaves nothing half-written in DIR.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FORMATS = ("csv", "png", "svg", "xlsx", "pack")


class ExportError(Exception):
    """A view that cannot be exported, in one line for the person who asked."""


def page_modules() -> dict[str, str]:
    """Link path -> view module, from the app's own page list ('/' is the default page)."""
    from dashboard.components.layout import PAGES

    modules = {f"/{url_path}": script.removesuffix(".py") for script, _, url_path in PAGES}
    modules["/"] = PAGES[0][0].removesuffix(".py")
    return modules


def parse_view(view: str) -> tuple[str, str, str]:
    """(path, query, view module) of a link such as '/trends?borough=Camden' (an address in front is allowed)."""
    parts = urlsplit(view.strip())
    path = "/" + parts.path.strip("/")
    modules = page_modules()
    if path not in modules:
        allowed = ", ".join(sorted(p for p in modules if p != "/"))
        raise ExportError(f"unknown page {path!r}: the pages are {allowed}")
    return path, parts.query, modules[path]


def built_view(view: str, base_url: str = ""):
    """The page view's built Recording, as the page would replay it; bad settings raise ExportError."""
    from dashboard.components.url_state import LinkQuery, ViewSettingError

    path, query, module = parse_view(view)
    page = importlib.import_module(f"dashboard.views.{module}")
    try:
        return page.built_for(LinkQuery(query), base_url)
    except ViewSettingError as error:
        raise ExportError(f"{path}: {error}") from None


def files_for(view: str, fmt: str, base_url: str = "") -> dict[str, Callable[[], bytes]]:
    """File name -> a function making its bytes, for every card of the view (one workbook for xlsx)."""
    from dashboard.components.card_files import card_file, file_name, printable

    built = built_view(view, base_url)
    if fmt == "xlsx":
        return _workbooks(built, view, base_url)
    items = [item for item in (printable(card) for card in built.cards()) if item is not None]
    if not items:
        raise ExportError(f"{parse_view(view)[0]} has no chart or map cards to export")
    files: dict[str, Callable[[], bytes]] = {}
    for item in items:
        name = file_name(item, fmt)
        if name in files:  # two cards with one title: the card's key tells them apart
            name = f"{item.key}_{name}"
        files[name] = lambda item=item: card_file(item, fmt)
    return files


def _workbooks(built, view: str, base_url: str) -> dict[str, Callable[[], bytes]]:
    """One GSS workbook of the whole view (the spreadsheet the page's button gives); on /boroughs?borough=X
    also X's borough pack (the page's other spreadsheet button)."""
    from dashboard.components.borough_pack import PAGE_PATH, borough_names, borough_pack_bytes, pack_file_name
    from dashboard.components.page_spreadsheet import page_workbook
    from dashboard.words.links import slugify, view_link

    path, query, _ = parse_view(view)
    link = base_url + path + (f"?{query}" if query else "")
    name = "_".join(part for part in (slugify(path) or "home", slugify(query)) if part) + ".xlsx"
    files = {name: lambda: page_workbook(built, link)}
    borough = parse_qs(query).get("borough", [""])[-1]
    if path == PAGE_PATH and borough in borough_names():  # built_for has refused any other borough
        pack_link = view_link(PAGE_PATH, {"borough": borough}, {}, base_url=base_url)  # cites the release shown
        files[pack_file_name(borough)] = lambda: borough_pack_bytes(borough, pack_link)
    return files


def release_shown(view: str):
    """The release a view's link names with `?release=ID` (none: the current one); an unknown one is an ExportError."""
    from dashboard.components.release_pin import UnknownRelease, for_release
    from dashboard.components.url_state import LinkQuery
    from dashboard.words.links import RELEASE_PARAM

    try:
        return for_release(LinkQuery(urlsplit(view.strip()).query).get_all(RELEASE_PARAM))
    except UnknownRelease as error:
        raise ExportError(str(error)) from None


def write_all(files: dict[str, Callable[[], bytes]], out: Path) -> list[Path]:
    """Make every file in a temporary folder inside `out`, then move them into place; on failure leave `out` as it was."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=out))
    try:
        for name, make in files.items():
            (staging / name).write_bytes(make())
        written = []
        for name in files:
            target = out / name
            os.replace(staging / name, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def run(args: argparse.Namespace) -> int:
    from dashboard.components.release_pin import showing
    from dashboard.components.url_state import PUBLIC_URL_ENV

    if args.store:
        os.environ["VAWG_STORE"] = str(Path(args.store).resolve())
    from dashboard.paths import store_path

    if not store_path().exists():
        print(
            f"export failed: there is no store at {store_path()} (build one with `python -m dashboard ingest`)",
            file=sys.stderr,
        )
        return 1
    base_url = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    try:
        # The release the link names (or the current one): read it, and cite it in every view link.
        with showing(release_shown(args.view)):
            files = files_for(args.view, args.format, base_url)
            written = write_all(files, Path(args.out))
    except ExportError as error:
        print(f"export failed: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # a renderer or disk failure: one line, and DIR is as it was
        print(f"export failed: {type(error).__name__}: {' '.join(str(error).split())}", file=sys.stderr)
        return 1
    finally:
        _stop_renderer()
    for path in written:
        print(path)
    return 0


def _stop_renderer() -> None:
    from dashboard.press.images import stop_renderer

    stop_renderer()


def register(commands) -> None:
    """Add the `export` subcommand to `python -m dashboard`'s subparsers."""
    export = commands.add_parser(
        "export",
        help="write a page view's charts as CSV, PNG, SVG, press packs or a workbook",
        description="Write a page view's cards as files, one per chart or map card (one workbook per view "
        "for xlsx; for /boroughs?borough=X also X's borough pack), and print each file written. Every file "
        "cites the view's link and its release; the link is absolute when $VAWG_PUBLIC_URL names the "
        "dashboard's public address (set it before exporting for print), relative otherwise.",
    )
    export.add_argument("view", help='a page view as its link reads, e.g. "/trends?borough=Camden"')
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--out", required=True, help="the folder to write into (made if missing)")
    export.add_argument("--store", help="the store to read (default $VAWG_STORE or data/build/vawg.duckdb)")
    export.set_defaults(handler=run)
