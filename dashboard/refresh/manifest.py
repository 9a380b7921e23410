"""What `refresh` fetches: one record per published file, with its publisher, URL and expected format.

Publishers' hosts can be replaced (`--base-url`, or one environment setting per publisher below) so the
tests fetch from a local server; the path and query of each URL are kept.

URLs, and how sure we are of them:

* **London Datastore** (data.london.gov.uk): a file's download address changes with every upload
  (`/download/<dataset>/<upload id>/<file name>`), so a fixed file URL would be stale within a month.
  Each record names the dataset's entry in the Datastore's CKAN-compatible API
  (`/api/action/package_show?id=<short id>`, the five characters that end the dataset's page address)
  and a pattern for the resource's name; refresh asks the API for the current download address. The
  short ids (exy3m, 2yod5, 2l1w8) are those of the dataset pages; the resource name patterns are best
  knowledge (names as published in 2024-2026), so a renamed resource is reported, not guessed.
* **police.uk** (data.police.uk): `/data/archive/latest.zip` is the bulk archive of every force's
  files for the last three years (one folder per month), the only download that needs no form. It is
  large (gigabytes); refresh keeps only the Metropolitan and City of London street files from it.
* **ONS**: best knowledge default: the mid-2020 LSOA broad-age estimates workbook (sape23dt13). The
  ONS workbook puts persons, males and females on separate sheets, while the population reader reads
  the one-table layout (`LSOA11CD, …, Females_All-Ages, …`); until the ONS publishes that layout,
  point `VAWG_REFRESH_ONS_URL` at a host serving a file in it, or the check will say the header changed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from dashboard.ingest import homicide, population, street, vawg, wide_crime
from dashboard.ingest.reader import Reader


@dataclass(frozen=True)
class Publisher:
    key: str
    name: str
    host: str  # scheme://host of the real site
    env: str  # environment setting that replaces the host


DATASTORE = Publisher(
    "london_datastore", "London Datastore", "https://data.london.gov.uk", "VAWG_REFRESH_DATASTORE_URL"
)
POLICE_UK = Publisher("police_uk", "police.uk", "https://data.police.uk", "VAWG_REFRESH_POLICE_UK_URL")
ONS = Publisher("ons", "Office for National Statistics", "https://www.ons.gov.uk", "VAWG_REFRESH_ONS_URL")
PUBLISHERS = (DATASTORE, POLICE_UK, ONS)


@dataclass(frozen=True)
class Source:
    """One published file to fetch, and what it must look like to be ingested."""

    key: str  # short, unique: names the download folder
    publisher: Publisher
    dataset: str  # catalog key (dashboard/words/catalog.py DATASETS) the file is ingested as
    name: str  # what the one-line report calls it
    url: str  # on the real host; for the Datastore, the API entry that gives the current file address
    kinds: tuple[str, ...]  # what the content must be: 'csv' (plain or gzipped), 'xlsx', 'zip'
    reader: Reader  # the ingest reader that must recognise the header (as ingest picks it)
    resource: str = ""  # Datastore: regex the resource's name must match (case-insensitive)
    exclude: str = ""  # Datastore: regex the resource's name must not match
    member: str = ""  # police.uk archive: regex a member's file name must match

    def matches_resource(self, name: str) -> bool:
        return bool(re.search(self.resource, name, re.I)) and not (self.exclude and re.search(self.exclude, name, re.I))


def _datastore_api(short_id: str) -> str:
    return f"{DATASTORE.host}/api/action/package_show?id={short_id}"


POLICE_UK_ARCHIVE = f"{POLICE_UK.host}/data/archive/latest.zip"

SOURCES: tuple[Source, ...] = (
    Source(
        "borough_recent",
        DATASTORE,
        "mps_borough_crime",
        "MPS Borough Level Crime (most recent 24 months)",
        _datastore_api("exy3m"),
        ("csv",),
        wide_crime.BOROUGH_READER,
        resource=r"borough level crime",
        exclude=r"historical",
    ),
    Source(
        "borough_historical",
        DATASTORE,
        "mps_borough_crime",
        "MPS Borough Level Crime (Historical)",
        _datastore_api("exy3m"),
        ("csv",),
        wide_crime.BOROUGH_READER,
        resource=r"borough level crime.*historical",
    ),
    Source(
        "ward_recent",
        DATASTORE,
        "mps_ward_crime",
        "MPS Ward Level Crime (most recent 24 months)",
        _datastore_api("exy3m"),
        ("csv",),
        wide_crime.WARD_READER,
        resource=r"ward level crime",
        exclude=r"historical",
    ),
    Source(
        "ward_historical",
        DATASTORE,
        "mps_ward_crime",
        "MPS Ward Level Crime (Historical)",
        _datastore_api("exy3m"),
        ("csv",),
        wide_crime.WARD_READER,
        resource=r"ward level crime.*historical",
    ),
    Source(
        "vawg_offences",
        DATASTORE,
        "mps_vawg",
        "MPS VAWG dashboard data: offences",
        _datastore_api("2yod5"),
        ("xlsx", "csv"),
        vawg.READER,
        resource=r"offence",
    ),
    Source(
        "vawg_victims",
        DATASTORE,
        "mps_vawg",
        "MPS VAWG dashboard data: victims",
        _datastore_api("2yod5"),
        ("xlsx", "csv"),
        vawg.READER,
        resource=r"victim",
    ),
    Source(
        "homicide_victims",
        DATASTORE,
        "mps_homicide_victims",
        "MPS Homicide dashboard data: victims",
        _datastore_api("2l1w8"),
        ("csv", "xlsx"),
        homicide.VICTIMS_READER,
        resource=r"victim",
    ),
    Source(
        "homicide_accused",
        DATASTORE,
        "mps_homicide_accused",
        "MPS Homicide dashboard data: persons proceeded against",
        _datastore_api("2l1w8"),
        ("csv", "xlsx"),
        homicide.ACCUSED_READER,
        resource=r"accused|proceeded|ppa|suspect",
    ),
    Source(
        "police_uk_metropolitan",
        POLICE_UK,
        "police_uk_street",
        "police.uk street-level crime: Metropolitan Police Service",
        POLICE_UK_ARCHIVE,
        ("zip",),
        street.READER,
        member=r"^\d{4}-\d{2}-metropolitan-street\.csv$",
    ),
    Source(
        "police_uk_city_of_london",
        POLICE_UK,
        "police_uk_street",
        "police.uk street-level crime: City of London Police",
        POLICE_UK_ARCHIVE,
        ("zip",),
        street.READER,
        member=r"^\d{4}-\d{2}-city-of-london-street\.csv$",
    ),
    Source(
        "ons_population",
        ONS,
        "ons_population",
        "ONS mid-year population estimates by sex and broad age, LSOA",
        f"{ONS.host}/file?uri=/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/"
        "lowersuperoutputareamidyearpopulationestimatesnationalstatistics/mid2020sape23dt13/"
        "sape23dt13mid2020lsoabroadagesestimatesunformatted.xlsx",
        ("csv", "xlsx"),
        population.READER,
    ),
)


def host_for(publisher: Publisher, base_url: str | None = None) -> str:
    """The host to fetch a publisher's files from: --base-url, else its environment setting, else the real one."""
    return (base_url or os.environ.get(publisher.env) or publisher.host).rstrip("/")


def on_host(url: str, host: str) -> str:
    """`url` with its scheme and host (and any path prefix) replaced by `host`, keeping its path and query."""
    parts = urlsplit(url)
    base = urlsplit(host)
    path = base.path.rstrip("/") + parts.path
    return urlunsplit((base.scheme, base.netloc, path, parts.query, ""))
