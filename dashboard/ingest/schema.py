"""The store's tables: one DDL per table, so every table exists (maybe empty) with its documented grain."""

from __future__ import annotations

BOROUGH = "borough_code VARCHAR, borough_name VARCHAR NOT NULL, is_borough BOOLEAN NOT NULL"

TABLES: dict[str, str] = {
    # one row per borough (or non-borough area) x offence subgroup x month
    "recorded_crime": f"month DATE NOT NULL, {BOROUGH}, offence_group VARCHAR NOT NULL, "
    "offence_subgroup VARCHAR NOT NULL, offences BIGINT NOT NULL, dataset_id INTEGER NOT NULL",
    # one row per ward x offence subgroup x month
    "recorded_crime_ward": f"month DATE NOT NULL, ward_code VARCHAR NOT NULL, ward_name VARCHAR NOT NULL, {BOROUGH}, "
    "offence_group VARCHAR NOT NULL, offence_subgroup VARCHAR NOT NULL, "
    "offences BIGINT NOT NULL, dataset_id INTEGER NOT NULL",
    # one row per ward x month, as the VAWG 'Offence count location' sheet
    "vawg_offences": f"month DATE NOT NULL, bcu_name VARCHAR NOT NULL, {BOROUGH}, ward_name VARCHAR NOT NULL, "
    "offences BIGINT NOT NULL, dataset_id INTEGER NOT NULL",
    # one row per classification row x month, London-wide
    "vawg_offences_by_classification": "month DATE NOT NULL, offence_group VARCHAR, offence_type VARCHAR, "
    "offence_description VARCHAR, vawg_offence VARCHAR, is_vawg BOOLEAN NOT NULL, "
    "offences BIGINT NOT NULL, dataset_id INTEGER NOT NULL",
    "vawg_victims": f"month DATE NOT NULL, bcu_name VARCHAR NOT NULL, {BOROUGH}, ward_name VARCHAR NOT NULL, "
    "victims BIGINT NOT NULL, dataset_id INTEGER NOT NULL",
    "vawg_victims_by_age": "month DATE NOT NULL, age_group VARCHAR NOT NULL, victims BIGINT NOT NULL, "
    "dataset_id INTEGER NOT NULL",
    "vawg_victims_by_ethnicity": "month DATE NOT NULL, ethnic_group VARCHAR NOT NULL, victims BIGINT NOT NULL, "
    "dataset_id INTEGER NOT NULL",
    # one row per published victim row (each is one victim in the current release)
    "homicide_victims": f"month DATE NOT NULL, year INTEGER NOT NULL, {BOROUGH}, sex VARCHAR NOT NULL, "
    "age_group VARCHAR NOT NULL, ethnicity VARCHAR NOT NULL, method VARCHAR NOT NULL, "
    "is_domestic_abuse BOOLEAN, offence_type VARCHAR NOT NULL, solved_status VARCHAR NOT NULL, "
    "victims BIGINT NOT NULL, dataset_id INTEGER NOT NULL",
    "homicide_accused": f"month DATE NOT NULL, year INTEGER NOT NULL, {BOROUGH}, sex VARCHAR NOT NULL, "
    "age_group VARCHAR NOT NULL, ethnicity VARCHAR NOT NULL, offence_type VARCHAR NOT NULL, "
    "proceedings_outcome VARCHAR NOT NULL, persons BIGINT NOT NULL, dataset_id INTEGER NOT NULL",
    "female_homicide_release": "year INTEGER NOT NULL, victim_age_group VARCHAR NOT NULL, "
    "victim_ethnicity VARCHAR NOT NULL, suspect_ethnicity VARCHAR NOT NULL, "
    "relationship_to_offender VARCHAR NOT NULL, victims BIGINT NOT NULL, "
    "dataset_id INTEGER NOT NULL",
    # one row per police.uk record
    "street_crime": "month DATE NOT NULL, force VARCHAR NOT NULL, crime_id VARCHAR, crime_type VARCHAR NOT NULL, "
    "longitude DOUBLE, latitude DOUBLE, location VARCHAR, lsoa_code VARCHAR, lsoa_name VARCHAR, "
    "borough_code VARCHAR, borough_name VARCHAR, outcome VARCHAR, dataset_id INTEGER NOT NULL",
    "borough_boundaries": "borough_code VARCHAR NOT NULL, boundary_geojson VARCHAR NOT NULL, dataset_id INTEGER NOT NULL",
    # one row per borough x sex x age band
    "population": "borough_code VARCHAR NOT NULL, sex VARCHAR NOT NULL, age_band VARCHAR NOT NULL, "
    "population BIGINT NOT NULL, year INTEGER, dataset_id INTEGER NOT NULL",
    "bus_stops": "stop_code VARCHAR NOT NULL, bus_stop_code VARCHAR, naptan_atco VARCHAR, stop_name VARCHAR, "
    "easting DOUBLE NOT NULL, northing DOUBLE NOT NULL, heading VARCHAR, stop_area VARCHAR, "
    "is_virtual BOOLEAN NOT NULL, longitude DOUBLE NOT NULL, latitude DOUBLE NOT NULL, "
    "dataset_id INTEGER NOT NULL",
    "pilot_sites": "bus_stop_code VARCHAR NOT NULL, phase INTEGER NOT NULL, camera_live_date DATE NOT NULL, "
    "dataset_id INTEGER NOT NULL",
    "passenger_survey": "site_group VARCHAR NOT NULL, wave VARCHAR NOT NULL, question VARCHAR NOT NULL, "
    "response VARCHAR NOT NULL, respondents BIGINT NOT NULL, dataset_id INTEGER NOT NULL",
    "shelter_incidents": "bus_stop_code VARCHAR NOT NULL, month DATE NOT NULL, incidents BIGINT NOT NULL, "
    "source VARCHAR NOT NULL, dataset_id INTEGER NOT NULL",
    # one row per source file read
    "datasets": "dataset_id INTEGER PRIMARY KEY, dataset VARCHAR NOT NULL, title VARCHAR NOT NULL, "
    "file_name VARCHAR NOT NULL, file_path VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, rows BIGINT NOT NULL, "
    "first_month DATE, last_month DATE, months_supplied INTEGER, first_month_supplied DATE, "
    "last_month_supplied DATE, publisher VARCHAR NOT NULL, licence VARCHAR NOT NULL, url VARCHAR, "
    "is_sample BOOLEAN NOT NULL, ingested_at TIMESTAMP NOT NULL",
    # one row: the release this store is (ingest/releases.py); times in UTC
    "store_release": "release_id VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL, previous_release_id VARCHAR, "
    "data_changed_at TIMESTAMP NOT NULL",
}
