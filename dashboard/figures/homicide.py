"""The /homicide page's figures: raw query frames in, protected frames out, one function per output.

Pure (no Streamlit), so every figure the page shows can be tested without a browser. Every count
leaves this module through ``dashboard.disclosure``; the page only lays the frames out.

How the page's outputs fit together, so that no hidden number can be worked out by combining them:

1. **Victims by year and sex** is ONE 2-D table (full years x {women and girls, men and boys}),
   protected with every row and column total treated as published. Its female column is the year
   series; the same protected cells feed the comparison with men and boys and the headline, so the
   three always agree. The part year (e.g. January to March) is protected on its own with the
   primary rule only: it is its own line and no total that includes it is published anywhere, so a
   small part year can never push a full year into hiding.
2. **Three-year periods.** A period's total is the sum of its years. Publishing it as the total of a
   breakdown would add an equation over the year series, so a period is offered only if every one
   of its years is shown in the year series, when the period total is already public knowledge.
3. **Breakdowns of one period** (age, ethnicity, method, solved status, borough) are cuts of the same
   population against the same published total: ``disclosure.protect_cuts``. Ethnicity and
   borough are therefore always pooled over three years, and so are the others, so that no
   single-year cut can be subtracted from a pooled one.
4. **Domestic abuse** is one 2-D table (period x flag) over every offered period, protected with
   every line total published; the share that were domestic-abuse related is blanked wherever its
   count is hidden (``disclosure.hide_derived``), and the selected period's figures are a row of it.
5. **Persons proceeded against** (the accused) are a separate population, not linked to victims:
   cuts of one period against that period's total.
6. **The female homicide release** is a separate publication: cuts of one of its own periods.

Categories are put in order without looking at hidden values (a fixed order, or the shown values
largest first with the hidden ones after them), so an order can never hint at a hidden number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dashboard.disclosure import (
    POOL_PERIOD_YEARS,
    SUPPRESSED_COL,
    SUPPRESSED_SYMBOL,
    assert_protected,
    display_col,
    display_count,
    hide_derived,
    pool_years,
    protect_cuts,
    protect_table,
)
from dashboard.theme import format_percent

FEMALE, MALE = "Female", "Male"
SEX_LABELS = {FEMALE: "Women and girls", MALE: "Men and boys"}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# The breakdowns of female victims in a period, in the order the page shows them, with the noun
# used in sentences ("The largest age group was ...").
VICTIM_DIMENSIONS: dict[str, str] = {
    "age_group": "age group",
    "ethnicity": "ethnic group",
    "method": "method",
    "solved_status": "group",
    "borough": "borough",
}
DOMESTIC_ABUSE = "domestic_abuse"
DOMESTIC_ABUSE_RELATED = "Domestic abuse related"
NOT_DOMESTIC_ABUSE_RELATED = "Not domestic abuse related"
ACCUSED_DIMENSIONS: dict[str, str] = {"sex": "group", "age_group": "age group", "ethnicity": "ethnic group"}
RELEASE_DIMENSIONS: dict[str, str] = {
    "relationship_to_offender": "relationship",
    "victim_ethnicity": "ethnic group",
    "suspect_ethnicity": "ethnic group",
}

# Published values in plain English (sentence case, no slashes). Anything not listed is shown as published.
CATEGORY_LABELS: dict[str, str] = {
    "Knife or Sharp Implement": "Knife or sharp implement",
    "Physical Assault, no weapon": "Physical assault, no weapon",
    "Blunt Implement": "Blunt implement",
    "Other Methods of Killing": "Other methods",
    "Not known/Not Recorded": "Not known or not recorded",
    "Unrecorded / Unknown": "Not recorded or not known",
    "Unmapped": "Not placed in a borough",
    "SCE Not Recorded": "Not recorded",
    "Unrecorded": "Not recorded",
    "Person declines to define ethnicity": "Declined to say",
    "Charge or Summons": "Charged or summonsed",
    FEMALE: "Female",
    MALE: "Male",
}
# Categories that are not an answer ("not known"): always listed last, whatever their count.
NOT_AN_ANSWER = frozenset(
    {
        "Not known/Not Recorded",
        "Unrecorded / Unknown",
        "Unmapped",
        "SCE Not Recorded",
        "Unrecorded",
        "Person declines to define ethnicity",
        "Not known",
        "Not known / no suspect",
        "Not recorded",
        "Unknown",
    }
)
FIXED_ORDERS: dict[str, tuple[str, ...]] = {
    "solved_status": ("Solved", "Unsolved"),
    DOMESTIC_ABUSE: (DOMESTIC_ABUSE_RELATED, NOT_DOMESTIC_ABUSE_RELATED, "Not recorded"),
    "sex": (FEMALE, MALE),
}
AGE_DIMENSIONS = frozenset({"age_group"})


# --------------------------------------------------------------------------------------------
# What the data cover
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """The span of the victims data: its full calendar years, and any part year at either end.

    Part years are shown in the year series, marked, but are never in a three-year period or a
    comparison, and no published total includes them.
    """

    data_from: date
    data_up_to: date
    first_year: int
    latest_full_year: int | None  # None when the data do not yet hold a whole calendar year
    partial_year: int | None  # the year after it, when only some of its months are in
    partial_year_months: int | None

    @property
    def partial_months_text(self) -> str:
        """'January to March' (or 'January') for the part year; '' when there is none."""
        if not self.partial_year_months:
            return ""
        last = MONTHS[self.partial_year_months - 1]
        return "January" if self.partial_year_months == 1 else f"January to {last}"

    @property
    def leading_part_year(self) -> int | None:
        """The first year, when the data start after its January."""
        return self.first_year if self.data_from.month > 1 else None

    @property
    def first_full_year(self) -> int:
        return self.first_year if self.leading_part_year is None else self.first_year + 1

    def year_label(self, year: int) -> str:
        """'2023', or '2024 (January to March only)' for a part year."""
        if self.partial_year is not None and year == self.partial_year:
            return f"{year} ({self.partial_months_text} only)"
        if self.leading_part_year is not None and year == self.leading_part_year:
            return f"{year} ({MONTHS[self.data_from.month - 1]} to December only)"
        return str(year)


def coverage_from(frame: pd.DataFrame) -> Coverage | None:
    """The one row of queries/homicide_coverage.sql as a Coverage, or None when there are no victims."""
    if frame.empty or pd.isna(frame["data_up_to"].iloc[0]):
        return None
    row = frame.iloc[0]
    first_year = int(row["first_year"])
    latest = int(row["latest_full_year"])
    data_from = pd.Timestamp(row["data_from"]).date()
    # A first year that starts after January is a part year too.
    first_full_year = first_year if data_from.month == 1 else first_year + 1
    partial_year = None if pd.isna(row["partial_year"]) else int(row["partial_year"])
    if partial_year is not None and partial_year == first_year and data_from.month > 1:
        partial_year = None  # one part year only, e.g. March to October: it is the leading part year
    return Coverage(
        data_from=data_from,
        data_up_to=pd.Timestamp(row["data_up_to"]).date(),
        first_year=first_year,
        latest_full_year=latest if latest >= first_full_year else None,
        partial_year=partial_year,
        partial_year_months=None if partial_year is None else int(row["partial_year_months"]),
    )


@dataclass(frozen=True)
class Period:
    """A pooled period of years, with the true total of the population in it (already safe to show)."""

    label: str  # '2021–2023', or '2003–2004 (partial: 2 years)'
    start: int
    end: int
    is_partial: bool
    total: int

    @property
    def key(self) -> str:
        """How the period is written in the URL: '2021-2023' (ASCII), or '2023' for one year."""
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)

    @property
    def span_text(self) -> str:
        """'2021 to 2023' for sentences, or '2023'."""
        return str(self.start) if self.start == self.end else f"{self.start} to {self.end}"


# --------------------------------------------------------------------------------------------
# 1. Victims by year and sex (year series, comparison, headline)
# --------------------------------------------------------------------------------------------


def victims_by_year_and_sex(frame: pd.DataFrame, coverage: Coverage) -> pd.DataFrame:
    """Women and girls and men and boys per year, protected as one table.

    frame: queries/homicide_victims_by_year_and_sex.sql (year, sex, victims; raw). Victims of any
    other recorded sex (e.g. 'Unknown') are left out: they are not in either group, and no total
    of all victims is published on the page.

    Returns one row per year and sex, full years first then the part year: year, year_label,
    is_partial_year, sex, sex_label, victims (Int64, NA if hidden), is_suppressed, victims_display.
    """
    counts = frame[frame["sex"].isin([FEMALE, MALE])].groupby(["year", "sex"], as_index=False)["victims"].sum()
    parts = []
    if coverage.latest_full_year is not None:
        years = range(coverage.first_full_year, coverage.latest_full_year + 1)
        full = _dense(counts, {"year": list(years), "sex": [FEMALE, MALE]}, "victims")
        parts.append(protect_table(full, "victims", ("year", "sex"), total_shown=True).assign(is_partial_year=False))
    for part_year in (coverage.leading_part_year, coverage.partial_year):
        if part_year is None:
            continue
        part = _dense(counts, {"year": [part_year], "sex": [FEMALE, MALE]}, "victims")
        # Its own line, with no published total that includes it: the primary rule is all it needs.
        parts.append(protect_table(part, "victims", "sex", total_shown=False).assign(is_partial_year=True))
    if not parts:
        return pd.DataFrame(
            columns=[
                "year",
                "year_label",
                "is_partial_year",
                "sex",
                "sex_label",
                "victims",
                SUPPRESSED_COL,
                display_col("victims"),
            ]
        )
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype("int64")
    out["year_label"] = [coverage.year_label(y) for y in out["year"]]
    out["sex_label"] = out["sex"].map(SEX_LABELS)
    columns = [
        "year",
        "year_label",
        "is_partial_year",
        "sex",
        "sex_label",
        "victims",
        SUPPRESSED_COL,
        display_col("victims"),
    ]
    return assert_protected(out[columns].reset_index(drop=True), "victims")


def female_victims_by_year(by_year_and_sex: pd.DataFrame) -> pd.DataFrame:
    """The year series for the bar chart: women and girls per year, newest year first (part year at the top)."""
    rows = by_year_and_sex[by_year_and_sex["sex"] == FEMALE]
    return assert_protected(rows.sort_values("year", ascending=False, kind="stable").reset_index(drop=True), "victims")


def sex_comparison(by_year_and_sex: pd.DataFrame, view: str = "number") -> pd.DataFrame:
    """Full years only, for the line chart comparing women and girls with men and boys.

    view 'number': one row per year and group (year_start as a date, year, series, value).
    view 'share': one row per year, the women and girls' share of the victims in the two groups,
    in percent, blanked when either count is hidden (the share and one count give the other).
    """
    full = by_year_and_sex[~by_year_and_sex["is_partial_year"]].copy()
    full["year_start"] = pd.to_datetime(full["year"].astype(str) + "-01-01")
    if view == "number":
        out = full.rename(columns={"sex_label": "series"})
        out["value"] = out["victims"]
        out = out.sort_values(["sex", "year"], kind="stable")
        columns = ["year_start", "year", "series", "value", "victims", SUPPRESSED_COL, display_col("victims")]
        return assert_protected(out[columns].reset_index(drop=True), "victims")
    if view != "share":
        raise ValueError(f"view must be 'number' or 'share', not {view!r}")
    wide = full.pivot(index="year", columns="sex", values="victims")
    hidden = full.groupby("year")[SUPPRESSED_COL].any()
    female = wide[FEMALE].astype("Float64")
    both = (wide[FEMALE] + wide[MALE]).astype("Float64")
    share = (100 * female / both.where(both > 0)).round(6)
    out = pd.DataFrame(
        {
            "year_start": pd.to_datetime(wide.index.astype(str) + "-01-01"),
            "year": wide.index.astype("int64"),
            "series": SEX_LABELS[FEMALE],
            "value": share.to_numpy(),
            SUPPRESSED_COL: hidden.reindex(wide.index).to_numpy(dtype=bool),
        }
    )
    return hide_derived(out, "value").reset_index(drop=True)


@dataclass(frozen=True)
class Headline:
    year: int
    victims: int | None  # None when hidden
    display: str  # '19' or '[c]'
    previous_year: int | None
    previous_victims: int | None
    previous_display: str | None
    first_year: int
    first_display: str


def headline(by_year_and_sex: pd.DataFrame, coverage: Coverage) -> Headline | None:
    """The latest full year's figure for women and girls, from the protected year series."""
    if coverage.latest_full_year is None:
        return None
    female = by_year_and_sex[(by_year_and_sex["sex"] == FEMALE) & ~by_year_and_sex["is_partial_year"]]
    by_year = female.set_index("year")

    def value(year: int) -> tuple[int | None, str | None]:
        if year not in by_year.index:
            return None, None
        row = by_year.loc[year]
        return (None if bool(row[SUPPRESSED_COL]) else int(row["victims"])), str(row[display_col("victims")])

    latest, latest_text = value(coverage.latest_full_year)
    previous_year = coverage.latest_full_year - 1 if coverage.latest_full_year - 1 in by_year.index else None
    previous, previous_text = value(previous_year) if previous_year is not None else (None, None)
    _, first_text = value(coverage.first_full_year)
    return Headline(
        coverage.latest_full_year,
        latest,
        latest_text or SUPPRESSED_SYMBOL,
        previous_year,
        previous,
        previous_text,
        coverage.first_full_year,
        first_text or SUPPRESSED_SYMBOL,
    )


def headline_sentence(head: Headline) -> str:
    """'In 2023, 19 women and girls were victims of homicide in London.'"""
    if head.victims is None:
        return (
            f"In {head.year}, the number of women and girls who were victims of homicide in London is "
            f"withheld ({SUPPRESSED_SYMBOL}) to protect the people it counts."
        )
    noun = "woman or girl was" if head.victims == 1 else "women and girls were"
    return f"In {head.year}, {head.display} {noun} victims of homicide in London."


def headline_context(head: Headline) -> str:
    """The year before, in words, without ever using a hidden value."""
    if head.previous_year is None or head.previous_display is None:
        return ""
    if head.victims is None or head.previous_victims is None:
        return f"In {head.previous_year} the figure was {head.previous_display}."
    change = head.victims - head.previous_victims
    if change == 0:
        return f"That is the same as in {head.previous_year}."
    more = "more" if change > 0 else "fewer"
    return f"That is {abs(change):,} {more} than in {head.previous_year}, when there were {head.previous_display}."


# --------------------------------------------------------------------------------------------
# 2. Three-year periods
# --------------------------------------------------------------------------------------------


def offered_periods(by_year_and_sex: pd.DataFrame, coverage: Coverage) -> list[Period]:
    """Three-year periods ending with the latest full year, newest first, each with its true total.

    A period is offered only when every one of its years is shown in the year series (see the
    module docstring, point 2); the earliest years left over form a shorter, labelled period.
    """
    if coverage.latest_full_year is None:
        return []
    female = by_year_and_sex[(by_year_and_sex["sex"] == FEMALE) & ~by_year_and_sex["is_partial_year"]]
    # Raw totals are rebuilt from the shown cells; hidden years make their period unavailable.
    shown = female[~female[SUPPRESSED_COL]]
    hidden_years = set(female.loc[female[SUPPRESSED_COL], "year"].astype(int))
    pooled = (
        pool_years(
            shown.assign(victims=shown["victims"].astype("int64"))[["year", "victims"]],
            "year",
            "victims",
            group_cols=[],
            latest_full_year=coverage.latest_full_year,
        )
        if not shown.empty
        else None
    )
    periods = []
    for start, end, label_row in _period_bounds(coverage.first_full_year, coverage.latest_full_year):
        if hidden_years & set(range(start, end + 1)):
            continue
        row = pooled[(pooled["period_start"] == start) & (pooled["period_end"] == end)] if pooled is not None else None
        total = int(row["victims"].iloc[0]) if row is not None and not row.empty else 0
        periods.append(Period(label_row, start, end, end - start + 1 < POOL_PERIOD_YEARS, total))
    return sorted(periods, key=lambda p: p.start, reverse=True)


def _period_bounds(first_year: int, latest_full_year: int) -> list[tuple[int, int, str]]:
    """(start, end, label) of each period, aligned as disclosure.pool_years aligns them."""
    years = pd.DataFrame({"year": range(first_year, latest_full_year + 1), "n": 0})
    pooled = pool_years(years, "year", "n", group_cols=[], latest_full_year=latest_full_year)
    return [
        (int(s), int(e), str(label))
        for s, e, label in zip(pooled["period_start"], pooled["period_end"], pooled["period"])
    ]


def find_period(periods: Sequence[Period], key: str) -> Period | None:
    return next((p for p in periods if p.key == key), None)


# --------------------------------------------------------------------------------------------
# 3. Breakdowns of female victims in one period
# --------------------------------------------------------------------------------------------


def female_breakdowns(frame: pd.DataFrame, period: Period) -> dict[str, pd.DataFrame]:
    """Age group, ethnicity, method, solved status and borough of the women and girls in a period.

    frame: queries/homicide_female_victims_by_year_and_category.sql (raw, zeros included). Returns
    {dimension: frame} in VICTIM_DIMENSIONS order, each with category, category_label, victims
    (Int64, NA if hidden), is_suppressed, victims_display, share_pct (of the period total; blank
    where hidden) and, for boroughs, is_borough -- protected together as cuts of one total.
    """
    in_period = frame[frame["year"].between(period.start, period.end)]
    cuts = {}
    for dimension in VICTIM_DIMENSIONS:
        rows = in_period[in_period["dimension"] == dimension]
        cut = rows.groupby("category", as_index=False, sort=False).agg(
            victims=("victims", "sum"), is_borough=("is_borough", "first")
        )
        _check_adds_up(cut["victims"], period.total, f"{dimension} in {period.label}")
        cuts[dimension] = cut
    protected = protect_cuts(cuts, "victims", period.total, label_col="category")
    return {dimension: _finish_cut(table, dimension, period.total) for dimension, table in protected.items()}


def _finish_cut(table: pd.DataFrame, dimension: str, total: int, value_col: str = "victims") -> pd.DataFrame:
    out = order_categories(table, dimension, value_col)
    out["category_label"] = [category_label(c) for c in out["category"]]
    out["share_pct"] = (100 * out[value_col].astype("Float64") / total) if total else pd.NA
    out = hide_derived(out, "share_pct")
    out["share_display"] = [
        SUPPRESSED_SYMBOL if hidden or pd.isna(share) else format_percent(float(share))
        for share, hidden in zip(out["share_pct"], out[SUPPRESSED_COL])
    ]
    return assert_protected(out, value_col)


def category_label(category: object) -> str:
    text = str(category)
    return CATEGORY_LABELS.get(text, text)


def order_categories(table: pd.DataFrame, dimension: str, value_col: str) -> pd.DataFrame:
    """Rows in reading order, decided without looking at any hidden value.

    Age groups run youngest first; dimensions with a natural order keep it; otherwise the shown
    counts come largest first, then the hidden categories alphabetically. 'Not known' categories
    always come last.
    """
    data = table.reset_index(drop=True)
    names = data["category"].astype(str)
    last = names.isin(NOT_AN_ANSWER).to_numpy()
    hidden = data[SUPPRESSED_COL].to_numpy(dtype=bool)
    shown = data[value_col].astype("Float64").fillna(0).to_numpy(dtype=float)
    if dimension in AGE_DIMENSIONS:
        keys = [(bool(is_last), _age_key(n)) for is_last, n in zip(last, names)]
    elif dimension in FIXED_ORDERS:
        order = FIXED_ORDERS[dimension]
        keys = [
            (bool(is_last), order.index(n) if n in order else len(order), n.lower()) for is_last, n in zip(last, names)
        ]
    else:
        keys = [
            (bool(is_last), bool(h), 0.0 if h else -v, n.lower())
            for is_last, h, v, n in zip(last, hidden, shown, names)
        ]
    order_index = sorted(range(len(data)), key=lambda i: keys[i])
    return data.iloc[order_index].reset_index(drop=True)


def _age_key(name: str) -> tuple[float, str]:
    match = re.match(r"\s*(\d+)", name)
    return (float(match.group(1)) if match else float("inf"), name)


# --------------------------------------------------------------------------------------------
# 4. Domestic abuse, by period
# --------------------------------------------------------------------------------------------


def domestic_abuse_by_period(frame: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Women and girls by domestic-abuse flag, for every offered period, protected as one table.

    Returns one row per period and flag, newest period first: period (label), period_key,
    period_start, category, category_label, victims (protected), is_suppressed, victims_display,
    period_total, share_pct (blank where the count is hidden) and share_display.
    """
    rows = frame[frame["dimension"] == DOMESTIC_ABUSE]
    records = []
    for period in periods:
        in_period = rows[rows["year"].between(period.start, period.end)]
        cut = in_period.groupby("category", as_index=False, sort=False)["victims"].sum()
        _check_adds_up(cut["victims"], period.total, f"domestic abuse in {period.label}")
        for category, victims in zip(cut["category"], cut["victims"]):
            records.append(
                {
                    "period": period.label,
                    "period_key": period.key,
                    "period_start": period.start,
                    "period_total": period.total,
                    "category": category,
                    "victims": int(victims),
                }
            )
    columns = [
        "period",
        "period_key",
        "period_start",
        "period_total",
        "category",
        "category_label",
        "victims",
        SUPPRESSED_COL,
        display_col("victims"),
        "share_pct",
        "share_display",
    ]
    if not records:
        return pd.DataFrame(columns=columns)
    table = pd.DataFrame(records)
    # A flag no woman or girl in any offered period has (e.g. 'Not recorded' when every case is
    # flagged) is a known zero everywhere; leaving it out publishes nothing new.
    used = table.groupby("category")["victims"].transform("sum") > 0
    table = table[used | table["category"].isin([DOMESTIC_ABUSE_RELATED, NOT_DOMESTIC_ABUSE_RELATED])]
    out = protect_table(table, "victims", ("period", "category"), total_shown=True)
    out["category_label"] = out["category"].map(category_label)
    out["share_pct"] = 100 * out["victims"].astype("Float64") / out["period_total"].where(out["period_total"] > 0)
    out = hide_derived(out, "share_pct")
    out["share_display"] = [
        SUPPRESSED_SYMBOL if hidden or pd.isna(share) else format_percent(float(share))
        for share, hidden in zip(out["share_pct"], out[SUPPRESSED_COL])
    ]
    order = {c: i for i, c in enumerate(FIXED_ORDERS[DOMESTIC_ABUSE])}
    out = out.assign(_order=out["category"].map(order).fillna(len(order)))
    out = out.sort_values(["period_start", "_order"], ascending=[False, True], kind="stable").drop(columns="_order")
    return assert_protected(out[columns].reset_index(drop=True), "victims")


def domestic_abuse_share_series(table: pd.DataFrame) -> pd.DataFrame:
    """One row per period (newest first): the share that were domestic-abuse related, for the chart."""
    rows = table[table["category"] == DOMESTIC_ABUSE_RELATED]
    return rows[
        [
            "period",
            "period_key",
            "period_total",
            "victims",
            display_col("victims"),
            "share_pct",
            "share_display",
            SUPPRESSED_COL,
        ]
    ].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# 5. Persons proceeded against
# --------------------------------------------------------------------------------------------


def accused_period(
    frame: pd.DataFrame, period: Period, first_year: int | None, latest_full_year: int | None
) -> Period | None:
    """The same years as a victims period, with the accused total, if the accused data cover them all."""
    if first_year is None or latest_full_year is None or period.start < first_year or period.end > latest_full_year:
        return None
    rows = frame[(frame["dimension"] == "sex") & frame["year"].between(period.start, period.end)]
    return Period(period.label, period.start, period.end, period.is_partial, int(rows["persons"].sum()))


def accused_breakdowns(frame: pd.DataFrame, period: Period) -> dict[str, pd.DataFrame]:
    """Sex, age group and self-classified ethnicity of the persons proceeded against in a period.

    frame: queries/homicide_accused_by_year_and_category.sql (raw, zeros included); period from
    accused_period (its total is the accused total). Same columns as female_breakdowns, with
    ``persons`` for ``victims``.
    """
    in_period = frame[frame["year"].between(period.start, period.end)]
    cuts = {}
    for dimension in ACCUSED_DIMENSIONS:
        cut = (
            in_period[in_period["dimension"] == dimension]
            .groupby("category", as_index=False, sort=False)["persons"]
            .sum()
        )
        _check_adds_up(cut["persons"], period.total, f"accused {dimension} in {period.label}")
        cuts[dimension] = cut
    protected = protect_cuts(cuts, "persons", period.total, label_col="category")
    return {dimension: _finish_cut(table, dimension, period.total, "persons") for dimension, table in protected.items()}


# --------------------------------------------------------------------------------------------
# 6. The female homicide release
# --------------------------------------------------------------------------------------------


def release_periods(frame: pd.DataFrame) -> list[Period]:
    """The release's three-year periods, newest first, aligned to its own latest year, with totals.

    The release is a separate publication with its own years; the earliest years left over form a
    shorter period labelled as partial, as everywhere else.
    """
    rows = frame[frame["dimension"] == "relationship_to_offender"]
    if rows.empty:
        return []
    totals = rows.groupby("year", as_index=False)["victims"].sum()
    pooled = pool_years(totals, "year", "victims", group_cols=[])
    return sorted(
        (
            Period(str(label), int(s), int(e), bool(p), int(n))
            for label, s, e, p, n in zip(
                pooled["period"],
                pooled["period_start"],
                pooled["period_end"],
                pooled["is_partial_period"],
                pooled["victims"],
            )
        ),
        key=lambda p: p.start,
        reverse=True,
    )


def release_breakdowns(frame: pd.DataFrame, period: Period) -> dict[str, pd.DataFrame]:
    """Relationship to offender, victim ethnicity and suspect ethnicity in one release period, as cuts."""
    in_period = frame[frame["year"].between(period.start, period.end)]
    cuts = {}
    for dimension in RELEASE_DIMENSIONS:
        cut = (
            in_period[in_period["dimension"] == dimension]
            .groupby("category", as_index=False, sort=False)["victims"]
            .sum()
        )
        _check_adds_up(cut["victims"], period.total, f"release {dimension} in {period.label}")
        cuts[dimension] = cut
    protected = protect_cuts(cuts, "victims", period.total, label_col="category")
    return {dimension: _finish_cut(table, dimension, period.total) for dimension, table in protected.items()}


# --------------------------------------------------------------------------------------------
# Words written from the protected frames (summaries and alt text for the custom charts)
# --------------------------------------------------------------------------------------------


def describe_year_series(series: pd.DataFrame, coverage: Coverage) -> str:
    """Summary of the year series: the headline year, the range over the full years, the part year."""
    full = series[~series["is_partial_year"]].sort_values("year")
    shown = full[~full[SUPPRESSED_COL]]
    sentences = []
    if coverage.latest_full_year is not None and not full.empty:
        if len(shown) >= 2:
            high = shown.loc[shown["victims"].astype(int).idxmax()]
            low = shown.loc[shown["victims"].astype(int).idxmin()]
            sentences.append(
                f"From {int(full['year'].min())} to {int(full['year'].max())}, the number of women and "
                f"girls who were victims of homicide each year ranged from {low[display_col('victims')]} "
                f"in {int(low['year'])} to {high[display_col('victims')]} in {int(high['year'])}."
            )
        head = headline(series.assign(sex=FEMALE), coverage)
        if head is not None:
            latest = (
                f"it was {head.display}"
                if head.victims is not None
                else "the figure is suppressed to protect confidentiality"
            )
            sentences.append(f"In {head.year}, the latest full year, {latest}.")
        hidden = full.loc[full[SUPPRESSED_COL], "year"].astype(int).tolist()
        if hidden:
            sentences.append(
                f"The figures for {_join([str(y) for y in hidden])} are suppressed to protect confidentiality."
            )
    for _, row in series[series["is_partial_year"]].sort_values("year", ascending=False).iterrows():
        year, shown = int(row["year"]), row[display_col("victims")]
        if year == coverage.partial_year:
            sentences.append(
                f"{year} is a part year: the data cover {coverage.partial_months_text} only, with {shown} so far."
            )
        else:
            sentences.append(
                f"{year} is a part year: the data start in {MONTHS[coverage.data_from.month - 1]} "
                f"{year}, and show {shown} from then to December."
            )
    return " ".join(sentences)


def describe_comparison(frame: pd.DataFrame, view: str) -> str:
    """Summary of the comparison with men and boys (first and last full year, per group)."""
    if frame.empty:
        return "There are no full years to compare."
    sentences = []
    if view == "share":
        data = frame.sort_values("year")
        shown = data[~data[SUPPRESSED_COL]]
        if shown.empty:
            return "Every year's share is suppressed to protect confidentiality."
        first, last = shown.iloc[0], shown.iloc[-1]
        sentences.append(
            f"Women and girls were {format_percent(float(first['value']))} of homicide victims in "
            f"{int(first['year'])} and {format_percent(float(last['value']))} in {int(last['year'])}."
        )
        sentences.append(
            f"Over the whole period the share ranged from {format_percent(float(shown['value'].min()))} "
            f"to {format_percent(float(shown['value'].max()))}."
        )
        return " ".join(sentences)
    for series, rows in frame.groupby("series", sort=False):
        data = rows.sort_values("year")
        first, last = data.iloc[0], data.iloc[-1]
        sentences.append(
            f"{series}: {first[display_col('victims')]} in {int(first['year'])} and "
            f"{last[display_col('victims')]} in {int(last['year'])}."
        )
    return " ".join(sentences)


def describe_domestic_abuse(series: pd.DataFrame) -> str:
    """Summary of the share that were domestic-abuse related, newest period first."""
    if series.empty:
        return "There are no periods to show."
    newest = series.iloc[0]
    if bool(newest[SUPPRESSED_COL]):
        sentences = [f"The figure for {newest['period']} is suppressed to protect confidentiality."]
    else:
        sentences = [
            f"In {newest['period']}, {newest['share_display']} of the women and girls who were victims of "
            f"homicide ({newest[display_col('victims')]} of {display_count(newest['period_total'])}) were "
            "killed in a homicide the Met flagged as domestic abuse related."
        ]
    shown = series[~series[SUPPRESSED_COL]]
    if len(shown) >= 2:
        sentences.append(
            f"Across the periods shown the share ranged from "
            f"{format_percent(float(shown['share_pct'].min()))} to "
            f"{format_percent(float(shown['share_pct'].max()))}."
        )
    return " ".join(sentences)


def _join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _dense(frame: pd.DataFrame, levels: Mapping[str, Sequence[object]], value_col: str) -> pd.DataFrame:
    """Every combination of the given levels, with zeros where the frame has no row."""
    index = pd.MultiIndex.from_product(list(levels.values()), names=list(levels.keys()))
    values = frame.set_index(list(levels.keys()))[value_col].reindex(index, fill_value=0)
    return values.reset_index().astype({value_col: "int64"})


def _check_adds_up(values: pd.Series, total: int, what: str) -> None:
    found = int(np.asarray(values, dtype="int64").sum())
    if found != int(total):
        raise ValueError(f"{what} adds up to {found}, not the period total {total}: the query and the total disagree")
