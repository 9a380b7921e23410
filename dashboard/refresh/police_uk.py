"""police.uk's bulk archive: keep one force's street files, in folders that say which archive they came from.

The archive (`latest.zip`) holds one folder per month (`2026-09/2026-09-metropolitan-street.csv`).
Files are written as `<dest>/archive-<latest month in the archive>/<month>/<file>`, so when two
archives' copies of a month meet at ingest, the folder names say which is later
(dashboard/ingest/street_copies.py). Only a member's file name is used, never its path, so an
archive cannot write outside `dest`.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath

from dashboard.refresh.checks import CheckFailed, check_header
from dashboard.refresh.manifest import Source

MONTH = re.compile(r"^(\d{4}-\d{2})-")


def extract(source: Source, archive: Path, dest: Path) -> list[Path]:
    """The source's street files from `archive`, each checked as ingest will read it. Raises CheckFailed."""
    try:
        with zipfile.ZipFile(archive) as opened:
            wanted = [
                (info, PurePosixPath(info.filename).name)
                for info in opened.infolist()
                if not info.is_dir() and re.search(source.member, PurePosixPath(info.filename).name)
            ]
            if not wanted:
                raise CheckFailed(f"no files named like /{source.member}/ in the archive")
            months = sorted(MONTH.match(name).group(1) for _, name in wanted)
            folder = dest / f"archive-{months[-1]}"
            written = []
            for info, name in wanted:
                target = folder / MONTH.match(name).group(1) / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with opened.open(info) as member, open(target, "wb") as out:
                    shutil.copyfileobj(member, out)
                written.append(target)
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as error:
        raise CheckFailed(f"a damaged or truncated zip archive ({error})") from None
    for path in written:
        try:
            check_header(path, source.reader)
        except CheckFailed as failure:
            raise CheckFailed(f"{path.name}: {failure}") from None
    return sorted(written)
