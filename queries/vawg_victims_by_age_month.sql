-- Purpose: London-wide victims of VAWG offences by age group and month ('Victim count by age group' sheet).
-- Grain: one row per age group per month.
-- Parameters: none.
SELECT
    month,
    age_group,
    CAST(sum(victims) AS BIGINT) AS victims
FROM vawg_victims_by_age
GROUP BY month, age_group
ORDER BY month, age_group
