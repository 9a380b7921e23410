"""The data module on real DuckDB files: values are bound, never pasted; a store swapped in by ingest is used.

Each test builds a tiny store in tmp_path with duckdb and points `VAWG_STORE` at it, and reads its
own query files, so nothing here needs the real extracts or the sample. These write files, which is
why they are not in tests/unit; the checks that need no store are in tests/unit/test_data_module.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from dashboard import data

QUERIES = {
    "offences_in_borough": (
        "-- Purpose: a test query: the offences recorded in one borough.\n"
        "-- Grain: one row per offence group.\n"
        "-- Parameters: $borough (text).\n"
        "SELECT offence_group, offences FROM offences WHERE borough_name = $borough ORDER BY offence_group\n"
    ),
    "reads_a_missing_table": (
        "-- Purpose: a test query over a table the store does not have.\n"
        "-- Grain: none.\n"
        "-- Parameters: none.\n"
        "SELECT * FROM no_such_table\n"
    ),
}


@pytest.fixture()
def store(tmp_path, monkeypatch) -> Path:
    """Where the store lives for this test (not built yet), with this file's queries in place of queries/."""
    queries = tmp_path / "queries"
    queries.mkdir()
    for name, sql in QUERIES.items():
        (queries / f"{name}.sql").write_text(sql, encoding="utf-8")
    monkeypatch.setattr(data, "QUERIES_DIR", queries)
    path = tmp_path / "vawg.duckdb"
    monkeypatch.setenv("VAWG_STORE", str(path))
    forget_everything()
    yield path
    forget_everything()


def forget_everything() -> None:
    """Clear the module's caches and close its connections, so no test sees another's store or queries."""
    data.load_query.cache_clear()
    data._cached.cache_clear()
    for version in list(data._connections):
        data._connections.pop(version).close()


def build(path: Path, rows: list[tuple[str, str, int]]) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute("CREATE TABLE offences (borough_name VARCHAR, offence_group VARCHAR, offences INTEGER)")
        con.executemany("INSERT INTO offences VALUES (?, ?, ?)", rows)
    finally:
        con.close()


CAMDEN = [("Camden", "Sexual offences", 12), ("Camden", "Stalking", 30), ("Hackney", "Stalking", 25)]


@pytest.mark.parametrize(
    "value",
    [
        "x'; DROP TABLE offences; --",
        "Camden' OR '1'='1",
        'Camden" OR 1=1 --',
        "$borough",
        "Camden\x00",
    ],
)
def test_a_value_that_looks_like_sql_is_bound_and_matches_nothing(store, value):
    build(store, CAMDEN)
    assert data.run("offences_in_borough", borough=value).empty
    # The table is still there and the query still works for a real name.
    assert data.run("offences_in_borough", borough="Camden")["offences"].tolist() == [12, 30]


def test_a_name_with_a_quote_in_it_is_matched_exactly(store):
    build(store, [("King's Lynn", "Stalking", 4), ("Camden", "Stalking", 30)])
    assert data.run("offences_in_borough", borough="King's Lynn")["offences"].tolist() == [4]


def test_a_store_swapped_in_under_the_module_is_read_on_the_next_query(store, tmp_path):
    build(store, CAMDEN)
    before = data.run("offences_in_borough", borough="Camden")
    assert before["offences"].tolist() == [12, 30]
    # Ingest builds the new store beside the old one and renames it into place.
    replacement = tmp_path / "vawg.duckdb.new"
    build(replacement, [("Camden", "Sexual offences", 99), ("Camden", "Stalking", 1)])
    os.replace(replacement, store)
    assert data.run("offences_in_borough", borough="Camden")["offences"].tolist() == [99, 1]
    assert before["offences"].tolist() == [12, 30]  # a frame already handed out is not changed


def test_each_caller_gets_its_own_copy_of_a_cached_result(store):
    build(store, CAMDEN)
    first = data.run("offences_in_borough", borough="Camden")
    first.loc[:, "offences"] = -1
    assert data.run("offences_in_borough", borough="Camden")["offences"].tolist() == [12, 30]


def test_no_store_is_a_query_error_that_says_how_to_build_one(store):
    with pytest.raises(data.QueryError, match="there is no store at .*python -m dashboard ingest"):
        data.run("offences_in_borough", borough="Camden")


def test_a_failing_query_is_a_query_error_naming_the_query(store):
    build(store, CAMDEN)
    with pytest.raises(data.QueryError, match="^reads_a_missing_table: .*no_such_table"):
        data.run("reads_a_missing_table")


def test_the_store_is_opened_read_only(store):
    build(store, CAMDEN)
    data.run("offences_in_borough", borough="Camden")
    (connection,) = data._connections.values()
    with pytest.raises(duckdb.Error, match="read-only"):
        connection.execute("DELETE FROM offences")
