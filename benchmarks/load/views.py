"""Which views the load benchmark asks for: every dashboard page, and all 32 boroughs where a page takes one.

The pages read the borough from `?borough=` and match it case-insensitively against the borough
names in the store (`dashboard.figures.vawg.borough_names`: the boroughs the Met's VAWG data
covers, the City of London not among them), so the names are read from the store the servers
use; the project's reference list of boroughs stands in when the store cannot be read.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_BOROUGHS = ROOT / "data" / "reference" / "london_boroughs.csv"
CITY_OF_LONDON_CODE = "E09000001"
BOROUGH = "{borough}"

# The views issue 10 names, as URL templates; "{borough}" takes a borough name.
PAGES = (
    "/",
    "/trends",
    f"/trends?borough={BOROUGH}",
    f"/boroughs?borough={BOROUGH}",
    "/homicide",
    "/hotspots",
    "/bus-shelters",
    "/about",
)
# The borough the per-view scenario repeats: one fixed view per page, so every repeat is warm.
PER_VIEW_BOROUGH = "Lambeth"


def label(template: str) -> str:
    """The name a view is reported under: its template, with any borough shown as '*'."""
    return template.replace(BOROUGH, "*")


def fill(template: str, borough: str) -> str:
    """The URL path of a template for one borough, encoded as the pages' own links encode it."""
    if BOROUGH not in template:
        return template
    page, _ = template.split("?", 1)
    return f"{page}?{urlencode({'borough': borough})}"


def boroughs_from_store(store: Path) -> list[str]:
    """The borough names the pages accept, read from the store with the pages' own query."""
    import os

    from dashboard import data
    from dashboard.figures.vawg import borough_names

    # dashboard.data reads the store named by VAWG_STORE; point it at this one only for the query.
    before = os.environ.get("VAWG_STORE")
    os.environ["VAWG_STORE"] = str(store)
    try:
        return list(borough_names(data.run("vawg_offences_by_borough_month")))
    finally:
        if before is None:
            del os.environ["VAWG_STORE"]
        else:
            os.environ["VAWG_STORE"] = before


def boroughs_from_reference() -> list[str]:
    """The 32 boroughs the Met polices, from the project's reference list."""
    with open(REFERENCE_BOROUGHS, newline="", encoding="utf-8") as handle:
        return sorted(
            row["borough_name"] for row in csv.DictReader(handle) if row["borough_code"] != CITY_OF_LONDON_CODE
        )


def borough_names(store: Path | None) -> tuple[list[str], str]:
    """Borough names and where they came from."""
    if store is not None and store.is_file():
        try:
            names = boroughs_from_store(store)
        except Exception as error:  # any failure to read the store: say so and use the reference list
            return boroughs_from_reference(), f"the reference list ({store} could not be read: {error})"
        if names:
            return names, f"the store {store}"
    return boroughs_from_reference(), "the reference list data/reference/london_boroughs.csv"


def distinct_views(boroughs: list[str]) -> list[str]:
    """Every view once: each page, and each borough page for every borough (for warming workers)."""
    views: list[str] = []
    for template in PAGES:
        if BOROUGH in template:
            views.extend(fill(template, name) for name in boroughs)
        else:
            views.append(template)
    return views


class ViewDeck:
    """Draws views so that every page and every borough comes up evenly: shuffled decks, dealt in turn.

    Pages and boroughs are each dealt from their own deck, reshuffled when it runs out, so a
    run of 600 views asks for each of the 8 pages 75 times and spreads the borough views over
    all 32 boroughs, in an order no cache can predict. Seeded, so a run can be repeated.
    """

    def __init__(self, boroughs: list[str], seed: int = 10) -> None:
        if not boroughs:
            raise ValueError("no boroughs to draw from")
        self._rng = random.Random(seed)
        self._pages: list[str] = []
        self._boroughs: list[str] = []
        self._all_boroughs = list(boroughs)

    def _deal(self, deck: list[str], full: list[str] | tuple[str, ...]) -> str:
        if not deck:
            deck.extend(full)
            self._rng.shuffle(deck)
        return deck.pop()

    def draw(self) -> tuple[str, str]:
        """(label, path) of the next view."""
        template = self._deal(self._pages, PAGES)
        borough = self._deal(self._boroughs, self._all_boroughs) if BOROUGH in template else ""
        return label(template), fill(template, borough)
