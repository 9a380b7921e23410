-- Purpose: London-wide VAWG offences by offence group and month, split by whether the Met classes them as VAWG
--          (the workbook's 'Offence count classification' sheet; it has no borough or ward).
-- Grain: one row per offence group per VAWG status (is_vawg) per month.
-- Parameters: none.
SELECT
    month,
    offence_group,
    is_vawg,
    CAST(sum(offences) AS BIGINT) AS offences
FROM vawg_offences_by_classification
GROUP BY month, offence_group, is_vawg
ORDER BY month, offence_group, is_vawg
