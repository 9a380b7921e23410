"""Reader for the TfL bus stop list: British National Grid eastings/northings, converted to WGS84."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.geometry import bng_to_wgs84
from dashboard.ingest.reader import Reader, ReadResult, data_rows, text_value
from dashboard.ingest.tablefile import TableFile

COLUMNS = [
    "stop_code_lbsl",
    "bus_stop_code",
    "naptan_atco",
    "stop_name",
    "location_easting",
    "location_northing",
    "heading",
    "stop_area",
    "virtual_bus_stop",
]


def metres(table: TableFile, line: int, values: list, column: str) -> float:
    raw = text_value(values[table.index(column)])
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not (0 <= value <= 1_300_000):
        raise table.error(
            "British National Grid metres (0 to 1,300,000)",
            line=line,
            column=table.header[table.index(column)],
            found=raw,
        )
    return value


def read(table: TableFile) -> ReadResult:
    records = []
    for line, values in data_rows(table):
        get = lambda column, values=values: text_value(values[table.index(column)])  # noqa: E731
        records.append(
            {
                "stop_code": get("stop_code_lbsl"),
                "bus_stop_code": get("bus_stop_code") or None,
                # Some published ATCO codes carry a line break inside the quotes; it is not part of the code.
                "naptan_atco": "".join(get("naptan_atco").split()) or None,
                "stop_name": get("stop_name"),
                "easting": metres(table, line, values, "location_easting"),
                "northing": metres(table, line, values, "location_northing"),
                "heading": get("heading") or None,
                "stop_area": get("stop_area") or None,
                "is_virtual": get("virtual_bus_stop") == "1",
            }
        )
    frame = pd.DataFrame(records)
    # One pinned transformation for the whole project, so a machine with extra PROJ grids installed
    # cannot move a stop in or out of a 100 m circle.
    lon, lat = bng_to_wgs84(frame["easting"].to_numpy(), frame["northing"].to_numpy())
    frame["longitude"], frame["latitude"] = np.round(lon, 7), np.round(lat, 7)
    return ReadResult("tfl_bus_stops", {"bus_stops": frame}, len(table.rows))


READER = Reader("TfL bus stops", lambda t: t.columns == COLUMNS, read)
