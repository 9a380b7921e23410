"""The catalog's records are complete: a dataset, measure or caveat left undocumented fails here."""

from __future__ import annotations

import dataclasses
import re

import pytest

from dashboard.words import catalog
from dashboard.words.catalog import CAVEAT_RECORDS, CAVEAT_TITLES, CAVEATS, DATASETS, MEASURES, Caveat


def _text_fields(record: object) -> dict[str, str]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record) if f.type == "str"}


def _assert_written(record: object) -> None:
    """Every text field says something, with no stray space at either end."""
    for name, value in _text_fields(record).items():
        assert value.strip(), f"{record.key}: {name} is empty"
        assert value == value.strip(), f"{record.key}: {name} has space at an end"


@pytest.mark.parametrize("records", [DATASETS, CAVEAT_RECORDS, MEASURES], ids=["datasets", "caveats", "measures"])
def test_every_record_is_filed_under_its_own_key(records):
    assert records, "no records"
    for key, record in records.items():
        assert record.key == key
        assert re.fullmatch(r"[a-z][a-z0-9_]*", key), key


@pytest.mark.parametrize("key", list(DATASETS))
def test_every_dataset_says_who_publishes_it_under_what_licence_and_where(key):
    dataset = DATASETS[key]
    _assert_written(dataset)
    assert dataset.url.startswith("https://"), dataset.url


@pytest.mark.parametrize("key", list(CAVEAT_RECORDS))
def test_every_caveat_has_a_heading_and_a_text(key):
    _assert_written(CAVEAT_RECORDS[key])


@pytest.mark.parametrize("key", list(MEASURES))
def test_every_measure_is_defined_sourced_and_caveated(key):
    measure = MEASURES[key]
    _assert_written(measure)
    assert measure.sources, f"{key} names no dataset"
    assert measure.caveats, f"{key} names no caveat"
    assert not set(measure.sources) - set(DATASETS), f"{key} names unknown datasets"
    assert not set(measure.caveats) - set(CAVEAT_RECORDS), f"{key} names unknown caveats"
    assert len(set(measure.caveats)) == len(measure.caveats), f"{key} names a caveat twice"
    assert len(set(measure.sources)) == len(measure.sources), f"{key} names a dataset twice"


def test_caveat_lookups_are_the_records_words():
    assert {key: caveat.text for key, caveat in CAVEAT_RECORDS.items()} == CAVEATS
    assert {key: caveat.title for key, caveat in CAVEAT_RECORDS.items()} == CAVEAT_TITLES


def test_every_caveat_heading_is_its_own():
    """Two caveats under one heading would look like one on the About page."""
    titles = list(CAVEAT_TITLES.values())
    assert len(set(titles)) == len(titles)


def test_a_key_written_twice_is_refused():
    twice = [Caveat("same", "One", "First."), Caveat("same", "Two", "Second.")]
    with pytest.raises(ValueError, match="'same'"):
        catalog._by_key(twice)


def test_records_cannot_be_changed_after_import():
    with pytest.raises(dataclasses.FrozenInstanceError):
        MEASURES["vawg_offences"].title = "changed"  # type: ignore[misc]
