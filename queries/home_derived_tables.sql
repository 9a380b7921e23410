-- Purpose: which of the tables built at ingest for particular pages exist in this store, so a page can say "not available yet" instead of failing.
-- Grain: one row per table that exists.
-- Parameters: none.
SELECT table_name
FROM information_schema.tables
WHERE table_schema = 'main'
  AND table_name IN ('hotspot_summary')
ORDER BY table_name
