-- Purpose: what the bus-shelter evaluation used at each radius: crime type and why, forces, months, site counts, illustrative flags.
-- Why the crime type is a kind and JSON parameters; dashboard/words/shelters.py `crime_type_reason_text` words it.
-- Grain: one row per radius (metres).
-- Parameters: none.
SELECT radius_m, is_default_radius, crime_type, crime_type_noun, crime_type_reason_kind, crime_type_reason_params,
       forces, first_month, last_month,
       months_before, months_after, has_pilot_sites, pilot_sites_listed, pilot_sites_found, pilot_sites_evaluated,
       comparison_sites, is_illustrative, has_survey, survey_is_illustrative, has_incidents,
       incidents_are_illustrative, crimes_are_sample, stops_are_sample
FROM shelter_evaluation_info
ORDER BY radius_m
