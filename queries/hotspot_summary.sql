-- Purpose: what the hot spot analysis covered for each period and hexagon size: months, points mapped and left out, hexagons tested, shown and hidden, forces loaded.
-- Grain: one row per period x H3 resolution (none when no police.uk violence points are loaded).
-- Parameters: none.
--
-- hot_cells / cold_cells count every hexagon tested; *_shown only those with at least
-- min_cell_count offences (the rest are never written to the store).
SELECT
    period,
    resolution,
    period_start,
    period_end,
    months,
    points,
    points_no_coordinates,
    points_outside_extent,
    cells_with_offences,
    study_cells,
    hot_cells,
    cold_cells,
    cells_shown,
    hot_cells_shown,
    cold_cells_shown,
    min_cell_count,
    alpha,
    trend_alpha,
    forces,
    months_left_out,
    is_sample
FROM hotspot_summary
WHERE crime_type = 'Violence and sexual offences'
ORDER BY period, resolution
