-- Purpose: the release this store is: its id, when it was built, the release it replaced and when its files last changed (UTC).
-- Grain: one row. A store built before releases were kept has no such table (data.release_record says None).
-- Parameters: none.
SELECT release_id, built_at, previous_release_id, data_changed_at
FROM store_release
ORDER BY built_at DESC
LIMIT 1
