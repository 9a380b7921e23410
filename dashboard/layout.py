"""Chrome shared by every page: the sample-data banner, the quick exit, and the sources footer."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.catalog import OGL_ATTRIBUTION, SAMPLE_LABEL


def store_status() -> dict:
    return data.run("store_status").iloc[0].to_dict()


def is_sample(*datasets: str) -> bool:
    """Whether a figure built from these datasets (catalog keys) uses any bundled-sample file.

    Pages stamp a chart "sample" by what that chart is built from, not by the store as a whole: a
    store of real extracts with illustrative pilot files must not call real police.uk figures sample.
    """
    flags = data.run("sample_datasets")
    return bool(flags.loc[flags["dataset"].isin(datasets), "is_sample"].any())


def sample_banner() -> None:
    """Every page says so, prominently, whenever any figure in the store comes from the bundled sample."""
    status = store_status()
    if status.get("is_all_sample"):
        st.warning(
            f"**{SAMPLE_LABEL}.** This dashboard is running on the bundled synthetic sample. "
            "Load the Met's published files with `python -m dashboard ingest` to see real figures.",
            icon=":material/science:",
        )
    elif status.get("has_sample_data"):
        st.warning(
            "**Sample data: some figures on this dashboard are illustrative, not real statistics.** "
            "Every chart, table and download built from them is labelled where it appears; "
            "[About the data](/about) lists which source files are samples.",
            icon=":material/science:",
        )


def footer() -> None:
    st.divider()
    st.caption(
        "Figures from the Metropolitan Police Service, police.uk, ONS, GLA and TfL. "
        f"{OGL_ATTRIBUTION} See [About the data](/about) for every source file, its period and licence."
    )
