-- Purpose: how many hexagons are significant hot spots of police.uk violence and sexual offences (the count the hotspots page gives), for one period and hexagon size, and whose police.uk data it covers.
-- Grain: one row, or none when that period and hexagon size are not in the store.
-- Parameters: $period (text: 'last_12' or 'all'), $resolution (integer: H3 resolution, 7, 8 or 9).
--
-- Reads hotspot_summary, built at ingest by dashboard/ingest/derive_hotspots.py; check it exists
-- with the home_derived_tables query first. hot_spots counts every hexagon tested whose confidence
-- bin is above 0: a hot spot at 90% confidence or more after the false discovery rate correction,
-- including hot spots left off the map because they hold too few offences themselves.
SELECT
    period_start,
    period_end,
    hot_cells AS hot_spots,
    study_cells AS hexagons_tested,
    forces,
    is_sample
FROM hotspot_summary
WHERE crime_type = 'Violence and sexual offences'
  AND period = $period
  AND resolution = CAST($resolution AS INTEGER)
