-- Purpose: women and girls (females of all ages) living in each borough, the denominator for rates per 1,000.
-- Grain: one row per borough (the City of London included; pages leave it out of the Met's London).
-- Parameters: none.
--
-- The store holds one population year (ONS mid-2020 small-area estimates, summed to boroughs); if it ever
-- held several, the latest is used.
SELECT
    p.borough_code,
    b.borough_name,
    CAST(p.population AS BIGINT) AS population,
    p.year
FROM population p
JOIN boroughs b USING (borough_code)
WHERE p.sex = 'female'
  AND p.age_band = 'all'
  AND p.year = (SELECT max(year) FROM population WHERE sex = 'female' AND age_band = 'all')
ORDER BY b.borough_name
