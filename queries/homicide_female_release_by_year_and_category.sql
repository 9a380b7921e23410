-- Purpose: the Met's female homicide release (project contract), by year and by relationship to offender, victim ethnicity and suspect ethnicity.
-- Grain: one row per dimension (relationship_to_offender, victim_ethnicity, suspect_ethnicity) per category per year, zeros included.
-- Parameters: none.
--
-- No row at all when no release has been loaded: the page then leaves the section out. Counts are raw.
WITH counted AS (
    SELECT 'relationship_to_offender' AS dimension, relationship_to_offender AS category, year, victims
    FROM female_homicide_release
    UNION ALL SELECT 'victim_ethnicity', victim_ethnicity, year, victims FROM female_homicide_release
    UNION ALL SELECT 'suspect_ethnicity', suspect_ethnicity, year, victims FROM female_homicide_release
),
categories AS (
    SELECT DISTINCT dimension, category FROM counted
),
years AS (
    SELECT DISTINCT year FROM female_homicide_release
)
SELECT
    c.dimension,
    c.category,
    y.year,
    CAST(coalesce(sum(n.victims), 0) AS BIGINT) AS victims
FROM categories c
CROSS JOIN years y
LEFT JOIN counted n ON n.dimension = c.dimension AND n.category = c.category AND n.year = y.year
GROUP BY c.dimension, c.category, y.year
ORDER BY c.dimension, c.category, y.year
