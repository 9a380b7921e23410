-- Purpose: the hexagons drawn on the hotspot map: police.uk violence and sexual offences per H3 cell, with Gi* confidence and the emerging hot spot class, for one period, hexagon size and area.
-- Grain: one row per hexagon shown (the store holds only hexagons with at least the disclosure threshold of offences: ingest drops the rest before writing).
-- Parameters: $period (text: 'last_12' or 'all'), $resolution (integer: H3 resolution 7, 8 or 9), $borough (text: a borough name, or 'London' for every hexagon).
--
-- Built at ingest by dashboard/ingest/derive_hotspots.py. borough_name is the borough of most of the
-- hexagon's points. Ordered as the ranked table ranks them: strongest hot spot first.
SELECT
    c.cell,
    c.offences,
    c.gi_z,
    c.confidence_bin,
    c.confidence_label,
    c.pattern,
    c.months,
    c.months_hot,
    c.months_cold,
    c.borough_name,
    c.top_location,
    c.cell_lon,
    c.cell_lat,
    c.period_start,
    c.period_end
FROM hotspot_cells c
WHERE c.crime_type = 'Violence and sexual offences'
  AND c.period = $period
  AND c.resolution = CAST($resolution AS INTEGER)
  AND ($borough = 'London' OR c.borough_name = $borough)
ORDER BY c.confidence_bin DESC, c.gi_z DESC, c.offences DESC, c.cell
