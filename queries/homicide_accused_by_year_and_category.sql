-- Purpose: persons proceeded against for homicide (charged or summonsed; the accused), by year and by sex, age group and self-classified ethnicity.
-- Grain: one row per dimension (sex, age_group, ethnicity) per category per year, zeros included.
-- Parameters: none.
--
-- Years are the year proceedings began. The accused table is not linked to victims: it covers
-- everyone proceeded against for any homicide in London, whatever the victim's sex. Counts are raw.
WITH counted AS (
    SELECT 'sex' AS dimension, sex AS category, year, persons FROM homicide_accused
    UNION ALL SELECT 'age_group', age_group, year, persons FROM homicide_accused
    UNION ALL SELECT 'ethnicity', ethnicity, year, persons FROM homicide_accused
),
categories AS (
    SELECT DISTINCT dimension, category FROM counted
),
years AS (
    SELECT DISTINCT year FROM homicide_accused
)
SELECT
    c.dimension,
    c.category,
    y.year,
    CAST(coalesce(sum(n.persons), 0) AS BIGINT) AS persons
FROM categories c
CROSS JOIN years y
LEFT JOIN counted n ON n.dimension = c.dimension AND n.category = c.category AND n.year = y.year
GROUP BY c.dimension, c.category, y.year
ORDER BY c.dimension, c.category, y.year
