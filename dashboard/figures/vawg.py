"""The figures behind /trends and /boroughs: periods, headlines, rates, change tests and rankings. Pure: frames in, frames out.

Definitions, written once here and tested against the raw extracts (tests/integration):

- **Latest 12 months**: the 12 most recent months in the Met's VAWG data by place (`vawg_offences`),
  against the 12 months before them.
- **London**: every row of that sheet, including offences the Met does not place in a borough
  ('Other', 'Unknown'), so London's total is the Met's total and the boroughs add up to it less those.
- **Rate per 1,000 women and girls**: offences in a period divided by the number of women and girls
  (females of all ages) living in the area, times 1,000. London's denominator is the 32 boroughs the Met
  polices (not the City of London, which has its own police force).
- **Normal variation**: two counts are compared as Poisson counts over equal periods
  (`dashboard/analysis/change_test.py`).

The sentences that put these figures in words are in `dashboard/words/vawg_sentences.py`; view links
and group slugs in `dashboard/words/links.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.analysis.change_test import ChangeTest, change_test, percent_change
from dashboard.disclosure import SUPPRESSED_COL, protect_table
from dashboard.theme import format_month, format_rate
from dashboard.words.links import slugify

LONDON = "London"
CITY_OF_LONDON_CODE = "E09000001"
RATE_PER = 1000
PERIOD_MONTHS = 12
# Ward names in the Met's sheet that are not wards: listed after the ranked wards, with a note.
NOT_A_WARD = frozenset({"not stated", "unknown", "other", "not known", "unmapped", ""})
# The Met's offence groups in the order its own dashboard lists them; groups it adds later follow by size.
GROUP_ORDER = (
    "Rape",
    "Other Sexual Offences",
    "Stalking and Harassment",
    "Violence with Injury",
    "Public fear, alarm, distress",
    "Modern Slavery",
    "Homicide",
    "Exploitation of prostitution",
)
ALL_GROUPS = "all"
VAWG_SERIES = "Classed as VAWG"
OUTSIDE_SERIES = "Outside VAWG"


# --------------------------------------------------------------------------------------------
# Months and periods
# --------------------------------------------------------------------------------------------


def add_months(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def as_month(value: object) -> dt.date:
    """Any date-like value as the first of its month."""
    stamp = pd.Timestamp(value)
    return dt.date(stamp.year, stamp.month, 1)


def month_list(values: Iterable[object]) -> list[dt.date]:
    return sorted({as_month(v) for v in values})


@dataclass(frozen=True)
class Periods:
    """The latest 12 months and the 12 before them, as first-of-month dates (inclusive)."""

    latest_start: dt.date
    latest_end: dt.date
    previous_start: dt.date
    previous_end: dt.date


def latest_periods(last_month: object) -> Periods:
    end = as_month(last_month)
    return Periods(
        add_months(end, -(PERIOD_MONTHS - 1)),
        end,
        add_months(end, -(2 * PERIOD_MONTHS - 1)),
        add_months(end, -PERIOD_MONTHS),
    )


def months_in(months: Sequence[dt.date], start: dt.date, end: dt.date) -> int:
    """How many of the store's months fall in [start, end]."""
    return sum(start <= m <= end for m in months)


def default_window(months: Sequence[dt.date], length: int = 48) -> tuple[dt.date, dt.date]:
    """The default period for time charts: the latest `length` months the data have (all, if fewer)."""
    last = months[-1]
    return max(months[0], add_months(last, -(length - 1))), last


# --------------------------------------------------------------------------------------------
# Areas, rates and headlines
# --------------------------------------------------------------------------------------------


def rate_per_1000(offences: float | None, population: float | None) -> float | None:
    if offences is None or population is None or not population or pd.isna(offences) or pd.isna(population):
        return None
    return RATE_PER * float(offences) / float(population)


def borough_names(by_area_month: pd.DataFrame) -> list[str]:
    """The boroughs in the Met's VAWG data, alphabetically."""
    return sorted(by_area_month.loc[by_area_month["is_borough"].astype(bool), "borough_name"].dropna().unique())


def met_population(population: pd.DataFrame) -> pd.DataFrame:
    """Women and girls per borough the Met polices: every borough except the City of London."""
    return population.loc[population["borough_code"] != CITY_OF_LONDON_CODE].reset_index(drop=True)


def population_of(population: pd.DataFrame, area: str) -> int | None:
    """Women and girls living in a borough, or in the Met's London (the 32 boroughs) for LONDON."""
    if population.empty:
        return None
    if area == LONDON:
        return int(met_population(population)["population"].sum())
    rows = population.loc[population["borough_name"] == area, "population"]
    return int(rows.iloc[0]) if len(rows) else None


def population_year(population: pd.DataFrame) -> int | None:
    return None if population.empty else int(population["year"].max())


def area_monthly(by_area_month: pd.DataFrame, area: str, months: Sequence[dt.date]) -> pd.DataFrame:
    """One row per month of the store (zeros where an area had none): month, offences. LONDON = every row."""
    rows = by_area_month if area == LONDON else by_area_month.loc[by_area_month["borough_name"] == area]
    totals = rows.groupby(rows["month"].map(as_month))["offences"].sum()
    return pd.DataFrame({"month": list(months), "offences": [int(totals.get(m, 0)) for m in months]})


def window(monthly: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    months = monthly["month"].map(as_month)
    return monthly.loc[(months >= start) & (months <= end)].reset_index(drop=True)


@dataclass(frozen=True)
class Headline:
    """An area's offences in the latest 12 months against the 12 before, with its rate and ranks."""

    area: str
    periods: Periods
    latest: int
    previous: int
    months_latest: int
    months_previous: int
    population: int | None
    population_year: int | None
    rate: float | None
    rate_rank: int | None = None  # 1 = the highest rate of the boroughs ranked
    count_rank: int | None = None  # 1 = the most offences
    boroughs_ranked: int = 0
    not_in_a_borough: int | None = None  # London only: offences not placed in a borough

    @property
    def is_complete(self) -> bool:
        return self.months_latest == PERIOD_MONTHS

    @property
    def has_comparison(self) -> bool:
        return self.is_complete and self.months_previous == PERIOD_MONTHS

    @property
    def change(self) -> int | None:
        return self.latest - self.previous if self.has_comparison else None

    @property
    def percent_change(self) -> float | None:
        return percent_change(self.latest, self.previous) if self.has_comparison else None

    @property
    def test(self) -> ChangeTest | None:
        return change_test(self.latest, self.previous) if self.has_comparison else None


def headline(by_area_month: pd.DataFrame, population: pd.DataFrame, area: str, months: Sequence[dt.date]) -> Headline:
    """The headline for LONDON or one borough; ranks come from borough_table (boroughs only)."""
    periods = latest_periods(months[-1])
    monthly = area_monthly(by_area_month, area, months)
    latest = int(window(monthly, periods.latest_start, periods.latest_end)["offences"].sum())
    previous = int(window(monthly, periods.previous_start, periods.previous_end)["offences"].sum())
    people = population_of(population, area)
    rate_rank = count_rank = None
    ranked = 0
    not_placed = None
    if area == LONDON:
        latest_rows = by_area_month.loc[
            by_area_month["month"].map(as_month).between(periods.latest_start, periods.latest_end)
        ]
        not_placed = int(latest_rows.loc[~latest_rows["is_borough"].astype(bool), "offences"].sum())
    else:
        table = borough_table(by_area_month, population, months)
        ranked = len(table)
        row = table.loc[table["borough_name"] == area]
        if len(row):
            rate_rank = None if pd.isna(row["rate_rank"].iloc[0]) else int(row["rate_rank"].iloc[0])
            count_rank = int(row["count_rank"].iloc[0])
    return Headline(
        area,
        periods,
        latest,
        previous,
        months_in(months, periods.latest_start, periods.latest_end),
        months_in(months, periods.previous_start, periods.previous_end),
        people,
        population_year(population),
        rate_per_1000(latest, people),
        rate_rank,
        count_rank,
        ranked,
        not_placed,
    )


def borough_table(by_area_month: pd.DataFrame, population: pd.DataFrame, months: Sequence[dt.date]) -> pd.DataFrame:
    """Every borough in the VAWG data: latest and previous 12 months, change, test, rate and ranks.

    Columns: borough_code, borough_name, latest, previous, change, percent_change, p_value,
    percent_lower, percent_upper, is_beyond_normal, verdict, population, rate, rate_rank, count_rank.
    Ranks: 1 = highest; ties share the better rank.
    """
    periods = latest_periods(months[-1])
    boroughs = by_area_month.loc[by_area_month["is_borough"].astype(bool)].copy()
    boroughs["_month"] = boroughs["month"].map(as_month)
    codes = boroughs.groupby("borough_name")["borough_code"].first()
    latest = (
        boroughs.loc[boroughs["_month"].between(periods.latest_start, periods.latest_end)]
        .groupby("borough_name")["offences"]
        .sum()
    )
    previous = (
        boroughs.loc[boroughs["_month"].between(periods.previous_start, periods.previous_end)]
        .groupby("borough_name")["offences"]
        .sum()
    )
    names = sorted(codes.index)
    table = pd.DataFrame(
        {
            "borough_code": [codes[n] for n in names],
            "borough_name": names,
            "latest": [int(latest.get(n, 0)) for n in names],
            "previous": [int(previous.get(n, 0)) for n in names],
        }
    )
    comparable = (
        months_in(months, periods.latest_start, periods.latest_end) == PERIOD_MONTHS
        and months_in(months, periods.previous_start, periods.previous_end) == PERIOD_MONTHS
    )
    tests = [change_test(a, b) for a, b in zip(table["latest"], table["previous"])]
    table["change"] = pd.array(
        [a - b if comparable else pd.NA for a, b in zip(table["latest"], table["previous"])], dtype="Int64"
    )
    table["percent_change"] = pd.array(
        [percent_change(a, b) if comparable else None for a, b in zip(table["latest"], table["previous"])],
        dtype="Float64",
    )
    table["p_value"] = [t.p_value if comparable else np.nan for t in tests]
    table["percent_lower"] = pd.array([t.percent_lower if comparable else None for t in tests], dtype="Float64")
    table["percent_upper"] = pd.array([t.percent_upper if comparable else None for t in tests], dtype="Float64")
    table["is_beyond_normal"] = [bool(comparable and t.is_beyond_normal) for t in tests]
    table["verdict"] = [t.verdict if comparable else "" for t in tests]
    people = population.set_index("borough_name")["population"] if not population.empty else pd.Series(dtype=float)
    table["population"] = pd.array([people.get(n) for n in names], dtype="Int64")
    table["rate"] = pd.array([rate_per_1000(a, people.get(n)) for a, n in zip(table["latest"], names)], dtype="Float64")
    table["rate_rank"] = table["rate"].rank(ascending=False, method="min").astype("Int64")
    table["count_rank"] = table["latest"].rank(ascending=False, method="min").astype("Int64")
    return table


def monthly_rates(monthly: pd.DataFrame, population: int | None) -> pd.DataFrame:
    """Add rate (offences per 1,000 women and girls in the month) to a month, offences frame."""
    out = monthly.copy()
    out["rate"] = [rate_per_1000(v, population) if not pd.isna(v) else None for v in out["offences"]]
    out["rate"] = pd.array(out["rate"], dtype="Float64")
    if SUPPRESSED_COL in out.columns:
        out.loc[out[SUPPRESSED_COL].astype(bool), "rate"] = pd.NA
    return out


def protect_monthly(monthly: pd.DataFrame, value_col: str = "offences", series_col: str | None = None) -> pd.DataFrame:
    """Disclosure control for a monthly series (or month x series table) before it is drawn."""
    group_cols = ("month", series_col) if series_col else ("month",)
    protected = protect_table(monthly, value_col, group_cols, total_shown=True)
    return protected.sort_values(list(group_cols[::-1]) if series_col else ["month"], kind="stable").reset_index(
        drop=True
    )


# --------------------------------------------------------------------------------------------
# Wards
# --------------------------------------------------------------------------------------------


def is_placed_ward(name: object) -> bool:
    return str(name if name is not None else "").strip().lower() not in NOT_A_WARD


def ward_ranking(ward_month: pd.DataFrame, months: Sequence[dt.date]) -> pd.DataFrame:
    """Wards of one borough ranked by offences in the latest 12 months, with the change on the 12 before.

    Columns: ward_name, latest, previous, change, percent_change, p_value, is_beyond_normal, verdict,
    is_placed, rank. Order: wards by latest count (highest first, ties by name), then the rows that
    are not wards ('Not stated' and the like), which get no rank.
    """
    periods = latest_periods(months[-1])
    frame = ward_month.copy()
    frame["_month"] = frame["month"].map(as_month)
    latest = (
        frame.loc[frame["_month"].between(periods.latest_start, periods.latest_end)]
        .groupby("ward_name")["offences"]
        .sum()
    )
    previous = (
        frame.loc[frame["_month"].between(periods.previous_start, periods.previous_end)]
        .groupby("ward_name")["offences"]
        .sum()
    )
    names = sorted(set(latest.index) | set(previous.index))
    comparable = (
        months_in(months, periods.latest_start, periods.latest_end) == PERIOD_MONTHS
        and months_in(months, periods.previous_start, periods.previous_end) == PERIOD_MONTHS
    )
    rows = []
    for name in names:
        a, b = int(latest.get(name, 0)), int(previous.get(name, 0))
        test = change_test(a, b)
        rows.append(
            {
                "ward_name": name,
                "latest": a,
                "previous": b,
                "change": a - b if comparable else None,
                "percent_change": percent_change(a, b) if comparable else None,
                "p_value": test.p_value if comparable else np.nan,
                "is_beyond_normal": bool(comparable and test.is_beyond_normal),
                "verdict": test.verdict if comparable else "",
                "is_placed": is_placed_ward(name),
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "ward_name",
            "latest",
            "previous",
            "change",
            "percent_change",
            "p_value",
            "is_beyond_normal",
            "verdict",
            "is_placed",
        ],
    )
    table = table.sort_values(["is_placed", "latest", "ward_name"], ascending=[False, False, True], kind="stable")
    table = table.reset_index(drop=True)
    ranks = table.loc[table["is_placed"], "latest"].rank(ascending=False, method="min")
    table["rank"] = pd.array([None] * len(table), dtype="Int64")
    table.loc[table["is_placed"], "rank"] = ranks.astype(int).to_numpy()
    table["change"] = pd.array(table["change"], dtype="Int64")
    table["percent_change"] = pd.array(table["percent_change"], dtype="Float64")
    return table


def protect_ward_ranking(ranking: pd.DataFrame) -> pd.DataFrame:
    """The ranking with small counts hidden (ward x period table, borough totals published).

    Adds latest_suppressed and previous_suppressed; a hidden count's change, percent change and
    verdict are blanked too. Hidden wards move after the wards shown (their place in the order
    would narrow what the hidden count could be) and lose their rank.
    """
    long = pd.concat(
        [
            pd.DataFrame({"ward_name": ranking["ward_name"], "period": "latest", "offences": ranking["latest"]}),
            pd.DataFrame({"ward_name": ranking["ward_name"], "period": "previous", "offences": ranking["previous"]}),
        ],
        ignore_index=True,
    )
    protected = protect_table(long, "offences", ("ward_name", "period"), total_shown=True)
    hidden = protected.set_index(["ward_name", "period"])[SUPPRESSED_COL]
    out = ranking.copy()
    out["latest_suppressed"] = [bool(hidden.get((w, "latest"), False)) for w in out["ward_name"]]
    out["previous_suppressed"] = [bool(hidden.get((w, "previous"), False)) for w in out["ward_name"]]
    either = out["latest_suppressed"] | out["previous_suppressed"]
    out["latest"] = pd.array(out["latest"], dtype="Int64")
    out["previous"] = pd.array(out["previous"], dtype="Int64")
    out.loc[out["latest_suppressed"], "latest"] = pd.NA
    out.loc[out["previous_suppressed"], "previous"] = pd.NA
    out["change"] = pd.array(out["change"], dtype="Int64")
    out["percent_change"] = pd.array(out["percent_change"], dtype="Float64")
    out.loc[either, ["change", "percent_change"]] = pd.NA
    out["p_value"] = out["p_value"].astype(float)
    out.loc[either, "p_value"] = np.nan
    out.loc[either, "is_beyond_normal"] = False
    out.loc[either, "verdict"] = ""
    out["_order"] = np.select([out["is_placed"] & ~out["latest_suppressed"], out["is_placed"]], [0, 1], 2)
    out = out.sort_values(["_order"], kind="stable").drop(columns="_order").reset_index(drop=True)
    out["rank"] = pd.array(out["rank"], dtype="Int64")
    out.loc[out["latest_suppressed"], "rank"] = pd.NA
    return out


# --------------------------------------------------------------------------------------------
# Offence groups (London-wide classification sheet)
# --------------------------------------------------------------------------------------------


def group_label(name: str) -> str:
    """The Met's group name in sentence case: 'Stalking and Harassment' -> 'Stalking and harassment'."""
    text = str(name).strip()
    return text[:1].upper() + text[1:].lower()


@dataclass(frozen=True)
class OffenceGroup:
    slug: str
    name: str  # as the Met publishes it
    label: str  # for reading


def offence_groups(by_group_month: pd.DataFrame) -> list[OffenceGroup]:
    """The groups that hold offences the Met classes as VAWG, in the Met's order (then by size)."""
    vawg = by_group_month.loc[by_group_month["is_vawg"].astype(bool)]
    sizes = vawg.groupby("offence_group")["offences"].sum().sort_values(ascending=False)
    known = [g for g in GROUP_ORDER if g in sizes.index]
    names = known + [g for g in sizes.index if g not in known]
    return [OffenceGroup(slugify(n), n, group_label(n)) for n in names]


def _in_window(frame: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    months = frame["month"].map(as_month)
    return frame.loc[(months >= start) & (months <= end)]


@dataclass(frozen=True)
class GroupTotals:
    """The classification sheet over a period: VAWG groups, and what the Met classes as outside VAWG."""

    groups: pd.DataFrame  # offence_group, label, slug, offences (VAWG-classified only), in group order
    vawg_total: int
    outside_total: int

    @property
    def total(self) -> int:
        return self.vawg_total + self.outside_total

    @property
    def outside_share(self) -> float | None:
        return 100 * self.outside_total / self.total if self.total else None


def group_totals(by_group_month: pd.DataFrame, start: dt.date, end: dt.date) -> GroupTotals:
    part = _in_window(by_group_month, start, end)
    vawg = part.loc[part["is_vawg"].astype(bool)].groupby("offence_group")["offences"].sum()
    groups = offence_groups(by_group_month)
    frame = pd.DataFrame(
        {
            "offence_group": [g.name for g in groups],
            "label": [g.label for g in groups],
            "slug": [g.slug for g in groups],
            "offences": [int(vawg.get(g.name, 0)) for g in groups],
        }
    )
    outside = int(part.loc[~part["is_vawg"].astype(bool), "offences"].sum())
    return GroupTotals(frame, int(frame["offences"].sum()), outside)


def group_monthly(by_group_month: pd.DataFrame, slug: str, months: Sequence[dt.date]) -> pd.DataFrame:
    """London-wide offences per month for one group (VAWG-classified rows only): month, offences.

    slug ALL_GROUPS gives two series in a `series` column: every offence classed as VAWG, and every
    offence the Met classes as outside VAWG.
    """
    frame = by_group_month.assign(_month=by_group_month["month"].map(as_month))
    if slug == ALL_GROUPS:
        status = np.where(frame["is_vawg"].astype(bool), VAWG_SERIES, OUTSIDE_SERIES)
        totals = frame.groupby([frame["_month"], status])["offences"].sum()
        return pd.DataFrame(
            [
                {"month": m, "series": s, "offences": int(totals.get((m, s), 0))}
                for s in (VAWG_SERIES, OUTSIDE_SERIES)
                for m in months
            ]
        )
    names = {g.slug: g.name for g in offence_groups(by_group_month)}
    if slug not in names:
        raise ValueError(f"no offence group {slug!r}")
    rows = frame.loc[frame["is_vawg"].astype(bool) & (frame["offence_group"] == names[slug])]
    totals = rows.groupby("_month")["offences"].sum()
    return pd.DataFrame({"month": list(months), "offences": [int(totals.get(m, 0)) for m in months]})


# --------------------------------------------------------------------------------------------
# Victims (London-wide age and ethnic group sheets)
# --------------------------------------------------------------------------------------------


def _age_key(label: str) -> tuple[int, str]:
    found = re.search(r"\d+", str(label))
    return (int(found.group()) if found else 10_000, str(label))


def victims_breakdown(
    frame: pd.DataFrame, category_col: str, start: dt.date, end: dt.date, order: str = "size"
) -> pd.DataFrame:
    """Victims per category over [start, end]: category_col, victims, protected for disclosure.

    order 'age' sorts by the first number in the label (youngest first); 'size' by victims, largest
    first. Either way, 'Unknown' and 'Not stated' come last.
    """
    part = _in_window(frame, start, end)
    totals = part.groupby(category_col)["victims"].sum()
    names = list(totals.index)
    if order == "age":
        names.sort(key=_age_key)
    else:
        names.sort(key=lambda n: (-int(totals[n]), str(n)))
    names.sort(key=lambda n: str(n).strip().lower() in NOT_A_WARD)
    table = pd.DataFrame({category_col: names, "victims": [int(totals[n]) for n in names]})
    if table.empty:
        return table.assign(**{SUPPRESSED_COL: pd.Series(dtype=bool)})
    return protect_table(table, "victims", (), total_shown=True)


# --------------------------------------------------------------------------------------------
# Rates in words
# --------------------------------------------------------------------------------------------


def rate_decimals(values: Iterable[object]) -> int:
    """Decimals that show small rates without rounding them to the same figure: 1 from 10, 2 from 0.1, else 3."""
    shown = [abs(float(v)) for v in values if v is not None and not pd.isna(v)]
    top = max(shown, default=0.0)
    return 1 if top >= 10 else 2 if top >= 0.1 else 3


def describe_rate_trend(
    frame: pd.DataFrame,
    *,
    month_col: str,
    value_col: str,
    measure: str,
    series_col: str | None = None,
    series_order: Sequence[str] = (),
    area: str | None = None,
    decimals: int = 2,
) -> str:
    """'VAWG offences per 1,000 women and girls in Camden rose from 2.45 in January 2024 to 2.61 in February 2026.'

    Like summaries.describe_trend, but with enough decimals for small rates. Withheld months (no
    value) are skipped and counted.
    """
    if series_col:
        names = list(series_order) + [n for n in dict.fromkeys(frame[series_col].astype(str)) if n not in series_order]
        return " ".join(
            describe_rate_trend(
                frame.loc[frame[series_col].astype(str) == n],
                month_col=month_col,
                value_col=value_col,
                measure=measure,
                area=n,
                decimals=decimals,
            )
            for n in names
        )
    subject = f"{measure} in {area}" if area else measure
    subject = subject[:1].upper() + subject[1:]
    data = frame.assign(_month=frame[month_col].map(as_month)).sort_values("_month")
    values = pd.to_numeric(data[value_col], errors="coerce").astype(float)
    shown = data.loc[values.notna()]
    shown_values = values[values.notna()]
    if shown.empty:
        return f"{subject}: every figure in this period is withheld."

    def say(i: int) -> str:
        return f"{format_rate(shown_values.iloc[i], decimals)} in {format_month(shown['_month'].iloc[i])}"

    first, last = shown_values.iloc[0], shown_values.iloc[-1]
    if len(shown) == 1:
        sentences = [f"{subject} was {say(0)}."]
    elif abs(last - first) <= 0.05 * abs(first) or round(last, decimals) == round(first, decimals):
        sentences = [f"{subject} stayed about the same: {say(0)} and {say(-1)}."]
    else:
        sentences = [f"{subject} {'rose' if last > first else 'fell'} from {say(0)} to {say(-1)}."]
    if len(shown) >= 3:
        peak = int(np.argmax(shown_values.to_numpy()))
        if 0 < peak < len(shown) - 1:
            sentences.append(f"The highest was {say(peak)}.")
    withheld = int(values.isna().sum())
    if withheld:
        sentences.append(
            f"The figures for {withheld} month{'s' if withheld != 1 else ''} are withheld to protect confidentiality."
        )
    return " ".join(sentences)
