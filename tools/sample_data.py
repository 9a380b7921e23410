"""Write a deterministic synthetic sample of every published extract the dashboard ingests.

Its one job: ``python -m tools.sample_data [--out DIR]`` (default ``data/sample``) writes files
that copy the *formats* of the real MPS, police.uk, ONS, GLA and TfL releases byte for byte
(headers, column order, case, quoting, line endings, numeric formats, Parquet types) but hold
invented figures, so a fresh clone builds the store and runs the app with no real data.

Nothing here reads the real data. Every number comes from a fixed seed, so two runs give
byte-identical files; ``SAMPLE.json`` lists each file's sha256 so ingest can mark the tables built
from them ``is_sample``. Uses only the standard library, numpy and pyarrow.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import math
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

SEED = 20260301

# Relative output paths. Folders mirror /work/shared/data so one ingest walk handles both trees;
# ingest recognises files by header and content, so the names are for people only.
BOROUGH_NEW = (
    "mps_borough_crime/edition_2026-02_Group_SubGroup_BOCU/MPS Borough Level Crime (most recent 24 months).csv"
)
BOROUGH_OLD = "mps_borough_crime/edition_2025-02_BoroughName/MPS Borough Level Crime (Historical).csv"
WARD = "mps_ward_crime/edition_2026-02/MPS Ward Level Crime (most recent 24 months).csv.gz"
VAWG_OFFENCES = "mps_vawg/vawg-offences.parquet"
VAWG_VICTIMS = "mps_vawg/vawg-victims.parquet"
HOMICIDE_VICTIMS = "mps_homicide/homicide-victims.csv"
HOMICIDE_ACCUSED = "mps_homicide/homicide-accused-ppa.parquet"
STREET_DIR = "police_uk_street/metropolitan"
BOUNDARIES = "geography/london_boroughs_gss_wgs84.geojson"
POPULATION = "population/lsoa_population_by_sex_age.csv"
BUS_STOPS = "tfl/bus-stops.csv"
PILOT_SITES = "bus_shelter_pilot/pilot_sites.csv"
PASSENGER_SURVEY = "bus_shelter_pilot/passenger_survey.csv"
FEMALE_HOMICIDE = "female_homicide/female_homicide_release.csv"
MANIFEST = "SAMPLE.json"

# Month spans (inclusive). The two borough editions overlap for 2024-03..2025-02 with revised
# values, as real editions do, so ingest's "newest edition wins" rule has something to decide.
BOROUGH_NEW_MONTHS = ((2024, 3), (2026, 2))
BOROUGH_OLD_MONTHS = ((2022, 3), (2025, 2))
WARD_MONTHS = BOROUGH_NEW_MONTHS
VAWG_MONTHS = ((2019, 1), (2026, 2))
CONNECT_START = (2024, 3)  # MPS moved from CRIS to CONNECT; VAWG counts drop from here
HOMICIDE_YEARS = (2003, 2025)
STREET_MONTHS = ((2024, 3), (2026, 2))

# --- London geography -----------------------------------------------------------------------
# (GSS code, name as in the crime files, rough centre lon/lat, inner London, crime-volume index,
# VAWG BCU). The volume index is invented: it only makes Westminster busy and Kingston quiet.
BOROUGHS: list[tuple[str, str, float, float, bool, float, str]] = [
    ("E09000001", "City of London", -0.092, 51.515, True, 0.0, ""),
    ("E09000002", "Barking and Dagenham", 0.129, 51.545, False, 1.7, "East Area"),
    ("E09000003", "Barnet", -0.218, 51.615, False, 2.4, "North West"),
    ("E09000004", "Bexley", 0.146, 51.455, False, 1.35, "South East"),
    ("E09000005", "Brent", -0.275, 51.558, False, 2.7, "North West"),
    ("E09000006", "Bromley", 0.051, 51.372, False, 2.0, "South Area"),
    ("E09000007", "Camden", -0.160, 51.549, True, 3.4, "Central North"),
    ("E09000008", "Croydon", -0.087, 51.365, False, 3.0, "South Area"),
    ("E09000009", "Ealing", -0.334, 51.513, False, 2.6, "West Area"),
    ("E09000010", "Enfield", -0.080, 51.648, False, 2.5, "North Area"),
    ("E09000011", "Greenwich", 0.058, 51.469, True, 2.3, "South East"),
    ("E09000012", "Hackney", -0.060, 51.551, True, 2.7, "Central East"),
    ("E09000013", "Hammersmith and Fulham", -0.221, 51.494, True, 1.8, "Central West"),
    ("E09000014", "Haringey", -0.107, 51.588, True, 2.4, "North Area"),
    ("E09000015", "Harrow", -0.340, 51.597, False, 1.4, "North West"),
    ("E09000016", "Havering", 0.235, 51.560, False, 1.6, "East Area"),
    ("E09000017", "Hillingdon", -0.447, 51.535, False, 2.5, "West Area"),
    ("E09000018", "Hounslow", -0.378, 51.466, False, 2.2, "West Area"),
    ("E09000019", "Islington", -0.108, 51.547, True, 2.6, "Central North"),
    ("E09000020", "Kensington and Chelsea", -0.191, 51.500, True, 1.9, "Central West"),
    ("E09000021", "Kingston upon Thames", -0.288, 51.388, False, 1.0, "South West"),
    ("E09000022", "Lambeth", -0.117, 51.459, True, 3.2, "Central South"),
    ("E09000023", "Lewisham", -0.018, 51.445, True, 2.5, "South East"),
    ("E09000024", "Merton", -0.189, 51.410, False, 1.15, "South West"),
    ("E09000025", "Newham", 0.030, 51.526, True, 3.3, "North East"),
    ("E09000026", "Redbridge", 0.077, 51.585, False, 2.0, "East Area"),
    ("E09000027", "Richmond upon Thames", -0.315, 51.440, False, 1.0, "South West"),
    ("E09000028", "Southwark", -0.073, 51.474, True, 3.3, "Central South"),
    ("E09000029", "Sutton", -0.178, 51.358, False, 1.1, "South Area"),
    ("E09000030", "Tower Hamlets", -0.036, 51.515, True, 3.1, "Central East"),
    ("E09000031", "Waltham Forest", -0.012, 51.592, False, 2.0, "North East"),
    ("E09000032", "Wandsworth", -0.190, 51.452, True, 2.2, "South West"),
    ("E09000033", "Westminster", -0.152, 51.512, True, 6.5, "Central West"),
]
MET_BOROUGHS = [b for b in BOROUGHS if b[0] != "E09000001"]  # the Met does not police the City
MET_NAMES = [b[1] for b in MET_BOROUGHS]
CRIME_WEIGHT = np.array([b[5] for b in MET_BOROUGHS])

# Invented ward names (five per borough), deliberately not the real 2022 wards. Codes start at
# E05900001 so they can never be mistaken for real ones. Some names carry an apostrophe, '&' or a
# comma because the real ward file quotes such names.
WARD_NAMES: dict[str, list[str]] = {
    "Barking and Dagenham": [
        "Barking Town North",
        "Barking Town South",
        "Dagenham Heathway",
        "Becontree Park East",
        "Chadwell Heath Village",
    ],
    "Barnet": [
        "Finchley Central North",
        "Hendon Broadway",
        "Edgware Vale",
        "Chipping Barnet Market",
        "Golders Green Park",
    ],
    "Bexley": ["Bexleyheath Broadway", "Sidcup Village North", "Erith Riverside", "Welling Corner", "Crayford Marshes"],
    "Brent": ["Wembley Park North", "Kilburn High Road", "Harlesden Junction", "Willesden Green East", "Neasden Lane"],
    "Bromley": [
        "Bromley Town North",
        "Beckenham Junction",
        "Orpington High Street",
        "Penge Green",
        "St Mary's & Chislehurst Common",
    ],
    "Camden": [
        "Camden Town North",
        "Camden Town South",
        "Kentish Town Road",
        "Hampstead Heath South",
        "King's Cross Central",
    ],
    "Croydon": [
        "Croydon Town Centre",
        "Thornton Heath Pond",
        "Norbury Park East",
        "Purley Oaks Vale",
        "New Addington North",
    ],
    "Ealing": [
        "Ealing Broadway North",
        "Acton Town East",
        "Southall Broadway",
        "Hanwell Clock Tower",
        "Greenford Green West",
    ],
    "Enfield": [
        "Enfield Town North",
        "Edmonton Green East",
        "Palmers Green Triangle",
        "Ponders End Lock",
        "Southgate Circus",
    ],
    "Greenwich": [
        "Greenwich Town Centre",
        "Woolwich Arsenal North",
        "Eltham High Street",
        "Charlton Riverside",
        "Thamesmead Moorings West",
    ],
    "Hackney": [
        "Hackney Central North",
        "Dalston Junction",
        "Shoreditch Triangle",
        "Stoke Newington Church",
        "Homerton Grove",
    ],
    "Hammersmith and Fulham": [
        "Hammersmith Broadway North",
        "Fulham Broadway East",
        "Shepherd's Bush Market",
        "White City North",
        "Parsons Green Walk",
    ],
    "Haringey": [
        "Tottenham Hale North",
        "Wood Green Central",
        "Crouch End Broadway",
        "Muswell Hill Village",
        "Seven Sisters Road",
    ],
    "Harrow": ["Harrow Town Centre", "Wealdstone North", "Pinner Village", "Stanmore Broadway", "Rayners Lane East"],
    "Havering": [
        "Romford Town North",
        "Hornchurch Village",
        "Upminster Park",
        "Harold Hill Central",
        "Rainham Marshes",
    ],
    "Hillingdon": [
        "Uxbridge Town North",
        "Hayes Town East",
        "Ruislip Manor Park",
        "West Drayton Green",
        "Northwood Hills Vale",
    ],
    "Hounslow": [
        "Hounslow Central North",
        "Brentford Lock",
        "Chiswick High Road",
        "Feltham Green",
        "Isleworth Riverside",
    ],
    "Islington": [
        "Angel Upper Street",
        "Holloway Road North",
        "Highbury Corner",
        "Archway Junction",
        "Finsbury Park East",
    ],
    "Kensington and Chelsea": [
        "Earl's Court Square",
        "Notting Hill Gate",
        "Chelsea Embankment",
        "South Kensington Museums",
        "North Kensington Grove",
    ],
    "Kingston upon Thames": [
        "Kingston Town Centre",
        "Surbiton Crescent",
        "New Malden Fountain",
        "Tolworth Broadway",
        "Chessington Green",
    ],
    "Lambeth": [
        "Brixton Centre North",
        "Stockwell Park Road",
        "Vauxhall Cross",
        "Streatham High Road",
        "Clapham Town East",
    ],
    "Lewisham": [
        "Lewisham Central North",
        "Catford Broadway",
        "Deptford High Street",
        "Forest Hill Station",
        "Sydenham Wells",
    ],
    "Merton": [
        "Wimbledon Broadway",
        "Mitcham Town Centre",
        "Morden Hall",
        "Colliers Wood Junction",
        "Raynes Park Vale",
    ],
    "Newham": [
        "Stratford Centre North",
        "East Ham High Street",
        "Canning Town South",
        "Forest Gate Central",
        "Plaistow Broadway",
    ],
    "Redbridge": [
        "Ilford Town North",
        "Gants Hill Circus",
        "Woodford Green Village",
        "Seven Kings Park",
        "Barkingside High Street",
    ],
    "Richmond upon Thames": [
        "Ham, Petersham & Riverside South",
        "Twickenham Green",
        "Richmond Hill Top",
        "Teddington Lock",
        "Barnes Pond",
    ],
    "Southwark": [
        "Peckham Rye North",
        "Elephant & Castle Central",
        "Bermondsey Spa",
        "Camberwell Green East",
        "Borough & Bankside Riverside",
    ],
    "Sutton": ["Sutton Town Centre", "Carshalton Ponds", "Wallington Green", "Cheam Village", "Belmont Heights"],
    "Tower Hamlets": [
        "Whitechapel Market",
        "Bethnal Green Central",
        "Canary Wharf Docks",
        "Bow Church",
        "Poplar High Street",
    ],
    "Waltham Forest": [
        "Walthamstow Central North",
        "Leytonstone High Road",
        "Chingford Mount",
        "Leyton Orient",
        "Higham Hill Park",
    ],
    "Wandsworth": [
        "Wandsworth Town Centre",
        "Clapham Junction North",
        "Tooting Broadway East",
        "Putney High Street",
        "Balham Station",
    ],
    "Westminster": [
        "Soho Square North",
        "Covent Garden Piazza",
        "Marylebone High Street",
        "Victoria Station East",
        "Paddington Basin",
    ],
}
AIRPORT_WARD = "Heathrow Airport Perimeter"  # the real files put Heathrow Villages ward here
AIRPORT_WARD_AREA = "Aviation Security (SO18)"
AIRPORT_AREA = "London Heathrow and London City Airports"


def ward_codes() -> dict[tuple[str, str], str]:
    """(borough, ward) -> synthetic E059 code, numbered in borough then listed order."""
    codes, n = {}, 0
    for borough in MET_NAMES:
        for ward in WARD_NAMES[borough]:
            n += 1
            codes[(borough, ward)] = f"E0590{n:04d}"
    codes[(AIRPORT_WARD_AREA, AIRPORT_WARD)] = f"E0590{n + 1:04d}"
    return codes


def homicide_borough(name: str) -> str:
    """The homicide files spell boroughs with '&' and 'Upon'."""
    return name.replace(" and ", " & ").replace(" upon ", " Upon ")


# --- small helpers ----------------------------------------------------------------------------


def _rng(seed: int, stream: str) -> np.random.Generator:
    # One independent stream per output, so changing one file's recipe leaves the others unchanged.
    return np.random.default_rng([seed, zlib.crc32(stream.encode())])


def month_range(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, int]]:
    out, (y, m) = [], start
    while (y, m) <= end:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _years_since(ym: tuple[int, int], origin: tuple[int, int]) -> float:
    return (ym[0] - origin[0]) + (ym[1] - origin[1]) / 12


MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# Calendar-month multipliers. Violence and sexual offences peak in summer; theft and shoplifting
# in December; burglary in the dark months.
SEASON = {
    "flat": [1.0] * 12,
    "violence": [0.93, 0.87, 0.98, 0.98, 1.05, 1.08, 1.12, 1.04, 1.00, 1.01, 0.96, 0.98],
    "sexual": [0.92, 0.88, 0.97, 0.97, 1.04, 1.08, 1.10, 1.05, 1.02, 1.01, 0.97, 0.99],
    "theft": [0.96, 0.90, 0.99, 0.96, 1.00, 0.98, 1.00, 0.98, 0.98, 1.04, 1.07, 1.14],
    "burglary": [1.08, 0.95, 0.96, 0.90, 0.90, 0.88, 0.92, 0.95, 0.98, 1.10, 1.17, 1.12],
    "asb": [0.85, 0.82, 0.95, 1.02, 1.10, 1.12, 1.15, 1.10, 1.00, 1.02, 0.95, 0.92],
}


def _field(value: object, quote_apostrophe: bool = False) -> str:
    text = "" if value is None else str(value)
    if any(c in text for c in ',"\r\n') or (quote_apostrophe and "'" in text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _line(row: Sequence[object], quote_apostrophe: bool) -> str:
    # Fast path: join as is, and only quote field by field when something needs quoting.
    if None not in row:
        line = ",".join(map(str, row))
        if (
            line.count(",") == len(row) - 1
            and '"' not in line
            and "\r" not in line
            and "\n" not in line
            and not (quote_apostrophe and "'" in line)
        ):
            return line
    return ",".join(_field(v, quote_apostrophe) for v in row)


def csv_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    newline: str = "\n",
    final_newline: bool = True,
    quote_apostrophe: bool = False,
) -> bytes:
    """CSV as the publishers write it: minimal quoting, chosen line ending, UTF-8, no BOM."""
    lines = [_line(header, quote_apostrophe)]
    lines.extend(_line(row, quote_apostrophe) for row in rows)
    text = newline.join(lines) + (newline if final_newline else "")
    return text.encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    # mtime=0 and an empty name keep the gzip header free of time and path, so output is stable.
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as handle:
        handle.write(data)
    return buf.getvalue()


def parquet_bytes(table: pa.Table) -> bytes:
    # Fixed writer options (one row group, zstd level 3, statistics on) so the bytes only change
    # when the data does, for a given pyarrow version (pinned in requirements.txt).
    sink = pa.BufferOutputStream()
    pq.write_table(
        table,
        sink,
        compression="zstd",
        compression_level=3,
        use_dictionary=True,
        write_statistics=True,
        row_group_size=10_000_000,
        data_page_version="1.0",
    )
    return sink.getvalue().to_pybytes()


def _month_index(ym: tuple[int, int]) -> int:
    return ym[0] * 12 + ym[1] - 1


def _index_month(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


# --- geography: hexagons, snap points, LSOAs -------------------------------------------------

KM_PER_DEG_LAT = 111.2
KM_PER_DEG_LON = 111.32 * math.cos(math.radians(51.5))


def borough_radii() -> dict[str, float]:
    """Circumradius (km) per borough such that no two hexagons overlap."""
    pos = {b[0]: (b[2] * KM_PER_DEG_LON, b[3] * KM_PER_DEG_LAT) for b in BOROUGHS}
    want = {b[0]: (1.2 if b[0] == "E09000001" else 3.0 if b[4] else 4.6) for b in BOROUGHS}
    codes = list(pos)

    def dist(a: str, c: str) -> float:
        return math.dist(pos[a], pos[c])

    radii = {c: min(want[c], 0.5 * min(dist(c, o) for o in codes if o != c)) for c in codes}
    for c in codes:  # grow each one into the room its neighbours leave; keeps them disjoint
        radii[c] = min(want[c], min(dist(c, o) - radii[o] for o in codes if o != c))
    return radii


def _lonlat(gss: str, dx_km: np.ndarray, dy_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    b = next(b for b in BOROUGHS if b[0] == gss)
    return b[2] + dx_km / KM_PER_DEG_LON, b[3] + dy_km / KM_PER_DEG_LAT


def _points_in_disk(
    rng: np.random.Generator, n: int, radius: float, spread: float = 1.0, centre: tuple[float, float] = (0.0, 0.0)
) -> tuple[np.ndarray, np.ndarray]:
    """n points (km offsets) from a clipped normal around centre, all within the disk of radius."""
    xs, ys = np.empty(0), np.empty(0)
    while len(xs) < n:
        x = rng.normal(centre[0], spread, 2 * n + 4)
        y = rng.normal(centre[1], spread, 2 * n + 4)
        keep = x * x + y * y <= radius * radius
        xs, ys = np.concatenate([xs, x[keep]]), np.concatenate([ys, y[keep]])
    return xs[:n], ys[:n]


def borough_polygons(seed: int) -> dict[str, list[list[float]]]:
    """A closed, counter-clockwise, slightly irregular hexagon ring per borough (lon/lat)."""
    rng = _rng(seed, "boundaries")
    radii = borough_radii()
    rings = {}
    for b in BOROUGHS:
        r = radii[b[0]]
        rot = rng.uniform(0, math.pi / 3)
        scale = rng.uniform(0.88, 1.0, size=6)
        angles = rot + np.arange(6) * math.pi / 3
        lon, lat = _lonlat(b[0], r * scale * np.cos(angles), r * scale * np.sin(angles))
        ring = [[round(float(x), 6), round(float(y), 6)] for x, y in zip(lon, lat)]
        rings[b[0]] = ring + [ring[0]]
    return rings


def safe_radius(gss: str) -> float:
    # Every irregular hexagon above contains the disk of 0.88*cos(30deg)*r; stay inside that.
    return 0.74 * borough_radii()[gss]


# --- population and LSOAs ---------------------------------------------------------------------

AGE_BANDS = ["0-15", "16-29", "30-44", "45-64", "65+"]


def build_lsoas(seed: int) -> list[dict]:
    """Synthetic LSOAs with persons/males/females by age band, grouped into MSOAs per borough."""
    rng = _rng(seed, "population")
    lsoas: list[dict] = []
    n_msoa = 0
    for gss, name, _lon, _lat, inner, _w, _bcu in BOROUGHS:
        females = int(rng.integers(3_900, 4_300)) if gss == "E09000001" else int(rng.integers(130_000, 190_001))
        males = int(round(females * rng.uniform(0.95, 1.02)))
        persons = females + males
        n = max(4, int(round(persons / 1_850)))
        weights = rng.dirichlet(np.full(n, 30.0))
        f_counts = rng.multinomial(females, weights)
        m_counts = rng.multinomial(males, weights)
        # Inner boroughs are younger: more 16-44s, fewer 65+.
        f_base = np.array([0.19, 0.21, 0.26, 0.22, 0.12]) if inner else np.array([0.21, 0.16, 0.21, 0.25, 0.17])
        m_base = np.array([0.21, 0.21, 0.27, 0.21, 0.10]) if inner else np.array([0.23, 0.17, 0.21, 0.25, 0.14])
        seeds_x, seeds_y = _points_in_disk(rng, n, safe_radius(gss), spread=safe_radius(gss) * 0.6)
        lon, lat = _lonlat(gss, seeds_x, seeds_y)
        msoa_sizes = []
        left = n
        while left > 0:
            size = min(left, int(rng.integers(4, 7)))
            msoa_sizes.append(size)
            left -= size
        i = 0
        for m_num, size in enumerate(msoa_sizes, start=1):
            n_msoa += 1
            for k in range(size):
                fb = rng.multinomial(f_counts[i], rng.dirichlet(f_base * 150))
                mb = rng.multinomial(m_counts[i], rng.dirichlet(m_base * 150))
                lsoas.append(
                    {
                        "code": f"E0190{len(lsoas) + 1:04d}",
                        "name": f"{name} {m_num:03d}{chr(65 + k)}",
                        "msoa_code": f"E0290{n_msoa:04d}",
                        "msoa_name": f"{name} {m_num:03d}",
                        "lad_code": gss,
                        "lad_name": name,
                        "females": [int(v) for v in fb],
                        "males": [int(v) for v in mb],
                        "lon": float(lon[i]),
                        "lat": float(lat[i]),
                    }
                )
                i += 1
    return lsoas


def population_file(lsoas: list[dict]) -> bytes:
    header = ["LSOA11CD", "LSOA11NM", "MSOA11CD", "MSOA11NM", "LAD11CD", "LAD11NM"]
    for sex in ("Persons", "Males", "Females"):
        header += [f"{sex}_All-Ages"] + [f"{sex}_{band}" for band in AGE_BANDS]
    rows = []
    for lsoa in lsoas:
        persons = [f + m for f, m in zip(lsoa["females"], lsoa["males"])]
        values = []
        for bands in (persons, lsoa["males"], lsoa["females"]):
            values += [sum(bands)] + bands
        rows.append(
            [
                lsoa["code"],
                lsoa["name"],
                lsoa["msoa_code"],
                lsoa["msoa_name"],
                lsoa["lad_code"],
                lsoa["lad_name"],
                *values,
            ]
        )
    return csv_bytes(header, rows)


# --- snap points (shared by police.uk rows and TfL stops) ------------------------------------

# Street names are stems x suffixes, so a few hundred distinct "On or near ..." labels appear.
STREET_STEMS = [
    "Albion",
    "Alexandra",
    "Beech",
    "Brook",
    "Cambridge",
    "Castle",
    "Cedar",
    "Chapel",
    "Church",
    "Clarence",
    "Cromwell",
    "Elm",
    "Gladstone",
    "Grange",
    "Grove",
    "Hamilton",
    "Highfield",
    "Kings",
    "Lime",
    "Manor",
    "Market",
    "Mill",
    "Nelson",
    "Oak",
    "Orchard",
    "Park",
    "Priory",
    "Queens",
    "Richmond",
    "Salisbury",
    "Springfield",
    "Stanley",
    "Station",
    "Tower",
    "Victoria",
    "Windsor",
    "York",
]
STREET_SUFFIXES = ["Road", "Street", "Lane", "Avenue", "Grove", "Close", "Way", "Gardens", "Place", "Terrace"]
STREETS = [f"{stem} {suffix}" for stem in STREET_STEMS for suffix in STREET_SUFFIXES] + ["High Street", "The Broadway"]
POIS = [
    "Supermarket",
    "Shopping Area",
    "Parking Area",
    "Petrol Station",
    "Nightclub",
    "Sports/Recreation Area",
    "Hospital",
    "Theatre/Concert Hall",
    "Further/Higher Educational Building",
]


def build_snap_points(seed: int, lsoas: list[dict]) -> list[dict]:
    """Anonymised map points like police.uk's, more of them and closer together where crime is."""
    rng = _rng(seed, "snap_points")
    points: list[dict] = []
    for (gss, name, *_rest), weight in zip(MET_BOROUGHS, CRIME_WEIGHT):
        n = int(10 + 6 * weight)
        safe = safe_radius(gss)
        # Three town centres per borough (the middle and two others); points cluster round them.
        centres = [(0.0, 0.0)] + [tuple(v) for v in np.column_stack(_points_in_disk(rng, 2, safe * 0.6, safe * 0.4))]
        borough_lsoas = [lsoa for lsoa in lsoas if lsoa["lad_code"] == gss]
        l_lon = np.array([lsoa["lon"] for lsoa in borough_lsoas])
        l_lat = np.array([lsoa["lat"] for lsoa in borough_lsoas])
        for i in range(n):
            c = centres[0] if i < n // 2 else centres[1 + i % 2]
            x, y = _points_in_disk(rng, 1, safe, spread=safe * 0.3, centre=c)
            lon, lat = _lonlat(gss, x, y)
            dist_centre = math.dist((x[0], y[0]), c)
            nearest = int(np.argmin((l_lon - lon[0]) ** 2 + (l_lat - lat[0]) ** 2))
            label = (
                POIS[int(rng.integers(len(POIS)))] if rng.random() < 0.25 else STREETS[int(rng.integers(len(STREETS)))]
            )
            points.append(
                {
                    "borough": name,
                    "gss": gss,
                    "lon": float(lon[0]),
                    "lat": float(lat[0]),
                    "street": label,
                    "is_street": label in STREETS,
                    "lsoa_code": borough_lsoas[nearest]["code"],
                    "lsoa_name": borough_lsoas[nearest]["name"],
                    # Busy points sit near a centre; a lognormal factor makes a few genuine hot spots.
                    "weight": float(math.exp(-dist_centre / (safe * 0.5)) * rng.lognormal(0, 0.8)),
                }
            )
    return points


# --- 1. MPS borough level crime -----------------------------------------------------------------

# (Group, SubGroup as in the 2026 BOCU edition, London-wide offences per month, season, how
# strongly the offence concentrates in busy central boroughs). Rates are rounded, invented figures
# of the right size (violence against the person ~20k a month).
SUBGROUPS: list[tuple[str, str, float, str, float]] = [
    ("ARSON AND CRIMINAL DAMAGE", "ARSON", 180, "flat", 0.8),
    ("ARSON AND CRIMINAL DAMAGE", "CRIMINAL DAMAGE", 4400, "flat", 0.9),
    ("BURGLARY", "BURGLARY - RESIDENTIAL", 0.02, "flat", 1.0),
    ("BURGLARY", "BURGLARY BUSINESS AND COMMUNITY", 1350, "burglary", 1.2),
    ("BURGLARY", "RES BURGLARY OF A HOME", 2000, "burglary", 0.7),
    ("BURGLARY", "RES BURGLARY OF UNCONNECTED BUILDING", 800, "burglary", 0.5),
    ("DRUG OFFENCES", "POSSESSION OF DRUGS", 2600, "flat", 1.1),
    ("DRUG OFFENCES", "TRAFFICKING OF DRUGS", 1600, "flat", 1.0),
    ("FRAUD AND FORGERY", "FRAUD AND FORGERY", 0.15, "flat", 1.0),
    ("MISCELLANEOUS CRIMES AGAINST SOCIETY", "MISC CRIMES AGAINST SOCIETY", 1050, "flat", 1.0),
    ("NFIB FRAUD", "NFIB", 0.01, "flat", 1.0),
    ("POSSESSION OF WEAPONS", "POSSESSION OF WEAPONS", 560, "violence", 1.1),
    ("PUBLIC ORDER OFFENCES", "OTHER OFFENCES PUBLIC ORDER", 700, "flat", 1.0),
    ("PUBLIC ORDER OFFENCES", "PUBLIC FEAR, ALARM OR DISTRESS", 2850, "violence", 1.0),
    ("PUBLIC ORDER OFFENCES", "RACE OR RELIGIOUS AGG PUBLIC FEAR", 1150, "violence", 1.1),
    ("PUBLIC ORDER OFFENCES", "VIOLENT DISORDER", 6, "violence", 1.2),
    ("ROBBERY", "ROBBERY OF BUSINESS PROPERTY", 700, "theft", 1.2),
    ("ROBBERY", "ROBBERY OF PERSONAL PROPERTY", 2000, "theft", 1.3),
    ("SEXUAL OFFENCES", "OTHER SEXUAL OFFENCES", 1450, "sexual", 1.1),
    ("SEXUAL OFFENCES", "RAPE", 800, "sexual", 0.9),
    ("THEFT", "BICYCLE THEFT", 1200, "violence", 1.5),
    ("THEFT", "OTHER THEFT", 8600, "theft", 1.5),
    ("THEFT", "SHOPLIFTING", 7800, "theft", 1.2),
    ("THEFT", "THEFT FROM THE PERSON", 7200, "theft", 2.2),
    ("VEHICLE OFFENCES", "AGGRAVATED VEHICLE TAKING", 40, "flat", 0.6),
    ("VEHICLE OFFENCES", "INTERFERING WITH A MOTOR VEHICLE", 780, "flat", 0.6),
    ("VEHICLE OFFENCES", "THEFT FROM A VEHICLE", 3900, "burglary", 0.6),
    ("VEHICLE OFFENCES", "THEFT OR UNAUTH TAKING OF A MOTOR VEH", 2600, "flat", 0.5),
    ("VIOLENCE AGAINST THE PERSON", "DEATH SERIOUS INJURY ILLEGAL DRIVING", 14, "flat", 0.8),
    ("VIOLENCE AGAINST THE PERSON", "HOMICIDE", 9, "violence", 0.9),
    ("VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", 4900, "violence", 0.8),
    ("VIOLENCE AGAINST THE PERSON", "VIOLENCE WITH INJURY", 5400, "violence", 1.0),
    ("VIOLENCE AGAINST THE PERSON", "VIOLENCE WITHOUT INJURY", 9900, "violence", 1.0),
]
# Before the 2026 edition the comma was not in the name (see SOURCES.md, header variants).
OLD_SUBGROUP_NAME = {"PUBLIC FEAR, ALARM OR DISTRESS": "PUBLIC FEAR ALARM OR DISTRESS"}
# Monthly offences recorded at the airports (older edition only) and with no borough ('Unknown').
AIRPORT_RATES = {
    "CRIMINAL DAMAGE": 15,
    "BURGLARY BUSINESS AND COMMUNITY": 4,
    "POSSESSION OF DRUGS": 20,
    "TRAFFICKING OF DRUGS": 6,
    "MISC CRIMES AGAINST SOCIETY": 40,
    "POSSESSION OF WEAPONS": 5,
    "OTHER OFFENCES PUBLIC ORDER": 6,
    "PUBLIC FEAR, ALARM OR DISTRESS": 15,
    "RACE OR RELIGIOUS AGG PUBLIC FEAR": 9,
    "ROBBERY OF PERSONAL PROPERTY": 2,
    "OTHER SEXUAL OFFENCES": 6,
    "RAPE": 0.6,
    "BICYCLE THEFT": 1,
    "OTHER THEFT": 120,
    "SHOPLIFTING": 10,
    "THEFT FROM THE PERSON": 25,
    "THEFT FROM A VEHICLE": 12,
    "THEFT OR UNAUTH TAKING OF A MOTOR VEH": 3,
    "STALKING AND HARASSMENT": 5,
    "VIOLENCE WITH INJURY": 12,
    "VIOLENCE WITHOUT INJURY": 40,
}
UNKNOWN_RATES = {
    "OTHER SEXUAL OFFENCES": 0.3,
    "OTHER THEFT": 0.4,
    "STALKING AND HARASSMENT": 0.4,
    "VIOLENCE WITHOUT INJURY": 0.5,
}


def borough_crime_counts(seed: int) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Current-edition offences, shape (borough, subgroup, month), for 2022-03..2026-02."""
    rng = _rng(seed, "borough_crime")
    months = month_range(BOROUGH_OLD_MONTHS[0], BOROUGH_NEW_MONTHS[1])
    rates = np.array([s[2] for s in SUBGROUPS])
    alpha = np.array([s[4] for s in SUBGROUPS])
    share = CRIME_WEIGHT[:, None] ** alpha[None, :] * rng.lognormal(0, 0.15, size=(len(MET_NAMES), len(SUBGROUPS)))
    share /= share.sum(axis=0, keepdims=True)
    season = np.array([[SEASON[s[3]][m - 1] for (_y, m) in months] for s in SUBGROUPS])
    trend = np.array([1 + 0.015 * _years_since(ym, CONNECT_START) for ym in months])
    mu = share[:, :, None] * (rates[:, None] * season * trend[None, :])[None, :, :]
    mu *= rng.lognormal(0, 0.05, size=mu.shape)
    return months, rng.poisson(mu)


def _wide_rows(areas: list[str], counts: np.ndarray, names: list[tuple[str, str]]) -> list[list]:
    """Rows sorted by area, group, subgroup; all-zero rows left out, as MPS does."""
    rows = []
    for a, area in enumerate(areas):
        for s, (group, sub) in enumerate(names):
            values = counts[a, s]
            if values.any():
                rows.append([group, sub, area, *[int(v) for v in values]])
    rows.sort(key=lambda r: (r[2], r[0], r[1]))
    return rows


def _extra_area(rng: np.random.Generator, rates: dict[str, float], months: list[tuple[int, int]]) -> np.ndarray:
    mu = np.array([[rates.get(s[1], 0.0) * SEASON[s[3]][m - 1] for (_y, m) in months] for s in SUBGROUPS])
    return rng.poisson(mu)


def borough_files(seed: int) -> tuple[bytes, bytes, np.ndarray]:
    months, counts = borough_crime_counts(seed)
    rng = _rng(seed, "borough_crime_extra")
    new_months = month_range(*BOROUGH_NEW_MONTHS)
    old_months = month_range(*BOROUGH_OLD_MONTHS)
    new_idx = [months.index(m) for m in new_months]
    old_idx = [months.index(m) for m in old_months]
    new_counts = counts[:, :, new_idx]

    unknown_new = _extra_area(rng, UNKNOWN_RATES, new_months)
    areas = MET_NAMES + ["Unknown"]
    names = [(s[0], s[1]) for s in SUBGROUPS]
    rows = _wide_rows(areas, np.concatenate([new_counts, unknown_new[None]], axis=0), names)
    header = ["Group", "SubGroup", "BOCU"] + [f"{y}{m:02d}" for y, m in new_months]
    new_bytes = csv_bytes(header, rows)

    # The older edition is what MPS published before revising: for months both editions cover,
    # its figures run a few per cent higher (the real revision went that way after CONNECT).
    old_counts = counts[:, :, old_idx].astype(float)
    overlap = np.array([m >= BOROUGH_NEW_MONTHS[0] for m in old_months])
    revision = rng.normal(1.027, 0.02, size=old_counts.shape[:2])[:, :, None]
    old_counts = np.where(overlap[None, None, :], np.rint(old_counts * revision), old_counts).astype(int)
    airport = _extra_area(rng, AIRPORT_RATES, old_months)
    unknown_old = _extra_area(rng, UNKNOWN_RATES, old_months)
    old_areas = MET_NAMES + [AIRPORT_AREA, "Unknown"]
    old_names = [(g, OLD_SUBGROUP_NAME.get(s, s)) for g, s in names]
    rows = _wide_rows(old_areas, np.concatenate([old_counts, airport[None], unknown_old[None]], axis=0), old_names)
    header = ["MajorText", "MinorText", "BoroughName"] + [f"{y}{m:02d}" for y, m in old_months]
    return new_bytes, csv_bytes(header, rows), new_counts


# --- 2. MPS ward level crime --------------------------------------------------------------------


def ward_file(seed: int, new_counts: np.ndarray) -> bytes:
    """Each borough's current-edition count split over its wards, so wards sum to the borough."""
    rng = _rng(seed, "ward_crime")
    codes = ward_codes()
    months = month_range(*WARD_MONTHS)
    names = [(s[0], OLD_SUBGROUP_NAME.get(s[1], s[1])) for s in SUBGROUPS]
    rows = []
    for b, borough in enumerate(MET_NAMES):
        base = rng.dirichlet(np.full(5, 4.0))
        for s, sub in enumerate(SUBGROUPS):
            # Theft and robbery lean towards the first (town-centre) ward.
            tilt = np.array([max(sub[4], 1.0), 1, 1, 1, 1])
            p = base * tilt / (base * tilt).sum()
            split = rng.multinomial(new_counts[b, s], p)  # shape (months, wards)
            for k, ward in enumerate(WARD_NAMES[borough]):
                values = split[:, k]
                if values.any():
                    rows.append(
                        [names[s][0], names[s][1], ward, codes[(borough, ward)], borough, *[int(v) for v in values]]
                    )
    airport = _extra_area(rng, AIRPORT_RATES, months)
    for s, (group, sub) in enumerate(names):
        if airport[s].any():
            rows.append(
                [
                    group,
                    sub,
                    AIRPORT_WARD,
                    codes[(AIRPORT_WARD_AREA, AIRPORT_WARD)],
                    AIRPORT_WARD_AREA,
                    *[int(v) for v in airport[s]],
                ]
            )
    rows.sort(key=lambda r: (r[4], r[2], r[3], r[0], r[1]))
    header = ["MajorText", "MinorText", "WardName", "WardCode", "LookUp_BoroughName"] + [
        f"{y}{m:02d}" for y, m in months
    ]
    # The real ward file quotes names with an apostrophe as well as those with a comma.
    return gzip_bytes(csv_bytes(header, rows, quote_apostrophe=True))


# --- 3. VAWG dashboard data ---------------------------------------------------------------------

NON_VAWG = "Non-VaWG Classification"
# (crimsec_group, crimseccodeexpansion, crimsec_offences, vawg_offence, share, era). Vocabulary as
# in the published workbook; era 'cris' rows stop and 'connect' rows start in March 2024, when the
# offence wording changed with the new system; 'nfs' starts June 2022 (the new offence).
CLASSIFICATIONS: list[tuple[str, str, str, str, float, str]] = [
    (
        "Exploitation of prostitution",
        "Exploitation of Prostitution",
        "Controlling prostitution for gain.",
        "Exploitation of Prostitution",
        0.0001,
        "cris",
    ),
    (
        "Exploitation of prostitution",
        "Exploitation of Prostitution",
        "Controlling prostitution for gain",
        "Exploitation of Prostitution",
        0.0001,
        "connect",
    ),
    ("Homicide", "Manslaughter", "Manslaughter.", "Manslaughter", 0.00003, "all"),
    (
        "Homicide",
        "Murder",
        "1. Murder - of persons ages 1 year or over.or 2.  Genocide or Crime against humanity",
        "Murder",
        0.00016,
        "cris",
    ),
    ("Homicide", "Murder", "Murder - of persons aged 1 year or over", "Murder", 0.00016, "connect"),
    ("Modern Slavery", "Modern Slavery", "Hold person in slavery or servitude", "Modern Day Slavery", 0.0015, "all"),
    (
        "Modern Slavery",
        "Modern Slavery",
        "Require person to perform forced or compulsory labour",
        "Modern Day Slavery",
        0.0025,
        "all",
    ),
    ("Other Sexual Offences", "Exposure and Voyeurism", "Exposure.", "Exposure and Voyeurism", 0.009, "cris"),
    ("Other Sexual Offences", "Exposure and Voyeurism", "Exposure", "Exposure and Voyeurism", 0.009, "connect"),
    ("Other Sexual Offences", "Exposure and Voyeurism", "Voyeurism.", "Exposure and Voyeurism", 0.002, "cris"),
    ("Other Sexual Offences", "Exposure and Voyeurism", "Voyeurism", "Exposure and Voyeurism", 0.002, "connect"),
    (
        "Other Sexual Offences",
        "Exposure and Voyeurism",
        "The practice of taking a photograph or other recorded image up a persons skirt or clothes without their consent",
        "Upskirting",
        0.0002,
        "all",
    ),
    (
        "Other Sexual Offences",
        "Other Miscellaneous Sexual Offences",
        "Administering a substance with intent.",
        "Other Miscellaneous Sexual Offences",
        0.0008,
        "all",
    ),
    (
        "Other Sexual Offences",
        "Other Miscellaneous Sexual Offences",
        "Sharing intimate photograph or film to cause alarm, distress or humiliation or for sexual gratification.",
        NON_VAWG,
        0.0006,
        "connect",
    ),
    (
        "Other Sexual Offences",
        "Sexual Grooming",
        "Engage in sexual communication with a child (See Comments and Notes)",
        "Sexual Grooming",
        0.002,
        "all",
    ),
    (
        "Other Sexual Offences",
        "Sexual activity involving a child under 13",
        "Causing or inciting a child under 13 to engage in sexual activity (female child - no penetration).",
        "Sexual Activity involving a Child under 13",
        0.0015,
        "all",
    ),
    (
        "Other Sexual Offences",
        "Sexual activity involving a child under 16",
        "Sexual activity with a child under 16 (female child offender under 18 at time of offence - penetration).",
        "Sexual Activity involving a Child under 16",
        0.0035,
        "all",
    ),
    (
        "Other Sexual Offences",
        "Sexual assault on a female aged 13 and over",
        "Assault on a female by penetration.",
        "Assault on a female by penetration.",
        0.0035,
        "all",
    ),
    (
        "Other Sexual Offences",
        "Sexual assault on a female aged 13 and over",
        "Sexual assault on a female.",
        "Sexual assault on a Female aged 13 and over",
        0.036,
        "cris",
    ),
    (
        "Other Sexual Offences",
        "Sexual assault on a female aged 13 and over",
        "Sexual assault on a female",
        "Sexual assault on a Female aged 13 and over",
        0.036,
        "connect",
    ),
    (
        "Other Sexual Offences",
        "Sexual assault on a female child under 13",
        "Sexual assault on a female child under 13.",
        "Sexual Assault on a Female Child under 13",
        0.005,
        "all",
    ),
    (
        "Other flagged offences outside of VAWG",
        "Non-Vawg Crime",
        "Non-Vawg Crime",
        "Forced marriage offences",
        0.0002,
        "all",
    ),
    ("Other flagged offences outside of VAWG", "Non-Vawg Crime", "Non-Vawg Crime", NON_VAWG, 0.205, "all"),
    (
        "Other flagged offences outside of VAWG",
        "Non-Vawg Crime",
        "Non-Vawg Crime",
        "Outraging public decency",
        0.004,
        "all",
    ),
    (
        "Public fear, alarm, distress",
        "Public Fear, Alarm or Distress",
        "Causing intentional harassment alarm or distress.",
        "Public Fear Alarm or Distress",
        0.06,
        "cris",
    ),
    (
        "Public fear, alarm, distress",
        "Public Fear, Alarm or Distress",
        "Causing intentional harassment, alarm or distress",
        "Public Fear Alarm or Distress",
        0.06,
        "connect",
    ),
    (
        "Public fear, alarm, distress",
        "Public Fear, Alarm or Distress",
        "Fear or provocation of violence.",
        "Public Fear Alarm or Distress",
        0.04,
        "cris",
    ),
    (
        "Public fear, alarm, distress",
        "Public Fear, Alarm or Distress",
        "Fear or provocation of violence",
        "Public Fear Alarm or Distress",
        0.04,
        "connect",
    ),
    (
        "Public fear, alarm, distress",
        "Racially or Religiously Aggravated Public Fear, Alarm or Distress",
        "Racially or religiously aggravated intentional harassment alarm or distress",
        "Racially or Religiously Aggravated Public Fear Alarm or Distress",
        0.028,
        "cris",
    ),
    (
        "Public fear, alarm, distress",
        "Racially or Religiously Aggravated Public Fear, Alarm or Distress",
        "Racially or religiously aggravated intentional harassment, alarm or distress",
        "Racially or Religiously Aggravated Public Fear Alarm or Distress",
        0.028,
        "connect",
    ),
    (
        "Rape",
        "Rape of a female aged 16 and over",
        "Rape of a female aged 16 or over. (Recorded/Counted on a per offender basis as of July 2016)",
        "Rape of a Female aged 16 and over",
        0.04,
        "cris",
    ),
    (
        "Rape",
        "Rape of a female aged 16 and over",
        "Rape of a female aged 16 or over",
        "Rape of a Female aged 16 and over",
        0.04,
        "connect",
    ),
    (
        "Rape",
        "Rape of a female child under 13",
        "Rape of a female child under 13 by a male. (Recorded/Counted on a per offender basis as of July 2016)",
        "Rape of a Female Child under 13",
        0.003,
        "all",
    ),
    (
        "Rape",
        "Rape of a female child under 16",
        "Rape of a female aged under 16. (Recorded/Counted on a per offender basis as of July 2016)",
        "Rape of a Female Child under 16",
        0.0055,
        "cris",
    ),
    (
        "Rape",
        "Rape of a female child under 16",
        "Rape of a female aged under 16",
        "Rape of a Female Child under 16",
        0.0055,
        "connect",
    ),
    (
        "Rape",
        "Rape of a female \u2013 multiple undefined offenders",
        "Rape of a female aged 16 or over. Multiple Undefined Offenders",
        "Rape of a Female aged 16 and over",
        0.001,
        "all",
    ),
    (
        "Stalking and Harassment",
        "Controlling or Coercive Behaviour",
        "Engage in controlling/coercive behaviour in an intimate / family relationship.",
        "Engage in controlling/coercive behaviour in an intimate / family relationship.",
        0.016,
        "all",
    ),
    ("Stalking and Harassment", "Harassment offences", "Breach of restraining order.", "Harassment", 0.003, "all"),
    ("Stalking and Harassment", "Harassment offences", "Harassment.", "Harassment", 0.075, "cris"),
    ("Stalking and Harassment", "Harassment offences", "Harassment", "Harassment", 0.075, "connect"),
    (
        "Stalking and Harassment",
        "Malicious Communications",
        "Disclose private sexual photographs and films with intent to cause distress",
        "Disclose private sexual photographs and films with intent to cause distress",
        0.0035,
        "all",
    ),
    (
        "Stalking and Harassment",
        "Malicious Communications",
        "Sending letters etc with intent to cause distress or anxiety",
        "Sending letters etc with intent to cause distress or anxiety",
        0.095,
        "all",
    ),
    (
        "Stalking and Harassment",
        "Racially or Religiously Aggravated Harassment",
        "Racially or religiously aggravated harassment or stalking without violence",
        "Racially or Religiously Aggravated Harassment",
        0.002,
        "all",
    ),
    (
        "Stalking and Harassment",
        "Stalking",
        "Pursue course of conduct in breach of Sec 1(1) which amounts to stalking",
        "Pursue course of conduct in breach of Sec 1(1) which amounts to stalking",
        0.023,
        "all",
    ),
    ("Stalking and Harassment", "Stalking", "Stalking involving serious alarm/Distress", "Stalking", 0.014, "all"),
    (
        "Violence with Injury",
        "Assault with injury",
        "Administering poison with intent to injure or annoy.",
        "Poisoning",
        0.0015,
        "all",
    ),
    (
        "Violence with Injury",
        "Assault with injury",
        "Assault occasioning actual bodily harm.",
        "Actual Bodily harm and other Injury",
        0.155,
        "cris",
    ),
    (
        "Violence with Injury",
        "Assault with injury",
        "Assault with Injury - Assault occasioning actual bodily harm",
        "Actual Bodily harm and other Injury",
        0.155,
        "connect",
    ),
    (
        "Violence with Injury",
        "Assault with injury",
        "Assault with Injury - Malicious wounding: wounding or inflicting grievous bodily harm (Serious wound or equivalent)",
        "Inflicting Grievous Bodily Harm without Intent",
        0.04,
        "connect",
    ),
    (
        "Violence with Injury",
        "Assault with injury",
        "Excise infibulate aid abet counsel.",
        "Female Genital Mutilation",
        0.0001,
        "all",
    ),
    (
        "Violence with Injury",
        "Assault with injury",
        "Inflicting grievous bodily harm without intent.",
        "Inflicting Grievous Bodily Harm without Intent",
        0.04,
        "cris",
    ),
    (
        "Violence with Injury",
        "Assault with injury",
        "Non-fatal strangulation and suffocation",
        "Non-fatal strangulation and suffocation",
        0.011,
        "nfs",
    ),
    (
        "Violence with Injury",
        "Assault with injury on a constable",
        "Assaults Occasioning Actual Bodily Harm on a Constable",
        "Assaults Occasioning Actual Bodily Harm on a Constable",
        0.0035,
        "all",
    ),
    (
        "Violence with Injury",
        "Assault with intent to cause serious harm",
        "Wounding with intent to do grievous bodily harm.",
        "Wounding or Carrying out an act Endangering Life",
        0.007,
        "all",
    ),
    (
        "Violence with Injury",
        "Attempted Murder",
        "1.  Attempted murder. Or 2.  Attempted Genocide or crime against humanity",
        "Attempted Murder",
        0.0003,
        "all",
    ),
    (
        "Violence with Injury",
        "Racially or Religiously Aggravated Assault with Injury",
        "Racially or religiously aggravated assault or assault occasioning actual bodily harm",
        "Racially or Religiously Aggravated Actual Bodily Harm and other Injury",
        0.0016,
        "all",
    ),
]
VAWG_AGE_GROUPS = [
    "Aged 10 to 19 years",
    "Aged 20 to 29 years",
    "Aged 30 to 39 years",
    "Aged 40 to 49 years",
    "Aged 50 to 59 years",
    "Aged 60 to 69 years",
    "Aged 70 to 79 years",
    "Aged 80+",
]
VAWG_AGE_SHARE = [0.14, 0.28, 0.26, 0.17, 0.093, 0.034, 0.013, 0.006]
VAWG_ETHNIC_GROUPS = ["White", "Unknown", "Black", "Asian", "Any Other"]
VAWG_ETHNIC_SHARE = [0.46, 0.195, 0.19, 0.135, 0.02]
# How long after the offence it was recorded: months 0..12 share, then a long tail, a few with no
# committed date (null) and a few with MPS's 1900-01-01 placeholder.
LAG_SHARE = [0.81, 0.075, 0.018, 0.011, 0.008, 0.006, 0.005, 0.004, 0.003, 0.003, 0.002, 0.002, 0.006]
TAIL_SHARE, NULL_SHARE, PLACEHOLDER_SHARE = 0.0464, 0.0004, 0.00005

VAWG_OFFENCE_COLUMNS = [
    "bcu_location",
    "borough_name",
    "ward_name_clean_2",
    "recorded_date_months",
    "date_committed_from_date_months",
    "count",
    "sheet",
    "crimsec_group",
    "crimseccodeexpansion",
    "crimsec_offences",
    "vawg_offence",
]
VAWG_VICTIM_COLUMNS = [
    "bcu_location",
    "borough_name",
    "ward_name_clean_2",
    "recorded_date_months",
    "date_committed_from_date_months",
    "count",
    "sheet",
    "age_group",
    "ethnic_appearance_group_group",
]


def vawg_locations(seed: int) -> tuple[list[tuple[str, str, str | None]], np.ndarray]:
    """(bcu, borough, ward) units and their share of VAWG offences."""
    rng = _rng(seed, "vawg_locations")
    units: list[tuple[str, str, str | None]] = []
    weights: list[float] = []
    # VAWG is mostly domestic, so it follows population more than central crime does.
    borough_w = CRIME_WEIGHT**0.5
    borough_w = 0.98 * borough_w / borough_w.sum()
    for (_gss, name, *_r, bcu), bw in zip(MET_BOROUGHS, borough_w):
        ward_w = rng.dirichlet(np.full(5, 5.0))
        for ward, ww in zip(WARD_NAMES[name], ward_w):
            units.append((bcu, name, ward))
            weights.append(bw * ww * 0.996)
        units.append((bcu, name, None))  # the published sheet leaves some ward names empty
        weights.append(bw * 0.004)
    for ward, w in (("N/K", 0.85), ("Non MET police force", 0.07), (AIRPORT_WARD, 0.02), (None, 0.06)):
        units.append(("Other", "Other", ward))
        weights.append(0.02 * w)
    units.append(("Unknown", "Unknown", None))
    weights.append(0.00002)
    w = np.array(weights)
    return units, w / w.sum()


def vawg_monthly_total(ym: tuple[int, int]) -> float:
    """Expected offences (incl. the non-VAWG flagged rows) recorded in a month."""
    years = min(_years_since(ym, (2019, 1)), 5.0)
    total = 11_600 * 1.025**years * SEASON["violence"][ym[1] - 1]
    total *= {(2020, 4): 0.86, (2020, 5): 0.95, (2021, 1): 0.9, (2021, 2): 0.93}.get(ym, 1.0)
    if ym >= CONNECT_START:  # CRIS -> CONNECT: a visible step down, slowly recovering
        total *= 0.80 * (1 + 0.03 * _years_since(ym, CONNECT_START))
    return total


def _classification_weights(ym: tuple[int, int]) -> np.ndarray:
    connect = ym >= CONNECT_START
    w = []
    for *_names, share, era in CLASSIFICATIONS:
        active = (
            era == "all"
            or (era == "cris" and not connect)
            or (era == "connect" and connect)
            or (era == "nfs" and ym >= (2022, 6))
        )
        w.append(share if active else 0.0)
    w = np.array(w)
    return w / w.sum()


def vawg_cells(seed: int) -> dict[str, np.ndarray]:
    """One entry per non-empty (recorded month, committed month) cell: offences and victims.

    Months are integer indices (year * 12 + month - 1); MPS's 1900-01-01 placeholder is just month
    1900*12, and `null` marks cells with no committed date at all.
    """
    rng = _rng(seed, "vawg_cells")
    probs = np.array(LAG_SHARE + [TAIL_SHARE, NULL_SHARE, PLACEHOLDER_SHARE])
    probs /= probs.sum()
    rec_out, key_out, null_out, n_out = [], [], [], []
    for ym in month_range(*VAWG_MONTHS):
        total = rng.poisson(vawg_monthly_total(ym))
        split = rng.multinomial(total, probs)
        rec = _month_index(ym)
        lags = np.repeat(np.arange(len(LAG_SHARE)), split[: len(LAG_SHARE)])
        # Long tail: most a year or two late, a few decades late (historic abuse reported now).
        tail = split[len(LAG_SHARE)]
        tail_lags = np.where(rng.random(tail) < 0.03, rng.integers(60, 600, tail), 13 + rng.geometric(0.06, tail))
        keys = np.concatenate([rec - lags, rec - tail_lags, np.full(split[-1], 1900 * 12)])
        uniq, counts = np.unique(keys, return_counts=True)
        order = np.argsort(-uniq, kind="stable")
        rec_out.append(np.full(len(uniq), rec))
        key_out.append(uniq[order])
        null_out.append(np.zeros(len(uniq), bool))
        n_out.append(counts[order])
        if split[-2]:
            rec_out.append(np.array([rec]))
            key_out.append(np.array([0]))
            null_out.append(np.array([True]))
            n_out.append(np.array([split[-2]]))
    offences = np.concatenate(n_out).astype(np.int64)
    return {
        "rec": np.concatenate(rec_out),
        "key": np.concatenate(key_out),
        "null": np.concatenate(null_out),
        "offences": offences,
        "victims": rng.binomial(offences, 0.95),
    }  # some offences have no victim


def _ts_array(month_index: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    stamps = (month_index - 1970 * 12).astype("datetime64[M]").astype("datetime64[us]")
    return pa.array(stamps, type=pa.timestamp("us"), mask=null)


def _desc_rank(labels: Sequence[str | None]) -> np.ndarray:
    """Rank putting text in descending order with None last (the sheets list wards Z..A)."""
    named = sorted((i for i, v in enumerate(labels) if v is not None), key=lambda i: labels[i], reverse=True)
    order = named + [i for i, v in enumerate(labels) if v is None]
    rank = np.empty(len(labels), np.int64)
    rank[order] = np.arange(len(labels))
    return rank


def _split(
    rng: np.random.Generator, totals: np.ndarray, pvals: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Multinomial split of each cell's total; returns (cell, category, count) of non-zero parts."""
    parts = rng.multinomial(totals, pvals)
    cell, category = np.nonzero(parts)
    return cell, category, parts[cell, category]


def _sheet_table(
    columns: list[str],
    sheet: str,
    cells: dict[str, np.ndarray],
    cell: np.ndarray,
    count: np.ndarray,
    text: dict[str, pa.Array],
) -> pa.Table:
    arrays = []
    for name in columns:
        if name == "recorded_date_months":
            arrays.append(_ts_array(cells["rec"][cell]))
        elif name == "date_committed_from_date_months":
            arrays.append(_ts_array(cells["key"][cell], cells["null"][cell]))
        elif name == "count":
            arrays.append(pa.array(count.astype(np.int64), type=pa.int64()))
        elif name == "sheet":
            arrays.append(pa.array([sheet] * len(cell), type=pa.large_string()))
        elif name in text:
            arrays.append(text[name])
        else:
            arrays.append(pa.nulls(len(cell), type=pa.large_string()))
    return pa.Table.from_arrays(arrays, names=columns)


def vawg_files(seed: int) -> tuple[bytes, bytes]:
    rng = _rng(seed, "vawg_split")
    units, unit_p = vawg_locations(seed)
    cells = vawg_cells(seed)
    months = [_index_month(int(m)) for m in cells["rec"]]
    class_p = np.array([_classification_weights(ym) for ym in months])
    committed_desc = np.where(cells["null"], np.iinfo(np.int64).max, -cells["key"])

    # Every sheet splits the same cell totals, so the sheets of a file agree per recorded month
    # (indeed per recorded x committed month): the invariant the real workbook has.
    bb = sorted({(u[0], u[1]) for u in units})
    unit_bb = np.array([bb.index((u[0], u[1])) for u in units])
    unit_ward = _desc_rank([u[2] for u in units])
    unit_text = {
        name: pa.array([u[i] for u in units], type=pa.large_string())
        for i, name in enumerate(("bcu_location", "borough_name", "ward_name_clean_2"))
    }

    def location(totals: np.ndarray, columns: list[str], sheet: str) -> pa.Table:
        cell, unit, count = _split(rng, totals, unit_p)
        order = np.lexsort((unit_ward[unit], committed_desc[cell], cells["rec"][cell], unit_bb[unit]))
        cell, unit, count = cell[order], unit[order], count[order]
        idx = pa.array(unit)
        return _sheet_table(columns, sheet, cells, cell, count, {k: v.take(idx) for k, v in unit_text.items()})

    def labelled(
        totals: np.ndarray, pvals: np.ndarray, labels: list[str], column: str, columns: list[str], sheet: str
    ) -> pa.Table:
        cell, cat, count = _split(rng, totals, pvals)
        order = np.lexsort((_desc_rank(labels)[cat], committed_desc[cell], cells["rec"][cell]))
        cell, cat, count = cell[order], cat[order], count[order]
        return _sheet_table(
            columns, sheet, cells, cell, count, {column: pa.array(labels, type=pa.large_string()).take(pa.array(cat))}
        )

    offences = location(cells["offences"], VAWG_OFFENCE_COLUMNS, "Offence count location")
    cell, cat, count = _split(rng, cells["offences"], class_p)
    class_rank = np.empty(len(CLASSIFICATIONS), np.int64)
    class_rank[sorted(range(len(CLASSIFICATIONS)), key=lambda i: CLASSIFICATIONS[i][:4])] = np.arange(
        len(CLASSIFICATIONS)
    )
    order = np.lexsort((committed_desc[cell], cells["rec"][cell], class_rank[cat]))
    cell, cat, count = cell[order], cat[order], count[order]
    idx = pa.array(cat)
    text = {
        name: pa.array([c[i] for c in CLASSIFICATIONS], type=pa.large_string()).take(idx)
        for i, name in enumerate(("crimsec_group", "crimseccodeexpansion", "crimsec_offences", "vawg_offence"))
    }
    classification = _sheet_table(VAWG_OFFENCE_COLUMNS, "Offence count classification", cells, cell, count, text)

    age_p = np.array(VAWG_AGE_SHARE) / sum(VAWG_AGE_SHARE)
    eth_p = np.array(VAWG_ETHNIC_SHARE) / sum(VAWG_ETHNIC_SHARE)
    victims = [
        location(cells["victims"], VAWG_VICTIM_COLUMNS, "Victim count by location"),
        labelled(
            cells["victims"], age_p, VAWG_AGE_GROUPS, "age_group", VAWG_VICTIM_COLUMNS, "Victim count by age group"
        ),
        labelled(
            cells["victims"],
            eth_p,
            VAWG_ETHNIC_GROUPS,
            "ethnic_appearance_group_group",
            VAWG_VICTIM_COLUMNS,
            "Victim count by ethnic group",
        ),
    ]
    return (parquet_bytes(pa.concat_tables([offences, classification])), parquet_bytes(pa.concat_tables(victims)))


# --- 4. and 5. homicide ------------------------------------------------------------------------

HOM_AGE = ["0 to 12", "13 to 19", "20 to 24", "25 to 34", "35 to 44", "45 to 54", "55 to 64", "65 and over"]
HOM_AGE_P = {
    "Male": [0.04, 0.17, 0.19, 0.23, 0.15, 0.11, 0.06, 0.05],
    "Female": [0.10, 0.05, 0.09, 0.20, 0.18, 0.13, 0.08, 0.17],
}
HOM_METHOD = [
    "Knife or Sharp Implement",
    "Shooting",
    "Physical Assault, no weapon",
    "Blunt Implement",
    "Other Methods of Killing",
    "Not known/Not Recorded",
]
HOM_METHOD_P = {"Male": [0.56, 0.14, 0.08, 0.06, 0.12, 0.04], "Female": [0.42, 0.03, 0.18, 0.09, 0.20, 0.08]}
HOM_ETHNICITY = ["White", "Black", "Asian", "Other", "Unrecorded / Unknown"]
HOM_ETHNICITY_P = {"Male": [0.42, 0.41, 0.14, 0.02, 0.01], "Female": [0.58, 0.20, 0.18, 0.02, 0.02]}
HOMICIDE_VICTIM_HEADER = [
    "Count of Victims",
    "Age Group",
    "Sex",
    "MethodofKilling",
    "Domestic Abuse",
    "Recorded Year",
    "Recorded Month",
    "Homicide Offence Type",
    "Solved Status",
    "Borough",
    "Officer Observed Ethnicity",
]


def _homicide_borough_p() -> np.ndarray:
    w = np.minimum(CRIME_WEIGHT, 3.4) ** 1.2  # homicide follows where people live, not the West End
    w = np.append(0.98 * w / w.sum(), 0.02)  # 'Unmapped'
    return w / w.sum()


def homicide_victims(seed: int) -> list[list]:
    """One published-style row per victim, 2003-2025, ~100-140 a year, ~22% female."""
    rng = _rng(seed, "homicide_victims")
    areas = [homicide_borough(n) for n in MET_NAMES] + ["Unmapped"]
    area_p = _homicide_borough_p()
    month_p = np.array(SEASON["violence"]) / sum(SEASON["violence"])
    rows = []
    for year in range(HOMICIDE_YEARS[0], HOMICIDE_YEARS[1] + 1):
        # A slow fall to the mid-2010s, a rise to 2019, then lower again: 105-130 a year.
        expected = 128 - 2.1 * min(year - 2003, 11) + 4.6 * max(0, min(year, 2019) - 2014) - 2.8 * max(0, year - 2019)
        year_rows = []
        for _ in range(int(rng.poisson(expected))):
            sex = "Female" if rng.random() < 0.23 else "Male"
            age = HOM_AGE[rng.choice(8, p=HOM_AGE_P[sex])]
            method = HOM_METHOD[rng.choice(6, p=HOM_METHOD_P[sex])]
            domestic = rng.random() < (0.55 if sex == "Female" else 0.5 if age == "0 to 12" else 0.07)
            offence = "Murder"
            r = rng.random()
            if age == "0 to 12" and r < 0.04:
                offence = "Infanticide"
            elif r < 0.05:
                offence = "Manslaughter"
            elif r < 0.054 and age not in ("0 to 12", "13 to 19"):
                offence, method = "Corporate Manslaughter", "Other Methods of Killing"
            unsolved_p = 0.01 if domestic else 0.2 if method == "Shooting" else 0.05
            unsolved_p += 0.12 if year == HOMICIDE_YEARS[1] else 0.0  # recent cases still open
            solved = "Unsolved" if rng.random() < unsolved_p else "Solved"
            year_rows.append(
                [
                    1,
                    age,
                    sex,
                    method,
                    "Domestic Abuse" if domestic else "Not Domestic Abuse",
                    year,
                    MONTH_ABBR[rng.choice(12, p=month_p)],
                    offence,
                    solved,
                    areas[rng.choice(len(areas), p=area_p)],
                    HOM_ETHNICITY[rng.choice(5, p=HOM_ETHNICITY_P[sex])],
                ]
            )
        rows += year_rows
    # The real file has two victims of unknown sex; keep that quirk.
    for i in rng.choice(len(rows), 2, replace=False):
        rows[int(i)][2] = "Unknown"
    return rows


def homicide_victims_file(rows: list[list]) -> bytes:
    # Exported through a spreadsheet: CRLF line endings and no newline after the last row.
    return csv_bytes(HOMICIDE_VICTIM_HEADER, rows, newline="\r\n", final_newline=False)


ACCUSED_AGE = [
    "10 to 14",
    "15 to 19",
    "20 to 24",
    "25 to 29",
    "30 to 34",
    "35 to 39",
    "40 to 44",
    "45 to 49",
    "50 to 54",
    "55 to 59",
    "60 to 64",
    "65 and over",
]
ACCUSED_AGE_P = [0.02, 0.29, 0.23, 0.14, 0.10, 0.07, 0.05, 0.035, 0.03, 0.011, 0.009, 0.01]
# Trailing spaces are in the published values.
ACCUSED_ETHNICITY = [
    "Black ",
    "White",
    "Asian ",
    "Mixed",
    "Other ",
    "Person declines to define ethnicity",
    "SCE Not Recorded",
]
ACCUSED_ETHNICITY_P = [0.43, 0.31, 0.10, 0.05, 0.037, 0.07, 0.003]


def homicide_accused_file(seed: int) -> bytes:
    rng = _rng(seed, "homicide_accused")
    areas = [homicide_borough(n) for n in MET_NAMES] + ["Heathrow"]
    area_p = _homicide_borough_p()[:-1]
    area_p = np.append(0.999 * area_p / area_p.sum(), 0.001)  # a few cases put at Heathrow
    rows = []
    for year in range(HOMICIDE_YEARS[0], HOMICIDE_YEARS[1] + 1):
        # Early years record self-classified ethnicity badly, as the real table does.
        not_recorded = max(0.003, 0.4 - 0.06 * (year - 2003))
        eth_p = np.array(ACCUSED_ETHNICITY_P[:-1]) * (1 - not_recorded) / sum(ACCUSED_ETHNICITY_P[:-1])
        eth_p = np.append(eth_p, not_recorded)
        year_rows = []
        for _ in range(int(rng.poisson(190 - 3 * min(year - 2003, 10) + 4 * max(0, min(year, 2021) - 2016)))):
            g = rng.random()
            o = rng.random()
            c = rng.random()
            year_rows.append(
                [
                    1,
                    areas[rng.choice(len(areas), p=area_p)],
                    "Male" if g < 0.93 else "Female" if g < 0.998 else "Unrecorded",
                    ACCUSED_AGE[rng.choice(12, p=np.array(ACCUSED_AGE_P) / sum(ACCUSED_AGE_P))],
                    ACCUSED_ETHNICITY[rng.choice(7, p=eth_p)],
                    "Murder"
                    if o < 0.96
                    else "Manslaughter"
                    if o < 0.998
                    else "Corporate Manslaughter"
                    if o < 0.9997
                    else "Infanticide",
                    "Charge or Summons" if c < 0.99 else "Accused is Deceased" if c < 0.9995 else "Recording Error",
                    f"{MONTH_ABBR[int(rng.integers(12))]}-{year % 100:02d}",
                ]
            )
        rows += year_rows
    columns = [
        "count_of_ppa",
        "borough",
        "gender",
        "age_group",
        "self_classified_ethnicity",
        "offence_type",
        "charged_summonsed",
        "proceedings_date",
    ]
    arrays = [pa.array([r[0] for r in rows], type=pa.int64())]
    arrays += [pa.array([r[i] for r in rows], type=pa.large_string()) for i in range(1, len(columns))]
    return parquet_bytes(pa.Table.from_arrays(arrays, names=columns))


# --- 6. police.uk street-level crime ----------------------------------------------------------

# (crime type, rows a month in this sample, season, central concentration). About 2k rows a month:
# a small fraction of the real Met volume, enough for maps and hot spots without slowing ingest.
STREET_TYPES: list[tuple[str, float, str, float]] = [
    ("Anti-social behaviour", 300, "asb", 1.0),
    ("Bicycle theft", 35, "violence", 1.5),
    ("Burglary", 120, "burglary", 0.7),
    ("Criminal damage and arson", 100, "flat", 0.9),
    ("Drugs", 70, "flat", 1.1),
    ("Other crime", 25, "flat", 1.0),
    ("Other theft", 230, "theft", 1.5),
    ("Possession of weapons", 12, "violence", 1.1),
    ("Public order", 100, "violence", 1.0),
    ("Robbery", 60, "theft", 1.3),
    ("Shoplifting", 150, "theft", 1.2),
    ("Theft from the person", 140, "theft", 2.2),
    ("Vehicle crime", 190, "burglary", 0.5),
    ("Violence and sexual offences", 560, "violence", 1.0),
]
NO_SUSPECT = "Investigation complete; no suspect identified"
UNABLE = "Unable to prosecute suspect"
STATUS = "Status update unavailable"
COURT = "Court result unavailable"
AWAITING = "Awaiting court outcome"
OUTCOMES_DEFAULT = {
    NO_SUSPECT: 0.75,
    UNABLE: 0.08,
    STATUS: 0.06,
    COURT: 0.035,
    "Local resolution": 0.02,
    "Offender given a caution": 0.01,
    AWAITING: 0.02,
    "Further investigation is not in the public interest": 0.015,
    "Action to be taken by another organisation": 0.01,
}
OUTCOMES = {
    "Violence and sexual offences": {
        UNABLE: 0.45,
        NO_SUSPECT: 0.22,
        STATUS: 0.10,
        COURT: 0.06,
        AWAITING: 0.05,
        "Offender given a caution": 0.02,
        "Local resolution": 0.03,
        "Further investigation is not in the public interest": 0.02,
        "Formal action is not in the public interest": 0.01,
        "Action to be taken by another organisation": 0.04,
    },
    "Drugs": {
        STATUS: 0.20,
        "Offender given a drugs possession warning": 0.25,
        COURT: 0.15,
        "Local resolution": 0.12,
        UNABLE: 0.10,
        NO_SUSPECT: 0.05,
        AWAITING: 0.05,
        "Offender given penalty notice": 0.03,
        "Formal action is not in the public interest": 0.05,
    },
    "Possession of weapons": {
        COURT: 0.30,
        UNABLE: 0.20,
        AWAITING: 0.20,
        STATUS: 0.15,
        "Offender given a caution": 0.05,
        NO_SUSPECT: 0.10,
    },
    "Public order": {
        UNABLE: 0.35,
        NO_SUSPECT: 0.35,
        STATUS: 0.10,
        COURT: 0.05,
        "Local resolution": 0.05,
        AWAITING: 0.05,
        "Offender given penalty notice": 0.05,
    },
    "Shoplifting": {
        NO_SUSPECT: 0.55,
        COURT: 0.12,
        UNABLE: 0.12,
        STATUS: 0.08,
        "Local resolution": 0.05,
        AWAITING: 0.05,
        "Offender given a caution": 0.03,
    },
}
STREET_HEADER = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]
FORCE = "Metropolitan Police Service"


def street_files(seed: int, points: list[dict]) -> dict[str, bytes]:
    rng = _rng(seed, "street")
    months = month_range(*STREET_MONTHS)
    borough_of = np.array([MET_NAMES.index(p["borough"]) for p in points])
    within = np.array([p["weight"] for p in points])
    files = {}
    for m_i, ym in enumerate(months):
        age = len(months) - 1 - m_i  # months before the newest file
        rows = []
        for crime_type, rate, season, alpha in STREET_TYPES:
            n = int(rng.poisson(rate * SEASON[season][ym[1] - 1]))
            borough_p = CRIME_WEIGHT**alpha
            borough_p /= borough_p.sum()
            # Within a borough busy points take more; across boroughs the type's spread decides.
            p = within * borough_p[borough_of]
            p /= np.bincount(borough_of, weights=within)[borough_of]
            p /= p.sum()
            chosen = rng.choice(len(points), n, p=p)
            no_location = rng.random(n) < 0.01
            dist = OUTCOMES.get(crime_type, OUTCOMES_DEFAULT)
            labels, probs = list(dist), np.array(list(dist.values()))
            outcome_idx = rng.choice(len(labels), n, p=probs / probs.sum())
            # Recent months are still being investigated.
            under_investigation = rng.random(n) < 0.55 * 0.6**age + 0.02
            for i in range(n):
                is_asb = crime_type == "Anti-social behaviour"
                crime_id = "" if is_asb else rng.bytes(32).hex()
                if is_asb:
                    outcome = ""
                elif under_investigation[i]:
                    outcome = "Under investigation"
                else:
                    outcome = labels[outcome_idx[i]]
                if no_location[i]:
                    lon = lat = lsoa_code = lsoa_name = ""
                    location = "No Location"
                else:
                    pt = points[chosen[i]]
                    lon, lat = f"{pt['lon']:.6f}", f"{pt['lat']:.6f}"
                    location = f"On or near {pt['street']}"
                    lsoa_code, lsoa_name = pt["lsoa_code"], pt["lsoa_name"]
                rows.append(
                    [
                        crime_id,
                        f"{ym[0]}-{ym[1]:02d}",
                        FORCE,
                        FORCE,
                        lon,
                        lat,
                        location,
                        lsoa_code,
                        lsoa_name,
                        crime_type,
                        outcome,
                        "",
                    ]
                )
        # police.uk lists rows by LSOA; rows with no location come last.
        order = sorted(
            range(len(rows)), key=lambda i: (rows[i][8] == "", rows[i][8], rows[i][9] == "Anti-social behaviour", i)
        )
        name = f"{STREET_DIR}/{ym[0]}-{ym[1]:02d}-metropolitan-street.csv.gz"
        files[name] = gzip_bytes(csv_bytes(STREET_HEADER, [rows[i] for i in order]))
    return files


# --- 7. borough boundaries ---------------------------------------------------------------------


def boundaries_file(seed: int) -> bytes:
    rings = borough_polygons(seed)
    lines = [
        "{",
        '"type": "FeatureCollection",',
        '"name": "synthetic_london_boroughs (invented hexagons, not real boundaries)",',
        '"crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:OGC:1.3:CRS84" } },',
        '"features": [',
    ]
    features = []
    for gss, name, _lon, _lat, inner, _w, _bcu in sorted(BOROUGHS, key=lambda b: b[0]):
        ring = rings[gss]
        area_km2 = 0.5 * abs(
            sum(
                (x1 * KM_PER_DEG_LON) * (y2 * KM_PER_DEG_LAT) - (x2 * KM_PER_DEG_LON) * (y1 * KM_PER_DEG_LAT)
                for (x1, y1), (x2, y2) in zip(ring, ring[1:])
            )
        )
        props = {
            "NAME": name,
            "GSS_CODE": gss,
            "HECTARES": round(area_km2 * 100, 3),
            "NONLD_AREA": 0.0,
            "ONS_INNER": "T" if inner else "F",
            "SUB_2009": None,
            "SUB_2006": None,
        }
        geometry = {"type": "Polygon", "coordinates": [ring]}
        features.append(
            '{ "type": "Feature", "properties": ' + json.dumps(props) + ', "geometry": ' + json.dumps(geometry) + " }"
        )
    lines.append(",\n".join(features))
    lines += ["]", "}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- 9. TfL bus stops --------------------------------------------------------------------------


def wgs84_to_bng(lon: float, lat: float) -> tuple[float, float]:
    """WGS84 lon/lat to British National Grid (OSGB36) easting/northing, good to a few metres.

    Ordnance Survey's Helmert transform then its transverse Mercator formulas; done by hand so
    the generator needs no projection library.
    """
    a, b = 6378137.0, 6356752.314245
    e2 = 1 - (b * b) / (a * a)
    phi, lam = math.radians(lat), math.radians(lon)
    nu = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    x, y, z = nu * math.cos(phi) * math.cos(lam), nu * math.cos(phi) * math.sin(lam), (1 - e2) * nu * math.sin(phi)
    tx, ty, tz, s = -446.448, 125.157, -542.060, 20.4894e-6
    rx, ry, rz = (math.radians(v / 3600) for v in (-0.1502, -0.2470, -0.8421))
    x2 = tx + (1 + s) * x - rz * y + ry * z
    y2 = ty + rz * x + (1 + s) * y - rx * z
    z2 = tz - ry * x + rx * y + (1 + s) * z
    a, b = 6377563.396, 6356256.909  # Airy 1830
    e2 = 1 - (b * b) / (a * a)
    p = math.hypot(x2, y2)
    phi = math.atan2(z2, p * (1 - e2))
    for _ in range(10):
        nu = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
        phi = math.atan2(z2 + e2 * nu * math.sin(phi), p)
    lam = math.atan2(y2, x2)
    f0, phi0, lam0, e0, n0 = 0.9996012717, math.radians(49), math.radians(-2), 400000, -100000
    n = (a - b) / (a + b)
    sin, cos, tan = math.sin(phi), math.cos(phi), math.tan(phi)
    nu = a * f0 / math.sqrt(1 - e2 * sin**2)
    rho = a * f0 * (1 - e2) / (1 - e2 * sin**2) ** 1.5
    eta2 = nu / rho - 1
    dp, sp = phi - phi0, phi + phi0
    m = (
        b
        * f0
        * (
            (1 + n + 1.25 * n**2 + 1.25 * n**3) * dp
            - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(dp) * math.cos(sp)
            + (15 / 8 * n**2 + 15 / 8 * n**3) * math.sin(2 * dp) * math.cos(2 * sp)
            - 35 / 24 * n**3 * math.sin(3 * dp) * math.cos(3 * sp)
        )
    )
    i = m + n0
    ii = nu / 2 * sin * cos
    iii = nu / 24 * sin * cos**3 * (5 - tan**2 + 9 * eta2)
    iiia = nu / 720 * sin * cos**5 * (61 - 58 * tan**2 + tan**4)
    iv = nu * cos
    v = nu / 6 * cos**3 * (nu / rho - tan**2)
    vi = nu / 120 * cos**5 * (5 - 18 * tan**2 + tan**4 + 14 * eta2 - 58 * tan**2 * eta2)
    dl = lam - lam0
    northing = i + ii * dl**2 + iii * dl**4 + iiia * dl**6
    easting = e0 + iv * dl + v * dl**3 + vi * dl**5
    return easting, northing


BUS_STOP_HEADER = [
    "Stop_Code_LBSL",
    "Bus_Stop_Code",
    "Naptan_Atco",
    "Stop_Name",
    "Location_Easting",
    "Location_Northing",
    "Heading",
    "Stop_Area",
    "Virtual_Bus_Stop",
]


def bus_stops(seed: int, points: list[dict]) -> list[list]:
    """Pairs of stops (one each way) on the busiest street snap points; a few hundred in all."""
    rng = _rng(seed, "bus_stops")
    streets = [i for i, p in enumerate(points) if p["is_street"]]
    # Busy points first so the pilot (chosen from the top) sits where crime concentrates.
    streets.sort(key=lambda i: -points[i]["weight"] * CRIME_WEIGHT[MET_NAMES.index(points[i]["borough"])])
    chosen = streets[:150]
    lbsl_numbers = rng.choice(np.arange(1000, 40000), 2 * len(chosen), replace=False)
    bus_codes = rng.choice(np.arange(47000, 99999), 2 * len(chosen), replace=False)
    naptan = rng.choice(np.arange(1000, 30000), len(chosen), replace=False)
    stops = []
    for k, i in enumerate(chosen):
        pt = points[i]
        heading = int(rng.integers(0, 180))
        area = f"{'ABCDEFGHJKLMNPRSTUVWXYZ'[int(rng.integers(23))]}{int(rng.integers(0, 999)):03d}"
        name = pt["street"].upper()
        if rng.random() < 0.15:
            name += " STATION <>"
        for side, letter in enumerate(rng.choice(list("ABCDEFGHJKLMNPRSTUVWXYZ"), 2, replace=False)):
            # 10-50 m from the snap point: the shelter analysis counts crimes within 100 m of a stop.
            dx, dy = np.clip(rng.normal(0, 0.02, 2), -0.035, 0.035)
            lon = pt["lon"] + dx / KM_PER_DEG_LON
            lat = pt["lat"] + dy / KM_PER_DEG_LAT
            easting, northing = wgs84_to_bng(lon, lat)
            j = 2 * k + side
            code = f"BP{lbsl_numbers[j] % 9000 + 100}" if lbsl_numbers[j] % 17 == 0 else str(int(lbsl_numbers[j]))
            stops.append(
                [
                    code,
                    str(int(bus_codes[j])),
                    f"490{int(naptan[k]):06d}{letter}",
                    name,
                    int(round(easting)),
                    int(round(northing)),
                    (heading + 180 * side) % 360,
                    area,
                    "1" if rng.random() < 0.05 else "0",
                    pt["borough"],
                    k,
                ]
            )
    # Quirks of the real list: a name with a comma, an ATCO code holding a CRLF, an empty stop code.
    stops[7][3] = "KING'S ARMS, " + stops[7][3]
    stops[11][2] += "\r\n"
    stops[-3][1] = ""
    stops.sort(key=lambda r: r[0])
    return stops


def bus_stops_file(stops: list[list]) -> bytes:
    return csv_bytes(BUS_STOP_HEADER, [s[:9] for s in stops], newline="\r\n")


# --- 10. bus-shelter pilot (illustrative contract files) --------------------------------------

SURVEY_QUESTION = "How safe or unsafe do you feel waiting at this bus stop after dark?"
SURVEY_RESPONSES = ["Very safe", "Fairly safe", "Neither safe nor unsafe", "Fairly unsafe", "Very unsafe"]


def pilot_files(seed: int, stops: list[list]) -> tuple[bytes, bytes]:
    rng = _rng(seed, "pilot")
    # Column 10 holds the busyness rank of the stop's snap point; the pilot takes the busiest.
    ranked = sorted((s for s in stops if s[1] and s[8] == "0"), key=lambda s: s[10])
    seen_points, sites = set(), []
    for s in ranked:
        if s[10] not in seen_points:  # one stop per location
            seen_points.add(s[10])
            sites.append(s[1])
        if len(sites) == 15:
            break
    rows = [[code, 1, "2025-03-01"] for code in sites[:10]] + [[code, 2, "2025-09-01"] for code in sites[10:]]
    pilot = csv_bytes(["bus_stop_code", "phase", "camera_live_date"], rows)
    shares = {
        ("pilot", "before"): [0.08, 0.30, 0.18, 0.28, 0.16],
        ("pilot", "after"): [0.15, 0.38, 0.19, 0.19, 0.09],
        ("comparison", "before"): [0.09, 0.31, 0.18, 0.27, 0.15],
        ("comparison", "after"): [0.10, 0.31, 0.19, 0.26, 0.14],
    }
    survey_rows = []
    for (group, wave), p in shares.items():
        counts = rng.multinomial(int(rng.integers(360, 440)), p)
        survey_rows += [[group, wave, SURVEY_QUESTION, r, int(n)] for r, n in zip(SURVEY_RESPONSES, counts)]
    survey = csv_bytes(["site_group", "wave", "question", "response", "respondents"], survey_rows)
    return pilot, survey


# --- 11. female homicide release (illustrative) -----------------------------------------------


def female_homicide_file(seed: int, victims: list[list]) -> bytes:
    """Female victims 2021-2023 from the sample homicide file, with an invented relationship."""
    rng = _rng(seed, "female_homicide")
    counts: dict[tuple, int] = {}
    for row in victims:
        if row[2] != "Female" or not 2021 <= row[5] <= 2023:
            continue
        domestic, solved = row[4] == "Domestic Abuse", row[8] == "Solved"
        if not solved:
            relation = "Not known / no suspect"
        elif domestic and row[1] in ("0 to 12", "13 to 19"):
            relation = "Family member"
        elif domestic:
            relation = "Partner or ex-partner" if rng.random() < 0.75 else "Family member"
        else:
            relation = ["Acquaintance", "Stranger", "Not known / no suspect"][rng.choice(3, p=[0.5, 0.3, 0.2])]
        if relation == "Not known / no suspect":
            suspect = "Not known"
        elif rng.random() < 0.75:  # most suspects share the victim's ethnicity
            suspect = row[10] if row[10] != "Unrecorded / Unknown" else "Not known"
        else:
            suspect = ["White", "Black", "Asian", "Other"][rng.choice(4, p=[0.45, 0.3, 0.2, 0.05])]
        key = (row[5], row[1], row[10], suspect, relation)
        counts[key] = counts.get(key, 0) + 1
    rows = [
        [*key, n] for key, n in sorted(counts.items(), key=lambda kv: (kv[0][0], HOM_AGE.index(kv[0][1]), kv[0][2:]))
    ]
    return csv_bytes(
        ["year", "victim_age_group", "victim_ethnicity", "suspect_ethnicity", "relationship_to_offender", "victims"],
        rows,
    )


# --- orchestration -----------------------------------------------------------------------------

DESCRIPTION = (
    "Synthetic sample in the published formats of the MPS, police.uk, ONS, GLA and TfL files the "
    "dashboard ingests. Every figure, name, code and place is invented by a seeded generator: "
    "not real figures, not for analysis."
)


def build(seed: int = SEED) -> dict[str, bytes]:
    """Every sample file as {relative path: bytes}, SAMPLE.json last."""
    files: dict[str, bytes] = {}
    new_bytes, old_bytes, new_counts = borough_files(seed)
    files[BOROUGH_NEW] = new_bytes
    files[BOROUGH_OLD] = old_bytes
    files[WARD] = ward_file(seed, new_counts)
    files[VAWG_OFFENCES], files[VAWG_VICTIMS] = vawg_files(seed)
    victims = homicide_victims(seed)
    files[HOMICIDE_VICTIMS] = homicide_victims_file(victims)
    files[HOMICIDE_ACCUSED] = homicide_accused_file(seed)
    lsoas = build_lsoas(seed)
    points = build_snap_points(seed, lsoas)
    files.update(street_files(seed, points))
    files[BOUNDARIES] = boundaries_file(seed)
    files[POPULATION] = population_file(lsoas)
    stops = bus_stops(seed, points)
    files[BUS_STOPS] = bus_stops_file(stops)
    files[PILOT_SITES], files[PASSENGER_SURVEY] = pilot_files(seed, stops)
    files[FEMALE_HOMICIDE] = female_homicide_file(seed, victims)
    manifest = {
        "description": DESCRIPTION,
        "generator": "python -m tools.sample_data",
        "seed": seed,
        "files": {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())},
    }
    files[MANIFEST] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return files


def generate(out_dir: Path, seed: int = SEED) -> dict[str, bytes]:
    """Write the sample under out_dir (creating folders) and return what was written."""
    files = build(seed)
    for rel, data in files.items():
        path = Path(out_dir) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return files


def main(argv: Sequence[str] | None = None) -> int:
    from dashboard.paths import SAMPLE_DIR

    parser = argparse.ArgumentParser(prog="python -m tools.sample_data", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SAMPLE_DIR, help="output folder (default: data/sample)")
    parser.add_argument("--seed", type=int, default=SEED, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    files = generate(args.out, args.seed)
    total = sum(len(d) for d in files.values())
    print(f"wrote {len(files)} files, {total / 1e6:.1f} MB, to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
