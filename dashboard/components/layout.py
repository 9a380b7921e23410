"""Chrome shared by every page: the page list, the sample-data banner and the sources footer.

All of it runs on every page view, so each part is worked out once (per process, or per store for the
banner) and each view only makes the Streamlit calls.
"""

from __future__ import annotations

import copy
from functools import cache, lru_cache

import streamlit as st

from dashboard import data
from dashboard.paths import PROJECT_ROOT
from dashboard.words.catalog import OGL_ATTRIBUTION, SAMPLE_LABEL

# Streamlit compiles a page's script and runs its whole body on every view (and recompiles it whenever
# no session is connected), so each page script is two lines that call the page's module in
# dashboard/views, which Python imports, and so compiles and defines, once per process.
_PAGE_SCRIPTS = PROJECT_ROOT / "dashboard" / "page_scripts"
#: (script in dashboard/page_scripts, title, url path); the first is the default page.
PAGES = (
    ("home.py", "Home", "home"),
    ("trends.py", "VAWG trends", "trends"),
    ("boroughs.py", "Boroughs", "boroughs"),
    ("homicide.py", "Female homicide", "homicide"),
    ("hotspots.py", "Hotspots", "hotspots"),
    ("bus_shelters.py", "Bus-shelter CCTV pilot", "bus-shelters"),
    ("about.py", "About the data", "about"),
)
FOOTER = (
    "Figures from the Metropolitan Police Service, police.uk, ONS, GLA and TfL. "
    f"{OGL_ATTRIBUTION} See [About the data](/about) for every source file, its period and licence."
)


def store_status() -> dict:
    return data.run("store_status").iloc[0].to_dict()


def is_sample(*datasets: str) -> bool:
    """Whether a figure built from these datasets (catalog keys) uses any bundled-sample file.

    Pages stamp a chart "sample" by what that chart is built from, not by the store as a whole: a
    store of real extracts with illustrative pilot files must not call real police.uk figures sample.
    """
    flags = data.run("sample_datasets")
    return bool(flags.loc[flags["dataset"].isin(datasets), "is_sample"].any())


@cache
def _page_templates() -> tuple[st.Page, ...]:
    # Made inside the first script run: st.Page needs a run's context to resolve its file.
    return tuple(
        st.Page(_PAGE_SCRIPTS / script, title=title, url_path=url_path, default=index == 0)
        for index, (script, title, url_path) in enumerate(PAGES)
    )


def page_for(script: str) -> st.Page:
    """The page of `script` (a name in PAGES, e.g. "trends.py"), for st.page_link.

    A link given the page itself costs nothing to resolve; given a path, st.page_link resolves it on
    disk (os.path.realpath) on every view. Made in a script run, like every page (see pages()).
    """
    return next(page for (name, _, _), page in zip(PAGES, _page_templates(), strict=True) if name == script)


def pages() -> list[st.Page]:
    """The pages for `st.navigation`, as new objects for this run.

    Making an `st.Page` resolves its file on disk (a millisecond for the seven, on every view), so
    they are made once per process and copied. Each run needs its own objects: `st.navigation` marks
    the chosen page runnable and `Page.run()` unmarks it, so one shared object would let two visitors'
    runs trip over each other.
    """
    return [copy.copy(page) for page in _page_templates()]


@lru_cache(maxsize=4)
def _sample_warning(store_version: tuple) -> str | None:
    status = store_status()
    if status.get("is_all_sample"):
        return (
            f"**{SAMPLE_LABEL}.** This dashboard is running on the bundled synthetic sample. "
            "Load the Met's published files with `python -m dashboard ingest` to see real figures."
        )
    if status.get("has_sample_data"):
        return (
            "**Sample data: some figures on this dashboard are illustrative, not real statistics.** "
            "Every chart, table and download built from them is labelled where it appears; "
            "[About the data](/about) lists which source files are samples."
        )
    return None


def sample_banner() -> None:
    """Every page says so, prominently, whenever any figure in the store comes from the bundled sample.

    Worked out once per store (the store's version is the key), not queried on every view.
    """
    warning = _sample_warning(data.store_version())
    if warning:
        st.warning(warning, icon=":material/science:")


def footer() -> None:
    st.divider()
    # Small text, not st.caption: a caption fades its links to a 2.5:1 contrast (WCAG 1.4.3 asks 4.5:1).
    st.markdown(f":small[{FOOTER}]")
