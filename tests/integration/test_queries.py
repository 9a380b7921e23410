"""Every named query in queries/*.sql has its header and runs on the sample store, for every parameter value.

The header is the file's opening comment block: `-- Purpose:`, `-- Grain:` and `-- Parameters:` in
that order, each saying something, with Parameters naming exactly the `$parameters` the SQL uses
(or 'none.'). The store is the bundled sample, built once per session by the real CLI (the
`sample_store` fixture in tests/conftest.py); it needs no real extracts, so nothing here is skipped.
"""

from __future__ import annotations

import itertools
import re

import pytest

from dashboard import data
from dashboard.paths import QUERIES_DIR

QUERY_NAMES = sorted(path.stem for path in QUERIES_DIR.glob("*.sql"))
HEADER_FIELDS = ("Purpose", "Grain", "Parameters")

# The values pages pass, for each parameter any query takes; the first is the typical one.
PARAMETER_VALUES: dict[str, list[object]] = {
    "borough": ["Camden", "London"],
    "period": ["last_12", "all"],
    "resolution": [8, 7, 9],
    "radius": [100, 200],
    "phase": ["all", "1"],
}

# Queries that can rightly return no rows on the sample for the typical values, and why.
MAY_BE_EMPTY = {
    # The sample bundles no shelter_incidents.csv: TfL publishes no incident file, and the contract
    # reader is there for when one exists.
    "shelter_incidents_monthly": "the sample has no incidents at shelters",
}


def header_block(sql: str) -> list[str]:
    """The opening comment lines, without the leading '--'."""
    block = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        block.append(line[2:].strip())
    return block


def header_fields(sql: str) -> dict[str, str]:
    """Each header field with its text, continuation lines joined (a field runs until the next one)."""
    fields: dict[str, str] = {}
    current = None
    for line in header_block(sql):
        match = re.match(r"^(Purpose|Grain|Parameters):\s*(.*)$", line)
        if match:
            current = match.group(1)
            assert current not in fields, f"{current} given twice"
            fields[current] = match.group(2)
        elif current and line:
            fields[current] += " " + line
        else:
            current = None
    return fields


def test_there_are_queries():
    assert len(QUERY_NAMES) >= 10


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_every_query_has_its_header(name):
    sql = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    assert sql.startswith("-- Purpose:"), "the file must open with its Purpose line"
    fields = header_fields(sql)
    assert list(fields) == list(HEADER_FIELDS), f"header fields {list(fields)}, expected {list(HEADER_FIELDS)} in order"
    for field, text in fields.items():
        assert len(text.strip(" .")) >= 4, f"{field} says nothing"
    declared = set(re.findall(r"\$([a-z_][a-z0-9_]*)", fields["Parameters"]))
    used = set(data.load_query(name).parameters)
    assert declared == used, f"Parameters names {sorted(declared)} but the SQL uses {sorted(used)}"
    if not used:
        assert fields["Parameters"].strip().lower() == "none."


@pytest.fixture(scope="module")
def sample(sample_store):
    return sample_store


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_every_query_runs_on_the_sample_store_for_every_parameter_value(name, sample, monkeypatch):
    monkeypatch.setenv("VAWG_STORE", str(sample))
    parameters = data.load_query(name).parameters
    unknown = [p for p in parameters if p not in PARAMETER_VALUES]
    assert not unknown, f"give this test sensible values for {unknown}"
    combinations = list(itertools.product(*(PARAMETER_VALUES[p] for p in parameters)))
    for values in combinations:
        frame = data.run(name, **dict(zip(parameters, values)))
        assert len(frame.columns) > 0
    typical = data.run(name, **{p: PARAMETER_VALUES[p][0] for p in parameters})
    if name not in MAY_BE_EMPTY:
        assert not typical.empty, f"{name} returns no rows on the sample for the typical values"
