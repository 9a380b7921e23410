-- Purpose: whether the store holds sample data, and the latest month of each kind of data.
-- Grain: one row.
-- Parameters: none.
SELECT
    bool_or(is_sample) AS has_sample_data,
    bool_and(is_sample) AS is_all_sample,
    (SELECT max(month) FROM vawg_offences) AS vawg_up_to,
    (SELECT max(month) FROM recorded_crime) AS recorded_crime_up_to,
    (SELECT max(month) FROM homicide_victims) AS homicide_up_to,
    (SELECT max(month) FROM street_crime) AS street_crime_up_to,
    max(ingested_at) AS ingested_at
FROM datasets
