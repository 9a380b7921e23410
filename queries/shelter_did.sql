-- Purpose: difference-in-differences estimates for the bus-shelter pilot at one radius, per phase and overall.
-- Grain: one row per phase ('all' = every phase together).
-- Parameters: $radius (number, metres).
SELECT phase, crime_type, pilot_sites, comparison_sites, months_before, months_after, pilot_before, pilot_after,
       comparison_before, comparison_after, estimate, lower, upper, absolute_estimate, absolute_lower,
       absolute_upper, pre_period_ratio, estimable, continuity_corrected, too_small
FROM shelter_did
WHERE radius_m = CAST($radius AS DOUBLE)
ORDER BY CASE phase WHEN 'all' THEN 1 ELSE 0 END, phase
