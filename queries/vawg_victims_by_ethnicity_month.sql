-- Purpose: London-wide victims of VAWG offences by ethnic group and month ('Victim count by ethnic group' sheet;
--          the Met's ethnic appearance groups, as an officer recorded them).
-- Grain: one row per ethnic group per month.
-- Parameters: none.
SELECT
    month,
    ethnic_group,
    CAST(sum(victims) AS BIGINT) AS victims
FROM vawg_victims_by_ethnicity
GROUP BY month, ethnic_group
ORDER BY month, ethnic_group
