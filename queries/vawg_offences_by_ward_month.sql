-- Purpose: VAWG offences per ward and month in one borough ('Offence count location' sheet), for the ward ranking.
-- Grain: one row per ward per month that has offences in the borough.
-- Parameters: $borough (text, a borough's canonical name, e.g. 'Camden').
--
-- Wards are named as the Met publishes them ('Not stated' when the sheet gives no ward).
SELECT
    month,
    ward_name,
    CAST(sum(offences) AS BIGINT) AS offences
FROM vawg_offences
WHERE is_borough AND borough_name = $borough
GROUP BY month, ward_name
ORDER BY month, ward_name
