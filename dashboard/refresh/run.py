"""One refresh: fetch every source into a dated folder, check each, then ingest them as a new release.

* A source that fails (no answer in time, 404, truncated, header changed, HTML instead of a file) is
  reported with its URL and why; the others carry on.
* A dataset (catalog key) is replaced only when every source of it was fetched and passed its checks;
  otherwise, and for every dataset refresh does not fetch (boundaries, TfL, the illustrative pilot
  and release files), the files the current store was built from are carried over as they are.
* When the files to ingest are byte for byte (sha256) the current store's files, nothing is built:
  "nothing changed", and the new download folder is removed.
* The store is replaced only by `build_store`, which builds beside it and swaps atomically, so a
  failed ingest leaves the store being served byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import data
from dashboard.ingest.build import Summary, build_store, sha256_of
from dashboard.ingest.errors import IngestError
from dashboard.refresh import datastore, police_uk
from dashboard.refresh.checks import CheckFailed, check_header, check_kind, check_response
from dashboard.refresh.fetch import FetchError, fetch
from dashboard.refresh.manifest import DATASTORE, POLICE_UK, SOURCES, Source, host_for, on_host
from dashboard.refresh.progress import Progress, size

#: Answers that are not published files (API JSON, the police.uk archive) go in a dot-folder: ingest never reads it.
WORKING = ".fetch"


@dataclass
class Fetched:
    source: Source
    url: str
    files: list[Path]


@dataclass
class Failure:
    source: Source
    url: str
    reason: str


@dataclass
class Outcome:
    folder: Path
    fetched: list[Fetched] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    carried: list[Path] = field(default_factory=list)
    ingested: list[Path] = field(default_factory=list)
    changed: bool = False
    summary: Summary | None = None
    error: str | None = None  # why nothing was built, when something stopped it


@dataclass
class Settings:
    base_url: str | None = None
    timeout: float = 60.0
    retries: int = 2


def dated_folder(root: Path, today: dt.date) -> Path:
    """root/YYYY-MM-DD, or -2, -3 ... when a refresh already ran that day (its files stay as they were)."""
    folder, counter = root / f"{today:%Y-%m-%d}", 1
    while folder.exists():
        counter += 1
        folder = root / f"{today:%Y-%m-%d}-{counter}"
    return folder


class Fetcher:
    """Fetches sources into one folder; a URL several sources share (an API answer, an archive) is fetched once."""

    def __init__(self, folder: Path, settings: Settings, progress: Progress) -> None:
        self.folder = folder
        self.settings = settings
        self.progress = progress
        self._shared: dict[str, Path | Exception] = {}

    def url_of(self, source: Source) -> str:
        host = host_for(source.publisher, self.settings.base_url)
        return on_host(source.url, host) if host != source.publisher.host else source.url

    def get(self, url: str, target: Path, label: str) -> Path:
        download = fetch(
            url,
            target,
            timeout=self.settings.timeout,
            retries=self.settings.retries,
            on_bytes=self.progress.download(label),
        )
        check_response(download)
        return download.path

    def shared(self, url: str, name: str, label: str) -> Path:
        if url not in self._shared:
            try:
                self._shared[url] = self.get(url, self.folder / WORKING / f"{len(self._shared) + 1}-{name}", label)
            except (FetchError, CheckFailed) as error:
                self._shared[url] = error
        found = self._shared[url]
        if isinstance(found, Exception):
            raise found
        return found

    def fetch(self, source: Source) -> Fetched:
        """Download and check one source. Raises FetchError or CheckFailed, with `.url` set to the URL at fault."""
        url = self.url_of(source)
        try:
            if source.publisher is DATASTORE:
                answer = self.shared(url, "package_show.json", f"{source.name} (Datastore API)")
                url = datastore.resource_url(source, answer)
                host = host_for(DATASTORE, self.settings.base_url)
                if host != DATASTORE.host:
                    url = on_host(url, host)
                target = self.folder / source.publisher.key / source.key / (datastore.file_name(url) or source.key)
                files = [self.get(url, target, source.name)]
            elif source.publisher is POLICE_UK:
                archive = self.shared(url, "police_uk_archive.zip", "police.uk archive")
                check_kind(archive, source.kinds)
                return Fetched(source, url, police_uk.extract(source, archive, self.folder / source.publisher.key))
            else:
                target = self.folder / source.publisher.key / (datastore.file_name(url) or source.key)
                files = [self.get(url, target, source.name)]
            for path in files:
                check_kind(path, source.kinds)
                check_header(path, source.reader)
        except (FetchError, CheckFailed) as error:
            error.url = url
            raise
        return Fetched(source, url, files)


def current_sources(store: Path) -> list[tuple[str, Path, str]]:
    """(dataset, file path, sha256) of every file the current store was built from; [] when there is no store."""
    if not store.is_file():
        return []
    with data.reading(store):
        rows = data.run("store_source_files")
    return [(row.dataset, Path(row.file_path), row.sha256) for row in rows.itertuples()]


def refresh(
    store: Path,
    downloads: Path,
    settings: Settings | None = None,
    progress: Progress | None = None,
    sources: tuple[Source, ...] = SOURCES,
    today: dt.date | None = None,
) -> Outcome:
    settings = settings or Settings()
    progress = progress or Progress()
    outcome = Outcome(dated_folder(downloads, today or dt.date.today()))
    try:
        current = current_sources(store)
    except Exception as error:  # QueryError, or DuckDB's own (a damaged file), which only data and ingest import
        outcome.error = f"cannot read which files the store at {store} was built from ({error})"
        return outcome
    fetcher = Fetcher(outcome.folder, settings, progress)
    for source in sources:
        try:
            fetched = fetcher.fetch(source)
        except (FetchError, CheckFailed) as error:
            outcome.failed.append(Failure(source, getattr(error, "url", source.url), str(error)))
            progress.line(f"failed  {source.name}")
            continue
        outcome.fetched.append(fetched)
        total = sum(p.stat().st_size for p in fetched.files)
        progress.line(f"fetched {source.name}: {len(fetched.files)} file(s), {size(total)}")
    shutil.rmtree(outcome.folder / WORKING, ignore_errors=True)  # API answers and the archive: their files are kept

    failed_datasets = {f.source.dataset for f in outcome.failed}
    downloaded = [p for f in outcome.fetched if f.source.dataset not in failed_datasets for p in f.files]
    outcome.carried = sorted(
        {
            path
            for dataset, path, _ in current
            if dataset not in {s.dataset for s in sources} or dataset in failed_datasets
        }
    )
    missing = [p for p in outcome.carried if not p.is_file()]
    if missing:
        outcome.error = f"cannot carry over {len(missing)} file(s) the current store was built from, e.g. {missing[0]}"
        return outcome
    if not downloaded:
        outcome.error = "no file was fetched and checked, so there is nothing to ingest"
        shutil.rmtree(outcome.folder, ignore_errors=True)
        return outcome
    outcome.ingested = downloaded + outcome.carried
    before = {sha for _, _, sha in current}
    outcome.changed = {sha256_of(p) for p in outcome.ingested} != before
    if not outcome.changed:
        shutil.rmtree(outcome.folder, ignore_errors=True)
        return outcome
    try:
        outcome.summary = build_store(outcome.ingested, store, progress=progress.step)
    except IngestError as error:
        outcome.error = f"ingest failed: {error}"
    finally:
        progress.finish()
    return outcome
