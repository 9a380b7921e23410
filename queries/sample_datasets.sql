-- Purpose: for each dataset in the store, whether any of its files come from the bundled sample.
-- Grain: one row per dataset.
-- Parameters: none.
SELECT dataset, bool_or(is_sample) AS is_sample
FROM datasets
GROUP BY dataset
ORDER BY dataset
