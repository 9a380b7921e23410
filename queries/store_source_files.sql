-- Purpose: every file the store was built from, where it was read and its sha256, so `refresh` can carry over what it does not fetch and tell when nothing changed.
-- Grain: one row per source file.
-- Parameters: none.
SELECT dataset, file_path, sha256
FROM datasets
ORDER BY dataset, file_path
