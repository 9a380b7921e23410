-- Purpose: VAWG offences (the workbook's 'Offence count location' sheet) per area and month, for every
--          borough and every area that is not a borough ('Other', 'Unknown'), so London is the sum of all rows.
-- Grain: one row per area per month that has offences (a month with none in an area has no row).
-- Parameters: none.
--
-- The /trends and /boroughs pages compute their headlines, ranks and map from this one frame
-- (dashboard/figures/vawg.py), so a borough's figure and London's always come from the same rows.
SELECT
    month,
    borough_code,
    borough_name,
    is_borough,
    CAST(sum(offences) AS BIGINT) AS offences
FROM vawg_offences
GROUP BY month, borough_code, borough_name, is_borough
ORDER BY month, borough_name
