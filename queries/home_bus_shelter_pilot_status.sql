-- Purpose: where the bus-shelter CCTV pilot stands in the store: shelters, phases and when cameras went live.
-- Grain: one row (zero shelters and NULL dates when no pilot site list has been loaded).
-- Parameters: none.
SELECT
    count(DISTINCT p.bus_stop_code) AS shelters,
    count(DISTINCT p.phase) AS phases,
    max(p.phase) AS latest_phase,
    count(DISTINCT p.bus_stop_code) FILTER (WHERE p.phase = (SELECT max(phase) FROM pilot_sites)) AS shelters_in_latest_phase,
    min(p.camera_live_date) AS first_camera_live,
    max(p.camera_live_date) AS latest_camera_live,
    coalesce(bool_or(d.is_sample), false) AS is_sample
FROM pilot_sites p
LEFT JOIN datasets d USING (dataset_id)
