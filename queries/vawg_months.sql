-- Purpose: the months the Met's VAWG data by place cover, so pages know the latest month and can check a period is whole.
-- Grain: one row per month present in vawg_offences.
-- Parameters: none.
SELECT DISTINCT month
FROM vawg_offences
ORDER BY month
