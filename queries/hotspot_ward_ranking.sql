-- Purpose: wards ranked by the VAWG offences the Met recorded in the latest 12 months, for areas the hot spot map cannot cover (no police.uk points loaded).
-- Grain: one row per borough x ward with offences in the period (London boroughs only; 'Other' and 'Unknown' areas left out).
-- Parameters: $borough (text: a borough name, or 'London' for every ward).
--
-- The latest 12 months end at the latest month in vawg_offences. months_in_period says how many of
-- those months the store holds, so a page can say when there are fewer than 12.
WITH latest AS (
    SELECT max(month) AS period_end FROM vawg_offences
), period AS (
    SELECT CAST(period_end - INTERVAL 11 MONTH AS DATE) AS period_start, CAST(period_end AS DATE) AS period_end
    FROM latest
)
SELECT
    v.borough_name,
    v.ward_name,
    CAST(sum(v.offences) AS BIGINT) AS offences,
    p.period_start,
    p.period_end,
    (SELECT count(DISTINCT month) FROM vawg_offences, period q WHERE month BETWEEN q.period_start AND q.period_end)
        AS months_in_period
FROM vawg_offences v, period p
WHERE v.month BETWEEN p.period_start AND p.period_end
  AND v.is_borough
  AND ($borough = 'London' OR v.borough_name = $borough)
GROUP BY v.borough_name, v.ward_name, p.period_start, p.period_end
ORDER BY offences DESC, v.borough_name, v.ward_name
