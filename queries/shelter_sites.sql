-- Purpose: pilot shelters (evaluated, left out, or not found) and their matched comparison stops at one radius.
-- A site's note is its kind and JSON parameters; dashboard/words/shelter_problems.py `site_note_text` words it.
-- Grain: one row per listed pilot site and per comparison stop.
-- Parameters: $radius (number, metres).
SELECT site_id, stop_code, listed_code, matched_by, bus_stop_code, stop_name, role, status, matched_pilot,
       matched_pilot_name, phase, borough, longitude, latitude, live_date, before_first_month, before_last_month,
       after_first_month, after_last_month, crimes_before, crimes_after, included, note_kind, note_params, match_rank,
       count_difference, nearest_camera_m
FROM shelter_sites
WHERE radius_m = CAST($radius AS DOUBLE)
ORDER BY CASE role WHEN 'pilot' THEN 0 ELSE 1 END,
         CASE status WHEN 'evaluated' THEN 0 WHEN 'comparison' THEN 0 WHEN 'not evaluated' THEN 1 ELSE 2 END,
         phase, coalesce(matched_pilot, site_id), match_rank, site_id
