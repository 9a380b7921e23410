-- Purpose: for each dataset in the store, the period its files cover, how many files were read and when, for the About page's log of data releases.
-- Grain: one row per dataset (datasets.dataset).
-- Parameters: none.
SELECT
    dataset,
    min(title) AS title,
    count(*) AS files,
    CAST(sum(rows) AS BIGINT) AS rows,
    min(first_month) AS first_month,
    max(last_month) AS last_month,
    bool_or(is_sample) AS has_sample_data,
    bool_and(is_sample) AS is_all_sample,
    max(ingested_at) AS ingested_at
FROM datasets
GROUP BY dataset
ORDER BY max(last_month) DESC NULLS LAST, min(title)
