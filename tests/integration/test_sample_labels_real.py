"""Sample labels follow the data a figure is built from: real extracts beside illustrative pilot files.

A store of the real extracts plus the bundled illustrative pilot and release files must stamp the
pilot figures illustrative, and must not call figures built only from real files "sample".
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, PAGES
from tests.conftest import SAMPLE_DATA, SHARED_DATA, ingest, needs_shared_data

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def mixed_store(tmp_path_factory):
    needs_shared_data()
    store = tmp_path_factory.mktemp("mixed") / "vawg.duckdb"
    result = ingest([SHARED_DATA, SAMPLE_DATA / "bus_shelter_pilot", SAMPLE_DATA / "female_homicide"], store)
    assert result.returncode == 0, result.stderr
    return store


def page_output(store, monkeypatch, path: str) -> str:
    monkeypatch.setenv("VAWG_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=300).run()
    at.switch_page(PAGES[path]).run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [
        str(getattr(e, "value", "")) for kind in ("markdown", "caption", "warning", "info") for e in getattr(at, kind)
    ]
    charts = [e.proto.spec for e in at.get("plotly_chart")]
    return "\n".join(texts + charts)


@pytest.mark.parametrize("path", ["/trends", "/boroughs", "/hotspots"])
def test_pages_built_from_real_files_carry_no_sample_stamp(mixed_store, monkeypatch, path):
    output = page_output(mixed_store, monkeypatch, path)
    assert "SAMPLE DATA" not in output
    assert "some figures on this dashboard are illustrative" in output  # the store-wide banner still says so


def test_the_pilot_page_stays_illustrative(mixed_store, monkeypatch):
    output = page_output(mixed_store, monkeypatch, "/bus-shelters")
    assert "Illustrative" in output
