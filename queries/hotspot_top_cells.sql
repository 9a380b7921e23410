-- Purpose: the ranked table of top hot spots under the map: the hexagons whose offences cluster most strongly, for one period, hexagon size and area.
-- Grain: one row per hexagon, the top 20, ranked by confidence, then Gi* z-score, then offences.
-- Parameters: $period (text: 'last_12' or 'all'), $resolution (integer: 7, 8 or 9), $borough (text: a borough name, or 'London').
--
-- Only hexagons the map shows can be ranked: the store holds no hexagon under the disclosure
-- threshold (dashboard/ingest/derive_hotspots.py drops them before writing), so none is filtered here.
SELECT
    row_number() OVER (ORDER BY c.confidence_bin DESC, c.gi_z DESC, c.offences DESC, c.cell) AS rank,
    c.cell,
    c.top_location,
    c.borough_name,
    c.offences,
    c.confidence_bin,
    c.confidence_label,
    c.gi_z,
    c.pattern,
    c.months_hot,
    c.months,
    c.period_start,
    c.period_end
FROM hotspot_cells c
WHERE c.crime_type = 'Violence and sexual offences'
  AND c.period = $period
  AND c.resolution = CAST($resolution AS INTEGER)
  AND ($borough = 'London' OR c.borough_name = $borough)
ORDER BY rank
LIMIT 20
