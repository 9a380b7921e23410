"""The /trends and /boroughs figures in words: ranks, the verdict on a change, age groups and the ward ranking."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from dashboard.analysis.change_test import ChangeTest, percent_change
from dashboard.theme import format_count, format_percent_change


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def rank_words(rank: int | None, of: int, what: str = "rate") -> str:
    """'the 3rd highest rate of the 32 boroughs' / 'the highest rate of the 32 boroughs'."""
    if rank is None or of == 0:
        return ""
    if rank == 1:
        return f"the highest {what} of the {of} boroughs"
    if rank == of:
        return f"the lowest {what} of the {of} boroughs"
    return f"the {ordinal(rank)} highest {what} of the {of} boroughs"


def variation_sentence(test: ChangeTest | None) -> str:
    """The verdict on a change in words, with the 95% interval for the underlying change."""
    if test is None or test.ratio is None:
        return ""
    low = format_percent_change(test.percent_lower)
    high = "no upper limit" if test.percent_upper is None else format_percent_change(test.percent_upper)
    if test.is_beyond_normal:
        return (
            f"This change is larger than normal variation for counts of this size: allowing for chance, the "
            f"underlying change is likely between {low} and {high}."
        )
    return (
        f"This change is within normal variation for counts of this size, so it may be chance: the underlying "
        f"change could be anywhere between {low} and {high}."
    )


def change_sentence(latest: int, previous: int, previous_period: str) -> str:
    """'That is 498 more (+14.8%) than in March 2024 to February 2025 (3,368).'"""
    difference = latest - previous
    if difference == 0:
        return f"That is the same as in {previous_period} ({format_count(previous)})."
    more = "more" if difference > 0 else "fewer"
    percent = percent_change(latest, previous)
    share = f" ({format_percent_change(percent)})" if percent is not None else ""
    return (
        f"That is {format_count(abs(difference))} {more}{share} than in {previous_period} ({format_count(previous)})."
    )


def age_label(label: object) -> str:
    """The Met's age groups, shorter: 'Aged 20 to 29 years' -> '20 to 29 years', 'Aged 80+' -> '80 and over'."""
    text = re.sub(r"^aged\s+", "", str(label).strip(), flags=re.IGNORECASE)
    return re.sub(r"^(\d+)\s*\+$", r"\1 and over", text)


def describe_wards(ranking: pd.DataFrame, *, top: int = 3) -> str:
    """The ward ranking in words, from a protect_ward_ranking frame (withheld counts are never used)."""
    placed = ranking.loc[ranking["is_placed"].astype(bool)]
    shown = placed.loc[placed["latest"].notna()]
    sentences = []
    if not shown.empty:
        items = [f"{w} ({format_count(v)})" for w, v in zip(shown["ward_name"].head(top), shown["latest"].head(top))]
        # Withheld wards may have more offences than any ward shown: only claim 'the most' for rank 1.
        most = (
            "had the most VAWG offences"
            if shown["rank"].iloc[0] == 1
            else "had the most VAWG offences of the wards whose figures are shown"
        )
        lead = f"{shown['ward_name'].iloc[0]} {most} ({format_count(shown['latest'].iloc[0])})"
        sentences.append(lead + (f", then {_join(items[1:])}." if len(items) > 1 else "."))
    compared = placed.loc[placed["percent_change"].notna()]
    if not compared.empty:
        flagged = compared.loc[compared["is_beyond_normal"].astype(bool)]
        if flagged.empty:
            sentences.append(
                f"In none of the {len(compared)} wards compared was the change on the 12 months before "
                "larger than normal variation."
            )
        else:
            flagged = flagged.sort_values("percent_change", ascending=False, kind="stable")
            named = [
                f"{w} ({format_percent_change(p)})" for w, p in zip(flagged["ward_name"], flagged["percent_change"])
            ]
            sentences.append(
                f"In {len(flagged)} of {len(compared)} wards the change on the 12 months before was "
                f"larger than normal variation: {_join(named)}."
            )
        expected = round(0.05 * len(compared))
        if expected >= 1:
            sentences.append(f"With {len(compared)} wards, about {expected} could be flagged by chance alone.")
    others = ranking.loc[~ranking["is_placed"].astype(bool) & ranking["latest"].notna()]
    for name, value in zip(others["ward_name"], others["latest"]):
        sentences.append(f"{format_count(value)} offences were recorded with no ward ('{name}').")
    withheld = int(ranking["latest"].isna().sum())
    if withheld:
        sentences.append(
            f"The figures for {withheld} {'ward is' if withheld == 1 else 'wards are'} withheld to "
            "protect confidentiality."
        )
    return " ".join(sentences)


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
