-- Purpose: London's offences in the Met's VAWG data in the latest 12 months, against the 12 months before.
-- Grain: one row.
-- Parameters: none.
--
-- Counts come from vawg_offences (the workbook's 'Offence count location' sheet). London is every
-- row, including areas that are not boroughs ('Other', 'Unknown'), so the total equals the Met's.
-- The latest month in the store counts as complete: the Met publishes whole months only.
-- change and percent_change are NULL unless both periods have all 12 months.
-- offences_outside_vawg: how many of the same months' offences the 'Offence count classification'
-- sheet puts outside VAWG (is_vawg = false). The location sheet cannot be split that way, so pages
-- say how many of its offences this is; NULL when the classification sheet lacks any of the months.
WITH bounds AS (
    SELECT max(month) AS period_end,
           CAST(max(month) - INTERVAL 11 MONTH AS DATE) AS period_start,
           CAST(max(month) - INTERVAL 12 MONTH AS DATE) AS previous_period_end,
           CAST(max(month) - INTERVAL 23 MONTH AS DATE) AS previous_period_start
    FROM vawg_offences
),
latest AS (
    SELECT CAST(sum(v.offences) AS BIGINT) AS offences, count(DISTINCT v.month) AS months
    FROM vawg_offences v, bounds b
    WHERE v.month BETWEEN b.period_start AND b.period_end
),
previous AS (
    SELECT CAST(sum(v.offences) AS BIGINT) AS offences, count(DISTINCT v.month) AS months
    FROM vawg_offences v, bounds b
    WHERE v.month BETWEEN b.previous_period_start AND b.previous_period_end
),
outside AS (
    SELECT CAST(sum(c.offences) FILTER (WHERE NOT c.is_vawg) AS BIGINT) AS offences, count(DISTINCT c.month) AS months
    FROM vawg_offences_by_classification c, bounds b
    WHERE c.month BETWEEN b.period_start AND b.period_end
),
complete AS (
    SELECT l.months = 12 AND p.months = 12 AS both_complete FROM latest l, previous p
)
SELECT
    b.period_start,
    b.period_end,
    l.offences,
    l.months AS months_in_period,
    b.previous_period_start,
    b.previous_period_end,
    p.offences AS previous_offences,
    p.months AS months_in_previous_period,
    CASE WHEN c.both_complete THEN l.offences - p.offences END AS change,
    CASE WHEN c.both_complete AND p.offences > 0
         THEN round(100.0 * (l.offences - p.offences) / p.offences, 1) END AS percent_change,
    CASE WHEN o.months = l.months THEN coalesce(o.offences, 0) END AS offences_outside_vawg
FROM bounds b, latest l, previous p, outside o, complete c
