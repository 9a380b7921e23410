-- Purpose: homicide victims in London by the year the homicide was recorded and the victim's sex, as published.
-- Grain: one row per year per published sex value (Female, Male, and any other value such as Unknown).
-- Parameters: none.
--
-- Counts are raw: dashboard.figures.homicide passes them through dashboard.disclosure before any output.
SELECT
    year,
    sex,
    CAST(sum(victims) AS BIGINT) AS victims
FROM homicide_victims
GROUP BY year, sex
ORDER BY year, sex
