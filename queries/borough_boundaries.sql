-- Purpose: every London borough with its boundary (GeoJSON geometry in WGS84), for the map comparing boroughs.
-- Grain: one row per borough (33, with the City of London); boundary_geojson is NULL when the store has no boundaries.
-- Parameters: none.
SELECT
    borough_code,
    borough_name,
    is_inner_london,
    boundary_geojson
FROM boroughs
ORDER BY borough_name
