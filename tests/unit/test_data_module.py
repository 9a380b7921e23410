"""The data module refuses what it cannot run before it opens any store: unknown names, wrong parameters.

Everything here fails before `dashboard.data` looks for a store, so no store is needed. Running
queries on a store (bound parameters, a store swapped in by ingest) is in
tests/integration/test_data_module_store.py, because it writes DuckDB files.
"""

from __future__ import annotations

import pytest

from dashboard import data

# A real query with one parameter ($borough) and one with none.
ONE_PARAMETER = "vawg_offences_by_ward_month"
NO_PARAMETERS = "datasets"


@pytest.fixture(autouse=True)
def no_store(monkeypatch, tmp_path):
    """Any attempt to reach a store would fail loudly with 'there is no store', not pass by accident."""
    monkeypatch.setenv("VAWG_STORE", str(tmp_path / "never-built.duckdb"))


@pytest.mark.parametrize("name", ["no_such_query", "Datasets", "datasets.sql", "../pyproject", "datasets; DROP", ""])
def test_an_unknown_or_malformed_query_name_is_a_query_error(name):
    with pytest.raises(data.QueryError, match="no query named"):
        data.run(name)


def test_a_missing_parameter_is_named():
    with pytest.raises(data.QueryError) as raised:
        data.run(ONE_PARAMETER)
    message = str(raised.value)
    assert "takes parameters borough" in message and "missing borough" in message
    assert "unknown" not in message


def test_an_extra_parameter_is_named():
    with pytest.raises(data.QueryError) as raised:
        data.run(NO_PARAMETERS, borough="Camden")
    message = str(raised.value)
    assert "takes parameters none" in message and "unknown borough" in message


def test_missing_and_extra_parameters_are_named_together():
    with pytest.raises(data.QueryError) as raised:
        data.run(ONE_PARAMETER, borogh="Camden", period="last_12")
    message = str(raised.value)
    assert "missing borough" in message and "unknown borogh, period" in message


def test_parameters_come_from_the_sql_body_not_its_comments():
    query = data.load_query(ONE_PARAMETER)
    assert query.parameters == ("borough",)
    assert query.purpose.startswith("VAWG offences per ward and month")
    assert query.grain.startswith("one row per ward per month")


def test_right_parameters_get_as_far_as_the_store():
    # The checks above passed this call through: the only thing missing is a store.
    with pytest.raises(data.QueryError, match="there is no store"):
        data.run(ONE_PARAMETER, borough="Camden")
