-- Purpose: every source file in the store, with its publisher, licence, period, sha256 and sample flag.
-- Grain: one row per source file.
-- Parameters: none.
SELECT dataset_id, dataset, title, file_name, sha256, rows, first_month, last_month,
       first_month_supplied, last_month_supplied, months_supplied, publisher, licence, url,
       is_sample, ingested_at
FROM datasets
ORDER BY dataset, file_name
