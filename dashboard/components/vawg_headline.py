"""The VAWG headline tiles shared by /trends and /boroughs: latest 12 months, change, rate, rank."""

from __future__ import annotations

from dashboard.components.recording import Recording
from dashboard.figures import vawg as vf
from dashboard.theme import format_count, format_percent_change, format_period, format_rate
from dashboard.words import vawg_sentences as vs


def signed_count(value: int) -> str:
    """'+106', '−42' style text for a change in a count."""
    return f"{'+' if value > 0 else ''}{format_count(value)}"


def headline_tiles(out: Recording, h: vf.Headline, area: str, *, anchor: str, purpose: str) -> bool:
    """Heading, period line and four metric tiles for `area`, recorded into a page's built view `out`.

    Returns False, having said why, when the data hold fewer than 12 months (the `purpose`, e.g.
    'a profile', needs 12)."""
    latest_period = format_period(h.periods.latest_start, h.periods.latest_end)
    previous_period = format_period(h.periods.previous_start, h.periods.previous_end)
    out.header(f"{area}: the latest 12 months", anchor=anchor)
    if not h.is_complete:
        out.markdown(f"This copy of the data has {h.months_latest} months of VAWG offences; {purpose} needs 12.")
        return False
    out.markdown(f"Latest 12 months: **{latest_period}**, against the 12 months before: {previous_period}.")
    # One wrapping row, not two rows of st.columns: four tiles in one block rather than six (a view costs
    # what it sends); the tiles wrap two or one to a row on narrower screens. Every tile stretches to the
    # height of the tallest in its row (the change tile has a second line), so the row reads as one set.
    tiles = out.container(horizontal=True)
    tile = {"border": True, "height": "stretch"}
    tiles.metric("VAWG offences", format_count(h.latest), **tile)
    if h.has_comparison:
        tiles.metric(
            "Change on the 12 months before",
            signed_count(h.change),
            delta=format_percent_change(h.percent_change) if h.percent_change is not None else None,
            delta_color="off",
            delta_arrow="off",
            **tile,
        )
    else:
        tiles.metric("Change on the 12 months before", "Not available", **tile)
    tiles.metric("Per 1,000 women and girls", "Not available" if h.rate is None else format_rate(h.rate), **tile)
    if area == vf.LONDON:
        tiles.metric("Not placed in a borough", format_count(h.not_in_a_borough or 0), **tile)
    else:
        tiles.metric(
            f"Rank of {h.boroughs_ranked} by rate (1st = highest)",
            "Not available" if h.rate_rank is None else vs.ordinal(h.rate_rank),
            **tile,
        )
    return True
