-- Purpose: women and girls recorded as homicide victims in London in the latest full calendar year, and the year before.
-- Grain: one row.
-- Parameters: none.
--
-- The latest full year is the latest year whose December is in the data. Years are the year the
-- homicide was recorded. Counts are raw: pages pass them through dashboard.disclosure before showing.
-- previous_year_victims is NULL when the data start after that year began.
WITH span AS (
    SELECT min(month) AS data_from, max(month) AS data_up_to FROM homicide_victims
),
years AS (
    SELECT data_from, data_up_to,
           CASE WHEN month(data_up_to) = 12 THEN year(data_up_to) ELSE year(data_up_to) - 1 END AS latest_full_year
    FROM span
)
SELECT
    y.latest_full_year AS year,
    y.data_from,
    y.data_up_to,
    CASE WHEN y.data_from <= make_date(y.latest_full_year, 1, 1) THEN
        (SELECT CAST(coalesce(sum(h.victims), 0) AS BIGINT) FROM homicide_victims h
         WHERE h.sex = 'Female' AND h.year = y.latest_full_year) END AS victims,
    CASE WHEN y.data_from <= make_date(y.latest_full_year - 1, 1, 1) THEN
        (SELECT CAST(coalesce(sum(h.victims), 0) AS BIGINT) FROM homicide_victims h
         WHERE h.sex = 'Female' AND h.year = y.latest_full_year - 1) END AS previous_year_victims
FROM years y
WHERE y.data_up_to IS NOT NULL
