-- Purpose: incidents TfL reports at or near listed shelters, per month.
-- Grain: one row per month per site group ('pilot', 'other listed shelter').
-- Parameters: none.
SELECT month, site_group, sites, incidents, sources
FROM shelter_incidents_monthly
ORDER BY site_group DESC, month
