"""`python -m serve` settings: what a worker builds before it takes visitors (--warm, --no-warm, $WARM)."""

from __future__ import annotations

import pytest

from serve.settings import settings_from


@pytest.mark.parametrize(
    ("argv", "env", "scope"),
    [
        ([], None, "all"),
        (["--warm", "pages"], None, "pages"),
        (["--warm", "none"], None, "none"),
        (["--no-warm"], "all", "none"),
        ([], "0", "none"),
        ([], "false", "none"),
        ([], "1", "all"),
        ([], "pages", "pages"),
        (["--warm", "all"], "0", "all"),  # a flag beats the environment
    ],
)
def test_warm_scope_from_flags_and_environment(monkeypatch, argv, env, scope):
    if env is None:
        monkeypatch.delenv("WARM", raising=False)
    else:
        monkeypatch.setenv("WARM", env)
    assert settings_from(["--workers", "1", *argv]).warm == scope


def test_an_unknown_warm_scope_is_refused_with_the_choices(monkeypatch):
    monkeypatch.setenv("WARM", "some")
    with pytest.raises(SystemExit, match="all, pages, none"):
        settings_from(["--workers", "1"])


def test_warming_pages_builds_each_page_once_and_one_boroughs_pages(tmp_path):
    from serve.warm import views_to_warm

    no_store = tmp_path / "absent.duckdb"  # the project's reference list of 32 boroughs stands in
    every = views_to_warm(no_store)
    pages = views_to_warm(no_store, every_borough=False)
    assert len(every) == 6 + 2 * 32 and len(set(every)) == len(every)
    assert len(pages) == 8 and set(pages) <= set(every)
    assert {view.split("?")[0] for view in pages} == {view.split("?")[0] for view in every}
