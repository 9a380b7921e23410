"""Properties of the disclosure layer on random count tables, checked by an independent solver.

The solver does not trust the module: for every hidden cell it asks a linear program for the
smallest and largest value that cell can take given the visible cells, every published line
total and "counts are >= 0". Row/column-sum constraints form a totally unimodular system, so the
LP optimum is a whole number and every whole number between min and max is attainable: a cell is
safe exactly when max > min.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from dashboard import disclosure as d

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUICK = settings(SETTINGS, max_examples=100)  # helpers and side rules: fewer cases keep the suite fast
SMALL = range(1, d.SMALL_CELL_THRESHOLD)

# Mostly zeros and small counts, so secondary suppression and the audit are exercised hard.
counts = st.one_of(st.sampled_from([0, 0, 1, 2]), st.integers(0, 4), st.integers(0, 30))


def published_lines(shape: tuple[int, int]) -> list[list[tuple[int, int]]]:
    """Lines whose totals are published: rows if >= 2 columns, columns if >= 2 rows."""
    n_r, n_c = shape
    lines = []
    if n_c >= 2:
        lines += [[(r, c) for c in range(n_c)] for r in range(n_r)]
    if n_r >= 2:
        lines += [[(r, c) for r in range(n_r)] for c in range(n_c)]
    return lines


def feasible_range(true: np.ndarray, hidden: np.ndarray, cell: tuple[int, int]) -> tuple[float, float]:
    """Min and max of `cell` over all tables >= 0 matching visible cells and published totals."""
    unknowns = [tuple(int(i) for i in rc) for rc in np.argwhere(hidden)]
    index = {rc: k for k, rc in enumerate(unknowns)}
    a_eq, b_eq = [], []
    for line in published_lines(true.shape):
        row = np.zeros(len(unknowns))
        rest = 0.0
        for rc in line:
            if rc in index:
                row[index[rc]] = 1.0
            else:
                rest += true[rc]
        if row.any():
            a_eq.append(row)
            b_eq.append(sum(true[rc] for rc in line) - rest)
    objective = np.zeros(len(unknowns))
    objective[index[cell]] = 1.0
    bounds = []
    kwargs = {"A_eq": np.array(a_eq), "b_eq": np.array(b_eq)} if a_eq else {}
    for sign in (1.0, -1.0):
        result = linprog(sign * objective, bounds=[(0, None)] * len(unknowns), method="highs", **kwargs)
        if result.status == 3:  # unbounded: nothing caps this cell
            bounds.append(np.inf)
        else:
            assert result.status == 0, result.message
            bounds.append(sign * result.fun)
    return bounds[0], bounds[1]


def determined(true: np.ndarray, hidden: np.ndarray, cell: tuple[int, int]) -> bool:
    if true.shape[0] == 1:  # one line: the hidden cells share (total - visible); fixed iff alone or it is 0
        return true.shape[1] >= 2 and (hidden.sum() == 1 or true[hidden].sum() == 0)
    low, high = feasible_range(true, hidden, cell)
    return high - low < 0.5


def as_grid(frame: pd.DataFrame, out: pd.DataFrame, value: str, group_cols: tuple[str, ...]):
    """True values, hidden mask and output row of each cell, laid out like the module's grid."""
    if len(group_cols) == 2:
        rows = list(pd.unique(frame[group_cols[0]]))
        cols = list(pd.unique(frame[group_cols[1]]))
        true = np.zeros((len(rows), len(cols)))
        for r, c, v in frame[[*group_cols, value]].itertuples(index=False):
            true[rows.index(r), cols.index(c)] = v
        hidden = np.zeros(true.shape, dtype=bool)
        where = {}
        for pos, (r, c, h) in enumerate(out[[*group_cols, "is_suppressed"]].itertuples(index=False)):
            hidden[rows.index(r), cols.index(c)] = h
            where[(rows.index(r), cols.index(c))] = pos
        return true, hidden, where
    true = frame[value].to_numpy(dtype=float)[None, :]
    hidden = out["is_suppressed"].to_numpy()[None, :]
    return true, hidden, {(0, k): k for k in range(true.shape[1])}


def check_protected(frame: pd.DataFrame, value: str, group_cols: tuple[str, ...]) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", d.DisclosureWarning)
        out = d.protect_table(frame, value, group_cols)
    true, hidden, where = as_grid(frame, out, value, group_cols)
    exposed = set(out.attrs["disclosure"]["exposed_rows"])

    # (1) no visible cell is a small count; the module's own guard agrees.
    visible = out.loc[~out["is_suppressed"], value]
    assert not visible.isin(SMALL).any()
    d.assert_protected(out, value)
    assert (true[~hidden] == 0).all() or not np.isin(true[~hidden], list(SMALL)).any()

    # (2) no hidden cell is recoverable: the solver finds >= 2 values for each, unless the
    # published totals alone pin it (then even hiding every cell could not help) and the module
    # says so. The simple form of the same promise: no published line has exactly one hidden cell.
    everything = np.ones(true.shape, dtype=bool)
    for rc in map(tuple, np.argwhere(hidden)):
        if determined(true, hidden, rc):
            assert determined(true, everything, rc), f"cell {rc} recoverable but could be protected"
            assert where[rc] in exposed
    for line in published_lines(true.shape):
        n_hidden = sum(hidden[rc] for rc in line)
        if n_hidden == 1:
            assert any(where.get(rc) in exposed for rc in line if hidden[rc])
    for pos in exposed:
        rc = next(k for k, v in where.items() if v == pos)
        assert determined(true, everything, rc)

    # (3) visible cells are the input, unchanged; rows are the input's, in order, then added rows.
    original = out.iloc[: len(frame)]
    pd.testing.assert_frame_equal(
        original[[*group_cols]].reset_index(drop=True), frame[[*group_cols]].reset_index(drop=True)
    )
    shown = ~original["is_suppressed"].to_numpy()
    assert (original[value].to_numpy()[shown] == frame[value].to_numpy()[shown]).all()
    assert original[value].isna().to_numpy().tolist() == (~shown).tolist()
    assert out.iloc[len(frame) :][value].isna().all()
    if len(group_cols) == 2:
        added_true = [true[rc] for rc, pos in where.items() if pos >= len(frame)]
        assert all(v == 0 for v in added_true)

    # (4) idempotent.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", d.DisclosureWarning)
        again = d.protect_table(out, value, group_cols)
    pd.testing.assert_frame_equal(again, out)
    return out


@SETTINGS
@given(st.lists(counts, min_size=1, max_size=9))
def test_one_d_tables(values):
    frame = pd.DataFrame({"group": [f"g{i}" for i in range(len(values))], "n": values})
    check_protected(frame, "n", ("group",))


@st.composite
def two_d_tables(draw):
    n_r = draw(st.integers(1, 5))
    n_c = draw(st.integers(1, 5))
    matrix = draw(st.lists(st.lists(counts, min_size=n_c, max_size=n_c), min_size=n_r, max_size=n_r))
    frame = pd.DataFrame(
        [(f"r{r}", f"c{c}", v) for r, line in enumerate(matrix) for c, v in enumerate(line)],
        columns=["row", "col", "n"],
    )
    if draw(st.booleans()):  # a long frame from GROUP BY: zero combinations simply absent
        frame = frame[frame["n"] > 0].reset_index(drop=True)
    if frame.empty:
        frame = pd.DataFrame({"row": ["r0"], "col": ["c0"], "n": [draw(counts)]})
    return frame.sample(frac=1, random_state=draw(st.integers(0, 2**16))).reset_index(drop=True)


@SETTINGS
@given(two_d_tables())
def test_two_d_tables(frame):
    check_protected(frame, "n", ("row", "col"))


@QUICK
@given(two_d_tables())
def test_without_published_totals_only_small_counts_are_hidden(frame):
    out = d.protect_table(frame, "n", ("row", "col"), total_shown=False)
    assert out["is_suppressed"].tolist() == frame["n"].isin(SMALL).tolist()


@SETTINGS
@given(st.integers(0, 25), st.lists(st.integers(2, 5), min_size=1, max_size=3), st.randoms(use_true_random=False))
def test_protect_cuts(population, sizes, rng):
    cuts = {}
    for k, size in enumerate(sizes):
        categories = [rng.randrange(size) for _ in range(population)]
        cuts[f"cut{k}"] = pd.DataFrame(
            {"category": [f"c{i}" for i in range(size)], "n": [categories.count(i) for i in range(size)]}
        )
    out = d.protect_cuts(cuts, "n", total=population)
    for name, protected in out.items():
        d.assert_protected(protected, "n")
        true = cuts[name]["n"].to_numpy(dtype=float)[None, :]
        hidden = protected["is_suppressed"].to_numpy()[None, :]
        for rc in map(tuple, np.argwhere(hidden)):
            assert not determined(true, hidden, rc)


@QUICK
@given(
    st.lists(st.tuples(st.integers(2005, 2024), st.sampled_from("ABC"), st.integers(0, 9)), min_size=1, max_size=40),
    st.integers(1, 4),
)
def test_pool_years_keeps_every_count_and_aligns_periods(rows, period):
    frame = pd.DataFrame(rows, columns=["year", "borough", "n"])
    out = d.pool_years(frame, "year", "n", period)
    assert out["n"].sum() == frame["n"].sum()
    latest, earliest = frame["year"].max(), frame["year"].min()
    assert (out["period_end"] - out["period_start"] + 1 <= period).all()
    full = out[~out["is_partial_period"]]
    assert ((full["period_end"] - full["period_start"] + 1) == period).all()
    assert ((latest - full["period_end"]) % period == 0).all()
    assert (out.loc[out["is_partial_period"], "period_start"] == earliest).all()
    assert not out.duplicated(["borough", "period"]).any()


def test_solver_catches_a_bridge():
    """The checker has teeth: a pattern with 0 or >= 2 hidden cells per line that still leaks."""
    true = np.array([[1, 2, 10, 11], [2, 1, 1, 12], [20, 21, 2, 1], [22, 23, 1, 2]], dtype=float)
    hidden = np.array([[1, 1, 0, 0], [1, 1, 1, 0], [0, 0, 1, 1], [0, 0, 1, 1]], dtype=bool)
    assert determined(true, hidden, (1, 2))
    assert not determined(true, hidden, (0, 0))


def brute_force_values(true: np.ndarray, hidden: np.ndarray) -> dict[tuple[int, int], set[int]]:
    """Every value each hidden cell takes over all whole-number tables matching what is published."""
    cells = [tuple(int(i) for i in rc) for rc in np.argwhere(hidden)]
    lines = published_lines(true.shape)

    def cap(rc: tuple[int, int]) -> int:  # no cell exceeds a published total it is in; a free cell shows as 0 or 1
        totals = [sum(true[x] for x in line) for line in lines if rc in line]
        return int(min(totals)) if totals else 1

    seen: dict[tuple[int, int], set[int]] = {rc: set() for rc in cells}
    for guess in itertools.product(*(range(cap(rc) + 1) for rc in cells)):
        table = true.copy()
        for rc, v in zip(cells, guess):
            table[rc] = v
        if all(sum(table[rc] for rc in line) == sum(true[rc] for rc in line) for line in lines):
            for rc, v in zip(cells, guess):
                seen[rc].add(v)
    return seen


@QUICK
@given(st.integers(1, 3), st.integers(1, 3), st.data())
def test_solver_agrees_with_brute_force(n_r, n_c, data):
    """The LP shortcut (and the 1-D closed form) give what enumerating every table gives."""
    true = np.array(
        data.draw(st.lists(st.lists(st.integers(0, 3), min_size=n_c, max_size=n_c), min_size=n_r, max_size=n_r)),
        dtype=float,
    )
    hidden = np.array(
        data.draw(st.lists(st.lists(st.booleans(), min_size=n_c, max_size=n_c), min_size=n_r, max_size=n_r))
    )
    if hidden.sum() > 4 or not hidden.any():
        return  # keep the enumeration small
    seen = brute_force_values(true, hidden)
    for rc, values in seen.items():
        assert determined(true, hidden, rc) == (len(values) == 1)
