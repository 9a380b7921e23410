"""Reader for London borough boundaries (GeoJSON FeatureCollection with GSS codes, WGS84)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from dashboard.ingest.errors import IngestError, NotRecognised
from dashboard.ingest.normalise import canonical_borough
from dashboard.ingest.reader import ReadResult
from dashboard.ingest.tablefile import decode_utf8, read_bytes

CODE_PROPERTIES = ("GSS_CODE", "gss_code", "LAD22CD", "lad22cd", "code")


def read_boundaries(path: Path) -> ReadResult:
    try:
        document = json.loads(decode_utf8(path, read_bytes(path)))
    except json.JSONDecodeError as exc:
        raise IngestError(path, "valid JSON", line=exc.lineno, found=exc.msg) from None
    features = document.get("features") if isinstance(document, dict) else None
    if not features or not isinstance(features, list):
        raise NotRecognised("JSON without a GeoJSON feature list")
    first = features[0].get("properties") or {}
    code_key = next((k for k in CODE_PROPERTIES if k in first), None)
    if code_key is None:
        raise NotRecognised("GeoJSON features without a GSS code property")
    crs = ((document.get("crs") or {}).get("properties") or {}).get("name", "")
    if crs and "CRS84" not in crs and "4326" not in crs:
        raise IngestError(path, "WGS84 longitude/latitude coordinates (CRS84 or EPSG:4326)", found=crs)
    records = []
    for number, feature in enumerate(features, start=1):
        code = str((feature.get("properties") or {}).get(code_key, "")).strip()
        geometry = feature.get("geometry")
        if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise IngestError(
                path,
                "a Polygon or MultiPolygon geometry",
                line=number,
                column="geometry",
                found=str((geometry or {}).get("type")),
            )
        borough_code, name, is_borough = canonical_borough(code)
        if is_borough:
            records.append({"borough_code": borough_code, "boundary_geojson": json.dumps(geometry)})
    if not records:
        raise NotRecognised("GeoJSON with no London borough GSS codes")
    return ReadResult("london_boundaries", {"borough_boundaries": pd.DataFrame(records)}, len(features))
