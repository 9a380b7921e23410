"""Every published format the ingest reads, in the order they are tried against a file's header."""

from __future__ import annotations

from dashboard.ingest import contracts, homicide, population, street, tfl, vawg, wide_crime

READERS = [
    wide_crime.WARD_READER,  # before the borough reader: ward files also carry a borough column
    wide_crime.BOROUGH_READER,
    vawg.READER,
    homicide.VICTIMS_READER,
    homicide.ACCUSED_READER,
    street.READER,
    population.READER,
    tfl.READER,
    *contracts.READERS,
]
