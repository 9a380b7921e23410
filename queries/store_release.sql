-- Purpose: the release this store is: its id, when it was built, the release it replaced and when its files last changed (UTC).
-- Grain: one row (none in a store built before releases were kept).
-- Parameters: none.
SELECT release_id, built_at, previous_release_id, data_changed_at
FROM store_release
ORDER BY built_at DESC
LIMIT 1
