"""A fresh clone has no store: the first start builds one from the bundled sample and shows the home page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, all_text


def test_first_start_builds_the_store_from_the_sample(tmp_path, monkeypatch):
    store = tmp_path / "fresh" / "vawg.duckdb"
    monkeypatch.setenv("VAWG_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.exists()
    assert "Sample data" in all_text(at)
    assert "Violence against women and girls in London" in all_text(at)
