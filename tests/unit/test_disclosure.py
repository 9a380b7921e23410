"""Hand-made tables with the exact protected output the disclosure layer must give."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from dashboard import disclosure as d


def one_d(labels, counts, label="age", value="victims"):
    return pd.DataFrame({label: labels, value: counts})


def grid(rows, cols, matrix, value="n"):
    return pd.DataFrame(
        [(r, c, v) for r, line in zip(rows, matrix) for c, v in zip(cols, line)], columns=["row", "col", value]
    )


def expected(frame, values, hidden, value="victims"):
    """The frame as protect_table should return it: values with NA where hidden, flags, display."""
    out = frame.reset_index(drop=True).copy()
    out[value] = pd.array([pd.NA if h else v for v, h in zip(values, hidden)], dtype="Int64")
    out["is_suppressed"] = np.array(hidden, dtype=bool)
    out[f"{value}_display"] = ["[c]" if h else f"{v:,}" for v, h in zip(values, hidden)]
    return out


def shown(out, value="n"):
    """A 2-D result as a row x col table of display strings, for readable expectations."""
    table = out.pivot(index="row", columns="col", values=f"{value}_display")
    return table.to_numpy().tolist()


# --- constants and the plain-English rule ---------------------------------------------------


def test_constants_are_the_gss_defaults():
    assert d.SMALL_CELL_THRESHOLD == 3
    assert d.SUPPRESSED_SYMBOL == "[c]"
    assert d.MIN_MAP_CELL_COUNT == 5
    assert d.POOL_PERIOD_YEARS == 3


def test_describe_rule_is_built_from_the_constants():
    text = d.describe_rule()
    assert "counts of 1 and 2 are never shown" in text
    assert "[c]" in text
    assert "Zeros are shown" in text
    assert "fewer than 5 offences" in text
    assert "3 years at a time" in text
    assert "\n" not in text  # one paragraph


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (1, "[c]"),
        (2, "[c]"),
        (3, "3"),
        (12345, "12,345"),
        (pd.NA, "[c]"),
        (None, "[c]"),
        (float("nan"), "[c]"),
    ],
)
def test_display_count(value, text):
    assert d.display_count(value) == text


# --- 1-D breakdowns ---------------------------------------------------------------------------


def test_one_d_hides_the_small_count_and_the_smallest_non_zero_other():
    frame = one_d(["0-17", "18-24", "25-34", "35-44", "45+"], [1, 7, 12, 5, 0])
    out = d.protect_table(frame, "victims", "age")
    pd.testing.assert_frame_equal(out, expected(frame, [1, 7, 12, 5, 0], [True, False, False, True, False]))
    assert out["victims_display"].tolist() == ["[c]", "7", "12", "[c]", "0"]


def test_one_d_two_small_counts_cover_each_other():
    frame = one_d(["a", "b", "c"], [1, 2, 9])
    out = d.protect_table(frame, "victims", "age")
    assert out["victims_display"].tolist() == ["[c]", "[c]", "9"]


def test_one_d_ties_take_the_first_smallest():
    frame = one_d(["a", "b", "c"], [1, 4, 4])
    assert d.protect_table(frame, "victims", "age")["victims_display"].tolist() == ["[c]", "[c]", "4"]


def test_zeros_are_shown_and_thousands_separated():
    frame = one_d(["a", "b", "c"], [0, 1234, 56789])
    out = d.protect_table(frame, "victims", "age")
    pd.testing.assert_frame_equal(out, expected(frame, [0, 1234, 56789], [False, False, False]))


def test_a_zero_is_hidden_when_no_non_zero_cell_can_cover():
    # Total 2 published, visible 0 and 0: a lone [c] would be 2. Hiding a zero leaves (2,0), (1,1), (0,2).
    frame = one_d(["a", "b", "c"], [2, 0, 0])
    assert d.protect_table(frame, "victims", "age")["victims_display"].tolist() == ["[c]", "[c]", "0"]


def test_rows_are_cells_when_no_group_cols():
    frame = one_d(["a", "b", "c"], [9, 1, 30])
    assert d.protect_table(frame, "victims")["victims_display"].tolist() == ["[c]", "[c]", "30"]


def test_total_not_shown_means_primary_only():
    frame = one_d(["a", "b"], [1, 7])
    assert d.protect_table(frame, "victims", "age", total_shown=False)["victims_display"].tolist() == ["[c]", "7"]


def test_by_protects_each_year_separately():
    frame = pd.DataFrame({"year": [2022] * 3 + [2023] * 3, "age": ["a", "b", "c"] * 2, "victims": [1, 8, 6, 9, 10, 11]})
    out = d.protect_table(frame, "victims", "age", by="year")
    assert out["victims_display"].tolist() == ["[c]", "8", "[c]", "9", "10", "11"]


def test_single_row_table_is_its_own_total():
    out = d.protect_table(one_d(["a"], [2]), "victims", "age")
    assert out["victims_display"].tolist() == ["[c]"]


def test_float_and_nullable_counts_are_accepted():
    frame = one_d(["a", "b", "c"], pd.array([1.0, 5.0, 9.0]))
    out = d.protect_table(frame, "victims", "age")
    assert str(out["victims"].dtype) == "Int64"
    assert out["victims_display"].tolist() == ["[c]", "[c]", "9"]


def test_index_is_reset_and_input_untouched():
    frame = one_d(["a", "b"], [1, 5]).set_axis([10, 20])
    before = frame.copy()
    out = d.protect_table(frame, "victims", "age")
    assert out.index.tolist() == [0, 1]
    pd.testing.assert_frame_equal(frame, before)


# --- 2-D cross-tabs ---------------------------------------------------------------------------


def test_two_d_secondary_suppression_across_rows_and_columns():
    frame = grid([2021, 2022, 2023], ["A", "B", "C"], [[1, 5, 9], [4, 6, 8], [7, 10, 12]])
    out = d.protect_table(frame, "n", ("row", "col"))
    # Row 2021 hides 5, column A hides 4, column B then hides 6: a 2x2 block no margin can solve.
    assert shown(out) == [["[c]", "[c]", "9"], ["[c]", "[c]", "8"], ["7", "10", "12"]]
    assert out["n"].isna().tolist() == out["is_suppressed"].tolist()


def test_two_d_routes_through_a_zero_when_a_line_has_no_other_non_zero_cell():
    # r0 = [1, 0, 0] and column A = [1, 0, 0]: the line rule finds nothing to hide, so the audit
    # hides the cheapest cycle: the zero at (r0, B), the 5 at (r1, B) and the zero at (r1, A).
    frame = grid(["r0", "r1", "r2"], ["A", "B", "C"], [[1, 0, 0], [0, 5, 6], [0, 7, 8]])
    out = d.protect_table(frame, "n", ("row", "col"))
    assert shown(out) == [["[c]", "[c]", "0"], ["[c]", "[c]", "6"], ["0", "7", "8"]]


def test_two_d_audit_closes_a_bridge_the_line_rule_cannot_see():
    # Two 2x2 blocks of small counts joined by the 1 at (r1, c2). Every line has 0 or >= 2 hidden
    # cells, yet (rows r0 + r1 totals - their visible cells) - (columns c0 + c1 totals - theirs)
    # = the bridge cell. The audit hides the cheapest extra cell that puts it on a cycle: the 10.
    matrix = [[1, 2, 10, 11], [2, 1, 1, 12], [20, 21, 2, 1], [22, 23, 1, 2]]
    frame = grid(["r0", "r1", "r2", "r3"], ["c0", "c1", "c2", "c3"], matrix)
    out = d.protect_table(frame, "n", ("row", "col"))
    assert shown(out) == [
        ["[c]", "[c]", "[c]", "11"],
        ["[c]", "[c]", "[c]", "12"],
        ["20", "21", "[c]", "[c]"],
        ["22", "23", "[c]", "[c]"],
    ]


def test_bridge_was_really_recoverable_without_the_audit():
    matrix = np.array([[1, 2, 10, 11], [2, 1, 1, 12], [20, 21, 2, 1], [22, 23, 1, 2]])
    hidden = np.array([[1, 1, 0, 0], [1, 1, 1, 0], [0, 0, 1, 1], [0, 0, 1, 1]], dtype=bool)
    visible = np.where(hidden, 0, matrix)
    rows = (matrix.sum(1) - visible.sum(1))[:2].sum()  # hidden mass in rows r0, r1
    cols = (matrix.sum(0) - visible.sum(0))[:2].sum()  # hidden mass in columns c0, c1
    assert rows - cols == matrix[1, 2] == 1


def test_missing_combinations_are_zeros_and_can_be_added_as_hidden_rows():
    full = grid(["r0", "r1", "r2"], ["A", "B", "C"], [[1, 0, 0], [0, 5, 6], [0, 7, 8]])
    sparse = full[full["n"] > 0].assign(name=lambda f: "Borough " + f["col"]).reset_index(drop=True)
    out = d.protect_table(sparse, "n", ("row", "col"))
    want = pd.DataFrame(
        {
            "row": ["r0", "r1", "r1", "r2", "r2", "r0", "r1"],
            "col": ["A", "B", "C", "B", "C", "B", "A"],
            "n": pd.array([pd.NA, pd.NA, 6, 7, 8, pd.NA, pd.NA], dtype="Int64"),
            "name": ["Borough A", "Borough B", "Borough C", "Borough B", "Borough C", "Borough B", "Borough A"],
            "is_suppressed": [True, True, False, False, False, True, True],
            "n_display": ["[c]", "[c]", "6", "7", "8", "[c]", "[c]"],
        }
    )
    pd.testing.assert_frame_equal(out, want, check_dtype=False)
    assert out["n"].dtype == "Int64" and out["is_suppressed"].dtype == bool


def test_a_dimension_with_one_level_behaves_as_one_d():
    frame = grid([2023], ["A", "B", "C"], [[1, 5, 9]])
    assert shown(d.protect_table(frame, "n", ("row", "col"))) == [["[c]", "[c]", "9"]]


def test_cell_pinned_by_small_totals_alone_warns_and_is_listed():
    # A single 1 in an otherwise empty table: its row and column totals ARE the count. Nothing
    # hidden can help; the page must not publish those totals.
    frame = grid(["r0", "r1"], ["A", "B"], [[1, 0], [0, 0]])
    with pytest.warns(d.DisclosureWarning):
        out = d.protect_table(frame, "n", ("row", "col"))
    assert shown(out) == [["[c]", "0"], ["0", "0"]]
    assert out.attrs["disclosure"]["exposed_rows"] == [0]


def test_no_warning_for_an_ordinary_table():
    frame = grid([2021, 2022], ["A", "B"], [[1, 5], [4, 6]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = d.protect_table(frame, "n", ("row", "col"))
    assert out.attrs["disclosure"]["exposed_rows"] == []
    assert shown(out) == [["[c]", "[c]"], ["[c]", "[c]"]]


def test_missing_dimension_values_are_a_level_of_their_own():
    frame = pd.DataFrame({"borough": ["A", None, "B"], "victims": [1, 4, 9]})
    out = d.protect_table(frame, "victims", "borough")
    assert out["victims_display"].tolist() == ["[c]", "[c]", "9"]


# --- idempotence and the last guard ------------------------------------------------------------


@pytest.mark.parametrize(
    "frame",
    [
        grid([2021, 2022, 2023], ["A", "B", "C"], [[1, 5, 9], [4, 6, 8], [7, 10, 12]]),
        grid(
            ["r0", "r1", "r2", "r3"],
            ["c0", "c1", "c2", "c3"],
            [[1, 2, 10, 11], [2, 1, 1, 12], [20, 21, 2, 1], [22, 23, 1, 2]],
        ),
    ],
)
def test_protecting_twice_changes_nothing(frame):
    once = d.protect_table(frame, "n", ("row", "col"))
    pd.testing.assert_frame_equal(d.protect_table(once, "n", ("row", "col")), once)


def test_assert_protected_passes_protected_frames():
    out = d.protect_table(one_d(["a", "b", "c"], [1, 1000, 5]), "victims", "age")
    assert d.assert_protected(out, "victims") is out


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"victims": [0, 1, 5]}),
        pd.DataFrame({"victims": [0.0, 2.0]}),
        pd.DataFrame({"victims": pd.array([pd.NA, 5], dtype="Int64"), "is_suppressed": [False, True]}),
        pd.DataFrame({"victims": pd.array([pd.NA, 5], dtype="Int64"), "victims_display": ["[c]", "2"]}),
        pd.DataFrame({"victims": pd.array([pd.NA, 5], dtype="Int64"), "victims_display": ["1", "5"]}),
        pd.DataFrame({"victims": [4, 5], "is_suppressed": [True, False], "victims_display": ["4", "5"]}),
    ],
)
def test_assert_protected_raises(frame):
    with pytest.raises(d.DisclosureError):
        d.assert_protected(frame, "victims")


# --- totals -----------------------------------------------------------------------------------


def test_protect_with_total_shows_the_true_total():
    frame = one_d(["0-17", "18-24", "25-34", "35-44", "45+"], [1, 7, 12, 5, 0])
    rows, total = d.protect_with_total(frame, "victims", "age")
    assert rows["victims_display"].tolist() == ["[c]", "7", "12", "[c]", "0"]
    want = pd.DataFrame(
        {
            "age": ["Total"],
            "victims": pd.array([25], dtype="Int64"),
            "is_suppressed": [False],
            "victims_display": ["25"],
        }
    )
    pd.testing.assert_frame_equal(total, want)
    assert rows["victims"].sum() == 19  # why the visible sum must never be used as the total


def test_a_small_total_is_hidden():
    rows, total = d.protect_with_total(one_d(["a", "b", "c"], [1, 1, 0]), "victims", "age", total_label="All ages")
    assert rows["victims_display"].tolist() == ["[c]", "[c]", "0"]
    assert total["age"].tolist() == ["All ages"]
    assert total["victims_display"].tolist() == ["[c]"]
    assert total["victims"].isna().all() and total["is_suppressed"].all()


def test_protect_with_total_per_by_group():
    frame = pd.DataFrame({"year": [2022] * 2 + [2023] * 2, "age": ["a", "b"] * 2, "victims": [1, 9, 30, 40]})
    _, total = d.protect_with_total(frame, "victims", "age", by="year")
    assert total[["year", "age"]].values.tolist() == [[2022, "Total"], [2023, "Total"]]
    assert total["victims_display"].tolist() == ["10", "70"]


def test_protect_with_total_needs_unprotected_counts():
    out = d.protect_table(one_d(["a", "b"], [1, 5]), "victims", "age")
    with pytest.raises(ValueError, match="unprotected"):
        d.protect_with_total(out, "victims", "age")


# --- several cuts of one population -------------------------------------------------------------


def test_protect_cuts_protects_each_cut_against_the_shared_total():
    cuts = {
        "age": one_d(["0-17", "18-34", "35+"], [2, 10, 8]),
        "method": one_d(["knife", "other"], [14, 6], label="method"),
    }
    out = d.protect_cuts(cuts, "victims", total=20)
    assert out["age"]["victims_display"].tolist() == ["[c]", "10", "[c]"]  # 8 is the smallest other
    assert out["method"]["victims_display"].tolist() == ["14", "6"]


def test_protect_cuts_refuses_a_cut_that_does_not_add_up():
    with pytest.raises(ValueError, match="subtraction"):
        d.protect_cuts({"age": one_d(["a", "b"], [10, 8])}, "victims", total=20)
    with pytest.raises(ValueError, match="more than the total"):
        d.protect_cuts({"age": one_d(["a", "b"], [10, 18])}, "victims", total=20)


def test_protect_cuts_can_add_the_remainder_as_a_category():
    out = d.protect_cuts({"age": one_d(["a", "b"], [10, 8])}, "victims", total=20, remainder_label="Not recorded")
    assert out["age"][["age", "victims_display"]].values.tolist() == [
        ["a", "10"],
        ["b", "[c]"],
        ["Not recorded", "[c]"],
    ]


# --- pooling --------------------------------------------------------------------------------------


def test_pool_years_aligns_to_the_latest_year_and_labels_the_leftover():
    frame = pd.DataFrame(
        {"year": list(range(2016, 2024)) * 2, "ethnicity": ["A"] * 8 + ["B"] * 8, "victims": list(range(16))}
    )
    out = d.pool_years(frame, "year", "victims")
    want = pd.DataFrame(
        {
            "ethnicity": ["A", "A", "A", "B", "B", "B"],
            "period": ["2016\u20132017 (partial: 2 years)", "2018\u20132020", "2021\u20132023"] * 2,
            "period_start": [2016, 2018, 2021] * 2,
            "period_end": [2017, 2020, 2023] * 2,
            "is_partial_period": [True, False, False] * 2,
            "victims": [0 + 1, 2 + 3 + 4, 5 + 6 + 7, 8 + 9, 10 + 11 + 12, 13 + 14 + 15],
        }
    )
    pd.testing.assert_frame_equal(out, want, check_dtype=False)


def test_pool_years_drops_years_after_the_latest_full_year():
    frame = pd.DataFrame({"year": [2021, 2022, 2023, 2024, 2020], "victims": [1, 1, 1, 50, 4]})
    out = d.pool_years(frame, "year", "victims", latest_full_year=2023)
    assert out["period"].tolist() == ["2020 (partial: 1 year)", "2021\u20132023"]
    assert out["victims"].tolist() == [4, 3]


def test_pool_years_then_protect():
    frame = pd.DataFrame(
        {"year": [2021, 2022, 2023] * 2, "group": ["x"] * 3 + ["y"] * 3, "victims": [1, 0, 1, 4, 0, 3]}
    )
    pooled = d.pool_years(frame, "year", "victims")
    out = d.protect_table(pooled, "victims", "group", by="period")
    assert out["victims_display"].tolist() == ["[c]", "[c]"]  # 2 and 7: the 7 covers the 2


def test_pool_years_refuses_protected_counts():
    with pytest.raises(ValueError, match="before protecting"):
        d.pool_years(pd.DataFrame({"year": [2021], "victims": pd.array([pd.NA], dtype="Int64")}), "year", "victims")


# --- maps and derived columns -----------------------------------------------------------------


def test_drop_small_map_cells():
    frame = pd.DataFrame({"h3": ["a", "b", "c", "d", "e"], "offences": [4, 5, 0, 12, None]})
    out = d.drop_small_map_cells(frame, "offences")
    assert out["h3"].tolist() == ["b", "d"]
    assert out.index.tolist() == [0, 1]


def test_hide_derived_blanks_rates_of_hidden_counts():
    out = d.protect_table(pd.DataFrame({"b": ["x", "y", "z"], "n": [1, 4, 9], "rate": [0.5, 2.0, 4.5]}), "n", "b")
    out["rate_text"] = out["rate"].map("{:.1f}".format)
    safe = d.hide_derived(out, ["rate", "rate_text"])
    assert safe["rate"].isna().tolist() == [True, True, False]
    assert safe["rate_text"].tolist() == ["[c]", "[c]", "4.5"]


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("counts", [[1, -1], [1.5, 3], ["a", "b"]])
def test_refuses_non_counts(counts):
    with pytest.raises(ValueError, match="counts"):
        d.protect_table(one_d(["a", "b"], counts), "victims", "age")


def test_refuses_duplicate_cells_and_three_dimensions():
    with pytest.raises(ValueError, match="duplicate"):
        d.protect_table(one_d(["a", "a"], [1, 2]), "victims", "age")
    with pytest.raises(ValueError, match="duplicate"):
        d.protect_table(pd.DataFrame({"row": [1, 1], "col": [1, 1], "n": [1, 2]}), "n", ("row", "col"))
    with pytest.raises(ValueError, match="1-D and 2-D"):
        d.protect_table(pd.DataFrame({"a": [1], "b": [1], "c": [1], "n": [1]}), "n", ("a", "b", "c"))


def test_a_cell_hidden_before_stays_hidden_and_is_covered():
    frame = one_d(["a", "b", "c"], [50, 7, 9]).assign(is_suppressed=[True, False, False])
    out = d.protect_table(frame, "victims", "age")
    assert out["victims_display"].tolist() == ["[c]", "[c]", "9"]


def test_signature_accepts_total_shown_positionally():
    out = d.protect_table(one_d(["a", "b"], [1, 7]), "victims", ("age",), False)
    assert out["victims_display"].tolist() == ["[c]", "7"]
