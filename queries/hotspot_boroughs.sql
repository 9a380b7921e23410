-- Purpose: the London boroughs for the hotspot map: simplified outlines drawn under the hexagons (the map has no basemap), a label point, and whether police.uk violence points from the force that polices each borough are loaded.
-- Grain: one row per London borough (33, with the City of London).
-- Parameters: none.
SELECT
    borough_code,
    borough_name,
    policing_force,
    has_point_data,
    outline_json,
    label_lon,
    label_lat
FROM hotspot_boroughs
WHERE crime_type = 'Violence and sexual offences'
ORDER BY borough_name
