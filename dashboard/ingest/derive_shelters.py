"""Ingest-time tables for the bus-shelter CCTV pilot page: the whole evaluation, computed once per store.

Reads the base tables `bus_stops`, `boroughs` (boundaries), `street_crime`, `pilot_sites`,
`passenger_survey`, `shelter_incidents` and `datasets`, runs `dashboard.analysis.shelters` on them and
writes tidy tables the page only reads:

| table | grain |
|---|---|
| bus_stop_boroughs | one TfL stop: WGS84 by the pinned OSGB36 transformation, borough by boundary polygon |
| shelter_evaluation_info | one radius: crime type and why (a kind and JSON parameters), forces, months, site counts, illustrative flags |
| shelter_notes | one note on one radius's evaluation, in order |
| shelter_sites | one pilot or comparison site per radius (listed pilots that could not be used included; note as kind and JSON parameters) |
| shelter_did | one phase (and 'all') per radius: the difference in differences (numbers; worded at view time) |
| shelter_monthly | one radius x phase x group x calendar month: crimes near the sites |
| shelter_survey_shares | one question x site group x wave: share feeling safe with its Wilson interval |
| shelter_survey_did | one question: the difference in differences of the shares |
| shelter_incidents_monthly | one month x group: incidents TfL reports at listed shelters |

With no pilot list every table except bus_stop_boroughs and shelter_evaluation_info is empty, and the
page explains that no site list has been published.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from dashboard.analysis import shelters as sh
from dashboard.geometry import bng_to_wgs84
from dashboard.words.catalog import SHELTER_CRIME_TYPE_NOUNS

RADII_M = (100.0, 200.0)
MONTHS_BEFORE = 12
MONTHS_AFTER = 12
COMPARISONS_PER_PILOT = 3
PREFERRED_CRIME_TYPE = "Violence and sexual offences"
CITY_OF_LONDON = "E09000001"
FORCE_OF_CITY = "City of London Police"
FORCE_OF_REST = "Metropolitan Police Service"
# Values the TfL list puts in Bus_Stop_Code when a stop has no public code.
NO_CODE = {"", "NONE", "N/A", "NA", "NULL"}

TABLES: dict[str, list[tuple[str, str]]] = {
    "bus_stop_boroughs": [
        ("stop_code", "VARCHAR"),
        ("bus_stop_code", "VARCHAR"),
        ("stop_name", "VARCHAR"),
        ("longitude", "DOUBLE"),
        ("latitude", "DOUBLE"),
        ("borough_code", "VARCHAR"),
        ("borough_name", "VARCHAR"),
        ("police_force", "VARCHAR"),
        ("is_virtual", "BOOLEAN"),
    ],
    "shelter_evaluation_info": [
        ("radius_m", "DOUBLE"),
        ("is_default_radius", "BOOLEAN"),
        ("crime_type", "VARCHAR"),
        ("crime_type_noun", "VARCHAR"),
        ("crime_type_reason_kind", "VARCHAR"),
        ("crime_type_reason_params", "VARCHAR"),
        ("forces", "VARCHAR"),
        ("first_month", "DATE"),
        ("last_month", "DATE"),
        ("months_before", "INTEGER"),
        ("months_after", "INTEGER"),
        ("has_pilot_sites", "BOOLEAN"),
        ("pilot_sites_listed", "INTEGER"),
        ("pilot_sites_found", "INTEGER"),
        ("pilot_sites_evaluated", "INTEGER"),
        ("comparison_sites", "INTEGER"),
        ("is_illustrative", "BOOLEAN"),
        ("has_survey", "BOOLEAN"),
        ("survey_is_illustrative", "BOOLEAN"),
        ("has_incidents", "BOOLEAN"),
        ("incidents_are_illustrative", "BOOLEAN"),
        ("crimes_are_sample", "BOOLEAN"),
        ("stops_are_sample", "BOOLEAN"),
    ],
    "shelter_notes": [("radius_m", "DOUBLE"), ("note_order", "INTEGER"), ("kind", "VARCHAR"), ("params", "VARCHAR")],
    "shelter_sites": [
        ("radius_m", "DOUBLE"),
        ("site_id", "VARCHAR"),
        ("stop_code", "VARCHAR"),
        ("listed_code", "VARCHAR"),
        ("matched_by", "VARCHAR"),
        ("bus_stop_code", "VARCHAR"),
        ("stop_name", "VARCHAR"),
        ("role", "VARCHAR"),
        ("status", "VARCHAR"),
        ("matched_pilot", "VARCHAR"),
        ("matched_pilot_name", "VARCHAR"),
        ("phase", "VARCHAR"),
        ("borough", "VARCHAR"),
        ("longitude", "DOUBLE"),
        ("latitude", "DOUBLE"),
        ("live_date", "DATE"),
        ("before_first_month", "DATE"),
        ("before_last_month", "DATE"),
        ("after_first_month", "DATE"),
        ("after_last_month", "DATE"),
        ("crimes_before", "BIGINT"),
        ("crimes_after", "BIGINT"),
        ("included", "BOOLEAN"),
        ("note_kind", "VARCHAR"),
        ("note_params", "VARCHAR"),
        ("match_rank", "INTEGER"),
        ("count_difference", "BIGINT"),
        ("nearest_camera_m", "DOUBLE"),
    ],
    "shelter_did": [
        ("radius_m", "DOUBLE"),
        ("phase", "VARCHAR"),
        ("crime_type", "VARCHAR"),
        ("pilot_sites", "INTEGER"),
        ("comparison_sites", "INTEGER"),
        ("months_before", "INTEGER"),
        ("months_after", "INTEGER"),
        ("pilot_before", "BIGINT"),
        ("pilot_after", "BIGINT"),
        ("comparison_before", "BIGINT"),
        ("comparison_after", "BIGINT"),
        ("estimate", "DOUBLE"),
        ("lower", "DOUBLE"),
        ("upper", "DOUBLE"),
        ("absolute_estimate", "DOUBLE"),
        ("absolute_lower", "DOUBLE"),
        ("absolute_upper", "DOUBLE"),
        ("pre_period_ratio", "DOUBLE"),
        ("estimable", "BOOLEAN"),
        ("continuity_corrected", "BOOLEAN"),
        ("too_small", "BOOLEAN"),
    ],
    "shelter_monthly": [
        ("radius_m", "DOUBLE"),
        ("phase", "VARCHAR"),
        ("site_group", "VARCHAR"),
        ("month", "DATE"),
        ("sites", "INTEGER"),
        ("crimes", "BIGINT"),
        ("crimes_per_site", "DOUBLE"),
    ],
    "shelter_survey_shares": [
        ("question", "VARCHAR"),
        ("site_group", "VARCHAR"),
        ("wave", "VARCHAR"),
        ("feeling_safe", "BIGINT"),
        ("respondents", "BIGINT"),
        ("share", "DOUBLE"),
        ("lower", "DOUBLE"),
        ("upper", "DOUBLE"),
    ],
    "shelter_survey_did": [
        ("question", "VARCHAR"),
        ("pilot_before_share", "DOUBLE"),
        ("pilot_after_share", "DOUBLE"),
        ("comparison_before_share", "DOUBLE"),
        ("comparison_after_share", "DOUBLE"),
        ("pilot_before_n", "BIGINT"),
        ("pilot_after_n", "BIGINT"),
        ("comparison_before_n", "BIGINT"),
        ("comparison_after_n", "BIGINT"),
        ("estimate", "DOUBLE"),
        ("lower", "DOUBLE"),
        ("upper", "DOUBLE"),
        ("estimable", "BOOLEAN"),
        ("too_small", "BOOLEAN"),
        ("method", "VARCHAR"),
    ],
    "shelter_incidents_monthly": [
        ("month", "DATE"),
        ("site_group", "VARCHAR"),
        ("sites", "INTEGER"),
        ("incidents", "BIGINT"),
        ("sources", "VARCHAR"),
    ],
}


def build(con: duckdb.DuckDBPyConnection) -> None:
    """Create the precomputed shelters tables from the base tables already in the store."""
    stops, boundaries = stops_with_boroughs(con)
    crime = choose_crime_type(con)
    pilots, pilot_notes = match_pilots(con, stops)
    sample = sample_flags(con)

    info_rows, note_rows, site_parts, did_parts, monthly_parts = [], [], [], [], []
    for radius in RADII_M:
        run = evaluate_radius(pilots, stops, crime, boundaries, radius)
        notes = pilot_notes + crime.notes + run.notes
        # A note is stored as its kind and its parameters (JSON); the page words it at view time.
        note_rows += [
            {"radius_m": radius, "note_order": i, "kind": n.kind, "params": json.dumps(n.params)}
            for i, n in enumerate(notes, start=1)
        ]
        site_parts.append(run.sites.assign(radius_m=radius))
        did_parts.append(run.did.assign(radius_m=radius))
        monthly_parts.append(run.monthly.assign(radius_m=radius))
        info_rows.append(
            {
                "radius_m": radius,
                "is_default_radius": radius == RADII_M[0],
                "crime_type": crime.crime_type,
                "crime_type_noun": crime.noun,
                # Why this crime type, as its kind and parameters; the page words it at view time.
                "crime_type_reason_kind": crime.reason.kind,
                "crime_type_reason_params": json.dumps(crime.reason.params),
                "forces": ", ".join(crime.forces),
                "first_month": crime.months[0] if crime.months else None,
                "last_month": crime.months[-1] if crime.months else None,
                "months_before": MONTHS_BEFORE,
                "months_after": MONTHS_AFTER,
                "has_pilot_sites": len(pilots) > 0,
                "pilot_sites_listed": len(pilots),
                "pilot_sites_found": int(pilots["found"].sum()) if len(pilots) else 0,
                "pilot_sites_evaluated": int(((run.sites["role"] == "pilot") & run.sites["included"]).sum())
                if len(run.sites)
                else 0,
                "comparison_sites": int((run.sites["role"] == "comparison").sum()) if len(run.sites) else 0,
                "is_illustrative": sample["pilot_sites"],
                "has_survey": sample["has_survey"],
                "survey_is_illustrative": sample["passenger_survey"],
                "has_incidents": sample["has_incidents"],
                "incidents_are_illustrative": sample["shelter_incidents"],
                "crimes_are_sample": sample["street_crime"],
                "stops_are_sample": sample["bus_stops"],
            }
        )

    write(con, "bus_stop_boroughs", stops)
    write(con, "shelter_evaluation_info", pd.DataFrame(info_rows))
    write(con, "shelter_notes", pd.DataFrame(note_rows))
    write(con, "shelter_sites", pd.concat(site_parts, ignore_index=True))
    write(con, "shelter_did", pd.concat(did_parts, ignore_index=True))
    write(con, "shelter_monthly", pd.concat(monthly_parts, ignore_index=True))
    shares, survey_did = survey_tables(con, pilots)
    write(con, "shelter_survey_shares", shares)
    write(con, "shelter_survey_did", survey_did)
    write(con, "shelter_incidents_monthly", incidents_table(con, pilots))


# --------------------------------------------------------------------------------------------
# Stops and boroughs
# --------------------------------------------------------------------------------------------


def stops_with_boroughs(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, dict]:
    """Every TfL stop with WGS84 from the pinned transformation and the borough polygon it falls in; and the polygons.

    The stop list has no borough. Coordinates are recomputed from the eastings and northings with
    `geometry.bng_to_wgs84` (a pinned Helmert pipeline) so a crime is in or out of a radius on every
    machine alike, whatever PROJ grids are installed.
    """
    stops = con.execute(
        "SELECT stop_code, bus_stop_code, naptan_atco, stop_name, easting, northing, is_virtual FROM bus_stops "
        "ORDER BY stop_code"
    ).df()
    lon, lat = bng_to_wgs84(stops["easting"].to_numpy(dtype=float), stops["northing"].to_numpy(dtype=float))
    stops["longitude"], stops["latitude"] = lon, lat
    boundaries = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": code}, "geometry": json.loads(geometry)}
            for code, geometry in con.execute(
                "SELECT borough_code, boundary_geojson FROM boroughs WHERE boundary_geojson IS NOT NULL ORDER BY borough_code"
            ).fetchall()
        ],
    }
    names = dict(con.execute("SELECT borough_code, borough_name FROM boroughs").fetchall())
    codes = sh.borough_for_points(lon, lat, boundaries, name_property="code") if len(stops) else np.array([])
    stops["borough_code"] = pd.Series(codes, index=stops.index, dtype=object)
    stops["borough_name"] = stops["borough_code"].map(names)
    stops["police_force"] = np.where(
        stops["borough_code"].isna(),
        None,
        np.where(stops["borough_code"] == CITY_OF_LONDON, FORCE_OF_CITY, FORCE_OF_REST),
    )
    return stops.drop(columns=["easting", "northing"]), boundaries


# --------------------------------------------------------------------------------------------
# Crime type and coverage
# --------------------------------------------------------------------------------------------


@dataclass
class CrimeChoice:
    crime_type: str | None
    noun: str
    reason: sh.Note  # why this crime type: a kind and its parameters (dashboard/words/shelters.py words it)
    forces: list[str]
    months: list[pd.Timestamp]
    crimes: pd.DataFrame
    notes: list[sh.Note] = field(default_factory=list)


def choose_crime_type(con: duckdb.DuckDBPyConnection) -> CrimeChoice:
    """'Violence and sexual offences' when the store has any, else the most common type; and the months to use.

    Crimes come only from forces whose files hold that type, over the months every one of those
    forces covers (a force's file counts as covering a month if it has any row that month, since a
    month can have no crime of one type). One marker row per month without coordinates tells
    `evaluate` which months are covered.
    """
    counts = con.execute(
        "SELECT crime_type, count(*) AS crimes FROM street_crime WHERE longitude IS NOT NULL "
        "GROUP BY crime_type ORDER BY crimes DESC, crime_type"
    ).df()
    empty = pd.DataFrame(
        {
            "month": pd.Series(dtype="datetime64[ns]"),
            "longitude": pd.Series(dtype=float),
            "latitude": pd.Series(dtype=float),
        }
    )
    if counts.empty:
        return CrimeChoice(
            None,
            "crimes",
            sh.Note("no_crimes", {}),
            [],
            [],
            empty,
            [sh.Note("no_crimes", {})],
        )
    if PREFERRED_CRIME_TYPE in set(counts["crime_type"]):
        crime_type = PREFERRED_CRIME_TYPE
        reason = sh.Note("closest_to_vawg", {"crime_type": crime_type})
    else:
        crime_type = str(counts["crime_type"].iloc[0])
        reason = sh.Note("stand_in", {"preferred": PREFERRED_CRIME_TYPE, "crime_type": crime_type})
    forces = [
        f
        for (f,) in con.execute(
            "SELECT DISTINCT force FROM street_crime WHERE crime_type = $t ORDER BY force", {"t": crime_type}
        ).fetchall()
    ]
    months = [
        pd.Timestamp(m)
        for (m,) in con.execute(
            "SELECT month FROM street_crime WHERE force IN (SELECT DISTINCT force FROM street_crime WHERE crime_type = $t) "
            "GROUP BY month HAVING count(DISTINCT force) = $n ORDER BY month",
            {"t": crime_type, "n": len(forces)},
        ).fetchall()
    ]
    crimes = con.execute(
        "SELECT month, longitude, latitude FROM street_crime WHERE crime_type = $t AND longitude IS NOT NULL "
        "AND latitude IS NOT NULL AND month IN (SELECT unnest($months::DATE[]))",
        {"t": crime_type, "months": [m.date() for m in months]},
    ).df()
    markers = pd.DataFrame({"month": pd.to_datetime(months), "longitude": np.nan, "latitude": np.nan})
    crimes = pd.concat([crimes.assign(month=pd.to_datetime(crimes["month"])), markers], ignore_index=True)
    notes = []
    missing = sorted({FORCE_OF_CITY, FORCE_OF_REST} - set(forces))
    if missing:
        notes.append(sh.Note("force_missing", {"crime_type": crime_type, "forces": forces, "missing": missing}))
    noun = SHELTER_CRIME_TYPE_NOUNS.get(crime_type, f"{crime_type.lower()} crimes")
    return CrimeChoice(crime_type, noun, reason, forces, months, crimes, notes)


# --------------------------------------------------------------------------------------------
# Pilot sites
# --------------------------------------------------------------------------------------------


def _problem(kind: str, **params: object) -> str:
    """Why a listed pilot cannot be evaluated, as JSON of its kind and parameters (worded by
    dashboard/words/shelter_problems.py); JSON text so pandas keeps it as one plain value."""
    return json.dumps({"kind": kind, **params})


def _params_of(problem: str) -> str:
    """A `_problem`'s parameters without its kind, as JSON (shelter_sites.note_params)."""
    params = json.loads(problem)
    params.pop("kind")
    return json.dumps(params)


def match_pilots(con: duckdb.DuckDBPyConnection, stops: pd.DataFrame) -> tuple[pd.DataFrame, list[sh.Note]]:
    """Each listed pilot with the TfL stop it names: by Bus_Stop_Code, else by LBSL stop code, else by ATCO code.

    Returns one row per listed pilot (first listing of a stop wins) with `found`, `matched_by`, the
    stop's fields and a `problem` (JSON of its kind and parameters, see `_problem`) for pilots that
    cannot be evaluated, and notes for the page.
    """
    listed = con.execute(
        "SELECT bus_stop_code, phase, camera_live_date, dataset_id FROM pilot_sites ORDER BY camera_live_date, bus_stop_code"
    ).df()
    notes: list[sh.Note] = []
    columns = [
        "listed_code",
        "phase",
        "live_date",
        "found",
        "matched_by",
        "stop_code",
        "bus_stop_code",
        "stop_name",
        "borough_code",
        "borough",
        "police_force",
        "longitude",
        "latitude",
        "problem",
    ]
    if listed.empty:
        return pd.DataFrame(columns=columns), notes
    public = stops["bus_stop_code"].fillna("").astype(str).str.strip()
    public = public.where(~public.str.upper().isin(NO_CODE))
    keys = {
        "bus_stop_code": public,
        "stop_code": stops["stop_code"].astype(str).str.strip(),
        "naptan_atco": stops["naptan_atco"].fillna("").astype(str).str.strip().str.upper(),
    }

    rows, seen = [], set()
    for _, pilot in listed.iterrows():
        code = str(pilot["bus_stop_code"]).strip()
        row = {
            "listed_code": code,
            "phase": str(pilot["phase"]),
            "live_date": pd.Timestamp(pilot["camera_live_date"]),
            "found": False,
            "matched_by": None,
            "problem": None,
        }
        for key, values in keys.items():
            hits = stops.loc[values == (code.upper() if key == "naptan_atco" else code)]
            if len(hits) > 1 and (~hits["is_virtual"].astype(bool)).any():
                hits = hits.loc[~hits["is_virtual"].astype(bool)]  # a virtual stop is a timing point, not a shelter
            if len(hits) == 1:
                stop = hits.iloc[0]
                row.update(
                    found=True,
                    matched_by=key,
                    **{
                        c: stop[c]
                        for c in (
                            "stop_code",
                            "bus_stop_code",
                            "stop_name",
                            "borough_code",
                            "police_force",
                            "longitude",
                            "latitude",
                        )
                    },
                )
                row["borough"] = stop["borough_name"]
                break
            if len(hits) > 1:
                row["problem"] = _problem("code_names_several_stops", code=str(code), stops=len(hits))
                break
        if not row["found"] and row["problem"] is None:
            row["problem"] = _problem("code_not_found", code=str(code))
        elif row["found"] and row["stop_code"] in seen:
            notes.append(sh.Note("listed_twice", {"code": str(code)}))
            continue
        elif row["found"] and pd.isna(row.get("borough_code")):
            row["problem"] = _problem("outside_boroughs")
        if row["found"]:
            seen.add(row["stop_code"])
        rows.append(row)
    pilots = pd.DataFrame(rows).reindex(columns=columns)
    return pilots, notes


def sample_flags(con: duckdb.DuckDBPyConnection) -> dict[str, bool]:
    """Whether each input table's rows come from bundled sample (illustrative) files, and which are present."""
    flags = {}
    for table in ("pilot_sites", "passenger_survey", "shelter_incidents", "street_crime", "bus_stops"):
        flags[table] = bool(
            con.execute(
                f"SELECT coalesce(bool_or(d.is_sample), false) FROM (SELECT DISTINCT dataset_id FROM {table}) t "  # noqa: S608 (constant names)
                "JOIN datasets d USING (dataset_id)"
            ).fetchone()[0]
        )
    flags["has_survey"] = con.execute("SELECT count(*) > 0 FROM passenger_survey").fetchone()[0]
    flags["has_incidents"] = con.execute("SELECT count(*) > 0 FROM shelter_incidents").fetchone()[0]
    return flags


# --------------------------------------------------------------------------------------------
# The evaluation at one radius
# --------------------------------------------------------------------------------------------


@dataclass
class RadiusRun:
    sites: pd.DataFrame
    did: pd.DataFrame
    monthly: pd.DataFrame
    notes: list[sh.Note]


def evaluate_radius(
    pilots: pd.DataFrame, stops: pd.DataFrame, crime: CrimeChoice, boundaries: dict, radius: float
) -> RadiusRun:
    """`shelters.evaluate` on the pilots that can be evaluated, with every listed pilot kept in `sites`."""
    site_columns = [c for c, _ in TABLES["shelter_sites"] if c != "radius_m"]
    did_columns = [c for c, _ in TABLES["shelter_did"] if c != "radius_m"]
    monthly_columns = [c for c, _ in TABLES["shelter_monthly"] if c != "radius_m"]
    notes: list[sh.Note] = []
    if pilots.empty:
        return RadiusRun(
            pd.DataFrame(columns=site_columns),
            pd.DataFrame(columns=did_columns),
            pd.DataFrame(columns=monthly_columns),
            notes,
        )

    usable = pilots["found"].astype(bool) & pilots["problem"].isna()
    if crime.crime_type is not None:
        outside = usable & ~pilots["police_force"].isin(crime.forces)
        pilots = pilots.copy()
        pilots.loc[outside, "problem"] = pilots.loc[outside, "police_force"].map(
            lambda f: _problem("force_not_in_store", crime_type=crime.crime_type, force=str(f))
        )
        usable &= ~outside
    else:
        pilots = pilots.copy()
        pilots.loc[usable, "problem"] = _problem("no_crimes")
        usable[:] = False

    candidates = stops.loc[stops["borough_name"].notna()].rename(columns={"borough_name": "borough"})
    by_stop = stops.set_index("stop_code")
    evaluation = None
    if usable.any():
        # Pilots go by the code they were listed under; comparison stops by their TfL (LBSL) stop code.
        to_evaluate = pilots.loc[usable, ["listed_code", "borough", "longitude", "latitude", "live_date", "phase"]]
        try:
            evaluation = sh.evaluate(
                to_evaluate.rename(columns={"listed_code": "site_id"}),
                candidates[["stop_code", "borough", "longitude", "latitude", "is_virtual"]],
                crime.crimes,
                radius_m=radius,
                months_before=MONTHS_BEFORE,
                months_after=MONTHS_AFTER,
                per_pilot=COMPARISONS_PER_PILOT,
            )
        except ValueError as error:  # odd input must not stop the whole ingest: the page says why
            notes.append(sh.Note("evaluation_failed", {"error": str(error)}))

    rows = []
    if evaluation is not None:
        notes += list(evaluation.notes)
        sites = evaluation.sites.copy()
        sites["note_params"] = [json.dumps(p) if isinstance(p, dict) else None for p in sites["note_params"]]
        listed = pilots.loc[usable].set_index("listed_code")
        is_pilot = sites["role"] == "pilot"
        sites["stop_code"] = np.where(is_pilot, sites["site_id"].map(listed["stop_code"]), sites["site_id"])
        sites["stop_name"] = sites["stop_code"].map(by_stop["stop_name"])
        sites["bus_stop_code"] = sites["stop_code"].map(by_stop["bus_stop_code"])
        sites["listed_code"] = np.where(is_pilot, sites["site_id"], None)
        sites["matched_by"] = np.where(is_pilot, sites["site_id"].map(listed["matched_by"]), None)
        sites["matched_pilot_name"] = sites["matched_pilot"].map(listed["stop_name"])
        sites["status"] = np.where(~is_pilot, "comparison", np.where(sites["included"], "evaluated", "not evaluated"))
        rows.append(sites)
    skipped = pilots.loc[~usable]
    if len(skipped):
        rows.append(
            pd.DataFrame(
                {
                    "site_id": skipped["listed_code"].to_numpy(),
                    "stop_code": skipped["stop_code"].to_numpy(),
                    "listed_code": skipped["listed_code"].to_numpy(),
                    "matched_by": skipped["matched_by"].to_numpy(),
                    "bus_stop_code": skipped["bus_stop_code"].to_numpy(),
                    "stop_name": skipped["stop_name"].to_numpy(),
                    "role": "pilot",
                    "status": np.where(skipped["found"].astype(bool), "not evaluated", "not found"),
                    "phase": skipped["phase"].to_numpy(),
                    "borough": skipped["borough"].to_numpy(),
                    "longitude": skipped["longitude"].astype(float).to_numpy(),
                    "latitude": skipped["latitude"].astype(float).to_numpy(),
                    "live_date": skipped["live_date"].to_numpy(),
                    "included": False,
                    # The reason as its kind and parameters; the page words it at view time.
                    "note_kind": [json.loads(p)["kind"] for p in skipped["problem"]],
                    "note_params": [_params_of(p) for p in skipped["problem"]],
                }
            )
        )
        notes += [
            sh.Note(
                "pilot_left_out",
                {
                    "listed_code": str(p["listed_code"]),
                    "stop_name": str(p["stop_name"]) if p["found"] else None,
                    "problem": json.loads(p["problem"]),
                },
            )
            for _, p in skipped.iterrows()
        ]
    sites = (
        pd.concat(rows, ignore_index=True).reindex(columns=site_columns) if rows else pd.DataFrame(columns=site_columns)
    )
    sites["phase"] = sites["phase"].astype(str)

    if evaluation is None:
        return RadiusRun(sites, pd.DataFrame(columns=did_columns), pd.DataFrame(columns=monthly_columns), notes)

    notes += _circles_crossing_uncovered_areas(sites, crime, boundaries, radius)
    notes += _near_unevaluated_cameras(sites, radius)
    did = evaluation.did.copy()
    did["crime_type"] = crime.crime_type  # sentences are worded at view time (dashboard/words/shelters.py)
    monthly = monthly_near_sites(sites, crime, radius)
    return RadiusRun(sites, did.reindex(columns=did_columns), monthly, notes)


def _circles_crossing_uncovered_areas(
    sites: pd.DataFrame, crime: CrimeChoice, boundaries: dict, radius: float, points: int = 24
) -> list[sh.Note]:
    """Notes for evaluated sites whose circle reaches an area policed by a force with no points in the store.

    Tested on `points` points round each circle's edge, so a sliver narrower than the spacing
    (about 26 m at 100 m) can be missed.
    """
    missing = {FORCE_OF_CITY, FORCE_OF_REST} - set(crime.forces)
    used = sites.loc[sites["included"].astype(bool)]
    if not missing or used.empty:
        return []
    angles = np.linspace(0, 2 * np.pi, points, endpoint=False)
    lat = used["latitude"].to_numpy(float)[:, None]
    dlat = np.degrees(radius / sh.EARTH_RADIUS_M) * np.cos(angles)[None, :]
    dlon = np.degrees(radius / sh.EARTH_RADIUS_M) * np.sin(angles)[None, :] / np.cos(np.radians(lat))
    codes = sh.borough_for_points(
        used["longitude"].to_numpy(float)[:, None] + dlon, lat + dlat, boundaries, name_property="code"
    )
    force = np.where(codes == None, None, np.where(codes == CITY_OF_LONDON, FORCE_OF_CITY, FORCE_OF_REST))  # noqa: E711
    crossing = used.loc[np.isin(force, list(missing)).any(axis=1)]
    if crossing.empty:
        return []
    return [
        sh.Note(
            "circle_reaches_missing_force",
            {
                "radius_m": float(radius),
                "sites": [[str(r["site_id"]), str(r["stop_name"])] for _, r in crossing.iterrows()],
                "missing": sorted(missing),
                "crime_type": crime.crime_type,
            },
        )
    ]


def _near_unevaluated_cameras(sites: pd.DataFrame, radius: float) -> list[sh.Note]:
    """Comparison stops close to a listed camera that `evaluate` never saw (it was left out before matching)."""
    cameras = sites.loc[(sites["role"] == "pilot") & (sites["status"] == "not evaluated") & sites["longitude"].notna()]
    comps = sites.loc[sites["role"] == "comparison"]
    if cameras.empty or comps.empty:
        return []
    d = sh.haversine_m(
        comps["longitude"].to_numpy(float)[:, None],
        comps["latitude"].to_numpy(float)[:, None],
        cameras["longitude"].to_numpy(float)[None, :],
        cameras["latitude"].to_numpy(float)[None, :],
    )
    close = comps.loc[(d <= 2 * radius).any(axis=1), "site_id"].tolist()
    return [
        sh.Note("comparison_near_left_out_camera", {"site_id": str(s), "within_m": float(2 * radius)}) for s in close
    ]


def monthly_near_sites(sites: pd.DataFrame, crime: CrimeChoice, radius: float) -> pd.DataFrame:
    """Crimes near the evaluated sites per calendar month, summed by group, per phase and for 'all'."""
    used = sites.loc[sites["included"].astype(bool)].reset_index(drop=True)
    columns = [c for c, _ in TABLES["shelter_monthly"] if c != "radius_m"]
    if used.empty or not crime.months:
        return pd.DataFrame(columns=columns)
    counts = sh.crimes_near_sites(
        used[["site_id", "longitude", "latitude"]].assign(site_id=used.index),
        crime.crimes,
        radius_m=radius,
        months=crime.months,
    )
    counts = counts.merge(used[["role", "phase"]], left_on="site_id", right_index=True)
    parts = []
    for phase in sorted(used["phase"].unique()) + ["all"]:
        group = counts if phase == "all" else counts.loc[counts["phase"] == phase]
        chosen = used if phase == "all" else used.loc[used["phase"] == phase]
        for role in ("pilot", "comparison"):
            n = int((chosen["role"] == role).sum())
            if n == 0:
                continue
            totals = group.loc[group["role"] == role].groupby("month")["crimes"].sum()
            parts.append(
                pd.DataFrame(
                    {
                        "phase": phase,
                        "site_group": role,
                        "month": totals.index,
                        "sites": n,
                        "crimes": totals.to_numpy(),
                        "crimes_per_site": totals.to_numpy() / n,
                    }
                )
            )
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


# --------------------------------------------------------------------------------------------
# Survey and incidents
# --------------------------------------------------------------------------------------------


def survey_tables(con: duckdb.DuckDBPyConnection, pilots: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shares feeling safe and their difference in differences, per question.

    `site_group` may name a group ('pilot', 'comparison') or a site: a listed pilot's code counts
    as 'pilot'; other values are kept as they are (shown, but not part of the pilot/comparison DiD).
    """
    survey = con.execute("SELECT site_group, wave, question, response, respondents FROM passenger_survey").df()
    share_columns = [c for c, _ in TABLES["shelter_survey_shares"]]
    did_columns = [c for c, _ in TABLES["shelter_survey_did"]]
    if survey.empty:
        return pd.DataFrame(columns=share_columns), pd.DataFrame(columns=did_columns)
    group = survey["site_group"].astype(str).str.strip()
    lowered = group.str.lower()
    pilot_codes = set(pilots["listed_code"].astype(str)) if len(pilots) else set()
    survey["site_group"] = np.where(
        lowered.isin(["pilot", "comparison"]), lowered, np.where(group.isin(pilot_codes), "pilot", group)
    )
    result = sh.survey_feeling_safe(survey)
    return result.shares.reindex(columns=share_columns), result.did.reindex(columns=did_columns)


def incidents_table(con: duckdb.DuckDBPyConnection, pilots: pd.DataFrame) -> pd.DataFrame:
    """Incidents TfL reports at shelters, per month, for listed pilot shelters and for any other shelters listed."""
    incidents = con.execute("SELECT bus_stop_code, month, incidents, source FROM shelter_incidents").df()
    columns = [c for c, _ in TABLES["shelter_incidents_monthly"]]
    if incidents.empty:
        return pd.DataFrame(columns=columns)
    pilot_codes = set(pilots["listed_code"].astype(str)) if len(pilots) else set()
    incidents["site_group"] = np.where(
        incidents["bus_stop_code"].astype(str).str.strip().isin(pilot_codes), "pilot", "other listed shelter"
    )
    out = (
        incidents.groupby(["month", "site_group"])
        .agg(
            sites=("bus_stop_code", "nunique"),
            incidents=("incidents", "sum"),
            sources=("source", lambda s: "; ".join(sorted(set(map(str, s))))),
        )
        .reset_index()
    )
    return out[columns]


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def write(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    """Create `name` with its documented columns and insert `frame` (which may be empty)."""
    columns = TABLES[name]
    ddl = ", ".join(f'"{c}" {t}' for c, t in columns)
    con.execute(f"CREATE TABLE {name} ({ddl})")  # names and types are constants of this module, never input
    if frame is None or frame.empty:
        return
    data = frame.reindex(columns=[c for c, _ in columns]).astype(object)
    data = data.where(pd.notna(data), None)
    con.register("shelter_incoming", data)
    names = ", ".join(f'"{c}"' for c, _ in columns)
    casts = ", ".join(f'CAST("{c}" AS {t})' for c, t in columns)
    con.execute(f"INSERT INTO {name} ({names}) SELECT {casts} FROM shelter_incoming")
    con.unregister("shelter_incoming")
