-- Purpose: each monthly dataset's London total per month, per measure, to compare two releases (what the publisher revised).
-- Grain: one row per dataset (datasets.dataset) x measure x month.
-- Parameters: none.
WITH totals AS (
    SELECT dataset_id, 'recorded offences' AS measure, month, sum(offences) AS total
    FROM recorded_crime GROUP BY ALL
    UNION ALL
    SELECT dataset_id, 'recorded offences', month, sum(offences) FROM recorded_crime_ward GROUP BY ALL
    UNION ALL
    SELECT dataset_id, 'VAWG offences', month, sum(offences) FROM vawg_offences GROUP BY ALL
    UNION ALL
    SELECT dataset_id, 'VAWG victims', month, sum(victims) FROM vawg_victims GROUP BY ALL
    UNION ALL
    SELECT dataset_id, 'homicide victims', month, sum(victims) FROM homicide_victims GROUP BY ALL
    UNION ALL
    SELECT dataset_id, 'persons proceeded against', month, sum(persons) FROM homicide_accused GROUP BY ALL
    UNION ALL
    SELECT dataset_id, 'street-level crimes', month, count(*) FROM street_crime GROUP BY ALL
)
SELECT d.dataset, min(d.title) AS title, t.measure, t.month, CAST(sum(t.total) AS BIGINT) AS total
FROM totals AS t
JOIN datasets AS d USING (dataset_id)
GROUP BY d.dataset, t.measure, t.month
ORDER BY d.dataset, t.measure, t.month
