-- Purpose: the span of the homicide victims data: first and last month, the latest full calendar year, and the part year after it.
-- Grain: one row (no row when the store holds no homicide victims).
-- Parameters: none.
--
-- The latest full year is the latest year whose December is in the data, the same rule as the home
-- page, so both pages name the same year. A later year is a part year (e.g. January to March only).
WITH span AS (
    SELECT min(month) AS data_from, max(month) AS data_up_to FROM homicide_victims
)
SELECT
    data_from,
    data_up_to,
    CAST(year(data_from) AS INTEGER) AS first_year,
    CAST(CASE WHEN month(data_up_to) = 12 THEN year(data_up_to) ELSE year(data_up_to) - 1 END AS INTEGER)
        AS latest_full_year,
    CAST(CASE WHEN month(data_up_to) = 12 THEN NULL ELSE year(data_up_to) END AS INTEGER) AS partial_year,
    CAST(CASE WHEN month(data_up_to) = 12 THEN NULL ELSE month(data_up_to) END AS INTEGER) AS partial_year_months
FROM span
WHERE data_up_to IS NOT NULL
