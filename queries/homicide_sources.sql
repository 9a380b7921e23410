-- Purpose: the homicide datasets in the store (victims, accused, female homicide release): whether each is sample data, and the months it covers.
-- Grain: one row per homicide dataset present in the store.
-- Parameters: none.
SELECT
    dataset,
    bool_or(is_sample) AS is_sample,
    min(first_month) AS first_month,
    max(last_month) AS last_month,
    CAST(sum(rows) AS BIGINT) AS source_rows
FROM datasets
WHERE dataset IN ('mps_homicide_victims', 'mps_homicide_accused', 'mps_female_homicide_release')
GROUP BY dataset
ORDER BY dataset
