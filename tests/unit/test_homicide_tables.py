"""The homicide page's tables: every output protected, consistent with the others, and ordered blind.

Hand-made frames in the shape the homicide_* queries return, with small counts placed where a
careless page would leak them.
"""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.disclosure import SMALL_CELL_THRESHOLD, assert_protected
from dashboard.figures import homicide as ht

SMALL = range(1, SMALL_CELL_THRESHOLD)


def coverage(first=2015, latest=2023, partial=2024, months=3) -> ht.Coverage:
    up_to = date(partial, months, 1) if partial else date(latest, 12, 1)
    return ht.Coverage(date(first, 1, 1), up_to, first, latest, partial, months if partial else None)


def by_year_frame(female: dict[int, int], male: dict[int, int], unknown: dict[int, int] | None = None) -> pd.DataFrame:
    rows = [(y, "Female", n) for y, n in female.items()] + [(y, "Male", n) for y, n in male.items()]
    rows += [(y, "Unknown", n) for y, n in (unknown or {}).items()]
    return pd.DataFrame(rows, columns=["year", "sex", "victims"])


FEMALE = {2015: 30, 2016: 25, 2017: 28, 2018: 33, 2019: 29, 2020: 27, 2021: 31, 2022: 28, 2023: 19, 2024: 2}
MALE = {2015: 90, 2016: 96, 2017: 114, 2018: 104, 2019: 123, 2020: 104, 2021: 103, 2022: 80, 2023: 90, 2024: 20}


def category_frame(per_year: dict[str, dict[str, dict[int, int]]]) -> pd.DataFrame:
    """{dimension: {category: {year: count}}} -> the dense query frame."""
    years = sorted({y for cats in per_year.values() for counts in cats.values() for y in counts})
    rows = []
    for dimension, cats in per_year.items():
        for category, counts in cats.items():
            for year in years:
                rows.append((dimension, category, category != "Unmapped", year, counts.get(year, 0)))
    return pd.DataFrame(rows, columns=["dimension", "category", "is_borough", "year", "victims"])


def split(total: int, shares: list[float]) -> list[int]:
    """Whole numbers in roughly these shares that add up to total (the rest goes to the first)."""
    parts = [int(total * s) for s in shares]
    parts[0] += total - sum(parts)
    return parts


def categories_for(female: dict[int, int]) -> pd.DataFrame:
    """Every breakdown of the female year counts, each adding up to the year's total, with small cells."""
    dims = {
        "age_group": ["0 to 12", "13 to 19", "20 to 24", "25 to 34", "35 to 44", "45 to 54", "55 to 64", "65 and over"],
        "ethnicity": ["White", "Black", "Asian", "Other", "Unrecorded / Unknown"],
        "method": [
            "Knife or Sharp Implement",
            "Shooting",
            "Blunt Implement",
            "Other Methods of Killing",
            "Not known/Not Recorded",
        ],
        "domestic_abuse": [ht.DOMESTIC_ABUSE_RELATED, ht.NOT_DOMESTIC_ABUSE_RELATED],
        "solved_status": ["Solved", "Unsolved"],
        "borough": ["Camden", "Hackney", "Sutton", "Unmapped"],
    }
    shares = {
        "age_group": [0.2, 0.03, 0.1, 0.25, 0.2, 0.12, 0.05, 0.05],
        "ethnicity": [0.5, 0.25, 0.2, 0.04, 0.01],
        "method": [0.6, 0.03, 0.15, 0.17, 0.05],
        "domestic_abuse": [0.55, 0.45],
        "solved_status": [0.95, 0.05],
        "borough": [0.6, 0.3, 0.07, 0.03],
    }
    data = {dim: {c: {} for c in cats} for dim, cats in dims.items()}
    for year, total in female.items():
        for dim, cats in dims.items():
            for category, n in zip(cats, split(total, shares[dim])):
                data[dim][category][year] = n
    return category_frame(data)


@pytest.fixture()
def cov():
    return coverage()


@pytest.fixture()
def table(cov):
    return ht.victims_by_year_and_sex(by_year_frame(FEMALE, MALE, {2016: 1}), cov)


# --- coverage -------------------------------------------------------------------------------


def test_coverage_from_the_query_row():
    frame = pd.DataFrame(
        [
            {
                "data_from": pd.Timestamp("2003-01-01"),
                "data_up_to": pd.Timestamp("2024-03-01"),
                "first_year": 2003,
                "latest_full_year": 2023,
                "partial_year": 2024,
                "partial_year_months": 3,
            }
        ]
    )
    got = ht.coverage_from(frame)
    assert (got.first_year, got.latest_full_year, got.partial_year) == (2003, 2023, 2024)
    assert got.partial_months_text == "January to March"
    assert got.year_label(2024) == "2024 (January to March only)"
    assert got.year_label(2023) == "2023"


def test_coverage_with_no_data_is_none_and_a_single_part_year_has_no_full_year():
    empty = pd.DataFrame(
        columns=["data_from", "data_up_to", "first_year", "latest_full_year", "partial_year", "partial_year_months"]
    )
    assert ht.coverage_from(empty) is None
    frame = pd.DataFrame(
        [
            {
                "data_from": pd.Timestamp("2024-01-01"),
                "data_up_to": pd.Timestamp("2024-05-01"),
                "first_year": 2024,
                "latest_full_year": 2023,
                "partial_year": 2024,
                "partial_year_months": 5,
            }
        ]
    )
    assert ht.coverage_from(frame).latest_full_year is None


def test_a_first_year_that_starts_after_january_is_a_part_year_too():
    frame = pd.DataFrame(
        [
            {
                "data_from": pd.Timestamp("2002-11-01"),
                "data_up_to": pd.Timestamp("2023-12-01"),
                "first_year": 2002,
                "latest_full_year": 2023,
                "partial_year": None,
                "partial_year_months": None,
            }
        ]
    )
    got = ht.coverage_from(frame)
    assert (got.leading_part_year, got.first_full_year, got.partial_year) == (2002, 2003, None)
    assert got.year_label(2002) == "2002 (November to December only)"
    female = {2002: 1, **{y: 20 + y % 7 for y in range(2003, 2024)}}
    male = {2002: 9, **{y: 90 for y in range(2003, 2024)}}
    table = ht.victims_by_year_and_sex(by_year_frame(female, male), got)
    part = table[table["year"] == 2002]
    assert part["is_partial_year"].all()
    assert part.loc[part["sex"] == "Female", "victims_display"].iloc[0] == "[c]"
    # The small part year hides nothing else: no full year, and no period starts before 2003.
    assert not table.loc[~table["is_partial_year"], "is_suppressed"].any()
    assert min(p.start for p in ht.offered_periods(table, got)) == 2003
    text = ht.describe_year_series(ht.female_victims_by_year(table), got)
    assert "2002 is a part year: the data start in November 2002, and show [c] from then to December." in text


# --- the year table -------------------------------------------------------------------------


def test_year_table_is_full_years_then_the_part_year_and_leaves_out_unknown_sex(table):
    assert set(table["sex"]) == {"Female", "Male"}
    assert table.loc[table["is_partial_year"], "year"].unique().tolist() == [2024]
    assert table.loc[~table["is_partial_year"], "year"].nunique() == 9
    assert_protected(table, "victims")


def test_a_small_part_year_is_hidden_without_hiding_any_full_year(table):
    part = table[table["is_partial_year"] & (table["sex"] == "Female")].iloc[0]
    assert part["victims_display"] == "[c]"
    assert not table.loc[~table["is_partial_year"], "is_suppressed"].any()


def test_full_year_series_gets_secondary_suppression_when_a_year_is_small(cov):
    female = {**FEMALE, 2019: 2}
    got = ht.victims_by_year_and_sex(by_year_frame(female, MALE), cov)
    full = got[~got["is_partial_year"]]
    hidden = full[full["is_suppressed"]]
    # 2019's women and girls are hidden; its row (the year's total) and the female column both
    # need a second hidden cell, so at least four cells are hidden and no line has exactly one.
    assert ((hidden["year"] == 2019) & (hidden["sex"] == "Female")).any()
    assert len(hidden) >= 4
    for _, line in itertools.chain(full.groupby("year"), full.groupby("sex")):
        assert line["is_suppressed"].sum() != 1


def test_female_series_is_newest_first_with_the_part_year_on_top(table):
    series = ht.female_victims_by_year(table)
    assert series["year"].tolist() == sorted(FEMALE, reverse=True)
    assert series["year_label"].iloc[0] == "2024 (January to March only)"


def test_comparison_number_view_has_full_years_only(table):
    got = ht.sex_comparison(table, "number")
    assert got["year"].max() == 2023
    assert set(got["series"]) == {"Women and girls", "Men and boys"}
    assert (got["year_start"].dt.month == 1).all()


def test_comparison_share_is_blank_whenever_either_count_is_hidden(cov):
    female = {**FEMALE, 2019: 2}
    table = ht.victims_by_year_and_sex(by_year_frame(female, MALE), cov)
    got = ht.sex_comparison(table, "share")
    hidden_years = set(table.loc[table["is_suppressed"] & ~table["is_partial_year"], "year"])
    for _, row in got.iterrows():
        if row["year"] in hidden_years:
            assert row["is_suppressed"] and pd.isna(row["value"])
        else:
            f, m = female[row["year"]], MALE[row["year"]]
            assert row["value"] == pytest.approx(100 * f / (f + m))


def test_comparison_refuses_an_unknown_view(table):
    with pytest.raises(ValueError):
        ht.sex_comparison(table, "ratio")


# --- headline -------------------------------------------------------------------------------


def test_headline_names_the_latest_full_year_and_its_count(table, cov):
    head = ht.headline(table, cov)
    assert (head.year, head.victims, head.display) == (2023, 19, "19")
    assert ht.headline_sentence(head) == "In 2023, 19 women and girls were victims of homicide in London."
    assert ht.headline_context(head) == "That is 9 fewer than in 2022, when there were 28."


def test_a_hidden_headline_says_so_without_a_number(cov):
    table = ht.victims_by_year_and_sex(by_year_frame({**FEMALE, 2023: 1}, MALE), cov)
    head = ht.headline(table, cov)
    assert head.victims is None and head.display == "[c]"
    sentence = ht.headline_sentence(head) + " " + ht.headline_context(head)
    assert "withheld" in sentence and " 1 " not in sentence
    assert "fewer" not in sentence and "more" not in sentence  # a difference would give the hidden value away


def test_one_victim_reads_as_singular_in_words():
    head = ht.Headline(2023, 5, "5", None, None, None, 2003, "60")
    assert "women and girls were" in ht.headline_sentence(head)


# --- periods --------------------------------------------------------------------------------


def test_periods_end_at_the_latest_full_year_with_a_labelled_leftover(table, cov):
    periods = ht.offered_periods(table, cov)
    assert [(p.start, p.end) for p in periods] == [(2021, 2023), (2018, 2020), (2015, 2017)]
    assert periods[0].label == "2021\u20132023" and periods[0].key == "2021-2023"
    assert periods[0].total == FEMALE[2021] + FEMALE[2022] + FEMALE[2023]
    short = ht.offered_periods(table, coverage(first=2016))
    assert short[-1].label == "2016\u20132017 (partial: 2 years)" and short[-1].is_partial


def test_a_period_with_a_hidden_year_is_not_offered(cov):
    # Its total would be one more equation over the year series: with it, the hidden years could
    # be told apart. Leaving the period out publishes nothing new.
    table = ht.victims_by_year_and_sex(by_year_frame({**FEMALE, 2019: 2}, MALE), cov)
    hidden = set(table.loc[table["is_suppressed"] & (table["sex"] == "Female") & ~table["is_partial_year"], "year"])
    offered = ht.offered_periods(table, cov)
    assert hidden
    for period in offered:
        assert not hidden & set(period.years)
    assert (2018, 2020) not in [(p.start, p.end) for p in offered]


def test_find_period(table, cov):
    periods = ht.offered_periods(table, cov)
    assert ht.find_period(periods, "2018-2020").start == 2018
    assert ht.find_period(periods, "1999-2001") is None


# --- breakdowns of one period ---------------------------------------------------------------


@pytest.fixture()
def categories():
    return categories_for({y: n for y, n in FEMALE.items() if y <= 2023})


def test_breakdowns_are_protected_cuts_of_the_period_total(table, cov, categories):
    period = ht.offered_periods(table, cov)[0]
    cuts = ht.female_breakdowns(categories, period)
    assert list(cuts) == list(ht.VICTIM_DIMENSIONS)
    for dimension, cut in cuts.items():
        assert_protected(cut, "victims")
        hidden = int(cut["is_suppressed"].sum())
        assert hidden != 1, dimension  # one hidden cell = the total minus the rest
        raw = categories[(categories["dimension"] == dimension) & categories["year"].between(period.start, period.end)]
        raw = raw.groupby("category")["victims"].sum()
        for _, row in cut.iterrows():
            if not row["is_suppressed"]:
                assert row["victims"] == raw[row["category"]]
                assert row["share_pct"] == pytest.approx(100 * raw[row["category"]] / period.total)
            else:
                assert pd.isna(row["share_pct"]) and row["share_display"] == "[c]"
        assert not any(int(v) in SMALL for v in cut["victims"].dropna())


def test_a_cut_that_does_not_add_up_to_the_total_is_refused(table, cov, categories):
    period = ht.offered_periods(table, cov)[0]
    broken = categories.copy()
    broken.loc[broken["dimension"] == "method", "victims"] += 1
    with pytest.raises(ValueError, match="adds up to"):
        ht.female_breakdowns(broken, period)


def test_categories_read_in_plain_english(table, cov, categories):
    cut = ht.female_breakdowns(categories, ht.offered_periods(table, cov)[0])
    assert "Knife or sharp implement" in cut["method"]["category_label"].tolist()
    assert cut["borough"]["category_label"].iloc[-1] == "Not placed in a borough"


def test_ages_run_youngest_first_and_not_known_comes_last(table, cov, categories):
    cuts = ht.female_breakdowns(categories, ht.offered_periods(table, cov)[0])
    assert cuts["age_group"]["category"].tolist()[:3] == ["0 to 12", "13 to 19", "20 to 24"]
    assert cuts["ethnicity"]["category"].iloc[-1] == "Unrecorded / Unknown"
    assert cuts["solved_status"]["category"].tolist() == ["Solved", "Unsolved"]


def test_order_never_depends_on_a_hidden_value():
    base = pd.DataFrame({"category": ["A", "B", "C", "D", "E"], "victims": [10, 2, 7, 1, 4]})
    from dashboard.disclosure import protect_table

    protected = protect_table(base, "victims", "category")
    hidden = protected["is_suppressed"].to_numpy()
    assert hidden.sum() >= 2
    orders = set()
    for fake in itertools.product(range(0, 30, 7), repeat=int(hidden.sum())):
        frame = protected.copy()
        values = frame["victims"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        values[hidden] = fake  # what the hidden cells might be: the order must not change
        frame["victims"] = pd.array(values).astype("Float64")
        frame.loc[hidden, "victims"] = pd.NA
        orders.add(tuple(ht.order_categories(frame, "method", "victims")["category"]))
    assert len(orders) == 1
    ordered = list(next(iter(orders)))
    shown = protected[~protected["is_suppressed"]].sort_values("victims", ascending=False)["category"].tolist()
    assert ordered[: len(shown)] == shown


# --- domestic abuse ------------------------------------------------------------------------


def test_domestic_abuse_is_one_protected_table_over_every_period(table, cov, categories):
    periods = ht.offered_periods(table, cov)
    got = ht.domestic_abuse_by_period(categories, periods)
    assert_protected(got, "victims")
    assert got["period_key"].unique().tolist() == [p.key for p in periods]
    for period in periods:
        rows = got[got["period_key"] == period.key]
        assert int(rows["period_total"].iloc[0]) == period.total
        if not rows["is_suppressed"].any():
            assert int(rows["victims"].sum()) == period.total
    series = ht.domestic_abuse_share_series(got)
    assert len(series) == len(periods)
    assert (series["share_pct"].isna() | ~series["is_suppressed"]).all()


def test_domestic_abuse_hides_a_small_flag_count_and_its_share(cov):
    female = {y: n for y, n in FEMALE.items() if y <= 2023}
    frame = categories_for(female)
    flag = frame["dimension"] == "domestic_abuse"
    # Put just one non-domestic case in 2021-2023.
    for year in (2021, 2022, 2023):
        related = flag & (frame["year"] == year) & (frame["category"] == ht.DOMESTIC_ABUSE_RELATED)
        other = flag & (frame["year"] == year) & (frame["category"] == ht.NOT_DOMESTIC_ABUSE_RELATED)
        frame.loc[related, "victims"] = female[year] - (1 if year == 2023 else 0)
        frame.loc[other, "victims"] = 1 if year == 2023 else 0
    table = ht.victims_by_year_and_sex(by_year_frame(FEMALE, MALE), cov)
    got = ht.domestic_abuse_by_period(frame, ht.offered_periods(table, cov))
    newest = got[got["period_key"] == "2021-2023"]
    assert newest["is_suppressed"].all()  # the 1 and, by the row total, the other flag too
    assert newest["share_pct"].isna().all() and (newest["share_display"] == "[c]").all()
    # and the columns (each flag over all periods) have a second hidden cell each
    assert got.groupby("category")["is_suppressed"].sum().ge(2).all()


# --- persons proceeded against and the release ----------------------------------------------


def accused_frame() -> pd.DataFrame:
    rows = []
    for year in range(2019, 2024):
        for dim, cats in {
            "sex": {"Male": 200, "Female": 15, "Unrecorded": 1 if year == 2022 else 0},
            "age_group": {"15 to 19": 70, "20 to 24": 80, "65 and over": 66 if year == 2022 else 65},
            "ethnicity": {"Black": 100, "White": 100, "Other": 16 if year == 2022 else 15},
        }.items():
            for category, n in cats.items():
                rows.append((dim, category, year, n))
    return pd.DataFrame(rows, columns=["dimension", "category", "year", "persons"])


def test_accused_period_needs_the_whole_period_covered():
    period = ht.Period("2021\u20132023", 2021, 2023, False, 78)
    frame = accused_frame()
    got = ht.accused_period(frame, period, 2019, 2023)
    assert got.total == 3 * 215 + 1 and got.label == period.label
    assert ht.accused_period(frame, period, 2022, 2023) is None
    assert ht.accused_period(frame, period, 2019, 2022) is None


def test_accused_breakdowns_are_protected_cuts(table, cov):
    frame = accused_frame()
    period = ht.accused_period(frame, ht.Period("2021\u20132023", 2021, 2023, False, 0), 2019, 2023)
    cuts = ht.accused_breakdowns(frame, period)
    sex = cuts["sex"].set_index("category")
    assert sex.loc["Unrecorded", "persons_display"] == "[c]"
    assert sex.loc["Female", "persons_display"] == "[c]"  # the smallest other, so 1 cannot be subtracted out
    assert sex.loc["Male", "persons_display"] == "600"
    assert cuts["sex"]["category"].iloc[-1] == "Unrecorded"
    for cut in cuts.values():
        assert_protected(cut, "persons")


def release_frame(years=(2021, 2022, 2023)) -> pd.DataFrame:
    rows = []
    for year in years:
        for dim, cats in {
            "relationship_to_offender": {
                "Partner or ex-partner": 10,
                "Family member": 6,
                "Stranger": 1,
                "Not known / no suspect": 3,
            },
            "victim_ethnicity": {"White": 12, "Black": 5, "Asian": 3},
            "suspect_ethnicity": {"White": 11, "Black": 5, "Other": 1, "Not known": 3},
        }.items():
            for category, n in cats.items():
                rows.append((dim, category, year, n))
    return pd.DataFrame(rows, columns=["dimension", "category", "year", "victims"])


def test_release_is_pooled_into_its_own_three_year_periods():
    periods = ht.release_periods(release_frame())
    assert [(p.label, p.total) for p in periods] == [("2021\u20132023", 60)]
    one_year = ht.release_periods(release_frame((2023,)))
    assert one_year[0].label == "2023 (partial: 1 year)"
    assert ht.release_periods(release_frame(()).iloc[0:0]) == []


def test_release_breakdowns_are_protected_cuts():
    period = ht.release_periods(release_frame((2023,)))[0]
    cuts = ht.release_breakdowns(release_frame((2023,)), period)
    assert list(cuts) == list(ht.RELEASE_DIMENSIONS)
    relation = cuts["relationship_to_offender"].set_index("category")
    assert relation.loc["Stranger", "victims_display"] == "[c]"
    assert relation["is_suppressed"].sum() >= 2
    assert cuts["relationship_to_offender"]["category"].iloc[-1] == "Not known / no suspect"
    for cut in cuts.values():
        assert_protected(cut, "victims")


# --- words ----------------------------------------------------------------------------------


def test_year_series_summary_uses_only_shown_figures(table, cov):
    text = ht.describe_year_series(ht.female_victims_by_year(table), cov)
    assert text.startswith(
        "From 2015 to 2023, the number of women and girls who were victims of homicide each "
        "year ranged from 19 in 2023 to 33 in 2018. In 2023, the latest full year, it was 19."
    )
    assert "2024 is a part year: the data cover January to March only, with [c] so far." in text


def test_comparison_and_domestic_abuse_summaries(table, cov, categories):
    number = ht.describe_comparison(ht.sex_comparison(table, "number"), "number")
    assert number == "Women and girls: 30 in 2015 and 19 in 2023. Men and boys: 90 in 2015 and 90 in 2023."
    share = ht.describe_comparison(ht.sex_comparison(table, "share"), "share")
    assert share.startswith("Women and girls were 25% of homicide victims in 2015 and 17% in 2023.")
    series = ht.domestic_abuse_share_series(ht.domestic_abuse_by_period(categories, ht.offered_periods(table, cov)))
    text = ht.describe_domestic_abuse(series)
    assert text.startswith("In 2021\u20132023, ") and "of 78)" in text
