-- Purpose: women and girls recorded as homicide victims, by year and by each breakdown the page shows.
-- Grain: one row per dimension (age_group, ethnicity, method, domestic_abuse, solved_status, borough)
--        per category per year, zeros included, so every breakdown of a year adds up to that year's total.
-- Parameters: none.
--
-- Categories are every value the victims table uses for any victim (so a category with no female
-- victims shows as 0), and for boroughs the 32 boroughs the Met polices plus any other area the
-- data name (e.g. 'Unmapped'). is_borough is false for those other areas. Counts are raw: pages
-- pass them through dashboard.disclosure before showing them.
WITH female AS (
    SELECT * FROM homicide_victims WHERE sex = 'Female'
),
labelled AS (
    SELECT *,
        CASE WHEN is_domestic_abuse THEN 'Domestic abuse related'
             WHEN NOT is_domestic_abuse THEN 'Not domestic abuse related'
             ELSE 'Not recorded' END AS domestic_abuse
    FROM homicide_victims
),
counted AS (
    SELECT 'age_group' AS dimension, age_group AS category, year, victims FROM female
    UNION ALL SELECT 'ethnicity', ethnicity, year, victims FROM female
    UNION ALL SELECT 'method', method, year, victims FROM female
    UNION ALL SELECT 'domestic_abuse', domestic_abuse, year, victims FROM labelled WHERE sex = 'Female'
    UNION ALL SELECT 'solved_status', solved_status, year, victims FROM female
    UNION ALL SELECT 'borough', borough_name, year, victims FROM female
),
categories AS (
    SELECT DISTINCT 'age_group' AS dimension, age_group AS category, true AS is_borough FROM homicide_victims
    UNION SELECT DISTINCT 'ethnicity', ethnicity, true FROM homicide_victims
    UNION SELECT DISTINCT 'method', method, true FROM homicide_victims
    UNION SELECT 'domestic_abuse', 'Domestic abuse related', true
    UNION SELECT 'domestic_abuse', 'Not domestic abuse related', true
    UNION SELECT DISTINCT 'domestic_abuse', domestic_abuse, true FROM labelled
    UNION SELECT DISTINCT 'solved_status', solved_status, true FROM homicide_victims
    UNION SELECT 'borough', borough_name, true FROM boroughs WHERE borough_code <> 'E09000001'
    UNION SELECT DISTINCT 'borough', borough_name, is_borough FROM homicide_victims
),
years AS (
    SELECT DISTINCT year FROM homicide_victims
)
SELECT
    c.dimension,
    c.category,
    c.is_borough,
    y.year,
    CAST(coalesce(sum(n.victims), 0) AS BIGINT) AS victims
FROM categories c
CROSS JOIN years y
LEFT JOIN counted n ON n.dimension = c.dimension AND n.category = c.category AND n.year = y.year
GROUP BY c.dimension, c.category, c.is_borough, y.year
ORDER BY c.dimension, c.category, y.year
