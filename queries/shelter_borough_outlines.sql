-- Purpose: outlines of the boroughs holding the bus-shelter sites at one radius, as context for the map.
-- Grain: one row per borough.
-- Parameters: $radius (number, metres).
SELECT b.borough_name, b.boundary_geojson
FROM boroughs b
WHERE b.boundary_geojson IS NOT NULL
  AND b.borough_name IN (SELECT borough FROM shelter_sites WHERE radius_m = CAST($radius AS DOUBLE) AND longitude IS NOT NULL)
ORDER BY b.borough_name
