-- Purpose: police.uk crimes near the evaluated pilot shelters and comparison stops, per calendar month.
-- Grain: one row per site group ('pilot', 'comparison') per month.
-- Parameters: $radius (number, metres), $phase (text: a phase such as '1', or 'all').
SELECT site_group, month, sites, crimes, crimes_per_site
FROM shelter_monthly
WHERE radius_m = CAST($radius AS DOUBLE) AND phase = $phase
ORDER BY site_group DESC, month
